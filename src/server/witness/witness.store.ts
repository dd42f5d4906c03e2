/**
 * The witness's state: for each log origin, the size and root hash of the latest checkpoint it cosigned
 * (c2sp.org/tlog-witness: "the witness is only required to keep track of the latest checkpoint"), in a
 * SQLite file of its own. Updates are compare-and-swap, so two requests — or two processes on one file —
 * can never roll a size back ("checking the old size … and persisting the new checkpoint must be
 * performed atomically"); the write is durable (synchronous = FULL) before the witness answers.
 *
 * Requests refused as a fork or an inconsistent proof, though signed by the log, are kept as evidence
 * ("the witness MAY log the request … as it might be proof of log misbehavior").
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { WitnessState } from "../../core/tlog/witness.ts";

/** The schema's version (PRAGMA user_version); a file from a newer witness is not opened. */
const VERSION = 1;

export class WitnessStore {
	readonly #db: SQLite.Database;
	readonly #get: SQLite.Statement<[string], { size: number; root_hash: Buffer }>;
	readonly #insert: SQLite.Statement<[string, number, Buffer, string]>;
	readonly #swap: SQLite.Statement<
		[{ size: number; root: Buffer; at: string; origin: string; oldSize: number; oldRoot: Buffer }]
	>;
	readonly #evidence: SQLite.Statement<[string, string, string, string]>;

	/** Opens (creating if needed) the state file; ":memory:" for tests. */
	constructor(file: string) {
		if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
		this.#db = new SQLite(file);
		this.#db.pragma("journal_mode = WAL");
		// A cosigned size must survive a power cut: the spec requires it persisted before the answer.
		this.#db.pragma("synchronous = FULL");
		this.#db.pragma("busy_timeout = 5000");
		const version = this.#db.pragma("user_version", { simple: true }) as number;
		if (version > VERSION)
			throw new Error(`${file} was written by a newer witness (schema ${version}); refusing to open it`);
		this.#db.exec(`
			create table if not exists witness_logs (
				origin text primary key,
				size integer not null check (size >= 0),
				root_hash blob not null,
				updated_at text not null
			);
			create table if not exists witness_evidence (
				id integer primary key autoincrement,
				at text not null,
				origin text not null,
				code text not null,
				request text not null
			);
			pragma user_version = ${VERSION};
		`);
		this.#get = this.#db.prepare("select size, root_hash from witness_logs where origin = ?");
		this.#insert = this.#db.prepare(
			"insert into witness_logs (origin, size, root_hash, updated_at) values (?, ?, ?, ?) on conflict (origin) do nothing",
		);
		// Swaps only from exactly the state the decision saw, and never to a smaller size.
		this.#swap = this.#db.prepare(
			"update witness_logs set size = @size, root_hash = @root, updated_at = @at where origin = @origin and size = @oldSize and root_hash = @oldRoot and @size >= size",
		);
		this.#evidence = this.#db.prepare(
			"insert into witness_evidence (at, origin, code, request) values (?, ?, ?, ?)",
		);
	}

	/** The latest cosigned state of a log, or null if it never cosigned one. */
	get(origin: string): WitnessState | null {
		const r = this.#get.get(origin);
		return r ? { size: r.size, rootHash: new Uint8Array(r.root_hash) } : null;
	}

	/** Records `next` if the state is still `expected` (null: none yet); false if it changed meanwhile. */
	compareAndSwap(origin: string, expected: WitnessState | null, next: WitnessState, at: string): boolean {
		const root = Buffer.from(next.rootHash);
		if (expected === null) return this.#insert.run(origin, next.size, root, at).changes === 1;
		if (next.size < expected.size) return false;
		const r = this.#swap.run({
			size: next.size,
			root,
			at,
			origin,
			oldSize: expected.size,
			oldRoot: Buffer.from(expected.rootHash),
		});
		return r.changes === 1;
	}

	/** Keeps a log-signed request that the witness refused as misbehaviour. */
	keepEvidence(origin: string, code: string, request: string, at: string): void {
		this.#evidence.run(at, origin, code, request);
	}

	/** The evidence kept, oldest first (operators and tests). */
	evidence(): { at: string; origin: string; code: string; request: string }[] {
		return this.#db.prepare("select at, origin, code, request from witness_evidence order by id").all() as {
			at: string;
			origin: string;
			code: string;
			request: string;
		}[];
	}

	close(): void {
		this.#db.close();
	}
}
