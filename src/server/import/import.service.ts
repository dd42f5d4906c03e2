/**
 * Bulk import: every row is checked, good rows are applied in batches (one transaction each), bad rows
 * are reported with line, field, rule and a message in Chinese and English. A batch that fails as a whole
 * is retried row by row, so one row that breaks a database constraint never takes its neighbours with
 * it. A crash loses at most the batch in flight, and that batch is rolled back whole: re-running the
 * file is safe because every kind is matched by its natural key and identical rows change nothing.
 */
import type { Readable } from "node:stream";
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import type { Checked, Problem } from "../../core/problem.ts";
import { CAPABILITY_FIELDS, checkCapability } from "../../core/records/capability.ts";
import { CERTIFICATE_FIELDS, checkCertificate } from "../../core/records/certificate.ts";
import type { Raw } from "../../core/records/fields.ts";
import { checkOrganization, ORGANIZATION_FIELDS } from "../../core/records/organization.ts";
import { checkPerson, PERSON_FIELDS } from "../../core/records/person.ts";
import { checkQualification, QUALIFICATION_FIELDS } from "../../core/records/qualification.ts";
import { checkReport, REPORT_FIELDS } from "../../core/records/report.ts";
import { applyCertificates } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import { applyOrganizations } from "../organizations/organizations.service.ts";
import { applyPeople } from "../people/people.service.ts";
import { applyCapabilities, applyQualifications } from "../qualifications/qualifications.service.ts";
import { applyReports } from "../reports/reports.service.ts";
import type { BatchContext, BatchRow, BatchWriter, RowResult } from "./batch.ts";
import { type Encoding, type Format, ImportFileError, readRecords, type SourceRecord } from "./sources.ts";

export const IMPORT_KINDS = [
	"organizations",
	"people",
	"qualifications",
	"capabilities",
	"certificates",
	"reports",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

interface KindSpec<T> {
	fields: readonly string[];
	/** Columns a CSV header must have. */
	required: readonly string[];
	check: (raw: Raw) => Checked<T>;
	apply: BatchWriter<T>;
	batchSize: number;
}

function spec<T>(s: KindSpec<T>): KindSpec<unknown> {
	return s as KindSpec<unknown>;
}

/** What each kind of file holds, how a row is checked and how a batch is applied. */
export const KINDS: Record<ImportKind, KindSpec<unknown>> = {
	organizations: spec({
		fields: ORGANIZATION_FIELDS,
		required: ["uscc", "kind", "name"],
		check: checkOrganization,
		apply: applyOrganizations,
		batchSize: 1000,
	}),
	people: spec({
		fields: PERSON_FIELDS,
		required: ["idNumber", "name", "roles"],
		check: checkPerson,
		apply: applyPeople,
		batchSize: 500,
	}),
	qualifications: spec({
		fields: QUALIFICATION_FIELDS,
		required: ["type", "number", "orgUscc", "validFrom", "validUntil"],
		check: checkQualification,
		apply: applyQualifications,
		batchSize: 500,
	}),
	capabilities: spec({
		fields: CAPABILITY_FIELDS,
		required: ["cmaNumber", "field", "product", "parameter", "standard"],
		check: checkCapability,
		apply: applyCapabilities,
		batchSize: 500,
	}),
	certificates: spec({
		fields: CERTIFICATE_FIELDS,
		required: ["number", "cbUscc", "holderUscc", "holderName", "scope", "issueDate", "expiryDate"],
		check: checkCertificate,
		apply: applyCertificates,
		batchSize: 1000,
	}),
	reports: spec({
		fields: REPORT_FIELDS,
		required: ["number", "labUscc", "clientName", "product", "items", "conclusion", "issueDate", "docSha256"],
		check: checkReport,
		apply: applyReports,
		batchSize: 1000,
	}),
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
	source?: string;
	/** Check and apply, then roll every batch back. */
	dryRun?: boolean;
	/** Called with each rejected row, in line order. */
	onError?: (e: RowError) => void;
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

/** Imports one file (a byte stream): decoded, parsed as CSV or JSON Lines, then applied. */
export function runImport(
	db: Db,
	input: Readable | AsyncIterable<Buffer>,
	opts: ImportOptions,
): Promise<ImportSummary> {
	const kind = KINDS[opts.kind];
	return importRecords(
		db,
		readRecords(input, {
			format: opts.format,
			encoding: opts.encoding,
			allowed: kind.fields,
			required: kind.required,
		}),
		opts,
	);
}

/** Imports records already read (the seeder uses this with generated records). */
export async function importRecords(
	db: Db,
	records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
	opts: Omit<ImportOptions, "format" | "encoding">,
): Promise<ImportSummary> {
	const kind = KINDS[opts.kind];
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
	const batchSize = opts.batchSize ?? kind.batchSize;
	/** Rows of the current batch in line order: checked inputs, or the problems found. */
	let buffer: ({ line: number; input: unknown } | { line: number; problems: Problem[] })[] = [];

	const report = (line: number, problems: Problem[]) => {
		summary.rejected++;
		for (const p of problems)
			opts.onError?.({ line, field: p.field, rule: p.rule, messageZh: p.messageZh, messageEn: p.messageEn });
	};

	const flush = async () => {
		if (buffer.length === 0) return;
		const rows = buffer;
		buffer = [];
		const good = rows.filter((r): r is BatchRow<unknown> => "input" in r);
		const results = new Map<number, RowResult>();
		for (const r of await applyBatch(db, kind.apply, good, context(opts), opts.dryRun ?? false))
			results.set(r.line, r);
		for (const r of rows) {
			if ("problems" in r) {
				report(r.line, r.problems);
				continue;
			}
			const res = results.get(r.line)!;
			if (res.outcome === "rejected") report(r.line, res.problems ?? []);
			else summary[res.outcome]++;
		}
		opts.onProgress?.(summary.rows);
	};

	try {
		for await (const rec of records) {
			summary.rows++;
			if (rec.problems) buffer.push({ line: rec.line, problems: rec.problems });
			else {
				const checked = kind.check(rec.raw);
				buffer.push(
					checked.ok
						? { line: rec.line, input: checked.value }
						: { line: rec.line, problems: checked.problems },
				);
			}
			if (buffer.length >= batchSize) await flush();
		}
		await flush();
	} catch (e) {
		if (!(e instanceof ImportFileError)) throw e;
		// Rows read before the file broke are still applied; the file error is reported after them.
		await flush();
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

function context(opts: Pick<ImportOptions, "clock" | "source">): BatchContext {
	const now = opts.clock.now();
	return { now: isoInstant(now), today: chinaDate(now), source: opts.source ?? "import" };
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
