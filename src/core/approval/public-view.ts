/**
 * What the public sees of an application, by its number: its type and path, the step it is at, the working
 * days used and left with the due day, whether it is overdue, and the steps it went through with their
 * days. Built field by field from a whitelist: never the lab's people, the team, who took a step, reasons or
 * findings written by officers, attachments or any other personal data (requirements §7, §10).
 */
import { APPLICATION_TYPE_INFO, APPROVAL_PATH_INFO } from "./application.ts";
import { type ProgressContext, progressOf } from "./deadlines.ts";
import { type Application, STEP_INFO, type Step } from "./workflow.ts";

/** A coded value with its names. */
export interface Label {
	code: string;
	zh: string;
	en: string;
}

/** The public progress of one application. */
export interface PublicProgress {
	number: string;
	type: Label;
	path: Label;
	step: Label;
	/** Waiting for the applicant (补正 or 整改): the regulator's clock stands still. */
	waitingForApplicant: boolean;
	/** Working days used and left in the current step, and its due day; null when none runs. */
	usedWorkdays: number | null;
	remainingWorkdays: number | null;
	dueOn: string | null;
	overdue: boolean;
	/** The statutory approval period (acceptance, decision, issue), review and waits excluded. */
	statutory: { usedWorkdays: number; limitWorkdays: number };
	/** The steps taken, in order, each with its day. */
	history: { step: Label; on: string }[];
}

/** A step's public name; a granted cancellation reads as such. */
function stepLabel(step: Step, a: Pick<Application, "type">): Label {
	if (step === "granted" && a.type === "cancellation")
		return { code: step, zh: "准予注销", en: "cancellation granted" };
	return { code: step, zh: STEP_INFO[step].zh, en: STEP_INFO[step].en };
}

/** The public view of an application's progress on a day; holds no personal data by construction. */
export function publicProgress(a: Application, ctx: ProgressContext): PublicProgress {
	const p = progressOf(a, ctx);
	const c = p.current;
	const history: PublicProgress["history"] = [];
	for (const e of a.history)
		if (history.at(-1)?.step.code !== e.to) history.push({ step: stepLabel(e.to, a), on: e.on });
	return {
		number: a.number,
		type: { code: a.type, zh: APPLICATION_TYPE_INFO[a.type].zh, en: APPLICATION_TYPE_INFO[a.type].en },
		path: { code: a.path, zh: APPROVAL_PATH_INFO[a.path].zh, en: APPROVAL_PATH_INFO[a.path].en },
		step: stepLabel(a.step, a),
		waitingForApplicant: p.waitingForApplicant,
		usedWorkdays: c ? c.used : null,
		remainingWorkdays: c ? c.remaining : null,
		dueOn: c ? c.dueOn : null,
		overdue: p.overdue,
		statutory: { usedWorkdays: p.statutory.used, limitWorkdays: p.statutory.limit },
		history,
	};
}
