/**
 * A cheap answer to "has anything been committed to this SQLite database since I last looked?", for
 * readers that keep state derived from it (log/journal-cache.ts).
 *
 * In WAL mode every commit rewrites the wal-index header at the start of the `-shm` file: its change
 * counter, the last valid frame, the salts and the checksums (https://www.sqlite.org/walformat.html,
 * "The WAL-Index Header"). Readers take their snapshot from that header, so a commit becomes visible
 * exactly when the header is written; a checkpoint does not touch it. Comparing its 48 bytes with the
 * ones seen last time is one `pread`. Asking the database instead begins a read transaction: several
 * system calls and locks, three times the cost on a cached public read.
 *
 * Where the header is not what this expects (an in-memory database, another journal mode, exclusive
 * locking, whose wal-index lives in private memory, or a wal-index version other than 3007000),
 * `WalHeader.of` answers null and the caller asks the database every time.
 */
import fs from "node:fs";
import os from "node:os";
import type SQLite from "better-sqlite3";

const HEADER_BYTES = 48;
const WALINDEX_VERSION = 3007000;

export class WalHeader {
	readonly #fd: number;
	readonly #now = Buffer.alloc(HEADER_BYTES * 2);
	readonly #seen = Buffer.alloc(HEADER_BYTES);
	#fresh = false;

	private constructor(fd: number) {
		this.#fd = fd;
	}

	/** The header of a connection's database, or null when it cannot be watched this way. */
	static of(sqlite: SQLite.Database): WalHeader | null {
		if (sqlite.memory) return null;
		if (sqlite.pragma("journal_mode", { simple: true }) !== "wal") return null;
		if (sqlite.pragma("locking_mode", { simple: true }) !== "normal") return null;
		// A read makes sure the wal-index exists and is initialised.
		sqlite.prepare("select 1").get();
		let fd: number;
		try {
			fd = fs.openSync(`${sqlite.name}-shm`, "r");
		} catch {
			return null;
		}
		const header = new WalHeader(fd);
		if (!header.#looksRight()) {
			header.close();
			return null;
		}
		return header;
	}

	#looksRight(): boolean {
		if (fs.readSync(this.#fd, this.#now, 0, HEADER_BYTES * 2, 0) !== HEADER_BYTES * 2) return false;
		const version = os.endianness() === "LE" ? this.#now.readUInt32LE(0) : this.#now.readUInt32BE(0);
		const isInit = this.#now[12];
		// Both copies of the header agree when no commit is being written.
		const copiesAgree = this.#now.compare(this.#now, HEADER_BYTES, HEADER_BYTES * 2, 0, HEADER_BYTES) === 0;
		return version === WALINDEX_VERSION && isInit === 1 && copiesAgree;
	}

	/**
	 * Reads the header and tells whether it differs from the one the previous call read (true on the
	 * first call). Call it before reading the database: a commit between the two then shows next time.
	 */
	moved(): boolean {
		fs.readSync(this.#fd, this.#now, 0, HEADER_BYTES, 0);
		if (this.#fresh && this.#now.compare(this.#seen, 0, HEADER_BYTES, 0, HEADER_BYTES) === 0) return false;
		this.#now.copy(this.#seen, 0, 0, HEADER_BYTES);
		this.#fresh = true;
		return true;
	}

	close(): void {
		fs.closeSync(this.#fd);
	}
}
