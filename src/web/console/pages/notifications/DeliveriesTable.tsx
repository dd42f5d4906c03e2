/**
 * A subscription's or watchlist's deliveries: state, attempts, the next attempt of a pending one and the
 * last answer; each row expands to its attempt log (time, HTTP status or network error, duration). Dead
 * letters can be redelivered one by one or all together.
 */
import { App, Button, Radio, Table, Tag } from "antd";
import { useState } from "react";
import { apiPost, withQuery } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { Attempt, Deliveries, Delivery, DeliveryState } from "./types.ts";

const STATE_COLOR: Record<DeliveryState, string> = { pending: "gold", delivered: "green", dead: "red" };

export function DeliveryStateTag({ state }: { state: DeliveryState }) {
	const i = useI18n();
	return <Tag color={STATE_COLOR[state]}>{i.t(`notify.state.${state}`)}</Tag>;
}

function AttemptResult({ a }: { a: Pick<Attempt, "status" | "error"> }) {
	const i = useI18n();
	if (a.status !== null) return <span className="mono">HTTP {a.status}</span>;
	if (a.error) return <span>{i.t("notify.network", { error: a.error })}</span>;
	return <span className="muted">—</span>;
}

/** `base`: the target's path, e.g. /notifications/subscriptions/3 or /watchlists/2. */
export function DeliveriesTable({ base }: { base: string }) {
	const i = useI18n();
	const { message } = App.useApp();
	const [state, setState] = useState<DeliveryState | "all">("all");
	const [page, setPage] = useState(1);
	const list = useGet<Deliveries>(
		withQuery(`${base}/deliveries`, { state: state === "all" ? undefined : state, page, pageSize: 20 }),
	);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();

	const redeliver = async (deliveryId?: number) => {
		setBusy(true);
		setError(undefined);
		try {
			const r = await apiPost<{ requeued: number }>(`${base}/redeliver`, deliveryId ? { deliveryId } : {});
			void message.success(i.t("notify.requeued", { n: r.requeued }));
			list.reload();
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};
	const counts = list.data?.counts;
	const total = counts
		? state === "all"
			? counts.pending + counts.delivered + counts.dead
			: counts[state]
		: 0;

	return (
		<section aria-labelledby="deliveries-heading" className="deliveries">
			<h2 id="deliveries-heading" className="section-title">
				{i.t("notify.deliveries")}
			</h2>
			<div className="filters">
				<Radio.Group
					aria-label={i.t("notify.state")}
					optionType="button"
					value={state}
					onChange={(e) => {
						setState(e.target.value);
						setPage(1);
					}}
					options={(["all", "pending", "delivered", "dead"] as const).map((s) => ({
						value: s,
						label:
							s === "all" || !counts
								? i.t(`notify.state.${s}`)
								: `${i.t(`notify.state.${s}`)} ${i.number(counts[s])}`,
					}))}
				/>
				{state === "dead" && (counts?.dead ?? 0) > 0 && (
					<Button danger loading={busy} onClick={() => void redeliver()}>
						{i.t("notify.redeliverAll")}
					</Button>
				)}
			</div>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			{error !== undefined && <ErrorAlert error={error} />}
			<Table<Delivery>
				className="deliveries-table"
				rowKey="id"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				locale={{ emptyText: i.t("notify.noDeliveries") }}
				scroll={{ x: 900 }}
				pagination={{ current: page, pageSize: 20, total, showSizeChanger: false, onChange: setPage }}
				expandable={{
					rowExpandable: (d) => d.log.length > 0,
					expandedRowRender: (d) => (
						<table className="attempt-log">
							<caption className="muted">{i.t("notify.attemptLog")}</caption>
							<tbody>
								{d.log.map((a) => (
									<tr key={a.at}>
										<td>{i.instant(a.at)}</td>
										<td>
											<AttemptResult a={a} />
										</td>
										<td className="muted">{a.durationMs} ms</td>
									</tr>
								))}
							</tbody>
						</table>
					),
				}}
				columns={[
					{
						title: i.t("notify.logIndex"),
						key: "idx",
						width: 100,
						render: (_, d) => <span className="mono">{d.logIndex}</span>,
					},
					{
						title: i.t("notify.eventType"),
						key: "type",
						render: (_, d) => <span className="mono">{d.eventType}</span>,
					},
					{
						title: i.t("notify.state"),
						key: "state",
						width: 110,
						render: (_, d) => <DeliveryStateTag state={d.state} />,
					},
					{ title: i.t("notify.attempts"), key: "attempts", width: 90, dataIndex: "attempts" },
					{
						title: i.t("notify.nextAttempt"),
						key: "next",
						width: 180,
						render: (_, d) => (d.nextAttemptAt ? i.instant(d.nextAttemptAt) : "—"),
					},
					{
						title: i.t("notify.lastResult"),
						key: "last",
						width: 200,
						render: (_, d) => <AttemptResult a={{ status: d.lastStatus, error: d.lastError }} />,
					},
					{
						title: i.t("common.actions"),
						key: "actions",
						width: 110,
						render: (_, d) =>
							d.state === "dead" ? (
								<Button size="small" loading={busy} onClick={() => void redeliver(d.id)}>
									{i.t("notify.redeliver")}
								</Button>
							) : null,
					},
				]}
			/>
		</section>
	);
}
