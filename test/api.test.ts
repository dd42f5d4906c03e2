import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { indexAll, pendingRows } from "../src/server/db/search-index.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb, makeLab, makePerson, newUscc, report } from "./helpers/factories.ts";

const enc = encodeURIComponent;

for (const kind of DIALECTS) {
	describe(`public read API [${kind}]`, () => {
		let t: TestApp;
		let cb1: string;
		let cb2: string;
		let holder: string;
		let auditorId: string;
		let lab: { uscc: string; cma: string };
		let signatoryId: string;
		before(async () => {
			t = await testApp(kind);
			cb1 = await makeCb(t.db.db, { name: "上海东方明珠认证有限公司" });
			cb2 = await makeCb(t.db.db, { name: "江苏太湖认证有限公司", district: null });
			auditorId = await makePerson(t.db.db, cb1, "auditor", { name: "欧阳明" });
			holder = newUscc();
			const h = { holderUscc: holder, holderName: "上海华信精密仪器有限公司", holderDistrict: "310115" };
			await applyOk(t.db.db, "certificates", [
				cert(cb1, { ...h, number: "000126Q0000001R0M", auditTeam: `${auditorId}:leader` }),
				cert(cb1, {
					...h,
					number: "000126E0000002R0M",
					scheme: "EMS",
					scope: "测量仪器的生产及相关环境管理活动",
				}),
				cert(cb1, {
					number: "000126Q0000003R0M",
					holderName: "上海浦江食品有限公司",
					holderDistrict: "310112",
					scope: "预包装食品的生产",
				}),
				cert(cb1, {
					number: "000126Q0000004R0M",
					holderName: "上海旧证书电子有限公司",
					holderDistrict: "310112",
					scope: "电子元器件生产",
					issueDate: "2023-01-01",
					expiryDate: "2025-12-31",
				}),
				cert(cb1, {
					number: "2023010701123456",
					scheme: "CCC",
					holderName: "上海雪峰电器有限公司",
					scope: "家用电冰箱",
					expiryDate: "2030-02-28",
				}),
				// The same number under another CB: legal, but a lookup must then say which.
				cert(cb2, {
					number: "000126Q0000003R0M",
					holderName: "苏州同号企业有限公司",
					holderDistrict: null,
					scope: "软件开发",
				}),
			]);
			await applyOk(t.db.db, "certificates", [
				cert(cb1, {
					...h,
					number: "000126Q0000001R0M",
					auditTeam: `${auditorId}:leader`,
					status: "暂停",
					statusDate: "2026-03-01",
					statusReason: "未按期接受监督审核",
				}),
			]);
			lab = await makeLab(t.db.db, { name: "上海申城检测技术有限公司" });
			signatoryId = await makePerson(t.db.db, lab.uscc, "signatory", { name: "李静" });
			await applyOk(t.db.db, "capabilities", [
				{
					cmaNumber: lab.cma,
					field: "电子电器",
					product: "家用电器",
					parameter: "泄漏电流",
					standard: "GB 4706.1-2005",
					signatories: signatoryId,
				},
				{
					cmaNumber: lab.cma,
					field: "食品",
					product: "饮料",
					parameter: "菌落总数",
					standard: "GB 4789.2-2022",
				},
			]);
			await applyOk(t.db.db, "reports", [
				report(lab.uscc, { number: "SHC2026-000001", signatory: signatoryId, clientUscc: holder }),
			]);
		});
		after(() => t.close());

		it("answers the health check", async () => {
			const r = await t.get("/healthz");
			assert.deepEqual([r.status, r.body], [200, { status: "ok" }]);
		});

		it("finds certificates by any Chinese substring of the holder's name", async () => {
			const long = await t.get(`/api/v1/certificates?q=${enc("华信精密")}`);
			assert.equal(long.status, 200);
			assert.deepEqual(long.body.items.map((c: { number: string }) => c.number).sort(), [
				"000126E0000002R0M",
				"000126Q0000001R0M",
			]);
			const short = await t.get(`/api/v1/certificates?q=${enc("浦江")}`);
			assert.deepEqual(
				short.body.items.map((c: { holder: { name: string } }) => c.holder.name),
				["上海浦江食品有限公司"],
			);
			const single = await t.get(`/api/v1/certificates?q=${enc("雪")}`);
			assert.equal(single.body.total, 1);
			const words = await t.get(`/api/v1/certificates?q=${enc("华信 环境管理")}`);
			assert.deepEqual(
				words.body.items.map((c: { number: string }) => c.number),
				["000126E0000002R0M"],
			);
			const scope = await t.get(`/api/v1/certificates?q=${enc("预包装食品")}`);
			assert.equal(scope.body.total, 1);
			const byNumber = await t.get(`/api/v1/certificates?q=0000004`);
			assert.equal(byNumber.body.items[0].number, "000126Q0000004R0M");
			const none = await t.get(`/api/v1/certificates?q=${enc("不存在的公司名")}`);
			assert.deepEqual([none.body.total, none.body.totalExact, none.body.items], [0, true, []]);
		});

		it("finds the same records once the search index has caught up, and follows renames", async () => {
			const before = (await t.get(`/api/v1/certificates?q=${enc("华信精密")}`)).body.items.map(
				(c: { number: string }) => c.number,
			);
			const indexed = await indexAll(t.db.db);
			if (kind === "sqlite") assert.ok(indexed > 0, "rows were waiting for the index");
			assert.deepEqual(await pendingRows(t.db.db), {
				organizations: 0,
				certificates: 0,
				reports: 0,
				capabilities: 0,
			});
			const after = (await t.get(`/api/v1/certificates?q=${enc("华信精密")}`)).body.items.map(
				(c: { number: string }) => c.number,
			);
			assert.deepEqual(after, before);
			// A changed scope of an indexed record reaches the index at once.
			const food = (await t.get(`/api/v1/certificates/000126Q0000003R0M?issuer=${cb1}`)).body;
			const same = {
				number: food.number,
				holderUscc: food.holder.uscc,
				holderName: food.holder.name,
				holderDistrict: "310112",
			};
			await applyOk(t.db.db, "certificates", [cert(cb1, { ...same, scope: "冷冻饮品的生产" })]);
			assert.equal((await t.get(`/api/v1/certificates?q=${enc("冷冻饮品")}`)).body.total, 1);
			assert.equal((await t.get(`/api/v1/certificates?q=${enc("预包装食品")}`)).body.total, 0);
			await applyOk(t.db.db, "certificates", [cert(cb1, { ...same, scope: "预包装食品的生产" })]);
		});

		it("filters by holder, issuer, status, standard, district and kind", async () => {
			const byHolder = await t.get(`/api/v1/certificates?uscc=${holder}`);
			assert.equal(byHolder.body.total, 2);
			const byCb = await t.get(`/api/v1/certificates?cb=${cb2}`);
			assert.equal(byCb.body.total, 1);
			const suspended = await t.get("/api/v1/certificates?status=suspended");
			assert.deepEqual(
				suspended.body.items.map((c: { number: string }) => c.number),
				["000126Q0000001R0M"],
			);
			const expired = await t.get("/api/v1/certificates?status=expired");
			assert.deepEqual(
				expired.body.items.map((c: { number: string }) => c.number),
				["000126Q0000004R0M"],
			);
			const valid = await t.get("/api/v1/certificates?status=valid");
			assert.ok(valid.body.items.every((c: { status: string }) => c.status === "valid"));
			assert.equal(valid.body.total, 4);
			const iso = await t.get(`/api/v1/certificates?standard=${enc("ISO 14001")}`);
			assert.deepEqual(
				iso.body.items.map((c: { scheme: string }) => c.scheme),
				["EMS"],
			);
			const gb = await t.get(`/api/v1/certificates?standard=${enc("GB/T 19001-2016")}`);
			assert.equal(gb.body.total, 4);
			const district = await t.get(`/api/v1/certificates?district=${enc("闵行区")}`);
			assert.equal(district.body.total, 2);
			const product = await t.get("/api/v1/certificates?kind=product");
			assert.deepEqual(
				product.body.items.map((c: { scheme: string }) => c.scheme),
				["CCC"],
			);
			const unknownHolder = await t.get(`/api/v1/certificates?uscc=${newUscc()}`);
			assert.deepEqual([unknownHolder.status, unknownHolder.body.total], [200, 0]);
		});

		it("pages in a stable order and refuses pages too deep or too large", async () => {
			const p1 = await t.get("/api/v1/certificates?pageSize=2&page=1");
			const p2 = await t.get("/api/v1/certificates?pageSize=2&page=2");
			const all = await t.get("/api/v1/certificates?pageSize=100");
			assert.equal(all.body.total, 6);
			assert.deepEqual(
				[...p1.body.items, ...p2.body.items].map(
					(c: { number: string; cb: { uscc: string } }) => c.number + c.cb.uscc,
				),
				all.body.items.slice(0, 4).map((c: { number: string; cb: { uscc: string } }) => c.number + c.cb.uscc),
			);
			const deep = await t.get("/api/v1/certificates?page=1000&pageSize=100");
			assert.deepEqual(
				[deep.status, deep.body.error.code, deep.body.error.field],
				[400, "PAGE_TOO_DEEP", "page"],
			);
			const big = await t.get("/api/v1/certificates?pageSize=500");
			assert.deepEqual(
				[big.status, big.body.error.code, big.body.error.field],
				[400, "REQUEST_INVALID", "pageSize"],
			);
		});

		it("names the field and the broken rule for bad query values", async () => {
			const bad = await t.get("/api/v1/certificates?uscc=91310115MA1K3BTP2C");
			assert.equal(bad.status, 400);
			assert.equal(bad.body.error.code, "USCC_CHECK_FAILED");
			assert.equal(bad.body.error.field, "uscc");
			assert.equal(bad.body.error.rule, "USCC_CHECK");
			assert.match(bad.body.error.messageZh, /校验码/);
			assert.ok(bad.body.error.requestId);
			const std = await t.get(`/api/v1/certificates?standard=${enc("ISO 99999")}`);
			assert.deepEqual([std.status, std.body.error.code], [400, "STANDARD_UNKNOWN"]);
			const district = await t.get("/api/v1/certificates?district=310119");
			assert.deepEqual([district.status, district.body.error.code], [400, "DISTRICT_UNKNOWN"]);
			const status = await t.get("/api/v1/certificates?status=revoked");
			assert.deepEqual([status.status, status.body.error.field], [400, "status"]);
		});

		it("shows a certificate with its history, audit team and effective status", async () => {
			const r = await t.get("/api/v1/certificates/000126Q0000001R0M");
			assert.equal(r.status, 200);
			assert.equal(r.body.status, "suspended");
			assert.equal(r.body.statusSince, "2026-03-01");
			assert.equal(r.body.statusReason, "未按期接受监督审核");
			assert.deepEqual(r.body.cb, { uscc: cb1, name: "上海东方明珠认证有限公司" });
			assert.deepEqual(
				r.body.auditTeam.map((a: { name: string; role: string }) => `${a.name}:${a.role}`),
				["欧阳明:leader"],
			);
			assert.match(r.body.auditTeam[0].ref, /^P\d{8}$/);
			assert.deepEqual(
				r.body.history.map((h: { from: string | null; to: string }) => `${h.from}>${h.to}`),
				["null>valid", "valid>suspended"],
			);
			const lower = await t.get("/api/v1/certificates/000126q0000004r0m");
			assert.equal(lower.body.status, "expired", "lookups accept lower case");
			const ccc = await t.get("/api/v1/certificates/2023010701123456");
			assert.deepEqual([ccc.body.cccCode, ccc.body.schemeKind, ccc.body.product], ["0701", "product", null]);
		});

		it("answers an unknown number with 404 and an ambiguous one with the issuers to choose from", async () => {
			const missing = await t.get("/api/v1/certificates/000126Q9999999R0M");
			assert.equal(missing.status, 404);
			assert.equal(missing.body.error.code, "CERT_NOT_FOUND");
			assert.equal(missing.headers["x-request-id"], missing.body.error.requestId);
			const ambiguous = await t.get("/api/v1/certificates/000126Q0000003R0M");
			assert.equal(ambiguous.status, 409);
			assert.equal(ambiguous.body.error.code, "CERT_NUMBER_AMBIGUOUS");
			assert.deepEqual(
				ambiguous.body.error.details.issuers.map((i: { uscc: string }) => i.uscc).sort(),
				[cb1, cb2].sort(),
			);
			const chosen = await t.get(`/api/v1/certificates/000126Q0000003R0M?issuer=${cb2}`);
			assert.equal(chosen.body.holder.name, "苏州同号企业有限公司");
			const route = await t.get("/api/v1/nothing-here");
			assert.deepEqual([route.status, route.body.error.code], [404, "ROUTE_NOT_FOUND"]);
		});

		it("shows reports with items and signatory, and searches them", async () => {
			const r = await t.get("/api/v1/reports/SHC2026-000001");
			assert.equal(r.status, 200);
			assert.equal(r.body.lab.name, "上海申城检测技术有限公司");
			assert.equal(r.body.signatory.name, "李静");
			assert.equal(r.body.items[0].parameter, "泄漏电流");
			assert.equal(r.body.conclusion, "pass");
			const search = await t.get(`/api/v1/reports?q=${enc("华信精密")}`);
			assert.equal(search.body.total, 1);
			const byLab = await t.get(`/api/v1/reports?lab=${lab.uscc}&conclusion=pass`);
			assert.equal(byLab.body.total, 1);
			const missing = await t.get("/api/v1/reports/NOPE-1");
			assert.deepEqual([missing.status, missing.body.error.code], [404, "REPORT_NOT_FOUND"]);
		});

		it("shows an organisation's qualifications, certificates and capability list", async () => {
			const c = await t.get(`/api/v1/organizations/${cb1}`);
			assert.equal(c.status, 200);
			assert.equal(c.body.kind, "cb");
			assert.deepEqual(c.body.qualifications[0].scope, ["QMS", "EMS", "CCC"]);
			assert.equal(c.body.certificatesIssued.total, 5);
			const h = await t.get(`/api/v1/organizations/${holder}`);
			assert.equal(h.body.certificatesHeld.total, 2);
			assert.equal(h.body.certificatesIssued, null);
			const l = await t.get(`/api/v1/organizations/${lab.uscc}`);
			assert.deepEqual(l.body.capabilityCount, { total: 2, totalExact: true });
			const caps = await t.get(`/api/v1/organizations/${lab.uscc}/capabilities?q=${enc("泄漏")}`);
			assert.equal(caps.body.items.length, 1);
			assert.equal(caps.body.items[0].cmaNumber, lab.cma);
			assert.match(caps.body.items[0].signatories[0], /^P\d{8}$/);
			const issued = await t.get(`/api/v1/organizations/${cb1}/certificates?role=issuer&pageSize=2`);
			assert.deepEqual([issued.body.total, issued.body.items.length], [5, 2]);
			const search = await t.get(`/api/v1/organizations?q=${enc("东方明珠")}&kind=cb`);
			assert.deepEqual(
				search.body.items.map((o: { uscc: string }) => o.uscc),
				[cb1],
			);
			const bad = await t.get("/api/v1/organizations/123");
			assert.deepEqual([bad.status, bad.body.error.code], [400, "USCC_CHECK_FAILED"]);
			const unknown = await t.get(`/api/v1/organizations/${newUscc()}`);
			assert.deepEqual([unknown.status, unknown.body.error.code], [404, "ORG_NOT_FOUND"]);
		});

		it("never shows identity numbers or phones in public responses", async () => {
			const paths = [
				"/api/v1/certificates?pageSize=100",
				"/api/v1/certificates/000126Q0000001R0M",
				"/api/v1/reports/SHC2026-000001",
				`/api/v1/organizations/${cb1}`,
				`/api/v1/organizations/${lab.uscc}/capabilities`,
			];
			for (const p of paths) {
				const r = await t.get(p);
				const text = JSON.stringify(r.body);
				for (const secret of [auditorId, signatoryId, "13912345678"])
					assert.ok(!text.includes(secret), `${p} leaks ${secret.slice(0, 3)}…`);
			}
			const entries = await t.db.db.selectFrom("log_entries").select("entry").execute();
			const log = entries.map((e) => e.entry).join("\n");
			for (const secret of [auditorId, signatoryId, "13912345678", "欧阳明", "李静"])
				assert.ok(!log.includes(secret), `the log leaks ${secret.slice(0, 3)}…`);
		});

		it("publishes reference codes and the OpenAPI document", async () => {
			const ref = await t.get("/api/v1/reference");
			assert.equal(ref.body.districts.length, 16);
			assert.ok(ref.body.schemes.some((s: { code: string }) => s.code === "SHBRAND"));
			const api = await t.get("/api/v1/openapi.json");
			assert.equal(api.status, 200);
			for (const p of [
				"/api/v1/certificates",
				"/api/v1/certificates/{number}",
				"/api/v1/reports/{number}",
				"/api/v1/organizations/{uscc}",
			])
				assert.ok(api.body.paths[p], p);
			const docs = await t.app.inject({ method: "GET", url: "/docs/" });
			assert.equal(docs.statusCode, 200);
			assert.match(docs.body, /swagger/i);
		});
	});
}
