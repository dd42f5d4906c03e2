/**
 * Business errors with stable codes. Services throw these; the HTTP layer maps the class to a status in
 * one place (http/error-handler.ts) and answers {"error":{code,message,messageZh,field,rule,requestId}}.
 * Anything that is not an AppError is logged in full and answered as a generic 500.
 */
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
