/**
 * Statistics on a small register built for the purpose: the public headline figures count exactly what
 * was written (a withheld certificate not at all); the regulators' dashboards break the figures down by
 * month, district and field and honour the filters; bad filters are refused naming the field, in Chinese
 * and English; only regulators read the dashboards; the cube is recounted when the log grows; the district
 * table of the yearly evaluation adds up.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { refreshInWorker } from "../src/server/stats/refresh-worker.ts";
import { statsState } from "../src/server/stats/stats.repository.ts";
import { refreshIfStale, refreshStats, summary } from "../src/server/stats/stats.service.ts";
import { type Credentials, makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS, testDb } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb, makeLab, newUscc, org, report } from "./helpers/factories.ts";

for (const kind of DIALECTS)
	describe(`statistics [${kind}]`, () => {
		let t: TestApp;
		let asOfficer: Credentials;
		let asAdmin: Credentials;
		let asCb: Credentials;
		let cb: string;
		let lab: string;

		before(async () => {
			t = await testApp(kind);
			const bureau = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11", "310000") });
			await applyOk(t.db.db, "organizations", [bureau]);
			cb = await makeCb(t.db.db, { district: "310104" });
			const made = await makeLab(t.db.db, { district: "310112" });
			lab = made.uscc;
			await applyOk(t.db.db, "capabilities", [
				{
					cmaNumber: made.cma,
					labUscc: lab,
					field: "电子电器",
					product: "家用电器",
					parameter: "泄漏电流",
					standard: "GB 4706.1-2005",
				},
			]);
			await applyOk(t.db.db, "certificates", [
				cert(cb, { issueDate: "2026-01-10", expiryDate: "2029-01-09", holderDistrict: "310115" }),
				cert(cb, { issueDate: "2026-02-10", expiryDate: "2029-02-09", holderDistrict: "310115" }),
				cert(cb, {
					issueDate: "2026-02-20",
					expiryDate: "2029-02-19",
					holderDistrict: "310104",
					scheme: "EMS",
					standard: "GB/T 24001-2016",
				}),
				cert(cb, { issueDate: "2025-03-01", expiryDate: "2028-02-28", holderDistrict: "310104" }),
			]);
			const fail = JSON.stringify([
				{ parameter: "泄漏电流", standard: "GB 4706.1-2005", result: "1.2 mA", conclusion: "不合格" },
			]);
			await applyOk(t.db.db, "reports", [
				report(lab, { issueDate: "2026-05-20" }),
				report(lab, { issueDate: "2026-05-21" }),
				report(lab, { issueDate: "2026-04-02", conclusion: "fail", items: fail }),
			]);
			await makeAccount(t, "s-officer", "regulator_officer", bureau.uscc as string, ["310115"]);
			await makeAccount(t, "s-admin", "regulator_admin", bureau.uscc as string);
			await makeAccount(t, "s-cb", "cb_operator", cb);
			asOfficer = await t.signIn("s-officer");
			asAdmin = await t.signIn("s-admin");
			asCb = await t.signIn("s-cb");
			// One more certificate, withheld from public view: it must not be counted anywhere.
			const hidden = cert(cb, {
				issueDate: "2026-03-01",
				expiryDate: "2029-02-28",
				holderDistrict: "310115",
			});
			await applyOk(t.db.db, "certificates", [hidden]);
			const w = await t.request("POST", `/api/v1/certificates/${hidden.number}/withhold`, {
				as: asAdmin,
				body: { withheld: true, reason: "法院要求暂不公开" },
			});
			assert.equal(w.status, 200, w.raw);
			await refreshStats(t.db.db, clock);
		});
		after(() => t.close());

		it("publishes the headline figures to anyone, counting exactly what the register holds", async () => {
			const res = await t.get("/api/v1/stats/summary");
			assert.equal(res.status, 200, res.raw);
			const s = res.body;
			// Five holders: the withheld certificate's holder is a public organisation all the same.
			assert.deepEqual(s.organizations, { cb: 1, lab: 1, enterprise: 5 });
			assert.deepEqual(s.certificates, { total: 4, valid: 4, suspended: 0, issuedThisYear: 3 });
			assert.deepEqual(s.reports, { total: 3, issuedThisYear: 3, failed: 1 });
			assert.equal(s.year, "2026");
			assert.ok(s.asOf.logSize > 0);
		});

		it("breaks certificates down by month, district and scheme for a regulator, under the filters", async () => {
			const all = await t.get("/api/v1/stats/certificates", asOfficer);
			assert.equal(all.status, 200, all.raw);
			assert.equal(all.body.total, 4);
			assert.deepEqual(all.body.byMonth, [
				{ key: "2025-03", n: 1 },
				{ key: "2026-01", n: 1 },
				{ key: "2026-02", n: 2 },
			]);
			assert.deepEqual(all.body.byDistrict, [
				{ key: "310104", n: 2 },
				{ key: "310115", n: 2 },
			]);
			assert.deepEqual(all.body.byField, [
				{ key: "QMS", n: 3 },
				{ key: "EMS", n: 1 },
			]);
			const pudong2026 = await t.get(
				"/api/v1/stats/certificates?district=310115&from=2026-01&to=2026-12",
				asOfficer,
			);
			assert.equal(pudong2026.body.total, 2);
			const byName = await t.get(
				`/api/v1/stats/certificates?district=${encodeURIComponent("徐汇区")}&field=EMS`,
				asAdmin,
			);
			assert.equal(byName.status, 200, byName.raw);
			assert.equal(byName.body.total, 1);
		});

		it("counts reports by field and conclusion", async () => {
			const res = await t.get("/api/v1/stats/reports?from=2026-05&to=2026-05", asOfficer);
			assert.equal(res.status, 200, res.raw);
			assert.equal(res.body.total, 2);
			const all = await t.get("/api/v1/stats/reports", asOfficer);
			assert.equal(all.body.total, 3);
			assert.deepEqual(all.body.byK2, [
				{ key: "pass", n: 2 },
				{ key: "fail", n: 1 },
			]);
			assert.deepEqual(all.body.byDistrict, [{ key: "310112", n: 3 }]);
			assert.deepEqual(all.body.byField, [{ key: "电子电器", n: 3 }]);
		});

		it("refuses bad filters naming the field, in Chinese and English", async () => {
			const cases: [string, string, string, string][] = [
				["district=310999", "DISTRICT_UNKNOWN", "district", "DISTRICT_UNKNOWN"],
				["from=2026-13", "STATS_MONTH_INVALID", "from", "MONTH_FORMAT"],
				["from=2026-05&to=2026-01", "STATS_MONTH_INVALID", "to", "MONTH_ORDER"],
			];
			for (const [q, code, field, rule] of cases) {
				const res = await t.get(`/api/v1/stats/certificates?${q}`, asOfficer);
				assert.equal(res.status, 400, res.raw);
				assert.deepEqual(
					[res.body.error.code, res.body.error.field, res.body.error.rule],
					[code, field, rule],
				);
				assert.match(res.body.error.messageZh, /[\u4e00-\u9fff]/);
				assert.ok(res.body.error.message.startsWith(`${field}:`), res.body.error.message);
			}
			const year = await t.get("/api/v1/stats/districts?year=26", asOfficer);
			assert.deepEqual([year.status, year.body.error.field], [400, "year"]);
		});

		it("shows dashboards to regulators only (others read them as absent)", async () => {
			assert.equal((await t.get("/api/v1/stats/certificates")).status, 401);
			assert.equal((await t.get("/api/v1/stats/certificates", asCb)).status, 404);
			assert.equal((await t.get("/api/v1/stats/districts?year=2026", asCb)).status, 404);
		});

		it("gives the district table for the yearly evaluation, adding up to the city total", async () => {
			const res = await t.get("/api/v1/stats/districts?year=2026", asOfficer);
			assert.equal(res.status, 200, res.raw);
			assert.equal(res.body.rows.length, 16);
			const row = (code: string) => res.body.rows.find((r: { district: string }) => r.district === code);
			assert.equal(row("310115").certificatesIssued, 2);
			assert.equal(row("310104").certificatesIssued, 1);
			assert.equal(row("310104").bodies, 1);
			assert.equal(row("310112").labs, 1);
			assert.equal(row("310112").reportsIssued, 3);
			assert.equal(row("310112").reportsFailed, 1);
			assert.equal(res.body.total.certificatesIssued, 3);
			assert.equal(res.body.total.validCertificates, 4);
			assert.equal(res.body.total.nameZh, "全市");
		});

		it("recounts when the log has grown, and not before", async () => {
			assert.equal(await refreshIfStale(t.db.db, clock), false);
			await applyOk(t.db.db, "certificates", [
				cert(cb, { issueDate: "2026-05-01", expiryDate: "2029-04-30", holderDistrict: "310115" }),
			]);
			assert.equal(await refreshIfStale(t.db.db, clock), true);
			const s = (await t.get("/api/v1/stats/summary")).body;
			assert.equal(s.certificates.issuedThisYear, 4);
			assert.equal(await refreshIfStale(t.db.db, clock), false);
		});
	});

for (const kind of DIALECTS)
	describe(`the first request while the server is counting [${kind}]`, () => {
		it("waits for the server's count instead of counting again on the request", async () => {
			const db = await testDb(kind);
			try {
				const cb = await makeCb(db.db);
				await applyOk(db.db, "certificates", [cert(cb), cert(cb), cert(cb)]);
				assert.equal(await statsState(db.db), null);
				let open!: () => void;
				const gate = new Promise<void>((r) => {
					open = r;
				});
				// The server's job, held at its start until the request has come in.
				const job = refreshIfStale(db.db, clock, async () => {
					await gate;
					return refreshStats(db.db, clock);
				});
				let answered = false;
				const request = summary(db.db, clock).then((s) => {
					answered = true;
					return s;
				});
				await new Promise((r) => setTimeout(r, 100));
				assert.equal(answered, false, "the request waits for the job");
				assert.equal(await statsState(db.db), null, "and did not count by itself");
				open();
				const [fresh, s] = await Promise.all([job, request]);
				assert.equal(fresh, true);
				assert.equal(s.certificates.total, 3);
				assert.equal(s.asOf.generation, (await statsState(db.db))?.generation, "one count, the job's");
			} finally {
				await db.destroy();
			}
		});
	});

for (const kind of DIALECTS)
	describe(`a slow recount is spaced out [${kind}]`, () => {
		it("waits nine times as long as the last recount took before the next, then recounts", async () => {
			const db = await testDb(kind);
			try {
				const cb = await makeCb(db.db);
				await applyOk(db.db, "certificates", [cert(cb)]);
				let now = Date.parse("2026-06-01T08:00:00Z");
				const moving = { now: () => new Date(now) };
				let ran = 0;
				// A recount that took a minute, as one of a national register does.
				const slow = async () => {
					ran++;
					const state = await refreshStats(db.db, moving);
					await db.db.updateTable("stats_state").set({ duration_ms: 60_000 }).execute();
					return state;
				};
				assert.equal(await refreshIfStale(db.db, moving, slow), true);
				await applyOk(db.db, "certificates", [cert(cb)]);
				now += 8 * 60_000;
				assert.equal(await refreshIfStale(db.db, moving, slow), false, "8 minutes after: not yet");
				assert.equal(ran, 1);
				assert.equal((await summary(db.db, moving)).certificates.total, 1, "the figures of the last count");
				now += 60_000;
				assert.equal(await refreshIfStale(db.db, moving, slow), true, "9 minutes after: due");
				assert.equal(ran, 2);
				assert.equal((await summary(db.db, moving)).certificates.total, 2);
				// A quick recount is not spaced out: the log grows, the next check counts again.
				now += 9 * 60_000;
				await applyOk(db.db, "certificates", [cert(cb)]);
				assert.equal(await refreshIfStale(db.db, moving), true);
				await applyOk(db.db, "certificates", [cert(cb)]);
				assert.equal(await refreshIfStale(db.db, moving), true, "at once after a quick one");
				assert.equal((await summary(db.db, moving)).certificates.total, 4);
			} finally {
				await db.destroy();
			}
		});
	});

// SQLite only: the server recounts a SQLite file on a worker thread so that its own thread stays free.
describe("statistics recounted on a worker thread [sqlite file]", () => {
	it("recounts the file's register and the server reads the new figures", async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-stats-"));
		const file = path.join(dir, "opentic.sqlite");
		const db = await testDb("sqlite", { sqliteFile: file });
		try {
			const cb = await makeCb(db.db);
			await applyOk(db.db, "certificates", [cert(cb), cert(cb)]);
			assert.equal(await statsState(db.db), null);
			let ran = 0;
			const fresh = await refreshIfStale(db.db, clock, async () => {
				ran++;
				return refreshInWorker(file, clock.now());
			});
			assert.deepEqual([fresh, ran], [true, 1]);
			const state = await statsState(db.db);
			assert.ok(state && state.logSize > 0);
			assert.equal((await summary(db.db, clock)).certificates.total, 2);
			assert.equal(await refreshIfStale(db.db, clock, async () => ran++), false);
			assert.equal(ran, 1);
		} finally {
			await db.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
