/** "Find a lab": labs whose capability lists cover a test, nearest district first. */
import { DISTRICTS } from "../../../core/reference/districts.ts";
import type { LabMatch } from "../../labs/labs.service.ts";
import { type Html, html, query } from "../html.ts";
import { formatNumber } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import { date, districtName, organizationHref, pager, select } from "./components.ts";

export interface LabParams {
	product: string;
	parameter: string;
	standard: string;
	district?: string;
	page: number;
}

function href(p: LabParams, pageNo: number): string {
	return `/labs${query({ product: p.product, parameter: p.parameter, standard: p.standard, district: p.district, page: pageNo > 1 ? pageNo : undefined })}`;
}

export function labsPage(
	ctx: PageContext,
	p: LabParams,
	found: { items: LabMatch[]; total: number; pageSize: number } | null,
	problem?: string,
): Html {
	const { t, lang } = ctx;
	const input = (name: "product" | "parameter" | "standard") =>
		html`<div><label for="l-${name}">${t(`labs.${name}`)}</label><input type="text" id="l-${name}" name="${name}" value="${p[name]}" maxlength="100" placeholder="${t(`labs.${name}Placeholder`)}"></div>`;
	let results: Html = html``;
	if (problem) results = html`<p class="notice" role="alert">${problem}</p>`;
	else if (found)
		results = html`<p role="status"><strong>${t("labs.count", { n: formatNumber(lang, found.total) })}</strong></p>
${
	found.items.length === 0
		? html`<p class="notice">${t("labs.noResults")}</p>`
		: html`<ol class="results">${found.items.map(
				(l) => html`<li>
<div class="head"><a class="title" href="${organizationHref(l.uscc)}#capabilities">${l.name}</a><span class="muted">${districtName(ctx, l.district)}</span></div>
<div class="meta">${t("labs.cma", { number: l.cma.number, date: date(ctx, l.cma.validUntil) })} · ${t("labs.matches", { n: formatNumber(lang, l.matchingCapabilities) })}</div>
<ul class="meta">${l.examples.map((e) => html`<li>${e.product} · ${e.parameter} · ${e.standard}${e.limitation ? html` <span class="muted">（${e.limitation}）</span>` : ""}</li>`)}</ul>
</li>`,
			)}</ol>`
}
${pager(ctx, { page: p.page, pageSize: found.pageSize, total: found.total, totalExact: true }, (n) => href(p, n))}`;
	return page(
		ctx,
		t("labs.title"),
		html`<div class="wrap">
<h1>${t("labs.title")}</h1>
<p>${t("labs.intro")}</p>
<form class="filters card" action="/labs" method="get" aria-label="${t("labs.title")}">
${input("product")}${input("parameter")}${input("standard")}
${select(
	ctx,
	"district",
	t("labs.district"),
	DISTRICTS.map((d) => ({ value: d.code, label: lang === "zh-CN" ? d.nameZh : d.nameEn })),
	p.district,
)}
<div><button type="submit">${t("labs.submit")}</button></div>
</form>
${results}
</div>`,
	);
}
