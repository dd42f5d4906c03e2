/**
 * The console's language: Chinese by default, English on request. The choice is remembered in
 * localStorage and announced on <html lang> so screen readers and fonts follow it; antd's and dayjs's
 * own texts switch with it.
 */
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en } from "./en.ts";
import { formatDate, formatInstant, formatNumber, type Lang } from "./format.ts";
import { type MessageKey, zhCN } from "./zh-CN.ts";

export type { Lang, MessageKey };

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };
const STORAGE_KEY = "opentic.console.lang";

/** Values substituted into `{name}` placeholders. */
export type Vars = Record<string, string | number>;

function readStoredLang(): Lang {
	try {
		return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh-CN";
	} catch {
		return "zh-CN";
	}
}

/** A message in a language, with its placeholders filled. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
	const text = CATALOGUES[lang][key] ?? zhCN[key] ?? key;
	return vars
		? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
		: text;
}

export interface I18n {
	lang: Lang;
	setLang(lang: Lang): void;
	t(key: MessageKey, vars?: Vars): string;
	/** The name in the reader's language of something named in both (`{zh, en}`). */
	name(v: { zh: string; en: string } | undefined, fallback?: string): string;
	date(d: string | null | undefined): string;
	instant(at: string | null | undefined): string;
	number(n: number): string;
	/** An API error's or a row problem's message in the reader's language. */
	message(m: { messageZh: string; messageEn?: string; message?: string }): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
	const [lang, setLangState] = useState<Lang>(readStoredLang);
	useEffect(() => {
		document.documentElement.lang = lang;
		dayjs.locale(lang === "zh-CN" ? "zh-cn" : "en");
	}, [lang]);
	const setLang = useCallback((l: Lang) => {
		try {
			localStorage.setItem(STORAGE_KEY, l);
		} catch {
			// Private browsing may refuse storage; the choice then lasts for this visit only.
		}
		setLangState(l);
	}, []);
	const value = useMemo<I18n>(
		() => ({
			lang,
			setLang,
			t: (key, vars) => translate(lang, key, vars),
			name: (v, fallback = "—") => (v ? (lang === "zh-CN" ? v.zh : v.en) : fallback),
			date: (d) => formatDate(lang, d),
			instant: (at) => formatInstant(lang, at),
			number: (n) => formatNumber(lang, n),
			message: (m) => (lang === "zh-CN" ? m.messageZh : (m.messageEn ?? m.message ?? m.messageZh)),
		}),
		[lang, setLang],
	);
	return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** Everything language-dependent: messages, names, dates, numbers. */
export function useI18n(): I18n {
	const v = useContext(I18nContext);
	if (!v) throw new Error("useI18n outside I18nProvider");
	return v;
}

/** The message function alone. */
export function useT(): I18n["t"] {
	return useI18n().t;
}
