/**
 * An organisation's credit file as a regulator reads it, on one screen: the credit-risk grade (an
 * internal reference, 国市监信发〔2022〕6号, never shown to the public) with where its score falls between
 * the thresholds; each factor's points with what it counted — the spot-check tasks, certificates,
 * reports, schemes — and the direct judgement when one set the grade; then the integrity-file events,
 * each made public by a log entry, as the public page shows them too.
 */
import { ExportOutlined } from "@ant-design/icons";
import { Alert, Card, Empty, Space, Table, Tag } from "antd";
import type { ReactNode } from "react";
import { gradeForScore } from "../../../../core/credit/grading.ts";
import type { CreditContribution, CreditEvent, CreditFile, CreditGradeExplanation } from "../../api/types.ts";
import { useCan } from "../../app/session.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { type I18n, type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";
import { GRADE_COLOR, GRADES, GradeBadge } from "./grades.tsx";

/** A spot-check task as the file names it: `2026-SH-01#12`. */
const TASK_REF = /^(.+)#(\d+)$/;

/** Factors whose basis is a record with a public page: the page's path. */
const PUBLIC_RECORD: Record<string, string> = {
	certificate_withdrawn: "certificates",
	report_revoked: "reports",
};

const OUTCOME_COLOR: Record<string, string> = {
	pass: "green",
	fail: "red",
	rectify: "orange",
	unable: "gold",
};

/** A name as a table cell shows it: the API's English names are lower-case phrases ("field risk"). */
function sentence(i: I18n, v: { zh: string; en: string }): string {
	const s = i.name(v);
	return i.lang === "en" ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** The public page of a spot-check batch (outside the console). */
function batchHref(batch: string): string {
	return `/spot-checks/${encodeURIComponent(batch)}`;
}

export default function CreditFilePage({ params }: PageProps) {
	const i = useI18n();
	const codes = useCodes();
	const can = useCan();
	const uscc = params.uscc ?? "";
	const {
		data: f,
		error,
		loading,
		reload,
	} = useGet<CreditFile>(`/organizations/${encodeURIComponent(uscc)}/credit`);
	const back = can("organization.write")
		? { to: `/organizations/${encodeURIComponent(uscc)}`, label: i.t("page.organization") }
		: undefined;

	if (loading && !f) return <Loading />;
	if (error || !f)
		return (
			<>
				<PageHeader title={i.t("page.creditFile")} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	const o = f.organization;
	return (
		<>
			<PageHeader
				title={i.t("credit.title", { name: o.name })}
				subtitle={
					<>
						{codes.label("orgKind", o.kind)}
						{o.district && ` · ${codes.label("district", o.district)}`} ·{" "}
						<span className="mono">{o.uscc}</span>
					</>
				}
				back={back}
				extra={
					<a href={`/organizations/${encodeURIComponent(o.uscc)}`} target="_blank" rel="noreferrer">
						{i.t("credit.publicPage")} <ExportOutlined aria-hidden />
					</a>
				}
			/>
			{f.grade ? <GradeCards g={f.grade} /> : <NotGraded />}
			<EventsCard events={f.events} />
		</>
	);
}

function NotGraded() {
	const i = useI18n();
	return (
		<Card title={<h2 className="card-title">{i.t("credit.gradeTitle")}</h2>} className="section">
			<Empty
				className="credit-not-graded"
				description={
					<>
						<strong>{i.t("credit.notGraded")}</strong>
						<div className="muted">{i.t("credit.notGradedText")}</div>
					</>
				}
			/>
		</Card>
	);
}

/** The grade, its score on the thresholds' scale, the direct judgement if any, and the factors. */
function GradeCards({ g }: { g: CreditGradeExplanation }) {
	const i = useI18n();
	const byScore = gradeForScore(g.score, g.thresholds);
	return (
		<>
			<Card title={<h2 className="card-title">{i.t("credit.gradeTitle")}</h2>} className="section">
				<div style={{ display: "flex", flexWrap: "wrap", gap: 24, alignItems: "center" }}>
					<GradeBadge grade={g.grade} />
					<div style={{ flex: "1 1 260px", minWidth: 240 }}>
						<div className="credit-grade-words" style={{ fontSize: 22, fontWeight: 600 }}>
							{i.t("credit.class", { grade: g.grade })} · {i.t(`credit.grade.${g.grade}`)}
						</div>
						<div style={{ fontSize: 16, marginTop: 4 }}>
							{i.t("credit.scoreLine", { score: i.number(g.score) })}
						</div>
						{g.floor && byScore !== g.grade && (
							<div className="muted" style={{ marginTop: 4 }}>
								{i.t("credit.scoreGrade", { grade: byScore, final: g.grade })}
							</div>
						)}
						<ThresholdScale g={g} />
					</div>
					<div style={{ flex: "1 1 380px" }}>
						<FieldList
							rows={[
								{ label: i.t("credit.model"), value: <span className="mono">{g.model}</span> },
								{ label: i.t("credit.gradedOn"), value: i.date(g.gradedOn) },
								{ label: i.t("credit.changedOn"), value: i.date(g.changedOn) },
								{
									label: i.t("credit.thresholds"),
									value: i.t("credit.thresholdsText", {
										A: i.number(g.thresholds.A),
										B: i.number(g.thresholds.B),
										C: i.number(g.thresholds.C),
									}),
								},
							]}
							columns={1}
						/>
					</div>
				</div>
				{g.floor && (
					<Alert
						type="warning"
						showIcon
						className="credit-floor"
						style={{ marginTop: 16 }}
						title={i.t("credit.floorTitle", { grade: g.floor.atLeast })}
						description={
							<>
								<div>{i.name(g.floor)}</div>
								<Basis factor="floor" items={g.floor.basis} />
							</>
						}
					/>
				)}
				<p className="muted" style={{ margin: "16px 0 0" }}>
					{i.t("credit.internal")}
				</p>
			</Card>
			<FactorsCard g={g} />
		</>
	);
}

/**
 * Where the score falls: the four grades' bands between the thresholds, the band the score is in
 * drawn solid, a marker at the score. A picture of what the thresholds row says in words.
 */
function ThresholdScale({ g }: { g: CreditGradeExplanation }) {
	const t = g.thresholds;
	const lo = Math.min(0, g.score - 5);
	const hi = Math.max(t.C + Math.max(15, t.C - t.B), g.score + 5);
	const at = (x: number) => ((x - lo) / (hi - lo)) * 100;
	const bounds: [number, number][] = [
		[lo, t.A],
		[t.A, t.B],
		[t.B, t.C],
		[t.C, hi],
	];
	const inBand = gradeForScore(g.score, t);
	return (
		<div
			aria-hidden
			style={{ position: "relative", marginTop: 12, paddingTop: 22, paddingBottom: 18, maxWidth: 420 }}
		>
			<div
				style={{
					position: "absolute",
					top: 0,
					left: `${at(g.score)}%`,
					transform: "translateX(-50%)",
					fontSize: 12,
					fontWeight: 600,
					whiteSpace: "nowrap",
				}}
			>
				{g.score} ▾
			</div>
			<div style={{ display: "flex", height: 18, borderRadius: 4, overflow: "hidden" }}>
				{GRADES.map((grade, k) => {
					const [a, b] = bounds[k]!;
					return (
						<div
							key={grade}
							style={{
								width: `${at(b) - at(a)}%`,
								background: GRADE_COLOR[grade],
								opacity: grade === inBand ? 1 : 0.35,
								color: "#fff",
								fontSize: 12,
								fontWeight: 600,
								textAlign: "center",
								lineHeight: "18px",
							}}
						>
							{grade}
						</div>
					);
				})}
			</div>
			{[t.A, t.B, t.C].map((x) => (
				<div
					key={x}
					className="muted"
					style={{
						position: "absolute",
						bottom: 0,
						left: `${at(x)}%`,
						transform: "translateX(-50%)",
						fontSize: 12,
					}}
				>
					{x}
				</div>
			))}
		</div>
	);
}

/** Each factor's points, drawn as a bar (risk added) or a green bar (risk reduced), with its basis. */
function FactorsCard({ g }: { g: CreditGradeExplanation }) {
	const i = useI18n();
	const widest = Math.max(1, ...g.contributions.map((c) => Math.abs(c.points)));
	return (
		<Card
			title={<h2 className="card-title">{i.t("credit.factors")}</h2>}
			className="section credit-factors"
			extra={<span className="muted">{i.t("credit.factorsHint")}</span>}
		>
			<Table<CreditContribution>
				size="small"
				pagination={false}
				rowKey="factor"
				dataSource={g.contributions}
				columns={[
					{
						title: i.t("credit.factor"),
						key: "factor",
						width: "28%",
						render: (_, c) => sentence(i, c),
					},
					{
						title: i.t("credit.points"),
						key: "points",
						width: "30%",
						render: (_, c) => (
							<Space size={8} wrap>
								<span
									aria-hidden
									style={{
										display: "inline-block",
										width: `${Math.max(2, Math.round((Math.abs(c.points) / widest) * 120))}px`,
										height: 10,
										borderRadius: 2,
										background: c.points < 0 ? GRADE_COLOR.A : c.points > 0 ? GRADE_COLOR.C : "#d9d9d9",
										verticalAlign: "middle",
									}}
								/>
								<span className="mono" style={{ fontWeight: 600 }}>
									{signed(c.points)}
								</span>
								{c.points < 0 && <Tag color="green">{i.t("credit.reduces")}</Tag>}
							</Space>
						),
					},
					{
						title: i.t("credit.basis"),
						key: "basis",
						render: (_, c) => <Basis factor={c.factor} items={c.basis} />,
					},
				]}
				summary={() => (
					<Table.Summary.Row>
						<Table.Summary.Cell index={0}>
							<strong>{i.t("credit.total")}</strong>
						</Table.Summary.Cell>
						<Table.Summary.Cell index={1}>
							<strong className="mono">{i.number(g.score)}</strong>
						</Table.Summary.Cell>
						<Table.Summary.Cell index={2}>
							{i.t("credit.class", { grade: gradeForScore(g.score, g.thresholds) })}
						</Table.Summary.Cell>
					</Table.Summary.Row>
				)}
			/>
		</Card>
	);
}

/** +15, −5, 0. */
function signed(n: number): string {
	return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0";
}

/**
 * What a factor counted. Spot-check tasks link to their batch's public page, certificates and reports
 * to theirs; the field factor's codes are named; the inspection factor says when the last inspection was, or that there was none.
 */
function Basis({ factor, items }: { factor: string; items: string[] }) {
	const i = useI18n();
	const codes = useCodes();
	if (factor === "inspection")
		return items.length ? (
			<span>{i.t("credit.lastInspected", { date: i.date(items[0]) })}</span>
		) : (
			<span>{i.t("credit.neverInspected")}</span>
		);
	if (!items.length) return <span className="muted">—</span>;
	const shown = (b: string): ReactNode => {
		const task = TASK_REF.exec(b);
		if (task)
			return (
				<a href={batchHref(task[1]!)} target="_blank" rel="noreferrer" className="mono">
					{b}
				</a>
			);
		const page = PUBLIC_RECORD[factor];
		if (page)
			return (
				<a href={`/${page}/${encodeURIComponent(b)}`} target="_blank" rel="noreferrer" className="mono">
					{b}
				</a>
			);
		if (factor === "field") {
			const name = codes.label("scheme", b);
			return name === b ? b : `${name}（${b}）`;
		}
		return <span className="mono">{b}</span>;
	};
	return (
		<Space size={[4, 4]} wrap>
			{items.map((b) => (
				<Tag key={b} style={{ marginInlineEnd: 0 }}>
					{shown(b)}
				</Tag>
			))}
		</Space>
	);
}

/** The integrity file's events, newest first, each with the log entry that made it public. */
function EventsCard({ events }: { events: CreditEvent[] }) {
	const i = useI18n();
	return (
		<Card
			title={<h2 className="card-title">{i.t("credit.events")}</h2>}
			className="section credit-events"
			extra={<span className="muted">{i.t("credit.eventsHint")}</span>}
		>
			<Table<CreditEvent>
				size="small"
				pagination={events.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
				rowKey={(e) => `${e.kind}/${e.source}`}
				dataSource={events}
				locale={{
					emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={i.t("credit.noEvents")} />,
				}}
				columns={[
					{ title: i.t("credit.date"), key: "on", width: 120, render: (_, e) => i.date(e.occurredOn) },
					{ title: i.t("credit.kind"), key: "kind", render: (_, e) => sentence(i, e.kindText) },
					{
						title: i.t("credit.outcome"),
						key: "outcome",
						render: (_, e) => (
							<>
								<Outcome e={e} />
								{e.status === "withdrawn" && <Tag>{i.t("credit.withdrawn")}</Tag>}
							</>
						),
					},
					{
						title: i.t("credit.summary"),
						key: "summary",
						render: (_, e) => <EventSummary e={e} />,
					},
					{
						title: i.t("credit.source"),
						key: "source",
						render: (_, e) => {
							const batch = typeof e.detail.batch === "string" ? e.detail.batch : null;
							return batch ? (
								<a href={batchHref(batch)} target="_blank" rel="noreferrer">
									{i.t("credit.task", { batch, seq: String(e.detail.seq ?? "") })}
								</a>
							) : (
								<span className="mono">{e.source}</span>
							);
						},
					},
					{
						title: i.t("credit.logIndex"),
						key: "log",
						render: (_, e) =>
							e.logIndex === null ? (
								"—"
							) : (
								<a
									href={`/api/v1/log/entries/${e.logIndex}`}
									target="_blank"
									rel="noreferrer"
									className="mono"
								>
									#{e.logIndex}
								</a>
							),
					},
				]}
			/>
		</Card>
	);
}

function Outcome({ e }: { e: CreditEvent }) {
	const i = useI18n();
	if (!e.outcome) return <span className="muted">—</span>;
	if (e.kind === "spot_check" && e.outcome in OUTCOME_COLOR)
		return <Tag color={OUTCOME_COLOR[e.outcome]}>{i.t(`spot.result.${e.outcome}` as MessageKey)}</Tag>;
	return <span>{e.outcome}</span>;
}

/** The public summary, with a spot check's findings and its rectification. */
function EventSummary({ e }: { e: CreditEvent }) {
	const i = useI18n();
	const text = (k: string) =>
		typeof e.detail[k] === "string" && e.detail[k] ? (e.detail[k] as string) : null;
	const findings = text("findings");
	const rectifyBy = text("rectifyBy");
	const rectifiedOn = text("rectifiedOn");
	return (
		<>
			<div>{e.summary}</div>
			{findings && <div className="muted">{i.t("credit.findings", { text: findings })}</div>}
			{rectifyBy && (
				<div>
					{i.t("spot.rectifyBy")} {i.date(rectifyBy)}{" "}
					{rectifiedOn && <Tag color="green">{i.t("spot.rectifiedOn", { date: i.date(rectifiedOn) })}</Tag>}
				</div>
			)}
		</>
	);
}
