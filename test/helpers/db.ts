/**
 * Test databases: every suite runs once per backend. SQLite is always there (in memory); PostgreSQL runs
 * when OPENTIC_TEST_DATABASE_URL is set (CI sets it), each test database in a fresh schema of its own.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { type DatabaseHandle, type DatabaseKind, openDatabase } from "../../src/server/db/database.ts";
import { migrateToLatest } from "../../src/server/db/migrate.ts";
import { TEST_LOG_KEY } from "./factories.ts";

export const PG_URL = process.env.OPENTIC_TEST_DATABASE_URL || "";

/** The backends this run covers. */
export const DIALECTS: DatabaseKind[] = PG_URL ? ["sqlite", "postgres"] : ["sqlite"];

export interface TestDb extends DatabaseHandle {
	/** The PostgreSQL schema, when kind is postgres. */
	schema?: string;
	/** Closes and deletes the database. */
	destroy(): Promise<void>;
}

/**
 * The environment that points the opentic command at a test database: a SQLite data folder, or the
 * PostgreSQL URL with the test schema as its search path.
 */
export function cliEnv(db: TestDb, dataDir: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		OPENTIC_DATA_DIR: dataDir,
		OPENTIC_LOG_LEVEL: "silent",
		OPENTIC_LOG_KEY: TEST_LOG_KEY,
	};
	delete env.DATABASE_URL;
	if (db.kind === "postgres")
		env.DATABASE_URL = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${db.schema},public`)}`;
	return env;
}

/** A fresh, migrated, empty database. */
export async function testDb(
	kind: DatabaseKind,
	opts: { migrate?: boolean; sqliteFile?: string } = {},
): Promise<TestDb> {
	let handle: DatabaseHandle;
	let schema: string | undefined;
	if (kind === "sqlite") {
		handle = openDatabase({ kind, sqliteFile: opts.sqliteFile ?? ":memory:" });
	} else {
		schema = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
		const admin = openDatabase({ kind, url: PG_URL, poolSize: 1 });
		await sql.raw(`create schema ${schema}`).execute(admin.db);
		await admin.close();
		handle = openDatabase({ kind, url: PG_URL, schema, poolSize: 4 });
	}
	if (opts.migrate !== false) await migrateToLatest(handle.db);
	return {
		...handle,
		...(schema ? { schema } : {}),
		destroy: async () => {
			await handle.close();
			if (schema) {
				const admin = openDatabase({ kind, url: PG_URL, poolSize: 1 });
				await sql.raw(`drop schema ${schema} cascade`).execute(admin.db);
				await admin.close();
			}
		},
	};
}
