/**
 * Business errors with stable codes. Services throw these; the HTTP layer maps the class to a status in
 * one place (http/error-handler.ts) and answers {"error":{code,message,messageZh,field,rule,requestId}}.
 * Anything that is not an AppError is logged in full and answered as a generic 500.
 */
import type { ApprovalError, ApprovalErrorCode } from "../core/approval/errors.ts";
import type { Problem } from "../core/problem.ts";

export abstract class AppError extends Error {
	abstract readonly status: number;
	constructor(
		readonly code: string,
		readonly messageEn: string,
		readonly messageZh: string,
		readonly field?: string,
		readonly rule?: string,
		readonly details?: unknown,
	) {
		super(messageEn);
		this.name = new.target.name;
	}
}

/** The request or a row is malformed or breaks a rule (400). */
export class InputError extends AppError {
	readonly status = 400;
	/** One error naming the first problem; all problems ride along in details. */
	static fromProblems(code: string, problems: readonly Problem[]): InputError {
		const first = problems[0]!;
		return new InputError(
			code,
			`${first.field}: ${first.messageEn}`,
			`${first.field}：${first.messageZh}`,
			first.field,
			first.rule,
			{ problems },
		);
	}
}

/** No such record, or not visible to the caller (404). */
export class NotFoundError extends AppError {
	readonly status = 404;
}

/** The request conflicts with what is on record (409). */
export class ConflictError extends AppError {
	readonly status = 409;
}

/** The caller may not do this (403). */
export class ForbiddenError extends AppError {
	readonly status = 403;
}

/** The caller is not identified (401). */
export class UnauthenticatedError extends AppError {
	readonly status = 401;
}

/** Too many requests from one client (429). */
export class RateLimitedError extends AppError {
	readonly status = 429;
}

/** The transparency log cannot sign or serve right now: what it holds disagrees with what it signed (503). */
export class LogUnavailableError extends AppError {
	readonly status = 503;
}

/**
 * The HTTP status of a refusal by the approval core (src/core/approval/errors.ts): bad input 400, a step
 * the application is not at or a rule of timing 409, a role that may not act 403. Reads never reach the
 * core with someone who may not see the application: they answer 404 before.
 */
export function approvalStatus(code: ApprovalErrorCode): number {
	switch (code) {
		case "APPROVAL_ROLE":
		case "APPROVAL_NOT_OWN_LAB":
		case "APPROVAL_NOT_ON_TEAM":
			return 403;
		case "APPROVAL_INPUT":
		case "APPROVAL_CONFIG_INVALID":
		case "APPROVAL_PATH_NOT_ALLOWED":
		case "APPROVAL_MATERIAL_MISSING":
		case "APPROVAL_COMMITMENT_MISSING":
		case "APPROVAL_EXCLUDED_FIELD":
		case "APPROVAL_REASON_REQUIRED":
		case "APPROVAL_COMPLETION_INCOMPLETE":
		case "APPROVAL_CONCLUSION_INCONSISTENT":
		case "APPROVAL_NONCONFORMITY":
		case "APPROVAL_JOINT_MIXED_LABS":
			return 400;
		default:
			return 409;
	}
}

/** An approval core refusal as the AppError the error handler answers with (code, field, both languages). */
export function fromApprovalError(e: ApprovalError): AppError {
	const status = approvalStatus(e.code);
	const args = [
		e.code,
		`${e.field}: ${e.en}`,
		`${e.field}：${e.zh}`,
		e.field,
		e.code,
		e.problems.length > 1 ? { problems: e.problems } : undefined,
	] as const;
	return status === 400
		? new InputError(...args)
		: status === 403
			? new ForbiddenError(...args)
			: new ConflictError(...args);
}
