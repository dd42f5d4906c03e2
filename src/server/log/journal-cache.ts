/**
 * A read cache kept exact by the journal of public facts. Every change to the register appends log
 * entries in the same transaction, so before answering from the cache a reader checks the log's size
 * (one primary-key read) and, when it grew, drops the entries the new log entries touch. Every instance of
 * the server keeps its own cache and still never serves a record older than the last committed write.
 *
 * On SQLite the size is read straight from the connection, synchronously (a couple of microseconds,
 * against several times that through the query queue), and only when the WAL header shows a commit
 * since the last reading (db/wal-header.ts); except while the connection is inside a transaction: that
 * transaction's uncommitted size must not be seen, so the read then waits its turn.
 */
import type SQLite from "better-sqlite3";
import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import { prepared } from "../db/prepared.ts";
import { WalHeader } from "../db/wal-header.ts";
import { readEntries } from "./journal.repository.ts";

const currentSize = prepared<[], { size: number }>((db) =>
	db.selectFrom("log_state").select("size").where("id", "=", sql.lit(1)),
);

/** Beyond this many new entries at once (a bulk import), the cache starts afresh. */
const MAX_CATCH_UP = 2000;

export class JournalCache<V> {
	readonly #values = new Map<string, V>();
	/** The log size the cache is current with. */
	#seen = -1;
	/** Bumped on every invalidation: a value loaded across one is not kept. */
	#generation = 0;
	#syncing: Promise<unknown> | null = null;
	hits = 0;
	misses = 0;

	constructor(
		private readonly load: (db: Db, key: string) => Promise<V>,
		/** The keys a log entry makes stale, or "all". */
		private readonly affected: (entry: {
			subject?: Record<string, string>;
			type?: string;
		}) => string[] | "all",
		private readonly maxEntries = 50_000,
		sqlite?: SQLite.Database,
	) {
		if (sqlite) {
			const stmt = sqlite.prepare("select size from log_state where id = 1").pluck();
			const header = WalHeader.of(sqlite);
			this.#header = header;
			let known = -1;
			this.#sizeNow = () => {
				if (sqlite.inTransaction) return null;
				// Nothing committed since the size was last read: the size is the same.
				if (header && !header.moved() && known >= 0) return known;
				// Forgotten first: a failed read must not leave an older size standing for the new header.
				known = -1;
				known = Number(stmt.get() ?? 0);
				return known;
			};
		}
	}

	readonly #header: WalHeader | null = null;

	/** Releases what the cache holds open. */
	close(): void {
		this.#header?.close();
	}

	/** The log's committed size read synchronously, or null when that cannot be done now. */
	readonly #sizeNow: () => number | null = () => null;

	/**
	 * The value for a key without waiting: when the log's size can be read at once, has not changed since
	 * the cache last caught up, and the key is held. Otherwise undefined, and the caller uses `get`.
	 */
	peek(key: string): V | undefined {
		const size = this.#sizeNow();
		if (size === null || size !== this.#seen) return undefined;
		const cached = this.#values.get(key);
		if (cached !== undefined) this.hits++;
		return cached;
	}

	/** The value for a key, from the cache when it is current. */
	async get(db: Db, key: string): Promise<V> {
		await this.#sync(db);
		const cached = this.#values.get(key);
		if (cached !== undefined) {
			this.hits++;
			return cached;
		}
		this.misses++;
		const generation = this.#generation;
		const value = await this.load(db, key);
		if (generation === this.#generation) {
			if (this.#values.size >= this.maxEntries) this.#values.delete(this.#values.keys().next().value!);
			this.#values.set(key, value);
		}
		return value;
	}

	async #sync(db: Db): Promise<void> {
		// Every request reads the size itself (so it sees every write committed before it began);
		// catching up is done by one request at a time.
		const size = this.#sizeNow() ?? Number((await currentSize(db))[0]?.size ?? 0);
		if (size === this.#seen) return;
		const mine = (this.#syncing ?? Promise.resolve()).then(() => this.#catchUp(db, size));
		this.#syncing = mine.catch(() => {});
		await mine;
	}

	async #catchUp(db: Db, size: number): Promise<void> {
		// The log only grows; an older reading than what the cache has seen has nothing to add.
		if (size <= this.#seen) return;
		this.#generation++;
		if (this.#seen < 0 || size - this.#seen > MAX_CATCH_UP) this.#values.clear();
		else
			for (const row of await readEntries(db, this.#seen, size - this.#seen)) {
				const keys = this.affected(JSON.parse(row.entry));
				if (keys === "all") {
					this.#values.clear();
					break;
				}
				for (const k of keys) this.#values.delete(k);
			}
		this.#seen = size;
	}
}
