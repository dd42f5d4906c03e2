/** One subscription: its settings and actions, then its deliveries with their attempts and the dead letters. */
import { Button, Descriptions, Space, Tag } from "antd";
import { navigate } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";
import { DeliveriesTable } from "./DeliveriesTable.tsx";
import { SecretDialog } from "./SecretDialog.tsx";
import { Filters, useSubscriptionActions } from "./SubscriptionsPage.tsx";
import type { Subscription } from "./types.ts";

export default function SubscriptionView({ params }: PageProps) {
	const i = useI18n();
	const base = `/notifications/subscriptions/${params.id}`;
	const sub = useGet<Subscription>(base);
	const actions = useSubscriptionActions(sub.reload);
	const s = sub.data;
	return (
		<>
			<PageHeader
				title={s ? s.name : i.t("page.subscription")}
				back={{ to: "/notifications", label: i.t("page.notifications") }}
				extra={
					s && (
						<Space wrap>
							<Button onClick={() => void actions.ping(s)}>{i.t("notify.ping")}</Button>
							<Button onClick={() => void actions.toggle(s)}>
								{i.t(s.status === "active" ? "notify.pause" : "notify.resume")}
							</Button>
							<Button onClick={() => actions.rotate(s)}>{i.t("notify.rotate")}</Button>
							<Button danger onClick={() => actions.remove(s, () => navigate("/notifications"))}>
								{i.t("notify.delete")}
							</Button>
						</Space>
					)
				}
			/>
			{sub.error && <ErrorAlert error={sub.error} onRetry={sub.reload} />}
			{actions.error !== undefined && <ErrorAlert error={actions.error} />}
			{s && (
				<Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 24 }}>
					<Descriptions.Item label={i.t("notify.kind")}>{i.t(`notify.kind.${s.kind}`)}</Descriptions.Item>
					<Descriptions.Item label={i.t("notify.status")}>
						<Tag color={s.status === "active" ? "green" : "default"}>{i.t(`notify.status.${s.status}`)}</Tag>
					</Descriptions.Item>
					<Descriptions.Item label={i.t("notify.url")} span={2}>
						<span className="mono wrap-anywhere">{s.url}</span>
					</Descriptions.Item>
					<Descriptions.Item label={i.t("notify.filters")} span={2}>
						<Filters s={s} />
					</Descriptions.Item>
				</Descriptions>
			)}
			{s && <DeliveriesTable base={base} />}
			{actions.secret && (
				<SecretDialog secret={actions.secret} onClose={() => actions.setSecret(undefined)} />
			)}
		</>
	);
}
