/** The public portal's pages through the HTTP stack (the browser tests drive them in Chromium). */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb } from "./helpers/factories.ts";

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
