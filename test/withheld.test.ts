/**
 * Records withheld from public view: only a regulator administrator may withhold or release one, with a
 * reason that reaches the audit trail and never the log; the public pages, search, verification, bulk
 * checks and the export then say "withheld" or leave it out, while regulators and the issuer still see
 * it; the decision is a log entry, and the log audit stays clean.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { chinaDate } from "../src/core/dates.ts";
import { checkStatement, type VerificationStatement } from "../src/core/verify/statement.ts";
import { exportRecords } from "../src/server/export/export.service.ts";
import { auditLog } from "../src/server/log/log-audit.service.ts";
import {
	type Credentials,
	logSize,
	makeAccount,
	newestLogEntry,
	type TestApp,
	testApp,
} from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb, makeLab, newUscc, org, report } from "./helpers/factories.ts";

type Session = Credentials & { cookie: string; csrf: string };

for (const kind of DIALECTS)
	describe(`records withheld from public view [${kind}]`, () => {
		let t: TestApp;
		let cbA: string;
		let cbB: string;
		let lab: string;
		let asCb: Session;
		let asOtherCb: Session;
		let asLab: Session;
		let asOfficer: Session;
		let asAdmin: Session;
		const today = chinaDate(clock.now());
		const REASON = "法院保全裁定（2026）沪0115执保123号";

		before(async () => {
			t = await testApp(kind);
			const bureau = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11", "310000") });
			await applyOk(t.db.db, "organizations", [bureau]);
			cbA = await makeCb(t.db.db, { district: "310115" });
			cbB = await makeCb(t.db.db, { district: "310104" });
			lab = (await makeLab(t.db.db)).uscc;
			await makeAccount(t, "h-cb", "cb_operator", cbA);
			await makeAccount(t, "h-cb2", "cb_operator", cbB);
			await makeAccount(t, "h-lab", "lab_operator", lab);
			await makeAccount(t, "h-officer", "regulator_officer", bureau.uscc as string, ["310115"]);
			await makeAccount(t, "h-admin", "regulator_admin", bureau.uscc as string);
			asCb = await t.signIn("h-cb");
			asOtherCb = await t.signIn("h-cb2");
			asLab = await t.signIn("h-lab");
			asOfficer = await t.signIn("h-officer");
			asAdmin = await t.signIn("h-admin");
		});
		after(() => t.close());

		const withhold = (path: string, body: Record<string, unknown>, as: Credentials) =>
			t.request("POST", `${path}/withhold`, { as, body });
		const verify = async (q: string): Promise<VerificationStatement> => {
			const res = await t.get(`/api/v1/verify?${q}`);
			assert.equal(res.status, 200, res.raw);
			return res.body;
		};

		it("lets only a regulator administrator withhold, and refuses a missing reason, changing nothing", async () => {
			const c = cert(cbA);
			assert.equal((await t.request("POST", "/api/v1/certificates", { as: asCb, body: c })).status, 201);
			const path = `/api/v1/certificates/${c.number}`;
			const before = await logSize(t);
			for (const as of [asCb, asOfficer, null]) {
				const res = await withhold(path, { withheld: true, reason: REASON }, as);
				assert.equal(res.status, as ? 403 : 401, res.raw);
			}
			const blank = await withhold(path, { withheld: true, reason: "  " }, asAdmin);
			assert.deepEqual(
				[blank.status, blank.body.error.code, blank.body.error.field],
				[400, "WITHHOLD_REASON_REQUIRED", "reason"],
			);
			assert.match(blank.body.error.messageZh, /理由/);
			const unknown = await withhold(
				"/api/v1/certificates/000126Q0999998R0M",
				{ withheld: true, reason: REASON },
				asAdmin,
			);
			assert.deepEqual([unknown.status, unknown.body.error.code], [404, "CERT_NOT_FOUND"]);
			assert.equal(await logSize(t), before);
			assert.equal((await t.get(path)).status, 200);
		});

		it("takes a certificate out of every public view, keeps it for regulators and its CB, and puts it back on release", async () => {
			const c = cert(cbA, { holderName: "上海保全示范企业有限公司" });
			assert.equal((await t.request("POST", "/api/v1/certificates", { as: asCb, body: c })).status, 201);
			const path = `/api/v1/certificates/${c.number}`;
			const before = await logSize(t);

			const res = await withhold(path, { withheld: true, reason: REASON }, asAdmin);
			assert.equal(res.status, 200, res.raw);
			assert.deepEqual([res.body.issuer, res.body.withheldSince], [cbA, today]);
			assert.equal(await logSize(t), before + 1);
			// The log states the decision; the reason stays out of it.
			const entry = await newestLogEntry(t);
			assert.equal(entry.type, "certificate.withheld");
			assert.deepEqual(entry.facts, { withheldSince: today });
			assert.deepEqual(entry.subject, { issuer: cbA, kind: "certificate", number: c.number });
			assert.doesNotMatch(JSON.stringify(entry), /法院/);
			assert.equal(res.body.logIndex, before);

			// The public: a clear 404 on the record and its proof, and nothing in searches or listings.
			const shown = await t.get(path);
			assert.deepEqual([shown.status, shown.body.error.code], [404, "CERT_WITHHELD"]);
			assert.match(JSON.stringify(shown.body), /不予公开/);
			assert.equal((await t.get(`${path}/proof`)).body.error.code, "CERT_WITHHELD");
			assert.equal((await t.get(`/api/v1/certificates?q=${c.number}`)).body.total, 0);
			assert.equal((await t.get(`/api/v1/certificates?uscc=${c.holderUscc}`)).body.total, 0);
			assert.equal((await t.get(`/api/v1/organizations/${c.holderUscc}/certificates`)).body.total, 0);
			const page = await t.request("GET", `/certificates/${c.number}`);
			assert.equal(page.status, 404);
			assert.match(page.raw, /不予公开/);
			assert.doesNotMatch(page.raw, /上海保全示范企业有限公司/);

			// Verification: not_found, because withheld, since today; the statement checks offline.
			const s = await verify(`type=certificate&number=${c.number}`);
			assert.deepEqual(
				[s.result, s.reason, s.since, s.holder, s.record],
				["not_found", "withheld", today, null, null],
			);
			assert.ok(checkStatement(s).ok, JSON.stringify(checkStatement(s).findings));
			const vpage = await t.request("GET", `/v/certificate/${c.number}`);
			assert.match(vpage.raw, /监管部门已决定不予公开/);
			const bulk = await t.request("POST", "/api/v1/verify/bulk", {
				body: { type: "certificate", lines: `${c.number}\n${c.holderUscc}` },
			});
			assert.equal(bulk.status, 200, bulk.raw);
			assert.equal(bulk.body.rows[0].statements[0].reason, "withheld");
			// Looking the holder up by its code does not list the withheld number.
			assert.equal(bulk.body.rows[1].statements.length, 0);
			assert.equal(bulk.body.rows[1].error.code, "ORG_HOLDS_NONE");

			// Regulators and the issuing CB still see it, marked; another CB does not.
			for (const as of [asAdmin, asOfficer, asCb]) {
				const seen = await t.get(path, as);
				assert.deepEqual([seen.status, seen.body.withheldSince], [200, today]);
			}
			assert.equal((await t.get(`/api/v1/certificates?q=${c.number}`, asAdmin)).body.total, 1);
			assert.equal((await t.get(`/api/v1/certificates?q=${c.number}`, asCb)).body.total, 1);
			assert.equal((await t.get(path, asOtherCb)).body.error.code, "CERT_WITHHELD");
			assert.equal((await t.get(`/api/v1/certificates?q=${c.number}`, asOtherCb)).body.total, 0);

			// The reason is in the audit trail, with who decided.
			const trail = await t.get(
				`/api/v1/audit?action=certificate.withheld&target=${encodeURIComponent(`${c.number}@${cbA}`)}`,
				asAdmin,
			);
			assert.equal(trail.status, 200, trail.raw);
			assert.equal(trail.body.items.length, 1);
			assert.deepEqual([trail.body.items[0].actor, trail.body.items[0].detail.reason], ["h-admin", REASON]);

			// Withholding twice is refused; the CB may still suspend it, and it stays withheld.
			const again = await withhold(path, { withheld: true, reason: REASON }, asAdmin);
			assert.deepEqual([again.status, again.body.error.code], [409, "ALREADY_WITHHELD"]);
			const suspended = await t.request("POST", `${path}/status`, {
				as: asCb,
				body: { status: "suspended", reason: "监督审核不合格" },
			});
			assert.equal(suspended.status, 200, suspended.raw);
			assert.deepEqual(
				[(await t.get(path, asAdmin)).body.status, (await t.get(path, asAdmin)).body.withheldSince],
				["suspended", today],
			);
			assert.equal((await t.get(path)).status, 404);

			// The export leaves it out; the log audit finds the register and the log agree.
			const exported: string[] = [];
			for await (const r of exportRecords(t.db.db, "certificates")) exported.push(String(r.number));
			assert.ok(!exported.includes(c.number) && exported.length > 0);
			await t.app.tlog.signPending();
			assert.deepEqual((await auditLog(t.db.db, t.app.tlog.identity, clock)).discrepancies, []);

			// Released: public again, with its true status, and a second release is refused.
			const released = await withhold(path, { withheld: false, reason: "保全解除" }, asAdmin);
			assert.deepEqual([released.status, released.body.withheldSince], [200, null]);
			assert.equal((await newestLogEntry(t)).type, "certificate.released");
			const back = await t.get(path);
			assert.deepEqual([back.status, back.body.status, back.body.withheldSince], [200, "suspended", null]);
			assert.equal((await verify(`type=certificate&number=${c.number}`)).result, "suspended");
			assert.equal((await t.get(`/api/v1/certificates?q=${c.number}`)).body.total, 1);
			const twice = await withhold(path, { withheld: false, reason: "保全解除" }, asAdmin);
			assert.deepEqual([twice.status, twice.body.error.code], [409, "NOT_WITHHELD"]);
			await t.app.tlog.signPending();
			assert.deepEqual((await auditLog(t.db.db, t.app.tlog.identity, clock)).discrepancies, []);
		});

		it("withholds a test report the same way", async () => {
			const r = report(lab);
			assert.equal((await t.request("POST", "/api/v1/reports", { as: asLab, body: r })).status, 201);
			const path = `/api/v1/reports/${r.number}`;
			const res = await withhold(path, { withheld: true, reason: REASON }, asAdmin);
			assert.equal(res.status, 200, res.raw);
			assert.equal((await newestLogEntry(t)).type, "report.withheld");
			assert.equal((await t.get(path)).body.error.code, "REPORT_WITHHELD");
			assert.equal((await t.get(`/api/v1/reports?q=${r.number}`)).body.total, 0);
			assert.equal((await t.get(path, asLab)).body.withheldSince, today);
			assert.equal((await t.get(`/api/v1/reports?q=${r.number}`, asLab)).body.total, 1);
			const s = await verify(`type=report&number=${r.number}`);
			assert.deepEqual([s.result, s.reason], ["not_found", "withheld"]);
			const page = await t.request("GET", `/reports/${r.number}`);
			assert.equal(page.status, 404);
			await t.app.tlog.signPending();
			assert.deepEqual((await auditLog(t.db.db, t.app.tlog.identity, clock)).discrepancies, []);
			assert.equal((await withhold(path, { withheld: false, reason: "调查结束" }, asAdmin)).status, 200);
			assert.equal((await verify(`type=report&number=${r.number}`)).result, "valid");
		});
	});
