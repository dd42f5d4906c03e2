/**
 * Lifting a ban (POST /bans/{id}/lift): the day it ends — between its first day and today — and why (a
 * court overturned the decision, a time-limited ban ended early). The lifting is a log entry beside the
 * ban; the server's verdict shows under each field.
 */
import { Form, Input, Modal } from "antd";
import { useState } from "react";
import { chinaDate } from "../../../../core/dates.ts";
import { apiPost } from "../../api/client.ts";
import type { Ban } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { DateInput } from "../../forms/controls.tsx";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";

const FIELDS = ["on", "reason"] as const;

export function LiftBanDialog({ ban, onClose, onDone }: { ban: Ban; onClose(): void; onDone(): void }) {
	const i = useI18n();
	const [form] = Form.useForm<{ on: string; reason: string }>();
	const errors = useFieldErrors(FIELDS);
	const [busy, setBusy] = useState(false);
	const subject =
		ban.subject.kind === "person" ? `${ban.subject.name ?? ""} ${ban.subject.ref}` : ban.subject.name;

	const send = async (v: { on: string; reason: string }) => {
		setBusy(true);
		errors.fail(undefined);
		try {
			await apiPost(`/bans/${ban.id}/lift`, { on: v.on, reason: v.reason.trim() });
			onDone();
		} catch (e) {
			errors.fail(e);
		} finally {
			setBusy(false);
		}
	};

	return (
		<Modal
			open
			title={i.t("bans.liftTitle", { reference: ban.reference })}
			okText={i.t("bans.lift")}
			okButtonProps={{ danger: true, loading: busy }}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={onClose}
			destroyOnHidden
		>
			<p>
				{subject} · {i.t(`bans.scope.${ban.scope}`)} ·{" "}
				{ban.lifetime ? i.t("bans.lifetime") : i.t("bans.until", { date: i.date(ban.endsOn) })}
			</p>
			<p className="muted">{i.t("bans.liftNote")}</p>
			<Form
				form={form}
				layout="vertical"
				name="lift-ban"
				initialValues={{ on: chinaDate(new Date()) }}
				onFinish={send}
				onValuesChange={(c) => errors.changed(c)}
			>
				<Form.Item
					name="on"
					label={i.t("bans.liftOn")}
					rules={[{ required: true, message: i.t("form.required", { field: i.t("bans.liftOn") }) }]}
					{...errors.item("on")}
				>
					<DateInput />
				</Form.Item>
				<Form.Item
					name="reason"
					label={i.t("bans.liftReason")}
					rules={[
						{
							required: true,
							whitespace: true,
							message: i.t("form.required", { field: i.t("bans.liftReason") }),
						},
					]}
					{...errors.item("reason")}
				>
					<Input.TextArea rows={3} maxLength={2000} showCount />
				</Form.Item>
			</Form>
			{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
		</Modal>
	);
}
