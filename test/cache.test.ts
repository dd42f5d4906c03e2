import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildApp } from "../src/server/app.ts";
import { loadConfig } from "../src/server/config.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb } from "./helpers/factories.ts";

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
				config: loadConfig({ OPENTIC_DATA_DIR: "/tmp/x", OPENTIC_RATE_LIMIT: "0" }),
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
