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
import { SEARCH_COLUMNS, SEARCH_EXPRESSIONS } from "./migrations/0001_register.ts";
import type { Database } from "./schema.ts";

export type SearchTable = keyof typeof SEARCH_COLUMNS;

/** Totals above this are reported as "more than". */
export const COUNT_CAP = 1_000;
/** Deepest row a page may start at; narrower filters reach the rest. */
export const MAX_OFFSET = 10_000;
/** At most this many words in one query. */
const MAX_TERMS = 5;

/** True when every word of q is long enough for the trigram indexes (three characters or more). */
export function indexable(q: string | undefined): boolean {
	if (!q) return false;
	const terms = searchTerms(q);
	return terms.length > 0 && terms.every((t) => [...t].length >= 3);
}

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
	const likeAll = (list: string[], prefix: string) =>
		list.map((t) => {
			const pattern = likePattern(t);
			const ors = SEARCH_COLUMNS[table].map(
				(c) => sql`${sql.ref(`${prefix}${c}`)} like ${pattern} escape '\\'`,
			);
			return sql`(${sql.join(ors, sql` or `)})`;
		});
	const parts = [];
	if (long.length > 0) {
		// Indexed rows through FTS5; rows above the watermark (committed, not yet indexed) directly.
		const fts = sql.raw(`${table}_fts`);
		const match = long.map(ftsPhrase).join(" AND ");
		const tail = sql.join(likeAll(long, "t."), sql` and `);
		parts.push(
			sql`${sql.ref(`${alias}.id`)} in (select rowid from ${fts} where ${fts} match ${match} union all select t.id from ${sql.raw(table)} t where t.id > (select indexed_to from search_state where table_name = ${table}) and ${tail})`,
		);
	}
	parts.push(...likeAll(short, `${alias}.`));
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

/**
 * One page of a filtered query, newest (or oldest) id first, with the number of matches counted up to
 * COUNT_CAP. First the ids of at most COUNT_CAP + 1 matches are read with no ordering, so the database
 * can use whichever index finds matches best (the FTS5 or trigram index for text); when that is all of
 * them, the page is cut from those ids and fetched by primary key. Only a broad query, with more matches
 * than the cap, is run in id order — where walking the primary key stops after a page of dense matches.
 * (Asking PostgreSQL for id order up front lets it walk the whole table for a rare term whose frequency it
 * overestimates.)
 */
export async function pageOf<O extends { id: number }>(
	// biome-ignore lint/suspicious/noExplicitAny: any filtered table set
	filtered: SelectQueryBuilder<Database, any, object>,
	opts: {
		/** The id column, qualified as in the query, e.g. "c.id". */
		id: string;
		/** The same table set without the filters, to fetch a page by id without re-running them. */
		// biome-ignore lint/suspicious/noExplicitAny: any table set
		base: SelectQueryBuilder<Database, any, object>;
		// biome-ignore lint/suspicious/noExplicitAny: the caller's select
		select: (q: SelectQueryBuilder<Database, any, object>) => SelectQueryBuilder<Database, any, O>;
		order: "asc" | "desc";
		offset: number;
		limit: number;
		/** The filters include a text search the trigram index can serve: read matches through it. */
		text: boolean;
		db: Db;
		/** Ids to leave out (records withheld from this reader; few). */
		exclude?: readonly number[];
	},
): Promise<SearchPage<O>> {
	const idRef = sql.ref(opts.id);
	const exclude = opts.exclude?.length ? opts.exclude : null;
	if (exclude) filtered = filtered.where(idRef, "not in", exclude);
	const first = filtered.select(idRef.as("pk")).limit(COUNT_CAP + 1);
	// PostgreSQL prices ILIKE on Chinese text far below its real cost, so for a LIMIT it prefers a
	// sequential scan that tests every row; keep it on the trigram index instead.
	const found =
		opts.text && isPostgres(opts.db)
			? await opts.db.transaction().execute(async (trx) => {
					await sql`set local enable_seqscan = off`.execute(trx);
					return (await trx.executeQuery(first.compile())).rows;
				})
			: await first.execute();
	if (found.length <= COUNT_CAP) {
		const ids = found.map((r) => Number((r as { pk: unknown }).pk));
		ids.sort((a, b) => (opts.order === "desc" ? b - a : a - b));
		const pageIds = ids.slice(opts.offset, opts.offset + opts.limit);
		if (pageIds.length === 0) return { items: [], total: ids.length, totalExact: true };
		const rows = await opts.select(opts.base).where(idRef, "in", pageIds).execute();
		const byId = new Map(rows.map((r) => [Number(r.id), r]));
		return { items: pageIds.map((id) => byId.get(id)!).filter(Boolean), total: ids.length, totalExact: true };
	}
	const items = await opts
		.select(filtered)
		.orderBy(idRef, opts.order)
		.offset(opts.offset)
		.limit(opts.limit)
		.execute();
	return { items, total: COUNT_CAP, totalExact: false };
}
