/**
 * Credit files and grades through the API, on the demo register: every graded organisation has a grade
 * that its explanation adds up to; the public reads the file without the grade; a regulator records a
 * penalty (logged) and the grade follows at once; a model change is compared before it takes effect,
 * logged when it does, and regrades everyone.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_MODEL, gradeForScore } from "../src/core/credit/grading.ts";
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

for (const kind of DIALECTS)
	describe(`credit files and grades [${kind}]`, () => {
		let t: TestApp;
		let asAdmin: Session;
		let asOfficer: Session;
		let asCb: Session;
		let quiet: { uscc: string; district: string };
		before(async () => {
			t = await testApp(kind);
			await seed(t.db.db, "demo", "2026-05-25");
			const regulator = await t.db.db
				.selectFrom("organizations")
				.select("uscc")
				.where("kind", "=", "regulator")
				.executeTakeFirstOrThrow();
			// A quiet enterprise: graded A, no events.
			const q = await t.db.db
				.selectFrom("organizations as o")
				.innerJoin("credit_grades as g", "g.org_id", "o.id")
				.select(["o.uscc", "o.district"])
				.where("g.grade", "=", "A")
				.where("o.kind", "=", "enterprise")
				.orderBy("o.id")
				.executeTakeFirstOrThrow();
			quiet = { uscc: q.uscc, district: q.district! };
			const cb = await t.db.db
				.selectFrom("organizations")
				.select("uscc")
				.where("kind", "=", "cb")
				.executeTakeFirstOrThrow();
			await makeAccount(t, "c-admin", "regulator_admin", regulator.uscc);
			await makeAccount(t, "c-officer", "regulator_officer", regulator.uscc, [quiet.district]);
			await makeAccount(t, "c-cb", "cb_operator", cb.uscc);
			asAdmin = await t.signIn("c-admin");
			asOfficer = await t.signIn("c-officer");
			asCb = await t.signIn("c-cb");
		});
		after(() => t.close());

		it("grades every body and enterprise, each grade the sum of its explained factors", async () => {
			const graded = await t.db.db
				.selectFrom("credit_grades as g")
				.innerJoin("organizations as o", "o.id", "g.org_id")
				.select(["o.uscc", "o.credit_grade", "g.grade"])
				.execute();
			const orgs = await t.db.db
				.selectFrom("organizations")
				.select("id")
				.where("kind", "in", ["cb", "lab", "enterprise"])
				.execute();
			assert.equal(graded.length, orgs.length);
			assert.ok(
				graded.every((g) => g.credit_grade === g.grade),
				"the strata read the grade",
			);
			const grades = new Set(graded.map((g) => g.grade));
			assert.ok(grades.has("A") && grades.has("D"), `demo grades ${[...grades]}`);
			// The penalised: their file shows the penalty, their explanation counts it.
			const d = await t.db.db
				.selectFrom("credit_grades as g")
				.innerJoin("organizations as o", "o.id", "g.org_id")
				.select("o.uscc")
				.where("g.grade", "=", "D")
				.executeTakeFirstOrThrow();
			const file = (await t.get(`/api/v1/organizations/${d.uscc}/credit`, asAdmin)).body;
			const sum = file.grade.contributions.reduce((s: number, c: { points: number }) => s + c.points, 0);
			assert.equal(sum, file.grade.score);
			assert.ok(file.grade.grade >= gradeForScore(sum, file.grade.thresholds));
			const penalty = file.grade.contributions.find((c: { factor: string }) => c.factor === "penalty");
			assert.ok(penalty.basis.length >= 1);
			assert.ok(
				penalty.basis.every((ref: string) =>
					file.events.some((e: { source: string; kind: string }) => e.kind === "penalty" && e.source === ref),
				),
			);
			const open = await t.get(`/api/v1/organizations/${d.uscc}/credit`);
			assert.ok(!("grade" in open.body), "the grade is a regulator's internal reference");
			assert.ok(
				open.body.events.some((e: { kind: string }) => e.kind === "penalty"),
				"the penalty is public",
			);
		});

		it("records a penalty as a public fact, and the grade follows at once", async () => {
			const path = `/api/v1/organizations/${quiet.uscc}/credit-events`;
			const body = {
				kind: "penalty",
				occurredOn: "2026-05-20",
				reference: "沪市监处〔2026〕999001号",
				authority: "上海市市场监督管理局",
				summary: "出具虚假认证证书，罚款人民币十万元",
			};
			const size = await logSize(t);
			const personal = await t.request("POST", path, {
				as: asOfficer,
				body: { ...body, summary: "法定代表人张某（身份证号 310101199001011234）……" },
			});
			assert.deepEqual(
				[personal.status, personal.body.error.field, personal.body.error.rule],
				[400, "summary", "PERSONAL_DATA"],
			);
			const future = await t.request("POST", path, {
				as: asOfficer,
				body: { ...body, occurredOn: "2027-01-01" },
			});
			assert.deepEqual([future.status, future.body.error.field], [400, "occurredOn"]);
			assert.equal((await t.request("POST", path, { as: asCb, body })).status, 403);
			assert.equal(await logSize(t), size, "refusals change nothing");

			const started = performance.now();
			const made = await t.request("POST", path, { as: asOfficer, body });
			const ms = performance.now() - started;
			assert.equal(made.status, 201, made.raw);
			assert.ok(ms < 5_000, `recording took ${ms} ms`);
			const entry = await newestLogEntry(t);
			assert.deepEqual([entry.type, entry.by], ["credit.penalty", quiet.uscc]);
			assert.equal(made.body.grade.grade, "C", "a penalty within a year: C at least");
			const counted = made.body.grade.contributions.find((c: { factor: string }) => c.factor === "penalty");
			assert.deepEqual(counted.basis, [body.reference]);
			const again = await t.request("POST", path, { as: asOfficer, body });
			assert.deepEqual([again.status, again.body.error.code], [409, "CREDIT_EVENT_EXISTS"]);
			const strata = await t.db.db
				.selectFrom("organizations")
				.select("credit_grade")
				.where("uscc", "=", quiet.uscc)
				.executeTakeFirstOrThrow();
			assert.equal(strata.credit_grade, "C");
		});

		it("lets a body appeal an event in its file; upheld, the event is withdrawn (logged) and the grade follows", async () => {
			// The quiet enterprise was penalised above; its own user appeals the penalty.
			await makeAccount(t, "c-ent", "enterprise_user", quiet.uscc);
			const asEnt = await t.signIn("c-ent");
			const path = `/api/v1/organizations/${quiet.uscc}/credit/appeals`;
			const event = { kind: "penalty", source: "沪市监处〔2026〕999001号" };
			const short = await t.request("POST", path, { as: asEnt, body: { event, reason: "不服" } });
			assert.deepEqual([short.status, short.body.error.field], [400, "reason"]);
			const other = await t.request("POST", path, {
				as: asCb,
				body: { event, reason: "该处罚决定已被行政复议撤销，附复议决定书" },
			});
			assert.equal(other.status, 403, "another body cannot appeal this file");
			const filed = await t.request("POST", path, {
				as: asEnt,
				body: { event, reason: "该处罚决定已被行政复议撤销，附复议决定书" },
			});
			assert.equal(filed.status, 201, filed.raw);
			const twice = await t.request("POST", path, {
				as: asEnt,
				body: { event, reason: "再次提出异议，理由同上" },
			});
			assert.deepEqual([twice.status, twice.body.error.code], [409, "APPEAL_PENDING"]);
			const queue = (await t.get("/api/v1/credit/appeals", asOfficer)).body.items;
			assert.deepEqual(
				queue.map((a: { id: number }) => a.id),
				[filed.body.id],
			);
			const size = await logSize(t);
			// The reasons for a withdrawal are published with it: no phone number in them.
			const leaky = await t.request("POST", `/api/v1/credit/appeals/${filed.body.id}/decide`, {
				as: asOfficer,
				body: { upheld: true, note: "经核实撤销，联系人电话13800138000" },
			});
			assert.deepEqual([leaky.status, leaky.body.error.field], [400, "note"]);
			assert.equal(await logSize(t), size);
			const decided = await t.request("POST", `/api/v1/credit/appeals/${filed.body.id}/decide`, {
				as: asOfficer,
				body: { upheld: true, note: "经核实，原处罚决定已被撤销" },
			});
			assert.equal(decided.status, 200, decided.raw);
			assert.equal(await logSize(t), size + 1);
			assert.equal((await newestLogEntry(t)).type, "credit.withdrawn");
			const file = (await t.get(`/api/v1/organizations/${quiet.uscc}/credit`, asOfficer)).body;
			const penalty = file.events.find((e: { source: string }) => e.source === event.source);
			assert.equal(penalty.status, "withdrawn");
			const shown = (await t.get(`/api/v1/organizations/${quiet.uscc}/credit`)).body.events.find(
				(e: { source: string }) => e.source === event.source,
			);
			assert.deepEqual(
				[shown.withdrawal.note, shown.withdrawal.logIndex],
				["经核实，原处罚决定已被撤销", size],
			);
			assert.ok(!file.grade.contributions.some((c: { factor: string }) => c.factor === "penalty"));
			assert.equal(file.grade.grade, "A", "the grade is what it was before the penalty");
			const mine = (await t.get(path, asEnt)).body.items;
			assert.deepEqual(
				mine.map((a: { status: string; decisionNote: string }) => [a.status, a.decisionNote]),
				[["upheld", "经核实，原处罚决定已被撤销"]],
			);
			assert.equal((await t.get(path, asCb)).status, 404);
		});

		it("lets a body publish its own credit report in its file, as a logged fact", async () => {
			const asEnt = await t.signIn("c-ent");
			const path = `/api/v1/organizations/${quiet.uscc}/credit/self-reports`;
			const body = {
				year: 2025,
				title: "2025年度企业信用报告与社会责任报告",
				url: "https://example.com/reports/2025.pdf",
				sha256: "ab".repeat(32),
			};
			const plain = await t.request("POST", path, {
				as: asEnt,
				body: { ...body, url: "http://example.com/r.pdf" },
			});
			assert.deepEqual([plain.status, plain.body.error.field], [400, "url"]);
			assert.equal((await t.request("POST", path, { as: asCb, body })).status, 403);
			const made = await t.request("POST", path, { as: asEnt, body });
			assert.equal(made.status, 201, made.raw);
			assert.equal((await newestLogEntry(t)).type, "credit.self_report");
			const file = (await t.get(`/api/v1/organizations/${quiet.uscc}/credit`)).body;
			const own = file.events.find((e: { kind: string }) => e.kind === "self_report");
			assert.deepEqual([own.detail.url, own.logIndex], [body.url, (await logSize(t)) - 1]);
			// A body's own report is not appealed: it publishes a newer one.
			const appeal = await t.request("POST", `/api/v1/organizations/${quiet.uscc}/credit/appeals`, {
				as: asEnt,
				body: { event: { kind: "self_report", source: own.source }, reason: "报告内容有误，需要更正说明" },
			});
			assert.deepEqual([appeal.status, appeal.body.error.field], [400, "event"]);
		});

		it("gives the spot-check plan builder each grade's share and frequency", async () => {
			const table = (await t.get("/api/v1/credit/supervision", asOfficer)).body;
			assert.deepEqual(
				table.grades.map((g: { grade: string; min: number; max: number }) => [g.grade, g.min, g.max]),
				[
					["A", 0, 0.05],
					["B", 0.05, 0.2],
					["C", 0.21, 0.6],
					["D", 0.61, 1],
				],
			);
			assert.equal((await t.get("/api/v1/credit/supervision", asCb)).status, 404);
			const skewed = await t.request("POST", "/api/v1/credit/models", {
				as: asAdmin,
				body: {
					model: {
						...DEFAULT_MODEL,
						version: "2026.9",
						supervision: { ...DEFAULT_MODEL.supervision, B: { ...DEFAULT_MODEL.supervision!.B, usual: 0.5 } },
					},
				},
			});
			assert.deepEqual([skewed.status, skewed.body.error.field], [400, "supervision.B"]);
		});

		it("compares a new model with the one in force, logs it when it takes effect, and regrades everyone", async () => {
			const models = (await t.get("/api/v1/credit/models", asOfficer)).body.items;
			assert.deepEqual(
				models.map((m: { version: string; status: string }) => [m.version, m.status]),
				[[DEFAULT_MODEL.version, "active"]],
			);
			const strict = {
				...DEFAULT_MODEL,
				version: "2026.2",
				note: "提高领域风险权重",
				field: { ...DEFAULT_MODEL.field, points: { high: 40, medium: 20, low: 0 } },
			};
			const bad = await t.request("POST", "/api/v1/credit/models", {
				as: asAdmin,
				body: { model: { ...strict, thresholds: { A: 50, B: 10, C: 60 } } },
			});
			assert.deepEqual([bad.status, bad.body.error.field], [400, "thresholds"]);
			assert.equal(
				(await t.request("POST", "/api/v1/credit/models", { as: asOfficer, body: { model: strict } })).status,
				403,
			);
			const drafted = await t.request("POST", "/api/v1/credit/models", {
				as: asAdmin,
				body: { model: strict },
			});
			assert.equal(drafted.status, 201, drafted.raw);
			const same = await t.request("POST", "/api/v1/credit/models", { as: asAdmin, body: { model: strict } });
			assert.deepEqual([same.status, same.body.error.code], [409, "CREDIT_MODEL_EXISTS"]);

			const before = new Map(
				(await t.db.db.selectFrom("credit_grades").select(["org_id", "grade"]).execute()).map((g) => [
					Number(g.org_id),
					g.grade,
				]),
			);
			const cmp = (await t.get("/api/v1/credit/models/2026.2/compare", asAdmin)).body;
			assert.equal(
				cmp.moves.reduce((s: number, m: { count: number }) => s + m.count, 0),
				cmp.organizations,
			);
			assert.ok(cmp.changed > 0);
			assert.ok(
				cmp.examples.every((e: { from: string; to: string }) => e.to >= e.from),
				"stricter only",
			);
			const unchanged = await t.db.db.selectFrom("credit_grades").select(["org_id", "grade"]).execute();
			assert.ok(
				unchanged.every((g) => before.get(Number(g.org_id)) === g.grade),
				"comparing writes nothing",
			);

			const size = await logSize(t);
			const on = await t.request("POST", "/api/v1/credit/models/2026.2/activate", { as: asAdmin });
			assert.equal(on.status, 200, on.raw);
			assert.equal(on.body.changed, cmp.changed, "what was compared is what changed");
			assert.equal(await logSize(t), size + 1);
			const entry = await newestLogEntry(t);
			assert.deepEqual(
				[entry.type, (entry.facts as { previous: string }).previous],
				["credit.model", "2026.1"],
			);
			const versions = await t.db.db.selectFrom("credit_grades").select("model_version").distinct().execute();
			assert.deepEqual(
				versions.map((v) => v.model_version),
				["2026.2"],
			);
			const twice = await t.request("POST", "/api/v1/credit/models/2026.2/activate", { as: asAdmin });
			assert.deepEqual([twice.status, twice.body.error.code], [409, "CREDIT_MODEL_NOT_DRAFT"]);
			const listed = (await t.get("/api/v1/credit/models", asAdmin)).body.items;
			assert.deepEqual(
				listed.map((m: { version: string; status: string }) => [m.version, m.status]),
				[
					["2026.2", "active"],
					["2026.1", "retired"],
				],
			);
		});
	});
