/**
 * What every batch writer shares: the rows it receives (validated inputs with their line numbers),
 * the context (time, source) and the per-row results it returns.
 */
import type { Problem } from "../../core/problem.ts";
import type { Actor } from "../auth/policy.ts";

export interface BatchContext {
	/** The instant of the change (UTC ISO). */
	now: string;
	/** Today's date in China (UTC+8), for expiry and "not in the future" checks. */
	today: string;
	/** Where the change came from: import, api, seed, system. */
	source: string;
	/** Who is writing: every row is authorized against them, and every applied change audited. */
	actor: Actor;
}

export interface BatchRow<T> {
	line: number;
	input: T;
}

export type RowOutcome = "created" | "updated" | "unchanged" | "rejected";

export interface RowResult {
	line: number;
	outcome: RowOutcome;
	problems?: Problem[];
}

/** Applies one batch inside a transaction and reports each row. */
export type BatchWriter<T> = (
	trx: import("../db/database.ts").Db,
	rows: BatchRow<T>[],
	ctx: BatchContext,
) => Promise<RowResult[]>;

/** A row result for a rule broken against the register (not the row's own fields). */
export function rejected(
	line: number,
	field: string,
	rule: string,
	messageZh: string,
	messageEn: string,
): RowResult {
	return { line, outcome: "rejected", problems: [{ field, rule, messageZh, messageEn }] };
}

/** A row the actor may not write: the record belongs to another body or district. */
export function forbidden(line: number, field: string, messageZh: string, messageEn: string): RowResult {
	return rejected(line, field, "FORBIDDEN", messageZh, messageEn);
}

/** A status change dated before the current status took effect. */
export function statusDateTooEarly(line: number): RowResult {
	return rejected(
		line,
		"statusDate",
		"DATE_ORDER",
		"状态变更日期不能早于当前状态的生效日期",
		"the status date cannot be before the current status took effect",
	);
}

/** Splits a list into chunks (IN lists, multi-row inserts). */
export function chunks<T>(list: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Compares two plain values field by field (JSON-equal). */
export function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
