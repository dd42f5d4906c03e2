/**
 * The procurement adoption check, as a bid evaluator uses it: a list of suppliers' USCCs answered in
 * order — the certificates each holds that are valid today by scheme, a malformed code with the rule it
 * breaks, an unregistered one, a supplier banned from purchasing marked `excluded` with the ban — and
 * nothing the public may not see (no credit grade, no personal data).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb, makePerson, newUscc, org } from "./helpers/factories.ts";

const CHECK = "/api/v1/procurement/check";

for (const kind of DIALECTS)
	describe(`procurement adoption check [${kind}]`, () => {
		let t: TestApp;
		let cb: string;
		let asCb: { cookie: string; csrf: string };
		let asAdmin: { cookie: string; csrf: string };
		const supplier = newUscc();
		const banned = newUscc();
		const clean = newUscc();
		const unregistered = newUscc();
		let idNumber: string;
		const numbers: Record<string, string> = {};

		const issue = async (over: Record<string, unknown>) => {
			const c = cert(cb, { holderName: "上海采购示范供应商有限公司", ...over });
			const res = await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
			assert.equal(res.status, 201, res.raw);
			return c.number;
		};
		const setStatus = async (number: string, status: string) => {
			const res = await t.request("POST", `/api/v1/certificates/${number}/status`, {
				as: asCb,
				body: { status, reason: "监督审核不合格", date: "2026-05-10" },
			});
			assert.equal(res.status, 200, res.raw);
		};

		before(async () => {
			t = await testApp(kind);
			cb = await makeCb(t.db.db);
			await applyOk(t.db.db, "qualifications", [
				{
					type: "cb_approval",
					number: "CNCA-R-2012-777",
					orgUscc: cb,
					validFrom: "2020-01-01",
					validUntil: "2030-12-31",
					scope: "GREEN;SHBRAND",
				},
			]);
			const regulator = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11") });
			await applyOk(t.db.db, "organizations", [
				regulator,
				org({ uscc: banned, name: "上海失信供应商有限公司", district: "310104" }),
				org({ uscc: clean, name: "上海新设供应商有限公司", district: "310106" }),
			]);
			await makeAccount(t, "p-cb", "cb_operator", cb);
			await makeAccount(t, "p-admin", "regulator_admin", regulator.uscc as string);
			asCb = await t.signIn("p-cb");
			asAdmin = await t.signIn("p-admin");

			numbers.qms1 = await issue({ holderUscc: supplier });
			numbers.qms2 = await issue({ holderUscc: supplier, issueDate: "2025-06-01", expiryDate: "2028-05-31" });
			numbers.green = await issue({
				holderUscc: supplier,
				scheme: "GREEN",
				number: "GP2025SH000101",
				scope: "水性涂料",
				expiryDate: "2030-02-28",
			});
			numbers.suspended = await issue({ holderUscc: supplier });
			numbers.withdrawn = await issue({ holderUscc: supplier });
			numbers.expired = await issue({
				holderUscc: supplier,
				issueDate: "2023-01-01",
				expiryDate: "2026-05-31",
			});
			await setStatus(numbers.suspended, "suspended");
			await setStatus(numbers.withdrawn, "withdrawn");
			numbers.bannedShbrand = await issue({
				holderUscc: banned,
				holderName: "上海失信供应商有限公司",
				scheme: "SHBRAND",
				number: "SHPP2025000042",
				scope: "家用电器",
			});
			const ban = await t.request("POST", "/api/v1/bans", {
				as: asAdmin,
				body: {
					uscc: banned,
					scope: "procurement",
					startsOn: "2026-03-01",
					endsOn: "2029-02-28",
					reference: "沪财采〔2026〕9号",
					authority: "上海市财政局",
					reason: "提供虚假材料谋取中标，三年内禁止参加政府采购活动",
				},
			});
			assert.equal(ban.status, 201, ban.raw);
			// An internal grade and a registered person must never reach the answer.
			await t.db.db
				.updateTable("organizations")
				.set({ credit_grade: "D" })
				.where("uscc", "=", supplier)
				.execute();
			idNumber = await makePerson(t.db.db, supplier, "auditor");
		});
		after(() => t.close());

		const check = async (usccs: string[]) => {
			const res = await t.request("POST", CHECK, { body: { usccs } });
			assert.equal(res.status, 200, res.raw);
			return res;
		};

		it("groups the certificates valid today by scheme; expired, suspended and withdrawn ones do not count", async () => {
			const { body } = await check([supplier]);
			assert.equal(body.asOf, "2026-06-01");
			const [line] = body.items;
			assert.equal(line.valid, true);
			assert.equal(line.problem, undefined);
			assert.deepEqual(line.organization, {
				name: "上海采购示范供应商有限公司",
				kind: "enterprise",
				district: "310115",
			});
			assert.deepEqual(line.certificates, [
				{
					scheme: "GREEN",
					nameZh: "绿色产品认证",
					nameEn: "Green product certification",
					count: 1,
					numbers: [numbers.green],
				},
				{
					scheme: "QMS",
					nameZh: line.certificates[1].nameZh,
					nameEn: line.certificates[1].nameEn,
					count: 2,
					numbers: [numbers.qms2, numbers.qms1],
				},
			]);
			assert.match(line.certificates[1].nameZh, /质量管理体系/);
			assert.deepEqual([line.procurementBans, line.excluded], [[], false]);
		});

		it("answers an unregistered code and a malformed one with its rule", async () => {
			const typo = `${supplier.slice(0, 17)}${supplier[17] === "0" ? "1" : "0"}`;
			const { body } = await check([unregistered, typo, "91310115MA1"]);
			assert.deepEqual(body.items[0], {
				uscc: unregistered,
				valid: true,
				organization: null,
				certificates: [],
				procurementBans: [],
				excluded: false,
			});
			assert.equal(body.items[1].valid, false);
			assert.equal(body.items[1].problem.rule, "CHECK");
			assert.ok(body.items[1].problem.message && body.items[1].problem.messageZh);
			assert.equal(body.items[1].organization, null);
			assert.equal(body.items[2].problem.rule, "LENGTH");
		});

		it("marks a supplier banned from government purchasing as excluded, with the ban", async () => {
			const { body } = await check([banned]);
			const [line] = body.items;
			assert.equal(line.excluded, true);
			assert.deepEqual(line.procurementBans, [
				{
					reference: "沪财采〔2026〕9号",
					authority: "上海市财政局",
					startsOn: "2026-03-01",
					endsOn: "2029-02-28",
					reason: "提供虚假材料谋取中标，三年内禁止参加政府采购活动",
				},
			]);
			assert.deepEqual(
				line.certificates.map((c: { scheme: string; nameZh: string; numbers: string[] }) => [
					c.scheme,
					c.nameZh,
					c.numbers,
				]),
				[["SHBRAND", "上海品牌认证", [numbers.bannedShbrand]]],
			);
		});

		it("keeps the order of the lines and answers a repeated code on each of its lines", async () => {
			const list = [clean, banned, ` ${supplier.toLowerCase()}`, unregistered, banned];
			const { body } = await check(list);
			assert.deepEqual(
				body.items.map((l: { uscc: string; excluded: boolean; organization: { name: string } | null }) => [
					l.uscc,
					l.organization?.name ?? null,
					l.excluded,
				]),
				[
					[clean, "上海新设供应商有限公司", false],
					[banned, "上海失信供应商有限公司", true],
					[supplier, "上海采购示范供应商有限公司", false],
					[unregistered, null, false],
					[banned, "上海失信供应商有限公司", true],
				],
			);
			assert.deepEqual(body.items[1], body.items[4]);
		});

		it("refuses an empty list and more than 1,000 lines, naming usccs", async () => {
			const many = await t.request("POST", CHECK, { body: { usccs: Array(1001).fill(supplier) } });
			assert.deepEqual(
				[many.status, many.body.error.field, many.body.error.rule],
				[400, "usccs", "MAXITEMS"],
			);
			const none = await t.request("POST", CHECK, { body: { usccs: [] } });
			assert.deepEqual([none.status, none.body.error.field], [400, "usccs"]);
			const full = await check(Array(1000).fill(supplier));
			assert.equal(full.body.items.length, 1000);
		});

		it("answers the credit grade to a signed-in regulator only", async () => {
			const officer = await t.request("POST", CHECK, { as: asAdmin, body: { usccs: [supplier, clean] } });
			assert.equal(officer.status, 200, officer.raw);
			assert.deepEqual(
				officer.body.items.map((l: { creditGrade?: string | null }) => l.creditGrade),
				["D", null],
			);
			const body = await t.request("POST", CHECK, { as: asCb, body: { usccs: [supplier] } });
			assert.equal(body.status, 200, body.raw);
			assert.equal("creditGrade" in body.body.items[0], false);
		});

		it("answers the portal's form line by line, and as CSV for a spreadsheet", async () => {
			const page = await t.request("GET", "/procurement");
			assert.equal(page.status, 200);
			assert.match(page.raw, /供应商资格核验/);
			assert.match(page.raw, /<textarea id="proc-lines" name="lines"/);
			const lines = `统一社会信用代码\n${supplier}\n${banned}\n\n${unregistered}\n91310115MA1`;
			const form = await t.request("POST", "/procurement", {
				body: new URLSearchParams({ lines }).toString(),
				contentType: "application/x-www-form-urlencoded",
			});
			assert.equal(form.status, 200, form.raw);
			assert.match(form.raw, /共 4 行，2 家已在登记簿中/);
			assert.match(form.raw, /1 家被禁止参与政府采购/);
			// Each supplier's row in the order given, its line number from the text.
			const rows = [...form.raw.matchAll(/<tr(?: class="error")?><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
			assert.deepEqual(rows, [2, 3, 5, 6]);
			assert.match(form.raw, /上海采购示范供应商有限公司/);
			assert.match(form.raw, /绿色产品认证<\/span> 1 张/);
			assert.match(form.raw, /不得参与政府采购[\s\S]*沪财采〔2026〕9号/);
			assert.match(form.raw, /登记簿中没有这家机构/);
			assert.ok(!form.raw.includes(numbers.withdrawn!), "a withdrawn certificate is not listed as valid");
			assert.ok(!/信用等级|grade/i.test(form.raw));

			const empty = await t.request("POST", "/procurement", {
				body: "lines=%0A%20%0A",
				contentType: "application/x-www-form-urlencoded",
			});
			assert.equal(empty.status, 400);
			assert.match(
				empty.raw,
				/class="field-error" id="proc-error">供应商代码：请至少填写一个统一社会信用代码/,
			);
			const many = await t.request("POST", "/procurement", {
				body: new URLSearchParams({ lines: Array(1001).fill(supplier).join("\n") }).toString(),
				contentType: "application/x-www-form-urlencoded",
			});
			assert.equal(many.status, 400);
			assert.match(many.raw, /每次最多核验 1000 家供应商/);

			const csv = await t.request("POST", "/procurement.csv", {
				body: new URLSearchParams({ lines }).toString(),
				contentType: "application/x-www-form-urlencoded",
			});
			assert.equal(csv.status, 200);
			assert.match(String(csv.headers["content-type"]), /^text\/csv/);
			const out = csv.raw
				.replace(/^\uFEFF/, "")
				.trim()
				.split("\r\n");
			assert.equal(
				out[0],
				"line,uscc,code_valid,name,district,excluded,valid_certificates,schemes,bans,problem",
			);
			assert.equal(out.length, 5);
			assert.match(out[1]!, new RegExp(`^2,${supplier},yes,上海采购示范供应商有限公司,310115,no,3,`));
			assert.match(
				out[2]!,
				new RegExp(
					`^3,${banned},yes,上海失信供应商有限公司,310104,yes,1,上海品牌认证 1,沪财采〔2026〕9号 2026-03-01—2029-02-28,$`,
				),
			);
			assert.match(out[3]!, new RegExp(`^5,${unregistered},yes,,,no,0,,,未在登记簿中找到 / not registered$`));
			assert.match(out[4]!, /^6,91310115MA1,no,/);
		});

		it("shows no credit grade and no personal data", async () => {
			const { raw } = await check([supplier, banned]);
			assert.ok(!/grade|credit/i.test(raw), raw);
			assert.ok(!raw.includes(idNumber));
			assert.ok(!raw.includes("13912345678"));
			assert.ok(!raw.includes("张伟"));
		});
	});
