/**
 * Certificates the signed-in body issued (a CB operator sees only its own; an administrator searches
 * them all and may narrow to one CB), with search, status filter and paging kept in the URL.
 */
import { CloudUploadOutlined, PlusOutlined } from "@ant-design/icons";
import { Form, Input, Select, Table } from "antd";
import { withQuery } from "../../api/client.ts";
import type { CertificateSummary, Page } from "../../api/types.ts";
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

/** Link to a certificate's page, naming its issuer (several CBs may use one number). */
export function certificatePath(c: { number: string; cb: { uscc: string } }): string {
	return `/certificates/${encodeURIComponent(c.number)}?issuer=${c.cb.uscc}`;
}

export default function CertificateList() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const query = useQuery();
	const ownCb = me.actor.role === "cb_operator" ? me.actor.organization : null;
	const filters = {
		q: query.get("q") ?? "",
		status: query.get("status") ?? "",
		cb: ownCb ?? query.get("cb") ?? "",
	};
	const page = pageParam(query);
	const { data, error, loading, reload } = useGet<Page<CertificateSummary>>(
		withQuery("/certificates", { ...filters, page, pageSize: PAGE_SIZE }),
	);

	return (
		<>
			<PageHeader
				title={i.t("page.certificates")}
				subtitle={ownCb ? i.t("certificates.ownHint") : i.t("certificates.allHint")}
				extra={
					<>
						<LinkButton to="/import?kind=certificates" icon={<CloudUploadOutlined aria-hidden />}>
							{i.t("import.uploadFile")}
						</LinkButton>
						<LinkButton type="primary" to="/certificates/new" icon={<PlusOutlined aria-hidden />}>
							{i.t("certificates.new")}
						</LinkButton>
					</>
				}
			/>
			<FilterForm
				name="certificate-filters"
				initialValues={filters}
				onFinish={(v: typeof filters) => setQuery({ q: v.q, status: v.status, cb: ownCb ? undefined : v.cb })}
			>
				<Form.Item name="q" label={i.t("filter.search")}>
					<Input allowClear placeholder={i.t("certificates.searchPlaceholder")} style={{ width: 260 }} />
				</Form.Item>
				<Form.Item name="status" label={i.t("filter.status")}>
					<Select
						style={{ width: 140 }}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("certificateStatus")]}
					/>
				</Form.Item>
				{!ownCb && (
					<Form.Item name="cb" label={i.t("certificates.cbFilter")}>
						<Input allowClear className="mono" maxLength={18} style={{ width: 210 }} />
					</Form.Item>
				)}
			</FilterForm>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			<Table<CertificateSummary>
				rowKey={(c) => `${c.cb.uscc}/${c.number}`}
				loading={loading}
				dataSource={data?.items ?? []}
				pagination={pagination(i, data, (p) =>
					setQuery({ ...filters, cb: ownCb ? undefined : filters.cb, page: p }),
				)}
				scroll={{ x: 900 }}
				columns={[
					{
						title: i.t("field.certificates.number"),
						key: "number",
						render: (_, c) => (
							<Link to={certificatePath(c)} className="mono">
								{c.number}
							</Link>
						),
					},
					{ title: i.t("field.certificates.holderName"), key: "holder", render: (_, c) => c.holder.name },
					{
						title: i.t("field.certificates.scheme"),
						key: "scheme",
						render: (_, c) => codes.label("scheme", c.scheme),
					},
					...(ownCb
						? []
						: [
								{
									title: i.t("certificates.cb"),
									key: "cb",
									render: (_: unknown, c: CertificateSummary) => c.cb.name,
								},
							]),
					{ title: i.t("field.certificates.issueDate"), key: "issue", render: (_, c) => i.date(c.issueDate) },
					{
						title: i.t("field.certificates.expiryDate"),
						key: "expiry",
						render: (_, c) => i.date(c.expiryDate),
					},
					{
						title: i.t("field.certificates.status"),
						key: "status",
						render: (_, c) => <StatusTag list="certificateStatus" code={c.status} />,
					},
				]}
			/>
		</>
	);
}
