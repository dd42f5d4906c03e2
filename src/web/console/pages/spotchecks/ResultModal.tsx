/**
 * Recording an inspection's result: the result, the inspection day, the findings (required unless the
 * object passed) and, for an order to rectify, its deadline. Used by the batch page (regulators) and by
 * the inspector's own task list; the server decides who may record which task.
 */
import { Alert, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { DateInput } from "../../forms/controls.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export const RESULTS = ["pass", "fail", "rectify", "unable"] as const;

/** The task being recorded, as far as the form needs it. */
export interface RecordedTask {
	batch: string;
	seq: number;
	name: string;
	result: string | null;
	findings: string | null;
	inspectedOn: string | null;
	rectifyBy: string | null;
}

interface ResultValues {
	result: string;
	findings: string;
	inspectedOn: string;
	rectifyBy?: string;
}

export function ResultModal({
	task,
	onClose,
	onSaved,
}: {
	task: RecordedTask | undefined;
	onClose: () => void;
	onSaved: () => void;
}) {
	const i = useI18n();
	const [form] = Form.useForm<ResultValues>();
	const chosen = Form.useWatch("result", form);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const close = () => {
		setError(undefined);
		onClose();
	};
	return (
		<Modal
			open={task !== undefined}
			title={task ? i.t("spot.recordTitle", { seq: String(task.seq), name: task.name }) : ""}
			okText={i.t("common.save")}
			cancelText={i.t("common.cancel")}
			okButtonProps={{ loading: busy }}
			onOk={() => form.submit()}
			onCancel={close}
			destroyOnHidden
		>
			{error !== undefined && <ErrorAlert error={error} />}
			<Alert type="info" showIcon message={i.t("spot.recordHint")} className="section" />
			{task && (
				<Form<ResultValues>
					form={form}
					layout="vertical"
					preserve={false}
					initialValues={{
						result: task.result ?? "pass",
						findings: task.findings ?? "",
						inspectedOn: task.inspectedOn ?? "",
						rectifyBy: task.rectifyBy ?? undefined,
					}}
					onFinish={async (v) => {
						setBusy(true);
						setError(undefined);
						try {
							await apiPost(`/spot-batches/${encodeURIComponent(task.batch)}/tasks/${task.seq}/result`, v);
							onSaved();
						} catch (e) {
							setError(e);
						} finally {
							setBusy(false);
						}
					}}
				>
					<Form.Item name="result" label={i.t("spot.result")}>
						<Select options={RESULTS.map((r) => ({ value: r, label: i.t(`spot.result.${r}`) }))} />
					</Form.Item>
					<Form.Item
						name="inspectedOn"
						label={i.t("spot.inspectedOn")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<DateInput />
					</Form.Item>
					<Form.Item name="findings" label={i.t("spot.findings")}>
						<Input.TextArea rows={4} maxLength={4000} showCount />
					</Form.Item>
					{chosen === "rectify" && (
						<Form.Item
							name="rectifyBy"
							label={i.t("spot.rectifyBy")}
							rules={[{ required: true, message: i.t("common.required") }]}
						>
							<DateInput />
						</Form.Item>
					)}
				</Form>
			)}
		</Modal>
	);
}
