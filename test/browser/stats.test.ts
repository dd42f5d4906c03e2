/// <reference lib="dom" />
/**
 * Statistics in a real browser, over the demo register: an officer opens 统计分析, sees each dashboard
 * drawn by ECharts (SVG) with its total, narrows it to a district and the totals follow, reads the
 * district table and downloads the annual report; the public statistics page shows the headline figures
 * and its SVG charts with no script of its own, links to open data, and passes axe-core; a body's operator
 * has no statistics page.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../src/server/seed/seed.service.ts";
import { refreshStats } from "../../src/server/stats/stats.service.ts";
import type { Json } from "../helpers/app.ts";
import { HAVE_CHROMIUM, type Site, startSite, withPage } from "../helpers/browser.ts";
import { DIALECTS } from "../helpers/db.ts";
import { clock } from "../helpers/factories.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

async function signIn(page: Page, username: string): Promise<void> {
	await page.goto("/console/");
	await page.getByLabel("用户名").fill(username);
	await page.getByLabel("密码").fill(DEMO_PASSWORD);
	await page.keyboard.press("Enter");
	await page.getByRole("button", { name: "退出登录" }).waitFor();
}

/** The figure a dashboard card shows as its total. */
async function total(page: Page, metric: string): Promise<number> {
	const v = page.locator(`.stats-${metric} .ant-statistic-content-value`);
	await v.waitFor();
	return Number(((await v.textContent()) ?? "").replace(/[^\d]/g, ""));
}

for (const kind of DIALECTS)
	describe(`statistics in Chromium [${kind}]`, { skip: !HAVE_CHROMIUM && "no Chromium installed" }, () => {
		let site: Site;
		before(async () => {
			site = await startSite(kind);
			await refreshStats(site.db.db, clock);
		});
		after(() => site.close());

		it("draws the dashboards for an officer, follows a district filter, and offers the annual report", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.locator("nav.nav").getByRole("link", { name: "统计分析" }).click();
				await page.getByRole("heading", { name: "统计分析", level: 1 }).waitFor();
				const all = await total(page, "certificates");
				assert.ok(all > 0, "the demo has certificates");
				// ECharts draws SVG into each chart once its chunk has loaded.
				await page.locator(".stats-certificates .stats-chart svg").first().waitFor();
				assert.ok((await page.locator(".stats-certificates .stats-chart svg").count()) >= 3);
				assert.ok((await page.locator(".stats-reports .stats-chart svg").count()) >= 2);
				const api = (await page.evaluate(async () =>
					(await fetch("/api/v1/stats/certificates")).json(),
				)) as Json;
				assert.equal(all, api.total);
				// Narrowed to Pudong, the total is Pudong's.
				const pudong = (await page.evaluate(async () =>
					(await fetch("/api/v1/stats/certificates?district=310115")).json(),
				)) as Json;
				await page.goto("/console/stats?district=310115");
				await page.locator(".stats-certificates .stats-chart svg").first().waitFor();
				assert.equal(await total(page, "certificates"), pudong.total);
				assert.ok(pudong.total < all);
				// The district table and the report.
				const table = page.locator(".stats-districts");
				await table.getByRole("cell", { name: "浦东新区" }).waitFor();
				assert.ok(await table.getByRole("cell", { name: "全市" }).isVisible());
				const download = page.waitForEvent("download");
				await table.getByRole("link", { name: "下载年度报告（HTML）" }).click();
				const file = await download;
				assert.match(file.suggestedFilename(), /^annual-report-\d{4}\.html$/);
			});
		});

		it("keeps the page from a body's operator", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				const nav = (await page.locator("nav.nav").getByRole("link").allTextContents()).map((s) => s.trim());
				assert.ok(!nav.includes("统计分析"), nav.join(", "));
			});
		});

		it("shows the public statistics page with its figures and charts, readable by everyone", async (t) => {
			await withPage(site, t, async (page) => {
				const res = await page.goto("/statistics");
				assert.equal(res?.status(), 200);
				await page.getByRole("heading", { name: "统计数据", level: 1 }).waitFor();
				const summary = (await (await fetch(`${site.url}/api/v1/stats/summary`)).json()) as Json;
				const figures = await page.locator("ul.stats li").allInnerTexts();
				assert.ok(
					figures.some(
						(f) =>
							f.includes(summary.certificates.valid.toLocaleString("zh-CN")) && f.includes("有效认证证书"),
					),
					figures.join(" | "),
				);
				assert.ok((await page.locator("svg.chart").count()) >= 4);
				assert.ok(await page.locator("svg.chart rect").first().isVisible());
				await page.getByRole("link", { name: "下载全部公开数据" }).click();
				await page.getByRole("heading", { name: "开放数据", level: 1 }).waitFor();
				// axe-core is injected, so this context lets an injected script past the page's CSP.
				const context = await site.browser.newContext({ baseURL: site.url, bypassCSP: true });
				const checked = await context.newPage();
				await checked.goto("/statistics");
				await checked.addScriptTag({ path: AXE });
				const violations = (await checked.evaluate(async () => {
					// biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
					const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
					return r.violations
						.filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
						.map((v: { id: string }) => v.id);
				})) as string[];
				await context.close();
				assert.deepEqual(violations, []);
			});
		});
	});
