/**
 * Risk alerts through the API: an officer marks a product failed and gets the certificates, bodies and
 * people involved with tasks to act on them; every alert fact is a log entry naming the affected
 * organisations and districts without personal data; publication shows the public part only; bodies see
 * and complete their own tasks; a failed spot check, a withdrawn certificate and a confirmed fraud signal
 * raise alerts by themselves; another region's signed alert is accepted once and a forged, stale or
 * replayed one refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { personRef } from "../src/core/records/person-ref.ts";
import { Dispatcher } from "../src/server/notifications/dispatcher.ts";
import { signatureHeader } from "../src/server/notifications/signing.ts";
import {
	type Credentials,
	logSize,
	makeAccount,
	newestLogEntry,
	type TestApp,
	testApp,
} from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import {
	applyOk,
	cert,
	clock,
	makeCb,
	makeLab,
	makePerson,
	NOW,
	newUscc,
	org,
	report,
} from "./helpers/factories.ts";

type Session = Credentials & { cookie: string; csrf: string };

const SECRET = "jiangsu-shared-secret-0123456789abcdef";

for (const kind of DIALECTS)
	describe(`risk alerts [${kind}]`, () => {
		let t: TestApp;
		let asAdmin: Session;
		let asOfficer: Session;
		let asCb: Session;
		let asLab: Session;
		let cb: string;
		let lab: { uscc: string; cma: string };
		let holder: string;
		let certNumber: string;
		let reportNumber: string;
		let signatory: { idNumber: string; ref: string; name: string };
		let auditor: { idNumber: string; ref: string };

		const refOf = async (idNumber: string) =>
			personRef(
				Number(
					(
						await t.db.db
							.selectFrom("person_private")
							.select("person_id")
							.where("id_number", "=", idNumber)
							.executeTakeFirstOrThrow()
					).person_id,
				),
			);

		before(async () => {
			t = await testApp(kind);
			const regulator = org({
				kind: "regulator",
				name: "上海市市场监督管理局",
				uscc: newUscc("11", "310115"),
			});
			await applyOk(t.db.db, "organizations", [regulator]);
			cb = await makeCb(t.db.db, { district: "310104" });
			lab = await makeLab(t.db.db, { district: "310105" });
			const h = org({ name: "上海示例电器有限公司", district: "310115" });
			holder = h.uscc as string;
			await applyOk(t.db.db, "organizations", [h]);
			const auditorId = await makePerson(t.db.db, cb, "auditor", { name: "李审核" });
			auditor = { idNumber: auditorId, ref: await refOf(auditorId) };
			const sigId = await makePerson(t.db.db, lab.uscc, "signatory", { name: "王签字" });
			signatory = { idNumber: sigId, ref: await refOf(sigId), name: "王签字" };
			const c = cert(cb, {
				holderUscc: holder,
				holderName: "上海示例电器有限公司",
				product: "电热水壶",
				auditTeam: `${auditor.ref}:leader`,
			});
			certNumber = c.number;
			await applyOk(t.db.db, "certificates", [c]);
			const r = report(lab.uscc, {
				clientName: "上海示例电器有限公司",
				clientUscc: holder,
				product: "电热水壶",
				signatory: signatory.ref,
			});
			reportNumber = r.number;
			await applyOk(t.db.db, "reports", [r]);
			await makeAccount(t, "a-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "a-officer", "regulator_officer", regulator.uscc as string, ["310115"]);
			await makeAccount(t, "a-cb", "cb_operator", cb);
			await makeAccount(t, "a-lab", "lab_operator", lab.uscc);
			asAdmin = await t.signIn("a-admin");
			asOfficer = await t.signIn("a-officer");
			asCb = await t.signIn("a-cb");
			asLab = await t.signIn("a-lab");
		});
		after(() => t.close());

		const failed = (over: Record<string, unknown> = {}) => ({
			source: "product_failed",
			title: "电热水壶抽检不合格",
			description: "电热水壶泄漏电流项目不合格，涉及相关认证证书与检验报告。",
			trigger: { kind: "report", key: reportNumber },
			...over,
		});

		let number: string;

		describe("marking a product failed", () => {
			it("finds the certificates, bodies and people involved and sets tasks on them", async () => {
				const r = await t.request("POST", "/api/v1/alerts", { as: asOfficer, body: failed() });
				assert.equal(r.status, 201, JSON.stringify(r.body));
				number = r.body.number;
				assert.match(number, /^YJ-2026-\d{6}$/);
				assert.equal(r.body.severity, "high", "a failed product defaults to high");
				assert.equal(r.body.source, "product_failed");
				const keys = (k: string) => r.body.affected[k].map((n: { key: string }) => n.key);
				assert.ok(keys("organization").includes(lab.uscc), "the lab that tested it");
				assert.ok(keys("organization").includes(holder), "the client");
				assert.ok(keys("organization").includes(cb), "the CB of the holder's certificate");
				assert.ok(keys("certificate").includes(`${certNumber}@${cb}`), "the certificate on the product");
				assert.ok(keys("person").includes(signatory.ref), "the signatory, for regulators");
				assert.ok(keys("product").includes("电热水壶"));
				const certNode = r.body.affected.certificate.find(
					(n: { key: string }) => n.key === `${certNumber}@${cb}`,
				);
				assert.equal(certNode.path[0], `report:${reportNumber}`, "paths start at the trigger");
				assert.equal(certNode.path.at(-1), `certificate:${certNumber}@${cb}`);
				const rules = r.body.tasks.map(
					(x: { rule: string; assignee: { key: string } }) => `${x.rule}:${x.assignee.key}`,
				);
				assert.ok(rules.includes(`lab_review:${lab.uscc}`), JSON.stringify(rules));
				assert.ok(rules.includes(`cb_verify:${cb}`), JSON.stringify(rules));
				assert.ok(rules.includes("district_recall:310115"), JSON.stringify(rules));
				// 2026-06-01 is a Monday: 5 working days → 2026-06-08; 10 → 2026-06-15.
				const lr = r.body.tasks.find((x: { rule: string }) => x.rule === "lab_review");
				assert.equal(lr.deadline, "2026-06-08");
				const dr = r.body.tasks.find((x: { rule: string }) => x.rule === "district_recall");
				assert.equal(dr.deadline, "2026-06-15");
				assert.ok(r.body.orgs.includes(holder) && r.body.districts.includes("310115"));
			});

			it("logs alert.raised with severity, organisations and districts, and no personal data", async () => {
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "alert.raised");
				assert.deepEqual(entry.subject, { kind: "alert", number });
				const facts = entry.facts as Record<string, string>;
				assert.equal(facts.severity, "high");
				assert.ok(facts.orgs!.split(",").includes(holder));
				assert.ok(facts.orgs!.split(",").includes(lab.uscc));
				assert.ok(facts.districts!.split(",").includes("310115"));
				const text = JSON.stringify(entry);
				for (const secret of [signatory.idNumber, auditor.idNumber, "13912345678", "王签字", "李审核"])
					assert.ok(!text.includes(secret), `the entry holds ${secret}`);
			});

			it("refuses bad input naming the field, in both languages, changing nothing", async () => {
				const size = await logSize(t);
				const cases: [Record<string, unknown>, string, string][] = [
					[failed({ title: " " }), "title", "REQUIRED"],
					[failed({ description: `联系人身份证 ${signatory.idNumber}` }), "description", "PERSONAL_DATA"],
					[failed({ trigger: { kind: "report", key: "NO-SUCH-REPORT" } }), "trigger.key", "NOT_FOUND"],
					[failed({ trigger: { kind: "organization", key: holder } }), "trigger.kind", "ENUM"],
					[failed({ source: "manual", severity: "critical" }), "severity", ""],
				];
				for (const [body, field, rule] of cases) {
					const r = await t.request("POST", "/api/v1/alerts", { as: asOfficer, body });
					assert.equal(r.status, 400, JSON.stringify(r.body));
					assert.ok(
						String(r.body.error.field ?? "").includes(field.split(".").at(-1)!),
						JSON.stringify(r.body),
					);
					if (rule) assert.equal(r.body.error.rule, rule);
					assert.ok(r.body.error.messageZh && r.body.error.message);
				}
				assert.equal(await logSize(t), size);
			});

			it("lets only regulators raise and see unpublished alerts", async () => {
				const denied = await t.request("POST", "/api/v1/alerts", { as: asCb, body: failed() });
				assert.equal(denied.status, 403);
				assert.equal((await t.get(`/api/v1/alerts/${number}`)).status, 404);
				assert.equal((await t.get(`/api/v1/alerts/${number}`, asLab)).status, 404);
				const anon = await t.get("/api/v1/alerts");
				assert.equal(anon.status, 200);
				assert.ok(!anon.body.items.some((a: { number: string }) => a.number === number));
				const board = await t.get("/api/v1/alerts?severity=high&status=open", asOfficer);
				const mine = board.body.items.find((a: { number: string }) => a.number === number);
				assert.ok(mine);
				assert.equal(mine.openTasks, 3);
				assert.equal(mine.overdueTasks, 0);
				const other = await t.get("/api/v1/alerts?severity=low", asOfficer);
				assert.ok(!other.body.items.some((a: { number: string }) => a.number === number));
				const byDistrict = await t.get("/api/v1/alerts?district=310115", asOfficer);
				assert.ok(byDistrict.body.items.some((a: { number: string }) => a.number === number));
				const byQ = await t.get(`/api/v1/alerts?q=${encodeURIComponent("电热水壶")}`, asOfficer);
				assert.ok(byQ.body.items.some((a: { number: string }) => a.number === number));
			});
		});

		describe("publication", () => {
			it("publishes the public part, logged, without people", async () => {
				const r = await t.request("POST", `/api/v1/alerts/${number}/publish`, { as: asOfficer });
				assert.equal(r.status, 200, JSON.stringify(r.body));
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "alert.updated");
				assert.equal((entry.facts as Record<string, unknown>).published, 1);
				const pub = await t.get(`/api/v1/alerts/${number}`);
				assert.equal(pub.status, 200);
				assert.equal(pub.body.title, "电热水壶抽检不合格");
				assert.ok(pub.body.affected.organizations.some((o: { key: string }) => o.key === holder));
				assert.equal(pub.body.affected.people, undefined);
				assert.equal(pub.body.internalNote, undefined);
				const text = JSON.stringify(pub.body);
				for (const secret of [signatory.ref, auditor.ref, "王签字", "李审核", signatory.idNumber])
					assert.ok(!text.includes(secret), `the public alert holds ${secret}`);
				const again = await t.request("POST", `/api/v1/alerts/${number}/publish`, { as: asOfficer });
				assert.equal(again.status, 409);
				const list = await t.get("/api/v1/alerts");
				assert.ok(list.body.items.some((a: { number: string }) => a.number === number));
			});

			it("shows it on the portal board and its page, people left out", async () => {
				const board = await t.request("GET", "/alerts");
				assert.equal(board.status, 200);
				assert.ok(board.raw.includes(number));
				assert.ok(board.raw.includes("电热水壶抽检不合格"));
				const page = await t.request("GET", `/alerts/${number}`);
				assert.equal(page.status, 200);
				assert.ok(page.raw.includes("电热水壶抽检不合格"));
				assert.ok(page.raw.includes(holder));
				assert.ok(page.raw.includes(certNumber));
				for (const secret of [signatory.ref, "王签字", "李审核"]) assert.ok(!page.raw.includes(secret));
				const missing = await t.request("GET", "/alerts/YJ-2026-999999");
				assert.equal(missing.status, 404);
			});
		});

		describe("tasks", () => {
			it("shows a body its own tasks and lets it complete them, not others'", async () => {
				const mine = await t.get("/api/v1/alerts/tasks/mine", asLab);
				assert.equal(mine.status, 200);
				const task = mine.body.items.find((x: { alert: { number: string } }) => x.alert.number === number);
				assert.equal(task.rule, "lab_review");
				assert.ok(
					!mine.body.items.some((x: { assignee: { key: string } }) => x.assignee.key !== lab.uscc),
					"only the lab's own",
				);
				const cbTask = (await t.get("/api/v1/alerts/tasks/mine", asCb)).body.items.find(
					(x: { alert: { number: string } }) => x.alert.number === number,
				);
				const notMine = await t.request("POST", `/api/v1/alerts/${number}/tasks/${cbTask.seq}/complete`, {
					as: asLab,
					body: { note: "已复核" },
				});
				assert.equal(notMine.status, 404);
				const done = await t.request("POST", `/api/v1/alerts/${number}/tasks/${task.seq}/complete`, {
					as: asLab,
					body: { note: "已复核检验报告，结论维持不合格" },
				});
				assert.equal(done.status, 200, JSON.stringify(done.body));
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "alert.updated");
				const detail = await t.get(`/api/v1/alerts/${number}`, asOfficer);
				assert.equal(detail.body.status, "handling", "the first completed task moves it to handling");
				assert.equal(detail.body.tasks.find((x: { seq: number }) => x.seq === task.seq).status, "done");
				const pub = await t.get(`/api/v1/alerts/${number}`);
				assert.equal(pub.body.actions.length, 1);
				assert.ok(!JSON.stringify(pub.body).includes("结论维持不合格"), "the note stays with regulators");
			});

			it("lets an officer add, reassign and refuse bad tasks", async () => {
				const bad = await t.request("POST", `/api/v1/alerts/${number}/tasks`, {
					as: asOfficer,
					body: { assignee: { kind: "district", key: "999999" }, action: "现场核查" },
				});
				assert.equal(bad.status, 400);
				assert.equal(bad.body.error.field, "assignee.key");
				const added = await t.request("POST", `/api/v1/alerts/${number}/tasks`, {
					as: asOfficer,
					body: { assignee: { kind: "officer", key: "a-officer" }, action: "现场核查生产企业", days: 3 },
				});
				assert.equal(added.status, 200, JSON.stringify(added.body));
				const task = added.body.tasks.at(-1);
				assert.equal(task.deadline, "2026-06-04");
				assert.equal(task.assignee.kind, "officer");
				const moved = await t.request("PATCH", `/api/v1/alerts/${number}/tasks/${task.seq}`, {
					as: asOfficer,
					body: { assignee: { kind: "organization", key: cb } },
				});
				assert.equal(moved.status, 200);
				assert.equal(moved.body.tasks.at(-1).assignee.key, cb);
				assert.ok(moved.body.history.some((h: { action: string }) => h.action === "alert.task.changed"));
			});

			it("changes severity and closes with a conclusion, both logged; a closed alert does not change", async () => {
				const sev = await t.request("PATCH", `/api/v1/alerts/${number}`, {
					as: asOfficer,
					body: { severity: "serious" },
				});
				assert.equal(sev.status, 200);
				assert.equal(((await newestLogEntry(t)).facts as Record<string, string>).severity, "serious");
				const empty = await t.request("POST", `/api/v1/alerts/${number}/close`, {
					as: asOfficer,
					body: { conclusion: "" },
				});
				assert.deepEqual([empty.status, empty.body.error.field], [400, "conclusion"]);
				const closed = await t.request("POST", `/api/v1/alerts/${number}/close`, {
					as: asOfficer,
					body: { conclusion: "涉事产品已召回，相关证书已暂停。" },
				});
				assert.equal(closed.status, 200);
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "alert.closed");
				assert.equal((entry.facts as Record<string, string>).status, "closed");
				const late = await t.request("PATCH", `/api/v1/alerts/${number}`, {
					as: asOfficer,
					body: { severity: "low" },
				});
				assert.equal(late.status, 409);
			});
		});

		describe("automatic alerts", () => {
			it("raises one when a certificate is withdrawn", async () => {
				const c = cert(cb, { holderUscc: holder, holderName: "上海示例电器有限公司", product: "电吹风" });
				await applyOk(t.db.db, "certificates", [c]);
				const r = await t.request("POST", `/api/v1/certificates/${c.number}/status`, {
					as: asCb,
					body: { status: "withdrawn", reason: "获证企业不能持续符合认证要求" },
				});
				assert.equal(r.status, 200, JSON.stringify(r.body));
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "certificate.status", "the certificate's own entry comes last");
				const list = await t.get("/api/v1/alerts?source=certificate_withdrawn", asOfficer);
				assert.equal(list.body.total, 1);
				const n = list.body.items[0].number;
				const a = await t.get(`/api/v1/alerts/${n}`, asOfficer);
				assert.equal(a.body.source, "certificate_withdrawn");
				assert.equal(a.body.severity, "medium");
				assert.equal(a.body.trigger.key, `${c.number}@${cb}`);
				assert.ok(a.body.affected.organization.some((o: { key: string }) => o.key === holder));
				assert.deepEqual(
					a.body.tasks.map((x: { assignee: { key: string } }) => x.assignee.key),
					["310115"],
				);
				const suspended = cert(cb, { holderUscc: holder, holderName: "上海示例电器有限公司" });
				await applyOk(t.db.db, "certificates", [suspended]);
				const size = await logSize(t);
				await t.request("POST", `/api/v1/certificates/${suspended.number}/status`, {
					as: asCb,
					body: { status: "suspended", reason: "未按期接受监督审核" },
				});
				assert.equal(await logSize(t), size + 1, "a suspension raises no alert");
			});

			it("raises one when a failed spot-check result is published", async () => {
				const { publishResult } = await import("../src/server/spotchecks/spotchecks.service.ts");
				const { SYSTEM_ACTOR } = await import("../src/server/auth/policy.ts");
				const holderRow = await t.db.db
					.selectFrom("organizations")
					.select("id")
					.where("uscc", "=", holder)
					.executeTakeFirstOrThrow();
				const batch = await t.db.db
					.insertInto("spot_batches")
					.values({
						code: "SC-2026-T1",
						title: "2026年电器产品质量抽查",
						status: "drawn",
						spec_json: "{}",
						draw_date: "2026-05-01",
						manifest_json: null,
						manifest_sha256: null,
						inputs_json: null,
						openings_json: null,
						transcript_json: null,
						transcript_sha256: null,
						created_by: "test",
						created_at: NOW,
						published_at: NOW,
						drawn_at: NOW,
					})
					.returning("id")
					.executeTakeFirstOrThrow();
				await t.db.db
					.insertInto("spot_tasks")
					.values({
						batch_id: Number(batch.id),
						seq: 1,
						org_id: Number(holderRow.id),
						object_key: holder,
						salt: "00",
						team_json: "[]",
						status: "done",
						result: "fail",
						findings: "现场检查发现产品与认证型式不一致",
						inspected_on: "2026-05-20",
						publish_by: "2026-06-17",
						published_at: null,
					})
					.execute();
				await publishResult(t.db.db, "SC-2026-T1", 1, { clock, actor: SYSTEM_ACTOR });
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "spotcheck.result", "the result's own entry comes last");
				const list = await t.get("/api/v1/alerts?source=spotcheck_failed", asOfficer);
				assert.equal(list.body.total, 1);
				const a = await t.get(`/api/v1/alerts/${list.body.items[0].number}`, asOfficer);
				assert.equal(a.body.source, "spotcheck_failed");
				assert.equal(a.body.trigger.key, holder);
				assert.ok(a.body.description.includes("SC-2026-T1#1"));
			});

			it("raises one when a fraud signal is confirmed", async () => {
				const c = await t.db.db
					.selectFrom("certificates")
					.select("id")
					.where("number", "=", certNumber)
					.executeTakeFirstOrThrow();
				const cbRow = await t.db.db
					.selectFrom("organizations")
					.select("id")
					.where("uscc", "=", cb)
					.executeTakeFirstOrThrow();
				const flag = await t.db.db
					.insertInto("flags")
					.values({
						kind: "audit_days_short",
						subject_type: "certificate",
						subject_id: Number(c.id),
						subject_key: certNumber,
						org_id: Number(cbRow.id),
						message_zh: "审核人日数明显少于规定的最低人日数",
						message_en: "audit days far below the minimum",
						evidence_json: "{}",
						status: "open",
						found_at: NOW,
						checked_at: NOW,
						decided_at: null,
						decided_by: null,
						decision_reason: null,
					})
					.returning("id")
					.executeTakeFirstOrThrow();
				const r = await t.request("POST", `/api/v1/flags/${Number(flag.id)}/decision`, {
					as: asAdmin,
					body: { decision: "escalated", reason: "经现场核实，审核未实际开展" },
				});
				assert.equal(r.status, 200, JSON.stringify(r.body));
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "alert.raised");
				assert.equal((entry.facts as Record<string, string>).severity, "serious");
				const a = await t.get(
					`/api/v1/alerts/${(entry.subject as Record<string, string>).number}`,
					asOfficer,
				);
				assert.equal(a.body.source, "fraud_signal");
				assert.equal(a.body.trigger.key, `${certNumber}@${cb}`);
				assert.ok(
					a.body.affected.person.some((p: { key: string }) => p.key === auditor.ref),
					"the audit team, for regulators",
				);
			});
		});

		describe("notices to buyers", () => {
			it("tells a buyer watching the supplier, through the watchlist", async () => {
				const unit = org({ name: "上海市某区政府采购中心", district: "310115" });
				await applyOk(t.db.db, "organizations", [unit]);
				await makeAccount(t, "a-buyer", "enterprise_user", unit.uscc as string);
				const asBuyer = await t.signIn("a-buyer");
				const list = await t.request("POST", "/api/v1/watchlists", {
					as: asBuyer,
					body: { name: "本单位供应商", usccs: [holder] },
				});
				assert.equal(list.status, 201, JSON.stringify(list.body));
				const dispatcher = new Dispatcher(t.db.db, { clock, random: () => 0.5, allowLocal: true });
				await dispatcher.runOnce();
				const raised = await t.request("POST", "/api/v1/alerts", {
					as: asOfficer,
					body: {
						title: "供应商产品质量风险",
						description: "该企业多批次产品抽检不合格，请采购单位关注。",
						trigger: { kind: "organization", key: holder },
					},
				});
				assert.equal(raised.status, 201, JSON.stringify(raised.body));
				await dispatcher.runOnce();
				const notices = await t.get("/api/v1/watchlists/notices", asBuyer);
				assert.equal(notices.status, 200);
				const notice = notices.body.items.find(
					(n: { eventType: string; text: string }) =>
						n.eventType === "alert.raised" && n.text.includes(raised.body.number),
				);
				assert.ok(notice, JSON.stringify(notices.body.items));
				assert.equal(notice.uscc, holder);
			});
		});

		describe("alerts from other regions", () => {
			const body = JSON.stringify({
				ref: "JS-YJ-2026-0042",
				title: "江苏通报：电热水壶存在安全隐患",
				description: "江苏省抽检发现该产品泄漏电流不合格，请协查本地获证情况。",
				severity: "high",
				trigger: { kind: "product", key: "电热水壶" },
			});
			const at = Math.floor(new Date(NOW).getTime() / 1000);
			const sig = (t0: number, b = body, secret = SECRET) => signatureHeader(secret, t0, b);
			const send = (headers: Record<string, string>, b = body) =>
				t.request("POST", "/api/v1/alerts/inbound", { body: b, contentType: "application/json", headers });

			it("registers a region (administrators only)", async () => {
				const denied = await t.request("POST", "/api/v1/alert-peers", {
					as: asOfficer,
					body: { code: "jiangsu", name: "江苏省市场监督管理局", secret: SECRET },
				});
				assert.equal(denied.status, 403);
				const short = await t.request("POST", "/api/v1/alert-peers", {
					as: asAdmin,
					body: { code: "jiangsu", name: "江苏省市场监督管理局", secret: "short" },
				});
				assert.equal(short.status, 400);
				const ok = await t.request("POST", "/api/v1/alert-peers", {
					as: asAdmin,
					body: { code: "jiangsu", name: "江苏省市场监督管理局", secret: SECRET },
				});
				assert.equal(ok.status, 201, JSON.stringify(ok.body));
			});

			it("refuses a missing, forged or stale signature, changing nothing", async () => {
				const size = await logSize(t);
				const missing = await send({});
				assert.deepEqual([missing.status, missing.body.error.field], [400, "OpenTIC-Signature"]);
				const forged = await send({
					"opentic-signature": sig(at, body, "another-secret-0123456789abcdef012345"),
				});
				assert.deepEqual([forged.status, forged.body.error.code], [401, "ALERT_SIGNATURE_INVALID"]);
				const tampered = await send({ "opentic-signature": sig(at) }, body.replace("high", "low"));
				assert.equal(tampered.status, 401);
				const stale = await send({ "opentic-signature": sig(at - 301) });
				assert.deepEqual([stale.status, stale.body.error.code], [401, "ALERT_SIGNATURE_EXPIRED"]);
				assert.equal(await logSize(t), size);
			});

			it("accepts a signed alert once and refuses its replay", async () => {
				const headers = { "opentic-signature": sig(at - 10) };
				const r = await send(headers);
				assert.equal(r.status, 201, JSON.stringify(r.body));
				const a = await t.get(`/api/v1/alerts/${r.body.number}`, asOfficer);
				assert.equal(a.body.source, "other_region");
				assert.equal(a.body.severity, "high");
				assert.equal(a.body.peer.code, "jiangsu");
				assert.ok(
					a.body.affected.report.some((x: { key: string }) => x.key === reportNumber),
					"traced locally",
				);
				const replay = await send(headers);
				assert.deepEqual([replay.status, replay.body.error.code], [409, "ALERT_REPLAYED"]);
				const resent = await send({ "opentic-signature": sig(at - 5) });
				assert.deepEqual([resent.status, resent.body.error.code], [409, "ALERT_PEER_REF_EXISTS"]);
			});
		});
	});
