/**
 * One watchlist: each supplier's standing today (from the procurement check: valid certificates by
 * scheme, purchasing bans), adding more by pasting USCCs, removing one, the list's notices and, when it
 * has a webhook, its deliveries.
 */
import { App, Button, Form, Input, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { districtByCode } from "../../../../core/reference/districts.ts";
import { apiDelete, apiPost } from "../../api/client.ts";
import { navigate } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";
import { DeliveriesTable } from "../notifications/DeliveriesTable.tsx";
import { splitCodes, type WatchedSupplier, type Watchlist } from "../notifications/types.ts";
import { NoticesList } from "./NoticesList.tsx";

export default function WatchlistView({ params }: PageProps) {
	const i = useI18n();
	const { message, modal } = App.useApp();
	const base = `/watchlists/${params.id}`;
	const w = useGet<Watchlist>(base);
	const [codes, setCodes] = useState("");
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();

	const add = async () => {
		setBusy(true);
		setError(undefined);
		try {
			const r = await apiPost<{ added: number }>(`${base}/items`, { usccs: splitCodes(codes) });
			void message.success(i.t("watch.added", { n: r.added }));
			setCodes("");
			w.reload();
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};
	const remove = async (uscc: string) => {
		setError(undefined);
		try {
			await apiPost(`${base}/items/remove`, { usccs: [uscc] });
			void message.success(i.t("watch.removed"));
			w.reload();
		} catch (e) {
			setError(e);
		}
	};
	const drop = () =>
		modal.confirm({
			title: i.t("notify.delete"),
			content: i.t("watch.delete.confirm", { name: w.data?.name ?? "" }),
			okButtonProps: { danger: true },
			onOk: async () => {
				await apiDelete(base);
				navigate("/watchlists");
			},
		});
	const list = w.data;

	return (
		<>
			<PageHeader
				title={list?.name ?? i.t("page.watchlist")}
				back={{ to: "/watchlists", label: i.t("page.watchlists") }}
				extra={
					list && (
						<Button danger onClick={drop}>
							{i.t("notify.delete")}
						</Button>
					)
				}
			/>
			{w.error && <ErrorAlert error={w.error} onRetry={w.reload} />}
			{error !== undefined && <ErrorAlert error={error} />}
			<Form layout="vertical" className="watch-add" onFinish={() => void add()}>
				<Form.Item label={i.t("watch.add")} extra={i.t("watch.usccs.help")}>
					<Space.Compact block>
						<Input.TextArea
							aria-label={i.t("watch.usccs")}
							rows={2}
							className="mono"
							value={codes}
							onChange={(e) => setCodes(e.target.value)}
						/>
						<Button type="primary" htmlType="submit" loading={busy} disabled={!codes.trim()}>
							{i.t("watch.add")}
						</Button>
					</Space.Compact>
				</Form.Item>
			</Form>
			<Table<WatchedSupplier>
				className="watched-suppliers"
				rowKey="uscc"
				loading={w.loading}
				dataSource={list?.suppliers ?? []}
				pagination={(list?.suppliers.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
				scroll={{ x: 900 }}
				locale={{ emptyText: i.t("watch.none") }}
				columns={[
					{
						title: i.t("watch.suppliers"),
						key: "name",
						width: 260,
						render: (_, s) => (
							<>
								{s.name}
								<div className="mono muted">{s.uscc}</div>
							</>
						),
					},
					{
						title: i.t("watch.district"),
						key: "district",
						width: 110,
						render: (_, s) => {
							const d = s.district ? districtByCode(s.district) : undefined;
							return d ? (i.lang === "en" ? d.nameEn : d.nameZh) : (s.district ?? "—");
						},
					},
					{
						title: i.t("watch.validCerts"),
						key: "certs",
						render: (_, s) =>
							s.certificates.length ? (
								<span className="tag-list">
									{s.certificates.map((c) => (
										<Tag key={c.scheme} color="green">
											{i.lang === "en" ? c.nameEn : c.nameZh} × {c.count}
										</Tag>
									))}
								</span>
							) : (
								<Tag>{i.t("watch.noValidCerts")}</Tag>
							),
					},
					{
						title: i.t("watch.procurement"),
						key: "excluded",
						width: 220,
						render: (_, s) =>
							s.excluded ? (
								<>
									<Tag color="red">{i.t("watch.excluded")}</Tag>
									<div className="muted mono">{s.procurementBans.map((b) => b.reference).join("、")}</div>
								</>
							) : (
								<span className="muted">{i.t("watch.notExcluded")}</span>
							),
					},
					{
						title: i.t("common.actions"),
						key: "actions",
						width: 90,
						render: (_, s) => (
							<Popconfirm title={`${i.t("watch.remove")} ${s.name}?`} onConfirm={() => void remove(s.uscc)}>
								<Button size="small">{i.t("watch.remove")}</Button>
							</Popconfirm>
						),
					},
				]}
			/>
			{list && <NoticesList watchlistId={list.id} onChange={w.reload} />}
			{list?.url && <DeliveriesTable base={base} />}
		</>
	);
}
