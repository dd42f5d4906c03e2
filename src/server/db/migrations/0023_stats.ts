/**
 * Statistics and open data. `stats_cells` is the register counted once (a cube): one row per metric and
 * combination of district, field, month and up to two keys (status, outcome, …) with a count `n` and a sum
 * `v` (days used, for averages), so every dashboard query sums a few thousand rows instead of grouping a
 * million. `stats_state` says which log size the cube was computed at. `open_data_files` keeps the daily
 * open-data files (gzip) in the database, since the server keeps no state outside it. Frozen in time.
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	const bytes = pg ? ("bytea" as const) : ("blob" as const);
	const big = pg ? ("bigint" as const) : ("integer" as const);
	await db.schema
		.createTable("stats_cells")
		.addColumn("metric", "text", (c) => c.notNull())
		.addColumn("district", "text", (c) => c.notNull())
		.addColumn("field", "text", (c) => c.notNull())
		.addColumn("month", "text", (c) => c.notNull())
		.addColumn("k1", "text", (c) => c.notNull())
		.addColumn("k2", "text", (c) => c.notNull())
		.addColumn("n", "integer", (c) => c.notNull())
		.addColumn("v", big, (c) => c.notNull().defaultTo(0))
		.execute();
	// Covering: a dashboard's sums read the index alone, never the table.
	await db.schema
		.createIndex("stats_cells_cover")
		.on("stats_cells")
		.columns(["metric", "month", "district", "field", "k1", "k2", "n", "v"])
		.execute();
	await db.schema
		.createTable("stats_state")
		.addColumn("id", "integer", (c) => c.primaryKey())
		.addColumn("log_size", big, (c) => c.notNull())
		.addColumn("refreshed_at", "text", (c) => c.notNull())
		.addColumn("duration_ms", "integer", (c) => c.notNull())
		/** A fresh random value per recount: answers kept from the cube are valid while it is unchanged. */
		.addColumn("generation", "text", (c) => c.notNull())
		.execute();
	await db.schema
		.createTable("open_data_files")
		.addColumn("name", "text", (c) => c.primaryKey())
		.addColumn("dataset", "text", (c) => c.notNull())
		.addColumn("format", "text", (c) => c.notNull())
		.addColumn("rows", "integer", (c) => c.notNull())
		.addColumn("bytes", "integer", (c) => c.notNull())
		.addColumn("sha256", "text", (c) => c.notNull())
		.addColumn("log_size", big, (c) => c.notNull())
		.addColumn("generated_at", "text", (c) => c.notNull())
		.addColumn("data", bytes, (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("open_data_files").execute();
	await db.schema.dropTable("stats_state").execute();
	await db.schema.dropTable("stats_cells").execute();
}
