/** Pieces several portal pages share: status badges, result items, pagers, names of codes. */
import { CERTIFICATE_STATUS_INFO } from "../../../core/certificate-status.ts";
import { ORG_KIND_INFO, ORG_STATUS_INFO } from "../../../core/records/organization.ts";
import { districtByCode } from "../../../core/reference/districts.ts";
import { CONCLUSION_INFO, REPORT_STATUS_INFO } from "../../../core/report-status.ts";
import { schemeByCode } from "../../../core/schemes.ts";
import { type Html, html, query } from "../html.ts";
import { formatDate, formatNumber, vocab } from "../i18n/index.ts";
import type { PageContext } from "../layout.ts";

type Vocab = Record<string, { zh: string; en: string }>;
const VOCABS: Record<"certificate" | "report" | "organization" | "conclusion", Vocab> = {
	certificate: CERTIFICATE_STATUS_INFO,
	report: REPORT_STATUS_INFO,
	organization: ORG_STATUS_INFO,
	conclusion: CONCLUSION_INFO,
};

/** A coloured status label; the words carry the meaning, the colour only repeats it. */
export function badge(ctx: PageContext, of: keyof typeof VOCABS, code: string, big = false): Html {
	return html`<span class="badge s-${code}${big ? " big" : ""}">${vocab(ctx.lang, VOCABS[of][code], code)}</span>`;
}

export function districtName(ctx: PageContext, code: string | null): string {
	if (!code) return ctx.t("common.unknownDistrict");
	const d = districtByCode(code);
	return d ? (ctx.lang === "zh-CN" ? d.nameZh : d.nameEn) : code;
}

export function schemeName(ctx: PageContext, code: string): string {
	const s = schemeByCode(code);
	return s ? (ctx.lang === "zh-CN" ? s.nameZh : s.nameEn) : code;
}

export function orgKindName(ctx: PageContext, kind: string): string {
	return vocab(ctx.lang, (ORG_KIND_INFO as Vocab)[kind], kind);
}

export function date(ctx: PageContext, d: string | null | undefined): string {
	return d ? formatDate(ctx.lang, d) : "—";
}

/** An instant as people read it, in Shanghai time: 2026年6月1日 12:00, or 1 June 2026 at 12:00. */
export function instant(ctx: PageContext, iso: string): string {
	return new Date(iso).toLocaleString(ctx.lang === "zh-CN" ? "zh-CN" : "en-GB", {
		timeZone: "Asia/Shanghai",
		dateStyle: "long",
		timeStyle: "short",
	});
}

export function certificateHref(number: string, issuer?: string): string {
	return `/certificates/${encodeURIComponent(number)}${query({ issuer })}`;
}
export function reportHref(number: string, lab?: string): string {
	return `/reports/${encodeURIComponent(number)}${query({ lab })}`;
}
export function organizationHref(uscc: string): string {
	return `/organizations/${encodeURIComponent(uscc)}`;
}

export interface CertificateItem {
	number: string;
	scheme: string;
	cb: { uscc: string; name: string };
	holder: { uscc: string; name: string; district: string | null };
	scope: string;
	issueDate: string;
	expiryDate: string;
	status: string;
}

export function certificateItem(ctx: PageContext, c: CertificateItem): Html {
	return html`<li>
<div class="head"><a class="title" href="${certificateHref(c.number, c.cb.uscc)}">${c.holder.name}</a>${badge(ctx, "certificate", c.status)}</div>
<div class="meta">${schemeName(ctx, c.scheme)} · <span class="mono">${c.number}</span></div>
<div class="meta">${c.scope}</div>
<div class="meta">${ctx.t("cert.cb")}：${c.cb.name} · ${ctx.t("cert.expiryDate")} ${date(ctx, c.expiryDate)}</div>
</li>`;
}

export interface ReportItem {
	number: string;
	lab: { uscc: string; name: string };
	clientName: string;
	product: string;
	conclusion: string;
	issueDate: string;
	status: string;
}

export function reportItem(ctx: PageContext, r: ReportItem): Html {
	return html`<li>
<div class="head"><a class="title" href="${reportHref(r.number, r.lab.uscc)}">${r.product} · <span class="mono">${r.number}</span></a>${badge(ctx, "report", r.status)}</div>
<div class="meta">${ctx.t("report.client")}：${r.clientName} · ${ctx.t("report.conclusion")}：${vocab(ctx.lang, VOCABS.conclusion[r.conclusion], r.conclusion)}</div>
<div class="meta">${ctx.t("report.lab")}：${r.lab.name} · ${date(ctx, r.issueDate)}</div>
</li>`;
}

export interface OrganizationItem {
	uscc: string;
	kind: string;
	name: string;
	district: string | null;
	status: string;
}

export function organizationItem(ctx: PageContext, o: OrganizationItem): Html {
	return html`<li>
<div class="head"><a class="title" href="${organizationHref(o.uscc)}">${o.name}</a>${o.status === "active" ? "" : badge(ctx, "organization", o.status)}</div>
<div class="meta">${orgKindName(ctx, o.kind)} · ${districtName(ctx, o.district)} · <span class="mono">${o.uscc}</span></div>
</li>`;
}

/** "123 results" or "more than 1,000 results". */
export function countText(ctx: PageContext, total: number, exact: boolean): string {
	return ctx.t(exact ? "search.count" : "search.countMore", { n: formatNumber(ctx.lang, total) });
}

/** Previous / next links for a paged list. */
export function pager(
	ctx: PageContext,
	p: { page: number; pageSize: number; total: number; totalExact: boolean },
	hrefFor: (page: number) => string,
): Html {
	const hasNext = !p.totalExact || p.page * p.pageSize < p.total;
	if (p.page === 1 && !hasNext) return html``;
	return html`<nav class="pager" aria-label="${ctx.t("paging.label")}">
${p.page > 1 ? html`<a class="button secondary" rel="prev" href="${hrefFor(p.page - 1)}">${ctx.t("paging.prev")}</a>` : ""}
<span>${ctx.t("paging.page", { page: formatNumber(ctx.lang, p.page) })}</span>
${hasNext ? html`<a class="button secondary" rel="next" href="${hrefFor(p.page + 1)}">${ctx.t("paging.next")}</a>` : ""}
</nav>`;
}

/** A labelled select whose first option means "any". */
export function select(
	ctx: PageContext,
	name: string,
	label: string,
	options: { value: string; label: string }[],
	selected: string | undefined,
): Html {
	return html`<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">
<option value="">${ctx.t("search.filter.any")}</option>
${options.map((o) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ""}>${o.label}</option>`)}
</select></div>`;
}
