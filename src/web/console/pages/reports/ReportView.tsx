/**
 * One test report with its items and history, and the status changes its lab may make: mark it
 * replaced by a corrected report, or revoke it — with a reason, after a confirmation. A report's
 * content never changes after issue; a correction is a new report.
 */
import { PlusOutlined, SwapOutlined } from "@ant-design/icons";
import { App, Button, Card, Table } from "antd";
import { useState } from "react";
import { canReportTransition, type ReportStatus } from "../../../../core/report-status.ts";
import { apiPost, withQuery } from "../../api/client.ts";
import type { ReportDetail, ReportItem } from "../../api/types.ts";
import { useQuery } from "../../app/router.tsx";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { HistoryTable } from "../../components/HistoryTable.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { StatusDialog } from "../../components/StatusDialog.tsx";
import { useGet } from "../../components/useGet.ts";
import { WithheldBanner, WithheldButton } from "../../components/WithheldControl.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { RaiseAlertButton } from "../alerts/RaiseAlertButton.tsx";
import type { PageProps } from "../index.ts";
import { TraceLink } from "../trace/TraceLink.tsx";

const TARGETS: readonly ReportStatus[] = ["replaced", "revoked"];

export default function ReportView({ params }: PageProps) {
	const i = useI18n();
	const codes = useCodes();
	const { message } = App.useApp();
	const lab = useQuery().get("lab") ?? "";
	const number = params.number ?? "";
	const {
		data: r,
		error,
		loading,
		reload,
	} = useGet<ReportDetail>(withQuery(`/reports/${encodeURIComponent(number)}`, { lab }));
	const [changing, setChanging] = useState(false);
	const back = { to: "/reports", label: i.t("page.reports") };

	if (loading && !r) return <Loading />;
	if (error || !r)
		return (
			<>
				<PageHeader title={`${i.t("page.report")} ${number}`} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	const targets = TARGETS.filter((s) => canReportTransition(r.status as ReportStatus, s));
	return (
		<>
			<PageHeader
				title={`${i.t("page.report")} ${r.number}`}
				subtitle={
					<>
						<StatusTag list="reportStatus" code={r.status} /> {r.clientName} · {r.product}
					</>
				}
				back={back}
				extra={
					<>
						<LinkButton to="/reports/new" icon={<PlusOutlined aria-hidden />}>
							{i.t("reports.newCorrection")}
						</LinkButton>
						<TraceLink kind="report" traceKey={`${r.number}@${r.lab.uscc}`} />
						<RaiseAlertButton kind="report" recordKey={r.number} title={`${r.product}不合格`} />
						<WithheldButton
							target={{
								collection: "reports",
								number: r.number,
								issuer: r.lab.uscc,
								withheldSince: r.withheldSince,
								subject: i.t("reports.subject", { number: r.number }),
							}}
							onDone={reload}
						/>
						<Button
							type="primary"
							icon={<SwapOutlined aria-hidden />}
							disabled={targets.length === 0}
							onClick={() => setChanging(true)}
						>
							{i.t("status.change")}
						</Button>
					</>
				}
			/>
			<WithheldBanner since={r.withheldSince} />
			<Card title={i.t("reports.record")} className="section">
				<FieldList
					rows={[
						{ label: i.t("field.reports.number"), value: <span className="mono">{r.number}</span> },
						{ label: i.t("reports.status"), value: <StatusTag list="reportStatus" code={r.status} /> },
						{ label: i.t("reports.lab"), value: `${r.lab.name}（${r.lab.uscc}）` },
						{ label: i.t("field.reports.clientName"), value: r.clientName },
						{ label: i.t("field.reports.clientUscc"), value: r.clientUscc },
						{ label: i.t("field.reports.product"), value: r.product },
						{ label: i.t("field.reports.issueDate"), value: i.date(r.issueDate) },
						{ label: i.t("field.reports.conclusion"), value: codes.label("conclusion", r.conclusion) },
						{
							label: i.t("field.reports.signatory"),
							value: r.signatory ? `${r.signatory.name}（${r.signatory.ref}）` : null,
						},
						{ label: i.t("reports.statusSince"), value: i.date(r.statusSince) },
						{
							label: i.t("field.reports.docSha256"),
							value: <code className="hash">{r.docSha256}</code>,
							wide: true,
						},
						{ label: i.t("field.reports.replacedBy"), value: r.replacedBy },
						{ label: i.t("field.reports.statusReason"), value: r.statusReason },
					]}
				/>
			</Card>
			<Card title={i.t("field.reports.items")} className="section">
				<Table<ReportItem>
					size="small"
					pagination={false}
					rowKey={(_, n) => String(n)}
					dataSource={r.items}
					columns={[
						{ title: i.t("item.parameter"), dataIndex: "parameter" },
						{ title: i.t("item.standard"), dataIndex: "standard" },
						{ title: i.t("item.result"), dataIndex: "result", render: (v: string | null) => v ?? "—" },
						{
							title: i.t("item.conclusion"),
							dataIndex: "conclusion",
							render: (v: string | null) => codes.label("conclusion", v),
						},
					]}
				/>
			</Card>
			<Card title={i.t("history.title")} className="section">
				<HistoryTable list="reportStatus" history={r.history} />
			</Card>
			{changing && (
				<StatusDialog
					subject={i.t("reports.subject", { number: r.number })}
					list="reportStatus"
					current={r.status}
					targets={targets}
					reasonRequired={() => true}
					replacedByFor="replaced"
					send={async (change) => {
						await apiPost(`/reports/${encodeURIComponent(r.number)}/status`, {
							lab: r.lab.uscc,
							status: change.status,
							...(change.date ? { date: change.date } : {}),
							...(change.reason ? { reason: change.reason } : {}),
							...(change.status === "replaced" && change.replacedBy ? { replacedBy: change.replacedBy } : {}),
						});
					}}
					onClose={() => setChanging(false)}
					onDone={() => {
						setChanging(false);
						void message.success(i.t("status.changed"));
						reload();
					}}
				/>
			)}
		</>
	);
}
