/**
 * "Double random, one public" spot checks through the API, on the demo register: an officer drafts a
 * batch, publishes its manifest (frozen and logged), draws once the beacon value is known, records and
 * publishes results; anyone downloads the transcript and recomputes the same objects and teams; nobody
 * gets an inspector with a conflict; a result not published in 20 working days surfaces as overdue.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Transcript, verifyTranscript } from "../src/core/draw/draw.ts";
import { type DrawInputs, objectCommitment } from "../src/core/draw/manifest.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import {
	type Credentials,
	logSize,
	makeAccount,
	newestLogEntry,
	type TestApp,
	testApp,
} from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";

type Session = Credentials & { cookie: string; csrf: string };

const BEACON = "drand quicknet round 20000000";

function spec(code: string, over: Record<string, unknown> = {}) {
	return {
		code,
		title: "2026年第二批认证机构和检验检测机构双随机抽查",
		drawDate: "2026-06-01",
		mode: "modern",
		kinds: ["cb", "lab"],
		districts: [],
		strata: [
			{ name: "A", proportion: 0.05 },
			{ name: "B", proportion: 0.1 },
			{ name: "C", proportion: 0.3 },
			{ name: "D", proportion: 1 },
		],
		exclusions: [],
		teamSize: 2,
		rules: {
			sameEmployer: true,
			declaredRelations: true,
			recentMonths: 12,
			district: "none",
			distinctEmployers: true,
		},
		sources: [
			{ name: BEACON, kind: "beacon", description: "drand quicknet 第 20000000 轮随机数（公布后可查）" },
		],
		...over,
	};
}

for (const kind of DIALECTS)
	describe(`spot checks [${kind}]`, () => {
		let t: TestApp;
		let asOfficer: Session;
		let asCb: Session;
		let related: { inspector: string; uscc: string };
		before(async () => {
			t = await testApp(kind);
			await seed(t.db.db, "demo", "2026-05-25");
			const regulator = await t.db.db
				.selectFrom("organizations")
				.select("uscc")
				.where("kind", "=", "regulator")
				.executeTakeFirstOrThrow();
			const cb = await t.db.db
				.selectFrom("organizations")
				.select(["id", "uscc"])
				.where("kind", "=", "cb")
				.orderBy("id")
				.executeTakeFirstOrThrow();
			// The regulator rates this body D (high risk): every D body is drawn.
			await t.db.db.updateTable("organizations").set({ credit_grade: "D" }).where("id", "=", cb.id).execute();
			await makeAccount(t, "s-officer", "regulator_officer", regulator.uscc, ["310115"]);
			await makeAccount(t, "s-cb", "cb_operator", cb.uscc);
			asOfficer = await t.signIn("s-officer");
			asCb = await t.signIn("s-cb");
			// An inspector declares a consulting relation with a grade-D body (every D body is drawn).
			const inspector = await t.db.db
				.selectFrom("people")
				.select("id")
				.where("roles_json", "like", '%"inspector"%')
				.orderBy("id")
				.executeTakeFirstOrThrow();
			await t.db.db
				.insertInto("person_relations")
				.values({ person_id: inspector.id, org_id: cb.id, kind: "consulting", declared_at: "2026-01-05" })
				.execute();
			related = { inspector: `P${String(inspector.id).padStart(8, "0")}`, uscc: cb.uscc };
		});
		after(() => t.close());

		it("refuses a batch that breaks the rules, naming the field, and anyone but a regulator", async () => {
			const small = await t.request("POST", "/api/v1/spot-batches", {
				as: asOfficer,
				body: spec("2026-T-00", { teamSize: 1 }),
			});
			assert.deepEqual([small.status, small.body.error.field], [400, "teamSize"]);
			const noFuture = await t.request("POST", "/api/v1/spot-batches", {
				as: asOfficer,
				body: spec("2026-T-00", { sources: [{ name: "人工输入", kind: "other", description: "" }] }),
			});
			assert.deepEqual([noFuture.status, noFuture.body.error.field], [400, "sources"]);
			assert.match(noFuture.body.error.message, /future public value/);
			const cb = await t.request("POST", "/api/v1/spot-batches", { as: asCb, body: spec("2026-T-00") });
			assert.equal(cb.status, 403);
		});

		it("publishes, draws and publishes results that anyone can recompute, with no conflicted inspector", async () => {
			const code = "2026-SH-02";
			const plan = await t.request("POST", "/api/v1/spot-plans", {
				as: asOfficer,
				body: {
					year: 2026,
					title: "2026年度检验检测机构双随机抽查计划",
					scope: "本市检验检测机构",
					batchesPlanned: 2,
					timing: "每半年一批",
				},
			});
			assert.equal(plan.status, 201, plan.raw);
			const wrongYear = await t.request("POST", "/api/v1/spot-batches", {
				as: asOfficer,
				body: spec(code, { planId: plan.body.id, drawDate: "2027-01-10" }),
			});
			assert.deepEqual([wrongYear.status, wrongYear.body.error.field], [400, "drawDate"]);
			const made = await t.request("POST", "/api/v1/spot-batches", {
				as: asOfficer,
				body: spec(code, { planId: plan.body.id }),
			});
			assert.equal(made.status, 201, made.raw);
			assert.equal((await t.get(`/api/v1/spot-batches/${code}`)).status, 404, "a draft is not public");
			const early = await t.request("POST", `/api/v1/spot-batches/${code}/draw`, {
				as: asOfficer,
				body: { sources: [{ name: BEACON, value: "ab" }] },
			});
			assert.deepEqual([early.status, early.body.error.code], [409, "SPOTCHECK_NOT_PUBLISHED"]);

			// A draft can change; once published it cannot.
			const edited = await t.request("PUT", `/api/v1/spot-batches/${code}`, {
				as: asOfficer,
				body: spec(code, { teamSize: 3, planId: plan.body.id }),
			});
			assert.equal(edited.status, 200, edited.raw);
			const back = await t.request("PUT", `/api/v1/spot-batches/${code}`, {
				as: asOfficer,
				body: spec(code, { planId: plan.body.id }),
			});
			assert.equal(back.status, 200, back.raw);

			// Published: the manifest is logged and frozen.
			const pub = await t.request("POST", `/api/v1/spot-batches/${code}/publish`, { as: asOfficer });
			assert.equal(pub.status, 200, pub.raw);
			const entry = await newestLogEntry(t);
			assert.equal(entry.type, "spotcheck.published");
			const batch = (await t.get(`/api/v1/spot-batches/${code}`)).body;
			assert.equal((entry.facts as { manifestSha256: string }).manifestSha256, batch.manifestSha256);
			assert.equal(entry.recordSha256, batch.manifestSha256);
			const again = await t.request("POST", `/api/v1/spot-batches/${code}/publish`, { as: asOfficer });
			assert.deepEqual([again.status, again.body.error.code], [409, "SPOTCHECK_PUBLISHED"]);
			const altered = await t.request("PUT", `/api/v1/spot-batches/${code}`, {
				as: asOfficer,
				body: spec(code, { strata: [{ name: "D", proportion: 0 }] }),
			});
			assert.deepEqual([altered.status, altered.body.error.code], [409, "SPOTCHECK_PUBLISHED"]);
			assert.equal((await t.get(`/api/v1/spot-batches/${code}`)).body.manifestSha256, batch.manifestSha256);

			// The published lists name no organisation and no grade, and keep the relation's reason out.
			const inputsText = (await t.get(`/api/v1/spot-batches/${code}/inputs`)).raw;
			const inputs = JSON.parse(inputsText) as DrawInputs;
			assert.ok(inputs.objects.length > 20);
			assert.ok(!inputsText.includes(related.uscc), "a pool object's code appears in the published lists");
			assert.ok(!inputsText.includes("consulting"));
			assert.ok(inputs.conflicts.some((c) => c.inspector === related.inspector));

			// The draw, once the beacon's value is known; a wrong source name is refused and changes nothing.
			const wrong = await t.request("POST", `/api/v1/spot-batches/${code}/draw`, {
				as: asOfficer,
				body: { sources: [{ name: "别的来源", value: "ab" }] },
			});
			assert.deepEqual([wrong.status, wrong.body.error.field], [400, "sources"]);
			const drawn = await t.request("POST", `/api/v1/spot-batches/${code}/draw`, {
				as: asOfficer,
				body: {
					sources: [
						{ name: BEACON, value: "9c1d6e0f4b2a8375d9e1c0b4a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c" },
					],
				},
			});
			assert.equal(drawn.status, 200, drawn.raw);
			assert.equal((await newestLogEntry(t)).type, "spotcheck.drawn");
			const twice = await t.request("POST", `/api/v1/spot-batches/${code}/draw`, {
				as: asOfficer,
				body: { sources: [{ name: BEACON, value: "00" }] },
			});
			assert.deepEqual([twice.status, twice.body.error.code], [409, "SPOTCHECK_DRAWN"]);

			// Anyone recomputes the same objects and teams from the transcript alone.
			const transcript = JSON.parse(
				(await t.get(`/api/v1/spot-batches/${code}/transcript`)).raw,
			) as Transcript;
			const check = verifyTranscript(transcript);
			assert.ok(check.ok, check.problems.join("; "));
			const shown = (await t.get(`/api/v1/spot-batches/${code}`)).body;
			assert.equal(shown.status, "drawn");
			assert.equal(shown.tasks.length, transcript.assignments.length);
			const drawnD = transcript.strata.find((s) => s.name === "D")!;
			assert.equal(drawnD.count, drawnD.eligible, "every grade-D body is drawn");
			// Each drawn object is opened: its code and salt give back its key in the pool.
			for (const task of shown.tasks) {
				assert.equal(objectCommitment(task.object.salt, task.object.uscc), task.object.key);
				assert.equal(task.team.length, 2);
				if (task.object.uscc === related.uscc)
					assert.ok(!task.team.includes(related.inspector), "an inspector with a declared relation was sent");
			}
			assert.ok(shown.tasks.some((x: { object: { uscc: string } }) => x.object.uscc === related.uscc));

			// Results: a failure needs findings; the 20 working days count China's holidays.
			const noFindings = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/1/result`, {
				as: asOfficer,
				body: { result: "fail", findings: " ", inspectedOn: "2026-05-20" },
			});
			assert.deepEqual([noFindings.status, noFindings.body.error.field], [400, "findings"]);
			const r1 = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/1/result`, {
				as: asOfficer,
				body: { result: "fail", findings: "认证决定人员不具备相应专业能力", inspectedOn: "2026-05-20" },
			});
			// 20 May 2026 + 20 working days, 端午节 (19 June) not reached: 17 June.
			assert.deepEqual([r1.status, r1.body.publishBy], [200, "2026-06-17"]);
			const r2 = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/2/result`, {
				as: asOfficer,
				body: { result: "pass", findings: "", inspectedOn: "2026-04-20" },
			});
			// 20 April + 20 working days: 劳动节 off (1–5 May), Saturday 9 May worked: 20 May — now past.
			assert.equal(r2.body.publishBy, "2026-05-20");
			const overdue = await t.get("/api/v1/spot-tasks/overdue", asOfficer);
			assert.deepEqual(
				overdue.body.items.map((x: { batch: string; seq: number }) => `${x.batch}#${x.seq}`),
				[`${code}#2`],
			);

			// An order to rectify needs its deadline; once published, it is followed up until confirmed.
			const noDeadline = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/3/result`, {
				as: asOfficer,
				body: { result: "rectify", findings: "内部审核记录不完整", inspectedOn: "2026-05-10" },
			});
			assert.deepEqual([noDeadline.status, noDeadline.body.error.field], [400, "rectifyBy"]);
			const r3 = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/3/result`, {
				as: asOfficer,
				body: {
					result: "rectify",
					findings: "内部审核记录不完整",
					inspectedOn: "2026-05-10",
					rectifyBy: "2026-05-25",
				},
			});
			assert.equal(r3.status, 200, r3.raw);
			const early3 = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/3/rectified`, {
				as: asOfficer,
				body: { on: "2026-05-24", note: "已补齐内部审核记录" },
			});
			assert.deepEqual(
				[early3.status, early3.body.error.code],
				[409, "SPOTCHECK_NOT_RECTIFY"],
				"not yet published",
			);
			assert.equal(
				(await t.request("POST", `/api/v1/spot-batches/${code}/tasks/3/publish`, { as: asOfficer })).status,
				204,
			);
			const late = (await t.get("/api/v1/spot-tasks/overdue", asOfficer)).body.rectifications;
			assert.deepEqual(
				late.map(
					(x: { batch: string; seq: number; rectifyBy: string }) => `${x.batch}#${x.seq} ${x.rectifyBy}`,
				),
				[`${code}#3 2026-05-25`],
			);
			const done3 = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/3/rectified`, {
				as: asOfficer,
				body: { on: "2026-05-24", note: "已补齐内部审核记录，现场核查确认" },
			});
			assert.equal(done3.status, 204, done3.raw);
			assert.deepEqual((await newestLogEntry(t)).facts, { rectifiedOn: "2026-05-24" });
			const shown3 = (await t.get(`/api/v1/spot-batches/${code}`)).body.tasks[2];
			assert.deepEqual(
				[shown3.result, shown3.rectifyBy, shown3.rectifiedOn],
				["rectify", "2026-05-25", "2026-05-24"],
			);
			assert.deepEqual((await t.get("/api/v1/spot-tasks/overdue", asOfficer)).body.rectifications, []);
			const twice3 = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/3/rectified`, {
				as: asOfficer,
				body: { on: "2026-05-24", note: "再次确认" },
			});
			assert.deepEqual([twice3.status, twice3.body.error.code], [409, "SPOTCHECK_RECTIFIED"]);

			// Published: a log entry naming the organisation and the result; public from then on.
			assert.equal(shown.tasks[0].result, null, "an unpublished result is not public");
			const p1 = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/1/publish`, { as: asOfficer });
			assert.equal(p1.status, 204, p1.raw);
			const resultEntry = await newestLogEntry(t);
			assert.equal(resultEntry.type, "spotcheck.result");
			assert.deepEqual(resultEntry.facts, { inspectedOn: "2026-05-20", result: "fail" });
			assert.equal(resultEntry.by, shown.tasks[0].object.uscc);
			const after = (await t.get(`/api/v1/spot-batches/${code}`)).body.tasks[0];
			assert.deepEqual([after.status, after.result], ["published", "fail"]);
			const changed = await t.request("POST", `/api/v1/spot-batches/${code}/tasks/1/result`, {
				as: asOfficer,
				body: { result: "pass", findings: "", inspectedOn: "2026-05-20" },
			});
			assert.deepEqual([changed.status, changed.body.error.code], [409, "SPOTCHECK_RESULT_PUBLISHED"]);
			// The plan lists its batch; the demo register's own plan and batch are there too.
			const plans = (await t.get("/api/v1/spot-plans")).body.items;
			assert.deepEqual(
				plans.map((p: { title: string; batches: { code: string }[] }) => [
					p.title,
					p.batches.map((b) => b.code),
				]),
				[
					["2026年度检验检测机构双随机抽查计划", [code]],
					["2026年度认证机构和检验检测机构双随机抽查计划（演示）", ["2026-SH-DEMO-01"]],
				],
			);
			// Newest first, after the demo register's own batch.
			assert.deepEqual(
				(await t.get("/api/v1/spot-batches")).body.items.map((b: { code: string }) => b.code),
				[code, "2026-SH-DEMO-01"],
			);
		});

		it("gives an inspector the tasks of their teams, and only those to record", async () => {
			await makeAccount(t, "s-admin", "regulator_admin", null);
			const asAdmin = await t.signIn("s-admin");
			const demo = (await t.get("/api/v1/spot-batches/2026-SH-DEMO-01/manage", asOfficer)).body;
			type Task = { seq: number; team: string[]; status: string };
			const open = (demo.tasks as Task[]).filter((x) => x.status === "assigned");
			// The demo inspector account is the first member of the first open team; take the second.
			const mine = open[0]!;
			const me = mine.team[1]!;
			const other = open.find((x) => !x.team.includes(me))!;
			const account = (over: Record<string, unknown>) =>
				t.request("POST", "/api/v1/accounts", {
					as: asAdmin,
					body: {
						username: "s-inspector",
						displayName: "检查员",
						role: "inspector",
						password: "Inspect-2026-check",
						...over,
					},
				});
			const none = await account({});
			assert.deepEqual(
				[none.status, none.body.error.field, none.body.error.rule],
				[400, "person", "REQUIRED"],
			);
			const auditor = await t.db.db
				.selectFrom("people")
				.select("id")
				.where("roles_json", "not like", '%"inspector"%')
				.where("roles_json", "not like", '%"expert"%')
				.executeTakeFirstOrThrow();
			const notInspector = await account({ person: `P${String(auditor.id).padStart(8, "0")}` });
			assert.deepEqual([notInspector.status, notInspector.body.error.rule], [400, "NOT_INSPECTOR"]);
			const taken = await account({ person: mine.team[0] });
			assert.deepEqual(
				[taken.status, taken.body.error.code],
				[409, "ACCOUNT_EXISTS"],
				"the demo inspector's",
			);
			const notAllowed = await t.request("POST", "/api/v1/accounts", {
				as: asAdmin,
				body: {
					username: "s-officer-2",
					displayName: "监管员",
					role: "regulator_officer",
					districts: ["310115"],
					person: me,
					password: "Inspect-2026-check",
				},
			});
			assert.deepEqual([notAllowed.status, notAllowed.body.error.rule], [400, "NOT_ALLOWED"]);
			const made = await account({ person: me });
			assert.equal(made.status, 201, made.raw);
			assert.equal(made.body.person, me);
			const asInspector = await t.signIn("s-inspector", "Inspect-2026-check");

			const list = await t.get("/api/v1/spot-tasks/mine", asInspector);
			assert.equal(list.status, 200, list.raw);
			const items = list.body.items as {
				batch: { code: string };
				seq: number;
				team: string[];
				org: { address: string };
			}[];
			assert.ok(items.length >= 1);
			assert.ok(items.every((x) => x.team.includes(me)));
			assert.ok(items.some((x) => x.batch.code === "2026-SH-DEMO-01" && x.seq === mine.seq));
			assert.equal((await t.get("/api/v1/spot-tasks/mine", asCb)).status, 404, "not for a body's operator");

			const path = "/api/v1/spot-batches/2026-SH-DEMO-01/tasks";
			const body = { result: "fail", findings: "检验原始记录与报告数据不一致", inspectedOn: "2026-05-22" };
			const foreign = await t.request("POST", `${path}/${other.seq}/result`, { as: asInspector, body });
			assert.deepEqual([foreign.status, foreign.body.error.code], [403, "SPOTCHECK_NOT_ON_TEAM"]);
			const recorded = await t.request("POST", `${path}/${mine.seq}/result`, { as: asInspector, body });
			assert.equal(recorded.status, 200, recorded.raw);
			const publish = await t.request("POST", `${path}/${mine.seq}/publish`, { as: asInspector });
			assert.equal(publish.status, 403, "publication is the regulator's");
			const afterList = (await t.get("/api/v1/spot-tasks/mine", asInspector)).body.items.find(
				(x: { seq: number; batch: { code: string } }) =>
					x.batch.code === "2026-SH-DEMO-01" && x.seq === mine.seq,
			);
			assert.deepEqual([afterList.status, afterList.result], ["done", "fail"]);

			// Published by the officer: the result enters the organisation's integrity file, with its log entry.
			assert.equal((await t.request("POST", `${path}/${mine.seq}/publish`, { as: asOfficer })).status, 204);
			const entry = await newestLogEntry(t);
			const uscc = entry.by as string;
			const file = await t.get(`/api/v1/organizations/${uscc}/credit`);
			assert.equal(file.status, 200, file.raw);
			const event = file.body.events.find(
				(e: { source: string }) => e.source === `2026-SH-DEMO-01#${mine.seq}`,
			);
			assert.deepEqual(
				[event.kind, event.outcome, event.occurredOn, event.logIndex, event.detail.findings],
				["spot_check", "fail", "2026-05-22", (await logSize(t)) - 1, body.findings],
			);
			assert.ok(!("grade" in file.body), "the credit grade is internal");
			const asRegulator = await t.get(`/api/v1/organizations/${uscc}/credit`, asOfficer);
			assert.ok("grade" in asRegulator.body);
		});

		it("follows an order to rectify into the integrity file", async () => {
			const task = (await t.get("/api/v1/spot-batches/2026-SH-02")).body.tasks[2];
			const file = (await t.get(`/api/v1/organizations/${task.object.uscc}/credit`)).body;
			const event = file.events.find((e: { source: string }) => e.source === "2026-SH-02#3");
			assert.deepEqual(
				[event.outcome, event.detail.rectifyBy, event.detail.rectifiedOn],
				["rectify", "2026-05-25", "2026-05-24"],
			);
			const unknown = await t.get("/api/v1/organizations/91310000000000000X/credit");
			assert.equal(unknown.status, 400);
		});

		it("draws certificates of a field, inspected at their holders, keeping the issuer's people out", async () => {
			const bad = await t.request("POST", "/api/v1/spot-batches", {
				as: asOfficer,
				body: spec("2026-T-01", { schemes: ["NOPE"] }),
			});
			assert.deepEqual(
				[bad.status, bad.body.error.field, bad.body.error.rule],
				[400, "schemes", "SCHEME_UNKNOWN"],
			);
			const labs = await t.request("POST", "/api/v1/spot-batches", {
				as: asOfficer,
				body: spec("2026-T-01", { kinds: ["lab"], schemes: ["QMS"] }),
			});
			assert.deepEqual([labs.status, labs.body.error.rule], [400, "NOT_APPLICABLE"]);

			// Organisations of a field: certification bodies approved for CCC.
			const cbCode = "2026-SH-CCC-CB";
			const made = await t.request("POST", "/api/v1/spot-batches", {
				as: asOfficer,
				body: spec(cbCode, { kinds: ["cb"], schemes: ["CCC"] }),
			});
			assert.equal(made.status, 201, made.raw);
			assert.equal(
				(await t.request("POST", `/api/v1/spot-batches/${cbCode}/publish`, { as: asOfficer })).status,
				200,
			);
			const approvals = await t.db.db
				.selectFrom("qualifications as q")
				.innerJoin("organizations as o", "o.id", "q.org_id")
				.select(["q.org_id", "q.scope_json"])
				.where("q.type", "=", "cb_approval")
				.where("q.status", "=", "valid")
				.where("o.status", "=", "active")
				.execute();
			const cccBodies = new Set(
				approvals.filter((a) => JSON.parse(a.scope_json).includes("CCC")).map((a) => Number(a.org_id)),
			);
			const cbBatch = (await t.get(`/api/v1/spot-batches/${cbCode}`)).body;
			assert.ok(cccBodies.size > 0);
			assert.equal(cbBatch.manifest.pool.size, cccBodies.size);
			assert.deepEqual(cbBatch.manifest.scope, {
				objects: "organizations",
				kinds: ["cb"],
				districts: [],
				schemes: ["CCC"],
			});

			// Certificates: valid QMS certificates held by enterprises; the D body's certificates are
			// in conflict with the inspector who declared a consulting relation with it.
			const code = "2026-SH-QMS-CERT";
			const certSpec = spec(code, {
				objects: "certificates",
				kinds: ["enterprise"],
				schemes: ["QMS"],
				strata: [
					{ name: "A", count: 2 },
					{ name: "B", count: 6 },
					{ name: "C", count: 2 },
					{ name: "D", count: 2 },
				],
			});
			assert.equal(
				(await t.request("POST", "/api/v1/spot-batches", { as: asOfficer, body: certSpec })).status,
				201,
			);
			assert.equal(
				(await t.request("POST", `/api/v1/spot-batches/${code}/publish`, { as: asOfficer })).status,
				200,
			);
			const pool = await t.db.db
				.selectFrom("certificates as c")
				.innerJoin("organizations as o", "o.id", "c.holder_id")
				.innerJoin("organizations as cb", "cb.id", "c.cb_id")
				.select(["c.number", "cb.uscc as issuer", "o.uscc as holder"])
				.where("c.status", "=", "valid")
				.where("c.withheld_since", "is", null)
				.where("c.scheme", "=", "QMS")
				.where("o.kind", "=", "enterprise")
				.execute();
			const inputs = JSON.parse((await t.get(`/api/v1/spot-batches/${code}/inputs`)).raw) as DrawInputs;
			assert.equal(inputs.objects.length, pool.length);
			const byIssuer = pool.filter((c) => c.issuer === related.uscc).length;
			assert.ok(byIssuer > 0);
			assert.ok(
				inputs.conflicts.filter((c) => c.inspector === related.inspector).length >= byIssuer,
				"every certificate the related body issued is in conflict with the inspector",
			);
			const drawn = await t.request("POST", `/api/v1/spot-batches/${code}/draw`, {
				as: asOfficer,
				body: { sources: [{ name: BEACON, value: "77aa" }] },
			});
			assert.equal(drawn.status, 200, drawn.raw);
			const shown = (await t.get(`/api/v1/spot-batches/${code}`)).body;
			const transcript = JSON.parse(
				(await t.get(`/api/v1/spot-batches/${code}/transcript`)).raw,
			) as Transcript;
			assert.ok(verifyTranscript(transcript).ok);
			assert.ok(shown.tasks.length >= 8);
			const numbers = new Map(pool.map((c) => [c.number, c]));
			for (const task of shown.tasks) {
				const cert = numbers.get(task.object.certificate);
				assert.ok(cert, `${task.object.certificate} is a valid QMS certificate of an enterprise`);
				assert.equal(task.object.uscc, cert.holder, "inspected at its holder");
				assert.equal(objectCommitment(task.object.salt, task.object.certificate), task.object.key);
				if (cert.issuer === related.uscc) assert.ok(!task.team.includes(related.inspector));
			}
		});
	});
