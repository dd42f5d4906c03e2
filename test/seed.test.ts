import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SCHEMES } from "../src/core/schemes.ts";
import { isValidUscc } from "../src/core/uscc.ts";
import { exportRecords } from "../src/server/export/export.service.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import { DIALECTS, testDb } from "./helpers/db.ts";

async function all(gen: AsyncGenerator<Record<string, unknown>>) {
	const out = [];
	for await (const r of gen) out.push(r);
	return out;
}

for (const kind of DIALECTS) {
	describe(`demo dataset [${kind}]`, () => {
		it("is realistic: every district and scheme, valid codes, a spread of statuses with histories", async () => {
			const db = await testDb(kind);
			try {
				const r = await seed(db.db, "demo", "2026-11-25");
				assert.ok(r.steps.every((s) => s.rejected === 0));
				const orgs = await all(exportRecords(db.db, "organizations"));
				assert.ok(orgs.every((o) => isValidUscc(o.uscc as string)));
				const districts = new Set(orgs.map((o) => o.district).filter(Boolean));
				assert.equal(districts.size, 16);
				assert.ok(orgs.some((o) => /[\u4e00-\u9fff]{2,}有限公司$/.test(o.name as string)));
				// One certificate and one report are withheld from public view, and the export leaves them out.
				const withheld = async (table: "certificates" | "reports") =>
					Number(
						(
							await db.db
								.selectFrom(table)
								.select((eb) => eb.fn.countAll().as("n"))
								.where("withheld_since", "is not", null)
								.executeTakeFirstOrThrow()
						).n,
					);
				assert.deepEqual([await withheld("certificates"), await withheld("reports")], [1, 1]);
				const certs = await all(exportRecords(db.db, "certificates"));
				assert.equal(certs.length, 3000 - 1);
				const schemes = new Set(certs.map((c) => c.scheme));
				for (const s of SCHEMES) assert.ok(schemes.has(s.code), `scheme ${s.code} present`);
				const statuses = new Map<string, number>();
				for (const c of certs) statuses.set(c.status as string, (statuses.get(c.status as string) ?? 0) + 1);
				for (const s of ["valid", "suspended", "withdrawn", "cancelled", "expired"])
					assert.ok((statuses.get(s) ?? 0) > 10, `${s}: ${statuses.get(s)}`);
				const restored = await db.db
					.selectFrom("status_history")
					.select("subject_id")
					.where("from_status", "=", "suspended")
					.where("to_status", "=", "valid")
					.execute();
				assert.ok(restored.length > 0, "some suspensions were lifted");
				const reports = await all(exportRecords(db.db, "reports"));
				assert.equal(reports.length, 6000 - 1);
				assert.ok(
					reports.some((x) => x.conclusion === "fail") && reports.some((x) => x.status === "revoked"),
				);
			} finally {
				await db.destroy();
			}
		});
	});
}

describe("demo dataset determinism", () => {
	it("builds the same register twice from the same date", async () => {
		const a = await testDb("sqlite");
		const b = await testDb("sqlite");
		try {
			await seed(a.db, "demo", "2026-11-25");
			await seed(b.db, "demo", "2026-11-25");
			for (const k of ["organizations", "certificates", "reports", "capabilities"] as const)
				assert.deepEqual(await all(exportRecords(a.db, k)), await all(exportRecords(b.db, k)), k);
		} finally {
			await a.destroy();
			await b.destroy();
		}
	});
});
