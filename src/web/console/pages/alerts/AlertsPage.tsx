/**
 * The alert board (风险预警) for regulators: every alert, newest first, filtered by status, severity,
 * source and words; each with its severity, whether it is published, and its open and overdue tasks.
 * Raising one (by hand, or marking a product failed) opens the dialog and lands on the new alert.
 */
import { PlusOutlined, WarningOutlined } from "@ant-design/icons";
import { Badge, Button, Form, Input, Select, Table, Tag } from "antd";
import { useState } from "react";
import { withQuery } from "../../api/client.ts";
import { Link, navigate, setQuery, useQuery } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { AlertStatusTag, SeverityTag } from "./alertParts.tsx";
import { ALERT_SOURCES, ALERT_STATUSES, type AlertSummary, SEVERITIES } from "./alertTypes.ts";
import { RaiseAlertDialog, type RaisePrefill } from "./RaiseAlertDialog.tsx";

const PAGE_SIZE = 20;

export default function AlertsPage() {
	const i = useI18n();
	const query = useQuery();
	const f = {
		status: query.get("status") ?? "",
		severity: query.get("severity") ?? "",
		source: query.get("source") ?? "",
		q: query.get("q") ?? "",
	};
	const page = Number(query.get("page") ?? 1) || 1;
	const list = useGet<{ items: AlertSummary[]; total: number }>(
		withQuery("/alerts", { ...f, page, pageSize: PAGE_SIZE }),
	);
	const [raising, setRaising] = useState<RaisePrefill>();
	const any = { value: "", label: i.t("alerts.any") };

	return (
		<>
			<PageHeader
				title={i.t("page.alerts")}
				subtitle={i.t("alerts.intro")}
				extra={
					<>
						<Button
							icon={<WarningOutlined aria-hidden />}
							onClick={() => setRaising({ source: "product_failed", kind: "report" })}
						>
							{i.t("alerts.raise.failed")}
						</Button>
						<Button
							type="primary"
							icon={<PlusOutlined aria-hidden />}
							onClick={() => setRaising({ source: "manual" })}
						>
							{i.t("alerts.raise")}
						</Button>
					</>
				}
			/>
			<FilterForm<typeof f>
				name="alert-filters"
				initialValues={f}
				onFinish={(v) => setQuery({ ...v, q: v.q?.trim(), page: "" })}
			>
				<Form.Item name="q" label={i.t("alerts.q")}>
					<Input allowClear maxLength={100} placeholder={i.t("alerts.q.placeholder")} />
				</Form.Item>
				<Form.Item name="status" label={i.t("alerts.status")}>
					<Select
						style={{ width: 120 }}
						options={[any, ...ALERT_STATUSES.map((s) => ({ value: s, label: i.t(`alerts.status.${s}`) }))]}
					/>
				</Form.Item>
				<Form.Item name="severity" label={i.t("alerts.severity")}>
					<Select
						style={{ width: 110 }}
						options={[any, ...SEVERITIES.map((s) => ({ value: s, label: i.t(`alerts.severity.${s}`) }))]}
					/>
				</Form.Item>
				<Form.Item name="source" label={i.t("alerts.source")}>
					<Select
						style={{ width: 160 }}
						options={[any, ...ALERT_SOURCES.map((s) => ({ value: s, label: i.t(`alerts.source.${s}`) }))]}
					/>
				</Form.Item>
			</FilterForm>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<Table<AlertSummary>
				className="alerts-table"
				rowKey="number"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				scroll={{ x: 1000 }}
				locale={{ emptyText: i.t("alerts.none") }}
				pagination={{
					current: page,
					pageSize: PAGE_SIZE,
					total: list.data?.total ?? 0,
					showSizeChanger: false,
					onChange: (p) => setQuery({ page: p > 1 ? p : "" }),
				}}
				columns={[
					{
						title: i.t("alerts.number"),
						key: "number",
						width: 150,
						render: (_, a) => (
							<Link to={`/alerts/${a.number}`} className="mono">
								{a.number}
							</Link>
						),
					},
					{
						title: i.t("alerts.title"),
						key: "title",
						render: (_, a) => (
							<>
								<Link to={`/alerts/${a.number}`}>{a.title}</Link>
								<div className="muted">{i.t(`alerts.source.${a.source}`)}</div>
							</>
						),
					},
					{
						title: i.t("alerts.severity"),
						key: "severity",
						width: 90,
						render: (_, a) => <SeverityTag severity={a.severity} />,
					},
					{
						title: i.t("alerts.status"),
						key: "status",
						width: 150,
						render: (_, a) => (
							<>
								<AlertStatusTag status={a.status} />
								{a.published && <Tag color="green">{i.t("alerts.published")}</Tag>}
							</>
						),
					},
					{
						title: i.t("alerts.tasks"),
						key: "tasks",
						width: 150,
						render: (_, a) => (
							<>
								{i.t("alerts.tasks.open", { n: a.openTasks })}
								{a.overdueTasks > 0 && (
									<div>
										<Badge status="error" text={i.t("alerts.tasks.overdue", { n: a.overdueTasks })} />
									</div>
								)}
							</>
						),
					},
					{
						title: i.t("alerts.raisedAt"),
						key: "raisedAt",
						width: 170,
						render: (_, a) => i.instant(a.raisedAt),
					},
				]}
			/>
			{raising && (
				<RaiseAlertDialog
					prefill={raising}
					onClose={() => setRaising(undefined)}
					onRaised={(a) => navigate(`/alerts/${a.number}`)}
				/>
			)}
		</>
	);
}
