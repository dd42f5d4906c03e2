/**
 * Each certificate and report remembers the index of its newest log entry, so that a proof for the record
 * is one lookup away (a downloadable tlog-proof, the portal's in-page check) and the audit can compare the
 * record with what the log last said of it. Frozen in time.
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const big = isPostgres(db) ? ("bigint" as const) : ("integer" as const);
	for (const table of ["certificates", "reports"])
		await db.schema.alterTable(table).addColumn("log_idx", big).execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const table of ["certificates", "reports"])
		await db.schema.alterTable(table).dropColumn("log_idx").execute();
}
