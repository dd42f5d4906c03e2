import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedClock } from "../src/core/dates.ts";
import { expireDue } from "../src/server/certificates/certificates.service.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb } from "./helpers/factories.ts";

for (const kind of DIALECTS) {
	describe(`expiry [${kind}]`, () => {
		let t: TestApp;
		let cb: string;
		before(async () => {
			t = await testApp(kind);
			cb = await makeCb(t.db.db);
		});
		after(() => t.close());

		it("moves valid certificates past their end date to expired, with history and a log entry, once", async () => {
			const due = cert(cb, { issueDate: "2023-06-01", expiryDate: "2026-06-10" });
			const later = cert(cb, { issueDate: "2025-06-01", expiryDate: "2028-05-31" });
			const suspended = cert(cb, {
				issueDate: "2023-06-01",
				expiryDate: "2026-06-05",
				status: "suspended",
				statusDate: "2026-01-01",
				statusReason: "x",
			});
			await applyOk(t.db.db, "certificates", [due, later, suspended]);
			const logBefore = Number(
				(await t.db.db.selectFrom("log_state").select("size").executeTakeFirstOrThrow()).size,
			);
			assert.equal(await expireDue(t.db.db, fixedClock("2026-06-10T04:00:00Z")), 0, "not on its last day");
			assert.equal(await expireDue(t.db.db, fixedClock("2026-06-11T04:00:00Z"), 1), 1);
			assert.equal(await expireDue(t.db.db, fixedClock("2026-06-11T04:00:00Z")), 0, "runs are idempotent");
			const rows = await t.db.db
				.selectFrom("certificates")
				.select(["number", "status", "status_since"])
				.where("number", "in", [due.number, later.number, suspended.number])
				.orderBy("number")
				.execute();
			assert.deepEqual(
				rows.map((r) => `${r.number}:${r.status}@${r.status_since}`),
				[
					`${due.number}:expired@2026-06-11`,
					`${later.number}:valid@2025-06-01`,
					`${suspended.number}:suspended@2026-01-01`,
				],
			);
			const entries = await t.db.db
				.selectFrom("log_entries")
				.select("entry")
				.where("idx", ">=", logBefore)
				.execute();
			assert.equal(entries.length, 1);
			const e = JSON.parse(entries[0]!.entry);
			assert.deepEqual(
				[e.type, e.subject.number, e.facts.status, e.facts.statusSince],
				["certificate.status", due.number, "expired", "2026-06-11"],
			);
		});
	});
}
