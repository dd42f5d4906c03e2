/**
 * How qualification applications (资质认定) read in the console: steps as coloured tags, the due day red
 * once past and amber when near, the clock said to stand still while the lab is asked for more, the
 * materials plan (what is reused and from where, what is needed and why, what was filed with its SHA-256)
 * and the steps taken. Names come from the approval core (src/core/approval), in both languages.
 */
import { Alert, Card, Table, Tag } from "antd";
import {
	type Action,
	CHANGE_KIND_INFO,
	type ChangeKind,
	isMaterialCode,
	MATERIALS,
	NEEDED_REASONS,
	type NeededReason,
	STAGE_INFO,
	STEP_INFO,
	type Stage,
	type Step,
	TRANSITIONS,
} from "../../../../core/approval/index.ts";
import type {
	ApplicationDetail,
	ApplicationFile,
	ApplicationItem,
	CapabilityRowInput,
	MaterialPlanEntry,
	StageClockView,
} from "../../api/types.ts";
import { FieldList } from "../../components/Field.tsx";
import { type I18n, useI18n } from "../../i18n/i18n.tsx";

const STEP_COLOR: Partial<Record<Step, string>> = {
	draft: "default",
	submitted: "gold",
	completion: "orange",
	not_accepted: "default",
	withdrawn: "default",
	accepted: "blue",
	document_review: "cyan",
	assessment: "cyan",
	correction: "orange",
	reviewed: "purple",
	granted: "green",
	refused: "red",
	issued: "green",
	verification_scheduled: "geekblue",
	verified: "green",
	revoked: "red",
};

/** A step's name in the reader's language. */
export function stepName(i: I18n, code: string): string {
	return code in STEP_INFO ? i.name(STEP_INFO[code as Step]) : code;
}

/** An action's name in the reader's language (the core's TRANSITIONS). */
export function actionName(i: I18n, code: string): string {
	return code in TRANSITIONS ? i.name(TRANSITIONS[code as Action]) : code;
}

/** A material's name in the reader's language (the catalogue). */
export function materialName(i: I18n, code: string): string {
	return isMaterialCode(code) ? i.name(MATERIALS[code]) : code;
}

/** A kind of change's name. */
export function changeName(i: I18n, code: string): string {
	return code in CHANGE_KIND_INFO ? i.name(CHANGE_KIND_INFO[code as ChangeKind]) : code;
}

export function StepTag({ step }: { step: string }) {
	const i = useI18n();
	return (
		<Tag color={STEP_COLOR[step as Step] ?? "default"} className="approval-step">
			{stepName(i, step)}
		</Tag>
	);
}

/**
 * The due day of the current step and the working days left: red once past, amber when near; while the
 * application waits for the lab the regulator's clock stands still and that is what it says.
 */
export function DueCell({
	item,
}: {
	item: Pick<ApplicationItem, "dueOn" | "remainingWorkdays" | "overdue" | "nearDue" | "waitingForApplicant">;
}) {
	const i = useI18n();
	const left =
		item.remainingWorkdays === null
			? null
			: item.remainingWorkdays < 0
				? i.t("approvals.daysOver", { n: -item.remainingWorkdays })
				: i.t("approvals.daysLeft", { n: item.remainingWorkdays });
	if (!item.dueOn)
		return item.waitingForApplicant ? (
			<>
				<Tag color="orange">{i.t("approvals.waiting")}</Tag>
				{left && <div className="muted">{i.t("approvals.leftOnRestart", { left })}</div>}
			</>
		) : (
			<span className="muted">—</span>
		);
	if (item.overdue)
		return (
			<>
				<Tag color="red" className="approval-overdue">
					{i.date(item.dueOn)} · {i.t("approvals.overdue")}
				</Tag>
				{left && <div className="approval-overdue-text">{left}</div>}
			</>
		);
	if (item.nearDue)
		return (
			<>
				<Tag color="gold" className="approval-near-due">
					{i.date(item.dueOn)} · {i.t("approvals.nearDue")}
				</Tag>
				{left && <div>{left}</div>}
			</>
		);
	return (
		<>
			<span>{i.date(item.dueOn)}</span>
			{left && <div className="muted">{left}</div>}
			{item.waitingForApplicant && <Tag color="orange">{i.t("approvals.waitingLab")}</Tag>}
		</>
	);
}

/** A queue row's class: red when overdue, amber when near due. */
export function rowClass(x: Pick<ApplicationItem, "overdue" | "nearDue">): string {
	return x.overdue ? "approval-row-overdue" : x.nearDue ? "approval-row-near" : "";
}

/** A stage's name. */
function stageName(i: I18n, stage: string): string {
	return stage in STAGE_INFO ? i.name(STAGE_INFO[stage as Stage]) : stage;
}

/** An application's progress: the step, the clock of the stage under way, the statutory period, the stages. */
export function ProgressCard({ a }: { a: ApplicationDetail }) {
	const i = useI18n();
	const p = a.progress;
	const c = p.current;
	return (
		<Card
			title={<h2 className="card-title">{i.t("approvals.progress")}</h2>}
			className="section approval-progress"
		>
			{p.waitingForApplicant && a.step.code !== "draft" && (
				<Alert type="warning" showIcon className="section" title={i.t("approvals.clockStopped")} />
			)}
			<FieldList
				columns={3}
				rows={[
					{ label: i.t("approvals.step"), value: <StepTag step={a.step.code} /> },
					{ label: i.t("approvals.stage"), value: c ? stageName(i, c.stage) : null },
					{
						label: i.t("approvals.dueOn"),
						value: c ? (
							<DueCell
								item={{
									dueOn: c.dueOn,
									remainingWorkdays: c.remaining,
									overdue: c.overdue,
									nearDue: p.nearDue,
									waitingForApplicant: p.waitingForApplicant,
								}}
							/>
						) : null,
					},
					{
						label: i.t("approvals.stageUsed"),
						value: c
							? c.limit === null
								? i.t("approvals.days", { n: c.used })
								: i.t("approvals.usedOf", { used: c.used, limit: c.limit })
							: null,
					},
					{
						label: i.t("approvals.statutory"),
						value: i.t("approvals.usedOf", { used: p.statutory.used, limit: p.statutory.limit }),
					},
					{
						label: i.t("approvals.statutoryLeft"),
						value: i.t("approvals.days", { n: p.statutory.remaining }),
					},
				]}
			/>
			{p.stages.length > 0 && (
				<Table<StageClockView>
					size="small"
					className="section approval-stages"
					style={{ marginTop: 16 }}
					rowKey={(s) => `${s.stage}-${s.startedOn}`}
					dataSource={p.stages}
					pagination={false}
					scroll={{ x: 700 }}
					columns={[
						{ title: i.t("approvals.stage"), key: "stage", render: (_, s) => stageName(i, s.stage) },
						{ title: i.t("approvals.startedOn"), key: "start", render: (_, s) => i.date(s.startedOn) },
						{
							title: i.t("approvals.endedOn"),
							key: "end",
							render: (_, s) => (s.endedOn ? i.date(s.endedOn) : <Tag>{i.t("approvals.running")}</Tag>),
						},
						{
							title: i.t("approvals.used"),
							key: "used",
							render: (_, s) =>
								s.limit === null
									? i.t("approvals.days", { n: s.used })
									: i.t("approvals.usedOf", { used: s.used, limit: s.limit }),
						},
						{
							title: i.t("approvals.paused"),
							key: "paused",
							render: (_, s) => (s.pausedDays ? i.t("approvals.days", { n: s.pausedDays }) : "—"),
						},
						{
							title: i.t("approvals.dueOn"),
							key: "due",
							render: (_, s) =>
								s.overdue ? (
									<Tag color="red">
										{i.date(s.dueOn)} · {i.t("approvals.overdue")}
									</Tag>
								) : (
									i.date(s.dueOn)
								),
						},
					]}
				/>
			)}
		</Card>
	);
}

/** The steps taken, oldest first; who took them where the reader may know (regulators, reviewers). */
export function HistoryCard({ a }: { a: ApplicationDetail }) {
	const i = useI18n();
	return (
		<Card title={<h2 className="card-title">{i.t("approvals.history")}</h2>} className="section">
			<Table
				size="small"
				className="approval-history"
				rowKey={(_, n) => String(n)}
				dataSource={a.history}
				pagination={false}
				scroll={{ x: 640 }}
				locale={{ emptyText: i.t("approvals.noHistory") }}
				columns={[
					{ title: i.t("approvals.on"), key: "on", width: 150, render: (_, h) => i.date(h.on) },
					{ title: i.t("approvals.action"), key: "action", render: (_, h) => actionName(i, h.action) },
					{ title: i.t("approvals.to"), key: "to", render: (_, h) => <StepTag step={h.to} /> },
					{
						title: i.t("approvals.by"),
						key: "by",
						render: (_, h) => (
							<>
								{i.t(`approvals.role.${h.role}` as "approvals.role.officer")}
								{h.actorId && <span className="mono muted"> {h.actorId}</span>}
							</>
						),
					},
				]}
			/>
		</Card>
	);
}

/** Bytes as KB or MB. */
export function size(bytes: number): string {
	return bytes < 1024 * 1024
		? `${Math.max(1, Math.round(bytes / 1024))} KB`
		: `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Where a reused material comes from, said plainly. */
export function ReusedFrom({ m }: { m: Extract<MaterialPlanEntry, { status: "reused" }> }) {
	const i = useI18n();
	const s = m.source;
	return (
		<>
			<Tag color="green" className="material-reused">
				{i.t("approvals.reused")}
			</Tag>
			<div className="muted">
				{s.from === "register"
					? i.t("approvals.fromRegister")
					: i.t("approvals.fromApplication", {
							number: s.applicationNumber,
							date: i.date(s.acceptedOn),
							until: i.date(s.validUntil),
						})}
			</div>
			{s.from === "application" && <div className="hash">SHA-256 {s.sha256}</div>}
		</>
	);
}

/** Why a material must be filed. */
export function NeededWhy({ reason }: { reason: string }) {
	const i = useI18n();
	return (
		<>
			<Tag color="orange" className="material-needed">
				{i.t("approvals.needed")}
			</Tag>
			<div className="muted">
				{reason in NEEDED_REASONS ? i.name(NEEDED_REASONS[reason as NeededReason]) : reason}
			</div>
		</>
	);
}

/** The files filed for one material: name, size, SHA-256, and whether they went to the regulator. */
export function FiledFiles({ number, files }: { number: string; files: ApplicationFile[] }) {
	const i = useI18n();
	if (!files.length) return <span className="muted">{i.t("approvals.noFile")}</span>;
	return (
		<ul className="approval-files">
			{files.map((f) => (
				<li key={f.id}>
					<a
						href={`/api/v1/applications/${encodeURIComponent(number)}/files/${f.id}`}
						target="_blank"
						rel="noreferrer"
					>
						{f.filename}
					</a>{" "}
					<span className="muted">
						{f.contentType} · {size(f.size)} · {i.instant(f.filedAt)}
					</span>{" "}
					{f.submitted ? (
						<Tag color="blue">{i.t("approvals.fileSubmitted")}</Tag>
					) : (
						<Tag>{i.t("approvals.fileNew")}</Tag>
					)}
					<div className="hash">SHA-256 {f.sha256}</div>
				</li>
			))}
		</ul>
	);
}

/** The capability rows applied for. */
export function CapabilityRows({ rows }: { rows: CapabilityRowInput[] }) {
	const i = useI18n();
	return (
		<Table<CapabilityRowInput>
			size="small"
			className="approval-capabilities"
			rowKey={(_, n) => String(n)}
			dataSource={rows}
			pagination={false}
			scroll={{ x: 640 }}
			locale={{ emptyText: i.t("approvals.noRows") }}
			columns={(["field", "product", "parameter", "standard"] as const).map((c) => ({
				title: i.t(`field.capabilities.${c}`),
				key: c,
				render: (_: unknown, r: CapabilityRowInput) => r[c],
			}))}
		/>
	);
}
