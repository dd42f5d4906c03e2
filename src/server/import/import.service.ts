/**
 * Bulk import: every row is checked, good rows are applied in batches (one transaction each), bad rows
 * are reported with line, field, rule and a message in Chinese and English. A batch that fails as a whole
 * is retried row by row, so one row that breaks a database constraint never takes its neighbours with
 * it. A crash loses at most the batch in flight, and that batch is rolled back whole: re-running the
 * file is safe because every kind is matched by its natural key and identical rows change nothing.
 */
import type { Readable } from "node:stream";
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import type { Problem } from "../../core/problem.ts";
import { type AuditTarget, audit } from "../audit/audit.service.ts";
import type { Actor } from "../auth/policy.ts";
import { applyCertificates } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import { applyOrganizations } from "../organizations/organizations.service.ts";
import { applyPeople } from "../people/people.service.ts";
import { applyCapabilities, applyQualifications } from "../qualifications/qualifications.service.ts";
import { applyReports } from "../reports/reports.service.ts";
import type { BatchContext, BatchRow, BatchWriter, RowResult } from "./batch.ts";
import { checkInWorker } from "./check-worker.ts";
import { CHECKS, type CheckedRow, checkedBatches, type ImportKind } from "./checks.ts";
import { type Encoding, type Format, ImportFileError, readRecords, type SourceRecord } from "./sources.ts";

export { IMPORT_KINDS, type ImportKind } from "./checks.ts";

/** How a batch of each kind is written. */
const WRITERS: Record<ImportKind, BatchWriter<unknown>> = {
	organizations: applyOrganizations as BatchWriter<unknown>,
	people: applyPeople as BatchWriter<unknown>,
	qualifications: applyQualifications as BatchWriter<unknown>,
	capabilities: applyCapabilities as BatchWriter<unknown>,
	certificates: applyCertificates as BatchWriter<unknown>,
	reports: applyReports as BatchWriter<unknown>,
};

/** One row the import could not apply. */
export interface RowError {
	line: number;
	field: string;
	rule: string;
	messageZh: string;
	messageEn: string;
}

export interface ImportSummary {
	kind: ImportKind;
	rows: number;
	created: number;
	updated: number;
	unchanged: number;
	rejected: number;
	/** The file-level problem that stopped reading, if any. */
	fileError: RowError | null;
	durationMs: number;
	dryRun: boolean;
}

export interface ImportOptions {
	kind: ImportKind;
	format: Format;
	encoding: Encoding | null;
	clock: Clock;
	/** Who is importing: rows are authorized against them and applied changes audited. */
	actor: Actor;
	source?: string;
	/** Check and apply, then roll every batch back. */
	dryRun?: boolean;
	/** Called with each rejected row, in line order. */
	onError?: (e: RowError) => void;
	/** Called with the result of every row, in line order. */
	onRow?: (r: RowResult) => void;
	/** Called after each batch with the number of rows read so far. */
	onProgress?: (rowsRead: number) => void;
	/** Rows per transaction (defaults per kind). */
	batchSize?: number;
}

class DryRunRollback extends Error {
	constructor(readonly results: RowResult[]) {
		super("dry run");
	}
}

/**
 * Imports one file (a byte stream): decoded, parsed as CSV or JSON Lines, checked, then applied. With
 * `parallel`, decoding, parsing and checking run on a worker thread while this thread writes.
 */
export function runImport(
	db: Db,
	input: Readable | AsyncIterable<Buffer>,
	opts: ImportOptions & { parallel?: boolean },
): Promise<ImportSummary> {
	const kind = CHECKS[opts.kind];
	const batchSize = opts.batchSize ?? kind.batchSize;
	const batches = opts.parallel
		? checkInWorker(input as AsyncIterable<Buffer>, {
				kind: opts.kind,
				format: opts.format,
				encoding: opts.encoding,
				batchSize,
			})
		: checkedBatches(
				readRecords(input, {
					format: opts.format,
					encoding: opts.encoding,
					allowed: kind.fields,
					required: kind.required,
				}),
				opts.kind,
				batchSize,
			);
	return applyBatches(db, batches, opts);
}

/** Imports records already read (the seeder uses this with generated records). */
export function importRecords(
	db: Db,
	records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
	opts: Omit<ImportOptions, "format" | "encoding">,
): Promise<ImportSummary> {
	return applyBatches(
		db,
		checkedBatches(records, opts.kind, opts.batchSize ?? CHECKS[opts.kind].batchSize),
		opts,
	);
}

/** Writes one record (the write API's single-record path); returns its row's result. */
export async function writeRecord(
	db: Db,
	kind: ImportKind,
	record: Record<string, unknown>,
	opts: { clock: Clock; actor: Actor; source?: string },
): Promise<RowResult> {
	let result: RowResult | undefined;
	await importRecords(db, [{ line: 1, raw: record }], {
		kind,
		clock: opts.clock,
		actor: opts.actor,
		source: opts.source ?? "api",
		onRow: (r) => {
			result = r;
		},
	});
	return result!;
}

/** Applies checked batches, one transaction each, and reports every row. */
async function applyBatches(
	db: Db,
	batches: AsyncIterable<CheckedRow[]>,
	opts: Omit<ImportOptions, "format" | "encoding">,
): Promise<ImportSummary> {
	const apply = WRITERS[opts.kind];
	const started = Date.now();
	const summary: ImportSummary = {
		kind: opts.kind,
		rows: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		rejected: 0,
		fileError: null,
		durationMs: 0,
		dryRun: opts.dryRun ?? false,
	};
	const report = (line: number, problems: Problem[]) => {
		summary.rejected++;
		for (const p of problems)
			opts.onError?.({ line, field: p.field, rule: p.rule, messageZh: p.messageZh, messageEn: p.messageEn });
	};
	try {
		for await (const rows of batches) {
			summary.rows += rows.length;
			const good = rows.filter((r): r is BatchRow<unknown> & CheckedRow => r.problems === undefined);
			const results = new Map<number, RowResult>();
			const ctx = context(opts);
			for (const r of await applyBatch(db, apply, good, ctx, opts.dryRun ?? false)) results.set(r.line, r);
			// Refused attempts are audited too, outside the batch (they changed nothing).
			const denied = good.filter((r) => results.get(r.line)?.problems?.some((p) => p.rule === "FORBIDDEN"));
			if (denied.length && !opts.dryRun)
				await audit(
					db,
					ctx.actor,
					ctx.now,
					denied.map((r) => ({
						action: `${opts.kind}.write`,
						outcome: "denied",
						target: targetOf(opts.kind, r.input as Record<string, unknown>),
						detail: { line: r.line, rule: "FORBIDDEN" },
					})),
				);
			for (const r of rows) {
				if (r.problems) {
					report(r.line, r.problems);
					opts.onRow?.({ line: r.line, outcome: "rejected", problems: r.problems });
					continue;
				}
				const res = results.get(r.line)!;
				if (res.outcome === "rejected") report(r.line, res.problems ?? []);
				else summary[res.outcome]++;
				opts.onRow?.(res);
			}
			opts.onProgress?.(summary.rows);
		}
	} catch (e) {
		if (!(e instanceof ImportFileError)) throw e;
		summary.fileError = {
			line: e.line ?? 0,
			field: "(file)",
			rule: e.rule,
			messageZh: e.messageZh,
			messageEn: e.messageEn,
		};
		opts.onError?.(summary.fileError);
	}
	summary.durationMs = Date.now() - started;
	return summary;
}

function context(opts: Pick<ImportOptions, "clock" | "source" | "actor">): BatchContext {
	const now = opts.clock.now();
	return { now: isoInstant(now), today: chinaDate(now), source: opts.source ?? "import", actor: opts.actor };
}

/** The record a row names, for the audit trail of refused rows (people: none; their key is personal). */
function targetOf(kind: ImportKind, input: Record<string, unknown>): AuditTarget | null {
	switch (kind) {
		case "certificates":
			return { type: "certificate", key: `${input.number}@${input.cbUscc}` };
		case "reports":
			return { type: "report", key: `${input.number}@${input.labUscc}` };
		case "organizations":
			return { type: "organization", key: String(input.uscc) };
		case "qualifications":
			return { type: "qualification", key: `${input.number}/${input.type}` };
		case "capabilities":
			return {
				type: "capability",
				key: `${input.cmaNumber}/${input.product}/${input.parameter}/${input.standard}`,
			};
		case "people":
			return null;
	}
}

/**
 * Applies a batch in one transaction; if the transaction fails, applies each row alone so that the
 * failure is pinned to its row and the others still go in.
 */
async function applyBatch(
	db: Db,
	apply: BatchWriter<unknown>,
	rows: BatchRow<unknown>[],
	ctx: BatchContext,
	dryRun: boolean,
): Promise<RowResult[]> {
	if (rows.length === 0) return [];
	const once = async (part: BatchRow<unknown>[]) => {
		try {
			return await db.transaction().execute(async (trx) => {
				const results = await apply(trx, part, ctx);
				if (dryRun) throw new DryRunRollback(results);
				return results;
			});
		} catch (e) {
			if (e instanceof DryRunRollback) return e.results;
			throw e;
		}
	};
	try {
		return await once(rows);
	} catch (batchError) {
		if (rows.length === 1) return [failed(rows[0]!.line, batchError)];
		const out: RowResult[] = [];
		for (const row of rows) {
			try {
				out.push(...(await once([row])));
			} catch (e) {
				out.push(failed(row.line, e));
			}
		}
		return out;
	}
}

function failed(line: number, e: unknown): RowResult {
	const msg = e instanceof Error ? e.message : String(e);
	return {
		line,
		outcome: "rejected",
		problems: [
			{
				field: "(row)",
				rule: "DB_REJECTED",
				messageZh: `数据库拒绝了本行：${msg}`,
				messageEn: `the database refused this row: ${msg}`,
			},
		],
	};
}
