/**
 * The audit trail: every write and every refused attempt — who, what, on which record, when, from
 * where — newest first. Administrators see all of it; officers what concerns their districts; a body's
 * operators what concerns their own organisation (the server decides).
 */
import { AutoComplete, DatePicker, Form, Input, Select, Table } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { withQuery } from "../../api/client.ts";
import type { AuditEntry, OpenPage } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { codesOf, StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { pageParam } from "../../components/paging.ts";
import { SimplePager } from "../../components/SimplePager.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { AuditDetail } from "./AuditDetail.tsx";

const PAGE_SIZE = 50;
const FILTERS = ["action", "outcome", "actor", "targetType", "target", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The start of a China-time day as a UTC instant (the register's days are China's). */
function chinaDayStart(d: Dayjs): string {
	return new Date(`${d.format("YYYY-MM-DD")}T00:00:00+08:00`).toISOString();
}

export default function AuditPage() {
	const i = useI18n();
	const codes = useCodes();
	const query = useQuery();
	const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Filters;
	const page = pageParam(query);
	const { data, error, loading, reload } = useGet<OpenPage<AuditEntry>>(
		withQuery("/audit", { ...filters, page, pageSize: PAGE_SIZE }),
	);
	const range =
		filters.from || filters.to
			? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to).subtract(1, "day") : null]
			: null;

	const apply = (v: Omit<Filters, "from" | "to"> & { range?: [Dayjs | null, Dayjs | null] | null }) => {
		const [from, to] = v.range ?? [null, null];
		setQuery({
			action: v.action?.trim(),
			outcome: v.outcome,
			actor: v.actor?.trim(),
			targetType: v.targetType,
			target: v.target?.trim(),
			from: from ? chinaDayStart(from) : undefined,
			// The end day is included: the filter runs to the start of the next one.
			to: to ? chinaDayStart(to.add(1, "day")) : undefined,
		});
	};

	return (
		<>
			<PageHeader title={i.t("page.audit")} subtitle={i.t("audit.intro")} />
			<FilterForm name="audit-filters" initialValues={{ ...filters, range }} onFinish={apply}>
				<Form.Item name="action" label={i.t("audit.action")}>
					<AutoComplete
						style={{ width: 230 }}
						allowClear
						options={codesOf("auditAction").map((a) => ({
							value: a,
							label: `${codes.label("auditAction", a)}（${a}）`,
						}))}
						showSearch={{
							filterOption: (input, o) =>
								String(o?.label ?? "")
									.toLowerCase()
									.includes(input.toLowerCase()),
						}}
					/>
				</Form.Item>
				<Form.Item name="outcome" label={i.t("audit.outcome")}>
					<Select
						style={{ width: 120 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("outcome")]}
					/>
				</Form.Item>
				<Form.Item name="actor" label={i.t("audit.actor")}>
					<Input allowClear style={{ width: 160 }} />
				</Form.Item>
				<Form.Item name="targetType" label={i.t("audit.targetType")}>
					<Select
						style={{ width: 150 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("targetType")]}
					/>
				</Form.Item>
				<Form.Item name="target" label={i.t("audit.target")} tooltip={i.t("audit.targetHint")}>
					<Input allowClear style={{ width: 260 }} className="mono" />
				</Form.Item>
				<Form.Item name="range" label={i.t("audit.when")}>
					<DatePicker.RangePicker allowEmpty={[true, true]} />
				</Form.Item>
			</FilterForm>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			<Table<AuditEntry>
				rowKey="id"
				className="audit-table"
				loading={loading}
				dataSource={data?.items ?? []}
				pagination={false}
				expandable={{ expandedRowRender: (e) => <AuditDetail entry={e} /> }}
				scroll={{ x: 1000 }}
				columns={[
					{ title: i.t("audit.at"), key: "at", width: 200, render: (_, e) => i.instant(e.at) },
					{
						title: i.t("audit.actor"),
						key: "actor",
						render: (_, e) => e.actor ?? codes.label("actorType", e.actorType),
					},
					{
						title: i.t("audit.action"),
						key: "action",
						render: (_, e) => (
							<>
								{codes.label("auditAction", e.action)} <code className="muted">{e.action}</code>
							</>
						),
					},
					{
						title: i.t("audit.outcome"),
						key: "outcome",
						render: (_, e) => <StatusTag list="outcome" code={e.outcome} />,
					},
					{
						title: i.t("audit.target"),
						key: "target",
						render: (_, e) =>
							e.targetKey ? (
								<>
									{codes.label("targetType", e.targetType)} <span className="mono">{e.targetKey}</span>
								</>
							) : (
								"—"
							),
					},
				]}
			/>
			<SimplePager
				page={page}
				hasNext={(data?.items.length ?? 0) === PAGE_SIZE}
				onPage={(p) => setQuery({ ...filters, page: p })}
			/>
		</>
	);
}
