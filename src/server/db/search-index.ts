/**
 * The SQLite search indexer: moves each table's watermark forward by indexing committed rows above it
 * (see migration 0001). PostgreSQL maintains its trigram indexes itself, so there this does nothing.
 */
import { sql } from "kysely";
import type { Db } from "./database.ts";
import { isPostgres } from "./dialect.ts";
import { SEARCH_COLUMNS } from "./migrations/0001_register.ts";

export type IndexedTable = keyof typeof SEARCH_COLUMNS;
const TABLES = Object.keys(SEARCH_COLUMNS) as IndexedTable[];

/** Indexes up to `limit` rows of one table; returns how many it indexed. */
export async function indexSome(db: Db, table: IndexedTable, limit = 20_000): Promise<number> {
	if (isPostgres(db)) return 0;
	const cols = SEARCH_COLUMNS[table].join(", ");
	return db.transaction().execute(async (trx) => {
		const state = await trx
			.selectFrom("search_state")
			.select("indexed_to")
			.where("table_name", "=", table)
			.executeTakeFirstOrThrow();
		const from = Number(state.indexed_to);
		const upto = await sql<{
			id: number | null;
			n: number;
		}>`select max(id) as id, count(*) as n from (select id from ${sql.raw(table)} where id > ${from} order by id limit ${limit})`.execute(
			trx,
		);
		const to = upto.rows[0]?.id;
		if (to === null || to === undefined) return 0;
		await sql
			.raw(
				`insert into ${table}_fts(rowid, ${cols}) select id, ${cols} from ${table} where id > ${from} and id <= ${Number(to)}`,
			)
			.execute(trx);
		await trx
			.updateTable("search_state")
			.set({ indexed_to: Number(to) })
			.where("table_name", "=", table)
			.execute();
		return Number(upto.rows[0]!.n);
	});
}

/** Rows committed but not yet indexed, per table. */
export async function pendingRows(db: Db): Promise<Record<IndexedTable, number>> {
	const out = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<IndexedTable, number>;
	if (isPostgres(db)) return out;
	for (const t of TABLES) {
		const r = await sql<{
			n: number;
		}>`select count(*) as n from ${sql.raw(t)} where id > (select indexed_to from search_state where table_name = ${t})`.execute(
			db,
		);
		out[t] = Number(r.rows[0]!.n);
	}
	return out;
}

/** Indexes everything pending; reports progress as rows indexed so far. */
export async function indexAll(db: Db, onProgress?: (done: number) => void, batch = 20_000): Promise<number> {
	let total = 0;
	for (const t of TABLES) {
		for (;;) {
			const n = await indexSome(db, t, batch);
			total += n;
			if (n > 0) onProgress?.(total);
			if (n < batch) break;
		}
	}
	return total;
}
