import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CapabilityRow } from "./application.ts";
import { ApprovalError } from "./errors.ts";
import { act, applicant, draft, drive, OTHER_LAB, officer, ROWS, reviewer, submission } from "./fixtures.ts";
import { capabilityKey, planJointReview } from "./joint-review.ts";
import type { Application, NewApplication } from "./workflow.ts";

const [A, B] = ROWS as [CapabilityRow, CapabilityRow];
const C: CapabilityRow = { field: "纺织品", product: "服装", parameter: "pH值", standard: "GB/T 7573-2025" };
const D: CapabilityRow = {
	field: "食品",
	product: "食用植物油",
	parameter: "酸价",
	standard: "GB 5009.229-2016",
};
/** Row B as another application writes it: full-width letters, other spaces. */
const B2: CapabilityRow = {
	field: " 纺织品",
	product: "服装 ",
	parameter: "甲醛含量",
	standard: "ＧＢ／Ｔ  2912.1-2009",
};

/** A draft submitted on 14 Sep and accepted on 16 Sep 2026. */
function accepted(over: Partial<NewApplication>): Application {
	const a = draft(over);
	return drive(a, [
		[submission(a, "2026-09-14"), applicant, "2026-09-14"],
		[{ action: "accept" }, officer, "2026-09-16"],
	]);
}

describe("joint review (联合评审): one assessment, each content once", () => {
	const extension = accepted({
		number: "EXT-1",
		type: "extension",
		capabilities: [A, B],
		signatories: ["P00000012"],
	});
	const standard = act(
		accepted({ number: "CHG-STD", type: "change", changes: ["standard"], capabilities: [B2, C] }),
		{ action: "start_review", team: [reviewer.id] },
		officer,
		"2026-09-17",
	);
	const signatory = accepted({
		number: "CHG-SIG",
		type: "change",
		changes: ["signatory"],
		signatories: ["P00000012", "P00000013"],
	});
	const food = accepted({ number: "FOOD-1", type: "initial", permit: "food", capabilities: [D] });
	const paper = accepted({ number: "CHG-NAME", type: "change", changes: ["name"] });
	const assessing = drive(accepted({ number: "EXT-2", type: "extension" }), [
		[{ action: "start_review", team: [reviewer.id] }, officer, "2026-09-17"],
		[{ action: "start_assessment", mode: "onsite" }, reviewer, "2026-09-18"],
	]);
	const commitment = accepted({ number: "INIT-C", type: "initial", path: "commitment" });

	const plan = planJointReview([extension, standard, signatory, food, paper, assessing, commitment]);

	it("joins the applications awaiting assessment and says why the others cannot join", () => {
		assert.equal(plan.joint, true);
		assert.deepEqual(plan.joined, ["EXT-1", "CHG-STD", "CHG-SIG", "FOOD-1"]);
		assert.deepEqual(
			plan.left.map((l) => [l.number, l.code]),
			[
				["CHG-NAME", "NO_REVIEW"],
				["EXT-2", "STEP"],
				["INIT-C", "NO_REVIEW"],
			],
		);
	});

	it("assesses the same capability row once, however it is written, for every application it serves", () => {
		const caps = plan.items.filter((i) => i.kind === "capability");
		assert.equal(caps.length, 4, "A, B, C and D: B applied for twice is assessed once");
		const b = caps.find((i) => i.key === capabilityKey(B))!;
		assert.equal(capabilityKey(B2), capabilityKey(B));
		assert.deepEqual(b.applications, ["EXT-1", "CHG-STD"]);
		assert.deepEqual(b.capability, B);
		assert.deepEqual(caps.find((i) => i.key === capabilityKey(D))!.applications, ["FOOD-1"]);
	});

	it("assesses each management-system element and signatory once, and a permit's special requirements", () => {
		const of = (kind: string) =>
			plan.items.filter((i) => i.kind === kind).map((i) => [i.key, i.applications.join(",")]);
		assert.deepEqual(of("element"), [
			["organisation", "FOOD-1"],
			["personnel", "EXT-1,CHG-SIG,FOOD-1"],
			["premises", "FOOD-1"],
			["equipment", "EXT-1,FOOD-1"],
			["management_system", "EXT-1,CHG-STD,FOOD-1"],
		]);
		assert.deepEqual(of("special_requirements"), [["food", "FOOD-1"]]);
		assert.deepEqual(of("signatory"), [
			["P00000012", "EXT-1,CHG-SIG"],
			["P00000013", "CHG-SIG"],
		]);
		const ids = plan.items.map((i) => `${i.kind}:${i.key}`);
		assert.equal(new Set(ids).size, ids.length, "no content twice");
	});

	it("is not joint for one application, and refuses applications of more than one lab", () => {
		assert.equal(planJointReview([extension]).joint, false);
		const other = { ...food, number: "OTHER-1", labUscc: OTHER_LAB };
		assert.throws(
			() => planJointReview([extension, other]),
			(e: unknown) =>
				e instanceof ApprovalError && e.code === "APPROVAL_JOINT_MIXED_LABS" && /OTHER-1/.test(e.en),
		);
		assert.throws(() => planJointReview([]), ApprovalError);
	});
});
