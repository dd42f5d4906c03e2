/**
 * Test reports the signed-in lab issued (an administrator searches them all), with search, status and
 * conclusion filters and paging kept in the URL.
 */
import { CloudUploadOutlined, PlusOutlined } from "@ant-design/icons";
import { Form, Input, Select, Table } from "antd";
import { withQuery } from "../../api/client.ts";
import type { Page, ReportSummary } from "../../api/types.ts";
import { Link, setQuery, useQuery } from "../../app/router.tsx";
import { useMe } from "../../app/session.tsx";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PAGE_SIZE, pageParam, pagination } from "../../components/paging.ts";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";

/** Link to a report's page, naming its lab (several labs may use one number). */
export function reportPath(r: { number: string; lab: { uscc: string } }): string {
	return `/reports/${encodeURIComponent(r.number)}?lab=${r.lab.uscc}`;
}

export default function ReportList() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const query = useQuery();
	const ownLab = me.actor.role === "lab_operator" ? me.actor.organization : null;
	const filters = {
		q: query.get("q") ?? "",
		status: query.get("status") ?? "",
		conclusion: query.get("conclusion") ?? "",
		lab: ownLab ?? query.get("lab") ?? "",
	};
	const page = pageParam(query);
	const { data, error, loading, reload } = useGet<Page<ReportSummary>>(
		withQuery("/reports", { ...filters, page, pageSize: PAGE_SIZE }),
	);
	const keep = (v: typeof filters) => ({ ...v, lab: ownLab ? undefined : v.lab });

	return (
		<>
			<PageHeader
				title={i.t("page.reports")}
				subtitle={ownLab ? i.t("reports.ownHint") : i.t("reports.allHint")}
				extra={
					<>
						<LinkButton to="/import?kind=reports" icon={<CloudUploadOutlined aria-hidden />}>
							{i.t("import.uploadFile")}
						</LinkButton>
						<LinkButton type="primary" to="/reports/new" icon={<PlusOutlined aria-hidden />}>
							{i.t("reports.new")}
						</LinkButton>
					</>
				}
			/>
			<FilterForm
				name="report-filters"
				initialValues={filters}
				onFinish={(v: typeof filters) => setQuery(keep(v))}
			>
				<Form.Item name="q" label={i.t("filter.search")}>
					<Input allowClear placeholder={i.t("reports.searchPlaceholder")} style={{ width: 240 }} />
				</Form.Item>
				<Form.Item name="status" label={i.t("filter.status")}>
					<Select
						style={{ width: 120 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("reportStatus")]}
					/>
				</Form.Item>
				<Form.Item name="conclusion" label={i.t("field.reports.conclusion")}>
					<Select
						style={{ width: 120 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("conclusion")]}
					/>
				</Form.Item>
				{!ownLab && (
					<Form.Item name="lab" label={i.t("reports.labFilter")}>
						<Input allowClear className="mono" maxLength={18} style={{ width: 210 }} />
					</Form.Item>
				)}
			</FilterForm>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			<Table<ReportSummary>
				rowKey={(r) => `${r.lab.uscc}/${r.number}`}
				loading={loading}
				dataSource={data?.items ?? []}
				pagination={pagination(i, data, (p) => setQuery({ ...keep(filters), page: p }))}
				scroll={{ x: 900 }}
				columns={[
					{
						title: i.t("field.reports.number"),
						key: "number",
						render: (_, r) => (
							<Link to={reportPath(r)} className="mono">
								{r.number}
							</Link>
						),
					},
					{ title: i.t("field.reports.clientName"), key: "client", render: (_, r) => r.clientName },
					{ title: i.t("field.reports.product"), key: "product", render: (_, r) => r.product },
					...(ownLab
						? []
						: [
								{
									title: i.t("reports.lab"),
									key: "lab",
									render: (_: unknown, r: ReportSummary) => r.lab.name,
								},
							]),
					{ title: i.t("field.reports.issueDate"), key: "issue", render: (_, r) => i.date(r.issueDate) },
					{
						title: i.t("field.reports.conclusion"),
						key: "conclusion",
						render: (_, r) => <StatusTag list="conclusion" code={r.conclusion} />,
					},
					{
						title: i.t("reports.status"),
						key: "status",
						render: (_, r) => <StatusTag list="reportStatus" code={r.status} />,
					},
				]}
			/>
		</>
	);
}
