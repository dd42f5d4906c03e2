/**
 * API keys for a body's own systems: which exist, what they may do, when they were last used; new keys
 * (whose secret is shown once, then never again) and revoking (after a confirmation).
 */
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Form, Table } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { ApiKey } from "../../api/types.ts";
import { useMe } from "../../app/session.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { errorText } from "../../components/errorText.ts";
import { OrgPicker } from "../../components/OrgPicker.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { NewKeyDialog } from "./NewKeyDialog.tsx";

export default function ApiKeysPage() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const { modal, message } = App.useApp();
	const { data, error, loading, reload } = useGet<{ items: ApiKey[] }>("/api-keys");
	const [creating, setCreating] = useState(false);
	const operator = me.actor.role === "cb_operator" || me.actor.role === "lab_operator";
	const [org, setOrg] = useState<string | null>(operator ? me.actor.organization : null);

	const revoke = (k: ApiKey) =>
		modal.confirm({
			title: i.t("apiKeys.revokeTitle", { name: k.name }),
			content: i.t("apiKeys.revokeText"),
			okText: i.t("apiKeys.revoke"),
			okButtonProps: { danger: true },
			cancelText: i.t("common.cancel"),
			onOk: async () => {
				try {
					await apiPost(`/api-keys/${encodeURIComponent(k.keyId)}/revoke`);
					void message.success(i.t("apiKeys.revoked"));
					reload();
				} catch (e) {
					void message.error(errorText(i, e));
				}
			},
		});

	return (
		<>
			<PageHeader
				title={i.t("page.apiKeys")}
				subtitle={i.t("apiKeys.intro")}
				extra={
					<Button
						type="primary"
						icon={<PlusOutlined aria-hidden />}
						disabled={!org}
						onClick={() => setCreating(true)}
					>
						{i.t("apiKeys.new")}
					</Button>
				}
			/>
			{!operator && (
				<Form layout="inline" className="filters" name="api-key-org">
					<Form.Item
						label={i.t("apiKeys.organization")}
						htmlFor="api-key-org-picker"
						extra={i.t("apiKeys.pickOrg")}
					>
						<OrgPicker id="api-key-org-picker" value={org} onChange={setOrg} />
					</Form.Item>
				</Form>
			)}
			{error && <ErrorAlert error={error} onRetry={reload} />}
			<Table<ApiKey>
				rowKey="keyId"
				loading={loading}
				dataSource={data?.items ?? []}
				pagination={{ pageSize: 50, hideOnSinglePage: true }}
				scroll={{ x: 1000 }}
				columns={[
					{ title: i.t("apiKeys.name"), dataIndex: "name" },
					{
						title: i.t("apiKeys.keyId"),
						dataIndex: "keyId",
						render: (v: string) => <span className="mono">{v}</span>,
					},
					...(operator
						? []
						: [
								{
									title: i.t("apiKeys.organization"),
									key: "org",
									render: (_: unknown, k: ApiKey) => <span className="mono">{k.organization.uscc}</span>,
								},
							]),
					{
						title: i.t("apiKeys.permissions"),
						key: "perms",
						render: (_, k) => k.permissions.map((p) => codes.label("permission", p)).join("、"),
					},
					{
						title: i.t("apiKeys.createdAt"),
						key: "created",
						render: (_, k) => `${i.instant(k.createdAt)} · ${k.createdBy}`,
					},
					{ title: i.t("apiKeys.expiresAt"), key: "expires", render: (_, k) => i.instant(k.expiresAt) },
					{ title: i.t("apiKeys.lastUsed"), key: "used", render: (_, k) => i.instant(k.lastUsedAt) },
					{
						title: i.t("common.actions"),
						key: "actions",
						render: (_, k) =>
							k.revokedAt ? (
								i.t("apiKeys.revokedAt", { at: i.instant(k.revokedAt) })
							) : (
								<Button size="small" danger onClick={() => revoke(k)}>
									{i.t("apiKeys.revoke")}
									<span className="sr-only"> {k.name}</span>
								</Button>
							),
					},
				]}
			/>
			{creating && org && (
				<NewKeyDialog org={org} onClose={() => setCreating(false)} onCreated={() => reload()} />
			)}
		</>
	);
}
