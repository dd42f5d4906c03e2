/**
 * The one error type of the approval core. Every refused transition, bad input or bad configuration is an
 * ApprovalError with a stable code, the field it concerns and the rule in Chinese and English (style
 * habit 4), so the server maps codes to statuses in one place and the forms show the message as it is.
 */
import { type Problem, problem } from "../problem.ts";

/** Stable codes; each names one rule. */
export type ApprovalErrorCode =
	/** An input value is missing, of the wrong shape or out of range. */
	| "APPROVAL_INPUT"
	/** The configuration breaks a rule; `problems` lists every one. */
	| "APPROVAL_CONFIG_INVALID"
	/** Only initial applications, renewals and extensions may take the commitment path. */
	| "APPROVAL_PATH_NOT_ALLOWED"
	/** The action cannot be taken from the application's current step. */
	| "APPROVAL_STEP"
	/** The actor's role may not take this action. */
	| "APPROVAL_ROLE"
	/** An applicant acts only for their own lab. */
	| "APPROVAL_NOT_OWN_LAB"
	/** A reviewer acts only on an application whose team they are on. */
	| "APPROVAL_NOT_ON_TEAM"
	/** The day is not a date, or is before the application's last recorded day. */
	| "APPROVAL_DAY"
	/** A required material is neither attached nor reused from what is on file. */
	| "APPROVAL_MATERIAL_MISSING"
	/** The commitment path needs the signed commitment (告知承诺书). */
	| "APPROVAL_COMMITMENT_MISSING"
	/** A capability row falls in a field excluded from the commitment path. */
	| "APPROVAL_EXCLUDED_FIELD"
	/** A renewal filed before its window opens. */
	| "APPROVAL_RENEWAL_EARLY"
	/** A renewal filed later than 3 months (as configured) before the qualification expires. */
	| "APPROVAL_RENEWAL_LATE"
	/** Not accepting, refusing or finding a commitment false needs a written reason. */
	| "APPROVAL_REASON_REQUIRED"
	/** Completion (补正) is requested once, listing everything (一次告知). */
	| "APPROVAL_COMPLETION_ONCE"
	/** The completion does not supply every material that was requested. */
	| "APPROVAL_COMPLETION_INCOMPLETE"
	/** Paper changes and cancellations are decided without technical review. */
	| "APPROVAL_REVIEW_NOT_NEEDED"
	/** An initial application or an extension is concluded only after an assessment. */
	| "APPROVAL_ASSESSMENT_REQUIRED"
	/** A nonconformity id is unknown, repeated or no longer open. */
	| "APPROVAL_NONCONFORMITY"
	/** Corrections are submitted after their due day; the items concerned fail. */
	| "APPROVAL_CORRECTION_OVERDUE"
	/** Corrections are closed by the team only once they are overdue. */
	| "APPROVAL_CORRECTION_NOT_DUE"
	/** The review conclusion disagrees with the nonconformities found. */
	| "APPROVAL_CONCLUSION_INCONSISTENT"
	/** A decision needs a review conclusion when the application needs technical review. */
	| "APPROVAL_DECISION_NEEDS_CONCLUSION"
	/** A qualification is not granted against a failing review conclusion. */
	| "APPROVAL_DECISION_CONTRADICTS_REVIEW"
	/** A cancellation ends with its decision; there is no certificate to issue. */
	| "APPROVAL_NO_CERTIFICATE"
	/** Verification (核查) follows the commitment path only. */
	| "APPROVAL_NOT_COMMITMENT"
	/** The verification is scheduled after the end of its period. */
	| "APPROVAL_VERIFICATION_LATE"
	/** The verification is recorded before the day it was scheduled for. */
	| "APPROVAL_VERIFICATION_EARLY"
	/** A joint review covers the applications of one lab only. */
	| "APPROVAL_JOINT_MIXED_LABS";

/** A coded refusal: which field broke which rule, in Chinese and English. */
export class ApprovalError extends Error {
	constructor(
		readonly code: ApprovalErrorCode,
		readonly field: string,
		readonly zh: string,
		readonly en: string,
		/** Every problem found, when there are several (a configuration). */
		readonly problems: readonly Problem[] = [problem(field, code, zh, en)],
	) {
		super(`${field}: ${en}`);
		this.name = "ApprovalError";
	}

	/** The error as a validation problem (src/core/problem.ts), for API bodies and forms. */
	toProblem(): Problem {
		return problem(this.field, this.code, this.zh, this.en);
	}
}

/** Throws an ApprovalError; a helper so guards read as one statement. */
export function refuse(code: ApprovalErrorCode, field: string, zh: string, en: string): never {
	throw new ApprovalError(code, field, zh, en);
}
