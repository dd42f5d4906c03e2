/**
 * A body's own credit file (本机构信用档案), as its operators read it: the integrity-file events — the
 * same the public sees, withdrawn ones marked — its bans, and its appeals with the regulators'
 * decisions. They may appeal an active event, or their credit-risk grade, with their reasons; the grade
 * itself is a regulators' internal reference (国市监信发〔2022〕6号) the API never gives them, so it is
 * not shown here.
 */
import { ExportOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Table, Tag } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { Ban, CreditAppeal, CreditEvent, CreditFile } from "../../api/types.ts";
import { useMe } from "../../app/session.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { type I18n, type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { zhCN } from "../../i18n/zh-CN.ts";
import { AppealAboutText, AppealStatusTag, creditKindLabel } from "../appeals/appealParts.tsx";
import { BanScopeTag, BanStatusTag, BanTerm, LogLink } from "../bans/banParts.tsx";

/** An event as an appeal names it. */
const eventKey = (kind: string, source: string) => `${kind}\n${source}`;

/** An event's outcome in words: a spot check's result, a complaint's finding, or as recorded. */
function outcomeText(i: I18n, e: CreditEvent): string {
	if (!e.outcome) return "—";
	const key = e.kind === "spot_check" ? `spot.result.${e.outcome}` : `complaints.outcome.${e.outcome}`;
	return key in zhCN ? i.t(key as MessageKey) : e.outcome;
}

export default function MyCreditPage() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const { message } = App.useApp();
	const uscc = me.actor.organization;
	const base = uscc ? `/organizations/${encodeURIComponent(uscc)}/credit` : null;
	const file = useGet<CreditFile>(base);
	const appeals = useGet<{ items: CreditAppeal[] }>(base && `${base}/appeals`);
	const [appealing, setAppealing] = useState<{ event: CreditEvent | null }>();

	if (!uscc)
		return (
			<>
				<PageHeader title={i.t("page.myCredit")} />
				<Empty description={i.t("myCredit.noOrganization")} />
			</>
		);
	if (file.loading && !file.data) return <Loading />;
	if (file.error || !file.data)
		return (
			<>
				<PageHeader title={i.t("page.myCredit")} />
				<ErrorAlert error={file.error} onRetry={file.reload} />
			</>
		);

	const f = file.data;
	const pending = (appeals.data?.items ?? []).filter((a) => a.status === "pending");
	const pendingEvents = new Set(
		pending.flatMap((a) => ("grade" in a.about ? [] : [eventKey(a.about.kind, a.about.source)])),
	);
	const gradePending = pending.some((a) => "grade" in a.about);

	return (
		<>
			<PageHeader
				title={i.t("page.myCredit")}
				subtitle={
					<>
						{f.organization.name} · {codes.label("orgKind", f.organization.kind)} ·{" "}
						<span className="mono">{f.organization.uscc}</span>
					</>
				}
				extra={
					<>
						<a href={`/organizations/${encodeURIComponent(uscc)}`} target="_blank" rel="noreferrer">
							{i.t("credit.publicPage")} <ExportOutlined aria-hidden />
						</a>
						<a
							href={`/organizations/${encodeURIComponent(uscc)}/credit-report.pdf`}
							target="_blank"
							rel="noreferrer"
						>
							{i.t("myCredit.report")} <ExportOutlined aria-hidden />
						</a>
						<Button disabled={gradePending} onClick={() => setAppealing({ event: null })}>
							{gradePending ? i.t("myCredit.gradeAppealPending") : i.t("myCredit.appealGrade")}
						</Button>
					</>
				}
			/>
			<Alert type="info" showIcon className="section" title={i.t("myCredit.gradeNote")} />

			<Card
				title={<h2 className="card-title">{i.t("credit.events")}</h2>}
				className="section my-credit-events"
			>
				<Table<CreditEvent>
					size="small"
					rowKey={(e) => eventKey(e.kind, e.source)}
					dataSource={f.events}
					pagination={f.events.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
					scroll={{ x: 900 }}
					locale={{
						emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={i.t("credit.noEvents")} />,
					}}
					columns={[
						{ title: i.t("credit.date"), key: "on", width: 130, render: (_, e) => i.date(e.occurredOn) },
						{
							title: i.t("credit.kind"),
							key: "kind",
							width: 150,
							render: (_, e) => creditKindLabel(i, e.kind),
						},
						{ title: i.t("credit.outcome"), key: "outcome", width: 110, render: (_, e) => outcomeText(i, e) },
						{
							title: i.t("credit.summary"),
							key: "summary",
							render: (_, e) => (
								<>
									<div>{e.summary}</div>
									<div className="mono muted">{e.source}</div>
								</>
							),
						},
						{
							title: i.t("myCredit.status"),
							key: "status",
							width: 90,
							render: (_, e) =>
								e.status === "withdrawn" ? (
									<Tag>{i.t("myCredit.withdrawn")}</Tag>
								) : (
									<Tag color="blue">{i.t("myCredit.active")}</Tag>
								),
						},
						{
							title: i.t("credit.logIndex"),
							key: "log",
							width: 90,
							render: (_, e) => <LogLink index={e.logIndex} />,
						},
						{
							title: i.t("common.actions"),
							key: "actions",
							width: 120,
							render: (_, e) =>
								e.status !== "active" || e.kind === "self_report" ? null : pendingEvents.has(
										eventKey(e.kind, e.source),
									) ? (
									<Tag color="gold">{i.t("myCredit.appealPending")}</Tag>
								) : (
									<Button size="small" onClick={() => setAppealing({ event: e })}>
										{i.t("myCredit.appeal")}
									</Button>
								),
						},
					]}
				/>
			</Card>

			<Card title={<h2 className="card-title">{i.t("myCredit.bans")}</h2>} className="section my-credit-bans">
				<Table<Ban>
					size="small"
					rowKey="id"
					dataSource={f.bans}
					pagination={false}
					scroll={{ x: 800 }}
					locale={{
						emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={i.t("myCredit.noBans")} />,
					}}
					columns={[
						{ title: i.t("bans.scope"), key: "scope", width: 130, render: (_, b) => <BanScopeTag b={b} /> },
						{ title: i.t("bans.term"), key: "term", width: 140, render: (_, b) => <BanTerm b={b} /> },
						{
							title: i.t("bans.reference"),
							key: "reference",
							render: (_, b) => (
								<>
									<span className="mono">{b.reference}</span>
									<div className="muted">{b.authority}</div>
								</>
							),
						},
						{ title: i.t("bans.reason"), key: "reason", dataIndex: "reason" },
						{
							title: i.t("bans.status"),
							key: "status",
							width: 120,
							render: (_, b) => <BanStatusTag b={b} />,
						},
					]}
				/>
			</Card>

			<Card
				title={<h2 className="card-title">{i.t("myCredit.appeals")}</h2>}
				className="section my-credit-appeals"
				extra={<span className="muted">{i.t("myCredit.appealsHint")}</span>}
			>
				{appeals.error && <ErrorAlert error={appeals.error} onRetry={appeals.reload} />}
				<Table<CreditAppeal>
					size="small"
					rowKey="id"
					loading={appeals.loading}
					dataSource={appeals.data?.items ?? []}
					pagination={false}
					scroll={{ x: 900 }}
					locale={{
						emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={i.t("myCredit.noAppeals")} />,
					}}
					columns={[
						{
							title: i.t("appeals.about"),
							key: "about",
							width: 260,
							render: (_, a) => <AppealAboutText about={a.about} />,
						},
						{
							title: i.t("appeals.reason"),
							key: "reason",
							render: (_, a) => <span style={{ whiteSpace: "pre-wrap" }}>{a.reason}</span>,
						},
						{
							title: i.t("appeals.filedAt"),
							key: "filed",
							width: 160,
							render: (_, a) => i.instant(a.filedAt),
						},
						{
							title: i.t("appeals.statusCol"),
							key: "status",
							width: 100,
							render: (_, a) => <AppealStatusTag status={a.status} />,
						},
						{
							title: i.t("appeals.decision"),
							key: "decision",
							render: (_, a) =>
								a.decidedAt ? (
									<>
										<div style={{ whiteSpace: "pre-wrap" }}>{a.decisionNote}</div>
										<div className="muted">
											{i.instant(a.decidedAt)}
											{a.logIndex !== null && (
												<>
													{" · "}
													<LogLink index={a.logIndex} />
												</>
											)}
										</div>
									</>
								) : (
									<span className="muted">—</span>
								),
						},
					]}
				/>
			</Card>

			{appealing && (
				<AppealDialog
					uscc={uscc}
					event={appealing.event}
					onClose={() => setAppealing(undefined)}
					onDone={() => {
						setAppealing(undefined);
						void message.success(i.t("myCredit.appealFiled"));
						appeals.reload();
					}}
				/>
			)}
		</>
	);
}

const FIELDS = ["reason"] as const;

/** Filing an appeal: against one event (by its kind and source) or, with none, against the grade. */
function AppealDialog(props: { uscc: string; event: CreditEvent | null; onClose(): void; onDone(): void }) {
	const i = useI18n();
	const { event } = props;
	const [form] = Form.useForm<{ reason: string }>();
	const errors = useFieldErrors(FIELDS);
	const [busy, setBusy] = useState(false);
	const send = async ({ reason }: { reason: string }) => {
		setBusy(true);
		errors.fail(undefined);
		try {
			await apiPost(`/organizations/${encodeURIComponent(props.uscc)}/credit/appeals`, {
				...(event ? { event: { kind: event.kind, source: event.source } } : {}),
				reason,
			});
			props.onDone();
		} catch (e) {
			errors.fail(e);
		} finally {
			setBusy(false);
		}
	};
	return (
		<Modal
			open
			title={i.t(event ? "myCredit.appealEventTitle" : "myCredit.appealGrade")}
			okText={i.t("myCredit.submit")}
			okButtonProps={{ loading: busy }}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={props.onClose}
			destroyOnHidden
		>
			{event ? (
				<div className="section">
					<AppealAboutText about={{ kind: event.kind, source: event.source, summary: event.summary }} />
					<div className="muted">{i.date(event.occurredOn)}</div>
				</div>
			) : (
				<p>{i.t("myCredit.appealGradeText")}</p>
			)}
			<Form
				form={form}
				layout="vertical"
				name="credit-appeal"
				onFinish={send}
				onValuesChange={(c) => errors.changed(c)}
			>
				<Form.Item
					name="reason"
					label={i.t("appeals.reason")}
					extra={i.t("myCredit.reasonHint")}
					rules={[
						{
							required: true,
							whitespace: true,
							message: i.t("form.required", { field: i.t("appeals.reason") }),
						},
					]}
					{...errors.item("reason")}
				>
					<Input.TextArea rows={5} maxLength={4000} />
				</Form.Item>
			</Form>
			{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
		</Modal>
	);
}
