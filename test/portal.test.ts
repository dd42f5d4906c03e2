/** The public portal's pages through the HTTP stack (the browser tests drive them in Chromium). */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import { STANDARD_RULES } from "../src/core/draw/manifest.ts";
import { schemeByCode } from "../src/core/schemes.ts";
import { Workdays } from "../src/core/workdays.ts";
import { SYSTEM_ACTOR } from "../src/server/auth/policy.ts";
import { imposeBan, liftBan } from "../src/server/bans/bans.service.ts";
import { decideAppeal, fileAppeal } from "../src/server/credit/appeals.service.ts";
import { organizationCreditFile, recordCreditEvent } from "../src/server/credit/credit.service.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import {
	confirmRectification,
	createBatch,
	drawBatch,
	publicBatch,
	publishBatch,
	publishResult,
	recordResult,
} from "../src/server/spotchecks/spotchecks.service.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, clock, makeCb, newUscc, TODAY } from "./helpers/factories.ts";

for (const kind of DIALECTS) {
	describe(`public portal pages [${kind}]`, () => {
		let t: TestApp;
		let c: ReturnType<typeof cert>;
		const page = (url: string, headers: Record<string, string> = {}) =>
			t.app.inject({ method: "GET", url, headers: { accept: "text/html", ...headers } });

		before(async () => {
			t = await testApp(kind);
			const cb = await makeCb(t.db.db);
			c = cert(cb, { status: "suspended", statusDate: "2026-05-01", statusReason: "监督审核不合格" });
			await applyOk(t.db.db, "certificates", [c]);
		});
		after(() => t.close());

		it("renders a certificate page in Chinese, with its status, reason, holder and issuer", async () => {
			const r = await page(`/certificates/${c.number}`);
			assert.equal(r.statusCode, 200);
			assert.match(String(r.headers["content-type"]), /^text\/html; charset=utf-8/);
			assert.match(r.body, /<html lang="zh-CN">/);
			assert.match(r.body, /<span class="badge s-suspended big">暂停<\/span>/);
			assert.match(r.body, /原因：监督审核不合格/);
			assert.match(r.body, /上海华信精密仪器有限公司/);
			assert.match(r.body, /有效期至<\/dt><dd>2028年2月28日/);
			// Both parties with their codes, so a reader can check them against the licence they hold.
			assert.match(
				r.body,
				new RegExp(`发证机构</dt><dd><a [^>]+>[^<]+</a> <span class="mono muted">${c.cbUscc}</span>`),
			);
			assert.match(
				r.body,
				new RegExp(`获证组织</dt><dd><a [^>]+>[^<]+</a> <span class="mono muted">${c.holderUscc}</span>`),
			);
		});

		it("switches to English on request and remembers it", async () => {
			const r = await page(`/certificates/${c.number}?lang=en`);
			assert.match(r.body, /<html lang="en">/);
			assert.match(r.body, /Valid until<\/dt><dd>28 Feb 2028/);
			const cookie = String(r.headers["set-cookie"]).split(";")[0]!;
			assert.equal(cookie, "lang=en");
			const next = await page("/", { cookie });
			assert.match(next.body, /<html lang="en">/);
			const back = await page("/?lang=zh-CN", { cookie });
			assert.match(back.body, /<html lang="zh-CN">/);
		});

		it("answers an unknown certificate and an unknown address with pages, and the API with JSON", async () => {
			const missing = await page("/certificates/ZZ0000000");
			assert.equal(missing.statusCode, 404);
			assert.match(missing.body, /未找到|没有/);
			const nowhere = await page("/no/such/page");
			assert.equal(nowhere.statusCode, 404);
			assert.match(nowhere.body, /页面不存在/);
			const api = await page("/api/v1/nothing");
			assert.equal(api.statusCode, 404);
			assert.equal(api.json().error.code, "ROUTE_NOT_FOUND");
		});

		it("says which search value is wrong, in the reader's language", async () => {
			const r = await page(
				`/search?q=${encodeURIComponent("华信")}&type=certificates&district=${encodeURIComponent("火星区")}`,
			);
			assert.equal(r.statusCode, 400);
			assert.match(r.body, /district：不是上海市的区/);
		});

		it("finds certificates by part of the holder's name and counts them", async () => {
			const r = await page(`/search?q=${encodeURIComponent("华信精密")}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, new RegExp(`/certificates/${c.number}\\?issuer=`));
			assert.match(r.body, /证书 \(1\)/);
		});

		it("compresses pages for browsers that accept it", async () => {
			const r = await t.app.inject({
				method: "GET",
				url: `/certificates/${c.number}`,
				headers: { accept: "text/html", "accept-encoding": "br" },
			});
			assert.equal(r.headers["content-encoding"], "br");
			assert.match(zlib.brotliDecompressSync(r.rawPayload).toString(), /暂停/);
		});
	});
}

for (const kind of DIALECTS) {
	describe(`public spot-check results and integrity files [${kind}]`, () => {
		const DEMO = "2026-SH-DEMO-01";
		const opts = { clock, actor: SYSTEM_ACTOR };
		let t: TestApp;
		const page = (url: string) => t.app.inject({ method: "GET", url, headers: { accept: "text/html" } });

		before(async () => {
			t = await testApp(kind);
			await seed(t.db.db, "demo", TODAY);
		});
		after(() => t.close());

		it("shows an order to rectify in the organisation's credit record, then its rectification", async () => {
			const task = (await publicBatch(t.db.db, DEMO)).tasks[1]!;
			assert.equal(task.result, "rectify");
			const r = await page(`/organizations/${task.object.uscc}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, /<h2 id="credit">信用记录（诚信档案）<\/h2>/);
			assert.match(r.body, /<span class="badge s-suspended">责令整改<\/span>/);
			assert.match(r.body, /双随机抽查结果/);
			assert.match(r.body, /检查发现：部分检验报告未按规定使用资质认定标志/);
			assert.match(r.body, /整改期限：2026年7月1日/);
			assert.match(r.body, new RegExp(`<a href="/spot-checks/${DEMO}">抽查批次 ${DEMO}</a>`));
			assert.match(r.body, /透明日志 #\d+/);
			assert.doesNotMatch(r.body, /该机构暂无信用记录/);

			await confirmRectification(t.db.db, DEMO, 2, { on: TODAY, note: "已补正标志使用，现场核查通过" }, opts);
			const after = await page(`/organizations/${task.object.uscc}`);
			assert.match(after.body, /已于 2026年6月1日 整改/);
			assert.doesNotMatch(after.body, /整改期限/);
			const en = await page(`/organizations/${task.object.uscc}?lang=en`);
			assert.match(en.body, /<h2 id="credit">Credit record<\/h2>/);
			assert.match(en.body, /Ordered to rectify/);
			assert.match(en.body, /Rectified on 1 Jun 2026/);
		});

		it("says so when an organisation has no credit events", async () => {
			const quiet = await t.db.db
				.selectFrom("organizations")
				.select("uscc")
				.where("kind", "=", "cb")
				.where(
					"id",
					"not in",
					t.db.db.selectFrom("credit_events").select("org_id").where("org_id", "is not", null),
				)
				.orderBy("id")
				.executeTakeFirstOrThrow();
			const r = await page(`/organizations/${quiet.uscc}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, /信用记录（诚信档案）/);
			assert.match(r.body, /该机构暂无信用记录。/);
		});

		/** The text a PDF of the register shows, as its strings hold it (UTF-16BE in hex). */
		const pdfHex = (s: string) =>
			[...s].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, "0")).join("");
		/** An 18-digit identity number, or a mainland mobile number, anywhere in a text. */
		const PERSONAL = [/(^|\D)\d{17}[\dXx](\D|$)/, /(^|\D)1[3-9]\d{9}(\D|$)/];
		/** An organisation with an administrative penalty from the demo, given a lifetime ban and a lifted one. */
		let chosen: { uscc: string; name: string; source_key: string; summary: string } | undefined;
		async function penalised() {
			// The first with nothing withdrawn and no ban in the demo, chosen once for every test here.
			chosen ??= await t.db.db
				.selectFrom("credit_events as e")
				.innerJoin("organizations as o", "o.id", "e.org_id")
				.select(["o.uscc", "o.name", "e.source_key", "e.summary"])
				.where("e.kind", "=", "penalty")
				.where("o.id", "not in", (eb) =>
					eb
						.selectFrom("credit_events")
						.select("org_id")
						.where("status", "=", "withdrawn")
						.where("org_id", "is not", null),
				)
				.where("o.id", "not in", (eb) =>
					eb.selectFrom("bans").select("org_id").where("org_id", "is not", null),
				)
				.orderBy("e.id")
				.executeTakeFirstOrThrow();
			const row = chosen;
			if (
				!(await t.db.db
					.selectFrom("bans")
					.select("id")
					.where("reference", "=", "沪市监禁〔2026〕1号")
					.executeTakeFirst())
			) {
				await imposeBan(
					t.db.db,
					{
						uscc: row.uscc,
						scope: "tic",
						startsOn: "2026-05-20",
						reference: "沪市监禁〔2026〕1号",
						authority: "上海市市场监督管理局",
						reason: "出具虚假检验检测报告，情节严重",
					},
					opts,
				);
				const lifted = await imposeBan(
					t.db.db,
					{
						uscc: row.uscc,
						scope: "procurement",
						startsOn: "2026-01-10",
						endsOn: "2027-01-09",
						reference: "沪财采禁〔2026〕7号",
						authority: "上海市财政局",
						reason: "提供虚假材料谋取中标",
					},
					opts,
				);
				await liftBan(t.db.db, lifted.id, { on: "2026-05-25", reason: "行政复议撤销原决定" }, opts);
			}
			return row;
		}

		it("gives an organisation's credit report: who, when, at which checkpoint, its bans and events — no grade", async () => {
			const org = await penalised();
			const r = await page(`/organizations/${org.uscc}/credit-report`);
			assert.equal(r.statusCode, 200);
			assert.match(String(r.headers["content-type"]), /^text\/html/);
			assert.match(r.body, /<h1>信用信息报告<\/h1>/);
			assert.ok(r.body.includes(org.name) && r.body.includes(org.uscc));
			// The checkpoint it was made at covers every entry it names, and is the log's (size and root).
			const cp = (await t.app.tlog.latest())!;
			assert.ok(r.body.includes(`共 ${cp.size.toLocaleString("zh-CN")} 条，根哈希 ${cp.rootHash}`));
			assert.ok(r.body.includes(cp.note.split("\n")[0]!), "the signed checkpoint note is printed");
			const file = await organizationCreditFile(t.db.db, org.uscc, null);
			for (const x of [...file.events, ...file.bans]) assert.ok(x.logIndex !== null && x.logIndex < cp.size);
			// The penalty, with its decision and log entry.
			assert.match(r.body, /行政处罚/);
			assert.ok(r.body.includes(org.summary));
			assert.ok(r.body.includes(`决定书文号：${org.source_key}`));
			assert.match(r.body, /<a href="\/api\/v1\/log\/entries\/\d+">透明日志 #\d+<\/a>/);
			// Bans: the one in force (for life) and the lifted one, in their sections.
			const [current, past] = r.body.split("已结束或已解除的禁入与限制");
			assert.match(current!, /终身，自 2026年5月20日 起/);
			assert.match(current!, /禁止从事检验检测认证活动/);
			assert.ok(current!.includes("沪市监禁〔2026〕1号") && !current!.includes("沪财采禁〔2026〕7号"));
			assert.ok(past!.includes("沪财采禁〔2026〕7号") && past!.includes("已于 2026年5月25日 解除"));
			assert.ok(past!.includes("<dt>解除事由</dt><dd>行政复议撤销原决定</dd>"));
			// The grade is said to be unpublished, and is not there.
			assert.match(r.body, /本报告不含信用风险分类等级/);
			const graded = await organizationCreditFile(t.db.db, org.uscc, SYSTEM_ACTOR);
			assert.ok(graded.grade, "the organisation has a grade, which the report must not show");
			for (const hidden of [
				"信用风险低",
				"信用风险一般",
				"信用风险较高",
				"领域风险",
				"距上次检查时间",
				"grade",
			])
				assert.ok(!r.body.includes(hidden), `the report shows no ${hidden}`);
			for (const pattern of PERSONAL) assert.doesNotMatch(r.body.replaceAll(org.uscc, ""), pattern);
			assert.ok(r.body.includes(`href="/organizations/${org.uscc}/credit-report.pdf"`));
			assert.match(r.body, /@media print\{@page\{size:A4/);

			const home = await page(`/organizations/${org.uscc}`);
			assert.ok(home.body.includes(`<a href="/organizations/${org.uscc}/credit-report">信用报告`));
			const en = await page(`/organizations/${org.uscc}/credit-report?lang=en`);
			assert.match(en.body, /<h1>Credit information report<\/h1>/);
			assert.match(en.body, /administrative penalty/);
			assert.match(en.body, /For life, from 20 May 2026/);
			assert.match(en.body, /carries no credit-risk grade/);

			assert.equal((await page(`/organizations/${newUscc()}/credit-report`)).statusCode, 404);
			assert.equal((await page("/organizations/not-a-code/credit-report")).statusCode, 400);
		});

		it("prints a lab's qualification as an electronic certificate with its status on the day and a QR code", async () => {
			const q = await t.db.db
				.selectFrom("qualifications as q")
				.innerJoin("organizations as o", "o.id", "q.org_id")
				.select(["q.number", "o.uscc", "o.name"])
				.where("q.type", "=", "cma")
				.where("q.status", "=", "valid")
				.orderBy("q.id")
				.executeTakeFirstOrThrow();
			const home = await page(`/organizations/${q.uscc}`);
			const href = `/qualifications/${encodeURIComponent(q.number)}/certificate.pdf`;
			assert.ok(home.body.includes(`<a href="${href}">电子证书（PDF）</a>`));
			const res = await page(href);
			assert.deepEqual([res.statusCode, res.headers["content-type"]], [200, "application/pdf"]);
			const pdf = res.rawPayload.toString("latin1");
			assert.ok(pdf.startsWith("%PDF-1.7\n") && pdf.endsWith("%%EOF\n"));
			for (const shown of ["检验检测机构资质认定证书", q.name, q.number, "有效 Valid", "能力范围"])
				assert.ok(pdf.includes(pdfHex(shown)), `the certificate shows ${shown}`);
			assert.ok((pdf.match(/ re f$/gm)?.length ?? 0) > 100, "the QR code is drawn");
			assert.equal((await page("/qualifications/CMA-NONE-0000/certificate.pdf")).statusCode, 404);
		});

		it("shows a qualification application's progress by its number, with the working days left and nothing personal", async () => {
			const apps = await t.db.db
				.selectFrom("applications")
				.select(["number", "step"])
				.where("step", "!=", "draft")
				.orderBy("id")
				.execute();
			const waiting = apps.find((a) => a.step === "correction");
			assert.ok(waiting, "the demo has an application under correction");
			const lookup = await page(`/applications?number=${waiting.number.toLowerCase()}`);
			assert.deepEqual(
				[lookup.statusCode, lookup.headers.location],
				[303, `/applications/${waiting.number}`],
			);
			const r = await page(`/applications/${waiting.number}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, /<h1>资质认定申请办理进度<\/h1>/);
			assert.match(r.body, /<span class="badge big s-suspended">整改中<\/span>/);
			assert.match(r.body, /正在等待申请人补正材料或整改，办理时限暂停计算。/);
			assert.match(r.body, /已用 \d+ 个工作日，剩余 \d+ 个工作日/);
			assert.match(r.body, /<li><strong>已受理<\/strong> · 20\d\d年/);
			// Nobody on the team, nor the lab's people, is named.
			const people = await t.db.db.selectFrom("people").select("name").execute();
			for (const { name } of people) assert.ok(!r.body.includes(name), `no ${name}`);
			const home = await page("/");
			assert.match(home.body, /<a href="\/applications">资质认定办理进度<\/a>/);
			assert.equal((await page("/applications/ZR2026999999")).statusCode, 404);
			assert.equal((await page("/applications")).statusCode, 200);
		});

		it("shows a withdrawn event as 已撤销, with why it no longer counts", async () => {
			const org = await penalised();
			const { id } = await fileAppeal(
				t.db.db,
				org.uscc,
				{ event: { kind: "penalty", source: org.source_key }, reason: "处罚决定已被行政复议撤销，请予撤回" },
				opts,
			);
			await decideAppeal(t.db.db, id, { upheld: true, note: "复议决定书已核实" }, opts);
			const r = await page(`/organizations/${org.uscc}/credit-report`);
			assert.match(r.body, /<li class="withdrawn">[\s\S]*?<span class="badge s-none">已撤销<\/span>/);
			assert.match(r.body, /本记录不再计入信用评价/);
			assert.match(r.body, /异议成立，监管部门意见：复议决定书已核实/);
			assert.match(r.body, /其中 1 条已撤销/);
		});

		it("gives the report as an A4 PDF, paginated when the events are many", async () => {
			const quiet = await t.db.db
				.selectFrom("organizations")
				.select(["uscc", "name"])
				.where("kind", "=", "lab")
				.where(
					"id",
					"not in",
					t.db.db.selectFrom("credit_events").select("org_id").where("org_id", "is not", null),
				)
				.orderBy("id")
				.executeTakeFirstOrThrow();
			const EVENTS = 40;
			const references: string[] = [];
			for (let k = 0; k < EVENTS; k++) {
				const reference = `沪市监处〔2026〕${String(900 + k)}号`;
				references.push(reference);
				await recordCreditEvent(
					t.db.db,
					quiet.uscc,
					{
						kind: k % 3 ? "penalty" : "scope_violation",
						occurredOn: `2026-0${1 + (k % 5)}-${String(1 + (k % 28)).padStart(2, "0")}`,
						reference,
						authority: "上海市市场监督管理局",
						summary:
							"超出资质认定证书规定的检验检测能力范围，向社会出具具有证明作用的检验检测数据、结果，违反《检验检测机构资质认定管理办法》第三十六条，责令改正，处三万元罚款",
					},
					opts,
				);
			}
			const res = await t.app.inject({
				method: "GET",
				url: `/organizations/${quiet.uscc}/credit-report.pdf`,
			});
			assert.equal(res.statusCode, 200);
			assert.equal(res.headers["content-type"], "application/pdf");
			assert.equal(
				res.headers["content-disposition"],
				`inline; filename="credit-report-${quiet.uscc}-${TODAY}.pdf"`,
			);
			const pdf = res.rawPayload.toString("latin1");
			assert.ok(pdf.startsWith("%PDF-1.7\n") && pdf.endsWith("%%EOF\n"));
			const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
			const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
			for (const [i, off] of offsets.entries())
				assert.ok(pdf.startsWith(`${i + 1} 0 obj\n`, off), `object ${i + 1} at ${off}`);

			// One content stream per page, as many as the page tree counts; every page numbered "n of N".
			const pages = [...pdf.matchAll(/stream\n([\s\S]*?)\nendstream/g)].map((m) => m[1]!);
			const count = Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(pdf)![1]);
			assert.equal(pages.length, count);
			assert.equal(pdf.match(/\/Type \/Page \/Parent/g)?.length, count);
			assert.ok(count >= 3, `${EVENTS} events take ${count} pages`);
			for (const [i, content] of pages.entries())
				assert.ok(content.includes(pdfHex(`第 ${i + 1} 页，共 ${count} 页`)), `page ${i + 1} is numbered`);
			// Each event on exactly one page, whole (its decision and its log entry together), none lost.
			const file = await organizationCreditFile(t.db.db, quiet.uscc, null);
			for (const e of file.events) {
				const on = pages.filter((c) => c.includes(pdfHex(e.source)));
				assert.equal(on.length, 1, `${e.source} is on one page`);
				assert.ok(on[0]!.includes(pdfHex(`#${e.logIndex}`)), `${e.source} and its log entry together`);
			}
			const all = pages.join("\n");
			for (const shown of [
				quiet.name,
				quiet.uscc,
				"信用信息报告",
				"本报告不含信用风险分类等级",
				"行政处罚 (administrative penalty)",
			])
				assert.ok(all.includes(pdfHex(shown)), `the PDF shows ${shown}`);
			const cp = (await t.app.tlog.latest())!;
			assert.ok(all.includes(pdfHex(cp.rootHash)), "the PDF names the checkpoint's root hash");

			// A short file takes fewer pages; no personal data in either.
			const org = await penalised();
			const short = (
				await t.app.inject({ method: "GET", url: `/organizations/${org.uscc}/credit-report.pdf` })
			).rawPayload.toString("latin1");
			const shortCount = Number(/\/Count (\d+) >>/.exec(short)![1]);
			assert.ok(shortCount >= 1 && shortCount < count, `a short file takes ${shortCount} pages`);
			const text = (raw: string) =>
				[...raw.matchAll(/<([0-9a-f]+)> Tj/g)]
					.map((m) => String.fromCharCode(...(m[1]!.match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16))))
					.join("\n");
			assert.ok(text(short).includes(org.name));
			for (const pattern of PERSONAL) {
				assert.doesNotMatch(text(pdf).replaceAll(quiet.uscc, ""), pattern);
				assert.doesNotMatch(text(short).replaceAll(org.uscc, ""), pattern);
			}
		});

		it("describes the pool a batch was drawn from", async () => {
			const r = await page(`/spot-checks/${DEMO}`);
			assert.equal(r.statusCode, 200);
			assert.match(r.body, /对象：机构；机构类型：认证机构、检验检测机构；所在区：全部；证书领域：全部/);
		});

		it("shows the certificate each task of a certificate batch inspects, escaping what the register says", async () => {
			const code = "2026-SH-QMS-CERT";
			await createBatch(
				t.db.db,
				{
					code,
					title: "2026年质量管理体系认证证书双随机抽查",
					drawDate: TODAY,
					mode: "modern",
					objects: "certificates",
					kinds: ["enterprise"],
					districts: [],
					schemes: ["QMS"],
					strata: [
						{ name: "A", count: 1 },
						{ name: "B", count: 2 },
						{ name: "C", count: 1 },
						{ name: "D", count: 1 },
					],
					exclusions: [],
					teamSize: 2,
					rules: { ...STANDARD_RULES },
					sources: [{ name: "drand quicknet", kind: "beacon", description: "drand quicknet 公开随机数" }],
				},
				opts,
			);
			await publishBatch(t.db.db, code, opts);
			await drawBatch(t.db.db, code, [{ name: "drand quicknet", value: "77aa" }], opts);
			const batch = await publicBatch(t.db.db, code);
			const task = batch.tasks.find((x) => x.team.length > 0)!;
			const number = task.object.certificate!;
			assert.ok(number);

			const findings = "<script>alert(1)</script> 证书覆盖范围与现场不符";
			await recordResult(
				t.db.db,
				code,
				task.seq,
				{ result: "fail", findings, inspectedOn: TODAY },
				{ ...opts, workdays: new Workdays() },
			);
			await publishResult(t.db.db, code, task.seq, opts);

			const r = await page(`/spot-checks/${code}`);
			assert.equal(r.statusCode, 200);
			const qms = schemeByCode("QMS")!;
			assert.match(
				r.body,
				new RegExp(`对象：证书；持证单位类型：企业；所在区：全部；证书领域：${qms.nameZh}`),
			);
			assert.ok(
				r.body.includes(
					`证书 <a class="mono" href="/certificates/${encodeURIComponent(number)}">${number}</a>`,
				),
			);
			assert.ok(r.body.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
			assert.ok(!r.body.includes("<script>alert(1)"));
			const en = await page(`/spot-checks/${code}?lang=en`);
			assert.match(en.body, /Objects: certificates; holder kinds: enterprise; districts: all/);

			const org = await page(`/organizations/${task.object.uscc}`);
			assert.match(org.body, /<span class="badge s-fail">不合格<\/span>/);
			assert.ok(
				org.body.includes(`<a href="/certificates/${encodeURIComponent(number)}">证书 ${number}</a>`),
			);
			assert.ok(org.body.includes("检查发现：&lt;script&gt;alert(1)&lt;/script&gt;"));
			assert.ok(!org.body.includes("<script>alert(1)"));
		});
	});
}
