/**
 * Registering or editing a person (POST /people). The register matches people by identity number and
 * never shows it back, so an edit asks for it again; the phone given replaces the one on record.
 */
import { Alert, App, Drawer } from "antd";
import { apiPost } from "../../api/client.ts";
import type { Person, WriteResult } from "../../api/types.ts";
import { RecordForm } from "../../forms/RecordForm.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function PersonDrawer({
	employer,
	fixedEmployer,
	person: p,
	onClose,
	onSaved,
}: {
	employer: string;
	fixedEmployer: boolean;
	person: Person | null;
	onClose(): void;
	onSaved(): void;
}) {
	const i = useI18n();
	const { message } = App.useApp();
	const initial = p
		? {
				name: p.name,
				employerUscc: p.employer?.uscc ?? employer,
				roles: p.roles,
				qualifications: p.qualifications.map((q) => `${q.type}:${q.number}`),
				districts: p.districts,
				status: p.status,
			}
		: { employerUscc: employer, status: "active" };
	return (
		<Drawer
			open
			size={640}
			title={p ? i.t("people.edit", { name: p.name }) : i.t("people.new")}
			onClose={onClose}
			destroyOnHidden
		>
			{p && <Alert type="info" showIcon className="form-note" title={i.t("people.editNote")} />}
			<RecordForm
				kind="people"
				mode={p ? "edit" : "create"}
				initial={initial}
				fixed={fixedEmployer ? ["employerUscc"] : []}
				submitLabel={i.t("common.save")}
				onCancel={onClose}
				onSubmit={async (body) => {
					const r = await apiPost<WriteResult>("/people", body);
					void message.success(i.t(`write.${r.outcome}`));
					onSaved();
				}}
			/>
		</Drawer>
	);
}
