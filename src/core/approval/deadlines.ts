/**
 * Deadlines in working days, from an application's history. Each stage has its limit (config.ts; by
 * default 《检验检测机构资质认定管理办法》第十条): acceptance from receipt, technical review from acceptance
 * (not counted in the decision period), each round of corrections from its notice, the decision from the
 * review conclusion (or from acceptance when there is no review), the certificate from the decision. The
 * commitment path's verification is due within calendar months of the decision.
 *
 * While the application waits for the applicant (补正, 整改) the stage it paused stops: those days are not
 * counted, and its due day moves by as many working days as the wait took. A day counts when it is a
 * working day after the stage's first day, so a step taken the day it became due is in time.
 */
import { type ApplicationKind, needsTechnicalReview } from "./application.ts";
import { countWorkdays, isDay, type WorkdayCalendar } from "./calendar.ts";
import type { ApprovalConfig, ApprovalLimits } from "./config.ts";
import { refuse } from "./errors.ts";
import { type Application, isFinished, STEP_INFO, type Step } from "./workflow.ts";

/** The timed stages of an application, each with its own limit. */
export const STAGES = [
	"acceptance",
	"technical_review",
	"correction",
	"decision",
	"issue",
	"verification",
] as const;
/** One of STAGES. */
export type Stage = (typeof STAGES)[number];

/** Stage names, and whether the stage is part of the statutory approval period (technical review is not). */
export const STAGE_INFO: Readonly<Record<Stage, { zh: string; en: string; statutory: boolean }>> = {
	acceptance: { zh: "受理", en: "acceptance", statutory: true },
	technical_review: { zh: "技术评审", en: "technical review", statutory: false },
	correction: { zh: "整改", en: "corrections", statutory: false },
	decision: { zh: "许可决定", en: "decision", statutory: true },
	issue: { zh: "发证", en: "certificate issue", statutory: true },
	verification: { zh: "告知承诺核查", en: "verification of the commitment", statutory: false },
};

const LIMIT_OF: Record<Exclude<Stage, "verification">, keyof ApprovalLimits> = {
	acceptance: "acceptance",
	technical_review: "technicalReview",
	correction: "correction",
	decision: "decision",
	issue: "issue",
};

/** One stage's clock. */
export interface StageClock {
	stage: Stage;
	startedOn: string;
	/** The day the stage ended, or null while it runs. */
	endedOn: string | null;
	/** For acceptance restarted on completion (configured): the day it started afresh. */
	restartedOn: string | null;
	/** Working days allowed; null for the verification period, set in calendar months. */
	limit: number | null;
	/** Working days used, waits for the applicant excluded. */
	used: number;
	/** Working days the stage stood still waiting for the applicant. */
	pausedDays: number;
	/** Whether it stands still now, waiting for the applicant. */
	paused: boolean;
	/** The last day for the stage's step; null while paused (it depends on when the applicant returns). */
	dueOn: string | null;
	/**
	 * Working days left: 0 on the due day and after it until the next working day, negative from then on;
	 * at a pause, what is left when the clock restarts.
	 */
	remaining: number | null;
	overdue: boolean;
}

/** Where an application stands against its deadlines. */
export interface Progress {
	step: Step;
	/** The clock of the stage under way, or null for a draft or a finished application. */
	current: StageClock | null;
	waitingForApplicant: boolean;
	/** The current stage has `config.nearDue` working days left or fewer, and is running. */
	nearDue: boolean;
	overdue: boolean;
	/** The statutory approval period: acceptance, decision and issue together, review and waits excluded. */
	statutory: { used: number; limit: number; remaining: number };
	/** Every stage so far, in the order they started. */
	stages: StageClock[];
}

/** What the clocks need: the calendar, the configuration and the day to measure to. */
export interface ProgressContext {
	workdays: WorkdayCalendar;
	config: ApprovalConfig;
	today: string;
}

type Role = { stage: Stage; counting: boolean };

/** The stages an application's step belongs to, and whether their clocks run there. */
function rolesOf(step: Step, a: ApplicationKind): Role[] {
	switch (step) {
		case "submitted":
			return [{ stage: "acceptance", counting: true }];
		case "completion":
			return [{ stage: "acceptance", counting: false }];
		case "accepted":
			return [{ stage: needsTechnicalReview(a) ? "technical_review" : "decision", counting: true }];
		case "document_review":
		case "assessment":
			return [{ stage: "technical_review", counting: true }];
		case "correction":
			return [
				{ stage: "technical_review", counting: false },
				{ stage: "correction", counting: true },
			];
		case "reviewed":
			return [{ stage: "decision", counting: true }];
		case "granted":
			return a.type === "cancellation" ? [] : [{ stage: "issue", counting: true }];
		default:
			return [];
	}
}

interface Instance {
	stage: Stage;
	startedOn: string;
	endedOn: string | null;
	restartedOn: string | null;
	runs: [string, string][];
	waits: [string, string][];
	paused: boolean;
}

/**
 * The application's clocks on a day: the current stage with its due day, working days used and left, and
 * whether it is overdue or near due; every stage so far; and the statutory period as a whole.
 */
export function progressOf(a: Application, ctx: ProgressContext): Progress {
	const { workdays: w, config } = ctx;
	if (!isDay(ctx.today)) refuse("APPROVAL_INPUT", "today", "日期无效", "not a date");
	const h = a.history;
	const lastDay = h.at(-1)?.on ?? a.createdOn;
	// A day before the last recorded step measures to that step (dates compare as strings).
	const today = [ctx.today, lastDay].sort()[1]!;
	const finished = isFinished(a);
	const instances: Instance[] = [];
	const open = new Map<Stage, Instance>();
	h.forEach((e, i) => {
		const start = e.on;
		const end = h[i + 1]?.on ?? (finished ? start : today);
		const roles = rolesOf(e.to, a);
		for (const [stage, inst] of open)
			if (!roles.some((r) => r.stage === stage)) {
				inst.endedOn = start;
				inst.paused = false;
				open.delete(stage);
			}
		for (const r of roles) {
			let inst = open.get(r.stage);
			if (!inst) {
				inst = {
					stage: r.stage,
					startedOn: start,
					endedOn: null,
					restartedOn: null,
					runs: [],
					waits: [],
					paused: false,
				};
				instances.push(inst);
				open.set(r.stage, inst);
			} else if (
				r.stage === "acceptance" &&
				e.from === "completion" &&
				e.to === "submitted" &&
				config.completionRestartsAcceptance
			) {
				inst.runs = [];
				inst.restartedOn = start;
			}
			(r.counting ? inst.runs : inst.waits).push([start, end]);
			inst.paused = !r.counting;
		}
	});
	const stages = instances.map((inst): StageClock => {
		const limit = config.limits[LIMIT_OF[inst.stage as Exclude<Stage, "verification">]];
		const used = inst.runs.reduce((n, [f, t]) => n + countWorkdays(w, f, t), 0);
		const pausedDays = inst.waits.reduce((n, [f, t]) => n + countWorkdays(w, f, t), 0);
		const running = inst.endedOn === null && !finished;
		// The running round of corrections keeps the due day its notice gave.
		const notified = inst.stage === "correction" && running && a.correction ? a.correction.dueOn : null;
		const due = dueDay(w, inst.runs, limit);
		const dueOn = notified ?? (inst.paused && running ? null : due.day);
		const remaining = notified ? countWorkdays(w, today, notified) : limit - used;
		const endedOn = running ? null : (inst.endedOn ?? lastDay);
		// Past the due day while the clock ran (a deadline on a Friday is missed on the Saturday); a wait for
		// the applicant never makes a stage overdue.
		const lastRun = inst.runs.at(-1)?.[1];
		const overdue = notified ? today > notified : due.reached && lastRun !== undefined && lastRun > due.day!;
		return {
			stage: inst.stage,
			startedOn: inst.startedOn,
			endedOn,
			restartedOn: inst.restartedOn,
			limit,
			used,
			pausedDays,
			paused: running && inst.paused,
			dueOn,
			remaining,
			overdue,
		};
	});
	if (a.verification && a.decision) stages.push(verificationClock(a, w, today));
	let current: StageClock | null = null;
	if (!finished && a.step !== "draft") {
		const roles = rolesOf(a.step, a);
		const stage: Stage | undefined =
			a.step === "issued" || a.step === "verification_scheduled" ? "verification" : roles.at(-1)?.stage;
		current = stages.findLast((s) => s.stage === stage && s.endedOn === null) ?? null;
	}
	const statutoryLimit =
		config.limits.acceptance + config.limits.decision + (a.type === "cancellation" ? 0 : config.limits.issue);
	const statutoryUsed = stages.filter((s) => STAGE_INFO[s.stage].statutory).reduce((n, s) => n + s.used, 0);
	return {
		step: a.step,
		current,
		waitingForApplicant: STEP_INFO[a.step].waitsForApplicant,
		nearDue:
			current !== null &&
			!current.paused &&
			current.remaining !== null &&
			!current.overdue &&
			current.remaining <= config.nearDue,
		overdue: current?.overdue ?? false,
		statutory: { used: statutoryUsed, limit: statutoryLimit, remaining: statutoryLimit - statutoryUsed },
		stages,
	};
}

/**
 * The day the limit is reached: walks the running periods in order, skipping the waits between them.
 * `reached` when it falls within them; otherwise the day it falls on if the last period ran on.
 */
function dueDay(
	w: WorkdayCalendar,
	runs: readonly [string, string][],
	limit: number,
): { day: string | null; reached: boolean } {
	let cum = 0;
	let before = 0;
	for (const [from, to] of runs) {
		const n = countWorkdays(w, from, to);
		if (cum + n >= limit) return { day: w.add(from, limit - cum), reached: true };
		before = cum;
		cum += n;
	}
	const last = runs.at(-1);
	return { day: last ? w.add(last[0], limit - before) : null, reached: false };
}

/** The commitment path's verification: from the decision to the verification's due day, in calendar months. */
function verificationClock(a: Application, w: WorkdayCalendar, today: string): StageClock {
	const v = a.verification!;
	const startedOn = a.decision!.on;
	const done = a.step === "verified" || a.step === "revoked" ? a.history.at(-1)!.on : null;
	const until = done ?? today;
	return {
		stage: "verification",
		startedOn,
		endedOn: done,
		restartedOn: null,
		limit: null,
		used: countWorkdays(w, startedOn, until),
		pausedDays: 0,
		paused: false,
		dueOn: v.dueBy,
		remaining: countWorkdays(w, until, v.dueBy),
		overdue: until > v.dueBy,
	};
}
