/**
 * Multi-row inserts and by-id updates for the write path. Building a statement of hundreds of rows through
 * Kysely's query builder costs more than SQLite takes to run it, so bulk writes use plain SQL text built
 * here, in fixed-size chunks: every full chunk has the same text, so SQLite reuses its prepared statement.
 */
import { CompiledQuery } from "kysely";
import type { Db } from "./database.ts";
import { isPostgres } from "./dialect.ts";
import type { Database } from "./schema.ts";

/** Bound values per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
/** Rows per statement, at most. */
const MAX_ROWS = 500;

const sqlCache = new Map<string, string>();

/** A statement's text from the cache, or built and kept (up to 2,000 texts). */
function cached(key: string, build: () => string): string {
	let text = sqlCache.get(key);
	if (text === undefined) {
		text = build();
		if (sqlCache.size < 2000) sqlCache.set(key, text);
	}
	return text;
}

/** `(?, ?), (?, ?)…` or `($1, $2), ($3, $4)…`, each placeholder optionally cast (PostgreSQL types them). */
function tuples(pg: boolean, rows: number, columns: number, cast?: string): string {
	const out: string[] = [];
	let n = 0;
	for (let r = 0; r < rows; r++) {
		const marks: string[] = [];
		for (let c = 0; c < columns; c++) {
			const mark = pg ? `$${++n}` : "?";
			marks.push(cast && pg ? `cast(${mark} as ${cast})` : mark);
		}
		out.push(`(${marks.join(", ")})`);
	}
	return out.join(", ");
}

function statement(
	pg: boolean,
	table: string,
	columns: readonly string[],
	rows: number,
	returning: readonly string[],
): string {
	return cached(`${pg ? "p" : "s"}|${table}|${columns.join(",")}|${rows}|${returning.join(",")}`, () => {
		const cols = columns.map((c) => `"${c}"`).join(", ");
		const back = returning.length ? ` returning ${returning.map((c) => `"${c}"`).join(", ")}` : "";
		return `insert into "${table}" (${cols}) values ${tuples(pg, rows, columns.length)}${back}`;
	});
}

/**
 * Sets one integer column of many rows, each found by its id: one `update … from (values …)` per 500 rows
 * (the statement text is the same for every full chunk).
 */
export async function updateIntegerByIds<T extends keyof Database>(
	db: Db,
	table: T,
	column: keyof Database[T] & string,
	pairs: readonly (readonly [id: number, value: number])[],
): Promise<void> {
	const pg = isPostgres(db);
	for (let i = 0; i < pairs.length; i += MAX_ROWS) {
		const part = pairs.slice(i, i + MAX_ROWS);
		const text = cached(
			`${pg ? "p" : "s"}|update|${table}|${column}|${part.length}`,
			() =>
				`update "${table}" set "${column}" = v.column2 from (values ${tuples(pg, part.length, 2, "bigint")}) as v where "${table}".id = v.column1`,
		);
		await db.executeQuery(CompiledQuery.raw(text, part.flat()));
	}
}

/**
 * Inserts rows (objects keyed by column) into a table; returns the `returning` columns of the inserted
 * rows, in no particular order (neither backend promises RETURNING order).
 */
export async function bulkInsert<T extends keyof Database, R extends string = never>(
	db: Db,
	table: T,
	columns: readonly (keyof Database[T] & string)[],
	rows: readonly Partial<Record<keyof Database[T] & string, unknown>>[],
	returning: readonly R[] = [],
): Promise<Record<R, unknown>[]> {
	if (rows.length === 0) return [];
	const pg = isPostgres(db);
	const per = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
	const out: Record<R, unknown>[] = [];
	for (let i = 0; i < rows.length; i += per) {
		const part = rows.slice(i, i + per);
		const params: unknown[] = [];
		for (const row of part) for (const c of columns) params.push(row[c] ?? null);
		const res = await db.executeQuery<Record<R, unknown>>(
			CompiledQuery.raw(statement(pg, table, columns, part.length, returning), params),
		);
		if (returning.length) out.push(...res.rows);
	}
	return out;
}
