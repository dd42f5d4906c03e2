/** The public portal's pages through the HTTP stack (the browser tests drive them in Chromium). */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import { STANDARD_RULES } from "../src/core/draw/manifest.ts";
import { schemeByCode } from "../src/core/schemes.ts";
import { Workdays } from "../src/core/workdays.ts";
import { SYSTEM_ACTOR } from "../src/server/auth/policy.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import {
	confirmRectification,
	createBatch,
	drawBatch,
	publicBatch,
	publishBatch,
	publishResult,
	recordResult,
} from "../src/server/spotchecks/spotchecks.service.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb, TODAY } from "./helpers/factories.ts";

for (const kind of DIALECTS) {
	describe(`public portal pages [${kind}]`, () => {
		let t: TestApp;
		let c: ReturnType<typeof cert>;
		const page = (url: string, headers: Record<string, string> = {}) =>
			t.app.inject({ method: "GET", url, headers: { accept: "text/html", ...headers } });

		before(async () => {
			t = await testApp(kind);
			const cb = await makeCb(t.db.db);
			c = cert(cb, { status: "suspended", statusDate: "2026-05-01", statusReason: "监督审核不合格" });
			await applyOk(t.db.db, "certificates", [c]);
		});
		after(() => t.close());

		it("renders a certificate page in Chinese, with its status, reason and holder", async () => {
			const r = await page(`/certificates/${c.number}`);
			assert.equal(r.statusCode, 200);
			assert.match(String(r.headers["content-type"]), /^text\/html; charset=utf-8/);
			assert.match(r.body, /<html lang="zh-CN">/);
			assert.match(r.body, /<span class="badge s-suspended big">暂停<\/span>/);
			assert.match(r.body, /原因：监督审核不合格/);
			assert.match(r.body, /上海华信精密仪器有限公司/);
			assert.match(r.body, /有效期至<\/dt><dd>2028年2月28日/);
		});

		it("switches to English on request and remembers it", async () => {
			const r = await page(`/certificates/${c.number}?lang=en`);
			assert.match(r.body, /<html lang="en">/);
			assert.match(r.body, /Valid until<\/dt><dd>28 Feb 2028/);
			const cookie = String(r.headers["set-cookie"]).split(";")[0]!;
			assert.equal(cookie, "lang=en");
			const next = await page("/", { cookie });
			assert.match(next.body, /<html lang="en">/);
			const back = await page("/?lang=zh-CN", { cookie });
			assert.match(back.body, /<html lang="zh-CN">/);
		});

		it("answers an unknown certificate and an unknown address with pages, and the API with JSON", async () => {
			const missing = await page("/certificates/ZZ0000000");
			assert.equal(missing.statusCode, 404);
			assert.match(missing.body, /未找到|没有/);
			const nowhere = await page("/no/such/page");
			assert.equal(nowhere.statusCode, 404);
			assert.match(nowhere.body, /页面不存在/);
			const api = await page("/api/v1/nothing");
			assert.equal(api.statusCode, 404);
			assert.equal(api.json().error.code, "ROUTE_NOT_FOUND");
		});

		it("says which search value is wrong, in the reader's language", async () => {
			const r = await page(
				`/search?q=${encodeURIComponent("华信")}&type=certificates&district=${encodeURIComponent("火星区")}`,
			);
			assert.equal(r.statusCode, 400);
			assert.match(r.body, /district：不是上海市的区/);
		});

		it("finds certificates by part of the holder's name and counts them", async () => {
			const r = await page(`/search?q=${encodeURIComponent("华信精密")}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, new RegExp(`/certificates/${c.number}\\?issuer=`));
			assert.match(r.body, /证书 \(1\)/);
		});

		it("compresses pages for browsers that accept it", async () => {
			const r = await t.app.inject({
				method: "GET",
				url: `/certificates/${c.number}`,
				headers: { accept: "text/html", "accept-encoding": "br" },
			});
			assert.equal(r.headers["content-encoding"], "br");
			assert.match(zlib.brotliDecompressSync(r.rawPayload).toString(), /暂停/);
		});
	});
}

for (const kind of DIALECTS) {
	describe(`public spot-check results and integrity files [${kind}]`, () => {
		const DEMO = "2026-SH-DEMO-01";
		const opts = { clock, actor: SYSTEM_ACTOR };
		let t: TestApp;
		const page = (url: string) => t.app.inject({ method: "GET", url, headers: { accept: "text/html" } });

		before(async () => {
			t = await testApp(kind);
			await seed(t.db.db, "demo", TODAY);
		});
		after(() => t.close());

		it("shows an order to rectify in the organisation's credit record, then its rectification", async () => {
			const task = (await publicBatch(t.db.db, DEMO)).tasks[1]!;
			assert.equal(task.result, "rectify");
			const r = await page(`/organizations/${task.object.uscc}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, /<h2 id="credit">信用记录（诚信档案）<\/h2>/);
			assert.match(r.body, /<span class="badge s-suspended">责令整改<\/span>/);
			assert.match(r.body, /双随机抽查结果/);
			assert.match(r.body, /检查发现：部分检验报告未按规定使用资质认定标志/);
			assert.match(r.body, /整改期限：2026年7月1日/);
			assert.match(r.body, new RegExp(`<a href="/spot-checks/${DEMO}">抽查批次 ${DEMO}</a>`));
			assert.match(r.body, /透明日志 #\d+/);
			assert.doesNotMatch(r.body, /该机构暂无信用记录/);

			await confirmRectification(t.db.db, DEMO, 2, { on: TODAY, note: "已补正标志使用，现场核查通过" }, opts);
			const after = await page(`/organizations/${task.object.uscc}`);
			assert.match(after.body, /已于 2026年6月1日 整改/);
			assert.doesNotMatch(after.body, /整改期限/);
			const en = await page(`/organizations/${task.object.uscc}?lang=en`);
			assert.match(en.body, /<h2 id="credit">Credit record<\/h2>/);
			assert.match(en.body, /Ordered to rectify/);
			assert.match(en.body, /Rectified on 1 Jun 2026/);
		});

		it("says so when an organisation has no credit events", async () => {
			const quiet = await t.db.db
				.selectFrom("organizations")
				.select("uscc")
				.where("kind", "=", "cb")
				.where(
					"id",
					"not in",
					t.db.db.selectFrom("credit_events").select("org_id").where("org_id", "is not", null),
				)
				.orderBy("id")
				.executeTakeFirstOrThrow();
			const r = await page(`/organizations/${quiet.uscc}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, /信用记录（诚信档案）/);
			assert.match(r.body, /该机构暂无信用记录。/);
		});

		it("describes the pool a batch was drawn from", async () => {
			const r = await page(`/spot-checks/${DEMO}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, /对象：机构；机构类型：认证机构、检验检测机构；所在区：全部；证书领域：全部/);
		});

		it("shows the certificate each task of a certificate batch inspects, escaping what the register says", async () => {
			const code = "2026-SH-QMS-CERT";
			await createBatch(
				t.db.db,
				{
					code,
					title: "2026年质量管理体系认证证书双随机抽查",
					drawDate: TODAY,
					mode: "modern",
					objects: "certificates",
					kinds: ["enterprise"],
					districts: [],
					schemes: ["QMS"],
					strata: [
						{ name: "A", count: 1 },
						{ name: "B", count: 2 },
						{ name: "C", count: 1 },
						{ name: "D", count: 1 },
					],
					exclusions: [],
					teamSize: 2,
					rules: { ...STANDARD_RULES },
					sources: [{ name: "drand quicknet", kind: "beacon", description: "drand quicknet 公开随机数" }],
				},
				opts,
			);
			await publishBatch(t.db.db, code, opts);
			await drawBatch(t.db.db, code, [{ name: "drand quicknet", value: "77aa" }], opts);
			const batch = await publicBatch(t.db.db, code);
			const task = batch.tasks.find((x) => x.team.length > 0)!;
			const number = task.object.certificate!;
			assert.ok(number);

			const findings = "<script>alert(1)</script> 证书覆盖范围与现场不符";
			await recordResult(
				t.db.db,
				code,
				task.seq,
				{ result: "fail", findings, inspectedOn: TODAY },
				{ ...opts, workdays: new Workdays() },
			);
			await publishResult(t.db.db, code, task.seq, opts);

			const r = await page(`/spot-checks/${code}`);
			assert.equal(r.statusCode, 200);
			const qms = schemeByCode("QMS")!;
			assert.match(
				r.body,
				new RegExp(`对象：证书；持证单位类型：企业；所在区：全部；证书领域：${qms.nameZh}`),
			);
			assert.ok(
				r.body.includes(
					`证书 <a class="mono" href="/certificates/${encodeURIComponent(number)}">${number}</a>`,
				),
			);
			assert.ok(r.body.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
			assert.ok(!r.body.includes("<script>alert(1)"));
			const en = await page(`/spot-checks/${code}?lang=en`);
			assert.match(en.body, /Objects: certificates; holder kinds: enterprise; districts: all/);

			const org = await page(`/organizations/${task.object.uscc}`);
			assert.match(org.body, /<span class="badge s-fail">不合格<\/span>/);
			assert.ok(
				org.body.includes(`<a href="/certificates/${encodeURIComponent(number)}">证书 ${number}</a>`),
			);
			assert.ok(org.body.includes("检查发现：&lt;script&gt;alert(1)&lt;/script&gt;"));
			assert.ok(!org.body.includes("<script>alert(1)"));
		});
	});
}
