/**
 * The public progress of a qualification application (资质认定), by its number: type and path, the step it
 * is at, the working days used and left with the due day, whether it waits for the applicant (the clock
 * stands still then), the statutory period used, and the steps taken with their days. Only what
 * `publicProgress` (src/core/approval/public-view.ts) gives: no names, reasons or findings.
 */
import type { PublicProgress } from "../../../core/approval/public-view.ts";
import { type Html, html } from "../html.ts";
import { vocab } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import { date } from "./components.ts";

/** The lookup by application number. */
export function applicationLookup(ctx: PageContext, value = ""): Html {
	const { t } = ctx;
	return html`<section class="card"><h2>${t("application.lookup")}</h2>
<form class="search" method="get" action="/applications">
<div class="q"><label for="f-number">${t("application.numberLabel")}</label>
<input type="text" id="f-number" name="number" value="${value}" maxlength="40" autocapitalize="characters" autocomplete="off" spellcheck="false" placeholder="ZR2026000001"></div>
<div><button type="submit">${t("application.lookupSubmit")}</button></div>
</form></section>`;
}

/** The lookup page on its own. */
export function applicationLookupPage(ctx: PageContext): Html {
	const { t } = ctx;
	return page(
		ctx,
		t("application.title"),
		html`<div class="wrap">
<h1>${t("application.title")}</h1>
<p>${t("application.intro")}</p>
${applicationLookup(ctx)}
</div>`,
		{ description: t("application.intro") },
	);
}

function stepClass(p: PublicProgress): string {
	if (["granted", "issued", "verified"].includes(p.step.code)) return "valid";
	if (["not_accepted", "refused", "revoked", "withdrawn"].includes(p.step.code)) return "expired";
	return "suspended";
}

/** One application's progress. */
export function applicationProgressPage(ctx: PageContext, p: PublicProgress): Html {
	const { t } = ctx;
	const v = (l: { code: string; zh: string; en: string }) => vocab(ctx.lang, l, l.code);
	const clock =
		p.remainingWorkdays === null
			? ""
			: p.waitingForApplicant
				? html`<p class="notice">${t("application.waiting")}</p>`
				: p.overdue
					? html`<p class="notice">${t("application.overdue", { date: date(ctx, p.dueOn) })}</p>`
					: "";
	return page(
		ctx,
		`${t("application.progressTitle")} ${p.number}`,
		html`<div class="wrap">
<p class="muted"><a href="/applications">${t("application.title")}</a></p>
<h1>${t("application.progressTitle")}</h1>
<p class="status-line"><span class="badge big s-${stepClass(p)}">${v(p.step)}</span> <span class="mono">${p.number}</span></p>
${clock}
<section class="card"><dl class="facts">
<dt>${t("application.type")}</dt><dd>${v(p.type)}</dd>
<dt>${t("application.path")}</dt><dd>${v(p.path)}</dd>
${
	p.remainingWorkdays === null
		? ""
		: html`<dt>${t("application.stepClock")}</dt><dd>${t("application.stepClockText", {
				used: String(p.usedWorkdays ?? 0),
				left: String(Math.max(0, p.remainingWorkdays)),
			})}</dd>
<dt>${t("application.dueOn")}</dt><dd>${date(ctx, p.dueOn)}</dd>`
}
<dt>${t("application.statutory")}</dt><dd>${t("application.statutoryText", {
			used: String(p.statutory.usedWorkdays),
			limit: String(p.statutory.limitWorkdays),
		})}</dd>
</dl></section>
<section><h2>${t("application.steps")}</h2>
<ol class="timeline">${p.history.map((s) => html`<li><strong>${v(s.step)}</strong> · ${date(ctx, s.on)}</li>`)}</ol></section>
<p class="hint">${t("application.hint")}</p>
${applicationLookup(ctx)}
</div>`,
	);
}
