/**
 * Online qualification approval (资质认定网上审批) through the API: a lab applies on the commitment path and
 * holds its qualification the same day (in the register, in find-a-lab, in the log); its verification is
 * scheduled, tracked and found false — the qualification is withdrawn and a credit event enters its file,
 * both logged. A general-path application shows at every step how many working days remain, and the clock
 * stands still while the lab is asked for more. A second application reuses what the first filed, saying
 * where from. An excluded field is refused on the commitment path naming the rule; a banned lab is refused
 * its grant; another lab's operator and another district's officer can neither read nor act; the public
 * progress holds no personal data; a granted change (变更) updates the lab's record and capability list,
 * logged with the decision; and every refusal leaves the register as it was.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Clock } from "../src/core/dates.ts";
import { personRef } from "../src/core/records/person-ref.ts";
import { Workdays } from "../src/core/workdays.ts";
import { SYSTEM_ACTOR } from "../src/server/auth/policy.ts";
import { imposeBan } from "../src/server/bans/bans.service.ts";
import { recordHash } from "../src/server/log/journal.service.ts";
import {
	type Credentials,
	type Json,
	logSize,
	makeAccount,
	newestLogEntry,
	type TestApp,
	testApp,
} from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, makeLab, makePerson, newUscc, org, TODAY } from "./helpers/factories.ts";

const workdays = new Workdays();
const ROW = { field: "建筑材料", product: "混凝土试块", parameter: "抗压强度", standard: "GB/T 50081-2019" };
const INSPECTOR_NAME = "诸葛明远";
const INSPECTOR_PHONE = "13900001111";
const FINDINGS = "现场核查发现声称配备的压力试验机并不存在";
const NOT_ACCEPTED = "申请单位已被吊销营业执照";

/** A PDF whose bytes differ per material, so each has its own SHA-256. */
const pdf = (tag: string) => Buffer.from(`%PDF-1.7\n% ${tag}\n%%EOF\n`).toString("base64");

for (const kind of DIALECTS)
	describe(`qualification approval [${kind}]`, () => {
		let t: TestApp;
		let day = TODAY;
		const clock: Clock = { now: () => new Date(`${day}T04:00:00.000Z`) };
		const regulator = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11", "310000") });
		const labA = org({ kind: "lab", name: "上海承诺检测技术有限公司", district: "310115" });
		const labB = org({ kind: "lab", name: "上海他家检测技术有限公司", district: "310115" });
		const labC = org({ kind: "lab", name: "上海一般程序检测有限公司", district: "310115" });
		const labD = org({ kind: "lab", name: "上海医疗器械检测有限公司", district: "310115" });
		const labE = org({ kind: "lab", name: "上海受禁检测有限公司", district: "310115" });
		let inspector = "";

		/** A fresh session (sessions end after hours; the stories run over weeks). */
		const as = (username: string) => t.signIn(username);
		const post = async (path: string, body: unknown, who: string | Credentials) =>
			t.request("POST", path, { as: typeof who === "string" ? await as(who) : who, body });
		const act = (number: string, action: string, who: string, body: unknown = {}) =>
			post(`/api/v1/applications/${number}/actions/${action}`, body, who);
		const view = async (number: string, who: string) =>
			t.get(`/api/v1/applications/${number}`, await as(who));
		const progress = async (number: string) => (await t.get(`/api/v1/applications/${number}/progress`)).body;

		/** Drafts an application as a lab's operator and answers its number. */
		async function draft(who: string, body: Record<string, unknown>): Promise<string> {
			const r = await post("/api/v1/applications", body, who);
			assert.equal(r.status, 201, r.raw);
			assert.match(r.body.number, new RegExp(`^ZR${day.slice(0, 4)}\\d{6}$`));
			return r.body.number;
		}

		/** Files every material the plan still needs, and answers the plan. */
		async function fileNeeded(number: string, who: string, tag = number): Promise<Json[]> {
			const plan = (await view(number, who)).body.materials as Json[];
			const session = await as(who);
			for (const m of plan.filter((x) => x.status === "needed")) {
				const r = await post(
					`/api/v1/applications/${number}/files`,
					{ code: m.code, filename: `${m.zh}.pdf`, data: pdf(`${tag} ${m.code}`) },
					session,
				);
				assert.equal(r.status, 201, r.raw);
				assert.equal(r.body.contentType, "application/pdf");
			}
			return plan;
		}

		/** What a refusal must leave as it was: the applications, their files, the register, the files, the log. */
		async function snapshot() {
			const db = t.db.db;
			return JSON.stringify({
				applications: await db
					.selectFrom("applications")
					.select(["number", "step", "due_on", "doc_json"])
					.orderBy("id")
					.execute(),
				files: await db.selectFrom("application_files").select(["id", "sha256"]).orderBy("id").execute(),
				qualifications: await db
					.selectFrom("qualifications")
					.select(["number", "status", "valid_until"])
					.orderBy("id")
					.execute(),
				capabilities: await db.selectFrom("capabilities").select(["id", "status"]).orderBy("id").execute(),
				credit: await db.selectFrom("credit_events").select(["id"]).orderBy("id").execute(),
				log: await logSize(t),
			});
		}

		/** Asserts a refusal with its status and code, and that it changed nothing. */
		async function refused(
			run: () => Promise<{ status: number; body: Json; raw: string }>,
			status: number,
			code: string,
		) {
			const before = await snapshot();
			const r = await run();
			assert.equal(r.status, status, r.raw);
			assert.equal(r.body.error.code, code, r.raw);
			assert.ok(r.body.error.messageZh && r.body.error.message && r.body.error.requestId);
			assert.equal(await snapshot(), before, `${code} left the database as it was`);
			return r.body.error;
		}

		before(async () => {
			t = await testApp(kind, clock);
			await applyOk(t.db.db, "organizations", [regulator, labA, labB, labC, labD, labE]);
			await makePerson(t.db.db, regulator.uscc as string, "inspector", {
				name: INSPECTOR_NAME,
				phone: INSPECTOR_PHONE,
			});
			const person = await t.db.db
				.selectFrom("people")
				.select("id")
				.orderBy("id", "desc")
				.executeTakeFirstOrThrow();
			inspector = personRef(Number(person.id));
			await makeAccount(t, "zr-officer", "regulator_officer", regulator.uscc as string, ["310115"]);
			await makeAccount(t, "zr-elsewhere", "regulator_officer", regulator.uscc as string, ["310104"]);
			await makeAccount(t, "zr-reviewer", "inspector", regulator.uscc as string, [], inspector);
			await makeAccount(t, "zr-lab-a", "lab_operator", labA.uscc as string);
			await makeAccount(t, "zr-lab-b", "lab_operator", labB.uscc as string);
			await makeAccount(t, "zr-lab-c", "lab_operator", labC.uscc as string);
			await makeAccount(t, "zr-lab-d", "lab_operator", labD.uscc as string);
			await makeAccount(t, "zr-lab-e", "lab_operator", labE.uscc as string);
		});
		after(() => t.close());

		let committed = "";
		let general = "";

		describe("the general path (一般程序)", () => {
			it("shows at every step the working days left, and stops the clock while the lab is asked for more", async () => {
				day = "2026-06-01";
				general = await draft("zr-lab-c", { type: "initial", path: "general", capabilities: [ROW] });
				await refused(() => t.get(`/api/v1/applications/${general}/progress`), 404, "APPLICATION_NOT_FOUND");
				await fileNeeded(general, "zr-lab-c");
				assert.equal((await act(general, "submit", "zr-lab-c")).status, 200);
				let p = await progress(general);
				assert.deepEqual(
					[p.step.code, p.usedWorkdays, p.remainingWorkdays, p.dueOn, p.waitingForApplicant],
					["submitted", 0, 5, workdays.add(day, 5), false],
				);

				day = "2026-06-02";
				const asked = await act(general, "request_completion", "zr-officer", { items: ["site_proof"] });
				assert.equal(asked.status, 200, asked.raw);
				p = await progress(general);
				assert.deepEqual(
					[p.step.code, p.usedWorkdays, p.remainingWorkdays, p.dueOn, p.waitingForApplicant],
					["completion", 1, 4, null, true],
					"the clock stands still, with 4 working days left when it restarts",
				);
				await refused(() => act(general, "complete", "zr-lab-c"), 400, "APPROVAL_COMPLETION_INCOMPLETE");

				day = "2026-06-05";
				p = await progress(general);
				assert.deepEqual(
					[p.usedWorkdays, p.remainingWorkdays],
					[1, 4],
					"three working days later, still 4 left",
				);
				const r = await post(
					`/api/v1/applications/${general}/files`,
					{ code: "site_proof", filename: "租赁合同.pdf", data: pdf("lease, signed") },
					"zr-lab-c",
				);
				assert.equal(r.status, 201, r.raw);
				assert.equal((await act(general, "complete", "zr-lab-c")).status, 200);
				p = await progress(general);
				assert.deepEqual([p.step.code, p.remainingWorkdays, p.dueOn], ["submitted", 4, workdays.add(day, 4)]);

				day = "2026-06-08";
				assert.equal((await act(general, "accept", "zr-officer")).status, 200);
				p = await progress(general);
				assert.deepEqual([p.step.code, p.remainingWorkdays], ["accepted", 45]);
				assert.equal(p.statutory.usedWorkdays, 2, "acceptance took two working days, the wait excluded");

				day = "2026-06-09";
				// A team proposed by a draw from the pool, free of conflicts; the lab and the public may not ask.
				const drawn = await post(
					`/api/v1/applications/${general}/review-team/draw`,
					{ size: 2 },
					"zr-officer",
				);
				assert.equal(drawn.status, 200, drawn.raw);
				assert.ok(drawn.body.eligible <= drawn.body.pool);
				assert.ok(drawn.body.team.every((r: string) => /^P\d{8}$/.test(r)));
				assert.equal(
					(await post(`/api/v1/applications/${general}/review-team/draw`, {}, "zr-lab-c")).status,
					403,
				);
				const review = await act(general, "start_review", "zr-officer", { team: [inspector] });
				assert.equal(review.status, 200, review.raw);
				const reviewer = await view(general, "zr-reviewer");
				assert.deepEqual(reviewer.body.nextActions, [
					"start_assessment",
					"report_nonconformities",
					"conclude_review",
				]);
				assert.equal((await act(general, "start_assessment", "zr-reviewer", { mode: "onsite" })).status, 200);
				p = await progress(general);
				assert.deepEqual([p.step.code, p.remainingWorkdays], ["assessment", 44]);

				day = "2026-06-10";
				const nc = await act(general, "report_nonconformities", "zr-reviewer", {
					items: [{ id: "NC1", item: "RB/T 214 4.4.2 设备检定" }],
				});
				assert.equal(nc.status, 200, nc.raw);
				p = await progress(general);
				assert.deepEqual(
					[p.step.code, p.waitingForApplicant, p.dueOn, p.remainingWorkdays],
					["correction", true, workdays.add(day, 30), 30],
					"the lab has 30 working days to correct; the review's clock waits",
				);

				day = "2026-06-15";
				await post(
					`/api/v1/applications/${general}/files`,
					{ code: "correction_evidence", filename: "检定证书.pdf", data: pdf("calibration") },
					"zr-lab-c",
				);
				const corrected = await act(general, "submit_corrections", "zr-lab-c", { corrected: ["NC1"] });
				assert.equal(corrected.status, 200, corrected.raw);
				p = await progress(general);
				assert.equal(p.step.code, "assessment");
				assert.equal(
					p.remainingWorkdays,
					45 - 2,
					"two working days of review so far; the corrections did not count",
				);

				day = "2026-06-16";
				assert.equal((await act(general, "conclude_review", "zr-reviewer", { outcome: "pass" })).status, 200);
				p = await progress(general);
				assert.deepEqual([p.step.code, p.remainingWorkdays], ["reviewed", 20]);

				day = "2026-06-17";
				assert.equal((await act(general, "decide", "zr-officer", { grant: true })).status, 200);
				p = await progress(general);
				assert.deepEqual([p.step.code, p.remainingWorkdays], ["granted", 10]);
				const before = await logSize(t);
				const issued = await act(general, "issue_certificate", "zr-officer");
				assert.equal(issued.status, 200, issued.raw);
				assert.equal(issued.body.step.code, "issued");
				assert.ok((await logSize(t)) > before, "the grant is logged at issue");
				p = await progress(general);
				assert.deepEqual([p.step.code, p.remainingWorkdays, p.dueOn], ["issued", null, null]);
				const q = (await t.get(`/api/v1/organizations/${labC.uscc}`)).body.qualifications;
				assert.deepEqual(
					q.map((x: Json) => [x.number, x.status]),
					[[issued.body.certificateNumber, "valid"]],
				);
			});

			it("asks a second application only for what is not on file, saying where the rest comes from", async () => {
				day = "2026-07-01";
				const cma = (await view(general, "zr-lab-c")).body.certificateNumber;
				const second = await draft("zr-lab-c", {
					type: "extension",
					path: "general",
					qualificationNumber: cma,
					capabilities: [{ ...ROW, parameter: "劈裂抗拉强度" }],
				});
				const plan = (await view(second, "zr-lab-c")).body.materials as Json[];
				const reused = plan.filter((m) => m.status === "reused");
				assert.deepEqual(
					reused.map((m) => [
						m.code,
						m.source.from,
						m.source.applicationNumber ?? null,
						m.source.acceptedOn ?? null,
					]),
					[
						["legal_entity", "register", null, null],
						["staff_list", "application", general, "2026-06-08"],
						["equipment_list", "application", general, "2026-06-08"],
					],
				);
				const needed = await fileNeeded(second, "zr-lab-c");
				assert.deepEqual(
					needed.filter((m) => m.status === "needed").map((m) => m.code),
					["application_form", "capability_list", "sample_reports", "method_verification"],
				);
				const submitted = await act(second, "submit", "zr-lab-c");
				assert.equal(submitted.status, 200, submitted.raw);
				assert.deepEqual(
					submitted.body.materials.filter((m: Json) => m.status === "reused").map((m: Json) => m.code),
					["legal_entity", "staff_list", "equipment_list"],
					"the plan it was checked against is kept",
				);
			});

			it("lists the officers' queue by due day, with overdue and near-due flagged", async () => {
				day = "2026-07-09";
				const queue = (await t.get("/api/v1/applications", await as("zr-officer"))).body;
				const dues = queue.items.map((i: Json) => i.dueOn).filter((d: string | null) => d !== null);
				assert.deepEqual(dues, [...dues].sort(), "the nearest due day first");
				const second = queue.items.find((i: Json) => i.lab.uscc === labC.uscc && i.step.code === "submitted");
				assert.ok(second, "the extension waits for acceptance");
				assert.equal(second.overdue, true, "filed 1 July, due in 5 working days");
				const overdue = (await t.get("/api/v1/applications?overdue=true", await as("zr-officer"))).body;
				assert.ok(overdue.items.every((i: Json) => i.overdue));
				const own = (await t.get("/api/v1/applications", await as("zr-lab-b"))).body;
				assert.deepEqual(own.items, [], "a lab sees its own applications only");
				const mine = (await t.get("/api/v1/applications", await as("zr-reviewer"))).body;
				assert.deepEqual(
					mine.items.map((i: Json) => i.number),
					[general],
				);
			});
		});

		describe("the commitment path (告知承诺)", () => {
			it("grants on acceptance: the lab holds its qualification the same day, in the register, find-a-lab and the log", async () => {
				day = "2026-07-13";
				committed = await draft("zr-lab-a", { type: "initial", path: "commitment", capabilities: [ROW] });
				const plan = await fileNeeded(committed, "zr-lab-a");
				assert.deepEqual(
					plan.find((m) => m.code === "legal_entity"),
					{
						code: "legal_entity",
						zh: "法人资格证明",
						en: "proof of legal entity",
						status: "reused",
						source: { from: "register" },
					},
					"the register's own record is never asked for",
				);
				assert.ok(plan.some((m) => m.code === "commitment" && m.status === "needed"));
				const submitted = await act(committed, "submit", "zr-lab-a");
				assert.equal(submitted.status, 200, submitted.raw);
				assert.equal(submitted.body.step.code, "submitted");
				assert.deepEqual(submitted.body.nextActions, ["withdraw"]);

				const size = await logSize(t);
				const accepted = await act(committed, "accept", "zr-officer");
				assert.equal(accepted.status, 200, accepted.raw);
				assert.equal(accepted.body.step.code, "granted", "accepted and decided the same day");
				assert.deepEqual(
					accepted.body.history.map((h: Json) => [h.action, h.to, h.on]),
					[
						["submit", "submitted", day],
						["accept", "accepted", day],
						["decide", "granted", day],
					],
				);
				const cma = accepted.body.certificateNumber as string;
				assert.match(cma, /^\d{12}$/);
				assert.equal(accepted.body.verification.dueBy, "2026-10-13", "verified within 3 months");
				assert.equal(await logSize(t), size + 2, "the qualification and its capability row are logged");
				assert.ok(accepted.headers["opentic-log-index"], "the write answers with its log receipt");

				const organisation = (await t.get(`/api/v1/organizations/${labA.uscc}`)).body;
				const q = organisation.qualifications.find((x: Json) => x.number === cma);
				assert.deepEqual([q.type, q.status, q.validFrom], ["cma", "valid", day]);
				const found = (
					await t.get(
						`/api/v1/labs?product=${encodeURIComponent("混凝土试块")}&parameter=${encodeURIComponent("抗压强度")}`,
					)
				).body;
				assert.ok(
					found.items.some((l: Json) => l.uscc === labA.uscc),
					"the lab is found at once",
				);
			});

			it("schedules the verification and tracks it against its due day", async () => {
				day = "2026-07-14";
				const issued = await act(committed, "issue_certificate", "zr-officer");
				assert.equal(issued.status, 200, issued.raw);
				assert.equal(issued.body.step.code, "issued");
				const scheduled = await act(committed, "schedule_verification", "zr-officer", {
					scheduledOn: "2026-08-10",
					team: [inspector],
				});
				assert.equal(scheduled.status, 200, scheduled.raw);
				assert.equal(scheduled.body.step.code, "verification_scheduled");
				const p = await progress(committed);
				assert.equal(p.step.code, "verification_scheduled");
				assert.equal(p.dueOn, "2026-10-13");
				assert.equal(p.remainingWorkdays, countTo(day, "2026-10-13"));
				const queue = (
					await t.get("/api/v1/applications?step=verification_scheduled", await as("zr-officer"))
				).body;
				assert.deepEqual(
					queue.items.map((i: Json) => [i.number, i.dueOn, i.overdue]),
					[[committed, "2026-10-13", false]],
				);
				await refused(
					() => act(committed, "record_verification", "zr-officer", { truthful: false, findings: FINDINGS }),
					409,
					"APPROVAL_VERIFICATION_EARLY",
				);
			});

			it("a commitment found false withdraws the qualification and enters the lab's credit file, both logged", async () => {
				day = "2026-08-10";
				await refused(
					() => act(committed, "record_verification", "zr-officer", { truthful: false }),
					400,
					"APPROVAL_REASON_REQUIRED",
				);
				const size = await logSize(t);
				const r = await act(committed, "record_verification", "zr-officer", {
					truthful: false,
					findings: FINDINGS,
				});
				assert.equal(r.status, 200, r.raw);
				assert.equal(r.body.step.code, "revoked");
				assert.deepEqual(r.body.creditEvent, {
					kind: "false_commitment",
					on: day,
					labUscc: labA.uscc,
					ref: committed,
				});
				assert.equal(await logSize(t), size + 2, "the withdrawal and the credit event");
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "credit.false_commitment");
				assert.equal(entry.by, labA.uscc);
				const cma = r.body.certificateNumber;
				const q = (await t.get(`/api/v1/organizations/${labA.uscc}`)).body.qualifications.find(
					(x: Json) => x.number === cma,
				);
				assert.equal(q.status, "revoked");
				const file = (await t.get(`/api/v1/organizations/${labA.uscc}/credit`)).body;
				const event = file.events.find((e: Json) => e.kind === "false_commitment");
				assert.equal(event.source, committed);
				assert.equal(typeof event.logIndex, "number");
				assert.ok(!JSON.stringify(file).includes(FINDINGS), "the findings stay internal");
				const found = (await t.get(`/api/v1/labs?product=${encodeURIComponent("混凝土试块")}`)).body;
				assert.ok(!found.items.some((l: Json) => l.uscc === labA.uscc), "no longer found");
			});

			it("refuses an excluded field on the commitment path, naming the rule", async () => {
				day = "2026-08-11";
				const number = await draft("zr-lab-d", {
					type: "initial",
					path: "commitment",
					capabilities: [
						ROW,
						{ field: "医疗器械", product: "医用电气设备", parameter: "漏电流", standard: "GB 9706.1-2020" },
					],
				});
				await fileNeeded(number, "zr-lab-d");
				const e = await refused(() => act(number, "submit", "zr-lab-d"), 400, "APPROVAL_EXCLUDED_FIELD");
				assert.equal(e.field, "capabilities[1].field");
				assert.match(e.messageZh, /医疗器械.*国发〔2021〕7号/);
				assert.match(e.message, /excluded from the commitment path/);
			});

			it("refuses the grant to a banned lab, naming the ban", async () => {
				day = "2026-08-12";
				const number = await draft("zr-lab-e", { type: "initial", path: "commitment", capabilities: [ROW] });
				await fileNeeded(number, "zr-lab-e");
				assert.equal((await act(number, "submit", "zr-lab-e")).status, 200);
				await imposeBan(
					t.db.db,
					{
						uscc: labE.uscc as string,
						scope: "tic",
						startsOn: day,
						reference: "沪市监禁〔2026〕9号",
						authority: "上海市市场监督管理局",
						reason: "出具虚假检验检测报告，三年内不得从事检验检测活动",
						endsOn: "2029-08-11",
					},
					{ clock, actor: SYSTEM_ACTOR },
				);
				const e = await refused(() => act(number, "accept", "zr-officer"), 409, "ORG_BANNED");
				assert.match(e.messageZh, /沪市监禁〔2026〕9号/);
			});
		});

		describe("who may see and act", () => {
			it("hides an application from another lab's operator and another district's officer, and refuses their steps", async () => {
				day = "2026-08-13";
				const number = await draft("zr-lab-a", { type: "initial", path: "general", capabilities: [ROW] });
				assert.equal((await view(number, "zr-lab-b")).status, 404);
				assert.equal((await view(number, "zr-elsewhere")).status, 404);
				await refused(() => act(number, "submit", "zr-lab-b"), 403, "APPROVAL_NOT_OWN_LAB");
				await refused(
					() =>
						post(
							`/api/v1/applications/${number}/files`,
							{ code: "application_form", data: pdf("x") },
							"zr-lab-b",
						),
					403,
					"APPROVAL_NOT_OWN_LAB",
				);
				await refused(() => act(number, "submit", "zr-elsewhere"), 403, "APPROVAL_NOT_YOUR_DISTRICT");
				await refused(() => act(number, "submit", "zr-officer"), 403, "APPROVAL_ROLE");
				await refused(() => act(number, "accept", "zr-officer"), 409, "APPROVAL_STEP");
				await refused(() => act(number, "submit", "zr-lab-a"), 400, "APPROVAL_MATERIAL_MISSING");
				await refused(
					() =>
						post(
							`/api/v1/applications/${number}/files`,
							{ code: "application_form", data: Buffer.from("MZ\x90\x00").toString("base64") },
							"zr-lab-a",
						),
					400,
					"APPLICATION_FILE_INVALID",
				);
				const audit = await t.db.db
					.selectFrom("audit_log")
					.select(["action", "outcome"])
					.where("target_key", "=", number)
					.where("outcome", "=", "denied")
					.execute();
				assert.ok(audit.length >= 3, "refused attempts are in the audit trail");
			});

			it("publishes progress without personal data: no names, phones, reasons, findings or team", async () => {
				day = "2026-08-14";
				const number = await draft("zr-lab-b", { type: "initial", path: "general", capabilities: [ROW] });
				await fileNeeded(number, "zr-lab-b");
				await act(number, "submit", "zr-lab-b");
				const refusedOne = await act(number, "not_accept", "zr-officer", { reason: NOT_ACCEPTED });
				assert.equal(refusedOne.status, 200, refusedOne.raw);
				assert.equal(refusedOne.body.reason, NOT_ACCEPTED, "the lab reads why");
				for (const n of [number, committed, general]) {
					const r = await t.get(`/api/v1/applications/${n}/progress`);
					assert.equal(r.status, 200);
					for (const secret of [
						NOT_ACCEPTED,
						FINDINGS,
						INSPECTOR_NAME,
						INSPECTOR_PHONE,
						inspector,
						"zr-officer",
						"zr-lab",
					])
						assert.ok(!r.raw.includes(secret), `${n}'s progress does not hold ${secret}`);
				}
				const p = await progress(number);
				assert.deepEqual(
					p.history.map((h: Json) => h.step.code),
					["submitted", "not_accepted"],
				);
			});
		});

		describe("the deadline dashboard, joint review and filed materials", () => {
			const labF = org({ kind: "lab", name: "上海看板一号检测有限公司", district: "310112" });
			const labG = org({ kind: "lab", name: "上海看板二号检测有限公司", district: "310112" });
			const labJ = org({ kind: "lab", name: "上海联合评审检测有限公司", district: "310112" });
			const labK = org({ kind: "lab", name: "上海另一联审检测有限公司", district: "310112" });
			const OTHER_ROW = { ...ROW, parameter: "抗折强度" };
			let withFiles = "";
			const sla = async (who: string) => t.get("/api/v1/applications/sla", await as(who));

			/** Drafts, files what is needed and submits, on the day set; answers the number. */
			async function filed(who: string, path: string, capabilities = [ROW]): Promise<string> {
				const number = await draft(who, { type: "initial", path, capabilities });
				await fileNeeded(number, who);
				const r = await act(number, "submit", who);
				assert.equal(r.status, 200, r.raw);
				return number;
			}

			before(async () => {
				await applyOk(t.db.db, "organizations", [labF, labG, labJ, labK]);
				await makeAccount(t, "sla-officer", "regulator_officer", regulator.uscc as string, ["310112"]);
				await makeAccount(t, "sla-admin", "regulator_admin", regulator.uscc as string);
				await makeAccount(t, "zr-lab-f", "lab_operator", labF.uscc as string);
				await makeAccount(t, "zr-lab-g", "lab_operator", labG.uscc as string);
				await makeAccount(t, "zr-lab-j", "lab_operator", labJ.uscc as string);
				await makeAccount(t, "zr-lab-k", "lab_operator", labK.uscc as string);
			});

			it("counts a district's applications per district and per accepting officer, as of today", async () => {
				day = "2026-09-01";
				const onTime = await filed("zr-lab-f", "commitment");
				const late = await filed("zr-lab-g", "commitment");
				const overdue = await filed("zr-lab-f", "general");
				day = "2026-09-03";
				assert.equal((await act(onTime, "accept", "sla-officer")).status, 200, "decided in 2 working days");
				withFiles = onTime;
				day = "2026-09-08";
				const waiting = await filed("zr-lab-f", "general");
				const nearDue = await filed("zr-lab-g", "general");
				const accepted = await filed("zr-lab-g", "general");
				day = "2026-09-09";
				assert.equal(
					(await act(waiting, "request_completion", "sla-officer", { items: ["site_proof"] })).status,
					200,
				);
				assert.equal((await act(accepted, "accept", "sla-officer")).status, 200);
				day = "2026-09-10";
				assert.equal((await act(late, "accept", "sla-officer")).status, 200, "decided in 7 working days");
				await draft("zr-lab-f", { type: "initial", path: "general", capabilities: [ROW] });

				day = "2026-09-11";
				const r = await sla("sla-officer");
				assert.equal(r.status, 200, r.raw);
				assert.equal(r.body.asOf, day);
				assert.deepEqual(r.body.byDistrict, [
					{
						district: "310112",
						open: 6,
						overdue: 1,
						nearDue: 1,
						waitingForApplicant: 1,
						decided: 2,
						decidedOnTime: 1,
						medianStatutoryUsed: 4.5,
					},
				]);
				assert.deepEqual(r.body.byOfficer, [
					{
						officer: "sla-officer",
						open: 3,
						overdue: 0,
						nearDue: 0,
						waitingForApplicant: 0,
						decided: 2,
						decidedOnTime: 1,
						medianStatutoryUsed: 4.5,
					},
					{
						officer: "unassigned",
						open: 3,
						overdue: 1,
						nearDue: 1,
						waitingForApplicant: 1,
						decided: 0,
						decidedOnTime: 0,
						medianStatutoryUsed: null,
					},
				]);
				assert.ok(!r.raw.includes(INSPECTOR_NAME), "usernames, never a person's name");

				// The stored columns agree with the clocks the queue computes from each document.
				const queue = (await t.get("/api/v1/applications?district=310112", await as("sla-officer"))).body;
				const flagged = (k: string) =>
					queue.items
						.filter((i: Json) => i[k])
						.map((i: Json) => i.number)
						.sort();
				assert.deepEqual(flagged("overdue"), [overdue]);
				assert.deepEqual(flagged("nearDue"), [nearDue]);
				assert.deepEqual(flagged("waitingForApplicant"), [waiting]);
			});

			it("shows an officer their districts only, an administrator all, and nothing to labs or the public", async () => {
				const own = (await sla("sla-officer")).body;
				const elsewhere = await sla("zr-elsewhere");
				assert.equal(elsewhere.status, 200, elsewhere.raw);
				assert.ok(!elsewhere.body.byDistrict.some((d: Json) => d.district === "310112"));
				assert.ok(!elsewhere.body.byOfficer.some((o: Json) => o.officer === "sla-officer"));
				const officer = (await sla("zr-officer")).body;
				assert.deepEqual(
					officer.byDistrict.map((d: Json) => d.district),
					["310115"],
				);
				const all = await sla("sla-admin");
				assert.equal(all.status, 200, all.raw);
				assert.deepEqual(
					all.body.byDistrict.map((d: Json) => d.district),
					["310112", "310115"],
				);
				assert.deepEqual(all.body.byDistrict[0], own.byDistrict[0]);
				assert.deepEqual(all.body.byDistrict[1], officer.byDistrict[0]);
				assert.equal((await sla("zr-lab-f")).status, 404);
				assert.equal((await sla("zr-reviewer")).status, 404);
				assert.equal((await t.get("/api/v1/applications/sla")).status, 401);
			});

			it("plans a joint review assessing shared content once, refuses another lab's application naming the rule, and starts it", async () => {
				day = "2026-09-14";
				const j1 = await filed("zr-lab-j", "general", [ROW, OTHER_ROW]);
				const j2 = await filed("zr-lab-j", "general", [ROW]);
				const notYet = await filed("zr-lab-j", "general", [ROW]);
				const k1 = await filed("zr-lab-k", "general", [ROW]);
				for (const n of [j1, j2, k1]) assert.equal((await act(n, "accept", "sla-officer")).status, 200);
				const joint = (body: unknown, who = "sla-officer") =>
					post("/api/v1/applications/joint-review", body, who);

				const plan = await joint({ numbers: [j1, j2, notYet] });
				assert.equal(plan.status, 200, plan.raw);
				assert.deepEqual([plan.body.joint, plan.body.joined, plan.body.applied], [true, [j1, j2], false]);
				assert.deepEqual(
					plan.body.left.map((l: Json) => [l.number, l.code]),
					[[notYet, "STEP"]],
				);
				const rows = plan.body.items.filter((i: Json) => i.kind === "capability");
				assert.deepEqual(
					rows.map((i: Json) => [i.capability.parameter, i.applications]).sort(),
					[
						["抗压强度", [j1, j2]],
						["抗折强度", [j1]],
					].sort(),
					"the same capability row is assessed once, for both",
				);
				assert.equal(plan.body.items.filter((i: Json) => i.kind === "element").length, 5);

				const e = await refused(
					() => joint({ numbers: [j1, k1], apply: true, team: [inspector], mode: "onsite" }),
					400,
					"APPROVAL_JOINT_MIXED_LABS",
				);
				assert.match(e.message, /one lab's applications/);
				await refused(
					() => joint({ numbers: [j1, j2], apply: true, team: [inspector], mode: "onsite" }, "zr-lab-j"),
					403,
					"FORBIDDEN",
				);
				await refused(
					() => joint({ numbers: [j1, j2], apply: true, team: [inspector], mode: "sideways" }),
					400,
					"APPROVAL_INPUT",
				);

				const started = await joint({
					numbers: [j1, j2, notYet],
					apply: true,
					team: [inspector],
					mode: "onsite",
				});
				assert.equal(started.status, 200, started.raw);
				assert.equal(started.body.applied, true);
				for (const n of [j1, j2]) {
					const v = (await view(n, "zr-reviewer")).body;
					assert.deepEqual([v.step.code, v.team, v.assessmentMode], ["assessment", [inspector], "onsite"]);
					assert.deepEqual(
						v.history.slice(-2).map((h: Json) => h.action),
						["start_review", "start_assessment"],
					);
				}
				assert.equal((await view(notYet, "sla-officer")).body.step.code, "submitted", "left as it was");
				assert.equal((await view(k1, "sla-officer")).body.step.code, "accepted");
			});

			it("reads a filed material back to its lab, its district's officers and its team, and audits the read", async () => {
				const files = (await view(withFiles, "zr-lab-f")).body.files as Json[];
				const file = files[0];
				const url = `/api/v1/applications/${withFiles}/files/${file.id}`;
				for (const who of ["zr-lab-f", "sla-officer", "sla-admin"]) {
					const r = await t.get(url, await as(who));
					assert.equal(r.status, 200, `${who}: ${r.raw}`);
					assert.equal(r.headers["content-type"], "application/pdf");
					assert.equal(r.headers["x-content-type-options"], "nosniff");
					assert.match(
						String(r.headers["content-disposition"]),
						/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/,
					);
					assert.ok(
						String(r.headers["content-disposition"]).includes(encodeURIComponent(file.filename)),
						"the Chinese name survives, encoded",
					);
					assert.equal(r.raw, Buffer.from(pdf(`${withFiles} ${file.code}`), "base64").toString());
				}
				for (const who of ["zr-lab-a", "zr-elsewhere", "zr-reviewer", "zr-officer"])
					assert.equal((await t.get(url, await as(who))).status, 404, who);
				assert.equal((await t.get(url)).status, 401);
				assert.equal(
					(await t.get(`/api/v1/applications/${withFiles}/files/999999`, await as("zr-lab-f"))).status,
					404,
				);
				const other = (await view(general, "zr-lab-c")).body.files[0].id;
				assert.equal(
					(await t.get(`/api/v1/applications/${withFiles}/files/${other}`, await as("zr-lab-f"))).status,
					404,
					"another application's file is not read through this one",
				);
				// The team reads the materials of the applications it assesses.
				const j = (await t.get("/api/v1/applications", await as("zr-reviewer"))).body.items.find(
					(i: Json) => i.lab.uscc === labJ.uscc,
				);
				const jFile = (await view(j.number, "zr-reviewer")).body.files[0].id;
				assert.equal(
					(await t.get(`/api/v1/applications/${j.number}/files/${jFile}`, await as("zr-reviewer"))).status,
					200,
				);
				const reads = await t.db.db
					.selectFrom("audit_log")
					.select(["actor_label"])
					.where("action", "=", "approval.file.read")
					.where("target_key", "=", withFiles)
					.execute();
				assert.deepEqual(reads.map((r) => r.actor_label).sort(), ["sla-admin", "sla-officer", "zr-lab-f"]);
			});
		});

		describe("a granted change (变更) updates the register's facts", () => {
			const OLD_NAME = "上海旧名称检测技术有限公司";
			const NEW_NAME = "上海新名称检测技术有限公司";
			const SECOND = { ...ROW, parameter: "抗折强度" };
			let lab = { uscc: "", cma: "" };
			const staff: string[] = [];

			/** The lab's capability rows as the public reads them: parameter, status and signatories. */
			const rows = async () =>
				(await t.get(`/api/v1/organizations/${lab.uscc}/capabilities`)).body.items
					.map((c: Json) => [c.parameter, c.standard, c.status, c.signatories])
					.sort();

			/** Drafts, files what is needed, submits and has it accepted; answers the number. */
			async function accepted(body: Record<string, unknown>): Promise<string> {
				const number = await draft("zr-lab-h", {
					type: "change",
					path: "general",
					qualificationNumber: lab.cma,
					...body,
				});
				await fileNeeded(number, "zr-lab-h");
				const submitted = await act(number, "submit", "zr-lab-h");
				assert.equal(submitted.status, 200, submitted.raw);
				const r = await act(number, "accept", "zr-officer");
				assert.equal(r.status, 200, r.raw);
				return number;
			}

			/** Takes an accepted technical change through document review to a grant. */
			async function reviewedAndGranted(number: string) {
				for (const [action, who, body] of [
					["start_review", "zr-officer", { team: [inspector] }],
					["conclude_review", "zr-reviewer", { outcome: "pass" }],
					["decide", "zr-officer", { grant: true }],
				] as const) {
					const r = await act(number, action, who, body);
					assert.equal(r.status, 200, r.raw);
				}
			}

			before(async () => {
				lab = await makeLab(t.db.db, { name: OLD_NAME, district: "310115" });
				await makeAccount(t, "zr-lab-h", "lab_operator", lab.uscc);
				for (const name of ["欧阳明", "司马青", "上官远"]) {
					const idNumber = await makePerson(t.db.db, lab.uscc, "auditor", { name });
					const p = await t.db.db
						.selectFrom("person_private")
						.select("person_id")
						.where("id_number", "=", idNumber)
						.executeTakeFirstOrThrow();
					staff.push(personRef(Number(p.person_id)));
				}
				await applyOk(t.db.db, "capabilities", [
					{ cmaNumber: lab.cma, labUscc: lab.uscc, ...ROW, signatories: [staff[0]] },
					{ cmaNumber: lab.cma, labUscc: lab.uscc, ...SECOND, signatories: [staff[0]] },
				]);
			});

			it("refuses a change of name without the new name at draft, naming the field", async () => {
				day = "2026-10-12";
				const e = await refused(
					() =>
						post(
							"/api/v1/applications",
							{ type: "change", path: "general", changes: ["name"], qualificationNumber: lab.cma },
							"zr-lab-h",
						),
					400,
					"APPROVAL_INPUT",
				);
				assert.equal(e.field, "newName");
				const english = await refused(
					() =>
						post(
							"/api/v1/applications",
							{
								type: "change",
								path: "general",
								changes: ["name"],
								newName: "Shanghai New Name Testing Co., Ltd.",
								qualificationNumber: lab.cma,
							},
							"zr-lab-h",
						),
					400,
					"APPROVAL_INPUT",
				);
				assert.equal(english.field, "newName");
			});

			it("a paper change of name granted renames the lab in the register, logged with the decision", async () => {
				day = "2026-10-13";
				const number = await accepted({ changes: ["name"], newName: ` ${NEW_NAME} ` });
				assert.equal((await view(number, "zr-lab-h")).body.newName, NEW_NAME);
				const size = await logSize(t);
				day = "2026-10-14";
				const granted = await act(number, "decide", "zr-officer", { grant: true });
				assert.equal(granted.status, 200, granted.raw);
				assert.equal(granted.body.step.code, "granted");
				assert.equal(await logSize(t), size + 1, "the renamed record is logged with the decision");
				const organisation = (await t.get(`/api/v1/organizations/${lab.uscc}`)).body;
				assert.equal(organisation.name, NEW_NAME);
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "organization.updated");
				assert.deepEqual(entry.subject, { kind: "organization", uscc: lab.uscc });
				const { uscc, kind: k, name, nameEn, district, address, status } = organisation;
				assert.equal(
					entry.recordSha256,
					recordHash({ address, district, kind: k, name, nameEn, status, uscc }),
					"the entry is the record as the public reads it",
				);
				const search = async (q: string) =>
					(await t.get(`/api/v1/organizations?q=${encodeURIComponent(q)}`)).body.items.map(
						(o: Json) => o.uscc,
					);
				assert.ok((await search(NEW_NAME)).includes(lab.uscc), "found by its new name");
				assert.ok(!(await search(OLD_NAME)).includes(lab.uscc), "no longer found by its old name");
				const issued = await act(number, "issue_certificate", "zr-officer");
				assert.equal(issued.status, 200, issued.raw);
				assert.equal(issued.body.certificateNumber, lab.cma, "the changed certificate keeps its number");
				assert.equal((await t.get(`/api/v1/organizations/${lab.uscc}`)).body.name, NEW_NAME);
			});

			it("a change of signatory granted makes the person applied for the signatory of the rows", async () => {
				day = "2026-10-15";
				const number = await accepted({ changes: ["signatory"], signatories: [staff[1]] });
				await reviewedAndGranted(number);
				assert.deepEqual(await rows(), [
					[ROW.parameter, ROW.standard, "active", [staff[0]]],
					[SECOND.parameter, SECOND.standard, "active", [staff[0]]],
				]);
				const size = await logSize(t);
				const issued = await act(number, "issue_certificate", "zr-officer");
				assert.equal(issued.status, 200, issued.raw);
				assert.ok((await logSize(t)) >= size + 2, "each row re-signed is logged");
				assert.deepEqual(await rows(), [
					[ROW.parameter, ROW.standard, "active", [staff[1]]],
					[SECOND.parameter, SECOND.standard, "active", [staff[1]]],
				]);
			});

			it("a change of standard granted replaces the row under the old standard, keeping its signatories", async () => {
				day = "2026-10-16";
				const NEW_STANDARD = "GB/T 50081-2025";
				const number = await accepted({
					changes: ["standard"],
					capabilities: [{ ...ROW, standard: NEW_STANDARD }],
				});
				await reviewedAndGranted(number);
				const issued = await act(number, "issue_certificate", "zr-officer");
				assert.equal(issued.status, 200, issued.raw);
				assert.deepEqual(await rows(), [
					[ROW.parameter, ROW.standard, "withdrawn", [staff[1]]],
					[ROW.parameter, NEW_STANDARD, "active", [staff[1]]],
					[SECOND.parameter, SECOND.standard, "active", [staff[1]]],
				]);
			});

			it("refuses a change naming a banned person as signatory, and nothing changes", async () => {
				day = "2026-10-19";
				const number = await accepted({
					changes: ["signatory"],
					signatories: [staff[2]],
					capabilities: [SECOND],
				});
				await reviewedAndGranted(number);
				await imposeBan(
					t.db.db,
					{
						person: staff[2],
						scope: "tic",
						startsOn: day,
						reference: "沪市监禁〔2026〕12号",
						authority: "上海市市场监督管理局",
						reason: "出具虚假检验检测报告",
						endsOn: "2031-10-18",
					},
					{ clock, actor: SYSTEM_ACTOR },
				);
				const before = await rows();
				const e = await refused(() => act(number, "issue_certificate", "zr-officer"), 409, "PERSON_BANNED");
				assert.match(e.messageZh, /沪市监禁〔2026〕12号/);
				assert.equal(e.field, "signatories");
				assert.deepEqual(await rows(), before, "the signatories stay as they were");
				assert.equal((await view(number, "zr-officer")).body.step.code, "granted");
			});
		});
	});

/** Working days after one day up to another. */
function countTo(from: string, to: string): number {
	let n = 0;
	for (let d = from; d < to; ) {
		d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
		if (workdays.isWorkday(d)) n++;
	}
	return n;
}
