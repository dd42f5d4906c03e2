/** Runs the migrations in db/migrations, in order, on either backend. */
import { type Migration, type MigrationResultSet, Migrator, sql } from "kysely";
import type { Db } from "./database.ts";
import { isPostgres } from "./dialect.ts";
import * as m0001 from "./migrations/0001_register.ts";
import * as m0002 from "./migrations/0002_identity.ts";
import * as m0003 from "./migrations/0003_log.ts";
import * as m0004 from "./migrations/0004_witness.ts";
import * as m0005 from "./migrations/0005_log_index.ts";
import * as m0006 from "./migrations/0006_entry_time.ts";
import * as m0007 from "./migrations/0007_leaf_tiles.ts";
import * as m0008 from "./migrations/0008_tile_nodes.ts";
import * as m0009 from "./migrations/0009_flags.ts";
import * as m0010 from "./migrations/0010_audit_facts.ts";
import * as m0011 from "./migrations/0011_withheld.ts";
import * as m0012 from "./migrations/0012_spot_checks.ts";
import * as m0013 from "./migrations/0013_inspectors_credit_events.ts";
import * as m0014 from "./migrations/0014_credit_grades.ts";
import * as m0015 from "./migrations/0015_bans.ts";
import * as m0016 from "./migrations/0016_complaints.ts";
import * as m0017 from "./migrations/0017_credit_appeals.ts";
import * as m0018 from "./migrations/0018_applications.ts";
import * as m0019 from "./migrations/0019_application_sla.ts";
import * as m0020 from "./migrations/0020_trace_indexes.ts";
import * as m0021 from "./migrations/0021_notifications.ts";
import * as m0022 from "./migrations/0022_alerts.ts";
import * as m0023 from "./migrations/0023_stats.ts";

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Record<string, Migration> = {
	"0001_register": m0001,
	"0002_identity": m0002,
	"0003_log": m0003,
	"0004_witness": m0004,
	"0005_log_index": m0005,
	"0006_entry_time": m0006,
	"0007_leaf_tiles": m0007,
	"0008_tile_nodes": m0008,
	"0009_flags": m0009,
	"0010_audit_facts": m0010,
	"0011_withheld": m0011,
	"0012_spot_checks": m0012,
	"0013_inspectors_credit_events": m0013,
	"0014_credit_grades": m0014,
	"0015_bans": m0015,
	"0016_complaints": m0016,
	"0017_credit_appeals": m0017,
	"0018_applications": m0018,
	"0019_application_sla": m0019,
	"0020_trace_indexes": m0020,
	"0021_notifications": m0021,
	"0022_alerts": m0022,
	"0023_stats": m0023,
};

/**
 * On PostgreSQL the migration tables live in the schema the connection works in; Kysely would otherwise
 * find another schema's tables (its check ignores the search path) and then fail to use them.
 */
async function migrator(db: Db): Promise<Migrator> {
	let migrationTableSchema: string | undefined;
	if (isPostgres(db)) {
		const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
		migrationTableSchema = r.rows[0]?.schema;
	}
	return new Migrator({
		db,
		provider: { getMigrations: async () => MIGRATIONS },
		// A database may have run later-numbered migrations before an earlier one existed; each migration
		// stands alone, so a missing one runs late instead of the server refusing to start.
		allowUnorderedMigrations: true,
		...(migrationTableSchema ? { migrationTableSchema } : {}),
	});
}

function check(result: MigrationResultSet): void {
	if (result.error) {
		const failed = result.results?.find((r) => r.status === "Error");
		const err = result.error instanceof Error ? result.error : new Error(String(result.error));
		err.message = `migration ${failed?.migrationName ?? "?"} failed: ${err.message}`;
		throw err;
	}
}

/** Brings the schema to the latest version; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Db): Promise<string[]> {
	for (let attempt = 1; ; attempt++) {
		const result = await (await migrator(db)).migrateToLatest();
		// Before running anything, Kysely lists the database's tables to find its own; on PostgreSQL that
		// listing fails when another schema is dropped meanwhile ("relation … does not exist"). Nothing has
		// run then: look again.
		const nothingRan = !result.results?.some((r) => r.status !== "NotExecuted");
		if (result.error && nothingRan && attempt < 5 && /does not exist/.test(String(result.error))) {
			await new Promise((r) => setTimeout(r, 100 * attempt));
			continue;
		}
		check(result);
		return (result.results ?? []).map((r) => r.migrationName);
	}
}

/** Reverts the last migration (tests and operators). */
export async function migrateDown(db: Db): Promise<string[]> {
	const result = await (await migrator(db)).migrateDown();
	check(result);
	return (result.results ?? []).map((r) => r.migrationName);
}
