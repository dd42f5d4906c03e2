/**
 * Dates and numbers as each language writes them: 2026年1月22日 in Chinese, 22 Jan 2026 in English;
 * numbers with grouping. Document dates (YYYY-MM-DD) are calendar dates and are shown as written,
 * never shifted by the browser's time zone; instants are shown in China time, where the register is.
 */
export type Lang = "zh-CN" | "en";

const DATE: Record<Lang, Intl.DateTimeFormat> = {
	"zh-CN": new Intl.DateTimeFormat("zh-CN", {
		year: "numeric",
		month: "long",
		day: "numeric",
		timeZone: "UTC",
	}),
	en: new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }),
};

const INSTANT: Record<Lang, Intl.DateTimeFormat> = {
	"zh-CN": new Intl.DateTimeFormat("zh-CN", {
		year: "numeric",
		month: "long",
		day: "numeric",
		hour: "2-digit",
		minute: "2-digit",
		second: "2-digit",
		hour12: false,
		timeZone: "Asia/Shanghai",
	}),
	en: new Intl.DateTimeFormat("en-GB", {
		year: "numeric",
		month: "short",
		day: "numeric",
		hour: "2-digit",
		minute: "2-digit",
		second: "2-digit",
		hour12: false,
		timeZone: "Asia/Shanghai",
	}),
};

const NUMBER: Record<Lang, Intl.NumberFormat> = {
	"zh-CN": new Intl.NumberFormat("zh-CN", { useGrouping: true }),
	en: new Intl.NumberFormat("en-GB", { useGrouping: true }),
};

/** A calendar date `YYYY-MM-DD` in the reader's language; anything else is shown as it is. */
export function formatDate(lang: Lang, date: string | null | undefined): string {
	if (!date) return "—";
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!m) return date;
	return DATE[lang].format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** An instant (UTC ISO-8601) in China time. */
export function formatInstant(lang: Lang, at: string | null | undefined): string {
	if (!at) return "—";
	const d = new Date(at);
	return Number.isNaN(d.getTime()) ? at : INSTANT[lang].format(d);
}

/** A count with grouping (12,345). */
export function formatNumber(lang: Lang, n: number): string {
	return NUMBER[lang].format(n);
}
