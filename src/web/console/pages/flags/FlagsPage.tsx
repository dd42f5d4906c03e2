/**
 * Flags for regulators: what the scope cross-checks found — a certificate outside its CB's approval, a
 * report item outside the lab's capability list, an unauthorised signatory — with the evidence, counted
 * per body, and dismissed or escalated with a reason (the server audits each decision). Officers see the
 * bodies in their districts (the server decides).
 */
import { Button, Form, Input, Modal, Select, Space, Table } from "antd";
import { useState } from "react";
import { apiPost, withQuery } from "../../api/client.ts";
import type { Flag, FlagCount, OpenPage } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { pageParam } from "../../components/paging.ts";
import { SimplePager } from "../../components/SimplePager.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";

const PAGE_SIZE = 50;
const FILTERS = ["status", "kind", "org"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The public page of a flag's record. */
function recordHref(f: Flag): string | null {
	if (f.subjectType === "certificate")
		return `/v/certificate/${encodeURIComponent(f.subjectKey)}?issuer=${f.organization.uscc}`;
	if (f.subjectType === "report")
		return `/v/report/${encodeURIComponent(f.subjectKey)}?issuer=${f.organization.uscc}`;
	if (f.subjectType === "person") return withQuery("/console/people", { employer: f.organization.uscc });
	return null;
}

/** Records the evidence names (an auditor's clashing audits), as links to their pages. */
function evidenceLinks(f: Flag): { href: string; label: string }[] {
	const listed = (f.evidence as { listed?: { audits?: { certificate?: string }[] }[] } | null)?.listed;
	if (!Array.isArray(listed)) return [];
	const numbers = new Set<string>();
	for (const clash of listed)
		for (const a of clash.audits ?? []) if (a.certificate) numbers.add(a.certificate);
	return [...numbers].map((n) => ({ href: `/v/certificate/${encodeURIComponent(n)}`, label: n }));
}

export default function FlagsPage() {
	const i = useI18n();
	const codes = useCodes();
	const query = useQuery();
	const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Filters;
	if (!query.has("status")) filters.status = "open";
	const page = pageParam(query);
	const list = useGet<OpenPage<Flag> & { total: number }>(
		withQuery("/flags", { ...filters, page, pageSize: PAGE_SIZE }),
	);
	const summary = useGet<{ items: FlagCount[] }>(withQuery("/flags/summary", { status: filters.status }));
	const [deciding, setDeciding] = useState<{ flag: Flag; decision: "dismissed" | "escalated" }>();

	return (
		<>
			<PageHeader title={i.t("page.flags")} subtitle={i.t("flags.intro")} />
			<FilterForm
				name="flag-filters"
				initialValues={filters}
				onFinish={(v: Filters) => setQuery({ status: v.status || "", kind: v.kind, org: v.org?.trim() })}
			>
				<Form.Item name="status" label={i.t("flags.status")}>
					<Select
						style={{ width: 130 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("flagStatus")]}
					/>
				</Form.Item>
				<Form.Item name="kind" label={i.t("flags.kind")}>
					<Select
						style={{ width: 240 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("flagKind")]}
					/>
				</Form.Item>
				<Form.Item name="org" label={i.t("flags.org")}>
					<Input allowClear style={{ width: 220 }} className="mono" placeholder="913101…" />
				</Form.Item>
			</FilterForm>
			{summary.data && summary.data.items.length > 0 && (
				<section className="flag-summary" aria-label={i.t("flags.summary")}>
					<h2>{i.t("flags.summary")}</h2>
					<Table<FlagCount>
						size="small"
						rowKey={(r) => `${r.uscc}:${r.kind}`}
						dataSource={summary.data.items.slice(0, 10)}
						pagination={false}
						columns={[
							{
								title: i.t("flags.body"),
								key: "body",
								render: (_, r) => (
									<a
										href={withQuery("/console/flags", { ...filters, org: r.uscc })}
										onClick={(e) => {
											e.preventDefault();
											setQuery({ ...filters, org: r.uscc });
										}}
									>
										{r.name}
									</a>
								),
							},
							{ title: i.t("flags.kind"), key: "kind", render: (_, r) => codes.label("flagKind", r.kind) },
							{ title: i.t("flags.count"), dataIndex: "count", key: "count", align: "right" },
						]}
					/>
				</section>
			)}
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<Table<Flag>
				rowKey="id"
				className="flags-table"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				pagination={false}
				scroll={{ x: 1000 }}
				expandable={{
					expandedRowRender: (f) => (
						<FieldList
							rows={[
								{
									label: i.t("flags.evidence"),
									value: <code className="hash">{JSON.stringify(f.evidence)}</code>,
									wide: true,
								},
								{
									label: i.t("flags.records"),
									value: evidenceLinks(f).length ? (
										<span className="evidence-links">
											{evidenceLinks(f).map((l) => (
												<a key={l.href} href={l.href} target="_blank" rel="noreferrer" className="mono">
													{l.label}
												</a>
											))}
										</span>
									) : null,
									wide: true,
								},
								{ label: i.t("flags.foundAt"), value: i.instant(f.foundAt) },
								{ label: i.t("flags.checkedAt"), value: i.instant(f.checkedAt) },
								{ label: i.t("flags.decidedBy"), value: f.decidedBy },
								{ label: i.t("flags.decidedAt"), value: f.decidedAt && i.instant(f.decidedAt) },
								{ label: i.t("flags.reason"), value: f.decisionReason, wide: true },
							]}
						/>
					),
				}}
				columns={[
					{
						title: i.t("flags.kind"),
						key: "kind",
						width: 180,
						render: (_, f) => codes.label("flagKind", f.kind),
					},
					{
						title: i.t("flags.subject"),
						key: "subject",
						width: 190,
						render: (_, f) => {
							const href = recordHref(f);
							return href ? (
								<a href={href} target="_blank" rel="noreferrer" className="mono">
									{f.subjectKey}
								</a>
							) : (
								<span className="mono">{f.subjectKey}</span>
							);
						},
					},
					{ title: i.t("flags.body"), key: "body", width: 220, render: (_, f) => f.organization.name },
					{
						title: i.t("flags.message"),
						key: "message",
						render: (_, f) => (i.lang === "en" ? f.message : f.messageZh),
					},
					{
						title: i.t("flags.status"),
						key: "status",
						width: 100,
						render: (_, f) => <StatusTag list="flagStatus" code={f.status} />,
					},
					{
						title: i.t("common.actions"),
						key: "actions",
						width: 170,
						render: (_, f) =>
							f.status === "cleared" ? null : (
								<Space>
									{f.status !== "dismissed" && (
										<Button size="small" onClick={() => setDeciding({ flag: f, decision: "dismissed" })}>
											{i.t("flags.dismiss")}
										</Button>
									)}
									{f.status !== "escalated" && (
										<Button
											size="small"
											danger
											onClick={() => setDeciding({ flag: f, decision: "escalated" })}
										>
											{i.t("flags.escalate")}
										</Button>
									)}
								</Space>
							),
					},
				]}
			/>
			<SimplePager
				page={page}
				hasNext={page * PAGE_SIZE < (list.data?.total ?? 0)}
				onPage={(p) => setQuery({ ...filters, page: String(p) })}
			/>
			{deciding && (
				<DecisionDialog
					flag={deciding.flag}
					decision={deciding.decision}
					onClose={() => setDeciding(undefined)}
					onDone={() => {
						setDeciding(undefined);
						list.reload();
						summary.reload();
					}}
				/>
			)}
		</>
	);
}

function DecisionDialog(props: {
	flag: Flag;
	decision: "dismissed" | "escalated";
	onClose(): void;
	onDone(): void;
}) {
	const i = useI18n();
	const codes = useCodes();
	const [form] = Form.useForm<{ reason: string }>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const send = async ({ reason }: { reason: string }) => {
		setBusy(true);
		setError(undefined);
		try {
			await apiPost(`/flags/${props.flag.id}/decision`, { decision: props.decision, reason });
			props.onDone();
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};
	return (
		<Modal
			open
			title={i.t(props.decision === "dismissed" ? "flags.dismissTitle" : "flags.escalateTitle", {
				subject: props.flag.subjectKey,
			})}
			okText={i.t(props.decision === "dismissed" ? "flags.dismiss" : "flags.escalate")}
			okButtonProps={{ danger: props.decision === "escalated", loading: busy }}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={props.onClose}
			destroyOnHidden
		>
			<p>
				{codes.label("flagKind", props.flag.kind)} · {props.flag.organization.name}
			</p>
			<p>{i.lang === "en" ? props.flag.message : props.flag.messageZh}</p>
			{error ? <ErrorAlert error={error} /> : null}
			<Form form={form} layout="vertical" name="flag-decision" onFinish={send}>
				<Form.Item
					name="reason"
					label={i.t("flags.reason")}
					rules={[{ required: true, whitespace: true, message: i.t("flags.reasonRequired") }]}
				>
					<Input.TextArea rows={3} maxLength={500} showCount />
				</Form.Item>
			</Form>
		</Modal>
	);
}
