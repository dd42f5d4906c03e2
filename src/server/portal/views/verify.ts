/**
 * The verification pages: `/v/{type}/{number}`, what a QR code on a certificate opens on a phone — the
 * result in large type with what it means, the parties and dates, what was checked and what was not,
 * and a check of the signed statement run in the reader's browser; and `/verify`, bulk verification.
 */
import type { VerificationStatement } from "../../../core/verify/statement.ts";
import type { BulkResult } from "../../verify/bulk.ts";
import type { Sheet } from "../../verify/sheet.ts";
import { type Html, html, query, trusted } from "../html.ts";
import { formatNumber, type MessageKey, message } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import { date, instant, organizationHref } from "./components.ts";

export interface VerifyPageKeys {
	statementKey: string;
	logKey: string;
}

function resultBadge(ctx: PageContext, s: { result: string }, big = false): Html {
	const cls = s.result === "not_found" ? "withdrawn" : s.result;
	return html`<span class="badge s-${cls}${big ? " big" : ""}">${ctx.t(`v.result.${s.result}` as MessageKey)}</span>`;
}

function meaning(ctx: PageContext, s: VerificationStatement): string {
	if (s.result === "not_found") return ctx.t(`v.reason.${s.reason ?? "unknown_number"}` as MessageKey);
	if (s.type === "report" && s.result === "valid") return ctx.t("v.meaning.reportValid");
	return ctx.t(`v.meaning.${s.result}` as MessageKey);
}

/** The verification page path of a record, with its issuer when known. */
export function verifyHref(type: string, number: string, issuer?: string | null): string {
	return `/v/${type}/${encodeURIComponent(number)}${query({ issuer })}`;
}

export function verificationPage(ctx: PageContext, s: VerificationStatement, keys: VerifyPageKeys): Html {
	const { t } = ctx;
	const title = t(s.type === "certificate" ? "v.title.certificate" : "v.title.report", {
		number: s.query.number,
	});
	const rec = (s.record ?? {}) as Record<string, unknown>;
	const self = verifyHref(s.type, s.query.number, s.query.issuer);
	const api = `/api/v1/verify${query({ type: s.type, number: s.query.number, issuer: s.query.issuer, scheme: s.query.scheme })}`;
	const rows: [string, Html | string | null][] =
		s.result === "not_found"
			? []
			: [
					[
						t(s.type === "certificate" ? "v.holder" : "v.client"),
						s.holder
							? html`${s.holder.name}${s.holder.uscc ? html` <span class="mono muted">${s.holder.uscc}</span>` : ""}`
							: null,
					],
					[
						t(s.type === "certificate" ? "v.issuer" : "v.lab"),
						s.issuer?.uscc ? html`<a href="${organizationHref(s.issuer.uscc)}">${s.issuer.name}</a>` : null,
					],
					[t("v.scope"), s.scope],
					s.type === "certificate"
						? [
								t("v.validity"),
								t("v.validityRange", {
									from: date(ctx, String(rec.issueDate)),
									to: date(ctx, String(rec.expiryDate)),
								}),
							]
						: [t("v.issueDate"), date(ctx, String(rec.issueDate))],
					[t("v.madeAt"), instant(ctx, s.madeAt)],
					[
						t("v.basis"),
						s.log && s.checkpoint
							? t("v.basisText", {
									index: formatNumber(ctx.lang, s.log.index),
									size: formatNumber(ctx.lang, Number(s.checkpoint.split("\n")[1])),
								})
							: null,
					],
				];
	const checks = (list: VerificationStatement["checks"]["performed"]) =>
		html`<ul>${list.map((c) => html`<li>${ctx.lang === "zh-CN" ? c.zh : c.en}</li>`)}</ul>`;
	const qr = `/v/${s.type}/${encodeURIComponent(s.query.number)}/qr`;
	const qrQuery = query({ issuer: s.query.issuer });
	return page(
		ctx,
		title,
		html`<div class="wrap verify">
<h1>${title}</h1>
<div class="verdict v-${s.result}">
${resultBadge(ctx, s, true)}
${s.since ? html`<span class="since">${t("v.since", { date: date(ctx, s.since) })}</span>` : ""}
<p>${meaning(ctx, s)}</p>
</div>
${
	rows.length
		? html`<div class="card"><dl class="facts">${rows
				.filter(([, v]) => v !== null && v !== "")
				.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></div>`
		: html`<div class="card"><dl class="facts"><dt>${t("v.madeAt")}</dt><dd>${instant(ctx, s.madeAt)}</dd></dl></div>`
}
<script type="application/json" id="v-statement">${trusted(JSON.stringify(s).replace(/</g, "\\u003c"))}</script>
<section class="card log-proof" aria-labelledby="v-check-title" data-statement-key="${keys.statementKey}" data-log-key="${keys.logKey}"
data-msg-checking="${t("v.browserChecking")}" data-msg-ok="${t("v.browserOk")}" data-msg-notfound="${t("v.browserNotFoundOk")}" data-msg-failed="${t("v.browserFailed")}" data-lang="${ctx.lang}">
<h2 id="v-check-title">${t("v.browserTitle")}</h2>
<p class="log-status" role="status">${s.log ? t("log.recorded", { index: formatNumber(ctx.lang, s.log.index) }) : t("v.browserNotFoundOk")}</p>
<p class="muted"><a href="${api}" download="statement-${s.type}-${s.query.number}.json">${t("v.statementJson")}</a> · ${t("v.statementHelp")}</p>
</section>
<div class="grid two">
<section><h2>${t("v.checks")}</h2>${checks(s.checks.performed)}</section>
<section><h2>${t("v.notChecked")}</h2>${checks(s.checks.notPerformed)}</section>
</div>
<section class="qr card"><img src="${qr}.svg${qrQuery}" width="160" height="160" alt="${t("v.qr")}">
<div><h2>${t("v.qr")}</h2><p>${t("v.qrHelp")}</p><p><a href="${qr}.png${qrQuery}" download>${t("v.qrPng")}</a>${
			s.result !== "not_found"
				? html` · <a href="/v/${s.type}/${encodeURIComponent(s.query.number)}/sheet.pdf${qrQuery}">${t("v.sheet")}</a>`
				: ""
		}${
			s.result !== "not_found"
				? html` · <a href="${s.type === "certificate" ? `/certificates/${encodeURIComponent(s.query.number)}` : `/reports/${encodeURIComponent(s.query.number)}`}${query(s.type === "certificate" ? { issuer: s.query.issuer } : { lab: s.query.issuer })}">${t("v.fullRecord")}</a>`
				: ""
		}</p></div></section>
<p class="muted mono">${self}</p>
</div>`,
		{ description: `${t(`v.result.${s.result}` as MessageKey)} · ${s.query.number}` },
	);
}

export interface BulkForm {
	type: "certificate" | "report";
	lines: string;
	error?: string;
	result?: BulkResult;
}

export function bulkPage(ctx: PageContext, form: BulkForm): Html {
	const { t } = ctx;
	const r = form.result;
	const statements = r ? r.rows.reduce((n, row) => n + row.statements.length, 0) : 0;
	return page(
		ctx,
		t("bulk.title"),
		html`<div class="wrap">
<h1>${t("bulk.title")}</h1>
<p>${t("bulk.intro")}</p>
<form class="card bulk" method="post" action="/verify" data-bulk data-msg-reading="${t("bulk.reading")}">
<div><label for="bulk-type">${t("bulk.type")}</label>
<select id="bulk-type" name="type">${(["certificate", "report"] as const).map(
			(v) =>
				html`<option value="${v}"${v === form.type ? html` selected` : ""}>${t(`bulk.type.${v}`)}</option>`,
		)}</select></div>
<div><label for="bulk-lines">${t("bulk.lines")}</label>
<textarea id="bulk-lines" name="lines" rows="10" spellcheck="false"${form.error ? html` aria-invalid="true" aria-describedby="bulk-error"` : ""}>${form.lines}</textarea>
${form.error ? html`<p class="field-error" id="bulk-error">${form.error}</p>` : ""}</div>
<div><label for="bulk-file">${t("bulk.file")}</label> <input type="file" id="bulk-file" accept=".csv,.txt,text/csv,text/plain"></div>
<div><button type="submit">${t("bulk.submit")}</button> <button type="submit" formaction="/verify.csv" class="button secondary">${t("bulk.csv")}</button></div>
</form>
${r ? bulkTable(ctx, r, statements) : ""}
</div>`,
	);
}

function bulkTable(ctx: PageContext, r: BulkResult, statements: number): Html {
	const { t } = ctx;
	const counts = Object.entries(r.counts).filter(([k, n]) => n > 0 && k !== "error");
	return html`<h2>${t("bulk.summary", { lines: formatNumber(ctx.lang, r.rows.length), statements: formatNumber(ctx.lang, statements) })}
${counts.map(([k, n]) => html` ${resultBadge(ctx, { result: k })} ${formatNumber(ctx.lang, n)}`)}
${r.counts.error ? html` · ${t("bulk.errors", { n: formatNumber(ctx.lang, r.counts.error) })}` : ""}</h2>
<div class="table-wrap"><table class="bulk-results">
<thead><tr><th>${t("bulk.line")}</th><th>${t("bulk.input")}</th><th>${t("bulk.number")}</th><th>${t("bulk.result")}</th><th>${t("bulk.holder")}</th><th>${t("bulk.issuer")}</th></tr></thead>
<tbody>${r.rows.map((row) =>
		row.statements.length === 0
			? html`<tr class="error"><td>${row.line}</td><td class="mono">${row.input}</td><td colspan="4">${row.error ? (ctx.lang === "zh-CN" ? row.error.zh : row.error.en) : ""}</td></tr>`
			: row.statements.map(
					(
						s,
						i,
					) => html`<tr>${i === 0 ? html`<td rowspan="${row.statements.length}">${row.line}</td><td rowspan="${row.statements.length}" class="mono">${row.input}${row.organization ? html`<br><span class="muted">${row.organization}</span>` : ""}</td>` : ""}
<td class="mono"><a href="${verifyHref(s.type, s.query.number, s.query.issuer)}">${s.query.number}</a></td>
<td>${resultBadge(ctx, s)}${s.since ? html` <span class="muted">${date(ctx, s.since)}</span>` : ""}${s.reason ? html`<br><span class="muted">${meaning(ctx, s)}</span>` : ""}</td>
<td>${s.holder?.name ?? ""}</td><td>${s.issuer?.name ?? ""}</td></tr>`,
				),
	)}</tbody></table></div>`;
}

/** The printable sheet of a found record, bilingual (verify/sheet.ts lays it out). */
export function verificationSheet(s: VerificationStatement, url: string): Sheet {
	const zh = (lang: "zh-CN" | "en", key: MessageKey, p?: Record<string, string>) => message(lang, key, p);
	const both = (key: MessageKey, p?: Record<string, string>) => `${zh("zh-CN", key, p)} ${zh("en", key, p)}`;
	const rec = (s.record ?? {}) as Record<string, unknown>;
	const cert = s.type === "certificate";
	const lines = [
		{ label: cert ? "证书编号 No." : "报告编号 No.", value: s.query.number },
		{
			label: cert ? "持有人 Holder" : "委托方 Client",
			value: `${s.holder?.name ?? ""}${s.holder?.uscc ? `（${s.holder.uscc}）` : ""}`,
		},
		{
			label: cert ? "发证机构 Issuer" : "出具机构 Lab",
			value: `${s.issuer?.name ?? ""}（${s.issuer?.uscc ?? ""}）`,
		},
		{ label: "范围 Scope", value: s.scope ?? "" },
		cert
			? { label: "有效期 Validity", value: `${rec.issueDate} — ${rec.expiryDate}` }
			: { label: "签发日期 Issued", value: String(rec.issueDate ?? "") },
		{ label: "核验时间 Checked", value: `${s.madeAt.replace("T", " ").slice(0, 16)} UTC` },
		{
			label: "透明日志 Log",
			value:
				s.log && s.checkpoint
					? `#${s.log.index} · checkpoint ${s.checkpoint.split("\n")[1]} · ${s.log.origin}`
					: "",
		},
	];
	return {
		title: cert ? "证书核验单 Certificate verification" : "报告核验单 Report verification",
		subtitle: "OpenTIC 检验检测认证公共信息平台 · public register of testing, inspection and certification",
		verdict: `${both(`v.result.${s.result}` as MessageKey)}${s.since ? `  ${s.since}` : ""}`,
		lines,
		url,
		footer: [
			"本核验单反映打印时的状态，不代替证书或报告原件。请扫描二维码或访问上述地址查看最新状态。",
			"This sheet shows the status when it was printed and does not replace the certificate or report. Scan the code or open the address above for the current status.",
		],
	};
}
