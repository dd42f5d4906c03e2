import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkUscc, completeUscc, isValidUscc, orgCodeCheck, usccCheck } from "./uscc.ts";

describe("USCC (GB 32100 / GB 11714)", () => {
	it("accepts the worked example of the standard", () => {
		const r = checkUscc("91350100M000100Y43");
		assert.equal(r.valid, true);
		assert.equal(usccCheck("91350100M000100Y4"), "3");
		assert.equal(orgCodeCheck("M000100Y"), "4");
	});

	it("refuses a wrong mod-31 check character and says which it should be", () => {
		const r = checkUscc("91350100M000100Y42");
		assert.equal(r.valid, false);
		if (r.valid) return;
		assert.equal(r.failure, "CHECK");
		assert.match(r.messageEn, /should be '3'/);
		assert.match(r.messageZh, /第18位/);
	});

	it("refuses a wrong organisation-code check character (position 17)", () => {
		const r = checkUscc("91350100M000100Y53");
		assert.equal(r.valid, false);
		if (!r.valid) assert.equal(r.failure, "ORG_CHECK");
	});

	it("refuses the letters I, O, Z, S, V, wrong lengths and structure", () => {
		const cases: [string, string][] = [
			["91350100M000100Y4Z", "CHARSET"],
			["91350100M000100Y4", "LENGTH"],
			["", "EMPTY"],
			["9135010AM000100Y43", "STRUCTURE"],
		];
		for (const [code, failure] of cases) {
			const r = checkUscc(code);
			assert.equal(r.valid, false, code);
			if (!r.valid) assert.equal(r.failure, failure, code);
		}
	});

	it("normalises case and surrounding spaces but nothing else", () => {
		const r = checkUscc("  91350100m000100y43 ");
		assert.equal(r.valid, true);
		assert.equal(r.code, "91350100M000100Y43");
	});

	it("accepts real published codes, letters in the organisation body included", () => {
		// Codes found online, as listed in python-stdnum's tests (tests/test_cn_uscc.doctest). The ones
		// with letters in positions 9–16 pass only with GB 11714 values A=10 … Z=35.
		const real = [
			"121200004013590816",
			"91110000600037341L",
			"9144030071526726XG",
			"91310115MA1K3BTP2B",
			"91340600MA2PBM9HXD",
			"91340603MA2UJXXCXF",
			"91620105L015101280",
			"91620105MA73NBBLXE",
			"92340603MA2UJXYJ3P",
			"92340621MA2PBKRXXG",
			"92340621MA2UK3PJXE",
		];
		for (const code of real) assert.equal(isValidUscc(code), true, code);
		assert.equal(isValidUscc("91110000600037341N"), false);
	});

	it("completes any 16-character prefix to a valid code", () => {
		for (const p of ["91310115MA1ABCDE", "12310000MA0XY012", "11310101MA000001"])
			assert.equal(isValidUscc(completeUscc(p)), true, p);
	});

	it("warns, without refusing, on an unknown authority/category pair", () => {
		const code = completeUscc("Y9310115MA1ABCDE");
		const r = checkUscc(code);
		assert.equal(r.valid, true);
		if (r.valid) assert.equal(r.warnings.length, 1);
	});
});
