/**
 * A new API key: a name, what it may do (the permissions the body's kind allows), an optional expiry.
 * The answer carries the secret once; the dialog shows it with a copy button and says plainly that it
 * cannot be shown again.
 */
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { ApiKey, OrganizationDetail } from "../../api/types.ts";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useGet } from "../../components/useGet.ts";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";

/** What a body's keys may carry (the server's rule: CBs certificates, labs reports and proposals). */
const PERMISSIONS: Record<string, string[]> = {
	cb: ["certificates:write", "people:write"],
	lab: ["reports:write", "people:write", "capabilities:propose"],
};

interface Values {
	name: string;
	permissions: string[];
	expiresAt?: Dayjs | null;
}

export function NewKeyDialog({
	org,
	onClose,
	onCreated,
}: {
	org: string;
	onClose(): void;
	onCreated(): void;
}) {
	const i = useI18n();
	const codes = useCodes();
	const [form] = Form.useForm<Values>();
	const errors = useFieldErrors(["name", "permissions", "expiresAt", "organization"]);
	const [secret, setSecret] = useState<string>();
	const [busy, setBusy] = useState(false);
	const { data: o } = useGet<OrganizationDetail>(`/organizations/${encodeURIComponent(org)}`);
	const allowed = o ? (PERMISSIONS[o.kind] ?? []) : [];

	const submit = async (v: Values) => {
		setBusy(true);
		errors.fail(undefined);
		try {
			const r = await apiPost<{ key: string; apiKey: ApiKey }>("/api-keys", {
				organization: org,
				name: v.name.trim(),
				permissions: v.permissions,
				...(v.expiresAt ? { expiresAt: v.expiresAt.endOf("day").toISOString() } : {}),
			});
			setSecret(r.key);
			onCreated();
		} catch (e) {
			errors.fail(e);
		} finally {
			setBusy(false);
		}
	};

	return (
		<Modal
			open
			title={secret ? i.t("apiKeys.createdTitle") : i.t("apiKeys.new")}
			okText={secret ? i.t("apiKeys.secretSaved") : i.t("apiKeys.create")}
			okButtonProps={{ loading: busy }}
			cancelButtonProps={{ style: secret ? { display: "none" } : {} }}
			cancelText={i.t("common.cancel")}
			onOk={() => (secret ? onClose() : form.submit())}
			onCancel={onClose}
			mask={{ closable: false }}
			destroyOnHidden
		>
			{secret ? (
				<>
					<Alert type="warning" showIcon title={i.t("apiKeys.secretOnce")} className="form-note" />
					<Typography.Paragraph copyable={{ text: secret }} className="secret" code>
						{secret}
					</Typography.Paragraph>
					<p className="muted">{i.t("apiKeys.secretUse")}</p>
				</>
			) : (
				<Form
					form={form}
					layout="vertical"
					name="new-api-key"
					initialValues={{ permissions: [] }}
					onFinish={submit}
					onValuesChange={(c) => errors.changed(c)}
				>
					<p>{o ? i.t("apiKeys.for", { org: o.name }) : null}</p>
					<Form.Item
						name="name"
						label={i.t("apiKeys.name")}
						extra={i.t("apiKeys.nameHint")}
						rules={[{ required: true, message: i.t("form.required", { field: i.t("apiKeys.name") }) }]}
						{...errors.item("name")}
					>
						<Input maxLength={100} />
					</Form.Item>
					<Form.Item
						name="permissions"
						label={i.t("apiKeys.permissions")}
						rules={[{ required: true, type: "array", min: 1, message: i.t("apiKeys.permissionsRequired") }]}
						{...errors.item("permissions")}
					>
						<Checkbox.Group options={codes.options("permission", allowed)} />
					</Form.Item>
					<Form.Item
						name="expiresAt"
						label={i.t("apiKeys.expiresAt")}
						extra={i.t("apiKeys.expiresHint")}
						{...errors.item("expiresAt")}
					>
						<DatePicker />
					</Form.Item>
					{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
				</Form>
			)}
		</Modal>
	);
}
