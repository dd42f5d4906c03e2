/**
 * Log entries lose their separate `created_at`: every entry states its own time (`at`) inside the text
 * its leaf hash covers, and the column cost about 25 bytes per entry. Frozen in time.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema.alterTable("log_entries").dropColumn("created_at").execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.alterTable("log_entries").addColumn("created_at", "text").execute();
	await db.updateTable("log_entries").set({ created_at: "" }).execute();
}
