import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { MIGRATIONS, migrateDown, migrateToLatest } from "../src/server/db/migrate.ts";
import { DIALECTS, testDb } from "./helpers/db.ts";
import { applyOk, cert, makeCb } from "./helpers/factories.ts";

for (const kind of DIALECTS) {
	describe(`migrations [${kind}]`, () => {
		it("migrate up, hold data, down to nothing, and up again", async () => {
			const db = await testDb(kind, { migrate: false });
			try {
				assert.deepEqual(await migrateToLatest(db.db), Object.keys(MIGRATIONS));
				assert.deepEqual(await migrateToLatest(db.db), [], "a second run does nothing");
				const cb = await makeCb(db.db);
				await applyOk(db.db, "certificates", [cert(cb, { holderName: "上海迁移测试有限公司" })]);
				const found = await db.db.selectFrom("certificates").select("holder_name").execute();
				assert.deepEqual(found, [{ holder_name: "上海迁移测试有限公司" }]);
				for (let i = 0; i < Object.keys(MIGRATIONS).length; i++) await migrateDown(db.db);
				const tables = (await db.db.introspection.getTables())
					.filter((t) => kind === "sqlite" || t.schema === db.schema)
					.map((t) => t.name)
					.filter((n) => !n.startsWith("kysely_"));
				assert.deepEqual(tables, [], "down removes every table");
				await migrateToLatest(db.db);
				const count = await sql<{ n: number }>`select count(*) as n from certificates`.execute(db.db);
				assert.equal(Number(count.rows[0]!.n), 0);
			} finally {
				await db.destroy();
			}
		});

		it("uses the search index for Chinese substrings of three characters or more", async () => {
			const db = await testDb(kind);
			try {
				if (kind === "sqlite") {
					const plan = await sql<{
						detail: string;
					}>`explain query plan select c.id from certificates c where c.id in (select rowid from certificates_fts where certificates_fts match '"华信精"') order by c.id desc limit 20`.execute(
						db.db,
					);
					assert.ok(
						plan.rows.some((r) => /VIRTUAL TABLE INDEX/.test(r.detail)),
						JSON.stringify(plan.rows),
					);
				} else {
					// On an empty table a sequential scan is cheapest; forbid it to see that the index applies.
					const plan = await db.db.transaction().execute(async (trx) => {
						await sql`set local enable_seqscan = off`.execute(trx);
						return sql<{
							"QUERY PLAN": string;
						}>`explain select id from certificates where (number || ' ' || holder_name || ' ' || scope) ilike '%华信精%'`.execute(
							trx,
						);
					});
					assert.ok(
						plan.rows.some((r) => /certificates_search_trgm/.test(r["QUERY PLAN"])),
						JSON.stringify(plan.rows),
					);
				}
			} finally {
				await db.destroy();
			}
		});
	});
}
