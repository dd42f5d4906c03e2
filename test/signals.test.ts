/**
 * Fraud signals, each with its evidence: one certificate number reported by two CBs, a lab's month beyond
 * what its signatories can sign, a CB's burst in a scheme it rarely served — and none on a register that
 * shows none of these.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runSignals, SIGNED_PER_MONTH } from "../src/server/flags/signals.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb, makeLab, makePerson, report } from "./helpers/factories.ts";

for (const kind of DIALECTS)
	describe(`fraud signals [${kind}]`, () => {
		let t: TestApp;
		const flags = async (k: string) =>
			t.db.db.selectFrom("flags").selectAll().where("kind", "=", k).where("status", "=", "open").execute();
		before(async () => {
			t = await testApp(kind);
		});
		after(() => t.close());

		it("finds nothing on an ordinary register", async () => {
			const cb = await makeCb(t.db.db);
			await applyOk(t.db.db, "certificates", [cert(cb), cert(cb)]);
			const r = await runSignals(t.db.db, clock);
			assert.equal(r.findings, 0);
		});

		it("names a certificate number two bodies report, on both certificates", async () => {
			const [a, b] = [
				await makeCb(t.db.db, { name: "上海甲认证有限公司" }),
				await makeCb(t.db.db, { name: "上海乙认证有限公司" }),
			];
			const c = cert(a);
			await applyOk(t.db.db, "certificates", [c, { ...c, cbUscc: b }]);
			await runSignals(t.db.db, clock);
			const found = await flags("NUMBER_CLAIMED_TWICE");
			assert.equal(found.length, 2);
			assert.ok(found.every((f) => f.subject_key === c.number));
			assert.match(
				found[0]!.message_zh,
				new RegExp(`证书编号 ${c.number} 由 2 家认证机构报送：上海甲认证有限公司、上海乙认证有限公司`),
			);
			assert.deepEqual(
				(JSON.parse(found[0]!.evidence_json) as { issuers: { uscc: string }[] }).issuers
					.map((i) => i.uscc)
					.sort(),
				[a, b].sort(),
			);
		});

		it("flags a lab whose month is beyond what its one signatory can sign", async () => {
			const lab = await makeLab(t.db.db);
			const signer = await makePerson(t.db.db, lab.uscc, "signatory");
			await applyOk(t.db.db, "capabilities", [
				{
					cmaNumber: lab.cma,
					field: "电器",
					product: "家用电器",
					parameter: "泄漏电流",
					standard: "GB 4706.1-2005",
					signatories: signer,
				},
			]);
			const many = Array.from({ length: SIGNED_PER_MONTH + 1 }, () =>
				report(lab.uscc, { issueDate: "2026-05-12", signatory: signer }),
			);
			await applyOk(t.db.db, "reports", many);
			await runSignals(t.db.db, clock);
			const found = await flags("LAB_VOLUME");
			assert.equal(found.length, 1);
			assert.equal(found[0]!.subject_key, lab.uscc);
			assert.deepEqual(JSON.parse(found[0]!.evidence_json), {
				month: "2026-05",
				reports: SIGNED_PER_MONTH + 1,
				signatories: 1,
				perMonthEach: SIGNED_PER_MONTH,
			});
		});

		it("flags a CB's burst of certificates in a scheme it rarely served", async () => {
			const cb = await makeCb(t.db.db, { name: "上海突增认证有限公司" });
			const earlier = Array.from({ length: 25 }, () =>
				cert(cb, { issueDate: "2025-01-10", expiryDate: "2028-01-09" }),
			);
			const burst = Array.from({ length: 20 }, () =>
				cert(cb, {
					scheme: "EMS",
					standard: "GB/T 24001-2016",
					issueDate: "2026-05-02",
					expiryDate: "2029-05-01",
				}),
			);
			await applyOk(t.db.db, "certificates", [...earlier, ...burst]);
			await runSignals(t.db.db, clock);
			const found = (await flags("CB_UNUSUAL_SCHEME")).filter((f) => f.subject_key.endsWith(" EMS"));
			assert.equal(found.length, 1, JSON.stringify(await flags("CB_UNUSUAL_SCHEME")));
			assert.match(
				found[0]!.message_zh,
				/近 90 天颁发环境管理体系认证 20 张，而此前该领域仅占其证书的 0\.0%（0\/25）/,
			);
		});
	});
