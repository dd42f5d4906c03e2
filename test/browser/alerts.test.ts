/// <reference lib="dom" />
/**
 * Risk alerts in a real browser, the way an officer meets them: they mark a test report's product failed
 * from the alert board and, on the new alert's page, see the certificates, bodies and people involved,
 * each with the path linking it to the report, and the handling tasks with their deadlines; the board
 * lists the alert with its severity. The demo lab operator finds the demo alert's task under their tasks.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../src/server/seed/seed.service.ts";
import { HAVE_CHROMIUM, type Site, startSite, withPage } from "../helpers/browser.ts";
import { DIALECTS } from "../helpers/db.ts";

async function signIn(page: Page, username: string): Promise<void> {
	await page.goto("/console/");
	await page.getByLabel("用户名").fill(username);
	await page.getByLabel("密码").fill(DEMO_PASSWORD);
	await page.keyboard.press("Enter");
	await page.getByRole("button", { name: "退出登录" }).waitFor();
}

for (const kind of DIALECTS)
	describe(`risk alerts in the console [${kind}]`, { skip: !HAVE_CHROMIUM && "no Chromium" }, () => {
		let site: Site;
		let reportNumber: string;
		before(async () => {
			site = await startSite(kind);
			// A report whose client holds a certificate: marking its product failed reaches certificates.
			const r = await site.db.db
				.selectFrom("reports as r")
				.innerJoin("organizations as o", "o.uscc", "r.client_uscc")
				.innerJoin("certificates as c", "c.holder_id", "o.id")
				.select("r.number")
				.where("r.withheld_since", "is", null)
				.where("c.withheld_since", "is", null)
				.orderBy("r.id")
				.limit(1)
				.executeTakeFirstOrThrow();
			reportNumber = r.number;
		});
		after(() => site?.close());

		it("an officer marks a product failed and sees the certificates, bodies, people and tasks", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.goto("/console/alerts");
				await page.getByRole("heading", { name: "风险预警" }).waitFor();
				await page.getByRole("button", { name: "标记不合格并预警" }).click();
				const dialog = page.getByRole("dialog");
				await dialog.getByLabel("记录编号").fill(reportNumber);
				await dialog.getByLabel("标题").fill("电器产品抽检不合格");
				await dialog.getByLabel("预警内容").fill("抽检发现该产品泄漏电流项目不合格，请相关机构立即核查。");
				const started = Date.now();
				await dialog.getByRole("button", { name: "发起预警" }).click();
				await page.getByRole("heading", { name: "电器产品抽检不合格" }).waitFor();
				assert.ok(Date.now() - started < 10_000, "within seconds");
				assert.match(page.url(), /\/console\/alerts\/YJ-\d{4}-\d{6}$/);
				await page.getByText("高", { exact: true }).first().waitFor();
				const certs = page.locator(".alert-affected-certificate");
				await certs.waitFor();
				assert.ok((await certs.locator("tbody tr").count()) >= 1, "certificates involved");
				const bodies = page.locator(".alert-affected-organization");
				assert.ok((await bodies.locator("tbody tr").count()) >= 2, "the lab and the client at least");
				const people = page.locator(".alert-affected-person");
				assert.ok((await people.locator("tbody tr").count()) >= 1, "people involved, for the regulator");
				// Each record shows the path from the report, and leads into tracing.
				assert.ok((await certs.locator(".alert-path").first().textContent())?.includes("→"));
				assert.match(
					(await certs.getByRole("link", { name: "追溯" }).first().getAttribute("href")) ?? "",
					/\/trace\?kind=certificate&key=/,
				);
				const tasks = page.locator(".alert-tasks tbody tr");
				assert.ok((await tasks.count()) >= 2, "tasks to act on them");
				const text = (await page.locator(".alert-tasks").textContent()) ?? "";
				assert.ok(text.includes("复核检验报告"), text);
				assert.ok(text.includes("核查证书有效性"), text);
				await page.getByRole("button", { name: "办结任务" }).first().waitFor();

				await page.goto("/console/alerts");
				const row = page.locator(".alerts-table tbody tr", { hasText: "电器产品抽检不合格" });
				await row.waitFor();
				assert.ok((await row.textContent())?.includes("高"));
			});
		});

		it("the demo lab operator finds their alert task", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "lab-operator");
				await page.goto("/console/alerts/tasks");
				await page.getByRole("heading", { name: "预警处置任务" }).waitFor();
				await page.locator(".alert-my-tasks tbody tr", { hasText: "复核检验报告" }).first().waitFor();
			});
		});
	});
