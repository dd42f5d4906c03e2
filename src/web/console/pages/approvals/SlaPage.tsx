/**
 * Approval timeliness (审批时效) for regulators (GET /applications/sla): per district and per officer, the
 * applications open, overdue, near due and waiting for the lab; those decided, and how many on time (with
 * the rate); and the median of the statutory working days used. A failure is shown as the API says it.
 */
import { Card, Table, Tag } from "antd";
import type { SlaFigures, SlaReport } from "../../api/types.ts";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";

/** The share decided on time, as a percentage; null with nothing decided. */
export function onTimeRate(f: Pick<SlaFigures, "decided" | "decidedOnTime">): number | null {
	return f.decided > 0 ? Math.round((f.decidedOnTime / f.decided) * 1000) / 10 : null;
}

function useFigureColumns<T extends SlaFigures>() {
	const i = useI18n();
	const n = (v: number | null | undefined) => (typeof v === "number" ? i.number(v) : "—");
	return [
		{ title: i.t("sla.open"), key: "open", align: "right" as const, render: (_: unknown, r: T) => n(r.open) },
		{
			title: i.t("sla.overdue"),
			key: "overdue",
			align: "right" as const,
			render: (_: unknown, r: T) => (r.overdue > 0 ? <Tag color="red">{n(r.overdue)}</Tag> : n(r.overdue)),
		},
		{
			title: i.t("sla.nearDue"),
			key: "nearDue",
			align: "right" as const,
			render: (_: unknown, r: T) => (r.nearDue > 0 ? <Tag color="gold">{n(r.nearDue)}</Tag> : n(r.nearDue)),
		},
		{
			title: i.t("sla.waiting"),
			key: "waiting",
			align: "right" as const,
			render: (_: unknown, r: T) => n(r.waitingForApplicant),
		},
		{
			title: i.t("sla.decided"),
			key: "decided",
			align: "right" as const,
			render: (_: unknown, r: T) => n(r.decided),
		},
		{
			title: i.t("sla.onTime"),
			key: "onTime",
			align: "right" as const,
			render: (_: unknown, r: T) => {
				const rate = onTimeRate(r);
				return (
					<>
						{n(r.decidedOnTime)}
						<div className="muted">{rate === null ? "—" : `${rate}%`}</div>
					</>
				);
			},
		},
		{
			title: i.t("sla.median"),
			key: "median",
			align: "right" as const,
			render: (_: unknown, r: T) =>
				r.medianStatutoryUsed === null ? "—" : i.t("approvals.days", { n: r.medianStatutoryUsed }),
		},
	];
}

export default function SlaPage() {
	const i = useI18n();
	const codes = useCodes();
	const { data, error, loading, reload } = useGet<SlaReport>("/applications/sla");
	const figures = useFigureColumns<SlaFigures & { district: string | null }>();
	const officerFigures = useFigureColumns<SlaFigures & { officer: string }>();
	const back = { to: "/approvals", label: i.t("page.approvals") };
	return (
		<>
			<PageHeader
				title={i.t("page.approvalSla")}
				subtitle={data ? i.t("sla.intro", { date: i.date(data.asOf) }) : i.t("sla.introPlain")}
				back={back}
			/>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{loading && !data && <Loading />}
			{data && (
				<>
					<Card title={<h2 className="card-title">{i.t("sla.byDistrict")}</h2>} className="section">
						<Table
							size="small"
							className="sla-districts"
							rowKey={(r) => r.district ?? "—"}
							dataSource={data.byDistrict}
							pagination={false}
							scroll={{ x: 900 }}
							locale={{ emptyText: i.t("sla.none") }}
							columns={[
								{
									title: i.t("approvals.district"),
									key: "district",
									render: (_, r) =>
										r.district ? codes.label("district", r.district) : i.t("sla.noDistrict"),
								},
								...figures,
							]}
						/>
					</Card>
					<Card title={<h2 className="card-title">{i.t("sla.byOfficer")}</h2>} className="section">
						<Table
							size="small"
							className="sla-officers"
							rowKey="officer"
							dataSource={data.byOfficer}
							pagination={false}
							scroll={{ x: 900 }}
							locale={{ emptyText: i.t("sla.none") }}
							columns={[
								{
									title: i.t("sla.officer"),
									key: "officer",
									render: (_, r) => <span className="mono">{r.officer}</span>,
								},
								...officerFigures,
							]}
						/>
					</Card>
					<p className="muted">{i.t("sla.note")}</p>
				</>
			)}
		</>
	);
}
