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
import { personRef } from "../src/core/records/person-ref.ts";
import { auditLog } from "../src/server/log/log-audit.service.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, clock } from "./helpers/factories.ts";

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
			// Renaming an employer through the system leaves its staff's commitments standing.
			const employer = await t.db.db
				.selectFrom("organizations as o")
				.innerJoin("people as p", "p.employer_id", "o.id")
				.selectAll("o")
				.orderBy("o.id")
				.limit(1)
				.executeTakeFirstOrThrow();
			await applyOk(t.db.db, "organizations", [
				{
					uscc: employer.uscc,
					kind: employer.kind,
					name: `${employer.name}（更名）`,
					district: employer.district,
					address: employer.address,
					status: employer.status,
				},
			]);
			await t.app.tlog.signPending();
			const r = await audit();
			assert.deepEqual(r.discrepancies, []);
			assert.ok(r.entries > 5000 && r.certificates > 1000 && r.reports > 1000, JSON.stringify(r));
			assert.ok(r.people > 100 && r.qualifications > 10 && r.capabilities > 100, JSON.stringify(r));
			assert.equal(r.checkpoints, 2);
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
			await sql`update log_entries set entry = replace(entry, '"v":2', '"v":9') where idx = 42`.execute(db);
			await sql`update log_nodes set hash = ${Buffer.alloc(32, 7)} where level = 8 and idx = 3`.execute(db);
			// A level-4 node stored in leaf tile 5 (after its 256 leaves), overwritten.
			const tile5 = Buffer.from(
				(
					await db
						.selectFrom("log_leaf_tiles")
						.select("hashes")
						.where("idx", "=", 5)
						.executeTakeFirstOrThrow()
				).hashes,
			);
			tile5.fill(9, 256 * 32 + 2 * 32, 256 * 32 + 3 * 32);
			await sql`update log_leaf_tiles set hashes = ${tile5} where idx = 5`.execute(db);
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

			// A person renamed, a qualification's validity stretched, a signatory struck from one capability
			// row and another row deleted, a person slipped in: all behind the system's back.
			const person = await db
				.selectFrom("people")
				.select("id")
				.orderBy("id")
				.limit(1)
				.offset(3)
				.executeTakeFirstOrThrow();
			await db.updateTable("people").set({ name: "冒名顶替" }).where("id", "=", person.id).execute();
			const qual = await db
				.selectFrom("qualifications")
				.select(["id", "number"])
				.orderBy("id")
				.limit(1)
				.offset(2)
				.executeTakeFirstOrThrow();
			await db
				.updateTable("qualifications")
				.set({ valid_until: "2099-12-31" })
				.where("id", "=", qual.id)
				.execute();
			const signed = await db
				.selectFrom("capability_signatories as s")
				.innerJoin("capabilities as c", "c.id", "s.capability_id")
				.select(["s.capability_id", "s.person_id", "c.product"])
				.orderBy("s.capability_id")
				.limit(1)
				.executeTakeFirstOrThrow();
			await db
				.deleteFrom("capability_signatories")
				.where("capability_id", "=", signed.capability_id)
				.where("person_id", "=", signed.person_id)
				.execute();
			const gone = await db
				.selectFrom("capabilities")
				.select(["id", "product", "parameter"])
				.where("id", "!=", signed.capability_id)
				.orderBy("id", "desc")
				.limit(1)
				.executeTakeFirstOrThrow();
			await db.deleteFrom("capability_signatories").where("capability_id", "=", gone.id).execute();
			await db.deleteFrom("capabilities").where("id", "=", gone.id).execute();
			const stranger = await db
				.insertInto("people")
				.values({
					name: "无名氏",
					employer_id: null,
					roles_json: "[]",
					qualifications_json: "[]",
					districts_json: "[]",
					status: "active",
					salt: "00",
					created_at: "2026-06-01T00:00:00Z",
					updated_at: "2026-06-01T00:00:00Z",
				})
				.returning("id")
				.executeTakeFirstOrThrow();

			const r = await audit();
			const by = (code: string) => r.discrepancies.filter((d) => d.code === code).map((d) => d.message);
			assert.equal(by("RECORD_CHANGED").length, 5, by("RECORD_CHANGED").join("\n"));
			assert.ok(by("RECORD_CHANGED").some((m) => m.startsWith(`person ${personRef(Number(person.id))}:`)));
			assert.ok(by("RECORD_CHANGED").some((m) => m.startsWith(`qualification ${qual.number} `)));
			assert.ok(by("RECORD_CHANGED").some((m) => m.startsWith(`capability ${signed.product} `)));
			assert.deepEqual(by("RECORD_UNLOGGED"), [
				`person ${personRef(Number(stranger.id))}: no log entry mentions it (written behind the system's back)`,
			]);
			assert.ok(by("RECORD_CHANGED").some((m) => m.startsWith(`certificate ${cert.number} `)));
			assert.ok(by("RECORD_CHANGED").some((m) => m.startsWith(`organisation ${org.uscc}:`)));
			assert.equal(by("RECORD_MISSING").length, 2);
			assert.ok(by("RECORD_MISSING").some((m) => m.includes(`report ${rep.number}@`)));
			assert.ok(
				by("RECORD_MISSING").some((m) => m.startsWith(`capability ${gone.product} × ${gone.parameter} `)),
			);
			assert.deepEqual(by("LEAF_MISMATCH"), [
				"entry 42: its stored leaf hash is not the hash of its stored text",
			]);
			assert.ok(by("NODE_MISMATCH").some((m) => m.startsWith("tree node 8/3 ")));
			assert.ok(
				by("NODE_MISMATCH").some((m) => m.startsWith("tree node 8/0 ")),
				"entry 42 is under node 8/0",
			);
			assert.ok(
				by("NODE_MISMATCH").includes(
					"tree node 4/82 (level/index) in leaf tile 5 differs from the one the entries give",
				),
			);
			assert.equal(by("CHECKPOINT_ROOT").length, 2, "both checkpoints cover entry 42");
			assert.deepEqual(
				[...new Set(r.discrepancies.map((d) => d.code))].sort(),
				[
					"CHECKPOINT_ROOT",
					"LEAF_MISMATCH",
					"NODE_MISMATCH",
					"RECORD_CHANGED",
					"RECORD_MISSING",
					"RECORD_UNLOGGED",
				],
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
