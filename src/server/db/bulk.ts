/**
 * Multi-row inserts for the write path. Building an insert of hundreds of rows through Kysely's query
 * builder costs more than SQLite takes to run it, so bulk writes use plain SQL text built here, in
 * fixed-size chunks: every full chunk has the same text, so SQLite reuses its prepared statement.
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

function statement(
	pg: boolean,
	table: string,
	columns: readonly string[],
	rows: number,
	returning: readonly string[],
): string {
	const key = `${pg ? "p" : "s"}|${table}|${columns.join(",")}|${rows}|${returning.join(",")}`;
	let text = sqlCache.get(key);
	if (text) return text;
	const cols = columns.map((c) => `"${c}"`).join(", ");
	const tuples: string[] = [];
	let n = 0;
	for (let r = 0; r < rows; r++) {
		const marks: string[] = [];
		for (let c = 0; c < columns.length; c++) marks.push(pg ? `$${++n}` : "?");
		tuples.push(`(${marks.join(", ")})`);
	}
	text = `insert into "${table}" (${cols}) values ${tuples.join(", ")}${returning.length ? ` returning ${returning.map((c) => `"${c}"`).join(", ")}` : ""}`;
	if (sqlCache.size < 2000) sqlCache.set(key, text);
	return text;
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
