/**
 * Changing a record's status: choose the new status, give the date and the reason, then confirm in a
 * second step that names the record and both statuses. A refusal (another body's record, a
 * disallowed change) is shown in the dialog, with everything typed still in place.
 */
import { Form, Input, Modal, Radio, Space } from "antd";
import { useState } from "react";
import { DateInput } from "../forms/controls.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { type CodeList, useCodes } from "./codes.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";

export interface StatusChange {
	status: string;
	date?: string | null;
	reason?: string;
	replacedBy?: string;
}

export interface StatusDialogProps {
	/** What is changing, for the headings ("证书 0001…"). */
	subject: string;
	list: CodeList;
	current: string;
	targets: readonly string[];
	/** Statuses that need a reason. */
	reasonRequired: (status: string) => boolean;
	/** Extra field for replacements: the number of the report that replaces this one. */
	replacedByFor?: string;
	send(change: StatusChange): Promise<void>;
	onClose(): void;
	onDone(): void;
}

export function StatusDialog(props: StatusDialogProps) {
	const i = useI18n();
	const codes = useCodes();
	const [form] = Form.useForm<StatusChange>();
	const [step, setStep] = useState<"edit" | "confirm">("edit");
	const [change, setChange] = useState<StatusChange>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const status = Form.useWatch("status", form);

	const confirm = async () => {
		if (!change) return;
		setBusy(true);
		setError(undefined);
		try {
			await props.send(change);
			props.onDone();
		} catch (e) {
			setError(e);
			setStep("edit");
		} finally {
			setBusy(false);
		}
	};

	const editing = step === "edit";
	return (
		<Modal
			open
			title={editing ? i.t("status.dialogTitle", { subject: props.subject }) : i.t("status.confirmTitle")}
			okText={editing ? i.t("status.next") : i.t("status.confirm")}
			okButtonProps={{ danger: !editing, loading: busy }}
			cancelText={editing ? i.t("common.cancel") : i.t("status.back")}
			onOk={() => (editing ? form.submit() : void confirm())}
			onCancel={() => (editing ? props.onClose() : setStep("edit"))}
			destroyOnHidden
			mask={{ closable: false }}
		>
			<div hidden={!editing}>
				<p>
					{i.t("status.current")}: <strong>{codes.label(props.list, props.current)}</strong>
				</p>
				<Form<StatusChange>
					form={form}
					layout="vertical"
					name="status-change"
					preserve
					onFinish={(v) => {
						setChange({ ...v, reason: v.reason?.trim() });
						setError(undefined);
						setStep("confirm");
					}}
				>
					<Form.Item
						name="status"
						label={i.t("status.new")}
						rules={[{ required: true, message: i.t("form.required", { field: i.t("status.new") }) }]}
					>
						<Radio.Group>
							<Space orientation="vertical">
								{props.targets.map((s) => (
									<Radio key={s} value={s}>
										{codes.label(props.list, s)}
									</Radio>
								))}
							</Space>
						</Radio.Group>
					</Form.Item>
					{props.replacedByFor && status === props.replacedByFor && (
						<Form.Item
							name="replacedBy"
							label={i.t("status.replacedBy")}
							rules={[{ required: true, message: i.t("form.required", { field: i.t("status.replacedBy") }) }]}
						>
							<Input className="mono" maxLength={64} />
						</Form.Item>
					)}
					<Form.Item name="date" label={i.t("status.date")} extra={i.t("status.dateHint")}>
						<DateInput />
					</Form.Item>
					<Form.Item
						name="reason"
						label={i.t("status.reason")}
						rules={[
							{
								required: !!status && props.reasonRequired(status),
								whitespace: true,
								message: i.t("status.reasonRequired"),
							},
						]}
					>
						<Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3 }} />
					</Form.Item>
				</Form>
			</div>
			{!editing && change && (
				<div className="confirm-summary">
					<p>
						{i.t("status.confirmText", {
							subject: props.subject,
							from: codes.label(props.list, props.current),
							to: codes.label(props.list, change.status),
						})}
					</p>
					{change.reason && (
						<p>
							{i.t("status.reason")}: {change.reason}
						</p>
					)}
					<p className="muted">{i.t("status.confirmNote")}</p>
				</div>
			)}
			{error !== undefined && <ErrorAlert error={error} />}
		</Modal>
	);
}
