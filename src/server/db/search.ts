/**
 * Chinese substring search on both backends, and paging.
 *
 * SQLite: FTS5 with the trigram tokenizer finds any substring of 3+ characters through the index;
 * shorter terms fall back to LIKE over the same columns. PostgreSQL: ILIKE over one expression per
 * table, served by a pg_trgm GIN index for 3+ characters. Several words separated by spaces must all
 * match. Totals are counted up to a cap so a broad query never scans everything just to count it.
 */
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import type { Db } from "./database.ts";
import { isPostgres } from "./dialect.ts";
import { SEARCH_EXPRESSIONS } from "./migrations/0001_register.ts";
import type { Database } from "./schema.ts";

/** Tables with a search index, and the columns it covers on SQLite. */
const SQLITE_COLUMNS = {
	organizations: ["uscc", "name", "name_en", "address"],
	certificates: ["number", "holder_name", "scope"],
	reports: ["number", "client_name", "product"],
	capabilities: ["product", "parameter", "standard"],
} as const;

export type SearchTable = keyof typeof SQLITE_COLUMNS;

/** Totals above this are reported as "more than". */
export const COUNT_CAP = 10_000;
/** Deepest row a page may start at; narrower filters reach the rest. */
export const MAX_OFFSET = 10_000;
/** At most this many words in one query. */
const MAX_TERMS = 5;

/** Splits a query into distinct words. */
export function searchTerms(q: string): string[] {
	return [...new Set(q.normalize("NFC").trim().split(/\s+/).filter(Boolean))].slice(0, MAX_TERMS);
}

function likePattern(term: string): string {
	return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 phrase: the term in double quotes, inner quotes doubled. */
function ftsPhrase(term: string): string {
	return `"${term.replace(/"/g, '""')}"`;
}

/**
 * A WHERE condition: every word of q occurs in the table's searched text. `alias` qualifies the id
 * column when the query joins other tables.
 */
export function textSearch(
	db: Db,
	table: SearchTable,
	q: string,
	alias: string = table,
): Expression<SqlBool> {
	const terms = searchTerms(q);
	if (terms.length === 0) return sql<SqlBool>`1 = 1`;
	if (isPostgres(db)) {
		const expr = sql.raw(qualify(SEARCH_EXPRESSIONS[table], alias));
		const parts = terms.map((t) => sql`(${expr}) ilike ${likePattern(t)}`);
		return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
	}
	const long = terms.filter((t) => [...t].length >= 3);
	const short = terms.filter((t) => [...t].length < 3);
	const parts = [];
	if (long.length > 0) {
		const match = long.map(ftsPhrase).join(" AND ");
		parts.push(
			sql`${sql.ref(`${alias}.id`)} in (select rowid from ${sql.raw(`${table}_fts`)} where ${sql.raw(`${table}_fts`)} match ${match})`,
		);
	}
	for (const t of short) {
		const pattern = likePattern(t);
		const ors = SQLITE_COLUMNS[table].map(
			(c) => sql`${sql.ref(`${alias}.${c}`)} like ${pattern} escape '\\'`,
		);
		parts.push(sql`(${sql.join(ors, sql` or `)})`);
	}
	return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Prefixes the bare column names of a search expression with a table alias. */
function qualify(expr: string, alias: string): string {
	return expr.replace(
		/\b(uscc|name|name_en|address|number|holder_name|scope|client_name|product|parameter|standard)\b/g,
		`${alias}.$1`,
	);
}

export interface SearchPage<T> {
	items: T[];
	/** Matching rows, counted up to COUNT_CAP. */
	total: number;
	/** True when total is exact; false when there are more than COUNT_CAP. */
	totalExact: boolean;
}

/** Runs a filtered, ordered query for one page and counts the matches up to the cap. */
export async function pageOf<O>(
	db: Db,
	// biome-ignore lint/suspicious/noExplicitAny: any table set
	query: SelectQueryBuilder<Database, any, O>,
	offset: number,
	limit: number,
): Promise<SearchPage<O>> {
	const items = await query.offset(offset).limit(limit).execute();
	let total: number;
	if (offset === 0 && items.length < limit) total = items.length;
	else {
		const inner = query
			.clearSelect()
			.clearOrderBy()
			.select(sql<number>`1`.as("one"))
			.limit(COUNT_CAP + 1);
		const row = await db
			.selectFrom(inner.as("matches"))
			.select(sql<number>`count(*)`.as("n"))
			.executeTakeFirstOrThrow();
		total = Number(row.n);
	}
	return { items, total: Math.min(total, COUNT_CAP), totalExact: total <= COUNT_CAP };
}
