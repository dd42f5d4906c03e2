/** SQL for "find a lab": labs whose capability lists cover a product, parameter and standard. */
import { type SqlBool, sql } from "kysely";
import type { Db } from "../db/database.ts";
import { isPostgres } from "../db/dialect.ts";
import { textSearch } from "../db/search.ts";

export interface LabCriteria {
	product?: string;
	parameter?: string;
	standard?: string;
	/** Labs in this district come first. */
	district?: string;
	/** Only CMA qualifications valid on this day count. */
	today: string;
}

export interface LabMatchRow {
	org_id: number;
	uscc: string;
	name: string;
	district: string | null;
	cma_number: string;
	cma_valid_until: string;
	matches: number;
}

export interface MatchedCapabilityRow {
	org_id: number;
	product: string;
	parameter: string;
	standard: string;
	limitation: string | null;
}

function likePattern(term: string): string {
	return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The matching active capability rows under a valid CMA qualification of an active lab. The text index
 * over the capability list (FTS5 trigram / pg_trgm) finds candidate rows by every word given; each
 * field given must then occur in its own column.
 */
function matching(db: Db, c: LabCriteria) {
	let query = db
		.selectFrom("capabilities as c")
		.innerJoin("qualifications as q", "q.id", "c.qualification_id")
		.innerJoin("organizations as o", "o.id", "c.org_id")
		.where("c.status", "=", "active")
		.where("q.type", "=", "cma")
		.where("q.status", "=", "valid")
		.where("q.valid_until", ">=", c.today)
		.where("o.status", "=", "active")
		.where("o.kind", "=", "lab");
	const words = [c.product, c.parameter, c.standard].filter((w): w is string => !!w);
	if (words.length > 0) query = query.where(textSearch(db, "capabilities", words.join(" "), "c"));
	const ilike = isPostgres(db) ? "ilike" : "like";
	for (const [column, value] of [
		["product", c.product],
		["parameter", c.parameter],
		["standard", c.standard],
	] as const)
		if (value)
			query = query.where(
				sql<SqlBool>`${sql.ref(`c.${column}`)} ${sql.raw(ilike)} ${likePattern(value)} escape '\\'`,
			);
	return query;
}

/** One page of labs, those in the district first, then by how many rows match, then by name. */
export async function findLabs(
	db: Db,
	c: LabCriteria,
	offset: number,
	limit: number,
): Promise<{ rows: LabMatchRow[]; total: number }> {
	const grouped = matching(db, c)
		.select([
			"o.id as org_id",
			"o.uscc",
			"o.name",
			"o.district",
			"q.number as cma_number",
			"q.valid_until as cma_valid_until",
			(eb) => eb.fn.countAll<number>().as("matches"),
		])
		.groupBy(["o.id", "o.uscc", "o.name", "o.district", "q.number", "q.valid_until"]);
	let ordered = grouped;
	if (c.district) ordered = ordered.orderBy(sql`case when o.district = ${c.district} then 0 else 1 end`);
	const [rows, count] = await Promise.all([
		ordered
			.orderBy(sql`count(*)`, "desc")
			.orderBy("o.name")
			.orderBy("o.id")
			.offset(offset)
			.limit(limit)
			.execute(),
		db
			.selectFrom(grouped.as("g"))
			.select((eb) => eb.fn.countAll<number>().as("n"))
			.executeTakeFirstOrThrow(),
	]);
	return {
		rows: rows.map((r) => ({ ...r, org_id: Number(r.org_id), matches: Number(r.matches) })),
		total: Number(count.n),
	};
}

/** The first few matching capability rows of each of these labs. */
export async function matchedCapabilities(
	db: Db,
	c: LabCriteria,
	orgIds: number[],
	perLab: number,
): Promise<MatchedCapabilityRow[]> {
	if (orgIds.length === 0) return [];
	const ranked = matching(db, c)
		.where("c.org_id", "in", orgIds)
		.select([
			"c.org_id",
			"c.product",
			"c.parameter",
			"c.standard",
			"c.limitation",
			"c.id",
			sql<number>`row_number() over (partition by c.org_id order by c.id)`.as("rank"),
		]);
	const rows = await db
		.selectFrom(ranked.as("m"))
		.select(["m.org_id", "m.product", "m.parameter", "m.standard", "m.limitation"])
		.where("m.rank", "<=", perLab)
		.orderBy("m.org_id")
		.orderBy("m.id")
		.execute();
	return rows.map((r) => ({ ...r, org_id: Number(r.org_id) }));
}
