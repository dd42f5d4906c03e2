/**
 * Bans and restrictions through the API: an administrator bans a person and a lab (public log entries
 * without personal data); the banned person is refused as an auditor and when moving to another body,
 * the banned lab issues no new report and gets no new qualification, every refusal audited; lifting the
 * ban lets the lab work again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { personRef } from "../src/core/records/person-ref.ts";
import {
	type Credentials,
	logSize,
	makeAccount,
	newestLogEntry,
	type TestApp,
	testApp,
} from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb, makeLab, makePerson, newUscc, org, report } from "./helpers/factories.ts";

type Session = Credentials & { cookie: string; csrf: string };

for (const kind of DIALECTS)
	describe(`bans and restrictions [${kind}]`, () => {
		let t: TestApp;
		let asAdmin: Session;
		let asOfficer: Session;
		let asCbA: Session;
		let asLabB: Session;
		let cbA: string;
		let cbB: string;
		let labB: { uscc: string; cma: string };
		let auditor: { idNumber: string; ref: string };
		before(async () => {
			t = await testApp(kind);
			const regulator = org({
				kind: "regulator",
				name: "上海市市场监督管理局",
				district: "310115",
				uscc: newUscc("11", "310115"),
			});
			await applyOk(t.db.db, "organizations", [regulator]);
			cbA = await makeCb(t.db.db, { district: "310115" });
			cbB = await makeCb(t.db.db, { district: "310104" });
			labB = await makeLab(t.db.db, { district: "310104" });
			const idNumber = await makePerson(t.db.db, cbA, "auditor");
			const p = await t.db.db
				.selectFrom("person_private")
				.select("person_id")
				.where("id_number", "=", idNumber)
				.executeTakeFirstOrThrow();
			auditor = { idNumber, ref: personRef(Number(p.person_id)) };
			await makeAccount(t, "b-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "b-officer", "regulator_officer", regulator.uscc as string, ["310115"]);
			await makeAccount(t, "b-cb-a", "cb_operator", cbA);
			await makeAccount(t, "b-lab-b", "lab_operator", labB.uscc);
			asAdmin = await t.signIn("b-admin");
			asOfficer = await t.signIn("b-officer");
			asCbA = await t.signIn("b-cb-a");
			asLabB = await t.signIn("b-lab-b");
		});
		after(() => t.close());

		const lifetime = (over: Record<string, unknown>) => ({
			scope: "tic",
			startsOn: "2026-01-10",
			reference: "国市监认〔2026〕1号",
			authority: "国家市场监督管理总局",
			reason: "出具虚假认证结论，情节严重，终身禁止从事认证活动",
			...over,
		});

		it("imposes a ban as a public fact without personal data, and refuses a malformed one", async () => {
			const size = await logSize(t);
			const none = await t.request("POST", "/api/v1/bans", { as: asAdmin, body: lifetime({}) });
			assert.deepEqual([none.status, none.body.error.field], [400, "subject"]);
			const personal = await t.request("POST", "/api/v1/bans", {
				as: asAdmin,
				body: lifetime({ person: auditor.ref, reason: `审核员（身份证 ${auditor.idNumber}）出具虚假结论` }),
			});
			assert.deepEqual([personal.status, personal.body.error.rule], [400, "PERSONAL_DATA"]);
			const officer = await t.request("POST", "/api/v1/bans", {
				as: asOfficer,
				body: lifetime({ person: auditor.ref }),
			});
			assert.equal(officer.status, 403, "bans are an administrator's decision");
			assert.equal(await logSize(t), size, "refusals change nothing");

			const made = await t.request("POST", "/api/v1/bans", {
				as: asAdmin,
				body: lifetime({ person: auditor.ref }),
			});
			assert.equal(made.status, 201, made.raw);
			assert.deepEqual([made.body.subject.ref, made.body.lifetime], [auditor.ref, true]);
			const entry = await newestLogEntry(t);
			assert.equal(entry.type, "ban.imposed");
			assert.ok(!JSON.stringify(entry).includes(auditor.idNumber));
			const list = (await t.get("/api/v1/bans?inForce=true")).body.items;
			assert.deepEqual(
				list.map((b: { reference: string }) => b.reference),
				["国市监认〔2026〕1号"],
			);
			assert.ok(!JSON.stringify(list).includes(auditor.idNumber));
			const file = (await t.get(`/api/v1/people/${auditor.ref}/credit`)).body;
			assert.deepEqual(
				file.bans.map((b: { reference: string; lifetime: boolean }) => [b.reference, b.lifetime]),
				[["国市监认〔2026〕1号", true]],
			);
			assert.ok(!JSON.stringify(file).includes(auditor.idNumber));
		});

		it("refuses a banned person as an auditor, and catches them moving to another body, auditing each refusal", async () => {
			const c = cert(cbA, { auditTeam: `${auditor.idNumber}:leader` });
			const refused = await t.request("POST", "/api/v1/certificates", { as: asCbA, body: c });
			assert.deepEqual(
				[refused.status, refused.body.error.field, refused.body.error.rule],
				[400, "auditTeam"].concat(["PERSON_BANNED"]),
			);
			assert.match(refused.body.error.messageZh, /国市监认〔2026〕1号/);
			// A move between bodies is registered by the regulator (a body manages only its own staff).
			const moving = await t.request("POST", "/api/v1/people", {
				as: asAdmin,
				body: { idNumber: auditor.idNumber, name: "张伟", employerUscc: cbB, roles: "auditor" },
			});
			assert.deepEqual([moving.status, moving.body.error.rule], [400, "PERSON_BANNED"]);
			const audits = await t.db.db
				.selectFrom("audit_log")
				.select(["action", "outcome"])
				.where("action", "=", "ban.blocked")
				.execute();
			assert.equal(audits.length, 2);
			assert.ok(audits.every((a) => a.outcome === "denied"));
			// Without the banned auditor, the certificate is accepted.
			const ok = await t.request("POST", "/api/v1/certificates", { as: asCbA, body: cert(cbA) });
			assert.equal(ok.status, 201, ok.raw);
		});

		it("refuses a signatory banned at one lab as a signatory there and at another", async () => {
			const labA = await makeLab(t.db.db, { district: "310115" });
			await makeAccount(t, "b-lab-a", "lab_operator", labA.uscc);
			const asLabA = await t.signIn("b-lab-a");
			const idNumber = await makePerson(t.db.db, labA.uscc, "signatory");
			const p = await t.db.db
				.selectFrom("person_private")
				.select("person_id")
				.where("id_number", "=", idNumber)
				.executeTakeFirstOrThrow();
			const made = await t.request("POST", "/api/v1/bans", {
				as: asAdmin,
				body: lifetime({
					person: personRef(Number(p.person_id)),
					reference: "沪市监处〔2026〕3号",
					reason: "签发虚假检验检测报告，终身禁止从事检验检测活动",
				}),
			});
			assert.equal(made.status, 201, made.raw);
			const here = await t.request("POST", "/api/v1/reports", {
				as: asLabA,
				body: report(labA.uscc, { signatory: idNumber }),
			});
			assert.deepEqual(
				[here.status, here.body.error.field, here.body.error.rule],
				[400, "signatory", "PERSON_BANNED"],
			);
			const elsewhere = await t.request("POST", "/api/v1/people", {
				as: asAdmin,
				body: { idNumber, name: "李娜", employerUscc: labB.uscc, roles: "signatory" },
			});
			assert.deepEqual([elsewhere.status, elsewhere.body.error.rule], [400, "PERSON_BANNED"]);
		});

		it("stops a banned lab's new reports and qualifications until the ban is lifted", async () => {
			const ban = await t.request("POST", "/api/v1/bans", {
				as: asAdmin,
				body: {
					uscc: labB.uscc,
					scope: "tic",
					startsOn: "2026-02-01",
					endsOn: "2027-01-31",
					reference: "沪市监处〔2026〕2号",
					authority: "上海市市场监督管理局",
					reason: "出具虚假检验检测报告，责令停业整顿一年",
				},
			});
			assert.equal(ban.status, 201, ban.raw);
			const r = report(labB.uscc);
			const refused = await t.request("POST", "/api/v1/reports", { as: asLabB, body: r });
			assert.deepEqual([refused.status, refused.body.error.rule], [400, "ORG_BANNED"]);
			const qual = await t.request("POST", "/api/v1/qualifications", {
				as: asAdmin,
				body: {
					type: "cma",
					number: "230912345678",
					orgUscc: labB.uscc,
					validFrom: "2026-03-01",
					validUntil: "2032-02-28",
				},
			});
			assert.deepEqual([qual.status, qual.body.error.rule], [400, "ORG_BANNED"]);
			const file = (await t.get(`/api/v1/organizations/${labB.uscc}/credit`)).body;
			assert.deepEqual(
				file.bans.map((b: { reference: string; endsOn: string }) => [b.reference, b.endsOn]),
				[["沪市监处〔2026〕2号", "2027-01-31"]],
			);

			const leaky = await t.request("POST", `/api/v1/bans/${ban.body.id}/lift`, {
				as: asAdmin,
				body: { on: "2026-04-01", reason: "申请人310101199001011237已申请复议" },
			});
			assert.deepEqual([leaky.status, leaky.body.error.field], [400, "reason"]);
			const lifted = await t.request("POST", `/api/v1/bans/${ban.body.id}/lift`, {
				as: asAdmin,
				body: { on: "2026-04-01", reason: "行政复议撤销原处罚决定" },
			});
			assert.equal(lifted.status, 200, lifted.raw);
			assert.equal((await newestLogEntry(t)).type, "ban.lifted");
			const after = (await t.get(`/api/v1/organizations/${labB.uscc}/credit`)).body.bans[0];
			assert.deepEqual(
				[after.status, after.liftedOn, after.liftReason],
				["lifted", "2026-04-01", "行政复议撤销原处罚决定"],
			);
			const again = await t.request("POST", `/api/v1/bans/${ban.body.id}/lift`, {
				as: asAdmin,
				body: { on: "2026-04-01", reason: "再次解除" },
			});
			assert.deepEqual([again.status, again.body.error.code], [409, "BAN_LIFTED"]);
			const accepted = await t.request("POST", "/api/v1/reports", { as: asLabB, body: r });
			assert.equal(accepted.status, 201, accepted.raw);
		});
	});
