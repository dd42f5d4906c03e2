/**
 * One step on a complaint, in a dialog: accept (受理) — optionally routing it to a district and naming
 * the organisation —, reject (不予受理) with the reason the complainant reads, assign to an officer's
 * account, record that the investigation has begun, or close (办结) with the outcome and the public text.
 * Notes the complainant reads are public: the server refuses personal data in them and names the field.
 */
import { Alert, Form, Input, Modal, Radio, Select, Space } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { ComplaintDetail } from "../../api/types.ts";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { OrgPicker } from "../../components/OrgPicker.tsx";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { OUTCOMES } from "./complaintParts.tsx";

export type Step = "accept" | "reject" | "assign" | "investigate" | "close";

const FIELDS = ["district", "subjectUscc", "note", "reason", "username", "outcome", "publicText"] as const;

interface Values {
	district?: string | null;
	subjectUscc?: string | null;
	note?: string;
	reason?: string;
	username?: string;
	outcome?: string;
	publicText?: string;
}

const TITLE: Record<Step, MessageKey> = {
	accept: "complaints.step.accept",
	reject: "complaints.step.reject",
	assign: "complaints.step.assign",
	investigate: "complaints.step.investigate",
	close: "complaints.step.close",
};

/** The body a step sends: what was filled in, trimmed; nothing for what was left empty. */
function bodyOf(step: Step, v: Values, c: ComplaintDetail): Record<string, string> {
	const out: Record<string, string> = {};
	const put = (k: keyof Values, value: string | null | undefined) => {
		const s = (value ?? "").trim();
		if (s) out[k] = s;
	};
	if (step === "accept") {
		if (v.district && v.district !== c.district) put("district", v.district);
		if (v.subjectUscc && v.subjectUscc !== c.subject?.uscc) put("subjectUscc", v.subjectUscc);
	}
	if (step === "reject") put("reason", v.reason);
	if (step === "assign") put("username", v.username);
	if (step === "close") {
		put("outcome", v.outcome);
		put("publicText", v.publicText);
	}
	if (step === "accept" || step === "assign" || step === "investigate") put("note", v.note);
	return out;
}

export function StepDialog(props: {
	step: Step;
	complaint: ComplaintDetail;
	onClose(): void;
	onDone(): void;
}) {
	const i = useI18n();
	const codes = useCodes();
	const { step, complaint: c } = props;
	const [form] = Form.useForm<Values>();
	const errors = useFieldErrors(FIELDS);
	const [busy, setBusy] = useState(false);
	const outcome = Form.useWatch("outcome", form);

	const send = async (v: Values) => {
		setBusy(true);
		errors.fail(undefined);
		try {
			await apiPost(`/complaints/${encodeURIComponent(c.tracking)}/${step}`, bodyOf(step, v, c));
			props.onDone();
		} catch (e) {
			errors.fail(e);
		} finally {
			setBusy(false);
		}
	};

	const required = (label: string) => [
		{ required: true, whitespace: true, message: i.t("form.required", { field: label }) },
	];
	const publicNote = (name: "note" | "reason" | "publicText", label: MessageKey, mandatory: boolean) => (
		<Form.Item
			name={name}
			label={i.t(label)}
			extra={i.t("complaints.publicHint")}
			rules={mandatory ? required(i.t(label)) : []}
			{...errors.item(name)}
		>
			<Input.TextArea rows={4} maxLength={2000} />
		</Form.Item>
	);

	return (
		<Modal
			open
			title={`${i.t(TITLE[step])} · ${c.tracking}`}
			okText={i.t(TITLE[step])}
			okButtonProps={{ danger: step === "reject", loading: busy }}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={props.onClose}
			destroyOnHidden
		>
			<Form<Values>
				form={form}
				layout="vertical"
				name={`complaint-${step}`}
				initialValues={{
					district: c.district ?? undefined,
					subjectUscc: c.subject?.uscc ?? undefined,
					username: c.assignee ?? undefined,
				}}
				onFinish={send}
				onValuesChange={(changed) => errors.changed(changed)}
			>
				{step === "accept" && (
					<>
						<p className="muted">{i.t("complaints.acceptText")}</p>
						<Form.Item name="district" label={i.t("complaints.district")} {...errors.item("district")}>
							<Select
								allowClear
								options={codes.options("district")}
								showSearch={{ optionFilterProp: "label" }}
							/>
						</Form.Item>
						<Form.Item
							name="subjectUscc"
							label={i.t("complaints.subjectOrg")}
							extra={i.t("complaints.subjectOrgHint")}
							{...errors.item("subjectUscc")}
						>
							<OrgPicker style={{ width: "100%" }} knownName={c.subject?.name ?? null} />
						</Form.Item>
						{publicNote("note", "complaints.note", false)}
					</>
				)}
				{step === "reject" && publicNote("reason", "complaints.rejectReason", true)}
				{step === "assign" && (
					<>
						<Form.Item
							name="username"
							label={i.t("complaints.assignTo")}
							extra={i.t("complaints.assignHint")}
							rules={required(i.t("complaints.assignTo"))}
							{...errors.item("username")}
						>
							<Input className="mono" maxLength={40} autoComplete="off" />
						</Form.Item>
						{publicNote("note", "complaints.note", false)}
					</>
				)}
				{step === "investigate" && publicNote("note", "complaints.note", false)}
				{step === "close" && (
					<>
						<Form.Item
							name="outcome"
							label={i.t("complaints.outcome")}
							rules={[
								{ required: true, message: i.t("form.required", { field: i.t("complaints.outcome") }) },
							]}
							{...errors.item("outcome")}
						>
							<Radio.Group>
								<Space orientation="vertical">
									{OUTCOMES.map((o) => (
										<Radio key={o} value={o}>
											{i.t(`complaints.outcome.${o}`)}
										</Radio>
									))}
								</Space>
							</Radio.Group>
						</Form.Item>
						{outcome && outcome !== "not_upheld" && c.subject && (
							<Alert
								type="warning"
								showIcon
								className="section"
								title={i.t("complaints.upheldEffect", { name: c.subject.name })}
							/>
						)}
						{publicNote("publicText", "complaints.publicText", true)}
					</>
				)}
			</Form>
			{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
		</Modal>
	);
}
