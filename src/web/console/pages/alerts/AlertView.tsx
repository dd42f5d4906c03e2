/**
 * One alert as regulators handle it: what and how severe, the records found connected to its trigger —
 * grouped by kind, each with the path that links it and a way into tracing — the handling tasks with their
 * deadlines (overdue ones marked), adding and completing tasks, publishing on the portal, closing with a
 * conclusion, and every step taken.
 */
import {
	Alert,
	App,
	Button,
	Card,
	Descriptions,
	Form,
	Input,
	InputNumber,
	Modal,
	Select,
	Space,
	Table,
	Tag,
} from "antd";
import { useState } from "react";
import { apiPatch, apiPost } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { LogLink } from "../bans/banParts.tsx";
import type { PageProps } from "../index.ts";
import { AlertStatusTag, SeverityTag, TraceLink } from "./alertParts.tsx";
import {
	type AffectedNode,
	type AlertDetail,
	type AlertTask,
	SEVERITIES,
	type TriggerKind,
} from "./alertTypes.ts";

const KINDS: readonly TriggerKind[] = ["organization", "certificate", "report", "person", "product"];

/** The path from the trigger to a record, each step by its label. */
function PathText({ path, labels }: { path: string[]; labels: Map<string, string> }) {
	return (
		<span className="alert-path">
			{path.map((id, n) => (
				<span key={id}>
					{n > 0 && <span aria-hidden> → </span>}
					{labels.get(id) ?? id}
				</span>
			))}
		</span>
	);
}

export default function AlertView({ params }: PageProps) {
	const i = useI18n();
	const { message } = App.useApp();
	const number = params.number ?? "";
	const path = `/alerts/${encodeURIComponent(number)}`;
	const { data: a, error, loading, reload } = useGet<AlertDetail>(path);
	const [failure, setFailure] = useState<unknown>();
	const [completing, setCompleting] = useState<AlertTask>();
	const [closing, setClosing] = useState(false);
	const [addForm] = Form.useForm();
	const back = { to: "/alerts", label: i.t("page.alerts") };

	if (loading && !a) return <Loading />;
	if (error || !a)
		return (
			<>
				<PageHeader title={number} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	const act = async (run: () => Promise<unknown>, done: string) => {
		setFailure(undefined);
		try {
			await run();
			message.success(done);
			reload();
			return true;
		} catch (e) {
			setFailure(e);
			return false;
		}
	};
	const labels = new Map<string, string>();
	for (const k of KINDS) for (const n of a.affected[k] ?? []) labels.set(n.id, n.label);
	const closed = a.status === "closed";

	return (
		<>
			<PageHeader
				title={a.title}
				back={back}
				subtitle={
					<Space wrap>
						<span className="mono">{a.number}</span>
						<SeverityTag severity={a.severity} />
						<AlertStatusTag status={a.status} />
						{a.published && <Tag color="green">{i.t("alerts.published")}</Tag>}
					</Space>
				}
				extra={
					<>
						{!closed && (
							<Select
								aria-label={i.t("alerts.severity.change")}
								value={a.severity}
								style={{ width: 120 }}
								onChange={(severity) => act(() => apiPatch(path, { severity }), i.t("alerts.saved"))}
								options={SEVERITIES.map((s) => ({ value: s, label: i.t(`alerts.severity.${s}`) }))}
							/>
						)}
						{a.published ? (
							<Button onClick={() => act(() => apiPost(`${path}/unpublish`), i.t("alerts.unpublished"))}>
								{i.t("alerts.unpublish")}
							</Button>
						) : (
							<Button
								type="primary"
								onClick={() => act(() => apiPost(`${path}/publish`), i.t("alerts.publishedDone"))}
							>
								{i.t("alerts.publish")}
							</Button>
						)}
						{a.published && (
							<a href={`/alerts/${encodeURIComponent(a.number)}`} target="_blank" rel="noreferrer">
								{i.t("alerts.portalPage")}
							</a>
						)}
						{!closed && <Button onClick={() => setClosing(true)}>{i.t("alerts.close")}</Button>}
					</>
				}
			/>
			{failure !== undefined && <ErrorAlert error={failure} />}
			<Card title={i.t("alerts.what")} className="alert-what">
				<Descriptions column={{ xs: 1, md: 2 }} size="small">
					<Descriptions.Item label={i.t("alerts.source")}>
						{i.t(`alerts.source.${a.source}`)}
					</Descriptions.Item>
					<Descriptions.Item label={i.t("alerts.trigger")}>
						{i.t(`alerts.kind.${a.trigger.kind}`)}{" "}
						<TraceLink kind={a.trigger.kind} recordKey={a.trigger.key}>
							{a.trigger.key}
						</TraceLink>
					</Descriptions.Item>
					<Descriptions.Item label={i.t("alerts.raisedAt")}>
						{i.instant(a.raisedAt)} · {a.raisedBy}
					</Descriptions.Item>
					<Descriptions.Item label={i.t("alerts.log")}>
						<LogLink index={a.logIndex} />
					</Descriptions.Item>
					{a.peer && (
						<Descriptions.Item label={i.t("alerts.peer")}>
							{a.peer.name} <span className="mono">{a.peer.ref}</span>
						</Descriptions.Item>
					)}
					{a.conclusion && (
						<Descriptions.Item label={i.t("alerts.conclusion")} span={2}>
							{a.conclusion}
						</Descriptions.Item>
					)}
				</Descriptions>
				<p className="alert-description">{a.description}</p>
				{a.internalNote && (
					<Alert type="info" showIcon title={i.t("alerts.internalNote")} description={a.internalNote} />
				)}
			</Card>

			<h2 className="section-title">{i.t("alerts.affected")}</h2>
			<p className="muted">{i.t("alerts.affected.intro")}</p>
			{KINDS.filter((k) => (a.affected[k] ?? []).length > 0).map((k) => (
				<Card
					key={k}
					size="small"
					className={`alert-affected alert-affected-${k}`}
					title={`${i.t(`alerts.kind.${k}`)}（${a.affected[k].length}）`}
					style={{ marginBottom: 12 }}
				>
					<Table<AffectedNode>
						rowKey="id"
						size="small"
						pagination={a.affected[k].length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
						dataSource={a.affected[k]}
						scroll={{ x: 800 }}
						columns={[
							{
								title: i.t("alerts.record"),
								key: "label",
								render: (_, n) => (
									<>
										{n.label}
										{n.kind !== "product" && n.kind !== "person" && <div className="mono muted">{n.key}</div>}
										{n.kind === "person" && <div className="mono muted">{n.key}</div>}
									</>
								),
							},
							{ title: i.t("alerts.hop"), key: "hop", width: 70, render: (_, n) => n.hop },
							{
								title: i.t("alerts.path"),
								key: "path",
								render: (_, n) => <PathText path={n.path} labels={labels} />,
							},
							{
								title: "",
								key: "trace",
								width: 80,
								render: (_, n) => (
									<TraceLink kind={n.kind} recordKey={n.key}>
										{i.t("alerts.trace")}
									</TraceLink>
								),
							},
						]}
					/>
				</Card>
			))}

			<h2 className="section-title">{i.t("alerts.tasks")}</h2>
			<Table<AlertTask>
				className="alert-tasks"
				rowKey="seq"
				size="small"
				pagination={false}
				dataSource={a.tasks}
				locale={{ emptyText: i.t("alerts.tasks.none") }}
				scroll={{ x: 900 }}
				columns={[
					{ title: "#", key: "seq", width: 50, render: (_, t) => t.seq },
					{
						title: i.t("alerts.task.assignee"),
						key: "assignee",
						width: 220,
						render: (_, t) => (
							<>
								{t.assignee.label}
								<div className="muted">{i.t(`alerts.assignee.${t.assignee.kind}`)}</div>
							</>
						),
					},
					{ title: i.t("alerts.task.action"), key: "action", render: (_, t) => t.action },
					{
						title: i.t("alerts.task.deadline"),
						key: "deadline",
						width: 140,
						render: (_, t) => (
							<>
								{i.date(t.deadline)}
								{t.overdue && <Tag color="red">{i.t("alerts.task.overdue")}</Tag>}
							</>
						),
					},
					{
						title: i.t("alerts.status"),
						key: "status",
						width: 200,
						render: (_, t) =>
							t.status === "done" ? (
								<>
									<Tag color="green">{i.t("alerts.task.done")}</Tag>
									<div className="muted">
										{t.doneBy} · {i.instant(t.doneAt)}
									</div>
									{t.doneNote && <div>{t.doneNote}</div>}
								</>
							) : closed ? (
								<Tag>{i.t("alerts.task.open")}</Tag>
							) : (
								<Button size="small" onClick={() => setCompleting(t)}>
									{i.t("alerts.task.complete")}
								</Button>
							),
					},
				]}
			/>
			{!closed && (
				<Card size="small" title={i.t("alerts.task.add")} style={{ marginTop: 12 }}>
					<Form
						form={addForm}
						layout="inline"
						name="add-task"
						initialValues={{ kind: "organization", days: 5 }}
						onFinish={async (v: { kind: string; key: string; action: string; days: number }) => {
							const ok = await act(
								() =>
									apiPost(`${path}/tasks`, {
										assignee: { kind: v.kind, key: v.key.trim() },
										action: v.action.trim(),
										days: v.days,
									}),
								i.t("alerts.saved"),
							);
							if (ok) addForm.resetFields();
						}}
					>
						<Form.Item name="kind" label={i.t("alerts.task.assignee")}>
							<Select
								style={{ width: 130 }}
								options={(["organization", "district", "officer"] as const).map((k) => ({
									value: k,
									label: i.t(`alerts.assignee.${k}`),
								}))}
							/>
						</Form.Item>
						<Form.Item
							name="key"
							rules={[{ required: true, whitespace: true, message: i.t("alerts.task.keyHint") }]}
						>
							<Input
								aria-label={i.t("alerts.task.key")}
								placeholder={i.t("alerts.task.keyHint")}
								style={{ width: 220 }}
							/>
						</Form.Item>
						<Form.Item
							name="action"
							rules={[
								{
									required: true,
									whitespace: true,
									message: i.t("form.required", { field: i.t("alerts.task.action") }),
								},
							]}
						>
							<Input
								aria-label={i.t("alerts.task.action")}
								placeholder={i.t("alerts.task.action")}
								style={{ width: 260 }}
							/>
						</Form.Item>
						<Form.Item name="days" label={i.t("alerts.task.days")}>
							<InputNumber min={1} max={90} />
						</Form.Item>
						<Form.Item>
							<Button htmlType="submit">{i.t("alerts.task.add")}</Button>
						</Form.Item>
					</Form>
				</Card>
			)}

			<h2 className="section-title">{i.t("alerts.history")}</h2>
			<Table
				rowKey={(h) => `${h.at}-${h.action}`}
				size="small"
				pagination={false}
				dataSource={a.history}
				columns={[
					{ title: i.t("alerts.history.at"), key: "at", width: 190, render: (_, h) => i.instant(h.at) },
					{ title: i.t("alerts.history.by"), key: "by", width: 160, render: (_, h) => h.by ?? "—" },
					{ title: i.t("alerts.history.action"), key: "action", render: (_, h) => i.t(historyKey(h.action)) },
				]}
			/>

			{completing && (
				<CompleteTaskDialog
					path={`${path}/tasks/${completing.seq}/complete`}
					task={completing}
					onClose={() => setCompleting(undefined)}
					onDone={() => {
						setCompleting(undefined);
						message.success(i.t("alerts.saved"));
						reload();
					}}
				/>
			)}
			{closing && (
				<CloseAlertDialog
					path={`${path}/close`}
					onClose={() => setClosing(false)}
					onDone={() => {
						setClosing(false);
						reload();
					}}
				/>
			)}
		</>
	);
}

const HISTORY = {
	"alert.raised": "alerts.history.raised",
	"alert.updated": "alerts.history.updated",
	"alert.closed": "alerts.history.closed",
	"alert.note": "alerts.history.note",
	"alert.task.added": "alerts.history.taskAdded",
	"alert.task.changed": "alerts.history.taskChanged",
} as const;
function historyKey(action: string) {
	return HISTORY[action as keyof typeof HISTORY] ?? "alerts.history.updated";
}

/** Completing a task: the note says what was done (regulators read it; the action is published). */
export function CompleteTaskDialog({
	path,
	task,
	onClose,
	onDone,
}: {
	path: string;
	task: AlertTask;
	onClose(): void;
	onDone(): void;
}) {
	const i = useI18n();
	const [note, setNote] = useState("");
	const [failure, setFailure] = useState<unknown>();
	return (
		<Modal
			open
			title={i.t("alerts.task.complete")}
			okText={i.t("alerts.task.complete")}
			okButtonProps={{ disabled: !note.trim() }}
			onCancel={onClose}
			onOk={async () => {
				try {
					await apiPost(path, { note: note.trim() });
					onDone();
				} catch (e) {
					setFailure(e);
				}
			}}
		>
			<p>{task.action}</p>
			<Input.TextArea
				aria-label={i.t("alerts.task.note")}
				placeholder={i.t("alerts.task.note")}
				rows={3}
				maxLength={2000}
				value={note}
				onChange={(e) => setNote(e.target.value)}
			/>
			{failure !== undefined && <ErrorAlert error={failure} />}
		</Modal>
	);
}

function CloseAlertDialog({ path, onClose, onDone }: { path: string; onClose(): void; onDone(): void }) {
	const i = useI18n();
	const [conclusion, setConclusion] = useState("");
	const [failure, setFailure] = useState<unknown>();
	return (
		<Modal
			open
			title={i.t("alerts.close")}
			okText={i.t("alerts.close")}
			okButtonProps={{ disabled: !conclusion.trim() }}
			onCancel={onClose}
			onOk={async () => {
				try {
					await apiPost(path, { conclusion: conclusion.trim() });
					onDone();
				} catch (e) {
					setFailure(e);
				}
			}}
		>
			<p className="muted">{i.t("alerts.conclusion.hint")}</p>
			<Input.TextArea
				aria-label={i.t("alerts.conclusion")}
				rows={4}
				maxLength={4000}
				value={conclusion}
				onChange={(e) => setConclusion(e.target.value)}
			/>
			{failure !== undefined && <ErrorAlert error={failure} />}
		</Modal>
	);
}
