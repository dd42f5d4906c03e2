/** "Find a lab": labs qualified by their capability lists, on both backends. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { indexAll } from "../src/server/db/search-index.ts";
import { type Json, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, makeLab } from "./helpers/factories.ts";

const enc = encodeURIComponent;

for (const kind of DIALECTS) {
	describe(`find a lab [${kind}]`, () => {
		let t: TestApp;
		let pudong: { uscc: string; cma: string };
		let xuhui: { uscc: string; cma: string };
		let expired: { uscc: string; cma: string };
		const find = async (params: Record<string, string>): Promise<Json> => {
			const q = Object.entries(params)
				.map(([k, v]) => `${k}=${enc(v)}`)
				.join("&");
			const r = await t.get(`/api/v1/labs?${q}`);
			assert.equal(r.status, 200, JSON.stringify(r.body));
			return r.body;
		};
		const cable = (cma: string, over: Record<string, string> = {}) => ({
			cmaNumber: cma,
			field: "电线电缆",
			product: "电线电缆",
			parameter: "导体电阻",
			standard: "GB/T 3048.4-2007",
			...over,
		});

		before(async () => {
			t = await testApp(kind);
			pudong = await makeLab(t.db.db, { name: "上海浦江检测技术有限公司", district: "310115" });
			xuhui = await makeLab(t.db.db, { name: "上海徐汇检测技术有限公司", district: "310104" });
			expired = await makeLab(t.db.db, { name: "上海旧证检测技术有限公司", district: "310115" });
			await applyOk(t.db.db, "qualifications", [
				{
					type: "cma",
					number: expired.cma,
					orgUscc: expired.uscc,
					validFrom: "2018-01-01",
					validUntil: "2024-12-31",
				},
			]);
			await applyOk(t.db.db, "capabilities", [
				cable(pudong.cma),
				cable(xuhui.cma),
				cable(xuhui.cma, { parameter: "绝缘电阻", standard: "GB/T 3048.5-2007" }),
				cable(expired.cma),
				cable(pudong.cma, {
					product: "家用电器",
					parameter: "导体电阻测试（电器）",
					standard: "GB 4706.1-2005",
					status: "withdrawn",
				}),
			]);
			await indexAll(t.db.db);
		});
		after(() => t.close());

		it("finds the labs whose capability list has a matching active row under a valid CMA", async () => {
			const r = await find({ product: "电线", parameter: "导体电阻" });
			assert.deepEqual(
				r.items.map((l: Json) => l.uscc).sort(),
				[pudong.uscc, xuhui.uscc].sort(),
				"not the lab whose CMA has expired",
			);
			const x = r.items.find((l: Json) => l.uscc === xuhui.uscc);
			assert.deepEqual(x.cma, { number: xuhui.cma, validUntil: "2028-12-31" });
			assert.equal(x.matchingCapabilities, 1);
			assert.deepEqual(x.examples, [
				{ product: "电线电缆", parameter: "导体电阻", standard: "GB/T 3048.4-2007", limitation: null },
			]);
		});

		it("puts labs in the chosen district first, then those with more matching rows", async () => {
			const near = await find({ product: "电线电缆", district: "浦东新区" });
			assert.deepEqual(
				near.items.map((l: Json) => [l.uscc, l.inDistrict, l.matchingCapabilities]),
				[
					[pudong.uscc, true, 1],
					[xuhui.uscc, false, 2],
				],
			);
			const anywhere = await find({ product: "电线电缆" });
			assert.deepEqual(
				anywhere.items.map((l: Json) => l.uscc),
				[xuhui.uscc, pudong.uscc],
			);
		});

		it("matches each field in its own column, and ignores withdrawn rows", async () => {
			assert.equal((await find({ product: "导体电阻" })).total, 0, "a parameter is not a product");
			assert.deepEqual(
				(await find({ standard: "3048.5" })).items.map((l: Json) => l.uscc),
				[xuhui.uscc],
			);
			assert.equal((await find({ product: "家用电器" })).total, 0, "withdrawn rows qualify nobody");
		});

		it("names the field when a district is unknown", async () => {
			const r = await t.get(`/api/v1/labs?product=${enc("电线")}&district=${enc("火星区")}`);
			assert.deepEqual(
				[r.status, r.body.error.code, r.body.error.field],
				[400, "DISTRICT_UNKNOWN", "district"],
			);
		});
	});
}
