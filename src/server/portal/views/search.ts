/** Search results across certificates, reports and bodies, with filters, counts and paging. */
import { CERTIFICATE_STATUS_INFO, CERTIFICATE_STATUSES } from "../../../core/certificate-status.ts";
import { ORG_KIND_INFO, ORG_KINDS } from "../../../core/records/organization.ts";
import { DISTRICTS } from "../../../core/reference/districts.ts";
import {
	CONCLUSION_INFO,
	CONCLUSIONS,
	REPORT_STATUS_INFO,
	REPORT_STATUSES,
} from "../../../core/report-status.ts";
import { SCHEMES } from "../../../core/schemes.ts";
import { type Html, html, query } from "../html.ts";
import { formatNumber, vocab } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import {
	type CertificateItem,
	certificateItem,
	countText,
	type OrganizationItem,
	organizationItem,
	pager,
	type ReportItem,
	reportItem,
	select,
} from "./components.ts";
import { type SearchType, searchForm } from "./home.ts";

export interface SearchParams {
	q: string;
	type: SearchType;
	status?: string;
	scheme?: string;
	district?: string;
	kind?: string;
	conclusion?: string;
	orgKind?: string;
	page: number;
}

interface Found<T> {
	items: T[];
	total: number;
	totalExact: boolean;
}

export interface SearchResults {
	certificates: Found<CertificateItem>;
	reports: Found<ReportItem>;
	organizations: Found<OrganizationItem>;
	pageSize: number;
}

/** The search address with some parameters changed. */
function href(p: SearchParams, change: Partial<SearchParams>): string {
	const next = { ...p, ...change };
	return `/search${query({
		q: next.q,
		type: next.type === "all" ? undefined : next.type,
		status: next.status,
		scheme: next.scheme,
		district: next.district,
		kind: next.kind,
		conclusion: next.conclusion,
		orgKind: next.orgKind,
		page: next.page > 1 ? next.page : undefined,
	})}`;
}

function filtersFor(ctx: PageContext, p: SearchParams): Html {
	const { t, lang } = ctx;
	const districts = DISTRICTS.map((d) => ({ value: d.code, label: lang === "zh-CN" ? d.nameZh : d.nameEn }));
	let fields: Html[] = [];
	if (p.type === "certificates")
		fields = [
			select(
				ctx,
				"status",
				t("filter.status"),
				CERTIFICATE_STATUSES.map((s) => ({ value: s, label: vocab(lang, CERTIFICATE_STATUS_INFO[s], s) })),
				p.status,
			),
			select(
				ctx,
				"kind",
				t("filter.kind"),
				(["management", "product", "service"] as const).map((k) => ({ value: k, label: t(`kind.${k}`) })),
				p.kind,
			),
			select(
				ctx,
				"scheme",
				t("filter.scheme"),
				SCHEMES.map((s) => ({ value: s.code, label: lang === "zh-CN" ? s.nameZh : s.nameEn })),
				p.scheme,
			),
			select(ctx, "district", t("filter.district"), districts, p.district),
		];
	else if (p.type === "reports")
		fields = [
			select(
				ctx,
				"status",
				t("filter.status"),
				REPORT_STATUSES.map((s) => ({ value: s, label: vocab(lang, REPORT_STATUS_INFO[s], s) })),
				p.status,
			),
			select(
				ctx,
				"conclusion",
				t("filter.conclusion"),
				CONCLUSIONS.map((s) => ({ value: s, label: vocab(lang, CONCLUSION_INFO[s], s) })),
				p.conclusion,
			),
		];
	else if (p.type === "organizations")
		fields = [
			select(
				ctx,
				"orgKind",
				t("filter.orgKind"),
				ORG_KINDS.map((k) => ({ value: k, label: vocab(lang, ORG_KIND_INFO[k], k) })),
				p.orgKind,
			),
			select(ctx, "district", t("filter.district"), districts, p.district),
		];
	if (fields.length === 0) return html``;
	return html`<form class="filters" action="/search" method="get" aria-label="${t("search.filters")}">
<input type="hidden" name="q" value="${p.q}"><input type="hidden" name="type" value="${p.type}">
${fields}
<div><button type="submit">${t("search.filter.apply")}</button></div>
<div><a href="${href(p, { status: undefined, scheme: undefined, district: undefined, kind: undefined, conclusion: undefined, orgKind: undefined, page: 1 })}">${t("search.filter.clear")}</a></div>
</form>`;
}

function section<T>(
	ctx: PageContext,
	p: SearchParams,
	type: Exclude<SearchType, "all">,
	found: Found<T>,
	item: (ctx: PageContext, x: T) => Html,
): Html {
	if (found.total === 0) return html``;
	return html`<section aria-labelledby="h-${type}">
<h2 id="h-${type}">${ctx.t(`search.type.${type}`)} <span class="muted">${countText(ctx, found.total, found.totalExact)}</span></h2>
<ol class="results">${found.items.map((x) => item(ctx, x))}</ol>
${found.total > found.items.length ? html`<p><a href="${href(p, { type, page: 1 })}">${ctx.t("search.seeAll", { type: ctx.t(`search.type.${type}`), n: `${formatNumber(ctx.lang, found.total)}${found.totalExact ? "" : "+"}` })}</a></p>` : ""}
</section>`;
}

export function searchPage(
	ctx: PageContext,
	p: SearchParams,
	r: SearchResults | null,
	problem?: string,
): Html {
	const { t } = ctx;
	const title = p.q ? t("search.title", { q: p.q }) : t("search.titleEmpty");
	const tabs = (["all", "certificates", "reports", "organizations"] as const).map((type) => {
		const n =
			r && type !== "all"
				? ` (${formatNumber(ctx.lang, r[type].total)}${r[type].totalExact ? "" : "+"})`
				: "";
		return html`<li><a href="${href(p, { type, page: 1 })}"${type === p.type ? html` aria-current="page"` : ""}>${t(`search.type.${type}`)}${n}</a></li>`;
	});
	let body: Html;
	if (problem) body = html`<p class="notice" role="alert">${problem}</p>`;
	else if (!r) body = html`<p class="hint">${t("search.hint")}</p>`;
	else if (p.type === "all") {
		const none = r.certificates.total + r.reports.total + r.organizations.total === 0;
		const numberLike = /^[0-9A-Z][0-9A-Z/\-_.()]{5,}$/i.test(p.q);
		body = none
			? html`<p class="notice" role="status">${t(numberLike ? "search.noResultsCert" : "search.noResults")}</p>`
			: html`${section(ctx, p, "certificates", r.certificates, certificateItem)}
${section(ctx, p, "organizations", r.organizations, organizationItem)}
${section(ctx, p, "reports", r.reports, reportItem)}`;
	} else {
		const found = r[p.type] as Found<unknown>;
		const item = { certificates: certificateItem, reports: reportItem, organizations: organizationItem }[
			p.type
		] as (ctx: PageContext, x: unknown) => Html;
		body = html`${filtersFor(ctx, p)}
<p role="status"><strong>${countText(ctx, found.total, found.totalExact)}</strong></p>
${found.total === 0 ? html`<p class="notice">${t(p.type === "certificates" ? "search.noResultsCert" : "search.noResults")}</p>` : html`<ol class="results">${found.items.map((x) => item(ctx, x))}</ol>`}
${pager(ctx, { page: p.page, pageSize: r.pageSize, total: found.total, totalExact: found.totalExact }, (n) => href(p, { page: n }))}`;
	}
	return page(
		ctx,
		title,
		html`<div class="wrap">
<h1>${title}</h1>
${searchForm(ctx, p.q, p.type)}
<ul class="tabs" aria-label="${t("search.type")}">${tabs}</ul>
${body}
</div>`,
	);
}
