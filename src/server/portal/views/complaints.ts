/**
 * Complaints and reports (投诉举报) on the portal: the form (a plain HTML form that works without
 * JavaScript, files included, each problem shown beside its field), the page that gives the tracking
 * number, and the progress page a complainant follows with it — which never shows their name, contact
 * or what they wrote.
 */
import type { Problem } from "../../../core/problem.ts";
import { DISTRICTS } from "../../../core/reference/districts.ts";
import {
	ACCEPT_WITHIN_WORKDAYS,
	CLOSE_WITHIN_WORKDAYS,
	COMPLAINT_KINDS,
	COMPLAINT_LIMITS,
	type complaintProgress,
} from "../../complaints/complaints.service.ts";
import { type Html, html } from "../html.ts";
import type { MessageKey } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import { certificateHref, date, organizationHref, reportHref } from "./components.ts";

type Progress = Awaited<ReturnType<typeof complaintProgress>>;

/** What the form holds when it is shown again (never the files: a browser cannot be given them back). */
export interface ComplaintFormValues {
	kind?: string;
	subjectName?: string;
	subjectUscc?: string;
	recordNumber?: string;
	district?: string;
	description?: string;
	anonymous?: boolean;
	name?: string;
	phone?: string;
	email?: string;
}

/** The form's fields in order, with their labels: the error summary lists problems in this order. */
const FIELDS: [field: string, label: MessageKey][] = [
	["kind", "complaint.kind"],
	["subjectName", "complaint.subjectName"],
	["subjectUscc", "complaint.subjectUscc"],
	["recordNumber", "complaint.recordNumber"],
	["district", "complaint.district"],
	["description", "complaint.description"],
	["attachments", "complaint.attachments"],
	["anonymous", "complaint.anonymousLabel"],
	["name", "complaint.name"],
	["phone", "complaint.phone"],
	["email", "complaint.email"],
];

/** The form field a problem belongs to (`attachments[1]` → attachments). */
function fieldOf(p: Problem): string {
	return p.field.replace(/\[\d+\]$/, "");
}

function statusClass(status: string): string {
	return status === "closed" ? "valid" : status === "rejected" ? "expired" : "suspended";
}

export function complaintFormPage(
	ctx: PageContext,
	form: ComplaintFormValues,
	problems: readonly Problem[] = [],
	notice?: string,
): Html {
	const { t, lang } = ctx;
	const L = COMPLAINT_LIMITS;
	const text = (p: Problem) => (lang === "zh-CN" ? p.messageZh : p.messageEn);
	const errorsOf = (field: string) => problems.filter((p) => fieldOf(p) === field);
	const invalid = (field: string) =>
		errorsOf(field).length ? html` aria-invalid="true" aria-describedby="e-${field}"` : "";
	const errors = (field: string) => {
		const list = errorsOf(field);
		return list.length ? html`<p class="field-error" id="e-${field}">${list.map(text).join("；")}</p>` : "";
	};
	const input = (
		field: keyof ComplaintFormValues,
		label: MessageKey,
		extra: Html | string = "",
		max = 100,
		hint?: MessageKey,
	) => {
		const described = [hint ? `h-${field}` : "", errorsOf(field).length ? `e-${field}` : ""].filter(Boolean);
		return html`<div><label for="f-${field}">${t(label)}</label>
<input type="text" id="f-${field}" name="${field}" value="${(form[field] as string | undefined) ?? ""}" maxlength="${max}"${extra}${errorsOf(field).length ? html` aria-invalid="true"` : ""}${described.length ? html` aria-describedby="${described.join(" ")}"` : ""}>
${hint ? html`<p class="hint" id="h-${field}">${t(hint)}</p>` : ""}
${errors(field)}</div>`;
	};
	const ordered = FIELDS.flatMap(([field, label]) => errorsOf(field).map((p) => ({ field, label, p })));
	return page(
		ctx,
		t("complaint.title"),
		html`<div class="wrap">
<h1>${t("complaint.title")}</h1>
<p>${t("complaint.intro")}</p>
${notice ? html`<p class="notice" role="alert">${notice}</p>` : ""}
${
	ordered.length
		? html`<div class="notice" role="alert"><p>${t("complaint.errors", { n: ordered.length })}</p><ul>${ordered.map(
				(o) => html`<li><a href="#f-${o.field}">${t(o.label)}</a>：${text(o.p)}</li>`,
			)}</ul><p>${t("complaint.attachmentsAgain")}</p></div>`
		: ""
}
<form class="card bulk" method="post" action="/complaints/new" enctype="multipart/form-data">
<div><label for="f-kind">${t("complaint.kind")}</label>
<select id="f-kind" name="kind" required${invalid("kind")}><option value="">${t("complaint.kind.choose")}</option>${COMPLAINT_KINDS.map(
			(k) =>
				html`<option value="${k}"${form.kind === k ? html` selected` : ""}>${t(`complaint.kind.${k}` as MessageKey)}</option>`,
		)}</select>
<p class="hint">${t("complaint.kindHint")}</p>
${errors("kind")}</div>
${input("subjectName", "complaint.subjectName", "", L.subjectNameMax)}
${input("subjectUscc", "complaint.subjectUscc", html` autocapitalize="characters" spellcheck="false"`, 18, "complaint.subjectHint")}
${input("recordNumber", "complaint.recordNumber", html` autocapitalize="characters" spellcheck="false"`, L.recordMax)}
<div><label for="f-district">${t("complaint.district")}</label>
<select id="f-district" name="district"${invalid("district")}><option value="">${t("complaint.district.unknown")}</option>${DISTRICTS.map(
			(d) =>
				html`<option value="${d.code}"${form.district === d.code ? html` selected` : ""}>${lang === "zh-CN" ? d.nameZh : d.nameEn}</option>`,
		)}</select>
${errors("district")}</div>
<div><label for="f-description">${t("complaint.description")}</label>
<textarea id="f-description" name="description" rows="8" maxlength="${L.descriptionMax}" required style="font:inherit"${invalid("description")}>${form.description ?? ""}</textarea>
<p class="hint">${t("complaint.descriptionHint", { min: L.descriptionMin, max: L.descriptionMax })}</p>
${errors("description")}</div>
<div><label for="f-attachments">${t("complaint.attachments")}</label>
<input type="file" id="f-attachments" name="attachments" multiple accept="image/png,image/jpeg,application/pdf,.png,.jpg,.jpeg,.pdf"${invalid("attachments")}>
<p class="hint">${t("complaint.attachmentsHint", { n: L.attachments, mb: L.attachmentBytes / 1024 / 1024 })}</p>
${errors("attachments")}</div>
<h2>${t("complaint.contact")}</h2>
<p class="hint">${t("complaint.contactHint")}</p>
<div><label><input type="checkbox" name="anonymous" value="true"${form.anonymous ? html` checked` : ""}${invalid("anonymous")}> ${t("complaint.anonymous")}</label>
${errors("anonymous")}</div>
${input("name", "complaint.name", html` autocomplete="name"`, L.nameMax)}
${input("phone", "complaint.phone", html` inputmode="tel" autocomplete="tel"`, 20, "complaint.phoneHint")}
${input("email", "complaint.email", html` inputmode="email" autocomplete="email" spellcheck="false"`, L.emailMax)}
<div><button type="submit">${t("complaint.submit")}</button></div>
</form>
${trackForm(ctx)}
</div>`,
		{ description: t("complaint.intro") },
	);
}

/** The lookup by tracking number. */
function trackForm(ctx: PageContext, value = ""): Html {
	const { t } = ctx;
	return html`<section class="card"><h2>${t("complaint.track")}</h2>
<form class="search" method="get" action="/complaints">
<div class="q"><label for="f-tracking">${t("complaint.trackLabel")}</label>
<input type="text" id="f-tracking" name="tracking" value="${value}" maxlength="40" autocapitalize="characters" autocomplete="off" spellcheck="false" placeholder="TS20260601XXXXXXXX"></div>
<div><button type="submit">${t("complaint.trackSubmit")}</button></div>
</form></section>`;
}

/** After filing: the tracking number, prominently, and the way to follow it. */
export function complaintFiledPage(
	ctx: PageContext,
	r: { tracking: string; acceptBy: string; kind: string },
): Html {
	const { t } = ctx;
	const kind = t(`complaint.kind.${r.kind === "report" ? "report" : "complaint"}` as MessageKey);
	return page(
		ctx,
		t("complaint.filed.title", { kind }),
		html`<div class="wrap">
<h1>${t("complaint.filed.title", { kind })}</h1>
<section class="card" role="status">
<p>${t("complaint.filed.number")}</p>
<p><strong class="mono" id="tracking" style="font-size:28px;letter-spacing:1px;overflow-wrap:anywhere">${r.tracking}</strong></p>
<p>${t("complaint.filed.keep")}</p>
<p>${t("complaint.filed.acceptBy", { date: date(ctx, r.acceptBy), n: ACCEPT_WITHIN_WORKDAYS })}</p>
<p><a class="button" href="/complaints/${encodeURIComponent(r.tracking)}">${t("complaint.filed.follow")}</a></p>
</section>
</div>`,
	);
}

/** The progress page: status, deadlines in working days, each step with its public note, the outcome. */
export function complaintProgressPage(ctx: PageContext, p: Progress): Html {
	const { t } = ctx;
	const status = (s: string) => t(`complaint.status.${s}` as MessageKey);
	const record = p.record;
	const recordLink = record
		? record.type === "certificate"
			? html`<a class="mono" href="${certificateHref(record.number)}">${record.number}</a>`
			: record.type === "report"
				? html`<a class="mono" href="${reportHref(record.number)}">${record.number}</a>`
				: html`<span class="mono">${record.number}</span>`
		: "";
	return page(
		ctx,
		t("complaint.progress.title"),
		html`<div class="wrap">
<p class="muted"><a href="/complaints/new">${t("complaint.title")}</a></p>
<h1>${t("complaint.progress.title")}</h1>
<p class="status-line"><span class="badge big s-${statusClass(p.status)}">${status(p.status)}</span> <span class="mono">${p.tracking}</span></p>
${p.overdue ? html`<p class="notice">${t("complaint.progress.overdue")}</p>` : ""}
<section class="card"><dl class="facts">
<dt>${t("complaint.kind")}</dt><dd>${t(`complaint.kind.${p.kind}` as MessageKey)}</dd>
<dt>${t("complaint.progress.receivedOn")}</dt><dd>${date(ctx, p.receivedOn)}</dd>
<dt>${t("complaint.progress.acceptBy")}</dt><dd>${t("complaint.progress.acceptByText", { date: date(ctx, p.acceptBy), n: ACCEPT_WITHIN_WORKDAYS })}</dd>
${p.acceptedOn ? html`<dt>${t("complaint.progress.acceptedOn")}</dt><dd>${date(ctx, p.acceptedOn)}</dd>` : ""}
${p.closeBy ? html`<dt>${t("complaint.progress.closeBy")}</dt><dd>${t("complaint.progress.closeByText", { date: date(ctx, p.closeBy), n: CLOSE_WITHIN_WORKDAYS })}</dd>` : ""}
${p.closedOn ? html`<dt>${t("complaint.progress.closedOn")}</dt><dd>${date(ctx, p.closedOn)}</dd>` : ""}
${p.subject ? html`<dt>${t("complaint.progress.subject")}</dt><dd><a href="${organizationHref(p.subject.uscc)}">${p.subject.name}</a></dd>` : ""}
${record ? html`<dt>${t("complaint.progress.record")}</dt><dd>${recordLink}</dd>` : ""}
</dl></section>
${
	p.outcome
		? html`<section class="card"><h2>${t("complaint.progress.outcome")}</h2>
<p><strong>${t(`complaint.outcome.${p.outcome}` as MessageKey)}</strong></p>
${p.publicText ? html`<p>${p.publicText}</p>` : ""}</section>`
		: ""
}
<section><h2>${t("complaint.progress.steps")}</h2>
<ol class="timeline">${p.steps.map(
			(s) =>
				html`<li><strong>${status(s.status)}</strong> · ${date(ctx, s.on)}${s.note ? html`<br>${s.note}` : ""}</li>`,
		)}</ol></section>
<p class="hint">${t("complaint.progress.keep")}</p>
${trackForm(ctx)}
</div>`,
	);
}
