/**
 * The portal's languages: Simplified Chinese by default, English on request. Messages live in the
 * catalogues beside this file; dates and numbers are formatted per language here.
 */
import { en } from "./en.ts";
import { type MessageKey, zhCN } from "./zh-CN.ts";

export type Lang = "zh-CN" | "en";
export const LANGS: readonly Lang[] = ["zh-CN", "en"];
export type { MessageKey };

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

/** A language tag as given (query, cookie), or null. */
export function parseLang(s: unknown): Lang | null {
	if (s === "en" || s === "en-US" || s === "en-GB") return "en";
	if (s === "zh-CN" || s === "zh" || s === "zh-Hans") return "zh-CN";
	return null;
}

/** The message for a key with {name} placeholders filled in. */
export function message(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
	return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) =>
		name in params ? String(params[name]) : `{${name}}`,
	);
}

const NUMBERS: Record<Lang, Intl.NumberFormat> = {
	"zh-CN": new Intl.NumberFormat("zh-CN"),
	en: new Intl.NumberFormat("en-GB"),
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A count with digit grouping (12,345). */
export function formatNumber(lang: Lang, n: number): string {
	return NUMBERS[lang].format(n);
}

/** A YYYY-MM-DD date as people write it: 2026年1月22日, or 22 Jan 2026. */
export function formatDate(lang: Lang, date: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
	if (!m) return date;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	return lang === "zh-CN" ? `${y}年${mo}月${d}日` : `${d} ${MONTHS[mo - 1]} ${y}`;
}

/** A code's name from a vocabulary with zh and en names. */
export function vocab(lang: Lang, info: { zh: string; en: string } | undefined, code: string): string {
	return info ? (lang === "zh-CN" ? info.zh : info.en) : code;
}
