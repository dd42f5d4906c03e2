/**
 * The officers' queue of qualification applications (资质认定审批): the applications of their districts
 * (administrators: all), the nearest due day first, overdue rows red and near-due ones amber; filtered by
 * step, type, path, or only the overdue. Ticked applications of one lab go to a joint review (联合评审)
 * together.
 */
import { Alert, App, Button, Checkbox, Form, Select, Space } from "antd";
import { useState } from "react";
import {
	APPLICATION_TYPE_INFO,
	APPLICATION_TYPES,
	APPROVAL_PATH_INFO,
	APPROVAL_PATHS,
	STEP_INFO,
	STEPS,
} from "../../../../core/approval/index.ts";
import { withQuery } from "../../api/client.ts";
import type { ApplicationItem, JointReviewPlan } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FilterForm } from "../../components/FilterForm.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PAGE_SIZE, pageParam } from "../../components/paging.ts";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ApplicationsTable } from "./ApplicationsTable.tsx";
import { JointReviewDialog } from "./JointReviewDialog.tsx";

/** The most applications one joint review takes (the endpoint's limit). */
const JOINT_MAX = 20;

interface Filters {
	step: string;
	type: string;
	path: string;
	overdue: boolean;
}

export default function ApprovalQueuePage() {
	const i = useI18n();
	const { message } = App.useApp();
	const query = useQuery();
	const [selected, setSelected] = useState<string[]>([]);
	const [joint, setJoint] = useState<string[] | null>(null);
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
	const jointDone = (plan: JointReviewPlan) => {
		setJoint(null);
		setSelected([]);
		void message.success(i.t("approvals.joint.done", { numbers: plan.joined.join("、") }));
		list.reload();
	};

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
			<Alert
				type="info"
				className="section joint-review-bar"
				title={
					<Space wrap>
						<span>
							{selected.length
								? i.t("approvals.joint.selected", { n: selected.length })
								: i.t("approvals.joint.selectHint", { n: JOINT_MAX })}
						</span>
						{selected.length > JOINT_MAX && (
							<span className="approval-overdue-text">
								{i.t("approvals.joint.tooMany", { n: JOINT_MAX })}
							</span>
						)}
						<Button
							type="primary"
							disabled={selected.length === 0 || selected.length > JOINT_MAX}
							onClick={() => setJoint(selected)}
						>
							{i.t("approvals.joint.action")}
						</Button>
						{selected.length > 0 && (
							<Button onClick={() => setSelected([])}>{i.t("approvals.joint.clear")}</Button>
						)}
					</Space>
				}
			/>
			<ApplicationsTable
				items={list.data?.items ?? []}
				loading={list.loading}
				showLab
				empty={i.t("approvals.none")}
				selection={{ keys: selected, onChange: setSelected }}
				pagination={{
					current: list.data?.page ?? page,
					pageSize: list.data?.pageSize ?? PAGE_SIZE,
					total: list.data?.total ?? 0,
					onChange: (p) => setQuery({ ...asQuery(filters), page: String(p) }),
				}}
			/>
			{joint && <JointReviewDialog numbers={joint} onClose={() => setJoint(null)} onDone={jointDone} />}
		</>
	);
}
