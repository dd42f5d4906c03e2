/**
 * Turns register events into log entries. An entry says what happened to which public record, when,
 * by which body, and carries the SHA-256 of the record's public fields as canonical JSON, so a later
 * audit can tell whether the register still holds what the log says it published. Entries never hold
 * personal data: people appear only by their public reference, with a salted record hash.
 */
import { hash } from "node:crypto";
import { canonicalJson } from "../../core/canonical-json.ts";
import { type AuditFact, audit } from "../audit/audit.service.ts";
import type { Db } from "../db/database.ts";
import type { BatchContext } from "../import/batch.ts";
import { appendEntries, type PreparedEntry, setLogIndex } from "./journal.repository.ts";
import { noteAppended } from "./receipts.ts";

/** What a log entry records. */
export interface LogEvent {
	/** e.g. certificate.issued, certificate.status, report.issued, organization.registered */
	type: string;
	/** The record: its kind and natural key, e.g. {kind: "certificate", number, issuer}. */
	subject: Record<string, string>;
	/** The body responsible (USCC), when there is one. */
	by?: string;
	/** Extra public facts worth reading without the register (status, effective date). */
	facts?: Record<string, string | number | null>;
	/** The record's public fields; only their hash goes into the entry. */
	record: unknown;
	/** The record's public fields before the change (null when created), for the audit trail. */
	before?: unknown;
	/** The organisation the record belongs to, for the audit trail. */
	subjectOrgId?: number | null;
	/**
	 * The record's row, which remembers the index of its newest entry; `written` when the caller already
	 * stored that index with the row (it reserved the indices with `lockLog` and passes `expectFirst`).
	 */
	row?: { table: "certificates" | "reports"; id: number; written?: true };
	/** A note for the audit trail only (the reason given); never in the entry. */
	auditDetail?: Record<string, string | number | null>;
}

/**
 * Format version of entries. 2: a person's record hash names the employer by code only (version 1 hashed
 * the employer's code and name).
 */
export const ENTRY_VERSION = 2;

/** SHA-256 of canonical JSON, hex. */
export function recordHash(record: unknown): string {
	return hash("sha256", canonicalJson(record), "hex");
}

/** Builds the canonical entry text for an event. */
export function entryText(event: LogEvent, at: string, sha256 = recordHash(event.record)): string {
	// Members in canonical (alphabetical) order.
	return canonicalJson({
		at,
		...(event.by ? { by: event.by } : {}),
		...(event.facts ? { facts: event.facts } : {}),
		recordSha256: sha256,
		subject: event.subject,
		type: event.type,
		v: ENTRY_VERSION,
	});
}

/** A readable key of a log subject: `number@issuer`, a USCC, a person's reference… */
export function subjectKey(subject: Record<string, string>): string {
	const { kind: _kind, issuer, ...rest } = subject;
	const main = Object.values(rest).join("/");
	return issuer ? `${main}@${issuer}` : main;
}

/**
 * Appends events to the log inside the caller's transaction, and records them in the audit trail with
 * the actor and the record hashes before and after (the initial seed is not audited: the log holds it).
 * Returns the first log index.
 */
export async function logEvents(
	trx: Db,
	events: LogEvent[],
	ctx: BatchContext,
	expectFirst?: number,
): Promise<number> {
	const audits: AuditFact[] = [];
	const prepared: PreparedEntry[] = events.map((e) => {
		const sha256 = recordHash(e.record);
		const entry = entryText(e, ctx.now, sha256);
		if (ctx.source !== "seed")
			audits.push({
				action: e.type,
				outcome: "ok",
				target: { type: e.subject.kind ?? "record", key: subjectKey(e.subject) },
				subjectOrgId: e.subjectOrgId ?? null,
				beforeSha256: e.before === undefined || e.before === null ? null : recordHash(e.before),
				afterSha256: sha256,
				detail: e.auditDetail ?? null,
			});
		return { entry };
	});
	const first = await appendEntries(trx, prepared);
	// Rows stored with their index beforehand must have been given the ones these entries got.
	if (expectFirst !== undefined && first !== expectFirst)
		throw new Error(`log: entries reserved from ${expectFirst} were appended from ${first}`);
	await setLogIndex(
		trx,
		events.flatMap((e, i) => (e.row && !e.row.written ? [{ ...e.row, idx: first + i }] : [])),
	);
	await audit(trx, ctx.actor, ctx.now, audits);
	noteAppended(first, prepared.length);
	return first;
}
