/**
 * Scope cross-checks as a CB, a lab and a regulator meet them: a certificate outside its CB's approval or
 * issued on a lapsed or suspended approval is refused with the rule named, and so is a report from a lab
 * without a CMA in force — changing nothing; a report item outside the capability list or signed by
 * someone not authorised is flagged at once; the nightly batch finds older records and clears what no
 * longer holds; a regulator lists, counts, dismisses and escalates flags (audited), an officer only in
 * their districts; `opentic check scope` runs it all.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { standardKey } from "../src/core/checks/scope-rules.ts";
import { runScopeChecks } from "../src/server/flags/scope-checks.ts";
import { makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb, makeLab, makePerson, org, report } from "./helpers/factories.ts";

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, "../bin/opentic.mjs");

describe("standard designations", () => {
	it("compare without the year and spacing", () => {
		assert.equal(standardKey("GB 4789.2-2022"), standardKey("GB4789.2"));
		assert.equal(standardKey("GB/T 3048.4-2007"), "GB/T3048.4");
		assert.notEqual(standardKey("GB 4789.2"), standardKey("GB 4789.3"));
	});
});

for (const kind of DIALECTS)
	describe(`scope cross-checks [${kind}]`, () => {
		let t: TestApp;
		let cb: string;
		let lab: { uscc: string; cma: string };
		let signer: string;
		let other: string;
		let asCb: { cookie: string; csrf: string };
		let asLab: { cookie: string; csrf: string };
		let asAdmin: { cookie: string; csrf: string };
		const flags = async (q = "") => {
			const res = await t.get(`/api/v1/flags${q}`, asAdmin);
			assert.equal(res.status, 200, res.raw);
			return res.body.items as {
				id: number;
				kind: string;
				subjectKey: string;
				status: string;
				evidence: unknown;
			}[];
		};

		before(async () => {
			t = await testApp(kind);
			cb = await makeCb(t.db.db, { district: "310115" });
			lab = await makeLab(t.db.db, { district: "310104" });
			signer = await makePerson(t.db.db, lab.uscc, "signatory", { name: "李授权" });
			other = await makePerson(t.db.db, lab.uscc, "signatory", { name: "王未授权" });
			await applyOk(t.db.db, "capabilities", [
				{
					cmaNumber: lab.cma,
					field: "食品",
					product: "饮料",
					parameter: "菌落总数",
					standard: "GB 4789.2-2016",
					signatories: signer,
				},
			]);
			const regulator = org({ kind: "regulator", name: "上海市市场监督管理局", district: "310101" });
			await applyOk(t.db.db, "organizations", [regulator]);
			await makeAccount(t, "s-cb", "cb_operator", cb);
			await makeAccount(t, "s-lab", "lab_operator", lab.uscc);
			await makeAccount(t, "s-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "s-pudong", "regulator_officer", regulator.uscc as string, ["310115"]);
			const firm = org({ name: "上海采购方有限公司" });
			await applyOk(t.db.db, "organizations", [firm]);
			await makeAccount(t, "s-firm", "enterprise_user", firm.uscc as string);
			asCb = await t.signIn("s-cb");
			asLab = await t.signIn("s-lab");
			asAdmin = await t.signIn("s-admin");
		});
		after(() => t.close());

		it("refuses a certificate outside its CB's approval, or on a lapsed or suspended one, naming the rule", async () => {
			const certificates = async () =>
				Number(
					(
						await t.db.db
							.selectFrom("certificates")
							.select((eb) => eb.fn.countAll<number>().as("n"))
							.executeTakeFirstOrThrow()
					).n,
				);
			const before = await certificates();
			const refuse = async (body: Record<string, unknown>, field: string, rule: string) => {
				const res = await t.request("POST", "/api/v1/certificates", { as: asCb, body });
				assert.equal(res.status, 400, res.raw);
				assert.deepEqual([res.body.error.field, res.body.error.rule], [field, rule]);
				assert.match(res.body.error.messageZh, /[\u4e00-\u9fff]/);
				return res.body.error;
			};
			const outside = await refuse(cert(cb, { scheme: "ISMS" }), "scheme", "SCHEME_OUTSIDE_APPROVAL");
			assert.match(outside.messageZh, /批准范围不含 ISMS（批准范围：CCC、EMS、QMS）/);

			const lapsing = await makeCb(t.db.db);
			await applyOk(t.db.db, "qualifications", [
				{
					type: "cb_approval",
					number: "CNCA-R-2015-901",
					orgUscc: lapsing,
					validFrom: "2015-01-01",
					validUntil: "2026-03-31",
					scope: "ISMS",
				},
			]);
			await makeAccount(t, "s-lapsing", "cb_operator", lapsing);
			const asLapsing = await t.signIn("s-lapsing");
			const late = await t.request("POST", "/api/v1/certificates", {
				as: asLapsing,
				body: cert(lapsing, { scheme: "ISMS", issueDate: "2026-04-02", expiryDate: "2029-04-01" }),
			});
			assert.deepEqual([late.status, late.body.error?.rule], [400, "APPROVAL_EXPIRED"]);
			const inTime = await t.request("POST", "/api/v1/certificates", {
				as: asLapsing,
				body: cert(lapsing, { scheme: "ISMS", issueDate: "2026-03-02", expiryDate: "2029-03-01" }),
			});
			assert.equal(inTime.status, 201, inTime.raw);

			const suspended = await makeCb(t.db.db);
			const approval = await t.db.db
				.selectFrom("qualifications as q")
				.innerJoin("organizations as o", "o.id", "q.org_id")
				.select("q.number")
				.where("o.uscc", "=", suspended)
				.executeTakeFirstOrThrow();
			await applyOk(t.db.db, "qualifications", [
				{
					type: "cb_approval",
					number: approval.number,
					orgUscc: suspended,
					validFrom: "2020-01-01",
					validUntil: "2030-12-31",
					scope: "QMS;EMS;CCC",
					status: "suspended",
				},
			]);
			await makeAccount(t, "s-suspended", "cb_operator", suspended);
			const res = await t.request("POST", "/api/v1/certificates", {
				as: await t.signIn("s-suspended"),
				body: cert(suspended),
			});
			assert.deepEqual(
				[res.status, res.body.error?.field, res.body.error?.rule],
				[400, "cbUscc", "APPROVAL_SUSPENDED"],
			);
			assert.equal(await certificates(), before + 1, "only the one good certificate was registered");
		});

		it("refuses a report from a lab without a CMA in force", async () => {
			const bare = org({ kind: "lab", name: "上海无资质检测有限公司" });
			await applyOk(t.db.db, "organizations", [bare]);
			await makeAccount(t, "s-bare", "lab_operator", bare.uscc as string);
			const res = await t.request("POST", "/api/v1/reports", {
				as: await t.signIn("s-bare"),
				body: report(bare.uscc as string),
			});
			assert.deepEqual(
				[res.status, res.body.error?.field, res.body.error?.rule],
				[400, "labUscc", "LAB_NOT_QUALIFIED"],
			);
			const late = await t.request("POST", "/api/v1/reports", {
				as: asLab,
				body: report(lab.uscc, { issueDate: "2029-01-05" }),
			});
			// The issue date is checked against today too; a date past the CMA is refused either way.
			assert.equal(late.status, 400, late.raw);
			assert.ok(["CMA_EXPIRED", "DATE_IN_FUTURE"].includes(late.body.error.rule), late.raw);
		});

		it("flags at once a report item outside the capability list and a signatory not authorised for an item", async () => {
			const inside = {
				parameter: "菌落总数",
				standard: "GB 4789.2-2022",
				result: "<10 CFU/mL",
				conclusion: "合格",
			};
			const outside = {
				parameter: "铅",
				standard: "GB 5009.12-2023",
				result: "0.01 mg/kg",
				conclusion: "合格",
			};
			const good = report(lab.uscc, { items: JSON.stringify([inside]), signatory: signer });
			const stray = report(lab.uscc, { items: JSON.stringify([inside, outside]), signatory: other });
			for (const r of [good, stray])
				assert.equal((await t.request("POST", "/api/v1/reports", { as: asLab, body: r })).status, 201);
			const found = await flags(`?org=${lab.uscc}`);
			assert.deepEqual(
				found.map((f) => [f.kind, f.subjectKey, f.status]).sort(),
				[
					["ITEM_OUTSIDE_CAPABILITY", stray.number, "open"],
					["SIGNATORY_NOT_AUTHORISED", stray.number, "open"],
				],
				"the good report, signed by its authorised signatory on a row of the list, raises nothing",
			);
			const item = found.find((f) => f.kind === "ITEM_OUTSIDE_CAPABILITY")!;
			assert.deepEqual(item.evidence, { items: [{ parameter: "铅", standard: "GB 5009.12-2023" }] });
		});

		it("finds older records in the nightly batch, keeps decisions, and clears what no longer holds", async () => {
			const c = cert(cb, { scheme: "EMS", standard: "GB/T 24001-2016" });
			assert.equal((await t.request("POST", "/api/v1/certificates", { as: asCb, body: c })).status, 201);
			const approval = await t.db.db
				.selectFrom("qualifications as q")
				.innerJoin("organizations as o", "o.id", "q.org_id")
				.select("q.number")
				.where("o.uscc", "=", cb)
				.executeTakeFirstOrThrow();
			const narrow = (scope: string) =>
				applyOk(t.db.db, "qualifications", [
					{
						type: "cb_approval",
						number: approval.number,
						orgUscc: cb,
						validFrom: "2020-01-01",
						validUntil: "2030-12-31",
						scope,
					},
				]);
			// The approval loses EMS: the EMS certificate already issued is flagged by the batch.
			await narrow("QMS;CCC");
			const first = await runScopeChecks(t.db.db, clock);
			assert.ok(first.certificates >= 1 && first.reports >= 2, JSON.stringify(first));
			const ems = (await flags("?kind=SCHEME_OUTSIDE_APPROVAL")).filter((f) => f.subjectKey === c.number);
			assert.equal(ems.length, 1);

			// Dismissed with a reason, audited; the next run keeps the decision.
			const stray = (await flags("?kind=SIGNATORY_NOT_AUTHORISED"))[0]!;
			const noReason = await t.request("POST", `/api/v1/flags/${stray.id}/decision`, {
				as: asAdmin,
				body: { decision: "dismissed", reason: "  " },
			});
			assert.deepEqual([noReason.status, noReason.body.error.field], [400, "reason"]);
			const dismissed = await t.request("POST", `/api/v1/flags/${stray.id}/decision`, {
				as: asAdmin,
				body: { decision: "dismissed", reason: "签字人授权已于现场核实，能力表待更新" },
			});
			assert.equal(dismissed.status, 200, dismissed.raw);
			assert.deepEqual([dismissed.body.status, dismissed.body.decidedBy], ["dismissed", "s-admin"]);
			const trail = await t.get(`/api/v1/audit?action=flag.dismissed`, asAdmin);
			assert.equal(trail.body.items.length, 1);
			assert.equal(trail.body.items[0].detail.reason, "签字人授权已于现场核实，能力表待更新");
			await runScopeChecks(t.db.db, clock);
			assert.equal((await flags("?kind=SIGNATORY_NOT_AUTHORISED"))[0]!.status, "dismissed");

			// EMS back in scope: the finding no longer holds and the flag is cleared; deciding it is refused.
			await narrow("QMS;EMS;CCC");
			const second = await runScopeChecks(t.db.db, clock);
			assert.ok(second.cleared >= 1, JSON.stringify(second));
			const cleared = (await flags("?kind=SCHEME_OUTSIDE_APPROVAL")).find((f) => f.subjectKey === c.number)!;
			assert.equal(cleared.status, "cleared");
			const late = await t.request("POST", `/api/v1/flags/${cleared.id}/decision`, {
				as: asAdmin,
				body: { decision: "escalated", reason: "复核" },
			});
			assert.equal(late.status, 409);
		});

		it("counts flags per body, and shows an officer only the bodies in their districts", async () => {
			const summary = await t.get("/api/v1/flags/summary?status=open", asAdmin);
			assert.equal(summary.status, 200);
			assert.ok(
				summary.body.items.some(
					(r: { uscc: string; kind: string; count: number }) => r.uscc === lab.uscc && r.count >= 1,
				),
				JSON.stringify(summary.body),
			);
			// The lab is in 徐汇 (310104); the officer supervises 浦东 (310115).
			const officer = await t.signIn("s-pudong");
			const theirs = await t.get("/api/v1/flags", officer);
			assert.equal(theirs.status, 200);
			assert.ok(
				theirs.body.items.every(
					(f: { organization: { district: string } }) => f.organization.district === "310115",
				),
			);
			const labFlag = (await flags(`?org=${lab.uscc}`))[0]!;
			const notTheirs = await t.request("POST", `/api/v1/flags/${labFlag.id}/decision`, {
				as: officer,
				body: { decision: "escalated", reason: "越权" },
			});
			assert.equal(notTheirs.status, 404);
			// Not a reviewer: a read the caller may not make answers as if there were nothing there.
			assert.equal((await t.get("/api/v1/flags", await t.signIn("s-firm"))).status, 404);
			assert.equal((await t.get("/api/v1/flags")).status, 401);
		});
	});

describe("opentic check scope", () => {
	it("runs the cross-checks over the register and says what it found", async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-scope-"));
		const env = { ...process.env, OPENTIC_DATA_DIR: dir, DATABASE_URL: "", OPENTIC_LOG_LEVEL: "silent" };
		await run(
			process.execPath,
			[BIN, "seed", "--scale", "demo", "--as-of", "2026-06-01", "--without-reports"],
			{ env },
		);
		const r = await run(process.execPath, [BIN, "check", "scope"], { env });
		assert.match(
			r.stdout,
			/^scope checks: [\d,]+ certificates and 0 reports in [\d.]+ s — 0 findings flagged, 0 flags cleared\n$/,
		);
	});
});
