/**
 * A record withheld from public view: the banner every reader of the console sees on it, and for
 * regulator administrators the button that withholds or releases it, with a required reason
 * (POST /{certificates|reports}/{number}/withhold).
 */
import { EyeInvisibleOutlined, EyeOutlined } from "@ant-design/icons";
import { Alert, App, Button, Form, Input, Modal } from "antd";
import { useState } from "react";
import { apiPost } from "../api/client.ts";
import { useCan } from "../app/session.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";

export interface WithheldTarget {
	/** "certificates" or "reports": the API collection. */
	collection: "certificates" | "reports";
	number: string;
	issuer: string;
	withheldSince: string | null;
	/** What is withheld, for the dialog's title ("证书 0001…"). */
	subject: string;
}

/** The banner shown on a withheld record. */
export function WithheldBanner({ since }: { since: string | null }) {
	const i = useI18n();
	if (!since) return null;
	return (
		<Alert
			className="section"
			type="warning"
			showIcon
			icon={<EyeInvisibleOutlined aria-hidden />}
			message={i.t("withheld.banner", { date: i.date(since) })}
			description={i.t("withheld.bannerText")}
		/>
	);
}

/** The withhold / release button and its dialog; renders nothing for those who may not decide. */
export function WithheldButton({ target, onDone }: { target: WithheldTarget; onDone(): void }) {
	const i = useI18n();
	const can = useCan();
	const { message } = App.useApp();
	const [open, setOpen] = useState(false);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [form] = Form.useForm<{ reason: string }>();
	if (!can("record.withhold")) return null;
	const withholding = !target.withheldSince;

	const submit = async ({ reason }: { reason: string }) => {
		setBusy(true);
		setError(undefined);
		try {
			const r = await apiPost<{ logIndex: number }>(
				`/${target.collection}/${encodeURIComponent(target.number)}/withhold`,
				{ issuer: target.issuer, withheld: withholding, reason },
			);
			message.success(i.t("withheld.done", { index: i.number(r.logIndex) }));
			setOpen(false);
			form.resetFields();
			onDone();
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};

	return (
		<>
			<Button
				danger={withholding}
				icon={withholding ? <EyeInvisibleOutlined aria-hidden /> : <EyeOutlined aria-hidden />}
				onClick={() => setOpen(true)}
			>
				{i.t(withholding ? "withheld.withhold" : "withheld.release")}
			</Button>
			<Modal
				open={open}
				title={i.t(withholding ? "withheld.withholdTitle" : "withheld.releaseTitle", {
					subject: target.subject,
				})}
				okText={i.t(withholding ? "withheld.withhold" : "withheld.release")}
				okButtonProps={{ danger: withholding, loading: busy }}
				onOk={() => form.submit()}
				onCancel={() => setOpen(false)}
				destroyOnHidden
			>
				<p>{i.t(withholding ? "withheld.withholdText" : "withheld.releaseText")}</p>
				{error !== undefined && <ErrorAlert error={error} />}
				<Form form={form} layout="vertical" onFinish={submit} preserve={false}>
					<Form.Item
						name="reason"
						label={i.t("withheld.reason")}
						extra={i.t("withheld.reasonHint")}
						rules={[{ required: true, whitespace: true, message: i.t("withheld.reasonRequired") }]}
					>
						<Input.TextArea rows={3} maxLength={500} showCount />
					</Form.Item>
				</Form>
			</Modal>
		</>
	);
}
