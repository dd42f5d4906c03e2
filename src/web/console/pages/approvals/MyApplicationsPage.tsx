/**
 * A lab's own qualification applications (资质认定申请): each with its type, path, step, due day and the
 * working days left, and the way to apply (the wizard).
 */
import { PlusOutlined } from "@ant-design/icons";
import { withQuery } from "../../api/client.ts";
import type { ApplicationItem } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PAGE_SIZE, pageParam } from "../../components/paging.ts";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ApplicationsTable } from "./ApplicationsTable.tsx";

export default function MyApplicationsPage() {
	const i = useI18n();
	const query = useQuery();
	const page = pageParam(query);
	const list = useGet<{ items: ApplicationItem[]; page: number; pageSize: number; total: number }>(
		withQuery("/applications", { page, pageSize: PAGE_SIZE }),
	);
	return (
		<>
			<PageHeader
				title={i.t("page.applications")}
				subtitle={i.t("approvals.mineIntro")}
				extra={
					<LinkButton type="primary" icon={<PlusOutlined aria-hidden />} to="/applications/new">
						{i.t("page.applicationNew")}
					</LinkButton>
				}
			/>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<ApplicationsTable
				items={list.data?.items ?? []}
				loading={list.loading}
				showLab={false}
				empty={i.t("approvals.noneMine")}
				pagination={{
					current: list.data?.page ?? page,
					pageSize: list.data?.pageSize ?? PAGE_SIZE,
					total: list.data?.total ?? 0,
					onChange: (p) => setQuery({ page: String(p) }),
				}}
			/>
		</>
	);
}
