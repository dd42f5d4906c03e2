/**
 * Turns register events into log entries. An entry says what happened to which public record, when,
 * by which body, and carries the SHA-256 of the record's public fields as canonical JSON, so a later
 * audit can tell whether the register still holds what the log says it published. Entries never hold
 * personal data: people appear only by their public reference.
 */
import { hash } from "node:crypto";
import { canonicalJson } from "../../core/canonical-json.ts";
import type { Db } from "../db/database.ts";
import { appendEntries, type PreparedEntry } from "./journal.repository.ts";

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
}

/** Format version of entries. */
export const ENTRY_VERSION = 1;

const LEAF_PREFIX = Buffer.from([0]);

/** SHA-256 of canonical JSON, hex. */
export function recordHash(record: unknown): string {
	return hash("sha256", canonicalJson(record), "hex");
}

/** RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: string): Buffer {
	return hash(
		"sha256",
		Buffer.concat([LEAF_PREFIX, Buffer.from(entry, "utf8")]),
		"buffer",
	) as unknown as Buffer;
}

/** Builds the canonical entry text for an event. */
export function entryText(event: LogEvent, at: string): string {
	// Members in canonical (alphabetical) order.
	return canonicalJson({
		at,
		...(event.by ? { by: event.by } : {}),
		...(event.facts ? { facts: event.facts } : {}),
		recordSha256: recordHash(event.record),
		subject: event.subject,
		type: event.type,
		v: ENTRY_VERSION,
	});
}

/** Appends events to the log inside the caller's transaction; returns the first index. */
export async function logEvents(trx: Db, events: LogEvent[], at: string): Promise<number> {
	const prepared: PreparedEntry[] = events.map((e) => {
		const entry = entryText(e, at);
		return { entry, leafHash: leafHash(entry) };
	});
	return appendEntries(trx, prepared, at);
}
