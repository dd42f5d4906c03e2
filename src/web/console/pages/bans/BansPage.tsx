/**
 * Bans and restrictions (禁入与限制) for a regulator administrator: every ban — an organisation or a
 * person barred, for life or until a day, from testing, inspection and certification or from government
 * purchasing — with the decision behind it and the log entry that made it public; a new ban in a drawer,
 * and lifting one with its day and reason. The list is public (GET /bans); writing it is `ban.manage`.
 */
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Radio, Table } from "antd";
import { useState } from "react";
import { withQuery } from "../../api/client.ts";
import type { Ban } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { BanScopeTag, BanStatusTag, BanSubject, BanTerm, LogLink } from "./banParts.tsx";
import { LiftBanDialog } from "./LiftBanDialog.tsx";
import { NewBanDrawer } from "./NewBanDrawer.tsx";

export default function BansPage() {
	const i = useI18n();
	const { message } = App.useApp();
	const query = useQuery();
	const inForce = query.get("inForce") === "true";
	const list = useGet<{ items: Ban[] }>(withQuery("/bans", { inForce: inForce ? "true" : undefined }));
	const [adding, setAdding] = useState(false);
	const [lifting, setLifting] = useState<Ban>();

	return (
		<>
			<PageHeader
				title={i.t("page.bans")}
				subtitle={i.t("bans.intro")}
				extra={
					<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
						{i.t("bans.new")}
					</Button>
				}
			/>
			<div className="filters">
				<Radio.Group
					aria-label={i.t("bans.filter")}
					optionType="button"
					value={inForce ? "inForce" : "all"}
					onChange={(e) => setQuery({ inForce: e.target.value === "inForce" ? "true" : "" })}
					options={[
						{ value: "all", label: i.t("bans.filter.all") },
						{ value: "inForce", label: i.t("bans.filter.inForce") },
					]}
				/>
			</div>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<Table<Ban>
				className="bans-table"
				rowKey="id"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				pagination={(list.data?.items.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
				scroll={{ x: 1000 }}
				locale={{ emptyText: i.t(inForce ? "bans.noneInForce" : "bans.none") }}
				columns={[
					{
						title: i.t("bans.subject"),
						key: "subject",
						width: 200,
						render: (_, b) => <BanSubject b={b} linked />,
					},
					{ title: i.t("bans.scope"), key: "scope", width: 110, render: (_, b) => <BanScopeTag b={b} /> },
					{ title: i.t("bans.term"), key: "term", width: 150, render: (_, b) => <BanTerm b={b} /> },
					{
						title: i.t("bans.decision"),
						key: "reference",
						width: 200,
						render: (_, b) => (
							<>
								<span className="mono">{b.reference}</span>
								<div className="muted">{b.authority}</div>
							</>
						),
					},
					{ title: i.t("bans.reason"), key: "reason", dataIndex: "reason" },
					{
						title: i.t("bans.status"),
						key: "status",
						width: 120,
						render: (_, b) => (
							<>
								<BanStatusTag b={b} />
								<div>
									<LogLink index={b.logIndex} />
								</div>
							</>
						),
					},
					{
						title: i.t("common.actions"),
						key: "actions",
						width: 80,
						render: (_, b) =>
							b.status === "active" ? (
								<Button
									size="small"
									danger
									aria-label={i.t("bans.liftFor", { reference: b.reference })}
									onClick={() => setLifting(b)}
								>
									{i.t("bans.lift")}
								</Button>
							) : null,
					},
				]}
			/>
			{adding && (
				<NewBanDrawer
					onClose={() => setAdding(false)}
					onSaved={(b) => {
						setAdding(false);
						void message.success(i.t("bans.created", { reference: b.reference }));
						list.reload();
					}}
				/>
			)}
			{lifting && (
				<LiftBanDialog
					ban={lifting}
					onClose={() => setLifting(undefined)}
					onDone={() => {
						void message.success(i.t("bans.lifted", { reference: lifting.reference }));
						setLifting(undefined);
						list.reload();
					}}
				/>
			)}
		</>
	);
}
