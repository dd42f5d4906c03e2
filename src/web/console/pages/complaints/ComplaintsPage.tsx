/**
 * The complaints queue (投诉举报) for the regulators who handle them, oldest first: what each is, whom it
 * is about, where it stands and by when it must be accepted (5 working days) or closed (60), red once
 * past. Officers see their districts' complaints, administrators all (the server decides). No contact
 * data here: that is read, and audited, on a complaint's own page.
 */
import { Checkbox, Form, Select, Table } from "antd";
import { withQuery } from "../../api/client.ts";
import type { ComplaintItem } from "../../api/types.ts";
import { Link, setQuery, useQuery } from "../../app/router.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PAGE_SIZE, pageParam } from "../../components/paging.ts";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import {
	AcceptBy,
	CloseBy,
	COMPLAINT_STATUSES,
	ComplaintStatusTag,
	ComplaintSubject,
} from "./complaintParts.tsx";

interface Filters {
	status: string;
	overdue: boolean;
}

export default function ComplaintsPage() {
	const i = useI18n();
	const codes = useCodes();
	const query = useQuery();
	const filters: Filters = { status: query.get("status") ?? "", overdue: query.get("overdue") === "true" };
	const page = pageParam(query);
	const list = useGet<{ items: ComplaintItem[]; page: number; pageSize: number; total: number }>(
		withQuery("/complaints", {
			status: filters.status,
			overdue: filters.overdue ? "true" : undefined,
			page,
			pageSize: PAGE_SIZE,
		}),
	);

	return (
		<>
			<PageHeader title={i.t("page.complaints")} subtitle={i.t("complaints.intro")} />
			<FilterForm<Filters>
				name="complaint-filters"
				initialValues={filters}
				onFinish={(v) => setQuery({ status: v.status || "", overdue: v.overdue ? "true" : "" })}
			>
				<Form.Item name="status" label={i.t("complaints.statusCol")}>
					<Select
						style={{ width: 140 }}
						options={[
							{ value: "", label: i.t("filter.any") },
							...COMPLAINT_STATUSES.map((s) => ({ value: s, label: i.t(`complaints.status.${s}`) })),
						]}
					/>
				</Form.Item>
				<Form.Item name="overdue" valuePropName="checked">
					<Checkbox>{i.t("complaints.onlyOverdue")}</Checkbox>
				</Form.Item>
			</FilterForm>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<Table<ComplaintItem>
				className="complaints-table"
				rowKey="tracking"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				scroll={{ x: 1000 }}
				locale={{ emptyText: i.t("complaints.none") }}
				pagination={{
					current: list.data?.page ?? page,
					pageSize: list.data?.pageSize ?? PAGE_SIZE,
					total: list.data?.total ?? 0,
					showSizeChanger: false,
					hideOnSinglePage: true,
					showTotal: (n) => i.t("list.total", { n: i.number(n) }),
					onChange: (p) =>
						setQuery({ status: filters.status, overdue: filters.overdue ? "true" : "", page: String(p) }),
				}}
				columns={[
					{
						title: i.t("complaints.tracking"),
						key: "tracking",
						width: 200,
						render: (_, c) => (
							<Link to={`/complaints/${encodeURIComponent(c.tracking)}`} className="mono">
								{c.tracking}
							</Link>
						),
					},
					{
						title: i.t("complaints.kind"),
						key: "kind",
						width: 70,
						render: (_, c) => i.t(`complaints.kind.${c.kind}`),
					},
					{
						title: i.t("complaints.subject"),
						key: "subject",
						render: (_, c) => <ComplaintSubject c={c} />,
					},
					{
						title: i.t("complaints.district"),
						key: "district",
						width: 110,
						render: (_, c) =>
							c.district ? codes.label("district", c.district) : <span className="muted">—</span>,
					},
					{
						title: i.t("complaints.statusCol"),
						key: "status",
						width: 100,
						render: (_, c) => <ComplaintStatusTag status={c.status} />,
					},
					{
						title: i.t("complaints.acceptBy"),
						key: "acceptBy",
						width: 170,
						render: (_, c) => <AcceptBy c={c} />,
					},
					{
						title: i.t("complaints.closeBy"),
						key: "closeBy",
						width: 170,
						render: (_, c) => <CloseBy c={c} />,
					},
					{
						title: i.t("complaints.assignee"),
						key: "assignee",
						width: 100,
						render: (_, c) => c.assignee ?? <span className="muted">—</span>,
					},
				]}
			/>
		</>
	);
}
