/**
 * Leaf hashes move from a column of every entry into level-0 hash tiles (c2sp.org/tlog-tiles), 256 to a
 * row, written when a tile fills; the right edge's few leaves are hashed from their entries on demand.
 * That saves each entry's row overhead for its hash, and a proof reads one row for its leaves instead of
 * 256. Frozen in time.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

const WIDTH = 256;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	await db.schema
		.createTable("log_leaf_tiles")
		.addColumn("idx", pg ? "bigint" : "integer", (c) => c.primaryKey())
		.addColumn("hashes", pg ? "bytea" : "blob", (c) => c.notNull())
		.execute();
	// Full tiles of the signed part of the log, in pages of 64 tiles; the signer writes the rest as it
	// signs (it stores each tile that fills after its last checkpoint).
	const signed = await db
		.selectFrom("log_checkpoints")
		.select((eb) => eb.fn.max("size").as("size"))
		.executeTakeFirst();
	const limit = Math.floor(Number(signed?.size ?? 0) / WIDTH) * WIDTH;
	for (let tile = 0; tile * WIDTH < limit; tile += 64) {
		const rows: { leaf_hash: Buffer }[] = await db
			.selectFrom("log_entries")
			.select("leaf_hash")
			.where("idx", ">=", tile * WIDTH)
			.where("idx", "<", Math.min(limit, (tile + 64) * WIDTH))
			.orderBy("idx")
			.execute();
		const full = Math.floor(rows.length / WIDTH);
		if (full > 0)
			await db
				.insertInto("log_leaf_tiles")
				.values(
					Array.from({ length: full }, (_, i) => ({
						idx: tile + i,
						hashes: Buffer.concat(rows.slice(i * WIDTH, (i + 1) * WIDTH).map((r) => r.leaf_hash)),
					})),
				)
				.execute();
	}
	await db.schema.alterTable("log_entries").dropColumn("leaf_hash").execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema
		.alterTable("log_entries")
		.addColumn("leaf_hash", isPostgres(db) ? "bytea" : "blob")
		.execute();
	for (let from = 0; ; from += 10_000) {
		const rows: { idx: number; entry: string }[] = await db
			.selectFrom("log_entries")
			.select(["idx", "entry"])
			.where("idx", ">=", from)
			.where("idx", "<", from + 10_000)
			.execute();
		for (const r of rows)
			await db
				.updateTable("log_entries")
				.set({ leaf_hash: createHash("sha256").update(Buffer.of(0)).update(r.entry).digest() })
				.where("idx", "=", r.idx)
				.execute();
		if (rows.length === 0) break;
	}
	await db.schema.dropTable("log_leaf_tiles").execute();
}
