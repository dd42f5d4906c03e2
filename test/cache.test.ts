import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { buildApp } from "../src/server/app.ts";
import { loadConfig } from "../src/server/config.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS, testDb } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb, TEST_LOG_KEY } from "./helpers/factories.ts";

for (const kind of DIALECTS) {
	describe(`the certificate read cache [${kind}]`, () => {
		let t: TestApp;
		let cb: string;
		before(async () => {
			t = await testApp(kind);
			cb = await makeCb(t.db.db);
		});
		after(() => t.close());

		it("never serves a certificate older than the last committed write, whichever instance wrote it", async () => {
			const c = cert(cb);
			await applyOk(t.db.db, "certificates", [c]);
			// A second server instance over the same database, with its own cache.
			const other = await buildApp({
				db: t.db.db,
				dbKind: kind,
				clock,
				config: loadConfig({
					OPENTIC_DATA_DIR: "/tmp/x",
					OPENTIC_RATE_LIMIT: "0",
					OPENTIC_LOG_KEY: TEST_LOG_KEY,
				}),
			});
			try {
				const read = async () =>
					(await other.inject({ method: "GET", url: `/api/v1/certificates/${c.number}` })).json();
				assert.equal((await read()).status, "valid");
				assert.equal((await read()).status, "valid", "served from the cache");
				// Written elsewhere: through the import path, as another instance would.
				await applyOk(t.db.db, "certificates", [
					{ ...c, status: "suspended", statusDate: "2026-05-01", statusReason: "暂停" },
				]);
				assert.equal((await read()).status, "suspended");
				// A change of the holder's organisation (here: its district) reaches cached pages too.
				await applyOk(t.db.db, "organizations", [
					{ uscc: c.holderUscc, kind: "enterprise", name: c.holderName, district: "310104" },
				]);
				assert.equal((await read()).holder.district, "310104");
				const miss = await other.inject({ method: "GET", url: "/api/v1/certificates/000126Q9999999R0M" });
				assert.equal(miss.statusCode, 404);
			} finally {
				await other.close();
			}
		});
	});
}

describe("the certificate read cache on a SQLite file shared by two processes", () => {
	it("sees another connection's commits at once, and never a transaction that has not committed", async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-cache-"));
		const file = path.join(dir, "opentic.sqlite");
		const server = await testDb("sqlite", { sqliteFile: file });
		const importer = await testDb("sqlite", { sqliteFile: file, migrate: false });
		const app = await buildApp({
			db: server.db,
			dbKind: "sqlite",
			clock,
			config: loadConfig({ OPENTIC_DATA_DIR: dir, OPENTIC_RATE_LIMIT: "0", OPENTIC_LOG_KEY: TEST_LOG_KEY }),
			sqlite: server.sqlite!,
		});
		try {
			const cb = await makeCb(importer.db);
			const c = cert(cb);
			await applyOk(importer.db, "certificates", [c]);
			const read = async () =>
				(await app.inject({ method: "GET", url: `/api/v1/certificates/${c.number}` })).json();
			assert.equal((await read()).status, "valid");
			assert.equal((await read()).status, "valid");
			// Another process (its own connection) changes the certificate.
			await applyOk(importer.db, "certificates", [
				{ ...c, status: "suspended", statusDate: "2026-05-01", statusReason: "暂停" },
			]);
			assert.equal((await read()).status, "suspended");

			// The server's own connection is inside a transaction that grows the log and then rolls back;
			// a read meanwhile must not take the uncommitted size for the log's.
			let release!: () => void;
			const gate = new Promise<void>((r) => {
				release = r;
			});
			let grown!: () => void;
			const logGrown = new Promise<void>((r) => {
				grown = r;
			});
			const tx = server.db.transaction().execute(async (trx) => {
				await sql`update log_state set size = size + 1 where id = 1`.execute(trx);
				grown();
				await gate;
				throw new Error("rolled back");
			});
			await logGrown;
			const during = read();
			await sleep(20);
			release();
			await assert.rejects(tx, /rolled back/);
			assert.equal((await during).status, "suspended");
			// The next committed change lands at the size the rolled-back transaction had claimed.
			await applyOk(importer.db, "certificates", [
				{ ...c, status: "valid", statusDate: "2026-06-01", statusReason: "恢复" },
			]);
			assert.equal((await read()).status, "valid");
		} finally {
			await app.close();
			await importer.destroy();
			await server.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
