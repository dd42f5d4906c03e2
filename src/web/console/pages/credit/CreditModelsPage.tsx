/**
 * The grading model's versions. A new version is written as a draft, compared with the one in force —
 * how many organisations would move from each grade to each other, and which — and only then activated:
 * activation is a log entry, retires the previous version and regrades every organisation, and the
 * page shows what the regrade did.
 */
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type {
	CreditGrade,
	CreditModelComparison,
	CreditModelVersion,
	CreditRegradeSummary,
} from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { useCan } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { GRADE_RANK, GRADES, GradeTag } from "./grades.tsx";
import { ModelDraftDrawer } from "./ModelDraftDrawer.tsx";

const STATUS_COLOR: Record<CreditModelVersion["status"], string> = {
	draft: "gold",
	active: "green",
	retired: "default",
};

export default function CreditModelsPage() {
	const i = useI18n();
	const can = useCan();
	const { message } = App.useApp();
	const { data, error, loading, reload } = useGet<{ items: CreditModelVersion[] }>("/credit/models");
	const [comparing, setComparing] = useState<string | null>(null);
	const [drafting, setDrafting] = useState(false);
	const [activating, setActivating] = useState<string | null>(null);
	const [actionError, setActionError] = useState<unknown>();
	const [summary, setSummary] = useState<CreditRegradeSummary | null>(null);
	const mayModel = can("credit.model");
	const items = data?.items ?? [];
	const active = items.find((m) => m.status === "active");

	const activate = async (version: string) => {
		setActivating(version);
		setActionError(undefined);
		try {
			const s = await apiPost<CreditRegradeSummary>(`/credit/models/${encodeURIComponent(version)}/activate`);
			setSummary(s);
			setComparing(null);
			void message.success(i.t("credit.models.activated", { model: s.model }));
			reload();
		} catch (e) {
			setActionError(e);
		} finally {
			setActivating(null);
		}
	};

	return (
		<>
			<PageHeader
				title={i.t("page.creditModels")}
				subtitle={i.t("credit.models.intro")}
				extra={
					mayModel &&
					active && (
						<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDrafting(true)}>
							{i.t("credit.models.new")}
						</Button>
					)
				}
			/>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{actionError !== undefined && <ErrorAlert error={actionError} />}
			{summary && <RegradeSummary s={summary} onClose={() => setSummary(null)} />}
			{loading && !data ? (
				<Loading />
			) : (
				<Card className="section">
					<Table<CreditModelVersion>
						className="credit-models"
						size="small"
						pagination={false}
						rowKey="version"
						dataSource={items}
						expandable={{
							expandedRowRender: (m) => (
								<pre className="mono" style={{ margin: 0, maxHeight: 360, overflow: "auto", fontSize: 12 }}>
									{JSON.stringify(m.model, null, 2)}
								</pre>
							),
						}}
						columns={[
							{
								title: i.t("credit.models.version"),
								key: "version",
								render: (_, m) => <span className="mono">{m.version}</span>,
							},
							{
								title: i.t("credit.models.status"),
								key: "status",
								render: (_, m) => (
									<Tag color={STATUS_COLOR[m.status]}>{i.t(`credit.models.status.${m.status}`)}</Tag>
								),
							},
							{ title: i.t("credit.models.note"), key: "note", render: (_, m) => m.note },
							{
								title: i.t("credit.models.createdBy"),
								key: "createdBy",
								render: (_, m) =>
									m.createdAt === null ? (
										<span className="muted">{i.t("credit.models.initial")}</span>
									) : (
										<>
											{m.createdBy}
											<div className="muted">{i.instant(m.createdAt)}</div>
										</>
									),
							},
							{
								title: i.t("credit.models.activatedAt"),
								key: "activatedAt",
								render: (_, m) => i.instant(m.activatedAt),
							},
							{
								title: i.t("credit.logIndex"),
								key: "log",
								render: (_, m) =>
									m.logIndex === null ? (
										"—"
									) : (
										<a
											href={`/api/v1/log/entries/${m.logIndex}`}
											target="_blank"
											rel="noreferrer"
											className="mono"
										>
											#{m.logIndex}
										</a>
									),
							},
							...(mayModel
								? [
										{
											title: i.t("common.actions"),
											key: "actions",
											render: (_: unknown, m: CreditModelVersion) =>
												m.status === "draft" ? (
													<Space wrap>
														<Button
															size="small"
															onClick={() => setComparing(m.version)}
															aria-label={`${i.t("credit.models.compare")} ${m.version}`}
														>
															{i.t("credit.models.compare")}
														</Button>
														<Popconfirm
															title={i.t("credit.models.activateConfirm")}
															okText={i.t("credit.models.activate")}
															cancelText={i.t("common.cancel")}
															onConfirm={() => activate(m.version)}
														>
															<Button
																size="small"
																type="primary"
																loading={activating === m.version}
																aria-label={`${i.t("credit.models.activate")} ${m.version}`}
															>
																{i.t("credit.models.activate")}
															</Button>
														</Popconfirm>
													</Space>
												) : null,
										},
									]
								: []),
						]}
					/>
				</Card>
			)}
			{comparing && <Comparison version={comparing} onClose={() => setComparing(null)} />}
			{drafting && active && (
				<ModelDraftDrawer
					base={active}
					taken={new Set(items.map((m) => m.version))}
					onClose={() => setDrafting(false)}
					onSaved={() => {
						setDrafting(false);
						reload();
					}}
				/>
			)}
		</>
	);
}

/** What the regrade after an activation did. */
function RegradeSummary({ s, onClose }: { s: CreditRegradeSummary; onClose(): void }) {
	const i = useI18n();
	return (
		<Alert
			type="success"
			showIcon
			closable
			onClose={onClose}
			className="section credit-regrade"
			title={i.t("credit.models.regradeTitle", { model: s.model })}
			description={
				<>
					<div>
						{i.t("credit.models.regradeText", {
							asOf: i.date(s.asOf),
							graded: i.number(s.graded),
							changed: i.number(s.changed),
						})}
					</div>
					<Space size={12} wrap style={{ marginTop: 8 }}>
						{GRADES.map((g) => (
							<span key={g}>
								<GradeTag grade={g} /> {i.number(s.byGrade[g] ?? 0)}
							</span>
						))}
					</Space>
				</>
			}
		/>
	);
}

/** The grade-move matrix (in force by rows, draft by columns) and the organisations that would move. */
function Comparison({ version, onClose }: { version: string; onClose(): void }) {
	const i = useI18n();
	const {
		data: c,
		error,
		loading,
		reload,
	} = useGet<CreditModelComparison>(`/credit/models/${encodeURIComponent(version)}/compare`);
	const count = (from: CreditGrade, to: CreditGrade) =>
		c?.moves.find((m) => m.from === from && m.to === to)?.count ?? 0;
	type Row = { from: CreditGrade };
	return (
		<Card
			className="section credit-compare"
			title={
				<h2 className="card-title">
					{c ? i.t("credit.models.compareTitle", { from: c.from, to: c.to }) : i.t("credit.models.compare")}
				</h2>
			}
			extra={<Button onClick={onClose}>{i.t("common.close")}</Button>}
		>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{loading && !c && <Loading />}
			{c && (
				<>
					<p>
						{i.t("credit.models.compareText", {
							asOf: i.date(c.asOf),
							organizations: i.number(c.organizations),
							changed: i.number(c.changed),
						})}
					</p>
					<h3 className="section-title">{i.t("credit.models.matrix")}</h3>
					<Table<Row>
						className="credit-matrix"
						size="small"
						bordered
						pagination={false}
						style={{ maxWidth: 520 }}
						rowKey="from"
						dataSource={GRADES.map((from) => ({ from }))}
						columns={[
							{
								title: <span className="muted">{i.t("credit.models.matrixCorner")}</span>,
								key: "from",
								width: 160,
								render: (_, r) => <GradeTag grade={r.from} />,
							},
							...GRADES.map((to) => ({
								title: <GradeTag grade={to} />,
								key: to,
								width: 90,
								align: "right" as const,
								render: (_: unknown, r: Row) => {
									const n = count(r.from, to);
									const move = GRADE_RANK[to] - GRADE_RANK[r.from];
									if (move === 0) return <span className="muted">{i.number(n)}</span>;
									if (n === 0) return <span className="muted">0</span>;
									return (
										<strong style={{ color: move > 0 ? "#cf1322" : "#237804" }}>
											{move > 0 ? "↑" : "↓"} {i.number(n)}
										</strong>
									);
								},
							})),
						]}
					/>
					<h3 className="section-title">{i.t("credit.models.examples")}</h3>
					{c.examples.length === 0 ? (
						<p className="muted">{i.t("credit.models.noChange")}</p>
					) : (
						<>
							{c.changed > c.examples.length && <p className="muted">{i.t("credit.models.examplesHint")}</p>}
							<Table
								size="small"
								pagination={c.examples.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
								rowKey="uscc"
								dataSource={c.examples}
								columns={[
									{
										title: i.t("credit.models.org"),
										key: "org",
										render: (_, e) => (
											<>
												<Link to={`/credit/${encodeURIComponent(e.uscc)}`}>{e.name}</Link>
												<div className="mono muted">{e.uscc}</div>
											</>
										),
									},
									{
										title: i.t("credit.models.gradeMove"),
										key: "grade",
										render: (_, e) => (
											<>
												<GradeTag grade={e.from} /> → <GradeTag grade={e.to} />
											</>
										),
									},
									{
										title: i.t("credit.models.scoreMove"),
										key: "score",
										render: (_, e) => (
											<span className="mono">
												{e.fromScore} → {e.toScore}
											</span>
										),
									},
								]}
							/>
						</>
					)}
				</>
			)}
		</Card>
	);
}
