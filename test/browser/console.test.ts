/// <reference lib="dom" />
/**
 * The consoles in a real browser: a CB operator suspends a certificate with a reason and the public page
 * shows 暂停; another body's certificate is refused; a file with one bad row reports that row and applies
 * the rest; a form shows the server's rule beside the field; the navigation follows the role; a
 * regulator admin reads the suspension in the audit trail; a regulator reads why an organisation has its
 * credit grade and drafts and compares a new grading model; a regulator admin bans an organisation until
 * a day and lifts the ban; a body appeals its grade and a regulator rejects the appeal; an officer takes
 * a complaint one step; a lab applies for an extension on the notification-commitment path through the
 * wizard — shown what is on file and what to file, filing it, committing — and holds the new capability
 * once a regulator accepts; the officers' queue puts the overdue application first and the timeliness page
 * has its figures; an officer ticks two accepted applications of one lab and starts a joint review (联合评审)
 * in which the capability row they share is assessed once; the demo inspector finds their review task;
 * English is one click away.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { DEFAULT_APPROVAL_CONFIG } from "../../src/core/approval/index.ts";
import { addDays, fixedClock } from "../../src/core/dates.ts";
import { personRef } from "../../src/core/records/person-ref.ts";
import { Workdays } from "../../src/core/workdays.ts";
import {
	actOn,
	addFile,
	draftApplication,
	getApplication,
} from "../../src/server/approvals/approvals.service.ts";
import { SYSTEM_ACTOR } from "../../src/server/auth/policy.ts";
import { createAccount } from "../../src/server/identity/identity.service.ts";
import { DEMO_PASSWORD } from "../../src/server/seed/seed.service.ts";
import type { Json } from "../helpers/app.ts";
import { DEMO_AS_OF, HAVE_CHROMIUM, type Site, startSite, withPage } from "../helpers/browser.ts";
import { DIALECTS } from "../helpers/db.ts";
import { clock, newUscc } from "../helpers/factories.ts";

/** Signs in through the console's login form and waits for the shell. */
async function signIn(page: Page, username: string): Promise<void> {
	await page.goto("/console/");
	await page.getByLabel("用户名").fill(username);
	await page.getByLabel("密码").fill(DEMO_PASSWORD);
	await page.keyboard.press("Enter");
	await page.getByRole("button", { name: "退出登录" }).waitFor();
}

/** The navigation's entries, as a person reads them. */
/**
 * Checks a radio or checkbox the way a person does, by clicking it, then waits for the controlled input to
 * show the change (antd re-renders after the click; on a busy machine that is not immediate), clicking
 * again if it did not take.
 */
async function tick(box: Locator): Promise<void> {
	// A click that lands while the dialog is still opening is lost; a person would click again.
	for (let attempt = 0; attempt < 3 && !(await box.isChecked()); attempt++) {
		await box.click();
		for (let i = 0; i < 25 && !(await box.isChecked()); i++) await new Promise((r) => setTimeout(r, 100));
	}
	assert.ok(await box.isChecked(), "the choice took");
}

async function navEntries(page: Page): Promise<string[]> {
	const nav = page.locator("nav.nav");
	await nav.getByRole("link").first().waitFor();
	return (await nav.getByRole("link").allTextContents()).map((s) => s.trim());
}

/** A tiny valid PDF, its bytes differing per tag (each material has its own SHA-256). */
function tinyPdf(tag: string): Buffer {
	return Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

/** The regulator who handles an organisation's district: the demo officer (浦东新区), or else an administrator. */
async function regulatorFor(site: Site, uscc: string): Promise<string> {
	const org = (await (await fetch(`${site.url}/api/v1/organizations/${uscc}`)).json()) as Json;
	return org.district === "310115" ? "officer" : "admin";
}

/** Signs in through the API and answers a caller for it: each request with the session and its CSRF token. */
async function apiAs(site: Site, username: string) {
	const login = await site.app.inject({
		method: "POST",
		url: "/api/v1/auth/login",
		payload: { username, password: DEMO_PASSWORD },
	});
	assert.equal(login.statusCode, 200, login.body);
	const headers = {
		cookie: String(login.headers["set-cookie"]).split(";")[0]!,
		"x-csrf-token": (login.json() as Json).csrfToken as string,
	};
	return async (method: "GET" | "POST", url: string, payload?: unknown) => {
		const r = await site.app.inject({
			method,
			url: `/api/v1${url}`,
			headers,
			...(payload === undefined ? {} : { payload: payload as object }),
		});
		return { status: r.statusCode, body: r.json() as Json, raw: r.body };
	};
}

async function publicCertificate(site: Site, query: string): Promise<Json> {
	const res = await fetch(`${site.url}/api/v1/certificates?${query}`);
	assert.equal(res.status, 200);
	return (await res.json()) as Json;
}

for (const kind of DIALECTS) {
	describe(`consoles in Chromium [${kind}]`, { skip: !HAVE_CHROMIUM && "no Chromium installed" }, () => {
		let site: Site;
		let ownCb: string;
		before(async () => {
			site = await startSite(kind);
			const me = await site.app.inject({
				method: "POST",
				url: "/api/v1/auth/login",
				payload: { username: "cb-operator", password: DEMO_PASSWORD },
			});
			ownCb = (me.json() as Json).account.organization.uscc;
		});
		after(() => site?.close());

		it("lets a CB operator suspend its own certificate with a reason, and the public page says 暂停", async (t) => {
			const cert = (await publicCertificate(site, `cb=${ownCb}&status=valid&pageSize=1`)).items[0];
			assert.ok(cert, "the demo CB has a valid certificate");
			const reason = "监督审核发现质量管理体系运行不符合要求";
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				await page.locator("nav.nav").getByRole("link", { name: "证书" }).click();
				await page.getByLabel("搜索").fill(cert.number);
				await page.keyboard.press("Enter");
				await page.getByRole("link", { name: cert.number }).click();
				await page.getByRole("heading", { name: `证书 ${cert.number}` }).waitFor();
				await page.getByRole("button", { name: "变更状态" }).click();
				const dialog = page.getByRole("dialog");
				await tick(dialog.getByRole("radio", { name: "暂停" }));
				// A suspension needs a reason: without one the dialog says so and goes no further.
				await dialog.getByRole("button", { name: "下一步" }).click();
				await dialog.getByText("请说明原因").waitFor();
				await dialog.getByLabel("原因").fill(reason);
				await dialog.getByRole("button", { name: "下一步" }).click();
				await dialog.getByText("的状态将由“有效”变为“暂停”").waitFor();
				await dialog.getByRole("button", { name: "确认变更" }).click();
				await dialog.waitFor({ state: "hidden" });
				await page.locator(".page-header").getByText("暂停").waitFor();

				await page.goto(`/certificates/${encodeURIComponent(cert.number)}`);
				assert.equal(await page.locator(".status-line .badge").textContent(), "暂停");
				assert.match((await page.locator("main").textContent()) ?? "", new RegExp(reason));
			});
			const after = (await publicCertificate(site, `q=${encodeURIComponent(cert.number)}`)).items[0];
			assert.equal(after.status, "suspended");
		});

		it("refuses a change to another body's certificate and leaves it as it was", async (t) => {
			const other = (await publicCertificate(site, "status=valid&pageSize=50")).items.find(
				(c: Json) => c.cb.uscc !== ownCb,
			);
			assert.ok(other, "the demo register has another CB's valid certificate");
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				await page.goto(`/console/certificates/${encodeURIComponent(other.number)}?issuer=${other.cb.uscc}`);
				await page.getByRole("button", { name: "变更状态" }).click();
				const dialog = page.getByRole("dialog");
				await tick(dialog.getByRole("radio", { name: "暂停" }));
				await dialog.getByLabel("原因").fill("试图修改其他机构的证书");
				await dialog.getByRole("button", { name: "下一步" }).click();
				await dialog.getByRole("button", { name: "确认变更" }).click();
				await dialog.getByRole("alert").waitFor();
				assert.match((await dialog.getByRole("alert").textContent()) ?? "", /无权|权限/);
			});
			const still = (await publicCertificate(site, `q=${encodeURIComponent(other.number)}`)).items.find(
				(c: Json) => c.cb.uscc === other.cb.uscc,
			);
			assert.equal(still.status, "valid");
		});

		it("uploads a CSV with one bad row: the good row is registered, the bad one is listed with its line and rule", async (t) => {
			const holder = newUscc();
			const good = "000126Q0700001R0M";
			const bad = "000126Q0700002R0M";
			const csv =
				"number,cbUscc,holderUscc,holderName,holderDistrict,scheme,scope,issueDate,expiryDate\n" +
				`${good},${ownCb},${holder},上海浦岚精密机械有限公司,浦东新区,QMS,机械零部件的生产,2026-03-01,2029-02-28\n` +
				`${bad},${ownCb},${holder},上海浦岚精密机械有限公司,浦东新区,QMS,机械零部件的生产,2026-03-01,2025-02-28\n`;
			const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "opentic-upload-")), "证书.csv");
			fs.writeFileSync(file, csv);
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				await page.locator("nav.nav").getByRole("link", { name: "批量导入" }).click();
				await page.getByLabel("文件").setInputFiles(file);
				await page.getByRole("button", { name: "上传并登记" }).click();
				const result = page.locator(".upload-result");
				await result.getByText("被拒绝的行").waitFor();
				const rows = result.locator(".rejected-rows tbody tr");
				assert.equal(await rows.count(), 1);
				const cells = (await rows.first().locator("td").allTextContents()).map((s) => s.trim());
				assert.equal(cells[0], "3", "the bad row is the file's third line");
				assert.match(cells[1] ?? "", /expiryDate/);
				assert.ok(cells[2], "the rule is named");
				assert.ok(cells[3] && /[\u4e00-\u9fff]/.test(cells[3]), "the rule is explained in Chinese");
				const stats = (await result.locator(".stats").textContent()) ?? "";
				assert.match(stats, /新增1/);
				assert.match(stats, /拒绝1/);
			});
			assert.equal((await publicCertificate(site, `q=${good}`)).items.length, 1);
			assert.equal((await publicCertificate(site, `q=${bad}`)).items.length, 0);
		});

		it("shows the server's rule beside the field when a new certificate is refused", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				await page.goto("/console/certificates/new");
				await page.getByRole("heading", { name: "新增证书" }).waitFor();
				const form = page.locator("form.record-form");
				await form.getByLabel("证书编号").fill("000126Q0700009R0M");
				await form.getByLabel("认证项目").click();
				await page.keyboard.type("质量管理体系");
				await page.keyboard.press("Enter");
				// A holder code whose check character is wrong: only the register's rule can catch it.
				const wrong = newUscc().slice(0, 17);
				await form.getByLabel("获证组织统一社会信用代码").fill(`${wrong}${wrong.endsWith("0") ? "1" : "0"}`);
				await form.getByLabel("获证组织名称").fill("上海浦岚精密机械有限公司");
				await form.getByLabel("认证范围").fill("机械零部件的生产");
				for (const [label, date] of [
					["本次发证日期", "2026-03-01"],
					["有效期截止日期", "2029-02-28"],
				] as const) {
					await form.getByLabel(label).fill(date);
					await page.keyboard.press("Enter");
				}
				await form.getByRole("button", { name: "登记证书" }).click();
				const help = page.locator(".ant-form-item-has-error");
				await help.first().waitFor();
				assert.equal(await help.count(), 1, "one field is in error");
				const text = (await help.first().textContent()) ?? "";
				assert.match(text, /^获证组织统一社会信用代码/, "the field is the holder's code");
				assert.match(text, /校验/, "the check-character rule is explained");
			});
			assert.equal((await publicCertificate(site, "q=000126Q0700009R0M")).items.length, 0);
		});

		it("lets a lab operator file a report and revoke it, and the public page follows", async (t) => {
			const number = "OT-2026-0601-B01";
			await withPage(site, t, async (page) => {
				await signIn(page, "lab-operator");
				await page.locator("nav.nav").getByRole("link", { name: "检验检测报告" }).click();
				await page.getByRole("link", { name: "报送报告" }).click();
				const form = page.locator("form.record-form");
				await form.getByLabel("报告编号").fill(number);
				await form.getByLabel("委托单位", { exact: true }).fill("上海浦岚食品有限公司");
				await form.getByLabel("样品名称").fill("饮料");
				await form.getByLabel("检验检测结论").click();
				await page
					.locator(".ant-select-item-option")
					.filter({ hasText: /^合格$/ })
					.click();
				await form.getByLabel("签发日期").fill("2026-05-20");
				await page.keyboard.press("Enter");
				await form.getByLabel("第 1 项 检测参数").fill("菌落总数");
				await form.getByLabel("第 1 项 检测标准").fill("GB 4789.2-2022");
				await form.getByLabel("第 1 项 结果").fill("<10 CFU/mL");
				await form.getByLabel("报告文件 SHA-256 摘要").fill("ab".repeat(32));
				await form.getByRole("button", { name: /^报\s?送$/ }).click();
				await page.getByRole("heading", { name: `报告 ${number}` }).waitFor();

				await page.getByRole("button", { name: "变更状态" }).click();
				const dialog = page.getByRole("dialog");
				await tick(dialog.getByRole("radio", { name: "已撤销" }));
				await dialog.getByLabel("原因").fill("样品信息登记有误");
				await dialog.getByRole("button", { name: "下一步" }).click();
				await dialog.getByRole("button", { name: "确认变更" }).click();
				await dialog.waitFor({ state: "hidden" });

				await page.goto(`/reports/${encodeURIComponent(number)}`);
				assert.equal(await page.locator(".status-line .badge").textContent(), "已撤销");
				assert.match((await page.locator("main").textContent()) ?? "", /样品信息登记有误/);
			});
		});

		it("lets a CB operator create an API key, shows its secret once, and the key works", async (t) => {
			let secret = "";
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				await page.locator("nav.nav").getByRole("link", { name: "API 密钥" }).click();
				await page.getByRole("button", { name: "创建密钥" }).click();
				const dialog = page.getByRole("dialog");
				await dialog.getByLabel("名称").fill("证书报送系统");
				await tick(dialog.getByRole("checkbox").first());
				await dialog.getByRole("button", { name: /^创\s?建$/ }).click();
				await dialog.getByText("这是唯一一次显示此密钥").waitFor();
				secret = ((await dialog.locator(".secret code").textContent()) ?? "").trim();
				await dialog.getByRole("button", { name: "我已保存密钥" }).click();
				await dialog.waitFor({ state: "hidden" });
				await page.getByRole("cell", { name: "证书报送系统" }).first().waitFor();
				assert.ok(!((await page.locator("main").textContent()) ?? "").includes(secret), "shown only once");
			});
			assert.ok(secret.length > 20, secret);
			const me = await fetch(`${site.url}/api/v1/auth/me`, {
				headers: { authorization: `Bearer ${secret}` },
			});
			assert.equal(me.status, 200);
			assert.equal(((await me.json()) as Json).actor.organization, ownCb);
		});

		it("runs a lab's capability proposal through a regulator's approval into find a lab", async (t) => {
			const parameter = "待机功率（浏览器测试）";
			let lab = "";
			await withPage(site, t, async (page) => {
				await signIn(page, "lab-operator");
				lab = ((await (await page.request.get("/api/v1/auth/me")).json()) as Json).actor.organization;
				await page.goto("/console/capabilities/propose");
				const form = page.locator("form");
				await form.getByLabel("资质认定证书编号").click();
				await page.keyboard.press("Enter");
				await form.getByLabel("领域").fill("电子电器");
				await form.getByLabel("产品/类别").fill("家用电器");
				await form.getByLabel("参数", { exact: true }).fill(parameter);
				await form.getByLabel("检测标准").fill("GB/T 21001.2-2015");
				await form.getByRole("button", { name: "提交申请" }).click();
				await page.waitForURL(/\/console\/proposals$/);
			});
			const before = await fetch(`${site.url}/api/v1/labs?parameter=${encodeURIComponent(parameter)}`);
			assert.equal(((await before.json()) as Json).items.length, 0, "nothing is public before the decision");
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				await page.goto("/console/proposals");
				await page
					.getByRole("button", { name: /^批准 #/ })
					.first()
					.click();
				const dialog = page.getByRole("dialog");
				await dialog.getByLabel("审核意见").fill("材料齐全，同意");
				await dialog.getByRole("button", { name: /^批\s?准$/ }).click();
				await dialog.getByText(/新增 1 条/).waitFor();
			});
			const found = await fetch(`${site.url}/api/v1/labs?parameter=${encodeURIComponent(parameter)}`);
			const items = ((await found.json()) as Json).items as Json[];
			assert.deepEqual(
				items.map((l) => l.uscc),
				[lab],
			);
		});

		it("shows each role only its own work", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "lab-operator");
				const nav = await navEntries(page);
				assert.ok(nav.includes("检验检测报告"), nav.join(","));
				assert.ok(nav.includes("能力表"), nav.join(","));
				assert.ok(!nav.includes("证书"), "a lab does not manage certificates");
				assert.ok(!nav.includes("账号"), "a lab does not manage accounts");
				// A page outside the role says so instead of failing.
				await page.goto("/console/accounts");
				await page.getByText("无权访问此页面").waitFor();
			});
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				const nav = await navEntries(page);
				assert.ok(nav.includes("证书") && !nav.includes("检验检测报告"), nav.join(","));
			});
		});

		it("lets a regulator admin read both of the CB operator's attempts in the audit trail", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				const nav = await navEntries(page);
				for (const entry of ["机构", "人员", "账号", "审计日志"])
					assert.ok(nav.includes(entry), nav.join(","));
				assert.ok(
					!nav.includes("我的检查任务"),
					"only an account linked to an inspector has inspection tasks",
				);
				await page.locator("nav.nav").getByRole("link", { name: "审计日志" }).click();
				// Both of the CB operator's attempts are there: the suspension and the refused change.
				const rows = page.getByRole("row").filter({ hasText: "cb-operator" });
				await rows.filter({ hasText: "变更证书状态" }).filter({ hasText: "成功" }).first().waitFor();
				await rows.filter({ hasText: "被拒绝（无权）" }).first().waitFor();
			});
		});

		it("shows a regulator the flag a report raised, and dismisses it with a reason", async (t) => {
			const number = "OT-2026-FLAG-01";
			// A lab files a report with an item its capability list does not have, through its API key.
			await withPage(site, t, async (page) => {
				await signIn(page, "lab-operator");
				const me = (await (await page.request.get("/api/v1/auth/me")).json()) as Json;
				const res = await page.request.post("/api/v1/reports", {
					headers: { "x-csrf-token": me.csrfToken },
					data: {
						number,
						labUscc: me.actor.organization,
						clientName: "上海浦岚食品有限公司",
						product: "饮料",
						items: [
							{
								parameter: "放射性核素（浏览器测试）",
								standard: "GB 14883.1-2016",
								result: "未检出",
								conclusion: "合格",
							},
						],
						conclusion: "合格",
						issueDate: "2026-05-20",
						docSha256: "cd".repeat(32),
					},
				});
				assert.equal(res.status(), 201, await res.text());
			});
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				await page.locator("nav.nav").getByRole("link", { name: "核查线索" }).click();
				const row = page.getByRole("row").filter({ hasText: number });
				await row.getByText("项目超出能力范围").waitFor();
				assert.match((await row.textContent()) ?? "", /放射性核素（浏览器测试）/);
				await row.getByRole("button", { name: /^驳\s?回$/ }).click();
				const dialog = page.getByRole("dialog");
				// As a person does: the form is on screen before its button is pressed.
				await dialog.getByLabel("理由").waitFor();
				await dialog.getByRole("button", { name: /^驳\s?回$/ }).click();
				await dialog.getByText("请填写理由").waitFor();
				await dialog.getByLabel("理由").fill("该项目已于现场核查，能力表增项正在审批");
				await dialog.getByRole("button", { name: /^驳\s?回$/ }).click();
				await dialog.waitFor({ state: "hidden" });
				// Open flags only by default: it has left the list; with any status it shows as dismissed.
				await row.waitFor({ state: "detached" });
				await page.goto("/console/flags?status=dismissed");
				await page.getByRole("row").filter({ hasText: number }).getByText("已驳回").waitFor();
			});
		});

		it("lets a regulator admin withhold a certificate from public view with a reason, and release it", async (t) => {
			const cert = (await publicCertificate(site, "status=valid&pageSize=50")).items.find(
				(c: Json) => c.cb.uscc !== ownCb,
			);
			assert.ok(cert, "the demo register has a valid certificate");
			const number = encodeURIComponent(cert.number);
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				await page.goto(`/console/certificates/${number}?issuer=${cert.cb.uscc}`);
				await page.getByRole("heading", { name: `证书 ${cert.number}` }).waitFor();
				await page.getByRole("button", { name: "不予公开" }).click();
				const dialog = page.getByRole("dialog");
				// No reason, no decision.
				await dialog.getByLabel("理由").waitFor();
				await dialog.getByRole("button", { name: "不予公开" }).click();
				await dialog.getByText("请说明理由").waitFor();
				await dialog.getByLabel("理由").fill("法院诉讼保全裁定（浏览器测试）");
				await dialog.getByRole("button", { name: "不予公开" }).click();
				await dialog.waitFor({ state: "hidden" });
				await page.getByText("经监管部门决定不予公开").first().waitFor();

				// The public page and the verification page say so, and show nothing of the record.
				const shown = await page.goto(`/certificates/${number}`);
				assert.equal(shown?.status(), 404);
				assert.match((await page.locator("main").textContent()) ?? "", /不予公开/);
				assert.doesNotMatch((await page.locator("main").textContent()) ?? "", new RegExp(cert.holder.name));
				await page.goto(`/v/certificate/${number}`);
				await page.getByText("监管部门已决定不予公开").waitFor();

				await page.goto(`/console/certificates/${number}?issuer=${cert.cb.uscc}`);
				await page.getByRole("button", { name: "恢复公开" }).click();
				await dialog.getByLabel("理由").fill("保全解除（浏览器测试）");
				await dialog.getByRole("button", { name: "恢复公开" }).click();
				await dialog.waitFor({ state: "hidden" });
				await page.getByRole("button", { name: "不予公开" }).waitFor();
				assert.equal(await page.getByText("经监管部门决定不予公开").count(), 0);
			});
			assert.equal((await publicCertificate(site, `q=${number}`)).items.length, 1);
		});

		it("lets a regulator draft, publish and draw a spot-check batch, then record and publish a result", async (t) => {
			const code = "2026-SH-UI-01";
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				await page.locator("nav.nav").getByRole("link", { name: "双随机抽查" }).click();
				// The year's plan first, then a batch under it.
				await page.getByRole("button", { name: "新建年度计划" }).click();
				const planDialog = page.getByRole("dialog");
				await planDialog.getByLabel("计划名称").fill("2026年度检验检测机构抽查计划（浏览器测试）");
				await planDialog.getByLabel("抽查范围").fill("本市检验检测机构");
				await planDialog.getByLabel("抽取时间安排").fill("每半年一批");
				await planDialog.getByRole("button", { name: /^保\s?存$/ }).click();
				await planDialog.waitFor({ state: "hidden" });
				await page.getByRole("link", { name: "新建抽查批次" }).click();
				await page.getByLabel("年度计划").click();
				await page.locator(".ant-select-item-option").filter({ hasText: "（浏览器测试）" }).click();
				await page.getByLabel("批次编号").fill(code);
				await page.getByLabel("批次名称").fill("2026年检验检测机构专项抽查（浏览器测试）");
				await page.getByLabel("抽取日期").fill("2026-06-01");
				await page.keyboard.press("Enter");
				await page.getByLabel("来源名称").fill("drand quicknet round 20000001");
				await page.getByRole("button", { name: "保存草稿" }).click();
				await page.getByRole("heading", { name: "2026年检验检测机构专项抽查（浏览器测试）" }).waitFor();

				// Publish (frozen and logged), then draw from the announced value.
				await page.getByRole("button", { name: /^公\s?布$/ }).click();
				await page
					.locator(".ant-popconfirm")
					.getByRole("button", { name: /^公\s?布$/ })
					.click();
				await page.getByText("随机数公布后").waitFor();
				await page
					.getByLabel(/drand quicknet round 20000001/)
					.fill("7c2f0e9d1b3a5c4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6");
				await page.getByRole("button", { name: /^抽\s?取$/ }).click();
				const first = page
					.getByRole("row")
					.filter({ has: page.getByRole("cell", { name: "1", exact: true }) });
				await first.getByRole("button", { name: "录入结果" }).waitFor();

				// A result, then its publication.
				await first.getByRole("button", { name: "录入结果" }).click();
				const dialog = page.getByRole("dialog");
				await dialog.getByLabel("检查日期").fill("2026-05-28");
				await page.keyboard.press("Enter");
				await dialog.getByRole("button", { name: /^保\s?存$/ }).click();
				await dialog.waitFor({ state: "hidden" });
				await first.getByRole("button", { name: /^公\s?示$/ }).click();
				await first.getByText("已公示").waitFor();
			});
			const batch = (await (await fetch(`${site.url}/api/v1/spot-batches/${code}`)).json()) as Json;
			assert.equal(batch.status, "drawn");
			assert.deepEqual([batch.tasks[0].status, batch.tasks[0].result], ["published", "pass"]);
			const plans = (await (await fetch(`${site.url}/api/v1/spot-plans`)).json()) as Json;
			const plan = plans.items.find((p: Json) => p.title === "2026年度检验检测机构抽查计划（浏览器测试）");
			assert.deepEqual(
				plan.batches.map((b: Json) => b.code),
				[code],
			);
		});

		it("gives the demo inspector their own tasks, where they record a result for the regulator to publish", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "inspector");
				assert.deepEqual(await navEntries(page), ["概览", "我的检查任务", "我的评审任务"]);
				await page.locator("nav.nav").getByRole("link", { name: "我的检查任务" }).click();
				const open = page.getByRole("row").filter({ hasText: "待检查" }).first();
				await open.getByRole("button", { name: "录入结果" }).click();
				const dialog = page.getByRole("dialog");
				await dialog.getByRole("textbox", { name: "检查日期" }).waitFor();
				await dialog.getByLabel("检查结果").click();
				await page.locator(".ant-select-item-option").filter({ hasText: "不合格" }).click();
				await dialog.getByLabel("检查日期").fill("2026-05-28");
				await page.keyboard.press("Enter");
				// A failure without findings is refused, under its field, and nothing changes.
				await dialog.getByRole("button", { name: /^保\s?存$/ }).click();
				await dialog.getByText("请填写检查发现的问题").waitFor();
				await dialog.getByLabel("检查发现").fill("检验原始记录缺少环境条件记录");
				await dialog.getByRole("button", { name: /^保\s?存$/ }).click();
				await dialog.waitFor({ state: "hidden" });
				await page
					.getByRole("row")
					.filter({ hasText: "检验原始记录缺少环境条件记录" })
					.getByText("已录入，待公示")
					.waitFor();
			});
			const login = await site.app.inject({
				method: "POST",
				url: "/api/v1/auth/login",
				payload: { username: "inspector", password: DEMO_PASSWORD },
			});
			const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
			const mine = (
				await site.app.inject({ method: "GET", url: "/api/v1/spot-tasks/mine", headers: { cookie } })
			).json() as Json;
			const done = mine.items.filter((x: Json) => x.findings === "检验原始记录缺少环境条件记录");
			assert.deepEqual(
				done.map((x: Json) => [x.status, x.result, x.inspectedOn]),
				[["done", "fail", "2026-05-28"]],
			);
		});

		it("shows a regulator why an organisation has its credit grade, and the grading model in force", async (t) => {
			const res = await fetch(`${site.url}/api/v1/organizations?kind=enterprise&pageSize=20`);
			const enterprises = ((await res.json()) as Json).items as Json[];
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				// An enterprise the seed graded (one an earlier test's upload registered is not graded yet).
				let ent: Json = null;
				let file: Json = null;
				for (const e of enterprises) {
					const got = await page.request.get(`/api/v1/organizations/${e.uscc}/credit`);
					file = (await got.json()) as Json;
					ent = e;
					if (file.grade) break;
				}
				assert.ok(file?.grade, "the demo register has a graded enterprise");

				// From the organisation's page to its credit file: the grade, and the factors that made it.
				await page.goto(`/console/organizations/${ent.uscc}`);
				await page.getByRole("heading", { name: ent.name }).waitFor();
				await page.getByRole("link", { name: "信用档案", exact: true }).click();
				await page.getByRole("heading", { name: `${ent.name} · 信用档案` }).waitFor();
				assert.equal((await page.locator(".credit-grade-badge").textContent())?.trim(), file.grade.grade);
				await page.locator(".credit-factors").getByRole("row").filter({ hasText: "领域风险" }).waitFor();
				assert.match((await page.locator(".credit-factors").textContent()) ?? "", /合计/);

				// The model in force, then a new draft: refused without a note, saved with one, compared.
				await page.locator("nav.nav").getByRole("link", { name: "评分模型" }).click();
				await page.getByRole("row").filter({ hasText: "2026.1" }).getByText("启用中").waitFor();
				await page.getByRole("button", { name: "新建草稿" }).click();
				const drawer = page.getByRole("dialog");
				const json = drawer.getByLabel("模型 JSON");
				await json.waitFor();
				const draft = JSON.parse(await json.inputValue()) as Json;
				assert.equal(draft.version, "2026.2", "the active version, bumped");
				await drawer.getByRole("button", { name: "保存草稿" }).click();
				await drawer.getByRole("alert").filter({ hasText: "note" }).waitFor();
				await json.fill(
					JSON.stringify({
						...draft,
						note: "C 类阈值下调 1 分（浏览器测试）",
						thresholds: { ...draft.thresholds, C: draft.thresholds.C - 1 },
					}),
				);
				await drawer.getByRole("button", { name: "保存草稿" }).click();
				await drawer.waitFor({ state: "hidden" });
				const row = page.getByRole("row").filter({ hasText: "2026.2" });
				await row.getByText("草稿").waitFor();
				await row.getByRole("button", { name: "比较变化 2026.2" }).click();
				const matrix = page.locator(".credit-matrix");
				await matrix.getByRole("row").nth(4).waitFor();
				assert.equal(await matrix.locator("tbody tr").count(), 4, "a row for each grade in force");
				await page.locator(".credit-compare").getByText("2026.1 → 2026.2 的变化").waitFor();
			});
		});

		it("lets a regulator admin ban an organisation until a day through the drawer, then lift the ban", async (t) => {
			const reference = "沪市监检处〔2026〕浏览器测试1号";
			const res = await fetch(`${site.url}/api/v1/organizations?kind=enterprise&pageSize=10`);
			// Not the demo enterprise user's own body (index 0), which another test works with.
			const org = (((await res.json()) as Json).items as Json[])[5];
			assert.ok(org, "the demo register has enterprises");
			await withPage(site, t, async (page) => {
				await signIn(page, "admin");
				await page.locator("nav.nav").getByRole("link", { name: "禁入与限制" }).click();
				await page.getByRole("button", { name: "新增禁入" }).click();
				const drawer = page.getByRole("dialog");
				const picker = drawer.getByRole("combobox", { name: "机构" });
				await picker.click();
				await page.keyboard.type(org.uscc);
				await page.locator(".ant-select-item-option").filter({ hasText: org.uscc }).click();
				for (const [label, date] of [
					["开始日期", "2026-06-01"],
					["截止日期", "2027-05-31"],
				] as const) {
					await drawer.getByLabel(label).fill(date);
					await page.keyboard.press("Enter");
				}
				await drawer.getByLabel("决定书文号").fill(reference);
				await drawer.getByLabel("决定机关").fill("上海市市场监督管理局");
				// A published reason may not hold a phone number: the server says so under the field.
				await drawer.getByLabel("禁入事由").fill("出具虚假检验检测报告，联系人电话13800138000");
				await drawer.getByRole("button", { name: "作出禁入" }).click();
				await drawer.locator(".ant-form-item-has-error").filter({ hasText: "个人信息" }).waitFor();
				await drawer.getByLabel("禁入事由").fill("出具虚假检验检测报告，情节严重（浏览器测试）");
				await drawer.getByRole("button", { name: "作出禁入" }).click();
				await drawer.waitFor({ state: "hidden" });

				const row = page.getByRole("row").filter({ hasText: reference });
				await row.getByText("正在执行").waitFor();
				const text = (await row.textContent()) ?? "";
				assert.ok(text.includes(org.name), text);
				assert.match(text, /至 2027年5月31日/);

				await row.getByRole("button", { name: `解除禁入 ${reference}` }).click();
				const dialog = page.getByRole("dialog");
				await dialog.getByLabel("解除日期").fill("2026-06-01");
				await page.keyboard.press("Enter");
				await dialog.getByLabel("解除事由").fill("行政复议决定撤销原处罚（浏览器测试）");
				await dialog.getByRole("button", { name: /^解\s?除$/ }).click();
				await dialog.waitFor({ state: "hidden" });
				await row.getByText("已解除").waitFor();
			});
			const bans = ((await (await fetch(`${site.url}/api/v1/bans`)).json()) as Json).items as Json[];
			const ban = bans.find((b) => b.reference === reference);
			assert.deepEqual(
				[ban?.subject.uscc, ban?.endsOn, ban?.status, ban?.liftedOn, ban?.liftReason],
				[org.uscc, "2027-05-31", "lifted", "2026-06-01", "行政复议决定撤销原处罚（浏览器测试）"],
			);
		});

		it("lets a body appeal its credit grade, and a regulator of its district reject the appeal with a note", async (t) => {
			const reason = "本机构近三年未受行政处罚，抽查均合格，信用等级与实际不符（浏览器测试）";
			let uscc = "";
			await withPage(site, t, async (page) => {
				await signIn(page, "enterprise");
				uscc = ((await (await page.request.get("/api/v1/auth/me")).json()) as Json).actor.organization;
				await page.locator("nav.nav").getByRole("link", { name: "本机构信用档案" }).click();
				await page.getByRole("heading", { name: "本机构信用档案" }).waitFor();
				// Its credit report, as anyone may print it.
				const report = await page.getByRole("link", { name: "信用报告（PDF）" }).getAttribute("href");
				const pdf = await fetch(`${site.url}${report}`);
				assert.deepEqual(
					[pdf.status, pdf.headers.get("content-type"), report],
					[200, "application/pdf", `/organizations/${uscc}/credit-report.pdf`],
				);
				await page.getByRole("button", { name: "对信用等级提出异议" }).click();
				const dialog = page.getByRole("dialog");
				// Too short: the server's rule shows under the field.
				await dialog.getByLabel("理由").fill("等级不对");
				await dialog.getByRole("button", { name: "提交异议" }).click();
				await dialog.locator(".ant-form-item-has-error").getByText("请说明理由").waitFor();
				await dialog.getByLabel("理由").fill(reason);
				await dialog.getByRole("button", { name: "提交异议" }).click();
				await dialog.waitFor({ state: "hidden" });
				await page
					.locator(".my-credit-appeals")
					.getByRole("row")
					.filter({ hasText: reason })
					.getByText("待处理")
					.waitFor();
				await page.getByRole("button", { name: "信用等级异议处理中" }).waitFor();
			});
			const org = (await (await fetch(`${site.url}/api/v1/organizations/${uscc}`)).json()) as Json;
			// Appeals are decided in the body's district: the demo officer's (浦东新区), or else an administrator.
			const decider = org.district === "310115" ? "officer" : "admin";
			const note = "经核查，分类依据的抽查与领域风险无误，维持原分类（浏览器测试）";
			await withPage(site, t, async (page) => {
				await signIn(page, decider);
				await page.locator("nav.nav").getByRole("link", { name: "信用异议" }).click();
				const row = page.getByRole("row").filter({ hasText: reason });
				await row.getByText("信用等级", { exact: true }).waitFor();
				await row.getByRole("button", { name: /^驳\s?回$/ }).click();
				const dialog = page.getByRole("dialog");
				await dialog.getByLabel("处理意见").waitFor();
				await dialog.getByRole("button", { name: /^驳\s?回$/ }).click();
				await dialog.getByText("请填写处理意见").waitFor();
				await dialog.getByLabel("处理意见").fill(note);
				await dialog.getByRole("button", { name: /^驳\s?回$/ }).click();
				await dialog.waitFor({ state: "hidden" });
				await row.waitFor({ state: "detached" });
			});
			await withPage(site, t, async (page) => {
				await signIn(page, "enterprise");
				await page.goto("/console/my-credit");
				const row = page.locator(".my-credit-appeals").getByRole("row").filter({ hasText: reason });
				await row.getByText("已驳回").waitFor();
				assert.ok(((await row.textContent()) ?? "").includes(note), "the body reads the note");
			});
		});

		it("lets an officer open a complaint of the district's queue and accept it", async (t) => {
			let tracking = "";
			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.locator("nav.nav").getByRole("link", { name: "投诉举报" }).click();
				const rows = page.locator(".complaints-table tr.ant-table-row");
				await rows.first().waitFor();
				const received = rows.filter({ hasText: "已收到" }).first();
				tracking = ((await received.getByRole("link").textContent()) ?? "").trim();
				assert.match(tracking, /^TS\d{8}/);
				await received.getByRole("link").click();
				await page.getByRole("heading", { name: new RegExp(tracking) }).waitFor();
				// The contact data is personal: the page says its reading is audited.
				await page.getByText("记入审计日志").waitFor();

				const accept = page.locator(".complaint-steps").getByRole("button", { name: /^受\s?理$/ });
				await accept.click();
				const dialog = page.getByRole("dialog");
				// A public note may not hold a phone number: refused under the field.
				await dialog.getByLabel("说明（公开）").fill("已受理，请保持电话13800138000畅通");
				await dialog.getByRole("button", { name: /^受\s?理$/ }).click();
				await dialog.locator(".ant-form-item-has-error").filter({ hasText: "个人信息" }).waitFor();
				await dialog.getByLabel("说明（公开）").fill("已受理，转浦东新区市场监管局核查（浏览器测试）");
				await dialog.getByRole("button", { name: /^受\s?理$/ }).click();
				await dialog.waitFor({ state: "hidden" });
				await page.locator(".page-header").getByText("已受理").waitFor();
				await page
					.locator(".complaint-history")
					.getByRole("row")
					.filter({ hasText: "（浏览器测试）" })
					.getByText("已受理", { exact: true })
					.waitFor();
			});
			const progress = (await (await fetch(`${site.url}/api/v1/complaints/${tracking}`)).json()) as Json;
			assert.equal(progress.status, "accepted");
			assert.equal(progress.steps.at(-1).note, "已受理，转浦东新区市场监管局核查（浏览器测试）");
		});

		it("lets the demo lab apply for an extension on the commitment path through the wizard, and holds the capability once accepted", async (t) => {
			const product = "通用硅酸盐水泥（浏览器测试）";
			const parameter = "安定性（浏览器测试）";
			let lab = "";
			let number = "";
			await withPage(site, t, async (page) => {
				await signIn(page, "lab-operator");
				lab = ((await (await page.request.get("/api/v1/auth/me")).json()) as Json).actor.organization;
				await page.locator("nav.nav").getByRole("link", { name: "资质认定申请" }).click();
				await page.getByRole("link", { name: "申请资质认定" }).click();
				await page.getByRole("heading", { name: "申请资质认定" }).waitFor();

				// The type and the procedure, and the lab's qualification the extension concerns.
				await tick(page.getByRole("radio", { name: "扩项" }));
				await tick(page.getByRole("radio", { name: /^告知承诺/ }));
				await page.getByLabel("所涉资质认定证书").click();
				await page.locator(".ant-select-item-option").first().click();
				await page.getByRole("button", { name: "下一步" }).click();

				// The capability applied for.
				await page.getByLabel("第 1 行 领域").fill("建筑材料");
				await page.getByLabel("第 1 行 产品/类别").fill(product);
				await page.getByLabel("第 1 行 参数").fill(parameter);
				await page.getByLabel("第 1 行 检测标准").fill("GB 175-2023");
				await page.getByRole("button", { name: "创建申请并查看所需材料" }).click();

				// The catalogue: what the register and an earlier application already hold, and what to file.
				const table = page.locator(".approval-materials-table");
				const legal = table.getByRole("row").filter({ hasText: "法人资格证明" });
				await legal.getByText("已有，无需再次提交").waitFor();
				assert.match((await legal.textContent()) ?? "", /登记库已有该机构记录/);
				const fromEarlier = table.getByRole("row").filter({ hasText: /沿用申请 ZR\d{10}/ });
				assert.ok((await fromEarlier.count()) > 0, "a material is reused from an earlier application, named");
				const needed = table.locator("tbody tr").filter({ has: page.locator(".material-needed") });
				const count = await needed.count();
				assert.ok(count >= 3, `materials to file: ${count}`);
				assert.equal(
					await needed.filter({ hasText: "告知承诺书" }).count(),
					1,
					"the signed commitment is needed",
				);
				for (let k = 0; k < count; k++) {
					const row = needed.nth(k);
					await row.getByLabel(/^上传“/).setInputFiles({
						name: `材料${k + 1}.pdf`,
						mimeType: "application/pdf",
						buffer: tinyPdf(`浏览器测试 ${k}`),
					});
					await row.getByText("待报送").waitFor();
				}
				await page.getByText("所需材料已全部上传。").waitFor();
				await page.getByRole("button", { name: "下一步" }).click();

				// The commitment, then the submission.
				const send = page.getByRole("button", { name: "提交申请" });
				assert.ok(await send.isDisabled(), "not without the commitment");
				await tick(page.locator(".apply-commitment").getByRole("checkbox"));
				await send.click();
				await page.waitForURL(/\/console\/applications\/ZR\d{10}$/);
				number = decodeURIComponent(page.url().split("/").at(-1)!);
				await page.locator(".page-header").getByText("已提交，待受理").waitFor();
			});
			const before = await fetch(`${site.url}/api/v1/labs?parameter=${encodeURIComponent(parameter)}`);
			assert.equal(((await before.json()) as Json).items.length, 0, "nothing is granted before acceptance");

			await withPage(site, t, async (page) => {
				await signIn(page, await regulatorFor(site, lab));
				await page.goto(`/console/applications/${number}`);
				await page.locator(".approval-materials-table").getByText("已有，无需再次提交").first().waitFor();
				// The regulator reads what the lab filed, byte for byte.
				const filed = page.locator(".approval-files a").filter({ hasText: "材料1.pdf" });
				const got = await page.request.get((await filed.getAttribute("href"))!);
				assert.deepEqual(
					[got.status(), got.headers()["content-type"], (await got.body()).equals(tinyPdf("浏览器测试 0"))],
					[200, "application/pdf", true],
				);
				await page
					.locator(".approval-actions")
					.getByRole("button", { name: /^受\s?理$/ })
					.click();
				const dialog = page.getByRole("dialog");
				await dialog.getByText("受理即当场作出准予许可决定").waitFor();
				await dialog.getByRole("button", { name: /^受\s?理$/ }).click();
				await dialog.waitFor({ state: "hidden" });
				await page.locator(".page-header").getByText("准予许可").waitFor();
				await page.locator(".approval-history").getByText("受理", { exact: true }).waitFor();
			});
			const found = await fetch(
				`${site.url}/api/v1/labs?product=${encodeURIComponent(product)}&parameter=${encodeURIComponent(parameter)}`,
			);
			assert.deepEqual(
				(((await found.json()) as Json).items as Json[]).map((l) => l.uscc),
				[lab],
				"the lab is found by its new capability",
			);
		});

		it("shows the officer's queue by due day with the overdue application first, and the timeliness figures", async (t) => {
			// An application filed in the officer's district eleven days ago and never accepted (5 working days).
			const db = site.db.db;
			const labRow = await db
				.selectFrom("organizations")
				.select(["uscc"])
				.where("kind", "=", "lab")
				.where("district", "=", "310115")
				.where("status", "=", "active")
				.orderBy("id", "desc")
				.executeTakeFirstOrThrow();
			const filedOn = addDays(DEMO_AS_OF, -11);
			const opts = {
				clock: fixedClock(`${filedOn}T02:00:00.000Z`),
				actor: SYSTEM_ACTOR,
				workdays: new Workdays(),
				config: DEFAULT_APPROVAL_CONFIG,
			};
			const late = await draftApplication(
				db,
				{
					labUscc: labRow.uscc,
					type: "initial",
					path: "general",
					capabilities: [
						{ field: "建筑材料", product: "混凝土试块", parameter: "抗压强度", standard: "GB/T 50081-2019" },
					],
				},
				opts,
			);
			for (const m of (await getApplication(db, late, opts)).materials.filter((x) => x.status === "needed"))
				await addFile(
					db,
					late,
					{ code: m.code, filename: `${m.zh}.pdf`, data: tinyPdf(`${late} ${m.code}`).toString("base64") },
					opts,
				);
			await actOn(db, late, "submit", {}, opts);

			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.locator("nav.nav").getByRole("link", { name: "资质认定审批" }).click();
				const rows = page.locator(".applications-table tr.ant-table-row");
				await rows.filter({ hasText: late }).waitFor();
				const shown = (await rows.locator("td.approval-number").allTextContents()).map((s) => s.trim());
				const api = ((await (await page.request.get("/api/v1/applications?pageSize=20")).json()) as Json)
					.items as Json[];
				assert.deepEqual(
					shown,
					api.map((x) => x.number),
					"the queue as the API orders it",
				);
				const dues = api.map((x) => x.dueOn).filter((d): d is string => d !== null);
				assert.deepEqual(dues, [...dues].sort(), "the nearest due day first");
				assert.equal(shown[0], late, "the overdue application heads the queue");
				const overdue = rows.filter({ hasText: late });
				assert.match((await overdue.getAttribute("class")) ?? "", /approval-row-overdue/);
				await overdue.getByText("已逾期").waitFor();
				assert.ok((await page.locator(".approval-row-overdue").count()) >= 1);

				// Only the overdue, by the filter.
				await tick(page.getByRole("checkbox", { name: "只看逾期" }));
				await page.getByRole("button", { name: /^查\s?询$/ }).click();
				await page.waitForURL(/overdue=true/);
				await rows.first().waitFor();
				for (const text of await rows.allTextContents()) assert.match(text, /已逾期/);

				await page.locator("nav.nav").getByRole("link", { name: "审批时效" }).click();
				await page.getByRole("heading", { name: "审批时效" }).waitFor();
				const district = page.locator(".sla-districts").getByRole("row").filter({ hasText: "浦东新区" });
				await district.waitFor();
				const cells = (await district.locator("td").allTextContents()).map((s) => s.trim());
				assert.ok(Number(cells[1]) >= 2, `open applications in 浦东新区: ${cells.join(" | ")}`);
				assert.ok(Number(cells[2]) >= 1, `overdue in 浦东新区: ${cells.join(" | ")}`);
				await page.locator(".sla-officers").getByRole("row").nth(1).waitFor();
			});
		});

		it("lets an officer tick two applications of one lab and start a joint review that assesses their shared row once", async (t) => {
			// A lab of the officer's district (浦东新区) files two initial applications sharing a capability row.
			const db = site.db.db;
			const labRow = await db
				.selectFrom("organizations")
				.select(["uscc"])
				.where("kind", "=", "lab")
				.where("district", "=", "310115")
				.where("status", "=", "active")
				.orderBy("id", "desc")
				.offset(1)
				.limit(1)
				.executeTakeFirstOrThrow();
			await createAccount(
				db,
				{
					username: "joint-lab",
					displayName: "联合评审机构操作员",
					role: "lab_operator",
					orgUscc: labRow.uscc,
					districts: [],
					person: null,
					password: DEMO_PASSWORD,
				},
				SYSTEM_ACTOR,
				clock,
			);
			const shared = {
				field: "建筑材料",
				product: "预拌混凝土（联合评审）",
				parameter: "坍落度（联合评审）",
				standard: "GB/T 50080-2016",
			};
			const own = { ...shared, parameter: "含气量（联合评审）" };
			const lab = await apiAs(site, "joint-lab");
			const officer = await apiAs(site, "officer");
			const numbers: string[] = [];
			for (const capabilities of [[shared, own], [shared]]) {
				const drafted = await lab("POST", "/applications", {
					type: "initial",
					path: "general",
					capabilities,
				});
				assert.equal(drafted.status, 201, drafted.raw);
				const number = drafted.body.number as string;
				const plan = (await lab("GET", `/applications/${number}`)).body.materials as Json[];
				for (const m of plan.filter((x) => x.status === "needed")) {
					const r = await lab("POST", `/applications/${number}/files`, {
						code: m.code,
						filename: `${m.zh}.pdf`,
						data: tinyPdf(`${number} ${m.code}`).toString("base64"),
					});
					assert.equal(r.status, 201, r.raw);
				}
				const submitted = await lab("POST", `/applications/${number}/actions/submit`, {});
				assert.equal(submitted.status, 200, submitted.raw);
				const accepted = await officer("POST", `/applications/${number}/actions/accept`, {});
				assert.equal(accepted.status, 200, accepted.raw);
				numbers.push(number);
			}
			const person = await db
				.selectFrom("accounts")
				.select("person_id")
				.where("username", "=", "inspector")
				.executeTakeFirstOrThrow();
			const inspector = personRef(Number(person.person_id));

			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.locator("nav.nav").getByRole("link", { name: "资质认定审批" }).click();
				const rows = page.locator(".applications-table tr.ant-table-row");
				for (const n of numbers) await tick(rows.filter({ hasText: n }).getByRole("checkbox"));
				await page.getByText("已选 2 项").waitFor();
				await page.locator(".joint-review-bar").getByRole("button", { name: "联合评审" }).click();

				// The plan: the lab, both applications joining, the shared row once for both.
				const dialog = page.getByRole("dialog");
				const items = dialog.locator(".joint-review-items");
				await items.waitFor();
				assert.match((await dialog.textContent()) ?? "", new RegExp(labRow.uscc));
				for (const n of numbers) await dialog.locator(".joint-review-joined").getByText(n).waitFor();
				const sharedRows = items.locator("tbody tr").filter({ hasText: shared.parameter });
				assert.equal(await sharedRows.count(), 1, "the shared row is listed once");
				const serves = (await sharedRows.textContent()) ?? "";
				for (const n of numbers) assert.ok(serves.includes(n), `the shared row serves ${n}: ${serves}`);
				await sharedRows.getByText("合并评审").waitFor();
				const ownRow = items.locator("tbody tr").filter({ hasText: own.parameter });
				assert.equal(await ownRow.count(), 1);
				assert.ok(!((await ownRow.textContent()) ?? "").includes(numbers[1]!), "the other row serves one");
				assert.equal(await dialog.locator(".joint-review-left").count(), 0, "none is left out");

				// A team and the mode are needed; then it starts.
				await dialog.getByRole("button", { name: "开始联合评审" }).click();
				await dialog.getByText("请填写评审组").waitFor();
				await dialog.getByLabel("评审组").fill(inspector);
				await page.keyboard.press("Enter");
				await tick(dialog.getByRole("radio", { name: "现场评审" }));
				await dialog.getByRole("button", { name: "开始联合评审" }).click();
				await dialog.waitFor({ state: "hidden" });
				for (const n of numbers) await rows.filter({ hasText: n }).getByText("现场评审或远程评审").waitFor();
			});
			for (const n of numbers) {
				const v = (await officer("GET", `/applications/${n}`)).body;
				assert.deepEqual([v.step.code, v.team, v.assessmentMode], ["assessment", [inspector], "onsite"]);
			}
		});

		it("lets an officer draw a conflict-free review team from the expert pool and start the review with it", async (t) => {
			const officer = await apiAs(site, "officer");
			const queue = (await officer("GET", "/applications?step=submitted")).body.items as Json[];
			const number = queue[0]?.number as string;
			assert.ok(number, "the demo has a submitted application in the officer's district");
			const accepted = await officer("POST", `/applications/${number}/actions/accept`, {});
			assert.equal(accepted.status, 200, accepted.raw);
			await withPage(site, t, async (page) => {
				await signIn(page, "officer");
				await page.goto(`/console/applications/${number}`);
				await page.locator(".approval-actions").getByRole("button", { name: "组织技术评审" }).click();
				const dialog = page.getByRole("dialog");
				await dialog.getByLabel("评审组").waitFor();
				await dialog.getByRole("button", { name: "从专家库随机抽取" }).click();
				await dialog
					.locator(".team-draw-note")
					.getByText(/已从 \d+ 名专家中无利害关系的 \d+ 名中抽取/)
					.waitFor();
				await dialog.getByRole("button", { name: "组织技术评审" }).click();
				await dialog.waitFor({ state: "hidden" });
			});
			const db = site.db.db;
			const v = (await officer("GET", `/applications/${number}`)).body;
			assert.equal(v.step.code, "document_review");
			assert.equal(v.team.length, 2);
			const lab = (
				await db
					.selectFrom("organizations")
					.select("id")
					.where("uscc", "=", v.lab.uscc)
					.executeTakeFirstOrThrow()
			).id;
			const members = await db
				.selectFrom("people")
				.select(["id", "employer_id"])
				.where(
					"id",
					"in",
					(v.team as string[]).map((r) => Number(r.slice(1))),
				)
				.execute();
			assert.equal(members.length, 2);
			assert.notEqual(members[0]!.employer_id, members[1]!.employer_id, "one employer per team");
			for (const m of members) assert.notEqual(Number(m.employer_id), Number(lab), "none of the lab's own");
		});

		it("gives the demo inspector their review task, with the nonconformities under correction", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "inspector");
				await page.locator("nav.nav").getByRole("link", { name: "我的评审任务" }).click();
				const task = page.locator(".applications-table tr.ant-table-row").filter({ hasText: "整改中" });
				await task.waitFor();
				assert.match((await task.textContent()) ?? "", /扩项/);
				await task.getByRole("link").click();
				await page.getByRole("heading", { name: /^资质认定申请 ZR\d{10}$/ }).waitFor();
				const ncs = page.locator(".approval-nonconformities");
				await ncs.getByRole("row").filter({ hasText: "NC1" }).getByText("待整改").waitFor();
				await ncs.getByRole("row").filter({ hasText: "NC2" }).waitFor();
				await page.getByText("正在等待申请人补正材料或整改").waitFor();
			});
		});

		it("switches the console to English and keeps the choice", async (t) => {
			await withPage(site, t, async (page) => {
				await signIn(page, "cb-operator");
				await page.getByText("English", { exact: true }).click();
				await page.getByRole("button", { name: "Sign out" }).waitFor();
				assert.ok((await navEntries(page)).includes("Certificates"));
				assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
				await page.reload();
				await page.getByRole("button", { name: "Sign out" }).waitFor();
			});
		});
	});
}
