/**
 * The integrity file (诚信档案) on the portal: one credit event as a list item, shared by the organisation
 * page and the credit report; and the credit report itself (信用报告) — a printable page and an A4 PDF of
 * an organisation's bans and events, made at a named checkpoint of the transparency log so that every fact
 * on it can be checked. Never the credit grade: it is a regulator's internal reference (国市监信发〔2022〕
 * 6号), not a public rating, and the report says so. The PDF is in Chinese, with English beside its short
 * labels; the page follows the reader's language.
 */
import { ORG_KIND_INFO } from "../../../core/records/organization.ts";
import { districtByCode } from "../../../core/reference/districts.ts";
import { fieldRows, gapRow, PdfFlow, type Row, ruleRow, textRows } from "../../pdf/flow.ts";
import { pdfDocument } from "../../pdf/pdf.ts";
import { type Html, html } from "../html.ts";
import { formatDate, formatNumber, type Lang, type MessageKey, message, vocab } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import { certificateHref, date, districtName, instant, organizationHref, orgKindName } from "./components.ts";

type Text = { zh: string; en: string };

/** One event of an organisation's integrity file, as the public sees it (never the credit grade). */
export interface CreditEventView {
	kind: string;
	kindText: Text;
	occurredOn: string;
	/** Where it came from, unique per kind: a spot-check task, a decision's number, a tracking number. */
	source: string;
	outcome: string | null;
	/** The public summary, in Chinese. */
	summary: string;
	/** The event's public facts: for a spot check, batch, findings, certificate, rectifyBy, rectifiedOn. */
	detail: Record<string, unknown>;
	/** active, or withdrawn (an appeal upheld). */
	status: string;
	logIndex: number | null;
	/** For a withdrawn event: the day the appeal was upheld, the regulator's reasons, the log entry. */
	withdrawal?: { on: string; note: string; logIndex: number | null } | null;
}

/** A ban on an organisation, as published (bans.service.ts `listBans`). */
export interface BanView {
	scope: string;
	scopeText: Text | undefined;
	startsOn: string;
	endsOn: string | null;
	reference: string;
	authority: string;
	reason: string;
	/** active, or lifted. */
	status: string;
	liftedOn: string | null;
	/** Why it was lifted, published with the lifting. */
	liftReason?: string | null;
	logIndex: number | null;
}

/** What a credit report shows, read at one moment. */
export interface CreditReportView {
	organization: { uscc: string; name: string; kind: string; district: string | null };
	bans: BanView[];
	events: CreditEventView[];
	/** When it was produced, and that day in China. */
	producedAt: string;
	today: string;
	/** The signed checkpoint that covers every log entry the report names; null while the log has none. */
	checkpoint: { size: number; rootHash: string; note: string } | null;
	log: { origin: string; verifierKey: string };
	/** The platform's public address, for the links printed on paper. */
	publicUrl: string;
}

/** Badge colours for outcomes, from the status classes the register already uses. */
const OUTCOME_CLASS: Record<string, string> = {
	pass: "pass",
	fail: "fail",
	rectify: "suspended",
	unable: "none",
	upheld: "fail",
	partly_upheld: "suspended",
	not_upheld: "none",
};
/** Where the words for an outcome live: spot-check results and complaint outcomes. */
const OUTCOME_KEY: Record<string, MessageKey> = {
	pass: "spot.result.pass",
	fail: "spot.result.fail",
	rectify: "spot.result.rectify",
	unable: "spot.result.unable",
	upheld: "org.credit.outcome.upheld",
	partly_upheld: "org.credit.outcome.partly_upheld",
	not_upheld: "org.credit.outcome.not_upheld",
};

function outcomeText(lang: Lang, outcome: string): string {
	const key = OUTCOME_KEY[outcome];
	return key ? message(lang, key) : outcome;
}

/** A detail fact when it is a non-empty string (the detail is free-form JSON). */
function fact(detail: Record<string, unknown>, key: string): string | null {
	const v = detail[key];
	return typeof v === "string" && v !== "" ? v : null;
}

/** The facts an event may carry, whatever its kind. */
function eventFacts(e: CreditEventView) {
	const d = e.detail;
	const url = fact(d, "url");
	return {
		batch: fact(d, "batch"),
		certificate: fact(d, "certificate"),
		findings: fact(d, "findings"),
		rectifyBy: fact(d, "rectifyBy"),
		rectifiedOn: fact(d, "rectifiedOn"),
		reference: fact(d, "reference"),
		authority: fact(d, "authority"),
		tracking: e.kind === "complaint" ? fact(d, "tracking") : null,
		// A body's own published report: read where it says, if that is a web address.
		url: url && /^https:\/\/\S+$/.test(url) ? url : null,
	};
}

/** The public entry of log index `i` (the API serves it once a signed checkpoint covers it). */
const entryHref = (i: number) => `/api/v1/log/entries/${i}`;

function outcomeBadge(ctx: PageContext, outcome: string | null): Html | string {
	if (!outcome) return "";
	return html`<span class="badge s-${OUTCOME_CLASS[outcome] ?? "none"}">${outcomeText(ctx.lang, outcome)}</span>`;
}

/** One credit event as a list item: what happened, its outcome, findings, where it came from, its log entry. */
export function creditEventItem(ctx: PageContext, e: CreditEventView): Html {
	const { t } = ctx;
	const f = eventFacts(e);
	const withdrawn = e.status === "withdrawn";
	const links = [
		f.batch
			? html`<a href="/spot-checks/${encodeURIComponent(f.batch)}">${t("org.credit.batch", { code: f.batch })}</a>`
			: null,
		f.certificate
			? html`<a href="${certificateHref(f.certificate)}">${t("org.credit.certificate", { number: f.certificate })}</a>`
			: null,
		f.tracking
			? html`<a href="/complaints/${encodeURIComponent(f.tracking)}">${t("org.credit.complaint", { tracking: f.tracking })}</a>`
			: null,
		f.url ? html`<a href="${f.url}" rel="noopener">${f.url}</a>` : null,
		e.logIndex === null
			? null
			: html`<a href="${entryHref(e.logIndex)}">${t("org.credit.log", { index: String(e.logIndex) })}</a>`,
	].filter((x) => x !== null);
	return html`<li${withdrawn ? html` class="withdrawn"` : ""}>
<div class="head"><span class="title">${date(ctx, e.occurredOn)} · ${vocab(ctx.lang, e.kindText, e.kind)}</span><span>${outcomeBadge(ctx, e.outcome)}${withdrawn ? html` <span class="badge s-none">${t("org.credit.withdrawn")}</span>` : ""}</span></div>
<div>${e.summary}</div>
${f.reference ? html`<div class="meta">${t("org.credit.decision", { reference: f.reference })}${f.authority ? ` · ${t("org.credit.authority", { authority: f.authority })}` : ""}</div>` : ""}
${f.findings ? html`<div class="meta">${t("org.credit.findings", { text: f.findings })}</div>` : ""}
${
	f.rectifiedOn
		? html`<div class="meta">${t("org.credit.rectifiedOn", { date: date(ctx, f.rectifiedOn) })}</div>`
		: f.rectifyBy
			? html`<div class="meta">${t("spot.rectifyBy", { date: date(ctx, f.rectifyBy) })}</div>`
			: ""
}
${withdrawn ? html`<div class="meta">${t("report.credit.event.withdrawnWhy")}</div>` : ""}
${
	e.withdrawal
		? html`<div class="meta">${t("report.credit.event.withdrawal", { date: date(ctx, e.withdrawal.on), note: e.withdrawal.note })}${e.withdrawal.logIndex === null ? "" : html` · <a href="${entryHref(e.withdrawal.logIndex)}">${t("org.credit.log", { index: String(e.withdrawal.logIndex) })}</a>`}</div>`
		: ""
}
${links.length ? html`<div class="meta">${links.map((l, i) => html`${i ? " · " : ""}${l}`)}</div>` : ""}
</li>`;
}

/** The report's address on the portal. */
export function creditReportHref(uscc: string): string {
	return `${organizationHref(uscc)}/credit-report`;
}

type BanState = "inForce" | "notYet" | "lifted" | "ended";

function banState(b: BanView, today: string): BanState {
	if (b.status !== "active") return "lifted";
	if (b.endsOn !== null && b.endsOn < today) return "ended";
	return b.startsOn > today ? "notYet" : "inForce";
}

/** A ban's facts in a language, in the order both the page and the PDF give them. */
function banFacts(lang: Lang, b: BanView, today: string) {
	const d = (s: string) => formatDate(lang, s);
	const m = (key: MessageKey, p?: Record<string, string>) => message(lang, key, p);
	const state = banState(b, today);
	return {
		scope: m("report.credit.ban.title", { scope: vocab(lang, b.scopeText, b.scope) }),
		term:
			b.endsOn === null
				? m("report.credit.ban.lifetime", { from: d(b.startsOn) })
				: m("report.credit.ban.until", { from: d(b.startsOn), until: d(b.endsOn) }),
		status:
			state === "lifted"
				? m("report.credit.ban.lifted", { date: d(b.liftedOn ?? "") })
				: state === "ended"
					? m("report.credit.ban.ended", { date: d(b.endsOn ?? "") })
					: state === "notYet"
						? m("report.credit.ban.notYet", { date: d(b.startsOn) })
						: m("report.credit.ban.inForce"),
		state,
	};
}

function splitBans(r: CreditReportView) {
	const current = r.bans.filter((b) => ["inForce", "notYet"].includes(banState(b, r.today)));
	return { current, past: r.bans.filter((b) => !current.includes(b)) };
}

function banList(ctx: PageContext, bans: BanView[], today: string): Html {
	const { t } = ctx;
	if (!bans.length) return html`<p>${t("report.credit.bansNone")}</p>`;
	return html`<ol class="results">${bans.map((b) => {
		const f = banFacts(ctx.lang, b, today);
		const cls = f.state === "inForce" || f.state === "notYet" ? "fail" : "none";
		return html`<li>
<div class="head"><span class="title">${f.scope}</span><span class="badge s-${cls}">${f.status}</span></div>
<dl class="facts">
<dt>${t("report.credit.ban.term")}</dt><dd>${f.term}</dd>
<dt>${t("report.credit.ban.reference")}</dt><dd>${b.reference}</dd>
<dt>${t("report.credit.ban.authority")}</dt><dd>${b.authority}</dd>
<dt>${t("report.credit.ban.reason")}</dt><dd>${b.reason}</dd>
${b.status === "lifted" && b.liftReason ? html`<dt>${t("report.credit.ban.liftReason")}</dt><dd>${b.liftReason}</dd>` : ""}
${b.logIndex === null ? "" : html`<dt>${t("report.credit.event.log")}</dt><dd><a href="${entryHref(b.logIndex)}">#${b.logIndex}</a></dd>`}
</dl>
</li>`;
	})}</ol>`;
}

/** How to check the report against the log, in a language, with the addresses to use. */
function verifyTexts(lang: Lang, r: CreditReportView, base: string) {
	const cp = r.checkpoint;
	if (!cp) return [message(lang, "report.credit.noCheckpoint")];
	return [
		message(lang, "report.credit.verifyText", { size: String(cp.size), root: cp.rootHash }),
		message(lang, "report.credit.verifyEntry", {
			entry: `${base}/api/v1/log/entries/N`,
			inclusion: `${base}/api/v1/log/proof/inclusion?index=N&size=${cp.size}`,
		}),
		message(lang, "report.credit.verifyCheckpoint", {
			key: r.log.verifierKey,
			consistency: `${base}/api/v1/log/proof/consistency?from=${cp.size}`,
		}),
		message(lang, "report.credit.verifyLater"),
	];
}

/** The printable page: `/organizations/{uscc}/credit-report`. */
export function creditReportPage(ctx: PageContext, r: CreditReportView): Html {
	const { t } = ctx;
	const o = r.organization;
	const self = creditReportHref(o.uscc);
	const { current, past } = splitBans(r);
	const withdrawn = r.events.filter((e) => e.status === "withdrawn").length;
	const cp = r.checkpoint;
	return page(
		ctx,
		`${t("report.credit.title")} · ${o.name}`,
		html`<div class="wrap credit-report">
<p class="no-print muted"><a href="${organizationHref(o.uscc)}#credit">${t("report.credit.back")}</a> · <a href="${self}.pdf">${t("report.credit.pdf")}</a> · ${t("report.credit.printHint")}</p>
<p class="muted">${t("site.name")}</p>
<h1>${t("report.credit.title")}</h1>
<p class="muted">${t("report.credit.subtitle")}</p>
<div class="card">
<dl class="facts">
<dt>${t("report.credit.name")}</dt><dd><a href="${organizationHref(o.uscc)}">${o.name}</a></dd>
<dt>${t("org.uscc")}</dt><dd class="mono">${o.uscc}</dd>
<dt>${t("org.kind")}</dt><dd>${orgKindName(ctx, o.kind)}</dd>
<dt>${t("org.district")}</dt><dd>${districtName(ctx, o.district)}</dd>
<dt>${t("report.credit.producedAt")}</dt><dd>${instant(ctx, r.producedAt)}</dd>
<dt>${t("report.credit.checkpoint")}</dt><dd>${
			cp
				? t("report.credit.checkpointText", { size: formatNumber(ctx.lang, cp.size), root: cp.rootHash })
				: t("report.credit.noCheckpoint")
		}</dd>
<dt>${t("report.credit.address")}</dt><dd class="mono">${r.publicUrl}${self}</dd>
</dl>
</div>
<p class="notice">${t("report.credit.gradeNote")}</p>
<h2 id="bans">${t("report.credit.bans")}</h2>
<h3>${t("report.credit.bansInForce")}</h3>
${banList(ctx, current, r.today)}
<h3>${t("report.credit.bansPast")}</h3>
${banList(ctx, past, r.today)}
<h2 id="events">${t("report.credit.events")}</h2>
${
	r.events.length
		? html`<p class="muted">${t("report.credit.eventsCount", { n: formatNumber(ctx.lang, r.events.length) })}${withdrawn ? `${ctx.lang === "en" ? " " : ""}${t("report.credit.eventsWithdrawn", { n: formatNumber(ctx.lang, withdrawn) })}` : ""}</p>
<ol class="results">${r.events.map((e) => creditEventItem(ctx, e))}</ol>`
		: html`<p>${t("report.credit.eventsNone")}</p>`
}
<section class="card log-proof" aria-labelledby="verify-title">
<h2 id="verify-title">${t("report.credit.verify")}</h2>
${verifyTexts(ctx.lang, r, r.publicUrl).map((p) => html`<p>${p}</p>`)}
${cp ? html`<pre class="mono checkpoint-note">${cp.note}</pre>` : ""}
</section>
</div>`,
		{ description: `${t("report.credit.title")} · ${o.name} · ${o.uscc}` },
	);
}

/** "中文 English" for a short label; the Chinese alone when the English would crowd it. */
function label(key: MessageKey): string {
	const en = message("en", key);
	return en.length <= 18 ? `${message("zh-CN", key)} ${en}` : message("zh-CN", key);
}

/** The same report as an A4 PDF, in Chinese: as many pages as it takes, each event kept on one page. */
export function creditReportPdf(r: CreditReportView): Buffer {
	const zh = (key: MessageKey, p?: Record<string, string>) => message("zh-CN", key, p);
	const d = (s: string) => formatDate("zh-CN", s);
	const o = r.organization;
	const cp = r.checkpoint;
	const flow = new PdfFlow({
		header: `${zh("report.credit.title")} · ${o.name} · ${o.uscc}`,
		footer: (n, count) =>
			`${o.name} · ${zh("report.credit.title")}${cp ? ` · 检查点 ${cp.size}` : ""} · ${r.today} · 第 ${n} 页，共 ${count} 页 (page ${n} of ${count})`,
	});
	const W = flow.width;
	const LABEL = 150;
	const field = (key: MessageKey, value: string, indent = 0): Row[] =>
		fieldRows(label(key), value, W, { labelWidth: LABEL, indent });

	flow.add(
		textRows(`${zh("report.credit.title")}  ${message("en", "report.credit.title")}`, W, { size: 20 }),
	);
	flow.add(textRows(`${zh("site.name")} · ${zh("report.credit.subtitle")}`, W, { size: 9, gray: 0.35 }));
	flow.add([ruleRow(W, 16)]);
	const kind = (ORG_KIND_INFO as Record<string, Text>)[o.kind];
	const district = o.district ? districtByCode(o.district) : undefined;
	flow.add([
		...field("report.credit.name", o.name),
		...field("org.uscc", o.uscc),
		...field("org.kind", kind ? `${kind.zh} ${kind.en}` : o.kind),
		...field("org.district", district ? `${district.nameZh} ${district.nameEn}` : "—"),
		...field(
			"report.credit.producedAt",
			new Date(r.producedAt).toLocaleString("zh-CN", {
				timeZone: "Asia/Shanghai",
				dateStyle: "long",
				timeStyle: "short",
			}),
		),
		...field(
			"report.credit.checkpoint",
			cp
				? zh("report.credit.checkpointText", { size: String(cp.size), root: cp.rootHash })
				: zh("report.credit.noCheckpoint"),
		),
		...field("report.credit.address", `${r.publicUrl}${creditReportHref(o.uscc)}`),
	]);
	flow.add([gapRow(6)]);
	flow.add(textRows(zh("report.credit.gradeNote"), W, { size: 10 }));

	const { current, past } = splitBans(r);
	flow.heading(label("report.credit.bans"));
	for (const [title, bans] of [
		[zh("report.credit.bansInForce"), current],
		[zh("report.credit.bansPast"), past],
	] as const) {
		flow.keep([
			...textRows(title, W, { size: 11 }),
			...(bans.length ? [] : textRows(zh("report.credit.bansNone"), W, { indent: 12 })),
		]);
		for (const b of bans) {
			const f = banFacts("zh-CN", b, r.today);
			flow.keep([
				...textRows(`【${f.status}】${f.scope} (${banFacts("en", b, r.today).scope})`, W, {
					size: 10,
					indent: 12,
				}),
				...field("report.credit.ban.term", f.term, 12),
				...field("report.credit.ban.reference", b.reference, 12),
				...field("report.credit.ban.authority", b.authority, 12),
				...field("report.credit.ban.reason", b.reason, 12),
				...(b.status === "lifted" && b.liftReason
					? field("report.credit.ban.liftReason", b.liftReason, 12)
					: []),
				...(b.logIndex === null ? [] : field("report.credit.event.log", `#${b.logIndex}`, 12)),
				gapRow(6),
			]);
		}
	}

	flow.heading(label("report.credit.events"));
	const withdrawn = r.events.filter((e) => e.status === "withdrawn").length;
	flow.add(
		textRows(
			r.events.length
				? `${zh("report.credit.eventsCount", { n: String(r.events.length) })}${withdrawn ? zh("report.credit.eventsWithdrawn", { n: String(withdrawn) }) : ""}`
				: zh("report.credit.eventsNone"),
			W,
			{ gray: 0.35 },
		),
	);
	for (const e of r.events) {
		const f = eventFacts(e);
		const source = f.batch
			? `${r.publicUrl}/spot-checks/${encodeURIComponent(f.batch)}`
			: f.tracking
				? `${r.publicUrl}/complaints/${encodeURIComponent(f.tracking)}`
				: (f.url ?? (e.source === f.reference ? null : e.source));
		const withdrawnEvent = e.status === "withdrawn";
		flow.keep([
			ruleRow(W, 10, 0.7),
			...textRows(
				`${d(e.occurredOn)} · ${e.kindText.zh} (${e.kindText.en})${withdrawnEvent ? `  【${zh("org.credit.withdrawn")} withdrawn】` : ""}`,
				W,
				{ size: 11 },
			),
			...textRows(e.summary, W, { indent: 12 }),
			...(e.outcome
				? field(
						"report.credit.event.outcome",
						`${outcomeText("zh-CN", e.outcome)} ${outcomeText("en", e.outcome)}`,
						12,
					)
				: []),
			...(f.reference ? field("report.credit.event.reference", f.reference, 12) : []),
			...(f.authority ? field("report.credit.event.authority", f.authority, 12) : []),
			...(f.findings ? field("report.credit.event.findings", f.findings, 12) : []),
			...(f.rectifiedOn || f.rectifyBy
				? field(
						"report.credit.event.rectification",
						f.rectifiedOn
							? zh("org.credit.rectifiedOn", { date: d(f.rectifiedOn) })
							: zh("spot.rectifyBy", { date: d(f.rectifyBy!) }),
						12,
					)
				: []),
			...(f.certificate ? field("report.credit.event.certificate", f.certificate, 12) : []),
			...(source ? field("report.credit.event.source", source, 12) : []),
			...(e.logIndex === null ? [] : field("report.credit.event.log", `#${e.logIndex}`, 12)),
			...(withdrawnEvent
				? textRows(zh("report.credit.event.withdrawnWhy"), W, { indent: 12, gray: 0.35 })
				: []),
			...(e.withdrawal
				? field(
						"report.credit.event.withdrawalField",
						`${d(e.withdrawal.on)} ${e.withdrawal.note}${e.withdrawal.logIndex === null ? "" : ` (#${e.withdrawal.logIndex})`}`,
						12,
					)
				: []),
			gapRow(4),
		]);
	}

	flow.heading(label("report.credit.verify"));
	for (const p of verifyTexts("zh-CN", r, r.publicUrl)) flow.add([...textRows(p, W), gapRow(4)]);
	if (cp) flow.keep(textRows(cp.note.trimEnd(), W, { size: 8, indent: 12, leading: 1.4 }));

	return pdfDocument(flow.finish(), { title: `${zh("report.credit.title")} · ${o.name}` });
}
