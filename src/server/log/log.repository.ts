/**
 * The log tree's storage: leaf hashes (log_entries), node hashes at the tile boundaries (log_nodes) and
 * signed checkpoints (log_checkpoints). Ranges are half-open, [from, to).
 */
import { sql } from "kysely";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import { isPostgres } from "../db/dialect.ts";

export interface CheckpointRow {
	size: number;
	root_hash: Buffer;
	note: string;
	created_at: string;
}

/** Any number; PostgreSQL's bigint arrives as a string. */
const num = (v: unknown) => Number(v);

function toCheckpoint(r: {
	size: unknown;
	root_hash: Buffer;
	note: string;
	created_at: string;
}): CheckpointRow {
	return { size: num(r.size), root_hash: r.root_hash, note: r.note, created_at: r.created_at };
}

/** Serialises checkpoint signers across processes (PostgreSQL; SQLite's IMMEDIATE transaction already does). */
export async function lockCheckpoints(trx: Db): Promise<void> {
	// The key is arbitrary but fixed: "OT" "LG" in ASCII.
	if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${0x4f544c47})`.execute(trx);
}

/** The newest signed checkpoint, if any. */
export async function latestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
	const r = await db
		.selectFrom("log_checkpoints")
		.selectAll()
		.orderBy("size", "desc")
		.limit(1)
		.executeTakeFirst();
	return r ? toCheckpoint(r) : undefined;
}

/** The checkpoint signed at exactly `size`, if one was. */
export async function checkpointAt(db: Db, size: number): Promise<CheckpointRow | undefined> {
	const r = await db.selectFrom("log_checkpoints").selectAll().where("size", "=", size).executeTakeFirst();
	return r ? toCheckpoint(r) : undefined;
}

export async function insertCheckpoint(trx: Db, row: CheckpointRow): Promise<void> {
	await trx.insertInto("log_checkpoints").values(row).execute();
}

/** The full level-0 tile `idx` (256 leaf hashes, concatenated), if stored. */
export async function leafTile(db: Db, idx: number): Promise<Buffer | undefined> {
	const r = await db.selectFrom("log_leaf_tiles").select("hashes").where("idx", "=", idx).executeTakeFirst();
	return r?.hashes;
}

export async function insertLeafTiles(trx: Db, rows: { idx: number; hashes: Buffer }[]): Promise<void> {
	await bulkInsert(trx, "log_leaf_tiles", ["idx", "hashes"], rows);
}

/** Node hashes at tree `level`, indices [from, to), in order. */
export async function nodeHashes(db: Db, level: number, from: number, to: number): Promise<Buffer[]> {
	const rows = await db
		.selectFrom("log_nodes")
		.select("hash")
		.where("level", "=", level)
		.where("idx", ">=", from)
		.where("idx", "<", to)
		.orderBy("idx")
		.execute();
	return rows.map((r) => r.hash);
}

export async function insertNodes(
	trx: Db,
	rows: { level: number; idx: number; hash: Buffer }[],
): Promise<void> {
	await bulkInsert(trx, "log_nodes", ["level", "idx", "hash"], rows);
}

/** Entry texts [from, to), in order. */
export async function entryTexts(db: Db, from: number, to: number): Promise<string[]> {
	const rows = await db
		.selectFrom("log_entries")
		.select("entry")
		.where("idx", ">=", from)
		.where("idx", "<", to)
		.orderBy("idx")
		.execute();
	return rows.map((r) => r.entry);
}

/** One entry, with its leaf hash. */
export async function entryAt(db: Db, idx: number) {
	return db.selectFrom("log_entries").select(["idx", "entry"]).where("idx", "=", idx).executeTakeFirst();
}
