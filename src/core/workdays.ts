/**
 * China's working-day calendar: weekends off, public holidays off, and the weekend days worked in their
 * place (调休), per year as the State Council's annual notice on holiday arrangements sets them. Deadlines
 * counted in working days (a spot-check result is published within 20 working days) use it.
 *
 * The years shipped are below; a deployment adds or corrects years with OPENTIC_WORKDAY_CALENDAR (a JSON
 * file of the same shape). A year that no calendar covers counts weekends only, and `covers` says so.
 */

export interface YearCalendar {
	/** Days off that would otherwise be working days (and holidays falling on weekends, harmlessly). */
	holidays: string[];
	/** Weekend days that are working days. */
	workdays: string[];
}

export type WorkdayCalendar = Record<string, YearCalendar>;

const span = (from: string, days: number): string[] => {
	const out: string[] = [];
	const d = new Date(`${from}T00:00:00Z`);
	for (let i = 0; i < days; i++) {
		out.push(d.toISOString().slice(0, 10));
		d.setUTCDate(d.getUTCDate() + 1);
	}
	return out;
};

/**
 * 国务院办公厅关于2025年部分节假日安排的通知 and 关于2026年部分节假日安排的通知
 * (2025-11-04, published by Xinhua), day by day.
 */
export const CHINA_CALENDAR: WorkdayCalendar = {
	"2025": {
		holidays: [
			"2025-01-01",
			...span("2025-01-28", 8), // 春节
			...span("2025-04-04", 3), // 清明节
			...span("2025-05-01", 5), // 劳动节
			...span("2025-05-31", 3), // 端午节
			...span("2025-10-01", 8), // 国庆节、中秋节
		],
		workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
	},
	"2026": {
		holidays: [
			...span("2026-01-01", 3), // 元旦
			...span("2026-02-15", 9), // 春节
			...span("2026-04-04", 3), // 清明节
			...span("2026-05-01", 5), // 劳动节
			...span("2026-06-19", 3), // 端午节
			...span("2026-09-25", 3), // 中秋节
			...span("2026-10-01", 7), // 国庆节
		],
		workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
	},
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (not 2027-13-01 or 2027-02-30). */
function isDate(d: unknown): d is string {
	if (typeof d !== "string" || !DATE.test(d)) return false;
	const t = new Date(`${d}T00:00:00Z`);
	return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

/** Checks a calendar's shape (for one read from a file); throws naming the year and the rule. */
export function checkCalendar(c: unknown): WorkdayCalendar {
	if (typeof c !== "object" || c === null || Array.isArray(c))
		throw new Error("calendar: must be an object of years");
	for (const [year, v] of Object.entries(c as Record<string, unknown>)) {
		if (!/^\d{4}$/.test(year)) throw new Error(`calendar: "${year}" is not a year`);
		const y = v as Partial<YearCalendar>;
		for (const k of ["holidays", "workdays"] as const) {
			if (!Array.isArray(y?.[k])) throw new Error(`calendar ${year}.${k}: must be a list of dates`);
			for (const d of y[k]!)
				if (!isDate(d) || !d.startsWith(year))
					throw new Error(`calendar ${year}.${k}: "${String(d)}" is not a date of ${year}`);
		}
	}
	return c as WorkdayCalendar;
}

export class Workdays {
	#off = new Set<string>();
	#on = new Set<string>();
	#years: Set<string>;
	/** Days off falling on Monday to Friday, and weekend days worked, sorted: what `count` corrects for. */
	#offWeekdays: string[];
	#onWeekends: string[];

	constructor(calendar: WorkdayCalendar = CHINA_CALENDAR) {
		for (const y of Object.values(calendar)) {
			for (const d of y.holidays) this.#off.add(d);
			for (const d of y.workdays) this.#on.add(d);
		}
		this.#years = new Set(Object.keys(calendar));
		const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
		this.#offWeekdays = [...this.#off].filter((d) => !this.#on.has(d) && !weekend(d)).sort();
		this.#onWeekends = [...this.#on].filter(weekend).sort();
	}

	/** Whether the calendar knows the year's holidays (otherwise only weekends count). */
	covers(date: string): boolean {
		return this.#years.has(date.slice(0, 4));
	}

	isWorkday(date: string): boolean {
		if (this.#on.has(date)) return true;
		if (this.#off.has(date)) return false;
		const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
		return dow !== 0 && dow !== 6;
	}

	/**
	 * Working days after `from` up to and including `to` (negative when `to` is earlier): the inverse of
	 * `add`. Counted without walking the days — Monday to Friday by arithmetic, then the holidays on weekdays
	 * and the weekend days worked in the range — so a year-long span costs as little as a week.
	 */
	count(from: string, to: string): number {
		if (!isDate(from) || !isDate(to)) throw new Error(`not a date: ${isDate(from) ? to : from}`);
		if (to < from) return -this.count(to, from);
		return (
			weekdaysThrough(dayNumber(to)) -
			weekdaysThrough(dayNumber(from)) -
			inRange(this.#offWeekdays, from, to) +
			inRange(this.#onWeekends, from, to)
		);
	}

	/** The n-th working day after `date` (the day itself not counted). */
	add(date: string, n: number): string {
		if (!isDate(date)) throw new Error(`not a date: ${date}`);
		const d = new Date(`${date}T00:00:00Z`);
		let left = n;
		while (left > 0) {
			d.setUTCDate(d.getUTCDate() + 1);
			if (this.isWorkday(d.toISOString().slice(0, 10))) left--;
		}
		return d.toISOString().slice(0, 10);
	}
}

/** Days since 1970-01-01 (a Thursday). */
function dayNumber(date: string): number {
	return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** Mondays to Fridays among days 0…n since 1970-01-01 (n ≥ -1). */
function weekdaysThrough(n: number): number {
	const days = n + 1;
	const weeks = Math.floor(days / 7);
	let count = weeks * 5;
	// The days left over start on a Thursday again (day 7k).
	for (let i = 0; i < days - weeks * 7; i++) if (![0, 6].includes((4 + i) % 7)) count++;
	return count;
}

/** How many of the sorted days fall after `from` and on or before `to`. */
function inRange(sorted: readonly string[], from: string, to: string): number {
	const firstAfter = (d: string) => {
		let lo = 0;
		let hi = sorted.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (sorted[mid]! <= d) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	};
	return firstAfter(to) - firstAfter(from);
}
