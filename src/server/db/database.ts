/**
 * Opens the database: SQLite (embedded, WAL mode) by default, PostgreSQL when a postgres:// URL is given.
 * Both are reached through one Kysely instance typed by db/schema.ts; only repositories query it.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
	CompiledQuery,
	type DatabaseConnection,
	type Driver,
	Kysely,
	PostgresDialect,
	SqliteDialect,
	type SqliteDialectConfig,
	SqliteDriver,
} from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;
export type DatabaseKind = "sqlite" | "postgres";

export interface DatabaseHandle {
	readonly db: Db;
	readonly kind: DatabaseKind;
	/** The raw SQLite connection, for the few places that need it (bulk paths, benchmarks). */
	readonly sqlite?: SQLite.Database;
	close(): Promise<void>;
}

export interface OpenOptions {
	kind: DatabaseKind;
	/** SQLite file path (or ":memory:"). */
	sqliteFile?: string;
	/** PostgreSQL URL. */
	url?: string;
	/** PostgreSQL schema to use (tests isolate themselves in one schema each). */
	schema?: string;
	poolSize?: number;
}

/**
 * SQLite transactions begin IMMEDIATE: a writer takes the write lock at BEGIN, so two processes (the
 * server and an import) wait for each other through busy_timeout instead of failing with SQLITE_BUSY
 * when a read transaction would have to be upgraded (https://www.sqlite.org/lang_transaction.html).
 */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw("begin immediate"));
	}
}

class ImmediateSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;
	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}
	override createDriver(): Driver {
		return new ImmediateSqliteDriver(this.#config);
	}
}

/**
 * better-sqlite3 behind a prepared-statement cache: Kysely prepares every statement it runs, and parsing
 * SQL again costs more than running a primary-key lookup. Statements are keyed by their SQL text; the
 * least recently used is dropped past the limit. (Kysely's streaming queries iterate a statement; none of
 * ours stream.)
 */
function cachingDatabase(sqlite: SQLite.Database, limit = 500) {
	const cache = new Map<string, SQLite.Statement>();
	return {
		prepare(sql: string): SQLite.Statement {
			let stmt = cache.get(sql);
			if (stmt) {
				cache.delete(sql);
				cache.set(sql, stmt);
				return stmt;
			}
			stmt = sqlite.prepare(sql);
			cache.set(sql, stmt);
			if (cache.size > limit) cache.delete(cache.keys().next().value!);
			return stmt;
		},
		close() {
			cache.clear();
			sqlite.close();
		},
	};
}

/** Opens a database; the caller runs migrations. */
export function openDatabase(opts: OpenOptions): DatabaseHandle {
	if (opts.kind === "sqlite") {
		const file = opts.sqliteFile ?? ":memory:";
		if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
		const sqlite = new SQLite(file);
		// WAL lets readers run beside the one writer; NORMAL sync is durable at every checkpoint and
		// safe against corruption (https://www.sqlite.org/wal.html).
		sqlite.pragma("journal_mode = WAL");
		sqlite.pragma("synchronous = NORMAL");
		sqlite.pragma("foreign_keys = ON");
		sqlite.pragma("busy_timeout = 10000");
		sqlite.pragma("cache_size = -131072");
		sqlite.pragma("temp_store = MEMORY");
		sqlite.pragma("mmap_size = 1073741824");
		const db = new Kysely<Database>({
			dialect: new ImmediateSqliteDialect({ database: cachingDatabase(sqlite) }),
		});
		return {
			db,
			kind: "sqlite",
			sqlite,
			close: async () => {
				await db.destroy();
			},
		};
	}
	if (!opts.url) throw new Error("openDatabase: a PostgreSQL URL is required");
	const pool = new pg.Pool({
		connectionString: opts.url,
		max: opts.poolSize ?? 10,
		...(opts.schema ? { options: `-c search_path=${opts.schema},public` } : {}),
		types: {
			// bigint (int8) and count(*) arrive as strings by default; every id and count we store fits
			// in a double (< 2^53), so read them as numbers.
			getTypeParser: (oid: number, format?: "text" | "binary") =>
				oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text"),
		} as pg.CustomTypesConfig,
	});
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return {
		db,
		kind: "postgres",
		close: async () => {
			await db.destroy();
		},
	};
}
