import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	type ApprovalConfig,
	approvalConfigProblems,
	checkApprovalConfig,
	DEFAULT_APPROVAL_CONFIG,
	STATUTORY_LIMITS,
} from "./config.ts";
import { ApprovalError } from "./errors.ts";

const shanghai = (): ApprovalConfig => ({
	...structuredClone(DEFAULT_APPROVAL_CONFIG),
	version: "2026.2",
	note: "上海缩短时限：受理3日，决定10日，发证5日",
	limits: { acceptance: 3, technicalReview: 30, correction: 30, decision: 10, issue: 5 },
});

describe("the approval configuration", () => {
	it("ships the statutory limits, frozen, and passes its own check", () => {
		assert.deepEqual(DEFAULT_APPROVAL_CONFIG.limits, {
			acceptance: 5,
			technicalReview: 45,
			correction: 30,
			decision: 20,
			issue: 10,
		});
		assert.equal(DEFAULT_APPROVAL_CONFIG.verificationMonths, 3);
		assert.deepEqual(approvalConfigProblems(DEFAULT_APPROVAL_CONFIG), []);
		assert.ok(Object.isFrozen(DEFAULT_APPROVAL_CONFIG.limits));
		assert.ok(Object.isFrozen(DEFAULT_APPROVAL_CONFIG.commitmentExclusions[0]!.terms));
	});

	it("takes shortened limits, and returns a frozen copy", () => {
		const input = shanghai();
		const c = checkApprovalConfig(input);
		assert.equal(c.limits.decision, 10);
		assert.ok(Object.isFrozen(c.limits));
		input.limits.decision = 1;
		assert.equal(c.limits.decision, 10, "the checked configuration is a copy");
	});

	it("refuses a limit lengthened past the statute, naming the field, and lists every problem at once", () => {
		const bad = {
			...shanghai(),
			version: "v2",
			limits: { ...STATUTORY_LIMITS, decision: 25, acceptance: 0 },
			verificationMonths: 6,
			renewal: { dueMonthsBefore: 3, opensMonthsBefore: 2 },
		};
		const fields = approvalConfigProblems(bad).map((p) => p.field);
		assert.deepEqual(fields, [
			"version",
			"limits.acceptance",
			"limits.decision",
			"verificationMonths",
			"renewal.opensMonthsBefore",
		]);
		assert.throws(
			() => checkApprovalConfig(bad),
			(e: unknown) =>
				e instanceof ApprovalError &&
				e.code === "APPROVAL_CONFIG_INVALID" &&
				e.field === "version" &&
				e.problems.length === 5 &&
				/limits\.decision: a whole number of working days from 1 to 20/.test(e.en) &&
				/许可决定时限/.test(e.zh),
		);
		assert.deepEqual(approvalConfigProblems(null)[0]!.field, "config");
	});

	it("lets a regulator add an excluded field, never drop or narrow a statutory one", () => {
		const more = shanghai();
		more.commitmentExclusions.push({
			id: "motor_vehicle_safety",
			zh: "机动车安全技术检验",
			en: "motor-vehicle safety inspection",
			basisZh: "本市规定",
			basisEn: "a municipal rule",
			terms: ["机动车安全技术检验"],
			standards: ["GB 38900"],
		});
		assert.deepEqual(approvalConfigProblems(more), []);
		const dropped = shanghai();
		dropped.commitmentExclusions = dropped.commitmentExclusions.filter((r) => r.id !== "medical_device");
		assert.match(approvalConfigProblems(dropped)[0]!.messageEn, /"medical devices" may not be dropped/);
		const narrowed = shanghai();
		narrowed.commitmentExclusions[3]!.standards = ["GB 9706"];
		assert.equal(approvalConfigProblems(narrowed)[0]!.field, "commitmentExclusions");
		const dup = shanghai();
		dup.commitmentExclusions.push({ ...dup.commitmentExclusions[0]! });
		assert.equal(approvalConfigProblems(dup)[0]!.field, "commitmentExclusions[4].id");
	});
});
