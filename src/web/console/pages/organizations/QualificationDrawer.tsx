/** Adding or editing a qualification of a body (POST /qualifications): a CB's approval, a lab's CMA. */
import { App, Drawer } from "antd";
import { apiPost } from "../../api/client.ts";
import type { OrganizationDetail, Qualification, WriteResult } from "../../api/types.ts";
import { RecordForm } from "../../forms/RecordForm.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function QualificationDrawer({
	org,
	qualification: q,
	onClose,
	onSaved,
}: {
	org: OrganizationDetail;
	qualification: Qualification | null;
	onClose(): void;
	onSaved(): void;
}) {
	const i = useI18n();
	const { message } = App.useApp();
	const initial = q
		? { ...q, orgUscc: org.uscc }
		: { orgUscc: org.uscc, type: org.kind === "cb" ? "cb_approval" : "cma", status: "valid" };
	return (
		<Drawer
			open
			size={640}
			title={q ? i.t("qualifications.edit", { number: q.number }) : i.t("qualifications.add")}
			onClose={onClose}
			destroyOnHidden
		>
			<RecordForm
				kind="qualifications"
				mode={q ? "edit" : "create"}
				initial={initial}
				fixed={["orgUscc"]}
				submitLabel={i.t("common.save")}
				onCancel={onClose}
				onSubmit={async (body) => {
					const r = await apiPost<WriteResult>("/qualifications", body);
					void message.success(i.t(`write.${r.outcome}`));
					onSaved();
				}}
			/>
		</Drawer>
	);
}
