/**
 * Fraud signals, each with its evidence: one certificate number reported by two CBs, a lab's month beyond
 * what its signatories can sign, a CB's burst in a scheme it rarely served, audit time below IAF MD 5, a
 * certificate issued the day its audit ended, one auditor at distant sites on one day — and none on a
 * register that shows none of these.
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
			const auditor = await makePerson(t.db.db, cb);
			// Two audits by one auditor on consecutive days, and 4 auditor-days for 40 people (MD 5: 4).
			await applyOk(t.db.db, "certificates", [
				cert(cb, {
					auditTeam: auditor,
					auditStartDate: "2025-02-10",
					auditEndDate: "2025-02-11",
					auditDays: 4,
					personnel: 40,
				}),
				cert(cb, {
					auditTeam: auditor,
					auditStartDate: "2025-02-12",
					auditEndDate: "2025-02-12",
					auditDays: 1,
				}),
			]);
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

		it("flags a QMS audit far below IAF MD 5 for the holder's personnel, and not one within the allowed reduction", async () => {
			const cb = await makeCb(t.db.db);
			const short = cert(cb, { auditEndDate: "2025-02-20", auditDays: 2, personnel: 200 });
			// 200 people: 9 auditor-days, at least 6.3 after MD 5's largest reduction.
			const enough = cert(cb, { auditEndDate: "2025-02-20", auditDays: 6.5, personnel: 200 });
			// A recertification takes two thirds: 6, at least 4.2.
			const recert = cert(cb, { auditEndDate: "2025-02-20", auditDays: 4.5, personnel: 200, recertCount: 1 });
			const ems = cert(cb, {
				scheme: "EMS",
				standard: "GB/T 24001-2016",
				auditEndDate: "2025-02-20",
				auditDays: 1,
				personnel: 200,
			});
			await applyOk(t.db.db, "certificates", [short, enough, recert, ems]);
			await runSignals(t.db.db, clock);
			const found = await flags("AUDIT_TIME_BELOW_MD5");
			assert.deepEqual(
				found.map((f) => f.subject_key),
				[short.number],
			);
			assert.match(
				found[0]!.message_zh,
				/初次认证审核 2 人日，有效人数 200 人：IAF MD 5 表 QMS 为 9 人日，最多减少 30% 即不少于 6\.3 人日/,
			);
			assert.deepEqual(JSON.parse(found[0]!.evidence_json), {
				tableDays: 9,
				minimumDays: 6.3,
				reportedDays: 2,
				personnel: 200,
				audit: "initial",
				table: "IAF MD 5 Table QMS",
				issueDate: "2025-03-01",
			});
		});

		it("flags a certificate issued the day its audit ended", async () => {
			const cb = await makeCb(t.db.db);
			const sameDay = cert(cb, { auditEndDate: "2025-03-01" });
			const nextDay = cert(cb, { auditEndDate: "2025-02-28" });
			await applyOk(t.db.db, "certificates", [sameDay, nextDay]);
			await runSignals(t.db.db, clock);
			const found = await flags("ISSUED_WITHOUT_REVIEW");
			assert.deepEqual(
				found.map((f) => f.subject_key),
				[sameDay.number],
			);
			assert.match(
				found[0]!.message_en,
				/audit ended on 2025-03-01 and the certificate was issued the same day/,
			);
		});

		it("flags one auditor on audits at distant sites on the same day, naming both certificates", async () => {
			const cb = await makeCb(t.db.db);
			const [traveller, local] = [await makePerson(t.db.db, cb), await makePerson(t.db.db, cb)];
			// Chongming and Jinshan are about 98 km apart; Huangpu and Jing'an a few.
			const north = cert(cb, {
				holderDistrict: "310151",
				auditTeam: traveller,
				auditStartDate: "2025-02-10",
				auditEndDate: "2025-02-11",
			});
			const south = cert(cb, {
				holderDistrict: "310116",
				auditTeam: `${local};${traveller}`,
				auditStartDate: "2025-02-11",
				auditEndDate: "2025-02-12",
			});
			const near = [
				cert(cb, { holderDistrict: "310101", auditTeam: local, auditEndDate: "2025-02-20" }),
				cert(cb, { holderDistrict: "310106", auditTeam: local, auditEndDate: "2025-02-20" }),
			];
			await applyOk(t.db.db, "certificates", [north, south, ...near]);
			await runSignals(t.db.db, clock);
			const found = await flags("AUDITOR_DISTANT_SITES");
			assert.equal(found.length, 1, JSON.stringify(found));
			const person = await t.db.db
				.selectFrom("person_private")
				.select("person_id")
				.where("id_number", "=", traveller)
				.executeTakeFirstOrThrow();
			assert.equal(found[0]!.subject_type, "person");
			assert.equal(Number(found[0]!.subject_id), Number(person.person_id));
			assert.match(
				found[0]!.message_zh,
				new RegExp(
					`于 2025-02-11 同时在崇明区（证书 ${north.number}）和金山区（证书 ${south.number}）审核，两地相距约 9\\d 公里`,
				),
			);
			const evidence = JSON.parse(found[0]!.evidence_json) as {
				clashes: number;
				listed: { audits: { certificate: string }[] }[];
			};
			assert.equal(evidence.clashes, 1);
			assert.deepEqual(
				evidence.listed[0]!.audits.map((a) => a.certificate),
				[north.number, south.number],
			);
			// No identity number leaves the register in a flag.
			assert.doesNotMatch(found[0]!.evidence_json + found[0]!.message_zh, new RegExp(traveller));
		});
	});
