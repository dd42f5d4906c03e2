/**
 * Opens the database: SQLite (embedded, WAL mode) by default, PostgreSQL when a postgres:// URL is given.
 * Both are reached through one Kysely instance typed by db/schema.ts; only repositories query it.
 */
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
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
	/**
	 * SQLite files: checkpoint the WAL on a thread of its own (db/checkpointer.worker.mjs) instead of in
	 * the commit that grows it past the threshold. For long-running writers: the server, imports, seeds.
	 */
	checkpointInBackground?: boolean;
}

/** How often the background checkpointer runs. */
const CHECKPOINT_INTERVAL_MS = 100;
/**
 * WAL pages past which a commit checkpoints by itself (SQLite's default is 1,000): with a background
 * checkpointer this is only a backstop, for when it falls behind.
 */
const BACKSTOP_CHECKPOINT_PAGES = 16_384;

/** Starts the background checkpointer of a SQLite file; returns how to stop it. */
function startCheckpointer(file: string): () => Promise<void> {
	const worker = new Worker(new URL("./checkpointer.worker.mjs", import.meta.url), {
		workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS },
	});
	// Never what keeps a process alive; a failure leaves the writer's own checkpoints in charge.
	worker.unref();
	worker.on("error", () => {});
	const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
	return async () => {
		// Held while it closes its connection (an unreferenced worker would let the process leave first).
		worker.ref();
		worker.postMessage("stop");
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 2000)))]);
		clearTimeout(timer);
		await worker.terminate();
	};
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
		const background = opts.checkpointInBackground && file !== ":memory:";
		if (background) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
		const stopCheckpointer = background ? startCheckpointer(file) : null;
		const db = new Kysely<Database>({
			dialect: new ImmediateSqliteDialect({ database: cachingDatabase(sqlite) }),
		});
		return {
			db,
			kind: "sqlite",
			sqlite,
			close: async () => {
				// The checkpointer's connection closes first, so that closing the last one checkpoints
				// the whole WAL into the database file and removes it.
				await stopCheckpointer?.();
				await db.destroy();
				// Kysely closes the connection only if it ever used it.
				if (sqlite.open) sqlite.close();
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
