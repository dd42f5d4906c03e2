/**
 * One qualification application (GET /applications/{number}) for the lab that filed it and the regulators
 * and reviewers who handle it: where it stands (the step, working days used and left, the due day, the
 * clock stopped while waiting for the lab), what was applied for, the materials (reused and filed, with
 * their SHA-256), the review (team, nonconformities, conclusion), the decision and verification, and the
 * steps taken. The buttons are the reader's next actions as the server gives them (`nextActions`).
 */
import { App, Button, Card, Space, Table, Tag } from "antd";
import { useState } from "react";
import type { Action } from "../../../../core/approval/index.ts";
import type { ApplicationDetail } from "../../api/types.ts";
import { useCan } from "../../app/session.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";
import { ActionDialog } from "./ActionDialog.tsx";
import {
	actionName,
	CapabilityRows,
	changeName,
	HistoryCard,
	ProgressCard,
	StepTag,
} from "./approvalParts.tsx";
import { MaterialsCard, missingMaterials } from "./MaterialsCard.tsx";

/** Steps at which the lab files materials. */
const FILING_STEPS = new Set(["draft", "completion", "correction"]);
/** Actions that send what was filed: they wait until every material asked for has a file. */
const SENDING: ReadonlySet<string> = new Set(["submit", "complete"]);
const NEGATIVE: ReadonlySet<string> = new Set(["not_accept", "withdraw"]);
/** The step that moves the application forward, first and as the primary button. */
const FORWARD: readonly Action[] = [
	"submit",
	"complete",
	"submit_corrections",
	"accept",
	"start_review",
	"start_assessment",
	"conclude_review",
	"decide",
	"issue_certificate",
	"schedule_verification",
	"record_verification",
];

/** The page the reader came from: their own list, the officers' queue or their review tasks. */
function backOf(can: (...a: ("approval.apply" | "approval.handle" | "approval.review")[]) => boolean) {
	if (can("approval.handle")) return { to: "/approvals", key: "page.approvals" as const };
	if (can("approval.apply")) return { to: "/applications", key: "page.applications" as const };
	return { to: "/reviews", key: "page.myReviews" as const };
}

export default function ApplicationView({ params }: PageProps) {
	const i = useI18n();
	const codes = useCodes();
	const can = useCan();
	const { message } = App.useApp();
	const number = params.number ?? "";
	const {
		data: a,
		error,
		loading,
		reload,
	} = useGet<ApplicationDetail>(`/applications/${encodeURIComponent(number)}`);
	const [action, setAction] = useState<Action>();
	const b = backOf(can);
	const back = { to: b.to, label: i.t(b.key) };

	if (loading && !a) return <Loading />;
	if (error || !a)
		return (
			<>
				<PageHeader title={`${i.t("page.application")} ${number}`} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	const rank = (x: Action) =>
		FORWARD.includes(x) ? FORWARD.indexOf(x) : FORWARD.length + (NEGATIVE.has(x) ? 1 : 0);
	const actions = [...(a.nextActions as Action[])].sort((x, y) => rank(x) - rank(y));
	const missing = missingMaterials(a);
	const canFile = can("approval.apply") && FILING_STEPS.has(a.step.code) && actions.length > 0;
	const primary = actions.find((x) => FORWARD.includes(x));
	return (
		<>
			<PageHeader
				title={`${i.t("page.application")} ${a.number}`}
				subtitle={
					<Space size={4} wrap>
						<StepTag step={a.step.code} />
						<Tag>{i.name(a.type)}</Tag>
						<Tag color={a.path.code === "commitment" ? "purple" : "default"}>{i.name(a.path)}</Tag>
						{a.progress.overdue && <Tag color="red">{i.t("approvals.overdue")}</Tag>}
						{a.progress.nearDue && <Tag color="gold">{i.t("approvals.nearDue")}</Tag>}
						<span>
							{a.lab.name} <span className="mono muted">{a.lab.uscc}</span>
						</span>
					</Space>
				}
				back={back}
				extra={
					actions.length > 0 && (
						<Space wrap className="approval-actions">
							{actions.map((x) => (
								<Button
									key={x}
									type={x === primary ? "primary" : "default"}
									danger={NEGATIVE.has(x)}
									disabled={SENDING.has(x) && missing.length > 0}
									title={SENDING.has(x) && missing.length > 0 ? i.t("approvals.stillMissing") : undefined}
									onClick={() => setAction(x)}
								>
									{actionName(i, x)}
								</Button>
							))}
						</Space>
					)
				}
			/>

			<ProgressCard a={a} />

			<Card title={<h2 className="card-title">{i.t("approvals.applied")}</h2>} className="section">
				<FieldList
					rows={[
						{ label: i.t("approvals.lab"), value: `${a.lab.name}（${a.lab.uscc}）` },
						{ label: i.t("approvals.district"), value: a.district && codes.label("district", a.district) },
						{ label: i.t("approvals.type"), value: i.name(a.type) },
						{ label: i.t("approvals.path"), value: i.name(a.path) },
						{
							label: i.t("approvals.qualification"),
							value: a.qualification
								? i.t("approvals.qualificationValue", {
										number: a.qualification.number,
										date: i.date(a.qualification.expiresOn),
									})
								: null,
						},
						{ label: i.t("approvals.createdOn"), value: i.date(a.createdOn) },
						...(a.changes.length
							? [
									{
										label: i.t("approvals.changes"),
										value: a.changes.map((c) => changeName(i, c)).join("、"),
									},
								]
							: []),
						...(a.newName ? [{ label: i.t("apply.newName"), value: a.newName }] : []),
						...(a.newAddress ? [{ label: i.t("apply.newAddress"), value: a.newAddress }] : []),
						...(a.signatories.length
							? [{ label: i.t("approvals.signatories"), value: a.signatories.join("、") }]
							: []),
						...(a.certificateNumber
							? [
									{
										label: i.t("approvals.certificateNumber"),
										value: <span className="mono">{a.certificateNumber}</span>,
									},
								]
							: []),
						...(a.reason ? [{ label: i.t("approvals.reason"), value: a.reason, wide: true }] : []),
					]}
				/>
				{a.capabilities.length > 0 && (
					<>
						<h3 className="section-title" style={{ marginTop: 16 }}>
							{i.t("approvals.capabilities")}
						</h3>
						<CapabilityRows rows={a.capabilities} />
					</>
				)}
			</Card>

			<MaterialsCard a={a} canFile={canFile} onFiled={reload} />

			{(a.team.length > 0 || a.nonconformities.length > 0 || a.conclusion) && (
				<Card title={<h2 className="card-title">{i.t("approvals.review")}</h2>} className="section">
					<FieldList
						rows={[
							{ label: i.t("approvals.team"), value: a.team.join("、") },
							{
								label: i.t("approvals.mode"),
								value: a.assessmentMode && i.t(`approvals.mode.${a.assessmentMode}`),
							},
							{
								label: i.t("approvals.correctionDue"),
								value: a.correction ? i.date(a.correction.dueOn) : null,
							},
							{
								label: i.t("approvals.outcome"),
								value: a.conclusion
									? `${i.t(`approvals.outcome.${a.conclusion.outcome}`)}${
											a.conclusion.failedItems.length ? `：${a.conclusion.failedItems.join("、")}` : ""
										}`
									: null,
							},
						]}
					/>
					{a.nonconformities.length > 0 && (
						<Table
							size="small"
							className="approval-nonconformities"
							style={{ marginTop: 16 }}
							rowKey="id"
							dataSource={a.nonconformities}
							pagination={false}
							columns={[
								{ title: i.t("approvals.ncId"), dataIndex: "id", width: 90 },
								{ title: i.t("approvals.ncItem"), dataIndex: "item" },
								{
									title: i.t("approvals.ncStatus"),
									key: "status",
									width: 110,
									render: (_, n) => (
										<Tag color={n.status === "open" ? "orange" : n.status === "corrected" ? "green" : "red"}>
											{i.t(`approvals.nc.${n.status}`)}
										</Tag>
									),
								},
							]}
						/>
					)}
				</Card>
			)}

			{(a.decision || a.verification) && (
				<Card title={<h2 className="card-title">{i.t("approvals.decisionCard")}</h2>} className="section">
					<FieldList
						rows={[
							{
								label: i.t("approvals.decision"),
								value: a.decision
									? `${a.decision.grant ? i.t("approvals.grant") : i.t("approvals.refuse")} · ${i.date(a.decision.on)}`
									: null,
							},
							{
								label: i.t("approvals.exceptItems"),
								value: a.decision?.exceptItems.length ? a.decision.exceptItems.join("、") : null,
							},
							...(a.verification
								? [
										{ label: i.t("approvals.verifyDue"), value: i.date(a.verification.dueBy) },
										{
											label: i.t("approvals.scheduledOn"),
											value: a.verification.scheduledOn ? i.date(a.verification.scheduledOn) : null,
										},
										{ label: i.t("approvals.verificationTeam"), value: a.verification.team.join("、") },
										{
											label: i.t("approvals.truthful"),
											value:
												a.verification.truthful === null
													? null
													: a.verification.truthful
														? i.t("approvals.truthful.yes")
														: i.t("approvals.truthful.no"),
										},
										...(a.verification.findings
											? [{ label: i.t("approvals.findings"), value: a.verification.findings, wide: true }]
											: []),
									]
								: []),
						]}
					/>
				</Card>
			)}

			<HistoryCard a={a} />

			{action && (
				<ActionDialog
					action={action}
					a={a}
					onClose={() => setAction(undefined)}
					onDone={(next) => {
						void message.success(
							i.t("approvals.done", { action: actionName(i, action), step: i.name(next.step) }),
						);
						setAction(undefined);
						reload();
					}}
				/>
			)}
		</>
	);
}
