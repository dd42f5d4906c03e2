import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CapabilityRow } from "./application.ts";
import { excludedRows, STATUTORY_EXCLUSIONS } from "./exclusions.ts";

const row = (product: string, standard: string, field = "食品"): CapabilityRow => ({
	field,
	product,
	parameter: "蛋白质",
	standard,
});

describe("fields excluded from the commitment path (国发〔2021〕7号)", () => {
	it("finds special foods and medical devices by their field or product text, naming the rule", () => {
		const rows = [
			row("食用植物油", "GB 2716-2018"),
			row("保健食品（软胶囊）", "GB 5009.5-2016"),
			row("婴幼儿配方乳粉", "GB 5009.5-2016"),
			row("特殊医学用途配方食品", "GB 5009.5-2016"),
			row("一次性使用无菌注射器", "GB 15810-2019", "医疗器械"),
			row("Infant Formula", "AOAC 2011.25", "food"),
		];
		const hits = excludedRows(rows, STATUTORY_EXCLUSIONS);
		assert.deepEqual(
			hits.map((h) => [h.index, h.rule.id, h.matched.on]),
			[
				[1, "special_food_health", "product"],
				[2, "special_food_infant", "product"],
				[3, "special_food_medical", "product"],
				[4, "medical_device", "field"],
				[5, "special_food_infant", "product"],
			],
		);
		assert.match(hits[0]!.rule.basisZh, /国发〔2021〕7号/);
		assert.equal(hits[0]!.rule.zh, "特殊食品（保健食品）");
	});

	it("finds rows by their standard: YY and YY/T, a GB standard and its parts, in any width", () => {
		const rows = [
			row("电子体温计", "YY/T 0316-2016", "电子电器"),
			row("医用口罩", "ＹＹ　０４６９－２０１１", "纺织品"),
			row("电源", "GB 9706.1-2020", "电子电器"),
			row("奶粉", "GB 10765-2021", "食品"),
			row("电源", "GB 97060-2020", "电子电器"),
			row("纸张", "YYZ 1-2000", "纸"),
			row("电源", "GB/T 9706-2020", "电子电器"),
		];
		const hits = excludedRows(rows, STATUTORY_EXCLUSIONS);
		assert.deepEqual(
			hits.map((h) => [h.index, h.rule.id, h.matched.on, h.matched.text]),
			[
				[0, "medical_device", "standard", "YY"],
				[1, "medical_device", "standard", "YY"],
				[2, "medical_device", "standard", "GB 9706"],
				[3, "special_food_infant", "standard", "GB 10765"],
				[6, "medical_device", "standard", "GB 9706"],
			],
		);
	});

	it("returns nothing when every row may take the commitment path", () => {
		assert.deepEqual(
			excludedRows(
				[row("水泥", "GB/T 17671-2021", "建筑材料"), row("普通食品 蛋白质", "GB 5009.5-2016")],
				STATUTORY_EXCLUSIONS,
			),
			[],
		);
	});
});
