import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "./database.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-ckpt-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes about 256 pages of WAL in one transaction. */
function writeBatch(sqlite: import("better-sqlite3").Database, round: number): void {
	const ins = sqlite.prepare("insert into t (round, body) values (?, ?)");
	sqlite.transaction(() => {
		for (let i = 0; i < 1000; i++) ins.run(round, "检".repeat(300));
	})();
}

/** Waits until the database file (not its WAL) has grown past a size, or gives up after five seconds. */
async function fileGrows(file: string, past: number): Promise<boolean> {
	for (let waited = 0; waited < 5000; waited += 50) {
		if (fs.statSync(file).size > past) return true;
		await sleep(50);
	}
	return false;
}

/** The database file's and the WAL's sizes after each of five batches, with a pause after each. */
async function sizesAfterBatches(name: string, background: boolean) {
	const file = path.join(dir, `${name}.sqlite`);
	const h = openDatabase({ kind: "sqlite", sqliteFile: file, checkpointInBackground: background });
	const sqlite = h.sqlite!;
	// The same backstop either way, so only the checkpointer differs.
	sqlite.pragma("wal_autocheckpoint = 16384");
	sqlite.exec("create table t (id integer primary key, round integer, body text)");
	const rounds: { grew: boolean; wal: number }[] = [];
	try {
		for (let round = 0; round < 5; round++) {
			const before = fs.statSync(file).size;
			writeBatch(sqlite, round);
			// With a checkpointer the pages reach the database file with no further write; without
			// one they stay in the WAL (a short wait shows it).
			let grew: boolean;
			if (background) grew = await fileGrows(file, before);
			else {
				await sleep(300);
				grew = fs.statSync(file).size > before;
			}
			// Let the checkpointer finish copying, so the next batch can start the WAL over.
			await sleep(200);
			rounds.push({ grew, wal: fs.statSync(`${file}-wal`).size });
		}
		assert.equal(Number(sqlite.prepare("select count(*) from t").pluck().get()), 5000);
	} finally {
		await h.close();
	}
	return rounds;
}

describe("background checkpoints (SQLite)", () => {
	it("copy committed pages into the database file, so the WAL starts over instead of growing", async () => {
		const without = await sizesAfterBatches("without", false);
		const withCheckpointer = await sizesAfterBatches("with", true);
		const show = (r: { grew: boolean; wal: number }[]) => JSON.stringify(r);
		// Without it, the pages stay in the WAL, which grows with every batch until the backstop (64 MB).
		assert.ok(
			without.every((r) => !r.grew),
			`database file grew without a checkpointer: ${show(without)}`,
		);
		assert.ok(without[4]!.wal > 4 * without[0]!.wal, `WAL without a checkpointer: ${show(without)}`);
		// With it, each batch reaches the database file, and the WAL is reused from its start.
		assert.ok(
			withCheckpointer.every((r) => r.grew),
			`database file with a checkpointer: ${show(withCheckpointer)}`,
		);
		assert.ok(
			withCheckpointer[4]!.wal < 2 * withCheckpointer[0]!.wal,
			`WAL with a checkpointer: ${show(withCheckpointer)}`,
		);
	});

	it("leaves a closed database whole, with its WAL folded in and removed", async () => {
		const file = path.join(dir, "closed.sqlite");
		const h = openDatabase({ kind: "sqlite", sqliteFile: file, checkpointInBackground: true });
		h.sqlite!.exec("create table t (id integer primary key, round integer, body text)");
		writeBatch(h.sqlite!, 1);
		await h.close();
		assert.equal(fs.existsSync(`${file}-wal`), false);
		const again = openDatabase({ kind: "sqlite", sqliteFile: file });
		try {
			assert.equal(Number(again.sqlite!.prepare("select count(*) from t").pluck().get()), 1000);
		} finally {
			await again.close();
		}
	});
});
