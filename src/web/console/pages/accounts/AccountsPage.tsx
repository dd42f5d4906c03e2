/**
 * Accounts, for administrators: who may sign in, with which role, for which body or districts. New
 * accounts, disabling and re-enabling (after a confirmation), and setting a new password that its
 * owner must change at the next sign-in.
 */

import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Space, Table, Tag } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { Account } from "../../api/types.ts";
import { useOrgName } from "../../app/useOrgName.ts";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { errorText } from "../../components/errorText.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { NewAccountDrawer } from "./NewAccountDrawer.tsx";
import { ResetPasswordDialog } from "./ResetPasswordDialog.tsx";

export default function AccountsPage() {
	const i = useI18n();
	const codes = useCodes();
	const { modal, message } = App.useApp();
	const { data, error, loading, reload } = useGet<{ items: Account[] }>("/accounts");
	const [creating, setCreating] = useState(false);
	const [resetting, setResetting] = useState<Account | null>(null);

	const toggle = (a: Account) => {
		const disable = a.status === "active";
		modal.confirm({
			title: i.t(disable ? "accounts.disableTitle" : "accounts.enableTitle", { username: a.username }),
			content: i.t(disable ? "accounts.disableText" : "accounts.enableText"),
			okText: i.t(disable ? "accounts.disable" : "accounts.enable"),
			okButtonProps: { danger: disable },
			cancelText: i.t("common.cancel"),
			onOk: async () => {
				try {
					await apiPost(`/accounts/${encodeURIComponent(a.username)}/${disable ? "disable" : "enable"}`);
					void message.success(i.t("common.saved"));
					reload();
				} catch (e) {
					void message.error(errorText(i, e));
				}
			},
		});
	};

	return (
		<>
			<PageHeader
				title={i.t("page.accounts")}
				subtitle={i.t("accounts.intro")}
				extra={
					<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
						{i.t("accounts.new")}
					</Button>
				}
			/>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			<Table<Account>
				rowKey="username"
				loading={loading}
				dataSource={data?.items ?? []}
				pagination={{ pageSize: 50, hideOnSinglePage: true }}
				scroll={{ x: 1000 }}
				columns={[
					{
						title: i.t("accounts.username"),
						dataIndex: "username",
						render: (v: string) => <span className="mono">{v}</span>,
					},
					{ title: i.t("accounts.displayName"), dataIndex: "displayName" },
					{ title: i.t("accounts.role"), key: "role", render: (_, a) => codes.label("role", a.role) },
					{
						title: i.t("accounts.organization"),
						key: "org",
						render: (_, a) => (a.organization ? <OrgCell uscc={a.organization.uscc} /> : "—"),
					},
					{
						title: i.t("accounts.scopeCol"),
						key: "districts",
						render: (_, a) =>
							a.person ? (
								<span className="mono">{a.person}</span>
							) : (
								a.districts.map((d) => codes.label("district", d)).join("、") || "—"
							),
					},
					{
						title: i.t("filter.status"),
						key: "status",
						render: (_, a) => (
							<Space size={4} wrap>
								<StatusTag list="accountStatus" code={a.status} />
								{a.mustChangePassword && <Tag>{i.t("accounts.mustChange")}</Tag>}
							</Space>
						),
					},
					{ title: i.t("accounts.lastLogin"), key: "last", render: (_, a) => i.instant(a.lastLoginAt) },
					{
						title: i.t("common.actions"),
						key: "actions",
						render: (_, a) => (
							<Space wrap>
								<Button size="small" danger={a.status === "active"} onClick={() => toggle(a)}>
									{i.t(a.status === "active" ? "accounts.disable" : "accounts.enable")}
									<span className="sr-only"> {a.username}</span>
								</Button>
								<Button size="small" onClick={() => setResetting(a)}>
									{i.t("accounts.resetPassword")}
									<span className="sr-only"> {a.username}</span>
								</Button>
							</Space>
						),
					},
				]}
			/>
			{creating && (
				<NewAccountDrawer
					onClose={() => setCreating(false)}
					onSaved={() => {
						setCreating(false);
						reload();
					}}
				/>
			)}
			{resetting && (
				<ResetPasswordDialog
					account={resetting}
					onClose={() => setResetting(null)}
					onDone={() => {
						setResetting(null);
						reload();
					}}
				/>
			)}
		</>
	);
}

/** An organisation by name, with its code beneath. */
function OrgCell({ uscc }: { uscc: string }) {
	const name = useOrgName(uscc);
	return (
		<>
			{name ?? ""}
			<div className="mono muted">{uscc}</div>
		</>
	);
}
