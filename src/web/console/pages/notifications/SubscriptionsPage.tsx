/**
 * Webhook subscriptions (信息通报订阅), for regulator administrators: every subscription with its filters,
 * status and deliveries by state; a new one in a drawer (its signing secret shown once), a test ping, a
 * secret rotation, pausing and resuming, deleting. Each name leads to its deliveries and dead letters.
 */
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Space, Table, Tag } from "antd";
import { useState } from "react";
import { districtByCode } from "../../../../core/reference/districts.ts";
import { apiDelete, apiPatch, apiPost } from "../../api/client.ts";
import { Link } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { NewSubscriptionDrawer } from "./NewSubscriptionDrawer.tsx";
import { SecretDialog } from "./SecretDialog.tsx";
import type { Subscription } from "./types.ts";

export function Filters({ s }: { s: Subscription }) {
	const i = useI18n();
	const parts = [
		...s.eventTypes.map((t) => (
			<Tag key={`t${t}`} className="mono">
				{t}
			</Tag>
		)),
		...s.districts.map((d) => {
			const district = districtByCode(d);
			return <Tag key={`d${d}`}>{district ? (i.lang === "en" ? district.nameEn : district.nameZh) : d}</Tag>;
		}),
		...s.orgs.slice(0, 3).map((o) => (
			<Tag key={`o${o}`} className="mono">
				{o}
			</Tag>
		)),
		...(s.orgs.length > 3 ? [<Tag key="more">+{s.orgs.length - 3}</Tag>] : []),
		...(s.minSeverity
			? [
					<Tag key="sev" color="orange">
						≥ {i.t(`notify.severity.${s.minSeverity}`)}
					</Tag>,
				]
			: []),
	];
	return parts.length ? (
		<span className="tag-list">{parts}</span>
	) : (
		<span className="muted">{i.t("notify.filters.none")}</span>
	);
}

export function useSubscriptionActions(reload: () => void) {
	const i = useI18n();
	const { message, modal } = App.useApp();
	const [secret, setSecret] = useState<string>();
	const [error, setError] = useState<unknown>();
	const run = async (fn: () => Promise<void>) => {
		setError(undefined);
		try {
			await fn();
			reload();
		} catch (e) {
			setError(e);
		}
	};
	return {
		secret,
		setSecret,
		error,
		ping: (s: Subscription) =>
			run(async () => {
				const r = await apiPost<{
					ok: boolean;
					status: number | null;
					error: string | null;
					durationMs: number;
				}>(`/notifications/subscriptions/${s.id}/ping`);
				if (r.ok) void message.success(i.t("notify.ping.ok", { status: r.status ?? "", ms: r.durationMs }));
				else
					void message.error(
						i.t("notify.ping.failed", { reason: r.status !== null ? `HTTP ${r.status}` : (r.error ?? "") }),
					);
			}),
		toggle: (s: Subscription) =>
			run(async () => {
				await apiPatch(`/notifications/subscriptions/${s.id}`, {
					status: s.status === "active" ? "paused" : "active",
				});
			}),
		rotate: (s: Subscription) =>
			modal.confirm({
				title: i.t("notify.rotate"),
				content: i.t("notify.rotate.confirm"),
				onOk: () =>
					run(async () => {
						const r = await apiPost<{ secret: string }>(`/notifications/subscriptions/${s.id}/secret`);
						setSecret(r.secret);
					}),
			}),
		remove: (s: Subscription, after?: () => void) =>
			modal.confirm({
				title: i.t("notify.delete"),
				content: i.t("notify.delete.confirm", { name: s.name }),
				okButtonProps: { danger: true },
				onOk: () =>
					run(async () => {
						await apiDelete(`/notifications/subscriptions/${s.id}`);
						void message.success(i.t("notify.deleted"));
						after?.();
					}),
			}),
	};
}

export default function SubscriptionsPage() {
	const i = useI18n();
	const list = useGet<{ items: Subscription[] }>("/notifications/subscriptions");
	const [adding, setAdding] = useState(false);
	const actions = useSubscriptionActions(list.reload);

	return (
		<>
			<PageHeader
				title={i.t("page.notifications")}
				subtitle={i.t("notify.intro")}
				extra={
					<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
						{i.t("notify.new")}
					</Button>
				}
			/>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			{actions.error !== undefined && <ErrorAlert error={actions.error} />}
			<Table<Subscription>
				className="subscriptions-table"
				rowKey="id"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				pagination={false}
				scroll={{ x: 1160 }}
				locale={{ emptyText: i.t("notify.none") }}
				columns={[
					{
						title: i.t("notify.name"),
						key: "name",
						width: 200,
						render: (_, s) => (
							<>
								<Link to={`/notifications/${s.id}`}>{s.name}</Link>
								<div className="muted">{i.t(`notify.kind.${s.kind}`)}</div>
							</>
						),
					},
					{
						title: i.t("notify.url"),
						key: "url",
						width: 280,
						render: (_, s) => <span className="mono wrap-anywhere">{s.url}</span>,
					},
					{ title: i.t("notify.filters"), key: "filters", width: 220, render: (_, s) => <Filters s={s} /> },
					{
						title: i.t("notify.status"),
						key: "status",
						width: 90,
						render: (_, s) => (
							<Tag color={s.status === "active" ? "green" : "default"}>
								{i.t(`notify.status.${s.status}`)}
							</Tag>
						),
					},
					{
						title: i.t("notify.counts"),
						key: "counts",
						width: 190,
						render: (_, s) =>
							s.deliveries ? (
								<span className="tag-list">
									<Tag color="green">
										{i.t("notify.state.delivered")} {i.number(s.deliveries.delivered)}
									</Tag>
									{s.deliveries.pending > 0 && (
										<Tag color="gold">
											{i.t("notify.state.pending")} {i.number(s.deliveries.pending)}
										</Tag>
									)}
									{s.deliveries.dead > 0 && (
										<Link to={`/notifications/${s.id}`}>
											<Tag color="red">
												{i.t("notify.state.dead")} {i.number(s.deliveries.dead)}
											</Tag>
										</Link>
									)}
								</span>
							) : null,
					},
					{
						title: i.t("common.actions"),
						key: "actions",
						width: 180,
						render: (_, s) => (
							<Space wrap size="small">
								<Button size="small" onClick={() => void actions.ping(s)}>
									{i.t("notify.ping")}
								</Button>
								<Button size="small" onClick={() => void actions.toggle(s)}>
									{i.t(s.status === "active" ? "notify.pause" : "notify.resume")}
								</Button>
							</Space>
						),
					},
				]}
			/>
			{adding && (
				<NewSubscriptionDrawer
					onClose={() => setAdding(false)}
					onSaved={(s) => {
						setAdding(false);
						actions.setSecret(s.secret);
						list.reload();
					}}
				/>
			)}
			{actions.secret && (
				<SecretDialog secret={actions.secret} onClose={() => actions.setSecret(undefined)} />
			)}
		</>
	);
}
