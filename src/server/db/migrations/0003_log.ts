/**
 * The transparency log's tree: node hashes at the tile boundaries and the signed checkpoints. The leaves
 * are log_entries.leaf_hash (level 0); nodes at tree levels 8, 16, 24, … (the bottom rows of hash tiles
 * 1, 2, 3, …, c2sp.org/tlog-tiles) are written once, when their 256^k leaves are all in; everything else
 * is hashed from those on demand. About 32.2 bytes per entry in all. Frozen in time.
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pgDb = isPostgres(db);
	const big = pgDb ? ("bigint" as const) : ("integer" as const);
	const bytes = pgDb ? ("bytea" as const) : ("blob" as const);
	await db.schema
		.createTable("log_nodes")
		.addColumn("level", "integer", (c) => c.notNull())
		.addColumn("idx", big, (c) => c.notNull())
		.addColumn("hash", bytes, (c) => c.notNull())
		.addPrimaryKeyConstraint("log_nodes_pk", ["level", "idx"])
		.execute();
	await db.schema
		.createTable("log_checkpoints")
		.addColumn("size", big, (c) => c.primaryKey())
		.addColumn("root_hash", bytes, (c) => c.notNull())
		/** The signed note (c2sp.org/tlog-checkpoint), as served. */
		.addColumn("note", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("log_checkpoints").execute();
	await db.schema.dropTable("log_nodes").execute();
}
