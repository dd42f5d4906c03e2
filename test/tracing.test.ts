/**
 * Reverse tracing (倒查追溯) over a small register: two bodies, two holders, auditors shared between
 * certificates, a lab whose signatory also audits. From each kind of root the trace finds exactly the
 * connected records, hop by hop, with the path that first reached each; bounds cut it short and say so;
 * withheld records are for regulators; bad input and unknown roots are refused; people appear by public
 * reference and name only; only regulators may trace.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { personRef } from "../src/core/records/person-ref.ts";
import { normalizeProduct, type TraceResult, trace } from "../src/server/tracing/tracing.service.ts";
import { setWithheld } from "../src/server/withheld/withheld.service.ts";
import { type Credentials, makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import {
	applyOk,
	cert,
	clock,
	makeCb,
	makeLab,
	makePerson,
	newUscc,
	org,
	report,
	TEST_OPERATOR,
} from "./helpers/factories.ts";

/** Node ids with their hop and path, in the order found. */
function hops(r: TraceResult): [string, number, string][] {
	return r.nodes.map((n) => [n.id, n.hop, n.path.join(" > ")]);
}
/** Edges as `from -relation-> to`, sorted. */
function edges(r: TraceResult): string[] {
	return r.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`).sort();
}

for (const kind of DIALECTS)
	describe(`reverse tracing [${kind}]`, () => {
		let t: TestApp;
		let cbA: string;
		let cbB: string;
		let h1: string;
		let h2: string;
		let lab: { uscc: string; cma: string };
		const ids: Record<string, string> = {};
		const ref: Record<string, string> = {};
		let officer: Credentials;
		let admin: Credentials;
		let cbUser: Credentials;
		// Node ids, by the names the story uses.
		const n = {} as Record<
			"cbA" | "cbB" | "h1" | "h2" | "lab" | "c1" | "c2" | "c3" | "r1" | "r2" | "r3" | "x" | "y" | "s",
			string
		>;

		before(async () => {
			t = await testApp(kind);
			const db = t.db.db;
			const regulator = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11") });
			await applyOk(db, "organizations", [regulator]);
			cbA = await makeCb(db, { name: "上海甲认证有限公司" });
			cbB = await makeCb(db, { name: "上海乙认证有限公司", district: "310104" });
			lab = await makeLab(db, { name: "上海丙检测技术有限公司" });
			h1 = newUscc();
			h2 = newUscc();
			await applyOk(db, "organizations", [
				org({ uscc: h1, name: "上海华信精密仪器有限公司" }),
				org({ uscc: h2, name: "上海浦江食品有限公司", district: "310112" }),
			]);
			ids.x = await makePerson(db, cbA, "auditor", { name: "欧阳明", phone: "13900000001" });
			ids.y = await makePerson(db, cbA, "auditor", { name: "王芳", phone: "13900000002" });
			ids.s = await makePerson(db, lab.uscc, "signatory;auditor", { name: "李静", phone: "13900000003" });
			for (const k of ["x", "y", "s"]) {
				const p = await db
					.selectFrom("person_private")
					.select("person_id")
					.where("id_number", "=", ids[k]!)
					.executeTakeFirstOrThrow();
				ref[k] = personRef(Number(p.person_id));
			}
			await applyOk(db, "capabilities", [
				{
					cmaNumber: lab.cma,
					field: "电子电器",
					product: "家用电器",
					parameter: "泄漏电流",
					standard: "GB 4706.1-2005",
					signatories: ids.s,
				},
			]);
			const h = (uscc: string, name: string) => ({ holderUscc: uscc, holderName: name });
			await applyOk(db, "certificates", [
				cert(cbA, {
					...h(h1, "上海华信精密仪器有限公司"),
					number: "000126Q1000001R0M",
					auditTeam: `${ids.x}:leader;${ids.y}:member`,
				}),
				cert(cbA, {
					...h(h2, "上海浦江食品有限公司"),
					number: "000126Q1000002R0M",
					auditTeam: `${ids.x}:leader`,
				}),
				cert(cbB, {
					...h(h1, "上海华信精密仪器有限公司"),
					number: "000126Q1000003R0M",
					auditTeam: `${ids.s}:leader`,
				}),
			]);
			await applyOk(db, "reports", [
				report(lab.uscc, { number: "SHT2026-100001", clientUscc: h1, signatory: ids.s, product: "家用电器" }),
				report(lab.uscc, { number: "SHT2026-100002", product: "LED 灯" }),
				// The same product written with full-width letters and an ideographic space.
				report(lab.uscc, { number: "SHT2026-100003", product: "ＬＥＤ　灯" }),
			]);
			Object.assign(n, {
				cbA: `organization:${cbA}`,
				cbB: `organization:${cbB}`,
				h1: `organization:${h1}`,
				h2: `organization:${h2}`,
				lab: `organization:${lab.uscc}`,
				c1: `certificate:000126Q1000001R0M@${cbA}`,
				c2: `certificate:000126Q1000002R0M@${cbA}`,
				c3: `certificate:000126Q1000003R0M@${cbB}`,
				r1: "report:SHT2026-100001",
				r2: "report:SHT2026-100002",
				r3: "report:SHT2026-100003",
				x: `person:${ref.x}`,
				y: `person:${ref.y}`,
				s: `person:${ref.s}`,
			});
			await makeAccount(t, "tr-officer", "regulator_officer", regulator.uscc as string, ["310115"]);
			await makeAccount(t, "tr-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "tr-cb", "cb_operator", cbA);
			officer = await t.signIn("tr-officer");
			admin = await t.signIn("tr-admin");
			cbUser = await t.signIn("tr-cb");
		});
		after(() => t.close());

		describe("from a certificate", () => {
			it("one hop finds its body, holder and audit team", async () => {
				const r = await trace(t.db.db, { kind: "certificate", key: "000126Q1000001R0M" }, { depth: 1 });
				assert.equal(r.root.id, n.c1);
				assert.equal(r.root.label, "000126Q1000001R0M");
				assert.equal(r.root.detail.scheme, "QMS");
				assert.deepEqual(hops(r), [
					[n.c1, 0, n.c1],
					[n.cbA, 1, `${n.c1} > ${n.cbA}`],
					[n.h1, 1, `${n.c1} > ${n.h1}`],
					[n.x, 1, `${n.c1} > ${n.x}`],
					[n.y, 1, `${n.c1} > ${n.y}`],
				]);
				assert.deepEqual(
					edges(r),
					[
						`${n.cbA} -issued-> ${n.c1}`,
						`${n.h1} -holds-> ${n.c1}`,
						`${n.x} -audited-> ${n.c1}`,
						`${n.y} -audited-> ${n.c1}`,
					].sort(),
				);
				assert.deepEqual(r.counts, { organization: 2, certificate: 1, report: 0, person: 2, product: 0 });
				assert.equal(r.truncated, false);
				const cb = r.nodes.find((x) => x.id === n.cbA)!;
				assert.equal(cb.label, "上海甲认证有限公司");
				assert.deepEqual(cb.detail, { orgKind: "cb", district: "310115" });
				assert.equal(r.nodes.find((x) => x.id === n.x)!.label, "欧阳明");
			});

			it("two hops reach what the body issued, what the holder holds and commissioned, and the team's other audits", async () => {
				const r = await trace(
					t.db.db,
					{ kind: "certificate", key: `000126Q1000001R0M@${cbA}` },
					{ depth: 2 },
				);
				assert.deepEqual(hops(r).slice(5), [
					[n.c3, 2, `${n.c1} > ${n.h1} > ${n.c3}`],
					[n.c2, 2, `${n.c1} > ${n.cbA} > ${n.c2}`],
					[n.r1, 2, `${n.c1} > ${n.h1} > ${n.r1}`],
				]);
				assert.deepEqual(
					edges(r),
					[
						`${n.cbA} -issued-> ${n.c1}`,
						`${n.h1} -holds-> ${n.c1}`,
						`${n.x} -audited-> ${n.c1}`,
						`${n.y} -audited-> ${n.c1}`,
						`${n.h1} -holds-> ${n.c3}`,
						`${n.cbA} -issued-> ${n.c2}`,
						`${n.h1} -client-> ${n.r1}`,
						`${n.cbA} -employs-> ${n.x}`,
						`${n.cbA} -employs-> ${n.y}`,
						`${n.x} -audited-> ${n.c2}`,
					].sort(),
				);
			});

			it("three hops reach the other body, the lab, the signatory who also audits, and the product", async () => {
				const r = await trace(t.db.db, { kind: "certificate", key: "000126q1000001r0m" }, { depth: 3 });
				assert.deepEqual(hops(r).slice(8), [
					[n.cbB, 3, `${n.c1} > ${n.h1} > ${n.c3} > ${n.cbB}`],
					[n.h2, 3, `${n.c1} > ${n.cbA} > ${n.c2} > ${n.h2}`],
					[n.s, 3, `${n.c1} > ${n.h1} > ${n.c3} > ${n.s}`],
					[n.lab, 3, `${n.c1} > ${n.h1} > ${n.r1} > ${n.lab}`],
					["product:家用电器", 3, `${n.c1} > ${n.h1} > ${n.r1} > product:家用电器`],
				]);
				assert.ok(edges(r).includes(`${n.s} -signed-> ${n.r1}`));
				assert.ok(edges(r).includes(`${n.s} -audited-> ${n.c3}`));
				assert.deepEqual(r.counts, { organization: 5, certificate: 3, report: 1, person: 3, product: 1 });
			});
		});

		describe("from the other kinds", () => {
			it("a person: employer, what they audited and signed, and the lab they sign for", async () => {
				const r = await trace(t.db.db, { kind: "person", key: ref.s! }, { depth: 1 });
				assert.equal(r.root.label, "李静");
				assert.deepEqual(r.root.detail, { roles: "signatory,auditor", employer: lab.uscc });
				assert.deepEqual(hops(r), [
					[n.s, 0, n.s],
					[n.lab, 1, `${n.s} > ${n.lab}`],
					[n.c3, 1, `${n.s} > ${n.c3}`],
					[n.r1, 1, `${n.s} > ${n.r1}`],
				]);
				assert.deepEqual(
					edges(r),
					[
						`${n.s} -audited-> ${n.c3}`,
						`${n.s} -signed-> ${n.r1}`,
						`${n.lab} -employs-> ${n.s}`,
						`${n.lab} -signatory-> ${n.s}`,
					].sort(),
				);
			});

			it("an auditor shared by two certificates links them", async () => {
				const r = await trace(t.db.db, { kind: "person", key: ref.x!.toLowerCase() }, { depth: 1 });
				assert.deepEqual(
					r.nodes.map((x) => x.id),
					[n.x, n.cbA, n.c2, n.c1],
				);
			});

			it("a report: lab, client, signatory and product", async () => {
				const r = await trace(t.db.db, { kind: "report", key: "SHT2026-100001" }, { depth: 1 });
				assert.deepEqual(hops(r), [
					[n.r1, 0, n.r1],
					[n.lab, 1, `${n.r1} > ${n.lab}`],
					[n.h1, 1, `${n.r1} > ${n.h1}`],
					[n.s, 1, `${n.r1} > ${n.s}`],
					["product:家用电器", 1, `${n.r1} > product:家用电器`],
				]);
				assert.equal(r.root.detail.conclusion, "pass");
				assert.deepEqual(
					edges(r),
					[
						`${n.lab} -tested-> ${n.r1}`,
						`${n.h1} -client-> ${n.r1}`,
						`${n.s} -signed-> ${n.r1}`,
						`${n.r1} -product-> product:家用电器`,
					].sort(),
				);
			});

			it("a product: spellings that differ in width and spacing are one product", async () => {
				assert.equal(normalizeProduct("  ＬＥＤ　　灯 "), "LED 灯");
				const r = await trace(t.db.db, { kind: "product", key: "ＬＥＤ　灯" }, { depth: 2 });
				assert.equal(r.root.id, "product:LED 灯");
				assert.deepEqual(hops(r), [
					["product:LED 灯", 0, "product:LED 灯"],
					[n.r3, 1, `product:LED 灯 > ${n.r3}`],
					[n.r2, 1, `product:LED 灯 > ${n.r2}`],
					[n.lab, 2, `product:LED 灯 > ${n.r3} > ${n.lab}`],
				]);
				assert.deepEqual(
					edges(r),
					[
						`${n.r2} -product-> product:LED 灯`,
						`${n.r3} -product-> product:LED 灯`,
						`${n.lab} -tested-> ${n.r2}`,
						`${n.lab} -tested-> ${n.r3}`,
					].sort(),
				);
			});

			it("an organisation: a lab's reports (newest first), staff and signatories", async () => {
				const r = await trace(t.db.db, { kind: "organization", key: lab.uscc }, { depth: 1 });
				assert.deepEqual(
					r.nodes.map((x) => x.id),
					[n.lab, n.r3, n.r2, n.r1, n.s],
				);
				assert.deepEqual(
					edges(r),
					[
						`${n.lab} -tested-> ${n.r1}`,
						`${n.lab} -tested-> ${n.r2}`,
						`${n.lab} -tested-> ${n.r3}`,
						`${n.lab} -employs-> ${n.s}`,
						`${n.lab} -signatory-> ${n.s}`,
					].sort(),
				);
			});

			it("an enterprise: what it holds and commissioned", async () => {
				const r = await trace(t.db.db, { kind: "organization", key: h1 }, { depth: 1 });
				assert.deepEqual(
					r.nodes.map((x) => x.id),
					[n.h1, n.c3, n.c1, n.r1],
				);
			});
		});

		describe("bounds", () => {
			it("depth defaults to 2 and each depth adds exactly its hop", async () => {
				const byDepth: number[] = [];
				for (const depth of [1, 2, 3, 4]) {
					const r = await trace(t.db.db, { kind: "organization", key: cbA }, { depth });
					assert.equal(r.depth, depth);
					assert.ok(r.nodes.every((x) => x.hop <= depth));
					byDepth.push(r.nodes.length);
				}
				const d = await trace(t.db.db, { kind: "organization", key: cbA });
				assert.equal(d.depth, 2);
				assert.equal(d.nodes.length, byDepth[1]);
				assert.ok(byDepth[0]! < byDepth[1]! && byDepth[1]! < byDepth[2]!);
			});

			it("the node bound cuts the trace short and says so", async () => {
				const r = await trace(
					t.db.db,
					{ kind: "certificate", key: "000126Q1000001R0M" },
					{ depth: 2, maxNodes: 3 },
				);
				assert.equal(r.truncated, true);
				assert.deepEqual(
					r.nodes.map((x) => x.id),
					[n.c1, n.cbA, n.h1],
				);
				// No edge leads to a node left out.
				const kept = new Set(r.nodes.map((x) => x.id));
				assert.ok(r.edges.every((e) => kept.has(e.from) && kept.has(e.to)));
			});

			it("the per-node bound keeps the newest and says so", async () => {
				const r = await trace(t.db.db, { kind: "organization", key: lab.uscc }, { depth: 1, perNode: 1 });
				assert.equal(r.truncated, true);
				assert.deepEqual(
					r.nodes.map((x) => x.id),
					[n.lab, n.r3, n.s],
				);
				const whole = await trace(t.db.db, { kind: "organization", key: lab.uscc }, { depth: 1, perNode: 3 });
				assert.equal(whole.truncated, false);
			});
		});

		describe("withheld records", () => {
			before(async () => {
				await setWithheld(
					t.db.db,
					"certificate",
					"000126Q1000002R0M",
					cbA,
					{ withheld: true, reason: "案件调查中" },
					{ clock, actor: TEST_OPERATOR },
				);
			});
			after(async () => {
				await setWithheld(
					t.db.db,
					"certificate",
					"000126Q1000002R0M",
					cbA,
					{ withheld: false, reason: "调查结束" },
					{ clock, actor: TEST_OPERATOR },
				);
			});

			it("are left out unless the caller may see them", async () => {
				const pub = await trace(t.db.db, { kind: "person", key: ref.x! }, { depth: 1 });
				assert.deepEqual(
					pub.nodes.map((x) => x.id),
					[n.x, n.cbA, n.c1],
				);
				await assert.rejects(
					trace(t.db.db, { kind: "certificate", key: "000126Q1000002R0M" }),
					(e: Error & { code?: string }) => e.code === "TRACE_ROOT_NOT_FOUND",
				);
				const reg = await trace(
					t.db.db,
					{ kind: "person", key: ref.x! },
					{ depth: 1, includeWithheld: true },
				);
				const c2 = reg.nodes.find((x) => x.id === n.c2);
				assert.equal(c2?.detail.withheldSince, "2026-06-01");
			});

			it("regulators see them through the API", async () => {
				const r = await t.get(`/api/v1/trace?kind=certificate&key=000126Q1000002R0M&depth=1`, officer);
				assert.equal(r.status, 200);
				assert.equal(r.body.root.id, n.c2);
			});
		});

		describe("the API", () => {
			it("answers a regulator with the trace, and no personal data", async () => {
				const r = await t.get(
					`/api/v1/trace?kind=certificate&key=${encodeURIComponent(`000126Q1000001R0M@${cbA}`)}&depth=3`,
					officer,
				);
				assert.equal(r.status, 200);
				assert.equal(r.body.nodes.length, 13);
				assert.equal(r.body.truncated, false);
				for (const secret of [ids.x!, ids.y!, ids.s!, "13900000001", "13900000002", "13900000003"])
					assert.ok(!r.raw.includes(secret), `the trace holds ${secret}`);
				const a = await t.get(`/api/v1/trace?kind=person&key=${ref.s}&depth=1`, admin);
				assert.equal(a.status, 200);
				assert.ok(!a.raw.includes(ids.s!) && !a.raw.includes("13900000003"));
			});

			it("refuses the public (401) and bodies (404)", async () => {
				const q = `/api/v1/trace?kind=organization&key=${cbA}`;
				const anon = await t.get(q);
				assert.equal(anon.status, 401);
				// A body's account may not trace: the denied read looks like an absent one.
				const body = await t.get(q, cbUser);
				assert.equal(body.status, 404);
				assert.equal(body.body.root, undefined);
			});

			it("names the field at fault, in both languages", async () => {
				const bad = async (qs: string, field: string, code: string) => {
					const r = await t.get(`/api/v1/trace?${qs}`, officer);
					assert.equal(r.status, 400, qs);
					assert.equal(r.body.error.field, field, qs);
					assert.equal(r.body.error.code, code, qs);
					assert.match(r.body.error.messageZh, /[\u4e00-\u9fff]/);
					return r;
				};
				await bad("kind=vehicle&key=x", "kind", "REQUEST_INVALID");
				await bad("kind=organization", "key", "REQUEST_INVALID");
				await bad(`kind=organization&key=${cbA}&depth=5`, "depth", "REQUEST_INVALID");
				await bad("kind=organization&key=91310115MA1234567X", "key", "TRACE_KEY");
				await bad("kind=certificate&key=000126Q1000001R0M@NOTAUSCC", "key", "TRACE_KEY");
				// An identity number is refused without being echoed.
				const idn = await bad(`kind=person&key=${ids.x}`, "key", "TRACE_KEY");
				assert.ok(!idn.raw.includes(ids.x!));
			});

			it("says which number is ambiguous", async () => {
				await applyOk(t.db.db, "certificates", [
					cert(cbB, { number: "000126Q1000002R0M", holderName: "苏州同号企业有限公司" }),
				]);
				const r = await t.get("/api/v1/trace?kind=certificate&key=000126Q1000002R0M", officer);
				assert.equal(r.status, 400);
				assert.equal(r.body.error.rule, "AMBIGUOUS");
				const one = await t.get(
					`/api/v1/trace?kind=certificate&key=000126Q1000002R0M@${cbB}&depth=1`,
					officer,
				);
				assert.equal(one.status, 200);
				assert.equal(one.body.root.detail.holder, "苏州同号企业有限公司");
			});

			it("answers 404 with a bilingual message for an unknown root", async () => {
				for (const [k, key] of [
					["organization", newUscc()],
					["certificate", "000126Q9999999R0M"],
					["report", "NOPE-1"],
					["person", "P99999999"],
					["product", "不存在的产品"],
				]) {
					const r = await t.get(`/api/v1/trace?kind=${k}&key=${encodeURIComponent(key!)}`, officer);
					assert.equal(r.status, 404, `${k} ${key}`);
					assert.equal(r.body.error.code, "TRACE_ROOT_NOT_FOUND");
					assert.match(r.body.error.messageZh, /登记中没有/);
					assert.match(r.body.error.message, /No /);
				}
			});
		});
	});
