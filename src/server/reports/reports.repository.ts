/** SQL for test reports. */

import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import type { NewReport, ReportRow } from "../db/schema.ts";
import { indexable, pageOf, type SearchPage, textSearch } from "../db/search.ts";
import { chunks } from "../import/batch.ts";

export const REPORT_COLUMNS = [
	"id",
	"number",
	"lab_id",
	"client_name",
	"client_uscc",
	"product",
	"items_json",
	"conclusion",
	"issue_date",
	"signatory_id",
	"doc_sha256",
	"withheld_since",
	"status",
	"status_since",
	"status_reason",
	"replaced_by",
	"created_at",
	"updated_at",
	"log_idx",
] as const;

/** Reports with these numbers (every lab). */
export async function findByNumbers(db: Db, numbers: readonly string[]): Promise<ReportRow[]> {
	const out: ReportRow[] = [];
	for (const part of chunks([...new Set(numbers)], 500)) {
		if (part.length === 0) continue;
		out.push(
			...(await db.selectFrom("reports").select(REPORT_COLUMNS).where("number", "in", part).execute()),
		);
	}
	return out;
}

export type ReportWithLab = ReportRow & { lab_uscc: string; lab_name: string; signatory_name: string | null };

function withLab(db: Db) {
	return db
		.selectFrom("reports as r")
		.innerJoin("organizations as l", "l.id", "r.lab_id")
		.leftJoin("people as p", "p.id", "r.signatory_id")
		.select(REPORT_COLUMNS.map((c) => `r.${c}` as const))
		.select(["l.uscc as lab_uscc", "l.name as lab_name", "p.name as signatory_name"]);
}

/** Reports with this number (numbers are unique per lab). */
export async function findByNumberWithLab(db: Db, number: string, labId?: number): Promise<ReportWithLab[]> {
	let q = withLab(db).where("r.number", "=", number);
	if (labId !== undefined) q = q.where("r.lab_id", "=", labId);
	return q.orderBy("r.id").limit(10).execute();
}

const INSERT_COLUMNS = REPORT_COLUMNS.filter((c) => c !== "id");

/** Inserts reports; returns ids keyed by `labId:number`. */
export async function insertMany(db: Db, rows: NewReport[]): Promise<Map<string, number>> {
	const ids = new Map<string, number>();
	for (const r of await bulkInsert(db, "reports", INSERT_COLUMNS, rows, ["id", "lab_id", "number"]))
		ids.set(`${r.lab_id}:${r.number}`, Number(r.id));
	return ids;
}

/** Updates the status of a report. */
export async function updateStatus(
	db: Db,
	id: number,
	patch: Pick<
		ReportRow,
		"status" | "status_since" | "status_reason" | "replaced_by" | "updated_at" | "log_idx"
	>,
): Promise<void> {
	await db.updateTable("reports").set(patch).where("id", "=", id).execute();
}

export interface ReportFilter {
	q?: string;
	labId?: number;
	clientUscc?: string;
	status?: string;
	conclusion?: string;
	/** Ids to leave out: records withheld from this reader (withheld/withheld.service.ts). */
	hidden?: readonly number[];
}

/** Searches reports, newest registered first. */
export async function search(
	db: Db,
	f: ReportFilter,
	offset: number,
	limit: number,
): Promise<SearchPage<ReportWithLab>> {
	let q = db.selectFrom("reports as r");
	if (f.labId !== undefined) q = q.where("r.lab_id", "=", f.labId);
	if (f.clientUscc) q = q.where("r.client_uscc", "=", f.clientUscc);
	if (f.status) q = q.where("r.status", "=", f.status);
	if (f.conclusion) q = q.where("r.conclusion", "=", f.conclusion);
	if (f.q) q = q.where(textSearch(db, "reports", f.q, "r"));
	return pageOf(q, {
		base: db.selectFrom("reports as r"),
		id: "r.id",
		select: (x) =>
			x
				.innerJoin("organizations as l", "l.id", "r.lab_id")
				.leftJoin("people as p", "p.id", "r.signatory_id")
				.select(REPORT_COLUMNS.map((c) => `r.${c}` as const))
				.select(["l.uscc as lab_uscc", "l.name as lab_name", "p.name as signatory_name"]),
		order: "desc",
		offset,
		limit,
		text: indexable(f.q),
		db,
		...(f.hidden ? { exclude: f.hidden } : {}),
	});
}
