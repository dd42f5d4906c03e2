/// <reference lib="dom" />
/**
 * The public portal in a real browser: finding a certificate by a fragment of its holder's Chinese name
 * on a desktop and on a phone, reading pages with scripts off, switching to English, finding a lab, and
 * axe-core on every public page.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../src/server/seed/seed.service.ts";
import type { Json } from "../helpers/app.ts";
import { HAVE_CHROMIUM, type Site, startSite, withPage } from "../helpers/browser.ts";
import { DIALECTS } from "../helpers/db.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const PHONE = { width: 375, height: 740 };

/** A holder name from the demo register and a three-character piece from its middle. */
async function holderFragment(
	site: Site,
): Promise<{ name: string; fragment: string; number: string; status: string }> {
	const res = await fetch(`${site.url}/api/v1/certificates?status=suspended&pageSize=1`);
	const c = ((await res.json()) as Json).items[0];
	const chars = [...(c.holder.name as string)];
	return { name: c.holder.name, fragment: chars.slice(2, 5).join(""), number: c.number, status: c.status };
}

/** The number of a demo application the public may follow (numbers run ZR + year + 6 digits). */
async function firstApplication(site: Site): Promise<string> {
	const year = new Date().getUTCFullYear();
	for (const y of [year + 1, year, year - 1])
		for (let n = 1; n <= 6; n++) {
			const number = `ZR${y}${String(n).padStart(6, "0")}`;
			if ((await fetch(`${site.url}/api/v1/applications/${number}/progress`)).ok) return number;
		}
	throw new Error("the demo has an application the public may follow");
}

/** Runs axe-core on the page and returns its serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
	await page.addScriptTag({ path: AXE });
	const result = await page.evaluate(async () => {
		// biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
		const axe = (window as any).axe;
		const r = await axe.run(document, { resultTypes: ["violations"] });
		return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
			id: v.id,
			impact: v.impact,
			targets: v.nodes.map((n) => n.target.join(" ")),
		}));
	});
	return (result as { id: string; impact: string; targets: string[] }[])
		.filter((v) => v.impact === "serious" || v.impact === "critical")
		.map((v) => `${v.impact} ${v.id}: ${v.targets.slice(0, 3).join(", ")}`);
}

for (const kind of DIALECTS) {
	describe(`public portal in Chromium [${kind}]`, { skip: !HAVE_CHROMIUM && "no Chromium installed" }, () => {
		let site: Site;
		before(async () => {
			site = await startSite(kind);
		});
		after(() => site?.close());

		for (const [device, viewport] of [
			["a desktop", undefined],
			["a 375-px phone", PHONE],
		] as const)
			it(`finds a certificate by part of its holder's Chinese name on ${device}`, async (t) => {
				const { name, fragment, number } = await holderFragment(site);
				await withPage(
					site,
					t,
					async (page) => {
						await page.goto("/");
						await page.getByLabel("证书编号、企业名称、报告编号或机构名称").fill(fragment);
						// Suggestions appear while typing; the person can also just press Enter.
						const suggestion = page.getByRole("option", { name: new RegExp(`${name}.*${number}`) });
						await suggestion.waitFor();
						await page.keyboard.press("Enter");
						await page.waitForURL(/\/search\?/);
						await page.getByRole("link", { name }).first().click();
						await page.waitForURL(/\/certificates\//);
						await assert.doesNotReject(page.getByRole("heading", { name: `认证证书 ${number}` }).waitFor());
						assert.equal(await page.locator(".status-line .badge").textContent(), "暂停");
						assert.match((await page.locator("main").textContent()) ?? "", /原因：/);
						// Nothing is wider than the screen.
						const overflow = await page.evaluate(
							() => document.documentElement.scrollWidth - document.documentElement.clientWidth,
						);
						assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
					},
					viewport ? { viewport } : {},
				);
			});

		it("reads every public page before any script runs", async (t) => {
			const { fragment, number } = await holderFragment(site);
			const context = await site.browser.newContext({ baseURL: site.url, javaScriptEnabled: false });
			const page = await context.newPage();
			try {
				await page.goto("/");
				await page.getByLabel("证书编号、企业名称、报告编号或机构名称").fill(fragment);
				await page.getByRole("button", { name: "查询" }).click();
				await page.waitForURL(/\/search\?/);
				assert.ok(await page.locator("ol.results li").count(), "results without scripts");
				await page.goto(`/certificates/${number}`);
				assert.equal(await page.locator(".status-line .badge").textContent(), "暂停");
			} catch (err) {
				await page.screenshot({ path: `test-results/${t.name.replace(/\W+/g, "_")}.png` }).catch(() => {});
				throw err;
			} finally {
				await context.close();
			}
		});

		it("filters results and shows counts", async (t) => {
			await withPage(site, t, async (page) => {
				await page.goto("/search?q=%E4%B8%8A%E6%B5%B7&type=certificates");
				const all = (await page.getByRole("status").textContent()) ?? "";
				await page.getByLabel("状态").selectOption("suspended");
				await page.getByRole("button", { name: "筛选" }).click();
				await page.waitForURL(/status=suspended/);
				const badges = await page.locator("ol.results .badge").allTextContents();
				assert.ok(badges.length > 0);
				assert.ok(
					badges.every((b) => b === "暂停"),
					badges.join(","),
				);
				assert.notEqual(await page.getByRole("status").textContent(), all, "the count follows the filter");
			});
		});

		it("checks the record's log proof in the browser, and says plainly when it does not hold", async (t) => {
			const { number } = await holderFragment(site);
			await withPage(site, t, async (page) => {
				await page.goto(`/certificates/${number}`);
				const box = page.locator("section.log-proof");
				await page.locator("section.log-proof.ok").waitFor();
				const text = (await box.locator(".log-status").textContent()) ?? "";
				assert.match(
					text,
					/^已在本浏览器中核验：第 [\d,]+ 条日志（(登记证书|变更证书状态)，.+）包含在 .+\/log 签署的检查点中（共 [\d,]+ 条）。$/,
				);
				const href = await box.getByRole("link", { name: "下载证明文件（tlog-proof）" }).getAttribute("href");
				const file = await (await page.request.get(href!)).text();
				assert.match(file, /^c2sp\.org\/tlog-proof@v1\nextra /);
			});
			// A forged answer (the entry says the certificate is valid) is caught by the page.
			await withPage(site, t, async (page) => {
				await page.route("**/proof?**", async (route) => {
					const res = await route.fetch();
					const body = (await res.json()) as { entry: string };
					body.entry = body.entry.replace('"suspended"', '"valid"');
					await route.fulfill({ response: res, json: body });
				});
				await page.goto(`/certificates/${number}`);
				await page.locator("section.log-proof.failed").waitFor();
				assert.match((await page.locator(".log-proof .log-status").textContent()) ?? "", /^核验未通过：/);
			});
		});

		it("lets a citizen file a report on a phone and follow it by its number to the outcome", async (t) => {
			const labs = (await (
				await fetch(`${site.url}/api/v1/organizations?kind=lab&pageSize=1`)
			).json()) as Json;
			const lab = labs.items[0];
			let tracking = "";
			const noOverflow = async (page: Page) =>
				assert.equal(
					await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
					false,
					"nothing wider than the phone",
				);
			await withPage(
				site,
				t,
				async (page) => {
					await page.goto("/");
					await page.locator('a[href="/complaints/new"]').first().click();
					await page.getByLabel("类型", { exact: true }).selectOption("report");
					await page.getByLabel("涉及的机构或企业名称").fill(lab.name);
					await page.getByLabel("统一社会信用代码（选填）").fill(lab.uscc);
					await page
						.getByLabel("事情经过")
						.fill("该实验室出具的检测报告上的授权签字人并不在该实验室工作，报告日期也早于送样日期。");
					await page.getByLabel("姓名", { exact: true }).fill("王小明");
					await page.getByLabel("联系电话", { exact: true }).fill("12345");
					await page.getByRole("button", { name: "提交" }).click();
					// Refused beside the field, in Chinese, with what was typed kept.
					await page.locator("#e-phone").getByText("电话号码格式不正确").waitFor();
					assert.equal(await page.getByLabel("姓名", { exact: true }).inputValue(), "王小明");
					await noOverflow(page);
					await page.getByLabel("联系电话", { exact: true }).fill("021-55556666");
					await page.getByRole("button", { name: "提交" }).click();
					tracking = ((await page.locator("#tracking").textContent()) ?? "").trim();
					assert.match(tracking, /^TS\d{8}/);
					await page.getByRole("link", { name: "查看办理进度" }).click();
					await page.locator(".status-line").getByText("已收到").waitFor();
					assert.ok(!(await page.content()).includes("55556666"), "no contact on the public page");
					await noOverflow(page);
				},
				{ viewport: PHONE },
			);

			// The regulator accepts it and closes it as upheld.
			const login = await site.app.inject({
				method: "POST",
				url: "/api/v1/auth/login",
				payload: { username: "admin", password: DEMO_PASSWORD },
			});
			const headers = {
				cookie: String(login.headers["set-cookie"]).split(";")[0]!,
				"x-csrf-token": (login.json() as Json).csrfToken,
			};
			for (const [step, payload] of [
				["accept", { note: "已受理，转辖区市场监管局核查（浏览器测试）" }],
				[
					"close",
					{ outcome: "upheld", publicText: "经查属实，签字人未在该实验室执业，已立案调查（浏览器测试）。" },
				],
			] as const) {
				const res = await site.app.inject({
					method: "POST",
					url: `/api/v1/complaints/${tracking}/${step}`,
					headers,
					payload,
				});
				assert.equal(res.statusCode, 200, res.body);
			}

			// Back on the phone, by the number alone.
			await withPage(
				site,
				t,
				async (page) => {
					await page.goto("/complaints/new");
					await page.getByLabel("查询编号").fill(tracking.toLowerCase());
					await page.getByRole("button", { name: "查询" }).click();
					await page.waitForURL(new RegExp(`/complaints/${tracking}$`));
					await page.locator(".status-line").getByText("已办结").waitFor();
					await page.getByText("经查属实，签字人未在该实验室执业").first().waitFor();
					await noOverflow(page);
					// The organisation's public file shows it.
					await page.goto(`/organizations/${lab.uscc}`);
					await page.getByText("经查属实，签字人未在该实验室执业").first().waitFor();
				},
				{ viewport: PHONE },
			);
		});

		it("opens a certificate's verification page on a phone, checks the signed statement there, and catches a forged one", async (t) => {
			const { number, name } = await holderFragment(site);
			await withPage(
				site,
				t,
				async (page) => {
					await page.goto(`/v/certificate/${number}`);
					await page.getByText("暂停", { exact: true }).waitFor();
					await page.getByText("该证书已被暂停：暂停期间不得使用。").waitFor();
					assert.ok(await page.getByText(name).isVisible(), "the holder is named");
					await page.locator("section.log-proof.ok").waitFor();
					assert.match(
						(await page.locator(".log-proof .log-status").textContent()) ?? "",
						/^已在本浏览器中核验：平台签名有效，第 [\d,]+ 条日志包含在 .+\/log 签署的检查点中（共 [\d,]+ 条），页面所示记录与日志一致。$/,
					);
					const qr = await page.request.get(`/v/certificate/${number}/qr.png`);
					assert.equal(qr.headers()["content-type"], "image/png");
					const overflow = await page.evaluate(
						() => document.documentElement.scrollWidth > window.innerWidth,
					);
					assert.equal(overflow, false, "nothing wider than the phone");
				},
				{ viewport: PHONE },
			);
			// A page whose statement was altered on the way (suspended made valid) fails the check.
			await withPage(site, t, async (page) => {
				await page.route(`**/v/certificate/${number}`, async (route) => {
					const res = await route.fetch();
					const body = (await res.text()).replace('"result":"suspended"', '"result":"valid"');
					await route.fulfill({ response: res, body });
				});
				await page.goto(`/v/certificate/${number}`);
				await page.locator("section.log-proof.failed").waitFor();
				assert.match(
					(await page.locator(".log-proof .log-status").textContent()) ?? "",
					/^核验未通过：签名无效/,
				);
			});
		});

		it("verifies a pasted list in bulk and offers the results as CSV", async (t) => {
			const { number } = await holderFragment(site);
			await withPage(site, t, async (page) => {
				await page.goto("/verify");
				await page.getByLabel("编号或统一社会信用代码").fill(`${number}\n00126Q9999999R0M`);
				await page.getByRole("button", { name: "核验", exact: true }).click();
				await page.getByRole("heading", { name: /共 2 行，2 条结论/ }).waitFor();
				const rows = page.locator("table.bulk-results tbody tr");
				assert.equal(await rows.count(), 2);
				assert.match((await rows.nth(0).textContent()) ?? "", /暂停/);
				assert.match((await rows.nth(1).textContent()) ?? "", /未找到/);
				const download = page.waitForEvent("download");
				await page.getByRole("button", { name: "下载结果 CSV" }).click();
				const file = await (await download).path();
				const csv = (await import("node:fs")).readFileSync(file, "utf8");
				assert.ok(csv.startsWith("\uFEFFline,input,type,number,result,结论"), csv.slice(0, 80));
				assert.match(csv, new RegExp(`${number},suspended,暂停`));
			});
		});

		it("switches to English and stays in English", async (t) => {
			const { number } = await holderFragment(site);
			await withPage(site, t, async (page) => {
				await page.goto(`/certificates/${number}`);
				await page.getByRole("link", { name: "Switch to English" }).click();
				await page.getByRole("heading", { name: `Certificate ${number}` }).waitFor();
				assert.equal(await page.getAttribute("html", "lang"), "en");
				assert.equal(await page.locator(".status-line .badge").textContent(), "suspended");
				await page.getByRole("link", { name: "Find a lab" }).click();
				await page.getByRole("heading", { name: "Find a lab" }).waitFor();
				await page.getByRole("link", { name: "切换到中文" }).click();
				await page.getByRole("heading", { name: "找实验室" }).waitFor();
			});
		});

		it("finds labs qualified for a test, those in the chosen district first", async (t) => {
			await withPage(site, t, async (page) => {
				await page.goto("/labs");
				await page.getByLabel("产品或检验对象").fill("电线电缆");
				await page.getByLabel("检验项目或参数").fill("导体电阻");
				await page.getByLabel("优先显示所在区").selectOption({ label: "浦东新区" });
				await page.getByRole("button", { name: "查找" }).click();
				await page.waitForURL(/\/labs\?/);
				const items = page.locator("ol.results > li");
				assert.ok((await items.count()) > 0, "some lab is qualified");
				const first = (await items.first().textContent()) ?? "";
				assert.match(first, /资质认定证书 \d+，有效期至/);
				assert.match(first, /电线电缆 · 导体电阻/);
				// The same answer as the API.
				const api: Json = await (
					await fetch(
						`${site.url}/api/v1/labs?product=${encodeURIComponent("电线电缆")}&parameter=${encodeURIComponent("导体电阻")}&district=310115`,
					)
				).json();
				assert.equal(await items.count(), Math.min(api.total, 20));
				assert.match(first, new RegExp(api.items[0].name));
			});
		});

		it("answers an unknown address and an unknown certificate with a page that says so", async (t) => {
			await withPage(site, t, async (page) => {
				const missing = await page.goto("/no/such/page");
				assert.equal(missing?.status(), 404);
				await page.getByRole("heading", { name: "页面不存在" }).waitFor();
				const cert = await page.goto("/certificates/ZZ9999999999");
				assert.equal(cert?.status(), 404);
				assert.match((await page.getByRole("alert").textContent()) ?? "", /ZZ9999999999/);
			});
		});

		it("ships at most 100 KB of compressed script on the certificate page", async (t) => {
			const { number } = await holderFragment(site);
			await withPage(site, t, async (page) => {
				const scripts: string[] = [];
				page.on("response", (r) => {
					if (r.request().resourceType() === "script") scripts.push(r.url());
				});
				await page.goto(`/certificates/${number}`, { waitUntil: "networkidle" });
				let total = 0;
				for (const url of scripts)
					total += zlib.gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
				assert.ok(total <= 100 * 1024, `${total} bytes of gzipped script`);
			});
		});

		it("recomputes a spot-check draw in the browser, and says so when the transcript was altered", async (t) => {
			await withPage(site, t, async (page) => {
				await page.goto("/spot-checks");
				await page.getByRole("link", { name: /演示批次/ }).click();
				await page.getByRole("heading", { name: "抽取结果与检查结果" }).waitFor();
				// Three results are published; the first row names its organisation and result.
				const rows = page.locator("table tbody tr");
				assert.ok((await rows.count()) > 3);
				assert.match((await rows.nth(0).textContent()) ?? "", /合格/);
				await page.getByRole("button", { name: "在本浏览器中重新计算" }).click();
				await page
					.getByText(/已在本浏览器中重新计算：\d+ 个检查对象和 \d+ 个检查组与公布的完全一致/)
					.waitFor();

				// A transcript whose first team was swapped for other inspectors does not pass.
				await page.route("**/transcript", async (route) => {
					const res = await route.fetch();
					const body = await res.json();
					body.assignments[0].team = [...body.assignments[0].team].reverse();
					await route.fulfill({ response: res, json: body });
				});
				await page.reload();
				await page.getByRole("button", { name: "在本浏览器中重新计算" }).click();
				await page.getByText(/重新计算的结果与公布的不一致：assignments\[0\]/).waitFor();
			});
		});

		it("has no serious accessibility violations on the public pages (axe-core)", async (t) => {
			const { fragment, number } = await holderFragment(site);
			const report = ((await (await fetch(`${site.url}/api/v1/reports?pageSize=1`)).json()) as Json).items[0];
			const lab = report.lab.uscc;
			const pages = [
				"/",
				`/search?q=${encodeURIComponent(fragment)}`,
				`/search?q=${encodeURIComponent(fragment)}&type=certificates`,
				`/certificates/${number}`,
				`/reports/${encodeURIComponent(report.number)}?lab=${lab}`,
				`/organizations/${lab}`,
				"/labs?product=%E7%94%B5%E7%BA%BF%E7%94%B5%E7%BC%86",
				"/no/such/page",
				`/certificates/${number}?lang=en`,
				`/v/certificate/${number}`,
				"/v/certificate/00126Q9999999R0M?lang=en",
				"/verify",
				"/spot-checks",
				"/spot-checks/2026-SH-DEMO-01",
				`/organizations/${report.lab.uscc}/credit-report`,
				"/complaints/new",
				"/applications",
				`/applications/${await firstApplication(site)}`,
			];
			const context = await site.browser.newContext({ baseURL: site.url, bypassCSP: true });
			const page = await context.newPage();
			try {
				const problems: string[] = [];
				for (const path of pages) {
					await page.goto(path);
					for (const v of await seriousViolations(page)) problems.push(`${path}: ${v}`);
				}
				assert.deepEqual(problems, []);
			} catch (err) {
				await page.screenshot({ path: `test-results/${t.name.replace(/\W+/g, "_")}.png` }).catch(() => {});
				throw err;
			} finally {
				await context.close();
			}
		});
	});
}
