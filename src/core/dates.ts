/**
 * Calendar dates and instants. Dates on certificates and reports are Chinese calendar dates
 * (`YYYY-MM-DD`, China Standard Time, UTC+8, no daylight saving); instants are UTC ISO-8601 strings with
 * milliseconds (`2026-11-25T09:30:00.000Z`). Both are stored as these strings on every backend, so
 * they sort and compare the same way everywhere.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** True for a real calendar date written YYYY-MM-DD between 1949-10-01 and 2199-12-31. */
export function isValidDate(s: string): boolean {
	const m = DATE.exec(s);
	if (!m) return false;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	if (y < 1949 || y > 2199 || mo < 1 || mo > 12 || d < 1) return false;
	return d <= daysInMonth(y, mo);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
	if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
	return DAYS[m - 1]!;
}

/** The Chinese calendar date (UTC+8) of an instant. */
export function chinaDate(at: Date): string {
	const t = at.getTime() + CST_OFFSET_MS;
	// Asked on every request, nearly always for the same day as the last time.
	if (t >= dayFrom && t < dayFrom + 86_400_000) return dayText;
	const text = new Date(t).toISOString().slice(0, 10);
	dayFrom = Math.floor(t / 86_400_000) * 86_400_000;
	dayText = text;
	return text;
}
let dayFrom = Number.NaN;
let dayText = "";

/** An instant as stored: UTC ISO-8601 with milliseconds. */
export function isoInstant(at: Date): string {
	return at.toISOString();
}

/** Adds whole days to a date. */
export function addDays(date: string, days: number): string {
	const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}

/** Adds whole years, clamping 29 February to 28 February in common years. */
export function addYears(date: string, years: number): string {
	const y = Number(date.slice(0, 4)) + years;
	const m = Number(date.slice(5, 7));
	const d = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
	return `${String(y).padStart(4, "0")}-${date.slice(5, 7)}-${String(d).padStart(2, "0")}`;
}

/** Whole days from a to b (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A source of the current time, injected so that expiry, deadlines and tests are reproducible. */
export interface Clock {
	now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at one instant (tests, reproducible seeding). */
export function fixedClock(at: Date | string): Clock {
	const t = typeof at === "string" ? new Date(at) : at;
	return { now: () => new Date(t.getTime()) };
}
