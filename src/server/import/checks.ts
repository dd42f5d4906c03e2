/**
 * What each kind of import file holds and how a row is checked: the part of an import that needs no
 * database, so it can run on a worker thread (check-worker.ts) as well as in process.
 */
import type { Checked, Problem } from "../../core/problem.ts";
import { CAPABILITY_FIELDS, checkCapability } from "../../core/records/capability.ts";
import { CERTIFICATE_FIELDS, checkCertificate } from "../../core/records/certificate.ts";
import type { Raw } from "../../core/records/fields.ts";
import { checkOrganization, ORGANIZATION_FIELDS } from "../../core/records/organization.ts";
import { checkPerson, PERSON_FIELDS } from "../../core/records/person.ts";
import { checkQualification, QUALIFICATION_FIELDS } from "../../core/records/qualification.ts";
import { checkReport, REPORT_FIELDS } from "../../core/records/report.ts";
import { ImportFileError, type SourceRecord } from "./sources.ts";

export const IMPORT_KINDS = [
	"organizations",
	"people",
	"qualifications",
	"capabilities",
	"certificates",
	"reports",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface KindCheck {
	fields: readonly string[];
	/** Columns a CSV header must have. */
	required: readonly string[];
	check: (raw: Raw) => Checked<unknown>;
	/** Rows per transaction. */
	batchSize: number;
}

/** Columns, checks and batch sizes of every kind. */
export const CHECKS: Record<ImportKind, KindCheck> = {
	organizations: {
		fields: ORGANIZATION_FIELDS,
		required: ["uscc", "kind", "name"],
		check: checkOrganization,
		batchSize: 1000,
	},
	people: {
		fields: PERSON_FIELDS,
		required: ["idNumber", "name", "roles"],
		check: checkPerson,
		batchSize: 500,
	},
	qualifications: {
		fields: QUALIFICATION_FIELDS,
		required: ["type", "number", "orgUscc", "validFrom", "validUntil"],
		check: checkQualification,
		batchSize: 500,
	},
	capabilities: {
		fields: CAPABILITY_FIELDS,
		required: ["cmaNumber", "field", "product", "parameter", "standard"],
		check: checkCapability,
		batchSize: 500,
	},
	certificates: {
		fields: CERTIFICATE_FIELDS,
		required: ["number", "cbUscc", "holderUscc", "holderName", "scope", "issueDate", "expiryDate"],
		check: checkCertificate,
		batchSize: 1000,
	},
	reports: {
		fields: REPORT_FIELDS,
		required: ["number", "labUscc", "clientName", "product", "items", "conclusion", "issueDate", "docSha256"],
		check: checkReport,
		batchSize: 1000,
	},
};

/** A row of a batch: the checked input, or the problems found while reading or checking it. */
export type CheckedRow =
	| { line: number; input: unknown; problems?: undefined }
	| { line: number; problems: Problem[] };

/**
 * Reads records and checks them, in batches. A file-level problem ends the batches: the rows read before
 * it are yielded first, then the ImportFileError is thrown.
 */
export async function* checkedBatches(
	records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
	kind: ImportKind,
	batchSize: number,
): AsyncGenerator<CheckedRow[]> {
	const { check } = CHECKS[kind];
	let buffer: CheckedRow[] = [];
	try {
		for await (const rec of records) {
			if (rec.problems) buffer.push({ line: rec.line, problems: rec.problems });
			else {
				const checked = check(rec.raw);
				buffer.push(
					checked.ok
						? { line: rec.line, input: checked.value }
						: { line: rec.line, problems: checked.problems },
				);
			}
			if (buffer.length >= batchSize) {
				yield buffer;
				buffer = [];
			}
		}
	} catch (e) {
		// Rows read before a problem with the file itself are still applied; any other failure (a read
		// error, a bug) stops the import without applying the rows in flight.
		if (e instanceof ImportFileError && buffer.length) yield buffer;
		throw e;
	}
	if (buffer.length) yield buffer;
}
