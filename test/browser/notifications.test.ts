/// <reference lib="dom" />
/**
 * Watchlists in a real browser: the demo buyer (an enterprise user) pastes a supplier's USCC — and first
 * a mistyped one, which the form refuses naming its line — into a new watchlist and sees the supplier's
 * valid certificates; the certification body withdraws one of them; once the dispatcher has run, the
 * notice "证书 … 撤销" is on the buyer's page with an unread badge in the navigation, which goes when the
 * buyer marks the notices read. An administrator creates a webhook subscription and is shown its secret
 * once.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { Dispatcher } from "../../src/server/notifications/dispatcher.ts";
import { DEMO_PASSWORD } from "../../src/server/seed/seed.service.ts";
import { DEMO_AS_OF, HAVE_CHROMIUM, type Site, startSite, withPage } from "../helpers/browser.ts";
import { DIALECTS } from "../helpers/db.ts";
import { clock } from "../helpers/factories.ts";

async function signIn(page: Page, username: string): Promise<void> {
	await page.goto("/console/");
	await page.getByLabel("用户名").fill(username);
	await page.getByLabel("密码").fill(DEMO_PASSWORD);
	await page.keyboard.press("Enter");
	await page.getByRole("button", { name: "退出登录" }).waitFor();
}

/** Signs in through the API and returns what a write needs. */
async function apiSession(site: Site, username: string) {
	const res = await fetch(`${site.url}/api/v1/auth/login`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ username, password: DEMO_PASSWORD }),
	});
	assert.equal(res.status, 200);
	const body = (await res.json()) as { csrfToken: string };
	return { cookie: String(res.headers.get("set-cookie")).split(";")[0]!, csrf: body.csrfToken };
}

for (const kind of DIALECTS)
	describe(`watchlists and subscriptions in Chromium [${kind}]`, {
		skip: !HAVE_CHROMIUM && "no Chromium installed",
	}, () => {
		let site: Site;
		let cert: { number: string; holderUscc: string; holderName: string };
		before(async () => {
			site = await startSite(kind);
			// A valid certificate of the demo CB operator's body, held by a registered enterprise.
			const row = await site.db.db
				.selectFrom("certificates as c")
				.innerJoin("organizations as h", "h.id", "c.holder_id")
				.innerJoin("accounts as a", "a.org_id", "c.cb_id")
				.select(["c.number", "h.uscc", "h.name"])
				.where("a.username", "=", "cb-operator")
				.where("c.status", "=", "valid")
				.where("c.expiry_date", ">", DEMO_AS_OF)
				.where("c.withheld_since", "is", null)
				.orderBy("c.id")
				.executeTakeFirstOrThrow();
			cert = { number: row.number, holderUscc: row.uscc, holderName: row.name };
		});
		after(() => site?.close());

		it("a buyer watches a supplier, the supplier's certificate is withdrawn, and the notice appears", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "enterprise");
				await page.locator("nav.nav").getByRole("link", { name: "供应商关注" }).click();
				await page.getByRole("heading", { name: "供应商关注" }).waitFor();
				await page.getByRole("button", { name: "新建关注清单" }).click();
				const drawer = page.locator(".ant-drawer");
				await drawer.getByLabel("清单名称").fill("2026年办公设备供应商");
				// A mistyped code (wrong check character) is refused, naming its line.
				const bad = `${cert.holderUscc.slice(0, 17)}${cert.holderUscc.endsWith("0") ? "1" : "0"}`;
				await drawer.getByLabel("供应商统一社会信用代码").fill(`${bad}\n`);
				await drawer.getByRole("button", { name: "新建关注清单" }).click();
				await drawer.getByText("usccs[0]").first().waitFor();
				await drawer.getByLabel("供应商统一社会信用代码").fill(`${cert.holderUscc}\n`);
				await drawer.getByRole("button", { name: "新建关注清单" }).click();
				// The list's page: the supplier with its standing today.
				await page.getByRole("heading", { name: "2026年办公设备供应商" }).waitFor();
				const supplierRow = page.getByRole("row").filter({ hasText: cert.holderUscc });
				await supplierRow.getByText(cert.holderName).waitFor();
				await page.getByText("暂无提醒").waitFor();

				// The certification body withdraws the certificate; the dispatcher runs.
				const cb = await apiSession(site, "cb-operator");
				const res = await fetch(`${site.url}/api/v1/certificates/${encodeURIComponent(cert.number)}/status`, {
					method: "POST",
					headers: { "content-type": "application/json", cookie: cb.cookie, "x-csrf-token": cb.csrf },
					body: JSON.stringify({ status: "withdrawn", reason: "监督审核发现严重不符合", date: DEMO_AS_OF }),
				});
				assert.equal(res.status, 200, await res.text());
				await new Dispatcher(site.db.db, { clock, allowLocal: true }).runOnce();

				await page.reload();
				const notice = page.locator(".notice-list").getByText(`证书 ${cert.number} 撤销`);
				await notice.waitFor();
				assert.match((await notice.textContent()) ?? "", new RegExp(`您关注的供应商 ${cert.holderName}`));
				// The unread badge in the navigation.
				const badge = page.locator("nav.nav .nav-badge");
				await badge.waitFor();
				assert.ok(Number(await badge.locator(".ant-scroll-number").first().getAttribute("title")) >= 1);
				await page.getByRole("button", { name: "全部标为已读" }).click();
				await badge.waitFor({ state: "detached" });
				await page.locator(".notice-unread").first().waitFor({ state: "detached" });
			});
		});

		it("an administrator subscribes a URL and is shown the secret once", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				await page.locator("nav.nav").getByRole("link", { name: "信息通报订阅" }).click();
				await page.getByRole("button", { name: "新建订阅" }).click();
				const drawer = page.locator(".ant-drawer");
				await drawer.getByLabel("名称").fill("浦东新区市场监管局");
				await drawer.getByLabel("接收地址").fill("http://example.cn/hook");
				await drawer.getByRole("button", { name: "新建订阅" }).click();
				// Plain http elsewhere is refused under the field.
				await drawer.locator(".ant-form-item-explain-error").getByText("须使用 https").waitFor();
				await drawer.getByLabel("接收地址").fill("https://hooks.example.cn/opentic");
				await drawer.getByRole("button", { name: "新建订阅" }).click();
				const secret = page.getByTestId("webhook-secret");
				await secret.waitFor();
				assert.match((await secret.textContent()) ?? "", /^whsec_[0-9a-f]{64}$/);
				await page.getByRole("button", { name: "已保存" }).click();
				const row = page.getByRole("row").filter({ hasText: "浦东新区市场监管局" });
				await row.getByText("https://hooks.example.cn/opentic").waitFor();
				await row.getByText("启用").waitFor();
				assert.equal(await page.getByTestId("webhook-secret").count(), 0);
			});
		});
	});
