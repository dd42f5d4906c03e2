/** The frame every portal page shares: head with inlined styles, header, language switch, footer. */
import fs from "node:fs";
import path from "node:path";
import { webEntry } from "../web/web-build.ts";
import { type Html, html, trusted } from "./html.ts";
import { type Lang, type MessageKey, message } from "./i18n/index.ts";

const CSS_FILE = path.resolve(import.meta.dirname, "../../web/portal/portal.css");
/** The stylesheet, comments and indentation stripped; inlined so the first paint needs one request. */
const CSS = fs
	.readFileSync(CSS_FILE, "utf8")
	.replace(/\/\*[\s\S]*?\*\//g, "")
	.replace(/\s*\n\s*/g, "")
	.replace(/\s*([{};:,>])\s*/g, "$1");
const ICON =
	"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%230b4f9c'/%3E%3Cpath d='M9 16.5l5 5 9-11' stroke='white' stroke-width='3.5' fill='none'/%3E%3C/svg%3E";

/** What a page needs to know about the request it answers. */
export interface PageContext {
	lang: Lang;
	/** The request's path and query, for the language switch. */
	url: string;
	t: (key: MessageKey, params?: Record<string, string | number>) => string;
}

export function pageContext(lang: Lang, url: string): PageContext {
	return { lang, url, t: (key, params) => message(lang, key, params) };
}

/** The same address in the other language. */
function otherLanguage(ctx: PageContext): string {
	const u = new URL(ctx.url, "http://x");
	u.searchParams.set("lang", ctx.lang === "zh-CN" ? "en" : "zh-CN");
	return `${u.pathname}${u.search}`;
}

/** A whole page. `title` is the page's own title (the site name is added). */
export function page(ctx: PageContext, title: string, body: Html, opts: { description?: string } = {}): Html {
	const { t } = ctx;
	const script = webEntry("portal/portal.ts");
	const current = new URL(ctx.url, "http://x").pathname;
	const navItem = (href: string, key: MessageKey) =>
		html`<li><a href="${href}"${current === href ? trusted(' aria-current="page"') : ""}>${t(key)}</a></li>`;
	return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t("site.short")}</title>
<meta name="description" content="${opts.description ?? t("site.tagline")}">
<link rel="icon" href="${ICON}">
<style>${trusted(CSS)}</style>
${script ? html`<script type="module" src="/static/${script.file}"></script>` : ""}
</head>
<body>
<a class="skip" href="#main">${t("nav.skip")}</a>
<header class="top">
<div class="wrap">
<a class="brand" href="/"><span>${t("site.short")}</span><small>${ctx.lang === "zh-CN" ? "检验检测认证公共信息平台" : "public TIC register"}</small></a>
<nav class="main" aria-label="${t("nav.home")}"><ul>
${navItem("/search", "nav.search")}
${navItem("/labs", "nav.labs")}
${navItem("/verify", "nav.verify")}
${navItem("/spot-checks", "nav.spot")}
${navItem("/alerts", "nav.alerts")}
${navItem("/docs", "nav.api")}
${navItem("/console/", "nav.console")}
<li><a href="${otherLanguage(ctx)}" lang="${ctx.lang === "zh-CN" ? "en" : "zh-CN"}" hreflang="${ctx.lang === "zh-CN" ? "en" : "zh-CN"}" aria-label="${t("lang.switchLabel")}">${t("lang.switch")}</a></li>
</ul></nav>
</div>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="bottom">
<div class="wrap">
<p>${t("footer.about")}</p>
<p><a href="/api/v1/openapi.json">${t("footer.data")}</a> · <a href="/docs">${t("footer.docs")}</a> · <a href="/statistics">${t("pstats.title")}</a> · <a href="/open-data/">${t("opendata.title")}</a></p>
</div>
</footer>
</body>
</html>
`;
}
