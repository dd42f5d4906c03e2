/**
 * Approving or rejecting a lab's capability proposal, with an optional note. The dialog says what the
 * decision will do before it is made, and what it did afterwards (rows applied, rows refused).
 */
import { Alert, Form, Input, Modal } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { Proposal } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { AppliedErrors } from "./ProposalRows.tsx";

export function DecisionDialog({
	proposal: p,
	approve,
	onClose,
	onDone,
}: {
	proposal: Proposal;
	approve: boolean;
	onClose(): void;
	onDone(): void;
}) {
	const i = useI18n();
	const [note, setNote] = useState("");
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [result, setResult] = useState<Proposal>();

	const decide = async () => {
		setBusy(true);
		setError(undefined);
		try {
			const r = await apiPost<Proposal>(`/capability-proposals/${p.id}/decision`, {
				decision: approve ? "approve" : "reject",
				...(note.trim() ? { note: note.trim() } : {}),
			});
			setResult(r);
			onDone();
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};

	const applied = result?.applied;
	return (
		<Modal
			open
			title={i.t(approve ? "proposals.approveTitle" : "proposals.rejectTitle", { id: p.id, lab: p.lab.name })}
			okText={result ? i.t("common.close") : i.t(approve ? "proposals.approve" : "proposals.reject")}
			okButtonProps={{ danger: !approve && !result, loading: busy }}
			cancelButtonProps={{ style: result ? { display: "none" } : {} }}
			cancelText={i.t("common.cancel")}
			onOk={() => (result ? onClose() : void decide())}
			onCancel={onClose}
			destroyOnHidden
		>
			{!result && (
				<>
					<p>{i.t(approve ? "proposals.approveText" : "proposals.rejectText", { n: p.rows.length })}</p>
					<Form layout="vertical" name="decision">
						<Form.Item label={i.t("proposals.decisionNote")} htmlFor="decision-note">
							<Input.TextArea
								id="decision-note"
								value={note}
								maxLength={500}
								showCount
								autoSize={{ minRows: 2 }}
								onChange={(e) => setNote(e.target.value)}
							/>
						</Form.Item>
					</Form>
				</>
			)}
			{result && (
				<Alert
					type={applied && applied.rejected > 0 ? "warning" : "success"}
					showIcon
					title={i.t(approve ? "proposals.approved" : "proposals.rejected")}
					description={
						applied
							? i.t("proposals.appliedSummary", {
									created: applied.created,
									updated: applied.updated,
									unchanged: applied.unchanged,
									rejected: applied.rejected,
								})
							: undefined
					}
				/>
			)}
			{applied && applied.errors.length > 0 && <AppliedErrors errors={applied.errors} />}
			{error !== undefined && <ErrorAlert error={error} />}
		</Modal>
	);
}
