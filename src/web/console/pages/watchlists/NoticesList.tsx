/**
 * Watchlist notices, newest first ("your supplier X: certificate Y withdrawn"), unread ones marked;
 * mark one or all read. Across all of the account's lists, or one list's.
 */
import { App, Badge, Button, List, Space, Switch } from "antd";
import { useState } from "react";
import { apiPost, withQuery } from "../../api/client.ts";
import { Link } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { Notices } from "../notifications/types.ts";
import { announceUnreadChanged } from "./UnreadBadge.tsx";

export function NoticesList({ watchlistId, onChange }: { watchlistId?: number; onChange?: () => void }) {
	const i = useI18n();
	const { message } = App.useApp();
	const [unreadOnly, setUnreadOnly] = useState(false);
	const [page, setPage] = useState(1);
	const list = useGet<Notices>(
		withQuery("/watchlists/notices", {
			watchlistId,
			unread: unreadOnly ? "true" : undefined,
			page,
			pageSize: 20,
		}),
	);
	const [error, setError] = useState<unknown>();

	const mark = async (ids?: number[]) => {
		setError(undefined);
		try {
			const r = await apiPost<{ marked: number }>("/watchlists/notices/read", ids ? { ids } : {});
			if (!ids) void message.success(`${i.t("watch.markAllRead")} · ${i.number(r.marked)}`);
			list.reload();
			onChange?.();
			announceUnreadChanged();
		} catch (e) {
			setError(e);
		}
	};
	const unread = list.data?.unread ?? 0;

	return (
		<section aria-labelledby="notices-heading" className="notices">
			<div className="notices-head">
				<h2 id="notices-heading" className="section-title">
					{i.t("watch.notices")} <Badge count={unread} aria-label={`${i.t("watch.unread")} ${unread}`} />
				</h2>
				<Space>
					<Switch
						id="notices-unread-only"
						size="small"
						checked={unreadOnly}
						onChange={(v) => {
							setUnreadOnly(v);
							setPage(1);
						}}
					/>
					<label htmlFor="notices-unread-only">{i.t("watch.unreadOnly")}</label>
					<Button disabled={unread === 0} onClick={() => void mark()}>
						{i.t("watch.markAllRead")}
					</Button>
				</Space>
			</div>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			{error !== undefined && <ErrorAlert error={error} />}
			<List
				className="notice-list"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				locale={{ emptyText: i.t("watch.noNotices") }}
				pagination={
					(list.data?.items.length ?? 0) >= 20 || page > 1
						? { current: page, pageSize: 20, onChange: setPage, simple: true }
						: false
				}
				renderItem={(n) => (
					<List.Item
						className={n.readAt ? "notice" : "notice notice-unread"}
						actions={
							n.readAt
								? []
								: [
										<Button key="read" size="small" type="link" onClick={() => void mark([n.id])}>
											{i.t("watch.markRead")}
										</Button>,
									]
						}
					>
						<List.Item.Meta
							avatar={n.readAt ? <Badge status="default" /> : <Badge status="processing" />}
							title={i.lang === "en" ? n.textEn : n.text}
							description={
								<span className="muted">
									{i.instant(n.at)} · <span className="mono">{n.uscc}</span>
									{watchlistId === undefined && (
										<>
											{" "}
											· <Link to={`/watchlists/${n.watchlistId}`}>{n.watchlistName}</Link>
										</>
									)}
								</span>
							}
						/>
					</List.Item>
				)}
			/>
		</section>
	);
}
