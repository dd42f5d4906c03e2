/**
 * Spot checks for regulators: results recorded but not published past their last day (20 working days)
 * first, then every batch — drafts, published, drawn — with a way to draft a new one.
 */
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Table, Tag } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { SpotBatchSummary, SpotOverdue, SpotPlan, SpotRectificationDue } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";

export const STATUS_COLOR: Record<string, string> = { draft: "default", published: "gold", drawn: "green" };

export default function SpotChecksPage() {
	const i = useI18n();
	const batches = useGet<{ items: SpotBatchSummary[] }>("/spot-batches?drafts=true");
	const plans = useGet<{ items: SpotPlan[] }>("/spot-plans?drafts=true");
	const { message } = App.useApp();
	const [planning, setPlanning] = useState(false);
	const [planError, setPlanError] = useState<unknown>();
	const [planForm] = Form.useForm<{
		year: number;
		title: string;
		scope: string;
		batchesPlanned: number;
		timing: string;
	}>();
	const planOf = new Map((plans.data?.items ?? []).map((p) => [p.id, p]));
	const overdue = useGet<{ items: SpotOverdue[]; rectifications: SpotRectificationDue[] }>(
		"/spot-tasks/overdue",
	);
	return (
		<>
			<PageHeader
				title={i.t("page.spotChecks")}
				subtitle={i.t("spot.intro")}
				extra={
					<>
						<Button icon={<PlusOutlined aria-hidden />} onClick={() => setPlanning(true)}>
							{i.t("spot.newPlan")}
						</Button>
						<LinkButton to="/spot-checks/new" type="primary" icon={<PlusOutlined aria-hidden />}>
							{i.t("spot.new")}
						</LinkButton>
					</>
				}
			/>
			{overdue.error && <ErrorAlert error={overdue.error} onRetry={overdue.reload} />}
			{(overdue.data?.items.length ?? 0) > 0 && (
				<Card title={i.t("spot.overdueTitle")} className="section">
					<Alert
						type="error"
						showIcon
						message={i.t("spot.overdueText", { n: i.number(overdue.data!.items.length) })}
					/>
					<Table<SpotOverdue>
						size="small"
						pagination={false}
						rowKey={(r) => `${r.batch}#${r.seq}`}
						dataSource={overdue.data!.items}
						columns={[
							{
								title: i.t("spot.batch"),
								render: (_, r) => <Link to={`/spot-checks/${encodeURIComponent(r.batch)}`}>{r.batch}</Link>,
							},
							{ title: "#", dataIndex: "seq" },
							{ title: i.t("spot.object"), render: (_, r) => r.org.name },
							{ title: i.t("spot.inspectedOn"), render: (_, r) => i.date(r.inspectedOn) },
							{
								title: i.t("spot.publishBy"),
								render: (_, r) => <Tag color="red">{i.date(r.publishBy)}</Tag>,
							},
						]}
					/>
				</Card>
			)}
			{(overdue.data?.rectifications.length ?? 0) > 0 && (
				<Card title={i.t("spot.rectifyDueTitle")} className="section">
					<Table<SpotRectificationDue>
						size="small"
						pagination={false}
						rowKey={(r) => `${r.batch}#${r.seq}`}
						dataSource={overdue.data!.rectifications}
						columns={[
							{
								title: i.t("spot.batch"),
								render: (_, r) => <Link to={`/spot-checks/${encodeURIComponent(r.batch)}`}>{r.batch}</Link>,
							},
							{ title: "#", dataIndex: "seq" },
							{ title: i.t("spot.object"), render: (_, r) => r.org.name },
							{
								title: i.t("spot.rectifyBy"),
								render: (_, r) => <Tag color="red">{i.date(r.rectifyBy)}</Tag>,
							},
						]}
					/>
				</Card>
			)}
			{batches.error && <ErrorAlert error={batches.error} onRetry={batches.reload} />}
			<Table<SpotBatchSummary>
				className="section"
				loading={batches.loading}
				pagination={false}
				rowKey="code"
				dataSource={batches.data?.items ?? []}
				locale={{ emptyText: i.t("spot.none") }}
				columns={[
					{
						title: i.t("spot.batch"),
						render: (_, b) => (
							<>
								<Link to={`/spot-checks/${encodeURIComponent(b.code)}`}>{b.title}</Link>
								<div className="mono muted">{b.code}</div>
							</>
						),
					},
					{
						title: i.t("spot.plan"),
						render: (_, b) => (b.planId !== null ? (planOf.get(b.planId)?.title ?? "") : "—"),
					},
					{ title: i.t("spot.drawDate"), render: (_, b) => i.date(b.drawDate) },
					{
						title: i.t("spot.statusCol"),
						render: (_, b) => (
							<Tag color={STATUS_COLOR[b.status]}>{i.t(`spot.status.${b.status}` as MessageKey)}</Tag>
						),
					},
				]}
			/>
			<Modal
				open={planning}
				title={i.t("spot.newPlan")}
				okText={i.t("common.save")}
				cancelText={i.t("common.cancel")}
				onOk={() => planForm.submit()}
				onCancel={() => setPlanning(false)}
				destroyOnHidden
			>
				{planError !== undefined && <ErrorAlert error={planError} />}
				<Form
					form={planForm}
					layout="vertical"
					preserve={false}
					initialValues={{ year: new Date().getFullYear(), batchesPlanned: 4 }}
					onFinish={async (v) => {
						setPlanError(undefined);
						try {
							await apiPost("/spot-plans", v);
							message.success(i.t("common.saved"));
							setPlanning(false);
							plans.reload();
						} catch (e) {
							setPlanError(e);
						}
					}}
				>
					<Form.Item name="year" label={i.t("spot.planYear")}>
						<InputNumber min={2000} max={2100} />
					</Form.Item>
					<Form.Item
						name="title"
						label={i.t("spot.planTitle")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<Input maxLength={200} />
					</Form.Item>
					<Form.Item
						name="scope"
						label={i.t("spot.planScope")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<Input.TextArea rows={3} maxLength={2000} />
					</Form.Item>
					<Form.Item name="batchesPlanned" label={i.t("spot.planBatches")}>
						<InputNumber min={1} max={52} />
					</Form.Item>
					<Form.Item
						name="timing"
						label={i.t("spot.planTiming")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<Input maxLength={500} />
					</Form.Item>
				</Form>
			</Modal>
		</>
	);
}
