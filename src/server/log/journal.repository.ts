/**
 * The journal of public facts: entries appended with dense indices in the same transaction as the
 * register change they record. The sequencing lock is the single log_state row (FOR UPDATE on
 * PostgreSQL; SQLite transactions begin IMMEDIATE and so already hold the write lock).
 */
import { sql } from "kysely";
import { bulkInsert, updateIntegerByIds } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import { isPostgres } from "../db/dialect.ts";

/** A prepared entry: its canonical JSON (the log hashes it into the tree when it signs). */
export interface PreparedEntry {
	entry: string;
}

/**
 * The log's size, holding the sequencing lock until the transaction ends: the next entry this transaction
 * appends gets this index, whatever other writers do meanwhile.
 */
export async function lockLog(trx: Db): Promise<number> {
	const locked = isPostgres(trx)
		? await sql<{ size: number }>`select size from log_state where id = 1 for update`.execute(trx)
		: await sql<{ size: number }>`select size from log_state where id = 1`.execute(trx);
	return Number(locked.rows[0]!.size);
}

/** Appends entries and returns the index of the first; must run inside a transaction. */
export async function appendEntries(trx: Db, entries: PreparedEntry[]): Promise<number> {
	const start = await lockLog(trx);
	if (entries.length === 0) return start;
	await bulkInsert(
		trx,
		"log_entries",
		["idx", "entry"],
		entries.map((e, i) => ({ idx: start + i, entry: e.entry })),
	);
	await trx
		.updateTable("log_state")
		.set({ size: start + entries.length })
		.where("id", "=", 1)
		.execute();
	return start;
}

/** The current number of entries. */
export async function logSize(db: Db): Promise<number> {
	const row = await db.selectFrom("log_state").select("size").where("id", "=", 1).executeTakeFirstOrThrow();
	return Number(row.size);
}

/** Entries from index `from`, at most `limit`. */
export async function readEntries(db: Db, from: number, limit: number) {
	return db
		.selectFrom("log_entries")
		.select(["idx", "entry"])
		.where("idx", ">=", from)
		.orderBy("idx")
		.limit(limit)
		.execute();
}

/** Records, on certificate and report rows, the index of their newest entry. */
export async function setLogIndex(
	trx: Db,
	rows: readonly { table: "certificates" | "reports"; id: number; idx: number }[],
): Promise<void> {
	for (const table of ["certificates", "reports"] as const) {
		// The last entry about a row wins (a batch may touch one record twice).
		const latest = new Map<number, number>();
		for (const r of rows) if (r.table === table) latest.set(r.id, Math.max(r.idx, latest.get(r.id) ?? -1));
		await updateIntegerByIds(trx, table, "log_idx", [...latest]);
	}
}
