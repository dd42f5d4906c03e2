/**
 * Witness cosignatures of the log's checkpoints (c2sp.org/tlog-witness, c2sp.org/tlog-cosignature):
 * log_cosignatures keeps every verified cosignature line by checkpoint size and witness, so that
 * /log/checkpoint can serve a checkpoint with its cosignatures; log_witnesses remembers, per witness, the
 * size it last cosigned (or said it had), the old size of the next request to it. A witness is named by
 * its key, `<name>+<hex key ID>`, as its signature lines name it. Frozen in time.
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const big = isPostgres(db) ? ("bigint" as const) : ("integer" as const);
	await db.schema
		.createTable("log_cosignatures")
		.addColumn("size", big, (c) => c.notNull())
		.addColumn("witness", "text", (c) => c.notNull())
		/** The signature line without its newline: `— <name> <base64(key ID ‖ timestamp ‖ signature)>`. */
		.addColumn("line", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		// Size first: the served checkpoint is the newest size with enough witnesses.
		.addPrimaryKeyConstraint("log_cosignatures_pk", ["size", "witness"])
		.execute();
	await db.schema
		.createTable("log_witnesses")
		.addColumn("witness", "text", (c) => c.primaryKey())
		.addColumn("size", big, (c) => c.notNull())
		.addColumn("updated_at", "text", (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("log_witnesses").execute();
	await db.schema.dropTable("log_cosignatures").execute();
}
