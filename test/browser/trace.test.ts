/// <reference lib="dom" />
/**
 * Reverse tracing in a real browser: the demo officer traces a certificate of the demo register from the
 * form and sees its certification body, holder and audit team in the table and the graph; clicking the
 * holder re-roots the trace on it, which then lists the certificate one hop away; an organisation's page
 * links to its trace.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { personRef } from "../../src/core/records/person-ref.ts";
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

interface DemoCertificate {
	number: string;
	cbUscc: string;
	cbName: string;
	holderUscc: string;
	holderName: string;
	auditors: { ref: string; name: string }[];
}

for (const kind of DIALECTS)
	describe(`reverse tracing in Chromium [${kind}]`, {
		skip: !HAVE_CHROMIUM && "no Chromium installed",
	}, () => {
		let site: Site;
		let c: DemoCertificate;
		before(async () => {
			site = await startSite(kind);
			const db = site.db.db;
			// A public certificate of the demo register with an audit team.
			const row = await db
				.selectFrom("certificates as c")
				.innerJoin("organizations as cb", "cb.id", "c.cb_id")
				.innerJoin("organizations as h", "h.id", "c.holder_id")
				.select([
					"c.id",
					"c.number",
					"cb.uscc as cbUscc",
					"cb.name as cbName",
					"h.uscc as holderUscc",
					"h.name as holderName",
				])
				.where("c.withheld_since", "is", null)
				.where((eb) =>
					eb.exists(
						eb
							.selectFrom("certificate_auditors as a")
							.select("a.person_id")
							.whereRef("a.certificate_id", "=", "c.id"),
					),
				)
				.orderBy("c.id")
				.executeTakeFirstOrThrow();
			const team = await db
				.selectFrom("certificate_auditors as a")
				.innerJoin("people as p", "p.id", "a.person_id")
				.select(["p.id", "p.name"])
				.where("a.certificate_id", "=", row.id)
				.orderBy("p.id")
				.execute();
			c = {
				number: row.number,
				cbUscc: row.cbUscc,
				cbName: row.cbName,
				holderUscc: row.holderUscc,
				holderName: row.holderName,
				auditors: team.map((p) => ({ ref: personRef(Number(p.id)), name: p.name })),
			};
		});
		after(() => site.close());

		it("traces a certificate from the form, then re-roots on its holder", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.locator("nav.nav").getByRole("link", { name: "追溯", exact: true }).click();
				await page.getByRole("heading", { name: "追溯", level: 1 }).waitFor();
				await page.getByText("选择类型并输入编号").waitFor();

				// Kind: certificate (the form's default), the number, one hop.
				await page.getByLabel("编号").fill(c.number);
				await page.getByLabel("深度").click();
				await page.locator(".ant-select-item-option").filter({ hasText: "1 跳" }).click();
				// antd spaces out a two-character label: 查 询.
				await page.getByRole("button", { name: /^查\s?询$/ }).click();

				const table = page.locator(".trace-table");
				await table.getByRole("button", { name: `以此为起点追溯 ${c.cbName}` }).waitFor();
				const rows = await table.locator("tbody tr.ant-table-row").allInnerTexts();
				const text = rows.join("\n");
				assert.ok(text.includes(c.holderName), text);
				for (const a of c.auditors) {
					assert.ok(text.includes(a.name), `auditor ${a.name} in ${text}`);
					assert.ok(text.includes(a.ref), `auditor ${a.ref} in ${text}`);
				}
				assert.equal(rows.length, 1 + 2 + c.auditors.length, text);
				// Every hop-1 row's path runs from the certificate.
				const cbRow = table.locator("tbody tr.ant-table-row").filter({ hasText: c.cbName });
				assert.match((await cbRow.textContent()) ?? "", new RegExp(`${c.number}\\s*→\\s*${c.cbName}`));
				// The graph is drawn (ECharts paints on a canvas) and described for screen readers.
				await page.locator(".trace-graph canvas").first().waitFor();
				const label = await page.locator(".trace-graph").getAttribute("aria-label");
				assert.match(label ?? "", new RegExp(`${rows.length} 条记录`));

				// Re-root on the holder: the address and the table follow, and the certificate is one hop away.
				await table.getByRole("button", { name: `以此为起点追溯 ${c.holderName}` }).click();
				await page.waitForURL(
					(u) => u.searchParams.get("kind") === "organization" && u.searchParams.get("key") === c.holderUscc,
				);
				await page.locator(".trace-summary").getByText(c.holderName).waitFor();
				const certRow = page.locator(".trace-table tbody tr.ant-table-row").filter({ hasText: c.number });
				await certRow.first().waitFor();
				assert.equal((await certRow.first().locator("td").nth(3).textContent())?.trim(), "1");
				assert.match(
					(await certRow.first().textContent()) ?? "",
					new RegExp(`${c.holderName}\\s*→\\s*${c.number}`),
				);
			});
		});

		it("opens the trace from an organisation's page", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.goto(`/console/organizations/${c.cbUscc}`);
				await page.locator(".page-header .trace-link").click();
				await page.waitForURL(
					(u) => u.pathname === "/console/trace" && u.searchParams.get("key") === c.cbUscc,
				);
				await page.locator(".trace-summary").getByText(c.cbName).waitFor();
				assert.ok((await page.locator(".trace-table tbody tr.ant-table-row").count()) > 1);
			});
		});
	});
