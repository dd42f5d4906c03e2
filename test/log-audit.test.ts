/**
 * The log audit finds every edit made behind the system's back: a record changed or deleted in the
 * database, an entry rewritten, a tree node replaced — each named — and passes a register that was only
 * ever written through the system. Also through `opentic log audit`, which exits 1.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { sql } from "kysely";
import { auditLog } from "../src/server/log/log-audit.service.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { clock } from "./helpers/factories.ts";

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, "../bin/opentic.mjs");

for (const kind of DIALECTS)
	describe(`log audit [${kind}]`, () => {
		let t: TestApp;
		before(async () => {
			t = await testApp(kind);
			await seed(t.db.db, "demo", "2026-06-01");
			await t.app.tlog.signPending();
		});
		after(() => t.close());

		const audit = () => auditLog(t.db.db, t.app.tlog.identity, clock);

		it("passes a register written only through the system", async () => {
			const r = await audit();
			assert.deepEqual(r.discrepancies, []);
			assert.ok(r.entries > 5000 && r.certificates > 1000 && r.reports > 1000, JSON.stringify(r));
			assert.equal(r.checkpoints, 1);
		});

		it("names records edited, a record deleted, an entry rewritten and a tree node replaced", async () => {
			const db = t.db.db;
			const cert = await db
				.selectFrom("certificates")
				.select(["id", "number"])
				.orderBy("id")
				.limit(1)
				.offset(10)
				.executeTakeFirstOrThrow();
			await db
				.updateTable("certificates")
				.set({ scope: "篡改后的认证范围" })
				.where("id", "=", cert.id)
				.execute();
			const rep = await db
				.selectFrom("reports")
				.select(["id", "number"])
				.orderBy("id")
				.limit(1)
				.offset(20)
				.executeTakeFirstOrThrow();
			await db.deleteFrom("reports").where("id", "=", rep.id).execute();
			await sql`update log_entries set entry = replace(entry, '"v":1', '"v":9') where idx = 42`.execute(db);
			await sql`update log_nodes set hash = ${Buffer.alloc(32, 7)} where level = 8 and idx = 3`.execute(db);
			const org = await db
				.selectFrom("organizations")
				.select(["id", "uscc"])
				.orderBy("id")
				.limit(1)
				.offset(5)
				.executeTakeFirstOrThrow();
			await db
				.updateTable("organizations")
				.set({ address: "上海市某区篡改路1号" })
				.where("id", "=", org.id)
				.execute();

			const r = await audit();
			const by = (code: string) => r.discrepancies.filter((d) => d.code === code).map((d) => d.message);
			assert.equal(by("RECORD_CHANGED").length, 2);
			assert.ok(by("RECORD_CHANGED").some((m) => m.startsWith(`certificate ${cert.number} `)));
			assert.ok(by("RECORD_CHANGED").some((m) => m.startsWith(`organisation ${org.uscc}:`)));
			assert.equal(by("RECORD_MISSING").length, 1);
			assert.match(by("RECORD_MISSING")[0]!, new RegExp(`report ${rep.number}@`));
			assert.deepEqual(by("LEAF_MISMATCH"), [
				"entry 42: its stored leaf hash is not the hash of its stored text",
			]);
			assert.ok(by("NODE_MISMATCH").some((m) => m.startsWith("tree node 8/3 ")));
			assert.ok(
				by("NODE_MISMATCH").some((m) => m.startsWith("tree node 8/0 ")),
				"entry 42 is under node 8/0",
			);
			assert.equal(by("CHECKPOINT_ROOT").length, 1);
			assert.deepEqual(
				[...new Set(r.discrepancies.map((d) => d.code))].sort(),
				["CHECKPOINT_ROOT", "LEAF_MISMATCH", "NODE_MISMATCH", "RECORD_CHANGED", "RECORD_MISSING"],
				"nothing else is reported",
			);
		});
	});

describe("opentic log audit", () => {
	it("exits 0 on a clean register and 1 after an edit behind the system's back, naming it", async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-audit-"));
		const env = { ...process.env, OPENTIC_DATA_DIR: dir, DATABASE_URL: "", OPENTIC_LOG_LEVEL: "silent" };
		await run(
			process.execPath,
			[BIN, "seed", "--scale", "demo", "--as-of", "2026-06-01", "--without-reports"],
			{ env },
		);
		const clean = await run(process.execPath, [BIN, "log", "audit"], { env });
		assert.match(clean.stdout, /no discrepancies/);
		const Sqlite = (await import("better-sqlite3")).default;
		const raw = new Sqlite(path.join(dir, "opentic.sqlite"));
		const number = raw.prepare("select number from certificates order by id limit 1").pluck().get() as string;
		raw
			.prepare("update certificates set status = 'valid', status_reason = null where number = ?")
			.run(number);
		raw.prepare("update certificates set expiry_date = '2099-12-31' where number = ?").run(number);
		raw.close();
		await assert.rejects(
			run(process.execPath, [BIN, "log", "audit"], { env }),
			(e: { code: number; stdout: string }) => {
				assert.equal(e.code, 1);
				assert.match(e.stdout, new RegExp(`RECORD_CHANGED +certificate ${number} `));
				assert.match(e.stdout, /1 discrepancy/);
				return true;
			},
		);
	});
});
