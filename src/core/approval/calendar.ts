/**
 * Calendar arithmetic for approval deadlines: working days counted with the injected working-day calendar
 * (src/core/workdays.ts) and whole calendar months (renewal windows, verification periods, how long a
 * material on file stays valid).
 */
import { addDays, isValidDate } from "../dates.ts";
import type { Workdays } from "../workdays.ts";

/** What the approval clocks need of the working-day calendar; pass a `Workdays` instance. */
export type WorkdayCalendar = Pick<Workdays, "add" | "isWorkday"> & Partial<Pick<Workdays, "count">>;

/**
 * Working days after `from` up to and including `to`: the inverse of `Workdays.add`, so
 * `countWorkdays(w, d, w.add(d, n)) === n`. The first day is not counted, as a period "within N working days
 * of" a day starts the next day; negative when `to` is before `from`.
 */
export function countWorkdays(w: WorkdayCalendar, from: string, to: string): number {
	// A Workdays instance counts without walking the days (a year-old application costs as little as a new one).
	if (w.count) return w.count(from, to);
	if (to < from) return -countWorkdays(w, to, from);
	let n = 0;
	for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (w.isWorkday(d)) n++;
	return n;
}

/** Adds whole calendar months (negative to go back), clamping the day to the month's last: 08-31 + 1 → 09-30. */
export function addMonths(date: string, months: number): string {
	const [y, m, d] = date.split("-").map(Number) as [number, number, number];
	const total = y * 12 + (m - 1) + months;
	const ny = Math.floor(total / 12);
	const nm = total - ny * 12;
	const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
	return `${String(ny).padStart(4, "0")}-${String(nm + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** True for a real date written YYYY-MM-DD (src/core/dates.ts). */
export function isDay(v: unknown): v is string {
	return typeof v === "string" && isValidDate(v);
}
