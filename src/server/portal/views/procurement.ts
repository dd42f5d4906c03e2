/**
 * `/procurement`: the supplier check for buyers and bid evaluators (政府采购供应商资格核验). Suppliers'
 * codes pasted or uploaded, answered line by line in the order given: who the code names, the
 * certificates valid today by scheme, and the bans that keep the supplier out of government purchasing.
 */
import type { ProcurementLine, SupplierListLine } from "../../procurement/procurement.service.ts";
import { type Html, html } from "../html.ts";
import { formatNumber } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import { certificateHref, date, districtName, organizationHref } from "./components.ts";

export interface ProcurementForm {
	text: string;
	error?: string;
	lines?: SupplierListLine[];
	result?: ProcurementLine[];
	asOf?: string;
}

/** Schemes buyers look for first (Shanghai Brand, green products), shown before the rest. */
const FIRST = ["SHBRAND", "GREEN"];

export function procurementPage(ctx: PageContext, form: ProcurementForm): Html {
	const { t } = ctx;
	return page(
		ctx,
		t("proc.title"),
		html`<div class="wrap">
<h1>${t("proc.title")}</h1>
<p>${t("proc.intro")}</p>
<form class="card bulk" method="post" action="/procurement" data-bulk data-msg-reading="${t("bulk.reading")}">
<div><label for="proc-lines">${t("proc.lines")}</label>
<textarea id="proc-lines" name="lines" rows="10" spellcheck="false" placeholder="91310000…"${form.error ? html` aria-invalid="true" aria-describedby="proc-error"` : ""}>${form.text}</textarea>
${form.error ? html`<p class="field-error" id="proc-error">${form.error}</p>` : ""}</div>
<div><label for="proc-file">${t("bulk.file")}</label> <input type="file" id="proc-file" accept=".csv,.txt,text/csv,text/plain"></div>
<div><button type="submit">${t("proc.submit")}</button> <button type="submit" formaction="/procurement.csv" class="button secondary">${t("bulk.csv")}</button></div>
</form>
${form.result && form.lines ? resultTable(ctx, form.lines, form.result, form.asOf ?? "") : ""}
<p class="muted">${t("proc.api")} <a href="/docs#/verify/post_api_v1_procurement_check">POST /api/v1/procurement/check</a></p>
</div>`,
	);
}

function resultTable(
	ctx: PageContext,
	lines: readonly SupplierListLine[],
	result: readonly ProcurementLine[],
	asOf: string,
): Html {
	const { t } = ctx;
	const n = (v: number) => formatNumber(ctx.lang, v);
	const found = result.filter((r) => r.organization).length;
	const excluded = result.filter((r) => r.excluded).length;
	return html`<h2>${t("proc.summary", { lines: n(result.length), found: n(found), asOf: date(ctx, asOf) })}${
		excluded
			? html` <span class="badge s-withdrawn">${t("proc.excludedCount", { n: n(excluded) })}</span>`
			: ""
	}</h2>
<div class="table-wrap"><table class="bulk-results procurement">
<thead><tr><th>${t("bulk.line")}</th><th>${t("proc.supplier")}</th><th>${t("proc.certificates")}</th><th>${t("proc.bans")}</th></tr></thead>
<tbody>${result.map((r, i) => row(ctx, lines[i]?.line ?? i + 1, r))}</tbody></table></div>`;
}

function row(ctx: PageContext, line: number, r: ProcurementLine): Html {
	const { t } = ctx;
	if (!r.valid || !r.organization)
		return html`<tr class="error"><td>${line}</td><td class="mono">${r.uscc}</td><td colspan="2">${
			r.problem ? (ctx.lang === "zh-CN" ? r.problem.messageZh : r.problem.message) : t("proc.notRegistered")
		}</td></tr>`;
	const holdings = [...r.certificates].sort(
		(a, b) =>
			(FIRST.includes(a.scheme) ? FIRST.indexOf(a.scheme) : 9) -
				(FIRST.includes(b.scheme) ? FIRST.indexOf(b.scheme) : 9) || b.count - a.count,
	);
	return html`<tr${r.excluded ? html` class="error"` : ""}><td>${line}</td>
<td><a href="${organizationHref(r.uscc)}">${r.organization.name}</a><br><span class="mono muted">${r.uscc}</span> <span class="muted">${districtName(ctx, r.organization.district)}</span></td>
<td>${
		holdings.length
			? html`<ul class="plain">${holdings.map(
					(h) =>
						html`<li><span class="badge s-valid">${ctx.lang === "zh-CN" ? h.nameZh : h.nameEn}</span> ${t("proc.count", { n: formatNumber(ctx.lang, h.count) })}: ${h.numbers
							.slice(0, 3)
							.map(
								(num, k) =>
									html`${k ? "、" : ""}<a class="mono" href="${certificateHref(num, undefined)}">${num}</a>`,
							)}${h.count > 3 ? " …" : ""}</li>`,
				)}</ul>`
			: html`<span class="muted">${t("proc.noCertificates")}</span>`
	}</td>
<td>${
		r.procurementBans.length
			? html`<strong>${t("proc.excluded")}</strong><ul class="plain">${r.procurementBans.map(
					(b) =>
						html`<li>${b.authority} ${b.reference}（${date(ctx, b.startsOn)} — ${b.endsOn ? date(ctx, b.endsOn) : t("proc.forLife")}）<br><span class="muted">${b.reason}</span></li>`,
				)}</ul>`
			: html`<span class="muted">${t("proc.noBans")}</span>`
	}</td></tr>`;
}
