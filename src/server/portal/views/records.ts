/** The pages a QR code or a search engine leads to: one certificate, one report, one body. */
import { AUDITOR_ROLE_INFO } from "../../../core/records/certificate.ts";
import { QUALIFICATION_STATUS_INFO, QUALIFICATION_TYPE_INFO } from "../../../core/records/qualification.ts";
import { CONCLUSION_INFO } from "../../../core/report-status.ts";
import type { CertificateDetail } from "../../certificates/certificates.service.ts";
import { type Html, html } from "../html.ts";
import { formatNumber, vocab } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import {
	badge,
	type CertificateItem,
	certificateItem,
	countText,
	date,
	districtName,
	organizationHref,
	orgKindName,
	pager,
	reportHref,
	schemeName,
} from "./components.ts";
import { type CreditEventView, creditEventItem, creditReportHref } from "./credit.ts";

type Vocab = Record<string, { zh: string; en: string }>;

function facts(rows: [string, Html | string | null | undefined][]): Html {
	return html`<dl class="facts">${rows
		.filter(([, v]) => v !== null && v !== undefined && v !== "")
		.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

interface HistoryItem {
	from: string | null;
	to: string;
	date: string;
	reason: string | null;
	source: string;
}

function timeline(ctx: PageContext, of: "certificate" | "report", history: HistoryItem[]): Html {
	return html`<ol class="timeline">${[...history].reverse().map(
		(h) => html`<li><strong>${date(ctx, h.date)}</strong> ${badge(ctx, of, h.to)}
${h.source === "issued" ? html` <span class="muted">${ctx.t("cert.history.issued")}</span>` : ""}
${h.reason ? html`<div>${ctx.t("cert.reason")}：${h.reason}</div>` : ""}</li>`,
	)}</ol>`;
}

/** Entry types a record page names in words. */
const LOG_TYPES = [
	"certificate.issued",
	"certificate.updated",
	"certificate.status",
	"report.issued",
	"report.status",
] as const;

/** How the log appears on a record page. */
export interface LogLink {
	/** The record's proof (JSON); `&format=tlog-proof` downloads the file. */
	proofUrl: string;
	index: number | null;
	/** The log's verifier key, which the page's script checks the proof against. */
	verifierKey: string;
	/** The record's number, which the entry must name. */
	number: string;
}

/**
 * The record's place in the transparency log, with the proof file to download. The page's script
 * (src/web/portal/verify.ts) checks the proof in the browser and replaces the status line with what it
 * verified; without scripts the box still says where the record is and offers the file.
 */
function logBox(ctx: PageContext, log: LogLink): Html {
	const { t } = ctx;
	if (log.index === null) return html``;
	const file = `${log.proofUrl}${log.proofUrl.includes("?") ? "&" : "?"}format=tlog-proof`;
	return html`<section class="card log-proof" aria-labelledby="log-proof-title" data-log-proof="${log.proofUrl}" data-log-key="${log.verifierKey}" data-number="${log.number}" data-lang="${ctx.lang}"
data-msg-checking="${t("log.checking")}" data-msg-ok="${t("log.ok")}" data-msg-failed="${t("log.failed")}" data-types="${JSON.stringify(
		Object.fromEntries(LOG_TYPES.map((type) => [type, t(`log.type.${type}`)])),
	)}">
<h2 id="log-proof-title">${t("log.title")}</h2>
<p class="log-status" role="status">${t("log.recorded", { index: formatNumber(ctx.lang, log.index) })}</p>
<p class="muted">${t("log.explain")} <a href="${file}" download>${t("log.download")}</a> · <a href="/log/checkpoint">${t("log.checkpoint")}</a> · <span class="mono">${log.verifierKey}</span></p>
</section>`;
}

export function certificatePage(ctx: PageContext, c: CertificateDetail, log?: LogLink): Html {
	const { t } = ctx;
	const title = t("cert.title", { number: c.number });
	return page(
		ctx,
		title,
		html`<div class="wrap">
<p class="muted">${schemeName(ctx, c.scheme)}</p>
<h1>${title}</h1>
<div class="status-line"><span>${t("cert.status")}</span>${badge(ctx, "certificate", c.status, true)}<span>${t("cert.statusSince", { date: date(ctx, c.statusSince) })}</span></div>
${c.statusReason ? html`<p class="notice">${t("cert.reason")}：${c.statusReason}</p>` : ""}
<div class="card">
${facts([
	[
		t("cert.holder"),
		html`<a href="${organizationHref(c.holder.uscc)}">${c.holder.name}</a> <span class="mono muted">${c.holder.uscc}</span>`,
	],
	[
		t("cert.cb"),
		html`<a href="${organizationHref(c.cb.uscc)}">${c.cb.name}</a> <span class="mono muted">${c.cb.uscc}</span>`,
	],
	[t("cert.scheme"), schemeName(ctx, c.scheme)],
	[t("cert.standard"), c.standard],
	[t("cert.scope"), c.scope],
	[t("cert.product"), c.product],
	[t("cert.cccCode"), c.cccCode],
	[t("cert.sites"), c.sites.length ? html`${c.sites.map((s, i) => html`${i ? html`<br>` : ""}${s}`)}` : null],
	[t("cert.issueDate"), date(ctx, c.issueDate)],
	[t("cert.expiryDate"), date(ctx, c.expiryDate)],
	[t("cert.firstIssueDate"), date(ctx, c.firstIssueDate)],
	[t("cert.surveillance"), formatNumber(ctx.lang, c.surveillanceCount)],
	[t("cert.recert"), formatNumber(ctx.lang, c.recertCount)],
	[
		t("cert.auditDates"),
		c.audit?.end
			? c.audit.start && c.audit.start !== c.audit.end
				? html`${date(ctx, c.audit.start)} – ${date(ctx, c.audit.end)}`
				: date(ctx, c.audit.end)
			: null,
	],
	[t("cert.auditDays"), c.audit?.days == null ? null : formatNumber(ctx.lang, c.audit.days)],
	[t("cert.personnel"), c.audit?.personnel == null ? null : formatNumber(ctx.lang, c.audit.personnel)],
])}
</div>
${
	c.auditTeam.length
		? html`<h2>${t("cert.auditTeam")}</h2><ul>${c.auditTeam.map(
				(a) => html`<li>${a.name}（${vocab(ctx.lang, (AUDITOR_ROLE_INFO as Vocab)[a.role], a.role)}）</li>`,
			)}</ul>`
		: ""
}
<h2>${t("cert.history")}</h2>
${timeline(ctx, "certificate", c.history)}
${log ? logBox(ctx, log) : ""}
<p class="muted">${t("cert.verifyNote")} <a href="/v/certificate/${encodeURIComponent(c.number)}?issuer=${c.cb.uscc}">${t("v.link")}</a> · <a href="/api/v1/certificates/${encodeURIComponent(c.number)}?issuer=${c.cb.uscc}">${t("cert.json")}</a></p>
</div>`,
		{ description: `${c.holder.name} · ${schemeName(ctx, c.scheme)} · ${c.number}` },
	);
}

/** Several bodies use one number: let the reader pick. */
export function choosePage(
	ctx: PageContext,
	title: string,
	prompt: string,
	choices: { href: string; name: string }[],
): Html {
	return page(
		ctx,
		title,
		html`<div class="wrap"><h1>${title}</h1><p>${prompt}</p><ul>${choices.map(
			(c) => html`<li><a href="${c.href}">${c.name}</a></li>`,
		)}</ul></div>`,
	);
}

export interface ReportView {
	number: string;
	lab: { uscc: string; name: string };
	clientName: string;
	clientUscc: string | null;
	product: string;
	conclusion: string;
	issueDate: string;
	status: string;
	statusSince: string;
	statusReason: string | null;
	replacedBy: string | null;
	items: { parameter: string; standard: string; result: string | null; conclusion: string | null }[];
	signatory: { ref: string; name: string } | null;
	docSha256: string;
	history: HistoryItem[];
}

export function reportPage(ctx: PageContext, r: ReportView, log?: LogLink): Html {
	const { t } = ctx;
	const title = t("report.title", { number: r.number });
	const concl = (c: string | null) => (c ? vocab(ctx.lang, (CONCLUSION_INFO as Vocab)[c], c) : "—");
	return page(
		ctx,
		title,
		html`<div class="wrap">
<h1>${title}</h1>
<div class="status-line"><span>${t("cert.status")}</span>${badge(ctx, "report", r.status, true)}<span>${t("cert.statusSince", { date: date(ctx, r.statusSince) })}</span></div>
${r.replacedBy ? html`<p class="notice"><a href="${reportHref(r.replacedBy, r.lab.uscc)}">${t("report.replacedBy", { number: r.replacedBy })}</a></p>` : ""}
${r.statusReason ? html`<p class="notice">${t("cert.reason")}：${r.statusReason}</p>` : ""}
<div class="card">
${facts([
	[t("report.lab"), html`<a href="${organizationHref(r.lab.uscc)}">${r.lab.name}</a>`],
	[
		t("report.client"),
		r.clientUscc ? html`<a href="${organizationHref(r.clientUscc)}">${r.clientName}</a>` : r.clientName,
	],
	[t("report.product"), r.product],
	[t("report.conclusion"), html`${badge(ctx, "conclusion", r.conclusion)}`],
	[t("report.issueDate"), date(ctx, r.issueDate)],
	[t("report.signatory"), r.signatory?.name],
	[t("report.docSha256"), html`<span class="mono">${r.docSha256}</span>`],
])}
</div>
<h2>${t("report.items")}</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${t("report.item.parameter")}</th><th scope="col">${t("report.item.standard")}</th><th scope="col">${t("report.item.result")}</th><th scope="col">${t("report.item.conclusion")}</th></tr></thead>
<tbody>${r.items.map((i) => html`<tr><td>${i.parameter}</td><td>${i.standard}</td><td>${i.result ?? "—"}</td><td>${concl(i.conclusion)}</td></tr>`)}</tbody>
</table></div>
<h2>${t("cert.history")}</h2>
${timeline(ctx, "report", r.history)}
${log ? logBox(ctx, log) : ""}
<p class="muted">${t("cert.verifyNote")} <a href="/v/report/${encodeURIComponent(r.number)}?issuer=${r.lab.uscc}">${t("v.link")}</a> · <a href="/api/v1/reports/${encodeURIComponent(r.number)}?lab=${r.lab.uscc}">${t("cert.json")}</a></p>
</div>`,
	);
}

export interface OrganizationView {
	uscc: string;
	kind: string;
	name: string;
	nameEn: string | null;
	district: string | null;
	address: string | null;
	status: string;
	qualifications: {
		type: string;
		number: string;
		validFrom: string;
		validUntil: string;
		status: string;
		scope: string[];
	}[];
}

export interface CapabilityView {
	field: string;
	product: string;
	parameter: string;
	standard: string;
	limitation: string | null;
}

/** The integrity file (诚信档案): published credit events, newest first, each with its log entry. */
function creditSection(ctx: PageContext, uscc: string, events: CreditEventView[]): Html {
	const { t } = ctx;
	return html`<h2 id="credit">${t("org.credit")}</h2>
<p class="muted">${t("org.credit.intro")} <a href="${creditReportHref(uscc)}">${t("org.credit.report")}</a> · <a href="/api/v1/organizations/${encodeURIComponent(uscc)}/credit">${t("cert.json")}</a></p>
${
	events.length
		? html`<ol class="results">${events.map((e) => creditEventItem(ctx, e))}</ol>`
		: html`<p>${t("org.credit.none")}</p>`
}`;
}

interface Paged<T> {
	items: T[];
	total: number;
	totalExact: boolean;
	page: number;
	pageSize: number;
}

export function organizationPage(
	ctx: PageContext,
	o: OrganizationView,
	certificates: { role: "holder" | "issuer"; page: Paged<CertificateItem> },
	capabilities: (Paged<CapabilityView> & { q: string }) | null,
	credit: CreditEventView[],
	hrefFor: (change: { cpage?: number; kpage?: number; cq?: string }) => string,
): Html {
	const { t } = ctx;
	const none = html`<p class="muted">${t("org.none")}</p>`;
	return page(
		ctx,
		o.name,
		html`<div class="wrap">
<p class="muted">${orgKindName(ctx, o.kind)}</p>
<h1>${o.name}</h1>
${o.status === "active" ? "" : html`<div class="status-line">${badge(ctx, "organization", o.status, true)}</div>`}
<div class="card">
${facts([
	[t("org.uscc"), html`<span class="mono">${o.uscc}</span>`],
	[t("org.nameEn"), o.nameEn],
	[t("org.kind"), orgKindName(ctx, o.kind)],
	[t("org.district"), districtName(ctx, o.district)],
	[t("org.address"), o.address],
])}
</div>
${
	o.kind === "cb" || o.kind === "lab"
		? html`<h2 id="qualifications">${t("org.qualifications")}</h2>
${
	o.qualifications.length
		? html`<div class="table-wrap"><table><thead><tr><th scope="col">${t("org.qual.type")}</th><th scope="col">${t("org.qual.number")}</th><th scope="col">${t("org.qual.valid")}</th><th scope="col">${t("org.qual.status")}</th><th scope="col">${t("org.qual.scope")}</th><th scope="col"><span class="sr-only">${t("org.qual.certificate")}</span></th></tr></thead>
<tbody>${o.qualifications.map(
				(q) =>
					html`<tr><td>${vocab(ctx.lang, (QUALIFICATION_TYPE_INFO as Vocab)[q.type], q.type)}</td><td class="mono">${q.number}</td><td>${date(ctx, q.validFrom)} – ${date(ctx, q.validUntil)}</td><td>${vocab(ctx.lang, (QUALIFICATION_STATUS_INFO as Vocab)[q.status], q.status)}</td><td>${q.scope.map((s) => schemeName(ctx, s)).join("、")}</td><td><a href="/qualifications/${encodeURIComponent(q.number)}/certificate.pdf">${t("org.qual.certificate")}</a></td></tr>`,
			)}</tbody></table></div>`
		: none
}`
		: ""
}
${creditSection(ctx, o.uscc, credit)}
<h2 id="certificates">${t(certificates.role === "issuer" ? "org.certsIssued" : "org.certsHeld")} <span class="muted">${countText(ctx, certificates.page.total, certificates.page.totalExact)}</span></h2>
${certificates.page.items.length ? html`<ol class="results">${certificates.page.items.map((c) => certificateItem(ctx, c))}</ol>` : none}
${pager(ctx, certificates.page, (n) => hrefFor({ cpage: n }))}
${
	capabilities
		? html`<h2 id="capabilities">${t("org.capabilities")} <span class="muted">${countText(ctx, capabilities.total, capabilities.totalExact)}</span></h2>
<form class="search" action="#capabilities" method="get"><div class="q"><label for="cq">${t("org.capabilitiesSearch")}</label><input type="search" id="cq" name="cq" value="${capabilities.q}" maxlength="100"></div><div><button type="submit">${t("search.submit")}</button></div></form>
${
	capabilities.items.length
		? html`<div class="table-wrap spaced"><table><thead><tr><th scope="col">${t("org.cap.field")}</th><th scope="col">${t("org.cap.product")}</th><th scope="col">${t("org.cap.parameter")}</th><th scope="col">${t("org.cap.standard")}</th><th scope="col">${t("org.cap.limitation")}</th></tr></thead>
<tbody>${capabilities.items.map((c) => html`<tr><td>${c.field}</td><td>${c.product}</td><td>${c.parameter}</td><td>${c.standard}</td><td>${c.limitation ?? "—"}</td></tr>`)}</tbody></table></div>`
		: none
}
${pager(ctx, capabilities, (n) => hrefFor({ kpage: n }))}`
		: ""
}
</div>`,
	);
}
