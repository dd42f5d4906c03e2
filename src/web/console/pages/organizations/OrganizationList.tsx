/**
 * Organisations in the register — certification bodies, labs, enterprises, regulators — searched by
 * name or USCC and filtered by kind, district and status. A district officer starts in their district.
 */
import { CloudUploadOutlined, PlusOutlined } from "@ant-design/icons";
import { Form, Input, Select, Table } from "antd";
import { withQuery } from "../../api/client.ts";
import type { Organization, Page } from "../../api/types.ts";
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

export default function OrganizationList() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const query = useQuery();
	const homeDistrict = me.actor.role === "regulator_officer" ? (me.actor.districts[0] ?? "") : "";
	const filters = {
		q: query.get("q") ?? "",
		kind: query.get("kind") ?? "",
		district: query.has("district") ? (query.get("district") ?? "") : homeDistrict,
		status: query.get("status") ?? "",
	};
	const page = pageParam(query);
	const { data, error, loading, reload } = useGet<Page<Organization>>(
		withQuery("/organizations", { ...filters, page, pageSize: PAGE_SIZE }),
	);
	// An empty district is kept in the URL so that "any district" survives a reload.
	const apply = (v: typeof filters, p?: number) => setQuery({ ...v, district: v.district || "", page: p });

	return (
		<>
			<PageHeader
				title={i.t("page.organizations")}
				subtitle={me.actor.role === "regulator_officer" ? i.t("organizations.officerHint") : undefined}
				extra={
					<>
						<LinkButton to="/import?kind=organizations" icon={<CloudUploadOutlined aria-hidden />}>
							{i.t("import.uploadFile")}
						</LinkButton>
						<LinkButton type="primary" to="/organizations/new" icon={<PlusOutlined aria-hidden />}>
							{i.t("organizations.new")}
						</LinkButton>
					</>
				}
			/>
			<FilterForm
				name="organization-filters"
				initialValues={filters}
				onFinish={(v: typeof filters) => apply(v)}
			>
				<Form.Item name="q" label={i.t("filter.search")}>
					<Input allowClear placeholder={i.t("organizations.searchPlaceholder")} style={{ width: 240 }} />
				</Form.Item>
				<Form.Item name="kind" label={i.t("field.organizations.kind")}>
					<Select
						style={{ width: 150 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("orgKind")]}
					/>
				</Form.Item>
				<Form.Item name="district" label={i.t("field.organizations.district")}>
					<Select
						style={{ width: 180 }}
						showSearch={{ optionFilterProp: "label" }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("district")]}
					/>
				</Form.Item>
				<Form.Item name="status" label={i.t("filter.status")}>
					<Select
						style={{ width: 110 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("orgStatus")]}
					/>
				</Form.Item>
			</FilterForm>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			<Table<Organization>
				rowKey="uscc"
				loading={loading}
				dataSource={data?.items ?? []}
				pagination={pagination(i, data, (p) => apply(filters, p))}
				scroll={{ x: 900 }}
				columns={[
					{
						title: i.t("field.organizations.name"),
						key: "name",
						render: (_, o) => <Link to={`/organizations/${o.uscc}`}>{o.name}</Link>,
					},
					{
						title: i.t("field.organizations.uscc"),
						key: "uscc",
						render: (_, o) => <span className="mono">{o.uscc}</span>,
					},
					{
						title: i.t("field.organizations.kind"),
						key: "kind",
						render: (_, o) => codes.label("orgKind", o.kind),
					},
					{
						title: i.t("field.organizations.district"),
						key: "district",
						render: (_, o) => codes.label("district", o.district),
					},
					{
						title: i.t("field.organizations.status"),
						key: "status",
						render: (_, o) => <StatusTag list="orgStatus" code={o.status} />,
					},
				]}
			/>
		</>
	);
}
