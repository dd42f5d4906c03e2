/**
 * The officers' queue of qualification applications (资质认定审批): the applications of their districts
 * (administrators: all), the nearest due day first, overdue rows red and near-due ones amber; filtered by
 * step, type, path, or only the overdue.
 */
import { Checkbox, Form, Select } from "antd";
import {
	APPLICATION_TYPE_INFO,
	APPLICATION_TYPES,
	APPROVAL_PATH_INFO,
	APPROVAL_PATHS,
	STEP_INFO,
	STEPS,
} from "../../../../core/approval/index.ts";
import { withQuery } from "../../api/client.ts";
import type { ApplicationItem } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PAGE_SIZE, pageParam } from "../../components/paging.ts";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ApplicationsTable } from "./ApplicationsTable.tsx";

interface Filters {
	step: string;
	type: string;
	path: string;
	overdue: boolean;
}

export default function ApprovalQueuePage() {
	const i = useI18n();
	const query = useQuery();
	const filters: Filters = {
		step: query.get("step") ?? "",
		type: query.get("type") ?? "",
		path: query.get("path") ?? "",
		overdue: query.get("overdue") === "true",
	};
	const page = pageParam(query);
	const asQuery = (f: Filters) => ({
		step: f.step || "",
		type: f.type || "",
		path: f.path || "",
		overdue: f.overdue ? "true" : "",
	});
	const list = useGet<{ items: ApplicationItem[]; page: number; pageSize: number; total: number }>(
		withQuery("/applications", { ...asQuery(filters), page, pageSize: PAGE_SIZE }),
	);
	const any = { value: "", label: i.t("filter.any") };

	return (
		<>
			<PageHeader
				title={i.t("page.approvals")}
				subtitle={i.t("approvals.queueIntro")}
				extra={<LinkButton to="/approvals/sla">{i.t("page.approvalSla")}</LinkButton>}
			/>
			<FilterForm<Filters>
				name="approval-filters"
				initialValues={filters}
				onFinish={(v) => setQuery(asQuery(v))}
			>
				<Form.Item name="step" label={i.t("approvals.step")}>
					<Select
						style={{ width: 190 }}
						options={[
							any,
							...STEPS.filter((s) => s !== "draft").map((s) => ({ value: s, label: i.name(STEP_INFO[s]) })),
						]}
					/>
				</Form.Item>
				<Form.Item name="type" label={i.t("approvals.type")}>
					<Select
						style={{ width: 130 }}
						options={[
							any,
							...APPLICATION_TYPES.map((s) => ({ value: s, label: i.name(APPLICATION_TYPE_INFO[s]) })),
						]}
					/>
				</Form.Item>
				<Form.Item name="path" label={i.t("approvals.path")}>
					<Select
						style={{ width: 130 }}
						options={[
							any,
							...APPROVAL_PATHS.map((s) => ({ value: s, label: i.name(APPROVAL_PATH_INFO[s]) })),
						]}
					/>
				</Form.Item>
				<Form.Item name="overdue" valuePropName="checked">
					<Checkbox>{i.t("approvals.onlyOverdue")}</Checkbox>
				</Form.Item>
			</FilterForm>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<ApplicationsTable
				items={list.data?.items ?? []}
				loading={list.loading}
				showLab
				empty={i.t("approvals.none")}
				pagination={{
					current: list.data?.page ?? page,
					pageSize: list.data?.pageSize ?? PAGE_SIZE,
					total: list.data?.total ?? 0,
					onChange: (p) => setQuery({ ...asQuery(filters), page: String(p) }),
				}}
			/>
		</>
	);
}
