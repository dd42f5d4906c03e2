/**
 * Statistics (统计分析) for regulators: one card per dashboard (GET /stats/{metric}) — bodies, certificates,
 * reports, spot checks, approvals, complaints, grades, alerts — each with its total and charts by month,
 * district, field and status, under one filter bar (district, field, months); below, the district table of
 * the yearly performance evaluation (GET /stats/districts) and the annual report to download.
 */
import { Button, Card, Col, Empty, Form, Input, Row, Select, Space, Statistic, Table } from "antd";
import { withQuery } from "../../api/client.ts";
import type { StatsBreakdown, StatsCount, StatsDistrictRow, StatsDistrictTable } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { type I18n, type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { Chart, type ChartKind } from "./Chart.tsx";

const FILTERS = ["district", "field", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

type Labeller = (code: string) => string;

/** A code's label from the `stats.code.<list>.<code>` messages, or the code itself. */
function codeText(i: I18n, list: string, code: string): string {
	const key = `stats.code.${list}.${code === "" ? "none" : code}`;
	const text = i.t(key as MessageKey);
	return text === key ? code || "—" : text;
}

interface Panel {
	metric: string;
	title: MessageKey;
	/** Charts: which breakdown, how drawn, labelled how. */
	charts: {
		of: keyof Pick<StatsBreakdown, "byMonth" | "byDistrict" | "byField" | "byK1" | "byK2">;
		kind: ChartKind;
		title: MessageKey;
		label: (i: I18n, codes: ReturnType<typeof useCodes>) => Labeller;
	}[];
	note?: MessageKey;
}

const district =
	(_i: I18n, codes: ReturnType<typeof useCodes>): Labeller =>
	(c) =>
		c ? codes.label("district", c) : _i.t("stats.unknownDistrict");
const same = (): Labeller => (c) => c;
const list =
	(name: string) =>
	(i: I18n): Labeller =>
	(c) =>
		codeText(i, name, c);

const PANELS: Panel[] = [
	{
		metric: "certificates",
		title: "stats.certificates",
		charts: [
			{ of: "byMonth", kind: "bar", title: "stats.byMonth", label: same },
			{
				of: "byK1",
				kind: "pie",
				title: "stats.byStatus",
				label: (_i, codes) => (c) => codes.label("certificateStatus", c),
			},
			{
				of: "byField",
				kind: "barH",
				title: "stats.byScheme",
				label: (_i, codes) => (c) => codes.label("scheme", c),
			},
			{ of: "byDistrict", kind: "barH", title: "stats.byDistrict", label: district },
		],
	},
	{
		metric: "reports",
		title: "stats.reports",
		charts: [
			{ of: "byMonth", kind: "bar", title: "stats.byMonth", label: same },
			{
				of: "byK2",
				kind: "pie",
				title: "stats.byConclusion",
				label: (_i, codes) => (c) => codes.label("conclusion", c),
			},
			{ of: "byField", kind: "barH", title: "stats.byField", label: same },
			{ of: "byDistrict", kind: "barH", title: "stats.byDistrict", label: district },
		],
	},
	{
		metric: "spot-checks",
		title: "stats.spotChecks",
		charts: [
			{ of: "byK2", kind: "pie", title: "stats.byResult", label: list("result") },
			{ of: "byDistrict", kind: "barH", title: "stats.byDistrict", label: district },
		],
	},
	{
		metric: "approvals",
		title: "stats.approvals",
		charts: [
			{ of: "byK2", kind: "pie", title: "stats.onTime", label: list("onTime") },
			{ of: "byField", kind: "barH", title: "stats.byType", label: list("applicationType") },
		],
	},
	{
		metric: "complaints",
		title: "stats.complaints",
		charts: [
			{ of: "byK1", kind: "pie", title: "stats.byStatus", label: list("complaintStatus") },
			{ of: "byDistrict", kind: "barH", title: "stats.byDistrict", label: district },
		],
	},
	{
		metric: "grades",
		title: "stats.grades",
		note: "stats.gradesNote",
		charts: [
			{ of: "byK1", kind: "pie", title: "stats.byGrade", label: same },
			{ of: "byDistrict", kind: "barH", title: "stats.byDistrict", label: district },
		],
	},
	{
		metric: "alerts",
		title: "stats.alerts",
		charts: [
			{ of: "byK1", kind: "pie", title: "stats.bySeverity", label: list("severity") },
			{ of: "byMonth", kind: "bar", title: "stats.byMonth", label: same },
		],
	},
	{
		metric: "organizations",
		title: "stats.organizations",
		charts: [
			{
				of: "byField",
				kind: "pie",
				title: "stats.byKind",
				label: (_i, codes) => (c) => codes.label("orgKind", c),
			},
			{ of: "byDistrict", kind: "barH", title: "stats.byDistrict", label: district },
		],
	},
];

function MetricCard({ panel, filters }: { panel: Panel; filters: Filters }) {
	const i = useI18n();
	const codes = useCodes();
	const { data, error, loading, reload } = useGet<StatsBreakdown>(
		withQuery(`/stats/${panel.metric}`, filters),
	);
	return (
		<Card
			className={`section stats-card stats-${panel.metric}`}
			title={<h2 className="card-title">{i.t(panel.title)}</h2>}
		>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{loading && !data && <Loading />}
			{data && (
				<>
					<Statistic title={i.t("stats.total")} value={data.total} formatter={(v) => i.number(Number(v))} />
					{panel.note && <p className="muted">{i.t(panel.note)}</p>}
					{data.total === 0 ? (
						<Empty description={i.t("stats.none")} />
					) : (
						<Row gutter={[16, 16]}>
							{panel.charts.map((c) => {
								const label = c.label(i, codes);
								const series = (data[c.of] as StatsCount[]).slice(0, c.kind === "barH" ? 16 : 60);
								if (!series.length) return null;
								return (
									<Col key={c.of + c.title} xs={24} lg={12}>
										<h3 className="chart-title">{i.t(c.title)}</h3>
										<Chart
											kind={c.kind}
											label={`${i.t(panel.title)}：${i.t(c.title)}`}
											data={series.map((s) => ({ label: label(s.key), value: s.n }))}
										/>
									</Col>
								);
							})}
						</Row>
					)}
				</>
			)}
		</Card>
	);
}

function percent(v: number | null): string {
	return v === null ? "—" : `${v.toFixed(1)}%`;
}

function DistrictTable() {
	const i = useI18n();
	const query = useQuery();
	const thisYear = String(new Date().getFullYear());
	const year = /^\d{4}$/.test(query.get("year") ?? "") ? query.get("year")! : thisYear;
	const { data, error, loading, reload } = useGet<StatsDistrictTable>(
		withQuery("/stats/districts", { year }),
	);
	const n = (v: number) => i.number(v);
	const col = (key: keyof StatsDistrictRow, title: MessageKey, render: (r: StatsDistrictRow) => string) => ({
		title: i.t(title),
		key,
		align: "right" as const,
		render: (_: unknown, r: StatsDistrictRow) => render(r),
	});
	const years = Array.from({ length: 6 }, (_, k) => String(Number(thisYear) - k));
	return (
		<Card
			className="section stats-districts"
			title={<h2 className="card-title">{i.t("stats.districtTable")}</h2>}
			extra={
				<Space wrap>
					<Select
						aria-label={i.t("stats.year")}
						value={year}
						style={{ width: 110 }}
						options={years.map((y) => ({ value: y, label: i.t("stats.yearValue", { year: y }) }))}
						onChange={(y) => setQuery({ ...Object.fromEntries(query), year: y })}
					/>
					<Button
						href={`/api/v1/stats/annual-report?year=${year}&format=pdf`}
						download={`annual-report-${year}.pdf`}
						type="primary"
					>
						{i.t("stats.downloadPdf")}
					</Button>
					<Button
						href={`/api/v1/stats/annual-report?year=${year}&format=html`}
						download={`annual-report-${year}.html`}
					>
						{i.t("stats.downloadHtml")}
					</Button>
				</Space>
			}
		>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{loading && !data && <Loading />}
			{data && (
				<Table<StatsDistrictRow>
					size="small"
					rowKey={(r) => r.district || "total"}
					dataSource={[...data.rows, data.total]}
					pagination={false}
					scroll={{ x: 1200 }}
					columns={[
						{
							title: i.t("stats.district"),
							key: "name",
							fixed: "left",
							render: (_, r) => (i.lang === "zh-CN" ? r.nameZh : r.nameEn),
						},
						col("bodies", "stats.col.bodies", (r) => n(r.bodies)),
						col("labs", "stats.col.labs", (r) => n(r.labs)),
						col("validCertificates", "stats.col.validCertificates", (r) => n(r.validCertificates)),
						col("certificatesIssued", "stats.col.certificatesIssued", (r) => n(r.certificatesIssued)),
						col("reportsIssued", "stats.col.reportsIssued", (r) => n(r.reportsIssued)),
						col("reportsFailed", "stats.col.reportsFailed", (r) => n(r.reportsFailed)),
						col("spotTasks", "stats.col.spotTasks", (r) => n(r.spotTasks)),
						col("spotCoverage", "stats.col.spotCoverage", (r) => percent(r.spotCoverage)),
						col("applicationsDecided", "stats.col.applicationsDecided", (r) => n(r.applicationsDecided)),
						col("approvalsOnTime", "stats.col.approvalsOnTime", (r) => percent(r.approvalsOnTime)),
						col("approvalDays", "stats.col.approvalDays", (r) =>
							r.approvalDays === null ? "—" : r.approvalDays.toFixed(1),
						),
						col("complaintsReceived", "stats.col.complaintsReceived", (r) => n(r.complaintsReceived)),
						col("complaintsUpheld", "stats.col.complaintsUpheld", (r) => n(r.complaintsUpheld)),
						col("alertsRaised", "stats.col.alertsRaised", (r) => n(r.alertsRaised)),
					]}
				/>
			)}
		</Card>
	);
}

export default function StatsPage() {
	const i = useI18n();
	const codes = useCodes();
	const query = useQuery();
	const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Filters;
	const asOf = useGet<StatsBreakdown>(withQuery("/stats/organizations", {}));
	return (
		<>
			<PageHeader
				title={i.t("page.stats")}
				subtitle={
					asOf.data
						? i.t("stats.asOf", {
								size: i.number(asOf.data.asOf.logSize),
								at: i.instant(asOf.data.asOf.refreshedAt),
							})
						: i.t("page.stats.desc")
				}
			/>
			<FilterForm
				name="stats-filters"
				initialValues={filters}
				onFinish={(v: Filters) =>
					setQuery({
						district: v.district,
						field: v.field?.trim(),
						from: v.from?.trim(),
						to: v.to?.trim(),
						year: query.get("year"),
					})
				}
			>
				<Form.Item name="district" label={i.t("stats.district")}>
					<Select
						style={{ width: 160 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("district")]}
					/>
				</Form.Item>
				<Form.Item name="field" label={i.t("stats.field")}>
					<Input allowClear style={{ width: 160 }} placeholder={i.t("stats.fieldHint")} />
				</Form.Item>
				<Form.Item name="from" label={i.t("stats.from")}>
					<Input allowClear style={{ width: 110 }} placeholder="2026-01" className="mono" />
				</Form.Item>
				<Form.Item name="to" label={i.t("stats.to")}>
					<Input allowClear style={{ width: 110 }} placeholder="2026-12" className="mono" />
				</Form.Item>
			</FilterForm>
			{PANELS.map((p) => (
				<MetricCard key={p.metric} panel={p} filters={filters} />
			))}
			<DistrictTable />
		</>
	);
}
