/**
 * The public spot-check pages (双随机、一公开): the published batches, and one batch — its manifest (what
 * was fixed before the draw), the random sources, the strata, every drawn object with its team and, once
 * published, its result — with the transcript to download and a button that recomputes the draw in the
 * reader's browser (src/web/portal/recompute-draw.ts, the same src/core/draw code the CLI runs).
 */
import type { publicBatch } from "../../spotchecks/spotchecks.service.ts";
import { type Html, html } from "../html.ts";
import { formatNumber, type MessageKey } from "../i18n/index.ts";
import { type PageContext, page } from "../layout.ts";
import {
	certificateHref,
	date,
	districtName,
	organizationHref,
	orgKindName,
	schemeName,
} from "./components.ts";

type Batch = Awaited<ReturnType<typeof publicBatch>>;
type Summary = { planId: number | null; code: string; title: string; status: string; drawDate: string };

function statusBadge(ctx: PageContext, status: string): Html {
	const cls = status === "drawn" ? "valid" : "suspended";
	return html`<span class="badge s-${cls}">${ctx.t(`spot.status.${status}` as MessageKey)}</span>`;
}

type Plan = {
	year: number;
	title: string;
	scope: string;
	batchesPlanned: number;
	timing: string;
	batches: Summary[];
};

function batchList(ctx: PageContext, items: Summary[]): Html {
	return html`<ol class="results">${items.map(
		(
			b,
		) => html`<li><div class="head"><a class="title" href="/spot-checks/${encodeURIComponent(b.code)}">${b.title}</a>${statusBadge(ctx, b.status)}</div>
<div class="meta"><span class="mono">${b.code}</span> · ${ctx.t("spot.drawDate")} ${date(ctx, b.drawDate)}</div></li>`,
	)}</ol>`;
}

export function spotBatchesPage(ctx: PageContext, plans: Plan[], unplanned: Summary[]): Html {
	const { t, lang } = ctx;
	return page(
		ctx,
		t("spot.title"),
		html`<div class="wrap">
<h1>${t("spot.title")}</h1>
<p>${t("spot.intro")}</p>
${plans.map(
	(p) => html`<section class="card"><h2>${p.title}</h2>
<dl class="facts"><dt>${t("spot.planScope")}</dt><dd>${p.scope}</dd>
<dt>${t("spot.planBatches")}</dt><dd>${t("spot.planBatchesText", { planned: formatNumber(lang, p.batchesPlanned), published: formatNumber(lang, p.batches.length) })}</dd>
<dt>${t("spot.planTiming")}</dt><dd>${p.timing}</dd></dl>
${p.batches.length ? batchList(ctx, p.batches) : html`<p class="muted">${t("spot.noneYet")}</p>`}
</section>`,
)}
${unplanned.length ? batchList(ctx, unplanned) : ""}
${plans.length === 0 && unplanned.length === 0 ? html`<p class="notice">${t("spot.none")}</p>` : ""}
</div>`,
	);
}

/** How the manifest selected its pool: objects, kinds, districts and fields, "all" where a list is empty. */
function scopeText(ctx: PageContext, scope: NonNullable<Batch["manifest"]["scope"]>): string {
	const { t, lang } = ctx;
	const list = (items: string[], name: (code: string) => string) =>
		items.length ? items.map(name).join(lang === "zh-CN" ? "、" : ", ") : t("spot.scope.all");
	const certificates = scope.objects === "certificates";
	return t("spot.scopeText", {
		objects: t(certificates ? "spot.scope.certificates" : "spot.scope.organizations"),
		kindsLabel: t(certificates ? "spot.scope.holderKinds" : "spot.scope.kinds"),
		kinds: list(scope.kinds, (k) => orgKindName(ctx, k)),
		districts: list(scope.districts, (d) => districtName(ctx, d)),
		schemes: list(scope.schemes, (s) => schemeName(ctx, s)),
	});
}

export function spotBatchPage(ctx: PageContext, b: Batch): Html {
	const { t, lang } = ctx;
	const m = b.manifest;
	const rule = (on: boolean, key: MessageKey, n = "") => (on ? html`<li>${t(key, { n })}</li>` : "");
	const api = `/api/v1/spot-batches/${encodeURIComponent(b.code)}`;
	const results = b.tasks.filter((x) => x.status === "published").length;
	const rectification = (x: Batch["tasks"][number]) =>
		x.rectifyBy
			? html`<br><span class="muted">${t("spot.rectifyBy", { date: date(ctx, x.rectifyBy) })}</span>${
					x.rectifiedOn
						? html`<br>${t("spot.rectifiedOn", { date: date(ctx, x.rectifiedOn) })}${x.rectification ? html`：${x.rectification}` : ""}`
						: ""
				}`
			: "";
	const drawnCount = (name: string) => {
		const s = b.strata?.find((x) => x.name === name);
		return s ? t("spot.drawnOf", { n: formatNumber(lang, s.count), of: formatNumber(lang, s.eligible) }) : "";
	};
	return page(
		ctx,
		`${b.title}`,
		html`<div class="wrap">
<p class="muted"><a href="/spot-checks">${t("spot.title")}</a></p>
<h1>${b.title}</h1>
<p class="status-line">${statusBadge(ctx, b.status)} <span class="mono">${b.code}</span> · ${t("spot.drawDate")} ${date(ctx, b.drawDate)}</p>
<section class="card"><h2>${t("spot.manifest")}</h2>
<p>${t("spot.manifestText", { date: b.publishedAt ? b.publishedAt.slice(0, 10) : "" })}</p>
<dl class="facts">
<dt>${t("spot.manifestHash")}</dt><dd class="mono">${b.manifestSha256}</dd>
${m.scope ? html`<dt>${t("spot.scope")}</dt><dd>${scopeText(ctx, m.scope)}</dd>` : ""}
<dt>${t("spot.pool")}</dt><dd>${t("spot.poolText", { objects: formatNumber(lang, m.pool.size), inspectors: formatNumber(lang, m.inspectors.size), conflicts: formatNumber(lang, m.conflicts.size) })}</dd>
<dt>${t("spot.strata")}</dt><dd>${m.strata
			.map(
				(s) =>
					`${t(`spot.grade.${s.name}` as MessageKey)}：${s.count !== undefined ? t("spot.count", { n: String(s.count) }) : `${formatNumber(lang, Math.round((s.proportion ?? 0) * 1000) / 10)}%`}${drawnCount(s.name)}`,
			)
			.join("；")}</dd>
<dt>${t("spot.team")}</dt><dd>${t("spot.teamText", { n: String(m.teamSize) })}<ul>${rule(m.rules.sameEmployer, "spot.rule.employer")}${rule(m.rules.declaredRelations, "spot.rule.relations")}${rule(m.rules.recentMonths > 0, "spot.rule.recent", String(m.rules.recentMonths))}${rule(m.rules.district === "avoid-home", "spot.rule.home")}${rule(m.rules.district === "within-coverage", "spot.rule.coverage")}${rule(m.rules.distinctEmployers, "spot.rule.teamEmployer")}</ul></dd>
<dt>${t("spot.exclusions")}</dt><dd>${formatNumber(lang, m.exclusions.length)}</dd>
<dt>${t("spot.sources")}</dt><dd><ol>${m.sources.map((s, i) => html`<li>${s.name}：${s.description}${b.sources?.[i] ? html`<br><span class="muted">${t("spot.revealed")}</span> <span class="mono">${b.sources[i]!.value}</span>` : ""}</li>`)}</ol></dd>
</dl>
<p class="muted"><a href="${api}/inputs" download>${t("spot.inputsJson")}</a>${b.logIndex !== null ? html` · ${t("log.recorded", { index: formatNumber(lang, b.logIndex) })}` : ""}</p>
</section>
${
	b.status === "drawn"
		? html`<section class="card log-proof" data-draw="${api}/transcript" data-lang="${lang}" data-msg-checking="${t("spot.checking")}" data-msg-ok="${t("spot.checkOk")}" data-msg-failed="${t("spot.checkFailed")}">
<h2>${t("spot.recomputeTitle")}</h2>
<p>${t("spot.recomputeText")}</p>
<p><button type="button" class="button" disabled>${t("spot.recompute")}</button></p>
<p class="log-status" role="status"></p>
<p class="muted"><a href="${api}/transcript" download>${t("spot.transcriptJson")}</a> · ${t("spot.cliHelp")}</p>
</section>
<section><h2>${t("spot.tasks")}</h2>
<p>${t("spot.tasksText", { n: formatNumber(lang, b.tasks.length), published: formatNumber(lang, results) })}</p>
<div class="table-wrap"><table><thead><tr><th scope="col">#</th><th scope="col">${t("spot.object")}</th><th scope="col">${t("spot.teamCol")}</th><th scope="col">${t("spot.result")}</th></tr></thead><tbody>
${b.tasks.map(
	(
		x,
	) => html`<tr><td>${x.seq}</td><td><a href="${organizationHref(x.object.uscc)}">${x.object.name}</a><br><span class="mono muted">${x.object.uscc}</span>${x.object.certificate ? html`<br>${t("spot.certificate")} <a class="mono" href="${certificateHref(x.object.certificate)}">${x.object.certificate}</a>` : ""}</td>
<td>${x.team.length ? x.team.join("、") : html`<span class="muted">${t("spot.noTeam")}</span>`}</td>
<td>${x.result ? html`${t(`spot.result.${x.result}` as MessageKey)}${x.inspectedOn ? html`<br><span class="muted">${date(ctx, x.inspectedOn)}</span>` : ""}${x.findings ? html`<br>${x.findings}` : ""}${rectification(x)}` : html`<span class="muted">${t("spot.pending")}</span>`}</td></tr>`,
)}
</tbody></table></div>
</section>`
		: html`<p class="notice">${t("spot.notDrawn")}</p>`
}
</div>`,
		{ description: `${b.title} · ${b.code}` },
	);
}
