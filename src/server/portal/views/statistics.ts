/**
 * The public statistics page (统计数据) and the open-data catalogue (开放数据): headline figures and bar
 * charts drawn as inline SVG on the server, so the page needs no script; the catalogue lists every
 * dataset with its columns and its daily files.
 */

import { type Bar, barsSvg, columnsSvg } from "../../stats/charts.ts";
import type { Summary } from "../../stats/stats.service.ts";
import { type Html, html } from "../html.ts";
import { formatNumber } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import { districtName, instant, schemeName } from "./components.ts";

export interface StatisticsView {
	summary: Summary;
	months: Bar[];
	reportMonths: Bar[];
	schemes: { key: string; n: number }[];
	districts: { key: string; n: number }[];
}

export function statisticsPage(ctx: PageContext, v: StatisticsView): Html {
	const { t } = ctx;
	const n = (x: number) => formatNumber(ctx.lang, x);
	const s = v.summary;
	const figure = (value: number, label: string) => html`<li><strong>${n(value)}</strong>${label}</li>`;
	const body = html`<div class="wrap statistics">
<h1>${t("pstats.title")}</h1>
<p class="hint">${t("pstats.lead", { size: n(s.asOf.logSize), at: instant(ctx, s.asOf.refreshedAt) })}</p>
<ul class="stats" aria-label="${t("pstats.title")}">
${figure(s.organizations.cb, t("pstats.bodies"))}
${figure(s.organizations.lab, t("pstats.labs"))}
${figure(s.certificates.valid, t("pstats.validCertificates"))}
${figure(s.certificates.issuedThisYear, t("pstats.certificatesThisYear", { year: s.year }))}
${figure(s.reports.total, t("pstats.reports"))}
${figure(s.reports.issuedThisYear, t("pstats.reportsThisYear", { year: s.year }))}
${figure(s.spotChecks.published, t("pstats.spotPublished"))}
${figure(s.spotChecks.failed, t("pstats.spotFailed"))}
${figure(s.complaints.received, t("pstats.complaints"))}
</ul>
<section class="card"><h2>${t("pstats.byMonth")}</h2>${columnsSvg(v.months, t("pstats.byMonth"))}</section>
<section class="card"><h2>${t("pstats.reportsByMonth")}</h2>${columnsSvg(v.reportMonths, t("pstats.reportsByMonth"))}</section>
<section class="card"><h2>${t("pstats.bySchemes")}</h2>${barsSvg(
		v.schemes.slice(0, 10).map((x) => ({ label: schemeName(ctx, x.key), value: x.n })),
		t("pstats.bySchemes"),
		{ labelRoom: 220 },
	)}</section>
<section class="card"><h2>${t("pstats.byDistrict")}</h2>${barsSvg(
		v.districts.filter((x) => x.key).map((x) => ({ label: districtName(ctx, x.key), value: x.n })),
		t("pstats.byDistrict"),
	)}</section>
<p><a href="/open-data/">${t("pstats.openData")}</a></p>
</div>`;
	return page(ctx, t("pstats.title"), body);
}

export interface CatalogueDataset {
	name: string;
	titleZh: string;
	titleEn: string;
	descriptionZh: string;
	columns: { name: string; type: string; zh: string; en: string }[];
	files: {
		name: string;
		format: string;
		rows: number;
		bytes: number;
		logSize: number;
		generatedAt: string;
	}[];
}

export function openDataPage(ctx: PageContext, datasets: readonly CatalogueDataset[]): Html {
	const { t } = ctx;
	const n = (x: number) => formatNumber(ctx.lang, x);
	const zh = ctx.lang === "zh-CN";
	const body = html`<div class="wrap open-data">
<h1>${t("opendata.title")}</h1>
<p>${t("opendata.lead")}</p>
<p class="hint">${t("opendata.feed")}</p>
<p><a href="/open-data/schema.json">${t("opendata.schema")}</a></p>
${datasets.map(
	(d) => html`<section class="card" id="${d.name}">
<h2>${zh ? d.titleZh : d.titleEn} <small>(${d.name})</small></h2>
${zh ? html`<p>${d.descriptionZh}</p>` : ""}
<h3>${t("opendata.files")}</h3>
${
	d.files.length
		? html`<ul>${d.files.map(
				(f) =>
					html`<li><a href="/open-data/${f.name}" download>${f.name}</a> — ${t("opendata.rows", { n: n(f.rows) })}, ${n(Math.ceil(f.bytes / 1024))} KB, ${t("opendata.generated", { at: instant(ctx, f.generatedAt), size: n(f.logSize) })}</li>`,
			)}</ul>`
		: html`<p class="hint">${t("opendata.notYet")}</p>`
}
<details><summary>${t("opendata.columns")}</summary>
<div class="table-wrap"><table><thead><tr><th scope="col">${t("opendata.column")}</th><th scope="col">${t("opendata.type")}</th><th scope="col">${t("opendata.meaning")}</th></tr></thead>
<tbody>${d.columns.map((c) => html`<tr><td><code>${c.name}</code></td><td>${c.type}</td><td>${zh ? c.zh : c.en}</td></tr>`)}</tbody></table></div>
</details>
</section>`,
)}
</div>`;
	return page(ctx, t("opendata.title"), body);
}
