import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays } from "./dates.ts";
import { checkCalendar, Workdays } from "./workdays.ts";

describe("working days", () => {
	const w = new Workdays();

	it("skips weekends and public holidays, and counts the weekend days worked in their place", () => {
		assert.equal(w.isWorkday("2026-11-25"), true); // a Wednesday
		assert.equal(w.isWorkday("2026-11-28"), false); // a Saturday
		assert.equal(w.isWorkday("2026-10-05"), false); // 国庆节, a Monday
		assert.equal(w.isWorkday("2026-10-10"), true); // a Saturday worked for 国庆节
		assert.equal(w.isWorkday("2025-01-26"), true); // a Sunday worked for 春节
	});

	it("counts 20 working days across the National Day week", () => {
		// From Friday 18 September 2026: Sun 20 Sep (worked) and Sep 21–24 (5; the 25th is 中秋节),
		// Sep 28–30 (3), Oct 8, 9 and Sat 10 (worked) (3), Oct 12–16 (5), Oct 19–22 (4) = 20.
		assert.equal(w.add("2026-09-18", 20), "2026-10-22");
		// An ordinary month: 20 working days after Wednesday 4 November 2026 is Wednesday 2 December.
		assert.equal(w.add("2026-11-04", 20), "2026-12-02");
		assert.equal(w.covers("2026-01-01"), true);
		assert.equal(w.covers("2031-01-01"), false);
	});

	it("counts working days between two days as walking them would, across holidays and years", () => {
		const w = new Workdays();
		const walk = (from: string, to: string) => {
			let n = 0;
			for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (w.isWorkday(d)) n++;
			return n;
		};
		let seed = 7;
		const next = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed;
		};
		for (let i = 0; i < 400; i++) {
			const from = addDays("2024-11-01", next() % 800);
			const to = addDays(from, next() % 400);
			assert.equal(w.count(from, to), walk(from, to), `${from} → ${to}`);
			assert.equal(w.count(to, from) + walk(from, to), 0);
		}
		assert.equal(
			w.count("2026-09-30", "2026-10-08"),
			1,
			"the National Day week is off: only 8 October counts",
		);
		assert.equal(w.count("2026-09-30", w.add("2026-09-30", 20)), 20);
	});

	it("takes another year's calendar, and refuses a malformed one naming the fault", () => {
		const next = new Workdays(checkCalendar({ "2031": { holidays: ["2031-01-01"], workdays: [] } }));
		assert.equal(next.isWorkday("2031-01-01"), false);
		assert.equal(next.covers("2031-06-01"), true);
		assert.throws(
			() => checkCalendar({ "2031": { holidays: ["2030-12-31"], workdays: [] } }),
			/not a date of 2031/,
		);
		assert.throws(() => checkCalendar({ "2031": { holidays: [] } }), /2031.workdays/);
	});
});
