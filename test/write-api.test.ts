/**
 * The write API as its users meet it: bodies write their own records through every route (single,
 * batch, file) and nobody else's; officers act within their districts; hostile input changes nothing.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { type Credentials, logSize, makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb, makeLab, makePerson, newUscc, org, report } from "./helpers/factories.ts";

for (const kind of DIALECTS) {
	describe(`write API [${kind}]`, () => {
		let t: TestApp;
		let cbA: string;
		let cbB: string;
		let labA: { uscc: string; cma: string };
		let labB: { uscc: string; cma: string };
		let asCb: Credentials & { cookie: string; csrf: string };
		let asLab: Credentials & { cookie: string; csrf: string };
		let asOfficer: Credentials & { cookie: string; csrf: string };
		let asAdmin: Credentials & { cookie: string; csrf: string };
		before(async () => {
			t = await testApp(kind);
			const pudong = org({
				kind: "regulator",
				name: "浦东新区市场监督管理局",
				district: "310115",
				uscc: newUscc("11", "310115"),
			});
			await applyOk(t.db.db, "organizations", [pudong]);
			cbA = await makeCb(t.db.db, { district: "310115" });
			cbB = await makeCb(t.db.db, { district: "310104" });
			labA = await makeLab(t.db.db, { district: "310115" });
			labB = await makeLab(t.db.db, { district: "310104" });
			await makeAccount(t, "w-cb", "cb_operator", cbA);
			await makeAccount(t, "w-lab", "lab_operator", labA.uscc);
			await makeAccount(t, "w-officer", "regulator_officer", pudong.uscc as string, ["310115"]);
			await makeAccount(t, "w-admin", "regulator_admin", pudong.uscc as string);
			asCb = await t.signIn("w-cb");
			asLab = await t.signIn("w-lab");
			asOfficer = await t.signIn("w-officer");
			asAdmin = await t.signIn("w-admin");
		});
		after(() => t.close());

		it("lets a CB write its own certificates one by one, in a JSON batch and as a CSV file, and refuses another CB's on every path", async () => {
			const own = cert(cbA);
			const single = await t.request("POST", "/api/v1/certificates", { as: asCb, body: own });
			assert.deepEqual([single.status, single.body.outcome], [201, "created"]);
			const again = await t.request("POST", "/api/v1/certificates", { as: asCb, body: own });
			assert.deepEqual([again.status, again.body.outcome], [200, "unchanged"]);
			const theirs = cert(cbB);
			const before = await logSize(t);
			const no = await t.request("POST", "/api/v1/certificates", { as: asCb, body: theirs });
			assert.deepEqual([no.status, no.body.error.code, no.body.error.field], [403, "FORBIDDEN", "cbUscc"]);
			const batch = await t.request("POST", "/api/v1/certificates/batch", {
				as: asCb,
				body: [cert(cbA), cert(cbB), cert(cbA)],
			});
			assert.equal(batch.status, 200);
			assert.deepEqual(batch.body.summary, { rows: 3, created: 2, updated: 0, unchanged: 0, rejected: 1 });
			assert.deepEqual(
				batch.body.errors.map((e: { line: number; rule: string }) => `${e.line}:${e.rule}`),
				["2:FORBIDDEN"],
			);
			assert.deepEqual(
				batch.body.results.map((r: { outcome: string }) => r.outcome),
				["created", "rejected", "created"],
			);
			const h = newUscc();
			const csv = `number,cbUscc,holderUscc,holderName,scheme,scope,issueDate,expiryDate\n000126Q0900001R0M,${cbA},${h},上海文件上传有限公司,QMS,软件,2025-01-01,2027-12-31\n000126Q0900002R0M,${cbB},${h},上海文件上传有限公司,QMS,软件,2025-01-01,2027-12-31\n`;
			const gb = execFileSync("iconv", ["-f", "UTF-8", "-t", "GB18030"], { input: csv });
			const file = await t.request("POST", "/api/v1/certificates/batch", {
				as: asCb,
				body: gb,
				contentType: "text/csv",
			});
			assert.equal(file.status, 200);
			assert.deepEqual([file.body.summary.created, file.body.summary.rejected], [1, 1]);
			assert.deepEqual(
				file.body.errors.map(
					(e: { line: number; field: string; rule: string }) => `${e.line}:${e.field}:${e.rule}`,
				),
				["3:cbUscc:FORBIDDEN"],
			);
			assert.equal(
				(await t.get(`/api/v1/certificates/000126Q0900001R0M`)).body.holder.name,
				"上海文件上传有限公司",
			);
			// Exactly the three accepted certificates and their three new holders reached the log.
			assert.equal((await logSize(t)) - before, 6);
		});

		it("publishes the audit behind a certificate, keeps it when a later row says nothing of it, and logs a change to it", async () => {
			const c = cert(cbA, {
				auditStartDate: "2025-02-10",
				auditEndDate: "2025-02-11",
				auditDays: 4,
				personnel: 40,
			});
			assert.equal((await t.request("POST", "/api/v1/certificates", { as: asCb, body: c })).status, 201);
			const shown = async () => (await t.get(`/api/v1/certificates/${c.number}`)).body.audit;
			assert.deepEqual(await shown(), { start: "2025-02-10", end: "2025-02-11", days: 4, personnel: 40 });
			const { auditStartDate: _s, auditEndDate: _e, auditDays: _d, personnel: _p, ...silent } = c;
			const kept = await t.request("POST", "/api/v1/certificates", { as: asCb, body: silent });
			assert.deepEqual([kept.status, kept.body.outcome], [200, "unchanged"]);
			assert.deepEqual(await shown(), { start: "2025-02-10", end: "2025-02-11", days: 4, personnel: 40 });
			const before = await logSize(t);
			const changed = await t.request("POST", "/api/v1/certificates", {
				as: asCb,
				body: { ...c, auditDays: 4.5 },
			});
			assert.deepEqual([changed.status, changed.body.outcome], [200, "updated"]);
			assert.equal((await shown()).days, 4.5);
			assert.equal((await logSize(t)) - before, 1);
			const late = await t.request("POST", "/api/v1/certificates", {
				as: asCb,
				body: { ...c, auditEndDate: "2025-03-02", auditStartDate: null },
			});
			assert.deepEqual(
				[late.status, late.body.error.field, late.body.error.rule],
				[400, "auditEndDate", "DATE_ORDER"],
			);
			assert.equal((await shown()).end, "2025-02-11");
			const page = await t.get(`/certificates/${c.number}`);
			assert.match(page.raw, /审核人日<\/dt><dd>4\.5<\/dd>/);
			assert.match(page.raw, /认证范围内有效人数<\/dt><dd>40<\/dd>/);
		});

		it("lets a lab write its reports and mark them replaced, and nobody else's", async () => {
			const signatory = await makePerson(t.db.db, labA.uscc, "signatory");
			const r1 = report(labA.uscc, { signatory });
			assert.equal((await t.request("POST", "/api/v1/reports", { as: asLab, body: r1 })).status, 201);
			// Items as a JSON list, as the console sends them; one item is still a list.
			const r2 = report(labA.uscc, {
				signatory,
				items: [{ parameter: "泄漏电流", standard: "GB 4706.1-2005", result: "0.10 mA", conclusion: "合格" }],
			});
			const second = await t.request("POST", "/api/v1/reports", { as: asLab, body: r2 });
			assert.equal(second.status, 201, second.raw.slice(0, 300));
			assert.equal((await t.get(`/api/v1/reports/${r2.number}`)).body.items[0].result, "0.10 mA");
			const replaced = await t.request("POST", `/api/v1/reports/${r1.number}/status`, {
				as: asLab,
				body: { status: "replaced", reason: "数据更正", replacedBy: r2.number, date: "2026-05-30" },
			});
			assert.deepEqual([replaced.status, replaced.body.outcome], [200, "updated"]);
			assert.equal((await t.get(`/api/v1/reports/${r1.number}`)).body.replacedBy, r2.number);
			const back = await t.request("POST", `/api/v1/reports/${r1.number}/status`, {
				as: asLab,
				body: { status: "revoked", reason: "x", date: "2026-05-20" },
			});
			assert.deepEqual([back.status, back.body.error.field], [400, "statusDate"]);
			const otherSig = await makePerson(t.db.db, labB.uscc, "signatory");
			const foreign = report(labB.uscc, { signatory: otherSig });
			await applyOk(t.db.db, "reports", [foreign]);
			const no = await t.request("POST", `/api/v1/reports/${foreign.number}/status`, {
				as: asLab,
				body: { status: "revoked", reason: "x" },
			});
			assert.deepEqual([no.status, no.body.error.rule], [403, "FORBIDDEN"]);
			const asCbOnReports = await t.request("POST", "/api/v1/reports", { as: asCb, body: report(labA.uscc) });
			assert.deepEqual([asCbOnReports.status, asCbOnReports.body.error.code], [403, "FORBIDDEN"]);
		});

		it("keeps a district officer within the districts they supervise", async () => {
			const inside = org({ kind: "enterprise", district: "310115", name: "上海浦东辖区企业有限公司" });
			const outside = org({ kind: "enterprise", district: "310104", name: "上海徐汇辖区企业有限公司" });
			assert.equal(
				(await t.request("POST", "/api/v1/organizations", { as: asOfficer, body: inside })).status,
				201,
			);
			const no = await t.request("POST", "/api/v1/organizations", { as: asOfficer, body: outside });
			assert.deepEqual([no.status, no.body.error.rule], [403, "FORBIDDEN"]);
			const move = await t.request("POST", "/api/v1/organizations", {
				as: asOfficer,
				body: { ...inside, district: "310104" },
			});
			assert.equal(move.status, 403, "moving an organisation out needs the other district too");
			const q = await t.request("POST", "/api/v1/qualifications", {
				as: asOfficer,
				body: {
					type: "cma",
					number: "230900009999",
					orgUscc: labB.uscc,
					validFrom: "2024-01-01",
					validUntil: "2030-01-01",
				},
			});
			assert.equal(q.status, 403);
			const ok = await t.request("POST", "/api/v1/qualifications", {
				as: asOfficer,
				body: {
					type: "cma",
					number: "230900009998",
					orgUscc: labA.uscc,
					validFrom: "2024-01-01",
					validUntil: "2030-01-01",
				},
			});
			assert.equal(ok.status, 201);
			const cert403 = await t.request("POST", "/api/v1/certificates", { as: asOfficer, body: cert(cbA) });
			assert.equal(cert403.status, 403, "certificates are the CB's to report");
			const trail = await t.get("/api/v1/audit?outcome=denied&pageSize=50", asOfficer);
			assert.ok(trail.body.items.some((e: { targetKey: string }) => e.targetKey === outside.uscc));
		});

		it("runs lab capability proposals through a regulator's decision", async () => {
			const sig = await makePerson(t.db.db, labA.uscc, "signatory");
			const rows = [
				{
					cmaNumber: labA.cma,
					field: "食品",
					product: "饮料",
					parameter: "菌落总数",
					standard: "GB 4789.2-2022",
					signatories: sig,
				},
			];
			const direct = await t.request("POST", "/api/v1/capabilities", { as: asLab, body: rows[0] });
			assert.equal(direct.status, 403, "labs propose, they do not write their capability list");
			const proposed = await t.request("POST", "/api/v1/capability-proposals", {
				as: asLab,
				body: { lab: labA.uscc, rows, note: "新增能力" },
			});
			assert.deepEqual([proposed.status, proposed.body.status], [201, "pending"]);
			const bad = await t.request("POST", "/api/v1/capability-proposals", {
				as: asLab,
				body: { lab: labA.uscc, rows: [{ ...rows[0], cmaNumber: labB.cma }] },
			});
			assert.deepEqual([bad.status, bad.body.error.field], [400, "rows[0].cmaNumber"]);
			const seen = await t.get("/api/v1/capability-proposals?status=pending", asOfficer);
			assert.ok(seen.body.items.some((p: { id: number }) => p.id === proposed.body.id));
			const decided = await t.request("POST", `/api/v1/capability-proposals/${proposed.body.id}/decision`, {
				as: asOfficer,
				body: { decision: "approve" },
			});
			assert.deepEqual(
				[decided.status, decided.body.status, decided.body.applied.created],
				[200, "approved", 1],
			);
			const caps = await t.get(
				`/api/v1/organizations/${labA.uscc}/capabilities?q=${encodeURIComponent("菌落总数")}`,
			);
			assert.equal(caps.body.total, 1);
			const twice = await t.request("POST", `/api/v1/capability-proposals/${proposed.body.id}/decision`, {
				as: asOfficer,
				body: { decision: "reject" },
			});
			assert.equal(twice.status, 409);
		});

		it("shows personal data to administrators only, and audits every reading", async () => {
			const idNumber = await makePerson(t.db.db, cbA, "auditor", { phone: "13800138000" });
			const staff = await t.get(`/api/v1/people?employer=${cbA}`, asCb);
			assert.equal(staff.status, 200);
			assert.ok(!staff.raw.includes(idNumber) && !staff.raw.includes("13800138000"));
			const ref = staff.body.items.at(-1).ref;
			assert.equal(
				(await t.get(`/api/v1/people?employer=${cbB}`, asCb)).status,
				404,
				"not another body's staff",
			);
			assert.equal((await t.get(`/api/v1/people/${ref}/private`, asCb)).status, 404);
			const priv = await t.get(`/api/v1/people/${ref}/private`, asAdmin);
			assert.deepEqual([priv.body.idNumber, priv.body.phone], [idNumber, "13800138000"]);
			const trail = await t.get(`/api/v1/audit?action=person.private.read&target=${ref}`, asAdmin);
			assert.equal(trail.body.items.length, 1);
			assert.equal(trail.body.items[0].actor, "w-admin");
		});

		describe("hostile and malformed input", () => {
			const cases: [string, () => { body: unknown; contentType?: string }, number, string | null][] = [
				[
					"a wrong type",
					() => ({ body: { ...cert(cbA), surveillanceCount: { $gt: 1 } } }),
					400,
					"surveillanceCount",
				],
				["an unknown field", () => ({ body: { ...cert(cbA), isAdmin: true } }), 400, "isAdmin"],
				[
					"a duplicate member",
					() => ({ body: `{"number":"000126Q0999999R0M","cbUscc":"${cbA}","cbUscc":"${cbB}"}` }),
					400,
					"cbUscc",
				],
				[
					"invalid UTF-8",
					() => ({
						body: Buffer.concat([Buffer.from('{"number":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
					}),
					400,
					"body",
				],
				["broken JSON", () => ({ body: '{"number": ' }), 400, "body"],
				[
					"an SQL fragment in an identifier",
					() => ({ body: cert(cbA, { number: "1'; DROP TABLE certificates; --" }) }),
					400,
					"number",
				],
				[
					"script markup in a name",
					() => ({ body: cert(cbA, { holderName: "<script>alert(1)</script>有限公司" }) }),
					400,
					"holderName",
				],
				["a body too large", () => ({ body: { ...cert(cbA), scope: "测".repeat(400_000) } }), 413, null],
				["an array for one record", () => ({ body: [cert(cbA)] }), 400, null],
			];
			for (const [what, make, status, field] of cases)
				it(`answers ${what} with ${status}${field ? ` naming ${field}` : ""} and changes nothing`, async () => {
					const before = await logSize(t);
					const { body, contentType } = make();
					const res = await t.request("POST", "/api/v1/certificates", {
						as: asCb,
						body,
						...(contentType ? { contentType } : {}),
					});
					assert.equal(res.status, status, res.raw.slice(0, 300));
					assert.ok(res.body.error.code && res.body.error.messageZh && res.body.error.requestId);
					if (field) assert.equal(res.body.error.field, field);
					assert.equal(await logSize(t), before);
					assert.equal(
						(
							await t.db.db
								.selectFrom("certificates")
								.select("id")
								.where("number", "like", "%DROP%")
								.execute()
						).length,
						0,
					);
				});

			it("answers hostile bodies on every write route with a 4xx naming the problem, changing nothing", async () => {
				const doc = (await t.get("/api/v1/openapi.json")).body;
				const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
					.filter(([path, m]) => m.post && !path.endsWith("/logout"))
					.map(([path]) =>
						path.replace(/\{(\w+)\}/g, (_, p: string) =>
							p === "id" ? "1" : p === "username" ? "no-such-user" : "X-1",
						),
					);
				assert.ok(routes.length >= 20, `${routes.length} write routes`);
				const before = await logSize(t);
				const bodies: [string, string | Buffer, number][] = [
					["duplicate member", '{"status":"suspended","status":"valid","number":"1","number":"2"}', 400],
					["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), 400],
					["not an object", "42", 400],
					["too large", `{"x":"${"a".repeat(60 * 1024 * 1024)}"}`, 413],
				];
				const failures: string[] = [];
				for (const url of routes)
					for (const [what, body, status] of bodies) {
						if (status === 413 && !url.endsWith("/batch") && Math.random() > 0.3) continue;
						const res = await t.request("POST", `/api/v1${url.replace(/^\/api\/v1/, "")}`, {
							as: asAdmin,
							body,
						});
						const ok =
							res.status === status &&
							res.body?.error?.code &&
							res.body.error.messageZh &&
							(status === 413 || res.body.error.field);
						if (!ok) failures.push(`${url} ${what}: ${res.status} ${res.raw.slice(0, 160)}`);
					}
				assert.deepEqual(failures, []);
				assert.equal(await logSize(t), before);
			});

			it("refuses hostile status changes and batches the same way", async () => {
				const c = cert(cbA);
				await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
				const before = await logSize(t);
				const wrongStatus = await t.request("POST", `/api/v1/certificates/${c.number}/status`, {
					as: asCb,
					body: { status: "deleted" },
				});
				assert.deepEqual([wrongStatus.status, wrongStatus.body.error.field], [400, "status"]);
				const dup = await t.request("POST", `/api/v1/certificates/${c.number}/status`, {
					as: asCb,
					body: '{"status":"suspended","status":"valid"}',
				});
				assert.deepEqual([dup.status, dup.body.error.rule], [400, "JSON_DUPLICATE_KEY"]);
				const notArray = await t.request("POST", "/api/v1/certificates/batch", {
					as: asCb,
					body: { rows: [] },
				});
				assert.deepEqual([notArray.status, notArray.body.error.field], [400, "body"]);
				const junkRows = await t.request("POST", "/api/v1/certificates/batch", {
					as: asCb,
					body: [42, { colour: "red" }],
				});
				assert.deepEqual(
					junkRows.body.errors.map((e: { rule: string }) => e.rule),
					["JSON_NOT_OBJECT", "UNKNOWN_FIELD"],
				);
				const emptyFile = await t.request("POST", "/api/v1/certificates/batch", {
					as: asCb,
					body: "",
					contentType: "text/csv",
				});
				assert.equal(emptyFile.body.fileError.rule, "FILE_EMPTY");
				assert.equal(await logSize(t), before);
			});
		});
	});
}
