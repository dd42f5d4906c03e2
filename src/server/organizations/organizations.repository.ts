/** SQL for organisations. */
import { sql } from "kysely";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import type { OrganizationRow } from "../db/schema.ts";
import { indexable, pageOf, type SearchPage, textSearch } from "../db/search.ts";
import { chunks } from "../import/batch.ts";

export const ORG_COLUMNS = [
	"id",
	"uscc",
	"kind",
	"name",
	"name_en",
	"district",
	"address",
	"status",
	"created_at",
	"updated_at",
] as const;

/** Organisations with these codes. */
export async function findByUsccs(db: Db, usccs: readonly string[]): Promise<OrganizationRow[]> {
	const out: OrganizationRow[] = [];
	for (const part of chunks([...new Set(usccs)], 500)) {
		if (part.length === 0) continue;
		out.push(
			...(await db.selectFrom("organizations").select(ORG_COLUMNS).where("uscc", "in", part).execute()),
		);
	}
	return out;
}

/** The ids of the organisations with these codes, by code (read from the code's index alone). */
export async function idsByUscc(db: Db, usccs: readonly string[]): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	for (const part of chunks([...new Set(usccs)], 500)) {
		if (part.length === 0) continue;
		const rows = await db
			.selectFrom("organizations")
			.select(["id", "uscc"])
			.where("uscc", "in", part)
			.execute();
		for (const r of rows) out.set(r.uscc, Number(r.id));
	}
	return out;
}

/** Organisations with these codes, by code. */
export async function mapByUscc(db: Db, usccs: readonly string[]): Promise<Map<string, OrganizationRow>> {
	return new Map((await findByUsccs(db, usccs)).map((o) => [o.uscc, o]));
}

/** Organisations with these ids, by id. */
export async function mapById(db: Db, ids: readonly number[]): Promise<Map<number, OrganizationRow>> {
	return new Map((await findByIds(db, ids)).map((o) => [o.id, o]));
}

/** One organisation by code. */
export async function findByUscc(db: Db, uscc: string): Promise<OrganizationRow | undefined> {
	return db.selectFrom("organizations").select(ORG_COLUMNS).where("uscc", "=", uscc).executeTakeFirst();
}

/** Organisations by id. */
export async function findByIds(db: Db, ids: readonly number[]): Promise<OrganizationRow[]> {
	const out: OrganizationRow[] = [];
	for (const part of chunks([...new Set(ids)], 500)) {
		if (part.length === 0) continue;
		out.push(...(await db.selectFrom("organizations").select(ORG_COLUMNS).where("id", "in", part).execute()));
	}
	return out;
}

export type NewOrganization = Omit<OrganizationRow, "id">;

const INSERT_COLUMNS = ORG_COLUMNS.filter((c) => c !== "id");

/** Inserts organisations; returns their ids in order. */
export async function insertMany(db: Db, rows: NewOrganization[]): Promise<number[]> {
	const ids = new Map(
		(await bulkInsert(db, "organizations", INSERT_COLUMNS, rows, ["id", "uscc"])).map((r) => [
			r.uscc as string,
			Number(r.id),
		]),
	);
	return rows.map((r) => ids.get(r.uscc)!);
}

/** Updates the mutable fields of one organisation. */
export async function update(
	db: Db,
	id: number,
	patch: Pick<OrganizationRow, "name" | "name_en" | "district" | "address" | "status" | "updated_at">,
): Promise<void> {
	await db.updateTable("organizations").set(patch).where("id", "=", id).execute();
}

export interface OrgFilter {
	q?: string;
	kind?: string;
	district?: string;
	status?: string;
	uscc?: string;
}

/** Searches organisations, newest registered first. */
export async function search(
	db: Db,
	f: OrgFilter,
	offset: number,
	limit: number,
): Promise<SearchPage<OrganizationRow>> {
	let query = db.selectFrom("organizations");
	if (f.kind) query = query.where("kind", "=", f.kind);
	if (f.district) query = query.where("district", "=", f.district);
	if (f.status) query = query.where("status", "=", f.status);
	if (f.uscc) query = query.where("uscc", "=", f.uscc);
	if (f.q) query = query.where(textSearch(db, "organizations", f.q));
	return pageOf(query, {
		base: db.selectFrom("organizations"),
		id: "organizations.id",
		select: (q) => q.select(ORG_COLUMNS),
		order: "desc",
		offset,
		limit,
		text: indexable(f.q),
		db,
	});
}

/** Counts by kind (home page figures). */
export async function countByKind(db: Db): Promise<Record<string, number>> {
	const rows = await db
		.selectFrom("organizations")
		.select(["kind", sql<number>`count(*)`.as("n")])
		.groupBy("kind")
		.execute();
	return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}
