import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addMonths, countWorkdays } from "./calendar.ts";
import { workdays as w } from "./fixtures.ts";

describe("counting working days", () => {
	it("is the inverse of Workdays.add, across 中秋节 and the National Day week with its make-up days", () => {
		// Fri 18 Sep 2026 + 20 working days = Thu 22 Oct (workdays.test.ts spells the days out).
		assert.equal(countWorkdays(w, "2026-09-18", "2026-10-22"), 20);
		for (const [from, n] of [
			["2026-09-18", 20],
			["2026-09-24", 3],
			["2026-09-30", 1],
			["2026-10-09", 2],
			["2026-02-13", 5],
		] as const)
			assert.equal(countWorkdays(w, from, w.add(from, n)), n, `${from} + ${n}`);
	});

	it("does not count the first day, counts the last when it is a working day, and counts backwards negative", () => {
		assert.equal(countWorkdays(w, "2026-11-25", "2026-11-25"), 0);
		assert.equal(countWorkdays(w, "2026-11-25", "2026-11-26"), 1);
		assert.equal(countWorkdays(w, "2026-11-27", "2026-11-29"), 0, "Friday to Sunday: the weekend is off");
		assert.equal(countWorkdays(w, "2026-09-30", "2026-10-07"), 0, "the National Day week is off");
		assert.equal(countWorkdays(w, "2026-10-09", "2026-10-11"), 1, "Saturday 10 October is worked");
		assert.equal(countWorkdays(w, "2026-10-22", "2026-09-18"), -20);
	});
});

describe("adding calendar months", () => {
	it("keeps the day, clamps to the month's end, and goes back across years", () => {
		assert.equal(addMonths("2026-09-16", 3), "2026-12-16");
		assert.equal(addMonths("2026-11-30", 3), "2027-02-28");
		assert.equal(addMonths("2027-11-30", 3), "2028-02-29");
		assert.equal(addMonths("2027-03-31", -3), "2026-12-31");
		assert.equal(addMonths("2027-05-31", -3), "2027-02-28");
		assert.equal(addMonths("2026-01-15", -13), "2024-12-15");
	});
});
