/** The home page: one search box across certificates, reports and bodies, and what the register holds. */
import { type Html, html } from "../html.ts";
import { formatNumber } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";

export interface RegisterStats {
	certificates: number;
	validCertificates: number;
	reports: number;
	cbs: number;
	labs: number;
}

export type SearchType = "all" | "certificates" | "reports" | "organizations";
export const SEARCH_TYPES: readonly SearchType[] = ["all", "certificates", "reports", "organizations"];

/** The search form; the portal script adds suggestions while typing. */
export function searchForm(ctx: PageContext, q: string, type: SearchType, autofocus = false): Html {
	const { t } = ctx;
	return html`<form class="search" role="search" action="/search" method="get" data-suggest data-label-certificates="${t("search.type.certificates")}" data-label-organizations="${t("search.type.organizations")}" data-label-suggestions="${t("search.suggestions")}">
<div class="q"><label for="q">${t("search.label")}</label>
<input type="search" id="q" name="q" value="${q}" maxlength="100" placeholder="${t("search.placeholder")}" autocomplete="off" spellcheck="false" enterkeyhint="search"${autofocus ? html` autofocus` : ""}></div>
<div><label for="type">${t("search.type")}</label>
<select id="type" name="type">${SEARCH_TYPES.map((s) => html`<option value="${s}"${s === type ? html` selected` : ""}>${t(`search.type.${s}`)}</option>`)}</select></div>
<div><button type="submit">${t("search.submit")}</button></div>
</form>`;
}

export function homePage(ctx: PageContext, stats: RegisterStats): Html {
	const { t } = ctx;
	const n = (v: number) => formatNumber(ctx.lang, v);
	return page(
		ctx,
		t("site.name"),
		html`<section class="hero"><div class="wrap">
<h1>${t("site.name")}</h1>
<p>${t("site.tagline")}</p>
${searchForm(ctx, "", "all", true)}
<p class="hint">${t("search.hint")}</p>
</div></section>
<div class="wrap">
<h2>${t("home.stats")}</h2>
<ul class="stats">
<li><strong>${n(stats.certificates)}</strong>${t("home.stat.certificates")}</li>
<li><strong>${n(stats.validCertificates)}</strong>${t("home.stat.valid")}</li>
<li><strong>${n(stats.reports)}</strong>${t("home.stat.reports")}</li>
<li><strong>${n(stats.cbs)}</strong>${t("home.stat.cbs")}</li>
<li><strong>${n(stats.labs)}</strong>${t("home.stat.labs")}</li>
</ul>
<h2>${t("home.tasks")}</h2>
<div class="grid tasks">
<div class="card"><h3><a href="/search?type=certificates">${t("home.task.verify")}</a></h3><p>${t("home.task.verifyText")}</p></div>
<div class="card"><h3><a href="/search?type=reports">${t("home.task.report")}</a></h3><p>${t("home.task.reportText")}</p></div>
<div class="card"><h3><a href="/verify">${t("home.task.bulk")}</a></h3><p>${t("home.task.bulkText")}</p></div>
<div class="card"><h3><a href="/procurement">${t("home.task.procurement")}</a></h3><p>${t("home.task.procurementText")}</p></div>
<div class="card"><h3><a href="/labs">${t("home.task.labs")}</a></h3><p>${t("home.task.labsText")}</p></div>
<div class="card"><h3><a href="/complaints/new">${t("home.task.complaint")}</a></h3><p>${t("home.task.complaintText")}</p></div>
<div class="card"><h3><a href="/applications">${t("home.task.application")}</a></h3><p>${t("home.task.applicationText")}</p></div>
<div class="card"><h3><a href="/docs">${t("home.task.api")}</a></h3><p>${t("home.task.apiText")}</p></div>
</div>
</div>`,
	);
}
