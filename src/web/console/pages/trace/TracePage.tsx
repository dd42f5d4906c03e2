/**
 * Reverse tracing (倒查追溯) for regulators: from an organisation, certificate, report, person or product,
 * everything connected to it within a few hops — the graph, and a table of every record with the path
 * that reached it. Any record can become the new starting point; each opens its own page.
 */
import { ExportOutlined, NodeIndexOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag } from "antd";
import { lazy, Suspense } from "react";
import { withQuery } from "../../api/client.ts";
import { Link, navigate, setQuery, useQuery } from "../../app/router.tsx";
import { useCan } from "../../app/session.tsx";
import { type CodeList, StatusTag } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { KIND_COLORS } from "./colors.ts";
import {
	kindKey,
	TRACE_KINDS,
	type TraceKind,
	type TraceNode,
	type TraceResult,
	tracePath,
} from "./types.ts";

// The graph brings ECharts with it: its own chunk, fetched once a trace is shown.
const TraceGraph = lazy(() => import("./TraceGraph.tsx"));

const DEPTHS = [1, 2, 3, 4] as const;
const DEFAULT_DEPTH = 2;

const STATUS_LIST: Partial<Record<TraceKind, CodeList>> = {
	organization: "orgStatus",
	certificate: "certificateStatus",
	report: "reportStatus",
	person: "personStatus",
};

interface FormValues {
	kind: TraceKind;
	key: string;
	depth: number;
}

function parseKind(s: string | null): TraceKind | null {
	return TRACE_KINDS.includes(s as TraceKind) ? (s as TraceKind) : null;
}

export default function TracePage() {
	const i = useI18n();
	const can = useCan();
	const query = useQuery();
	const kind = parseKind(query.get("kind"));
	const key = query.get("key")?.trim() ?? "";
	const depthParam = Number(query.get("depth"));
	const depth = DEPTHS.includes(depthParam as 1) ? depthParam : DEFAULT_DEPTH;
	const { data, error, loading, reload } = useGet<TraceResult>(
		kind && key ? withQuery("/trace", { kind, key, depth }) : null,
	);
	const result = data && kind && key ? data : undefined;
	const byId = new Map((result?.nodes ?? []).map((n) => [n.id, n]));

	const reroot = (n: TraceNode) => navigate(tracePath(n.kind, n.key, depth));
	const rerootId = (id: string) => {
		const n = byId.get(id);
		if (n) reroot(n);
	};

	/** Where a record opens: its console page when this account works on such records, else its public page. */
	const recordLink = (n: TraceNode) => {
		const label = `${i.t("trace.open")} ${n.label}`;
		const portal = (path: string) => (
			<a href={path} target="_blank" rel="noopener" aria-label={label}>
				<ExportOutlined aria-hidden /> {i.t("trace.openPublic")}
			</a>
		);
		const console = (path: string) => (
			<Link to={path} aria-label={label}>
				{i.t("trace.open")}
			</Link>
		);
		const number = encodeURIComponent(n.detail.number ?? n.label);
		switch (n.kind) {
			case "organization":
				return console(`/organizations/${n.key}`);
			case "certificate": {
				const path = `/certificates/${number}?issuer=${n.detail.cbUscc ?? ""}`;
				return can("certificate.write") ? console(path) : portal(path);
			}
			case "report": {
				const path = `/reports/${number}?lab=${n.detail.labUscc ?? ""}`;
				return can("report.write") ? console(path) : portal(path);
			}
			case "person":
				return n.detail.employer ? console(withQuery("/people", { employer: n.detail.employer })) : null;
			case "product":
				return null;
		}
	};

	const kindTag = (k: TraceKind) => (
		<Tag color={KIND_COLORS[k]} className="trace-kind">
			{i.t(kindKey(k))}
		</Tag>
	);

	return (
		<>
			<PageHeader title={i.t("page.trace")} subtitle={i.t("trace.intro")} />
			<FilterForm<FormValues>
				name="trace"
				initialValues={{ kind: kind ?? "certificate", key, depth }}
				onFinish={(v) => setQuery({ kind: v.kind, key: v.key.trim(), depth: v.depth })}
			>
				<Form.Item name="kind" label={i.t("trace.kind")}>
					<Select
						style={{ width: 140 }}
						options={TRACE_KINDS.map((k) => ({ value: k, label: i.t(kindKey(k)) }))}
					/>
				</Form.Item>
				<Form.Item
					name="key"
					label={i.t("trace.key")}
					rules={[{ required: true, whitespace: true, message: i.t("trace.keyRequired") }]}
					tooltip={i.t("trace.keyHelp")}
				>
					<Input
						style={{ width: 300 }}
						maxLength={200}
						allowClear
						placeholder={i.t("trace.keyPlaceholder")}
					/>
				</Form.Item>
				<Form.Item name="depth" label={i.t("trace.depth")}>
					<Select
						style={{ width: 110 }}
						options={DEPTHS.map((d) => ({ value: d, label: i.t("trace.hops", { n: d }) }))}
					/>
				</Form.Item>
			</FilterForm>

			{!kind || !key ? <Alert type="info" showIcon message={i.t("trace.start")} className="section" /> : null}
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{loading && !result && <Loading />}
			{result && !error && (
				<>
					<Card className="section trace-summary">
						<Space wrap size="middle">
							<span>
								{i.t("trace.from")} {kindTag(result.root.kind)} <strong>{result.root.label}</strong>
							</span>
							{TRACE_KINDS.filter((k) => result.counts[k] > 0).map((k) => (
								<span key={k} className="trace-count">
									{i.t(kindKey(k))} <strong>{i.number(result.counts[k])}</strong>
								</span>
							))}
							<span className="muted">{i.t("trace.depthShown", { n: result.depth })}</span>
						</Space>
						{result.truncated && (
							<Alert type="warning" showIcon className="trace-truncated" message={i.t("trace.truncated")} />
						)}
					</Card>
					<Card className="section" title={i.t("trace.graph")}>
						<Suspense fallback={<Loading />}>
							<TraceGraph result={result} onPick={rerootId} />
						</Suspense>
						<p className="muted">{i.t("trace.graphHint")}</p>
					</Card>
					<Card className="section" title={i.t("trace.records")}>
						<Table<TraceNode>
							className="trace-table"
							rowKey="id"
							size="small"
							dataSource={result.nodes}
							pagination={result.nodes.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
							scroll={{ x: 900 }}
							columns={[
								{
									title: i.t("trace.kind"),
									key: "kind",
									width: 100,
									filters: TRACE_KINDS.filter((k) => result.counts[k] > 0).map((k) => ({
										text: i.t(kindKey(k)),
										value: k,
									})),
									onFilter: (v, n) => n.kind === v,
									render: (_, n) => kindTag(n.kind),
								},
								{
									title: i.t("trace.record"),
									key: "label",
									render: (_, n) => (
										<>
											<Button
												type="link"
												className="trace-reroot"
												icon={<NodeIndexOutlined aria-hidden />}
												aria-label={`${i.t("trace.reroot")} ${n.label}`}
												title={i.t("trace.reroot")}
												onClick={() => reroot(n)}
											>
												{n.label}
											</Button>
											<div className="muted mono">{n.key}</div>
										</>
									),
								},
								{
									title: i.t("trace.status"),
									key: "status",
									width: 110,
									render: (_, n) => {
										const list = STATUS_LIST[n.kind];
										return (
											<>
												{list && n.status ? <StatusTag list={list} code={n.status} /> : "—"}
												{n.detail.withheldSince && <Tag>{i.t("trace.withheld")}</Tag>}
											</>
										);
									},
								},
								{
									title: i.t("trace.hop"),
									dataIndex: "hop",
									width: 70,
									sorter: (a, b) => a.hop - b.hop,
								},
								{
									title: i.t("trace.path"),
									key: "path",
									render: (_, n) =>
										n.hop === 0 ? (
											<span className="muted">{i.t("trace.isRoot")}</span>
										) : (
											<span className="trace-path">
												{n.path.map((id, k) => {
													const p = byId.get(id);
													return (
														<span key={id}>
															{k > 0 && <span aria-hidden> → </span>}
															{p ? <Link to={tracePath(p.kind, p.key, depth)}>{p.label}</Link> : id}
														</span>
													);
												})}
											</span>
										),
								},
								{ title: i.t("common.actions"), key: "open", width: 110, render: (_, n) => recordLink(n) },
							]}
						/>
					</Card>
				</>
			)}
		</>
	);
}
