import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import SQLite from "better-sqlite3";
import { openDatabase } from "./database.ts";
import { WalHeader } from "./wal-header.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-walhdr-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the WAL header as a test for commits", () => {
	it("moves with every commit of any connection, and not with reads, checkpoints or rolled-back writes", async () => {
		const file = path.join(dir, "a.sqlite");
		const reader = openDatabase({ kind: "sqlite", sqliteFile: file });
		const writer = openDatabase({ kind: "sqlite", sqliteFile: file });
		try {
			writer.sqlite!.exec("create table t (id integer primary key, v text)");
			const header = WalHeader.of(reader.sqlite!);
			assert.ok(header, "a file database in WAL mode can be watched");
			try {
				assert.equal(header.moved(), true, "the first look always counts as a move");
				assert.equal(header.moved(), false);
				reader.sqlite!.prepare("select count(*) from t").get();
				assert.equal(header.moved(), false, "a read is no commit");

				writer.sqlite!.prepare("insert into t (v) values (?)").run("检");
				assert.equal(header.moved(), true, "another connection's commit");
				assert.equal(header.moved(), false);

				reader.sqlite!.prepare("insert into t (v) values (?)").run("测");
				assert.equal(header.moved(), true, "the watching connection's own commit");

				const rollBack = writer.sqlite!.transaction(() => {
					writer.sqlite!.prepare("insert into t (v) values (?)").run("x");
					throw new Error("abandoned");
				});
				assert.throws(() => rollBack(), /abandoned/);
				assert.equal(header.moved(), false, "a rolled-back write is no commit");

				writer.sqlite!.pragma("wal_checkpoint(PASSIVE)");
				assert.equal(header.moved(), false, "a checkpoint changes no data");

				// After a full checkpoint the next commit starts the WAL afresh, from its first frame.
				writer.sqlite!.pragma("wal_checkpoint(RESTART)");
				writer.sqlite!.prepare("insert into t (v) values (?)").run("restart");
				assert.equal(header.moved(), true, "a commit that restarts the WAL");
				for (let i = 0; i < 50; i++) {
					writer.sqlite!.prepare("insert into t (v) values (?)").run(String(i));
					assert.equal(header.moved(), true, `commit ${i}`);
				}
			} finally {
				header.close();
			}
		} finally {
			await writer.close();
			await reader.close();
		}
	});

	it("watches a database reopened with an empty WAL", async () => {
		const file = path.join(dir, "reopened.sqlite");
		const first = openDatabase({ kind: "sqlite", sqliteFile: file });
		first.sqlite!.exec("create table t (id integer primary key)");
		await first.close();
		assert.equal(fs.existsSync(`${file}-wal`), false, "closing folded the WAL in");
		const again = openDatabase({ kind: "sqlite", sqliteFile: file });
		const header = WalHeader.of(again.sqlite!);
		try {
			assert.ok(header);
			assert.equal(header.moved(), true);
			assert.equal(header.moved(), false);
			again.sqlite!.prepare("insert into t default values").run();
			assert.equal(header.moved(), true);
		} finally {
			header?.close();
			await again.close();
		}
	});

	it("declines what it cannot watch: memory databases, other journal modes, exclusive locking", () => {
		const memory = new SQLite(":memory:");
		assert.equal(WalHeader.of(memory), null);
		memory.close();

		const rollback = new SQLite(path.join(dir, "b.sqlite"));
		rollback.pragma("journal_mode = DELETE");
		assert.equal(WalHeader.of(rollback), null);
		rollback.close();

		const exclusive = new SQLite(path.join(dir, "c.sqlite"));
		exclusive.pragma("journal_mode = WAL");
		exclusive.pragma("locking_mode = EXCLUSIVE");
		assert.equal(WalHeader.of(exclusive), null);
		exclusive.close();
	});
});
