/**
 * The public risk-alert pages (风险预警): the board of published alerts with their severity, and one alert's
 * public part — what happened, the organisations, certificates and reports concerned, the actions taken and
 * the conclusion, with its place in the transparency log. People never appear here.
 */
import { DISTRICTS } from "../../../core/reference/districts.ts";
import type { publicAlert } from "../../alerts/alerts.service.ts";
import { type Html, html, query } from "../html.ts";
import { formatNumber, type MessageKey } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import {
	badge,
	certificateHref,
	instant,
	organizationHref,
	pager,
	reportHref,
	select,
} from "./components.ts";

type PublicAlert = ReturnType<typeof publicAlert>;
export interface AlertSummary {
	number: string;
	title: string;
	titleEn: string | null;
	severity: string;
	source: string;
	status: string;
	raisedAt: string;
	publishedAt: string | null;
}
export interface AlertBoardParams {
	severity?: string;
	status?: string;
	district?: string;
	q: string;
	page: number;
}

/** Records of one kind listed on an alert's page before the rest are counted. */
const LIST_MAX = 30;
const SEVERITIES = ["serious", "high", "medium", "low"] as const;
const STATUSES = ["open", "handling", "closed"] as const;
const SOURCES = [
	"manual",
	"spotcheck_failed",
	"certificate_withdrawn",
	"fraud_signal",
	"other_region",
	"product_failed",
];

export function severityBadge(ctx: PageContext, severity: string, big = false): Html {
	return html`<span class="badge sev-${severity}${big ? " big" : ""}">${ctx.t(`alert.severity.${severity}` as MessageKey)}</span>`;
}

const titleOf = (ctx: PageContext, a: { title: string; titleEn: string | null }) =>
	ctx.lang === "en" && a.titleEn ? a.titleEn : a.title;

function href(p: AlertBoardParams, pageNo: number): string {
	return `/alerts${query({ severity: p.severity, status: p.status, district: p.district, q: p.q, page: pageNo > 1 ? pageNo : undefined })}`;
}

export function alertBoardPage(
	ctx: PageContext,
	p: AlertBoardParams,
	found: { items: AlertSummary[]; total: number; pageSize: number },
): Html {
	const { t, lang } = ctx;
	return page(
		ctx,
		t("alert.title"),
		html`<div class="wrap">
<h1>${t("alert.title")}</h1>
<p>${t("alert.intro")}</p>
<form class="filters card" action="/alerts" method="get" aria-label="${t("alert.title")}">
<div><label for="a-q">${t("alert.q")}</label><input type="text" id="a-q" name="q" value="${p.q}" maxlength="100" placeholder="${t("alert.qPlaceholder")}"></div>
${select(
	ctx,
	"severity",
	t("alert.severity"),
	SEVERITIES.map((s) => ({ value: s, label: t(`alert.severity.${s}`) })),
	p.severity,
)}
${select(
	ctx,
	"status",
	t("alert.status"),
	STATUSES.map((s) => ({ value: s, label: t(`alert.status.${s}`) })),
	p.status,
)}
${select(
	ctx,
	"district",
	t("alert.district"),
	DISTRICTS.map((d) => ({ value: d.code, label: lang === "zh-CN" ? d.nameZh : d.nameEn })),
	p.district,
)}
<div><button type="submit">${t("alert.submit")}</button></div>
</form>
<p role="status"><strong>${t("alert.count", { n: formatNumber(lang, found.total) })}</strong></p>
${
	found.items.length === 0
		? html`<p class="notice">${t("alert.none")}</p>`
		: html`<ol class="results">${found.items.map(
				(a) => html`<li>
<div class="head"><a class="title" href="/alerts/${encodeURIComponent(a.number)}">${titleOf(ctx, a)}</a>${severityBadge(ctx, a.severity)}</div>
<div class="meta"><span class="mono">${a.number}</span> · ${t(`alert.source.${a.source}` as MessageKey)} · ${t(`alert.status.${a.status}` as MessageKey)} · ${t("alert.publishedAt", { date: instant(ctx, a.publishedAt ?? a.raisedAt) })}</div>
</li>`,
			)}</ol>`
}
${pager(ctx, { page: p.page, pageSize: found.pageSize, total: found.total, totalExact: true }, (n) => href(p, n))}
</div>`,
	);
}

export function alertPage(ctx: PageContext, a: PublicAlert): Html {
	const { t, lang } = ctx;
	const sep = lang === "zh-CN" ? "、" : ", ";
	const certKey = (key: string) => {
		const [number, issuer] = key.split("@");
		return { number: number!, issuer };
	};
	// Long lists (a failed product reaches every report on it) show their first records and a count.
	const section = (title: MessageKey, items: Html[]) =>
		items.length
			? html`<section class="card"><h2>${t(title)} <span class="muted">（${formatNumber(lang, items.length)}）</span></h2><ul>${items.slice(0, LIST_MAX)}</ul>${items.length > LIST_MAX ? html`<p class="muted">${t("alert.more", { n: formatNumber(lang, items.length - LIST_MAX) })}</p>` : ""}</section>`
			: "";
	const trigger =
		a.trigger.kind === "person" || !a.trigger.key
			? t("alert.trigger.person")
			: `${t(`alert.kind.${a.trigger.kind}` as MessageKey)} ${a.trigger.kind === "certificate" ? certKey(a.trigger.key).number : a.trigger.key}`;
	return page(
		ctx,
		titleOf(ctx, a),
		html`<div class="wrap">
<p class="muted"><a href="/alerts">${t("alert.title")}</a></p>
<h1>${titleOf(ctx, a)}</h1>
<p class="status-line">${severityBadge(ctx, a.severity, true)} <span class="mono">${a.number}</span> · ${t(`alert.status.${a.status}` as MessageKey)}</p>
<section class="card"><h2>${t("alert.what")}</h2>
<p>${a.description}</p>
<dl class="facts">
<dt>${t("alert.source")}</dt><dd>${t(`alert.source.${a.source}` as MessageKey)}</dd>
<dt>${t("alert.trigger")}</dt><dd>${trigger}</dd>
<dt>${t("alert.raisedAt")}</dt><dd>${instant(ctx, a.raisedAt)}</dd>
${a.publishedAt ? html`<dt>${t("alert.publishedOn")}</dt><dd>${instant(ctx, a.publishedAt)}</dd>` : ""}
${a.closedAt ? html`<dt>${t("alert.closedAt")}</dt><dd>${instant(ctx, a.closedAt)}</dd>` : ""}
${a.conclusion ? html`<dt>${t("alert.conclusion")}</dt><dd>${a.conclusion}</dd>` : ""}
</dl></section>
${section(
	"alert.organizations",
	a.affected.organizations.map(
		(o) =>
			html`<li><a href="${organizationHref(o.key)}">${o.label}</a> <span class="mono muted">${o.key}</span></li>`,
	),
)}
${section(
	"alert.certificates",
	a.affected.certificates.map((c) => {
		const k = certKey(c.key);
		return html`<li><a class="mono" href="${certificateHref(k.number, k.issuer)}">${k.number}</a>${c.status ? html` ${badge(ctx, "certificate", c.status)}` : ""}</li>`;
	}),
)}
${section(
	"alert.reports",
	a.affected.reports.map(
		(r) =>
			html`<li><a class="mono" href="${reportHref(r.key)}">${r.key}</a> ${r.label.replace(r.key, "").trim()}${r.status ? html` ${badge(ctx, "report", r.status)}` : ""}</li>`,
	),
)}
${a.affected.products.length ? html`<section class="card"><h2>${t("alert.products")}</h2><p>${a.affected.products.map((p) => p.label).join(sep)}</p></section>` : ""}
<section class="card"><h2>${t("alert.actions")}</h2>
${
	a.actions.length
		? html`<ol>${a.actions.map((x) => html`<li>${x.action}${x.by ? html` — ${x.by}` : ""}${x.doneOn ? html` <span class="muted">（${x.doneOn}）</span>` : ""}</li>`)}</ol>`
		: html`<p class="muted">${t("alert.noActions")}</p>`
}
</section>
${
	a.logIndex !== null
		? html`<p class="muted">${t("log.recorded", { index: formatNumber(lang, a.logIndex) })} <a href="/api/v1/log/entries/${a.logIndex}">${t("alert.logEntry")}</a> · <a href="/log/checkpoint">${t("log.checkpoint")}</a></p>`
		: ""
}
</div>`,
		{ description: `${a.number} · ${a.title}` },
	);
}

export { SEVERITIES as ALERT_SEVERITIES, SOURCES as ALERT_SOURCES, STATUSES as ALERT_STATUSES };
