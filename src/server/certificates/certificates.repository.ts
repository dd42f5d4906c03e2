/** SQL for certificates and their audit teams. */
import { sql } from "kysely";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import { prepared } from "../db/prepared.ts";
import type { CertificateRow, NewCertificate } from "../db/schema.ts";
import { indexable, pageOf, type SearchPage, textSearch } from "../db/search.ts";
import { chunks } from "../import/batch.ts";

export const CERT_COLUMNS = [
	"id",
	"number",
	"scheme",
	"standard",
	"cb_id",
	"holder_id",
	"holder_name",
	"scope",
	"sites_json",
	"product",
	"ccc_code",
	"first_issue_date",
	"issue_date",
	"expiry_date",
	"surveillance_count",
	"recert_count",
	"audit_start_date",
	"audit_end_date",
	"audit_days",
	"personnel",
	"withheld_since",
	"status",
	"status_since",
	"status_reason",
	"created_at",
	"updated_at",
	"log_idx",
] as const;

/** Certificates with these numbers (every issuer). */
export async function findByNumbers(db: Db, numbers: readonly string[]): Promise<CertificateRow[]> {
	const out: CertificateRow[] = [];
	for (const part of chunks([...new Set(numbers)], 500)) {
		if (part.length === 0) continue;
		out.push(
			...(await db.selectFrom("certificates").select(CERT_COLUMNS).where("number", "in", part).execute()),
		);
	}
	return out;
}

/** A certificate row with its issuer's and holder's codes and names. */
export type CertificateWithParties = CertificateRow & {
	cb_uscc: string;
	cb_name: string;
	holder_uscc: string;
	holder_district: string | null;
};

function withParties(db: Db) {
	return db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.innerJoin("organizations as h", "h.id", "c.holder_id")
		.select(CERT_COLUMNS.map((col) => `c.${col}` as const))
		.select([
			"cb.uscc as cb_uscc",
			"cb.name as cb_name",
			"h.uscc as holder_uscc",
			"h.district as holder_district",
		]);
}

const byNumber = prepared<[string], CertificateWithParties>((db) =>
	withParties(db).where("c.number", "=", "?").orderBy("c.id").limit(sql.lit(10)),
);
const byNumberAndCb = prepared<[string, number], CertificateWithParties>((db) =>
	withParties(db).where("c.number", "=", "?").where("c.cb_id", "=", 0).orderBy("c.id").limit(sql.lit(10)),
);

/** Certificates with this number (at most a few: numbers are unique per issuer). */
export async function findByNumberWithParties(
	db: Db,
	number: string,
	cbId?: number,
): Promise<CertificateWithParties[]> {
	return cbId === undefined ? byNumber(db, number) : byNumberAndCb(db, number, cbId);
}

const teamOf = prepared<[number], { certificate_id: number; person_id: number; role: string; name: string }>(
	(db) =>
		db
			.selectFrom("certificate_auditors as a")
			.innerJoin("people as p", "p.id", "a.person_id")
			.select(["a.certificate_id", "a.person_id", "a.role", "p.name"])
			.where("a.certificate_id", "=", 0)
			.orderBy("a.person_id"),
);

/** Audit team members per certificate: person id, role, name. */
export async function auditorsOf(
	db: Db,
	certificateIds: readonly number[],
): Promise<Map<number, { person_id: number; role: string; name: string }[]>> {
	const out = new Map<number, { person_id: number; role: string; name: string }[]>();
	const ids = [...new Set(certificateIds)];
	const add = (rows: { certificate_id: number; person_id: number; role: string; name: string }[]) => {
		for (const r of rows) {
			const id = Number(r.certificate_id);
			const list = out.get(id) ?? [];
			list.push({ person_id: Number(r.person_id), role: r.role, name: r.name });
			out.set(id, list);
		}
	};
	if (ids.length === 1) {
		add(await teamOf(db, ids[0]!));
		return out;
	}
	for (const part of chunks(ids, 500)) {
		if (part.length === 0) continue;
		add(
			await db
				.selectFrom("certificate_auditors as a")
				.innerJoin("people as p", "p.id", "a.person_id")
				.select(["a.certificate_id", "a.person_id", "a.role", "p.name"])
				.where("a.certificate_id", "in", part)
				.orderBy("a.certificate_id")
				.orderBy("a.person_id")
				.execute(),
		);
	}
	return out;
}

const INSERT_COLUMNS = CERT_COLUMNS.filter((c) => c !== "id");

/** Inserts certificates; returns each new id keyed by `cbId:number`. */
export async function insertMany(db: Db, rows: NewCertificate[]): Promise<Map<string, number>> {
	const ids = new Map<string, number>();
	for (const r of await bulkInsert(db, "certificates", INSERT_COLUMNS, rows, ["id", "cb_id", "number"]))
		ids.set(`${r.cb_id}:${r.number}`, Number(r.id));
	return ids;
}

/** Updates the mutable fields of a certificate. */
export async function update(db: Db, id: number, patch: Partial<NewCertificate>): Promise<void> {
	await db.updateTable("certificates").set(patch).where("id", "=", id).execute();
}

/** Adds audit team rows. */
export async function insertAuditors(
	db: Db,
	rows: { certificate_id: number; person_id: number; role: string }[],
): Promise<void> {
	await bulkInsert(db, "certificate_auditors", ["certificate_id", "person_id", "role"], rows);
}

/** Replaces one certificate's audit team. */
export async function replaceAuditors(
	db: Db,
	certificateId: number,
	rows: { person_id: number; role: string }[],
): Promise<void> {
	await db.deleteFrom("certificate_auditors").where("certificate_id", "=", certificateId).execute();
	await insertAuditors(
		db,
		rows.map((r) => ({ certificate_id: certificateId, ...r })),
	);
}

export interface CertificateFilter {
	q?: string;
	holderId?: number;
	cbId?: number;
	/** Effective status: valid excludes certificates past their end date; expired includes them. */
	status?: string;
	scheme?: string;
	schemes?: string[];
	district?: string;
	today: string;
	/** Ids to leave out: records withheld from this reader (withheld/withheld.service.ts). */
	hidden?: readonly number[];
}

/**
 * Searches certificates, newest registered first. Filters run on the certificates table alone (the
 * holder is joined only to filter by district), so counting a broad match touches one table; the issuer's
 * and holder's codes and names are fetched for the page only.
 */
export async function search(
	db: Db,
	f: CertificateFilter,
	offset: number,
	limit: number,
): Promise<SearchPage<CertificateWithParties>> {
	let q = db.selectFrom("certificates as c");
	if (f.district)
		q = q.innerJoin("organizations as h", "h.id", "c.holder_id").where("h.district", "=", f.district);
	if (f.holderId !== undefined) q = q.where("c.holder_id", "=", f.holderId);
	if (f.cbId !== undefined) q = q.where("c.cb_id", "=", f.cbId);
	if (f.scheme) q = q.where("c.scheme", "=", f.scheme);
	if (f.schemes) q = q.where("c.scheme", "in", f.schemes.length ? f.schemes : ["-"]);
	if (f.status === "valid") q = q.where("c.status", "=", "valid").where("c.expiry_date", ">=", f.today);
	else if (f.status === "expired")
		q = q.where((eb) =>
			eb.or([
				eb("c.status", "=", "expired"),
				eb.and([eb("c.status", "=", "valid"), eb("c.expiry_date", "<", f.today)]),
			]),
		);
	else if (f.status) q = q.where("c.status", "=", f.status);
	if (f.q) q = q.where(textSearch(db, "certificates", f.q, "c"));
	const page = await pageOf(q, {
		base: db.selectFrom("certificates as c"),
		id: "c.id",
		select: (x) => x.select(CERT_COLUMNS.map((col) => `c.${col}` as const)),
		order: "desc",
		offset,
		limit,
		text: indexable(f.q),
		db,
		...(f.hidden ? { exclude: f.hidden } : {}),
	});
	const parties = new Map(
		(
			await db
				.selectFrom("organizations")
				.select(["id", "uscc", "name", "district"])
				.where(
					"id",
					"in",
					page.items.length ? [...new Set(page.items.flatMap((c) => [c.cb_id, c.holder_id]))] : [0],
				)
				.execute()
		).map((o) => [Number(o.id), o]),
	);
	return {
		...page,
		items: page.items.map((c) => {
			const cb = parties.get(c.cb_id)!;
			const holder = parties.get(c.holder_id)!;
			return {
				...c,
				cb_uscc: cb.uscc,
				cb_name: cb.name,
				holder_uscc: holder.uscc,
				holder_district: holder.district,
			};
		}),
	};
}

/** Valid certificates whose end date is before `today`, oldest first. */
export async function findDueForExpiry(db: Db, today: string, limit: number): Promise<CertificateRow[]> {
	return db
		.selectFrom("certificates")
		.select(CERT_COLUMNS)
		.where("status", "=", "valid")
		.where("expiry_date", "<", today)
		.orderBy("expiry_date")
		.orderBy("id")
		.limit(limit)
		.execute();
}

/** Counts by status (home page figures). */
export async function countByStatus(db: Db): Promise<Record<string, number>> {
	const rows = await db
		.selectFrom("certificates")
		.select(["status", sql<number>`count(*)`.as("n")])
		.groupBy("status")
		.execute();
	return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
