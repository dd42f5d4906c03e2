/** A regulator adds or edits one row of a lab's capability list (POST /capabilities). */
import { App, Drawer } from "antd";
import { apiPost } from "../../api/client.ts";
import type { Capability, WriteResult } from "../../api/types.ts";
import { RecordForm } from "../../forms/RecordForm.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { useLabChoices } from "./useLabChoices.ts";

export function CapabilityDrawer({
	lab,
	row,
	onClose,
	onSaved,
}: {
	lab: string;
	row: Capability | null;
	onClose(): void;
	onSaved(): void;
}) {
	const i = useI18n();
	const { message } = App.useApp();
	const { options } = useLabChoices(lab);
	return (
		<Drawer
			open
			size={640}
			title={row ? i.t("capabilities.edit") : i.t("capabilities.add")}
			onClose={onClose}
			destroyOnHidden
		>
			<RecordForm
				kind="capabilities"
				mode={row ? "edit" : "create"}
				initial={row ? { ...row, labUscc: lab } : { labUscc: lab, status: "active" }}
				fixed={["labUscc"]}
				options={options}
				submitLabel={i.t("common.save")}
				onCancel={onClose}
				onSubmit={async (body) => {
					const r = await apiPost<WriteResult>("/capabilities", body);
					void message.success(i.t(`write.${r.outcome}`));
					onSaved();
				}}
			/>
		</Drawer>
	);
}
