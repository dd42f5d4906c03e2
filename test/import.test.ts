import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import type { ImportKind, RowError } from "../src/server/import/import.service.ts";
import { runImport } from "../src/server/import/import.service.ts";
import type { Encoding } from "../src/server/import/sources.ts";
import { DIALECTS, type TestDb, testDb } from "./helpers/db.ts";
import {
	apply,
	applyOk,
	cert,
	clock,
	makeCb,
	makeLab,
	makePerson,
	newUscc,
	report,
	TEST_OPERATOR,
} from "./helpers/factories.ts";

/** Imports a CSV or JSONL text (or raw bytes) and returns the summary with the rejected rows. */
async function importText(
	db: TestDb,
	kind: ImportKind,
	data: string | Buffer,
	opts: { format?: "csv" | "jsonl"; encoding?: Encoding } = {},
) {
	const errors: RowError[] = [];
	const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
	const summary = await runImport(db.db, Readable.from([bytes]), {
		kind,
		format: opts.format ?? "csv",
		encoding: opts.encoding ?? null,
		clock,
		actor: TEST_OPERATOR,
		onError: (e) => errors.push(e),
	});
	return { ...summary, errors };
}

async function counts(db: TestDb) {
	const n = async (t: "certificates" | "status_history" | "log_entries" | "organizations" | "reports") =>
		Number(
			(
				await db.db
					.selectFrom(t)
					.select((eb) => eb.fn.countAll().as("n"))
					.executeTakeFirstOrThrow()
			).n,
		);
	return {
		certificates: await n("certificates"),
		history: await n("status_history"),
		log: await n("log_entries"),
		orgs: await n("organizations"),
		reports: await n("reports"),
	};
}

/** Every certificate has exactly its issue entry in the log, and the log is dense and its size matches. */
async function assertConsistent(db: TestDb) {
	const certs = await db.db
		.selectFrom("certificates")
		.select((eb) => eb.fn.countAll().as("n"))
		.executeTakeFirstOrThrow();
	const issued = await db.db
		.selectFrom("log_entries")
		.select((eb) => eb.fn.countAll().as("n"))
		.where("entry", "like", '%"type":"certificate.issued"%')
		.executeTakeFirstOrThrow();
	assert.equal(Number(issued.n), Number(certs.n), "one issue entry per certificate");
	const state = await db.db.selectFrom("log_state").select("size").executeTakeFirstOrThrow();
	const max = await db.db
		.selectFrom("log_entries")
		.select((eb) => [eb.fn.countAll().as("n"), eb.fn.max("idx").as("max")])
		.executeTakeFirstOrThrow();
	assert.equal(Number(max.n), Number(state.size), "log size");
	if (Number(max.n) > 0) assert.equal(Number(max.max), Number(state.size) - 1, "log indices are dense");
}

for (const kind of DIALECTS) {
	describe(`bulk import [${kind}]`, () => {
		let db: TestDb;
		let cbUscc: string;
		before(async () => {
			db = await testDb(kind);
			cbUscc = await makeCb(db.db);
		});
		after(() => db.destroy());

		it("imports a UTF-8 CSV with a BOM, then changes nothing when the same file runs again", async () => {
			const holder = newUscc();
			const csv =
				"\ufeffnumber,cbUscc,holderUscc,holderName,holderDistrict,scheme,scope,sites,issueDate,expiryDate\n" +
				`000126Q0100001R0M,${cbUscc},${holder},上海申浦精密机械有限公司,浦东新区,QMS,"机械零部件的设计、生产",上海市浦东新区张江路1号;上海市闵行区莘庄路2号,2025-01-10,2028-01-09\n` +
				`000126E0100002R0M,${cbUscc},${holder},上海申浦精密机械有限公司,310115,EMS,机械零部件的生产,,2025-01-10,2028-01-09\n`;
			const first = await importText(db, "certificates", csv);
			assert.deepEqual([first.created, first.rejected], [2, 0], JSON.stringify(first.errors));
			const before = await counts(db);
			const again = await importText(db, "certificates", csv);
			assert.deepEqual([again.created, again.updated, again.unchanged, again.rejected], [0, 0, 2, 0]);
			assert.deepEqual(await counts(db), before, "a re-run writes nothing");
			const row = await db.db
				.selectFrom("certificates")
				.selectAll()
				.where("number", "=", "000126Q0100001R0M")
				.executeTakeFirstOrThrow();
			assert.deepEqual(JSON.parse(row.sites_json), ["上海市浦东新区张江路1号", "上海市闵行区莘庄路2号"]);
			const holderRow = await db.db
				.selectFrom("organizations")
				.selectAll()
				.where("uscc", "=", holder)
				.executeTakeFirstOrThrow();
			assert.equal(holderRow.kind, "enterprise", "an unknown holder is registered as an enterprise");
			await assertConsistent(db);
		});

		it("decodes GB18030 files, detected or named, and refuses a wrong encoding without applying anything", async () => {
			const holder = newUscc();
			const text = `number,cbUscc,holderUscc,holderName,scheme,scope,issueDate,expiryDate\n000126Q0100003R0M,${cbUscc},${holder},上海浦江电器制造有限公司,QMS,家用电器的生产,2025-02-01,2028-01-31\n`;
			const gb = execFileSync("iconv", ["-f", "UTF-8", "-t", "GB18030"], { input: text });
			assert.notDeepEqual(gb, Buffer.from(text), "the fixture really is GB18030");
			const wrong = await importText(db, "certificates", gb, { encoding: "utf-8" });
			assert.equal(wrong.fileError?.rule, "ENCODING_INVALID");
			assert.equal(wrong.created, 0);
			assert.equal(
				(await db.db.selectFrom("organizations").select("id").where("uscc", "=", holder).execute()).length,
				0,
			);
			const detected = await importText(db, "certificates", gb);
			assert.equal(detected.created, 1, JSON.stringify(detected.errors));
			const row = await db.db
				.selectFrom("certificates")
				.select("holder_name")
				.where("number", "=", "000126Q0100003R0M")
				.executeTakeFirstOrThrow();
			assert.equal(row.holder_name, "上海浦江电器制造有限公司");
		});

		it("reports each bad row with line, field and rule, and applies the good ones", async () => {
			const person = await makePerson(db.db, cbUscc);
			const lab = await makeLab(db.db);
			const h = newUscc();
			const bad = newUscc().slice(0, 17) + (newUscc().endsWith("0") ? "1" : "0");
			const rows = [
				"number,cbUscc,holderUscc,holderName,scheme,scope,issueDate,expiryDate,auditTeam",
				`000126Q0200001R0M,${cbUscc},${h},上海好企业有限公司,QMS,软件开发,2025-01-01,2027-12-31,${person}:leader`,
				`000126Q0200002R0M,${cbUscc},91310115MA1K3BTP2C,上海坏代码有限公司,QMS,软件开发,2025-01-01,2027-12-31,`,
				`000126Q0200003R0M,${cbUscc},${h},上海好企业有限公司,QMS,软件开发,2025-01-01,2024-12-31,`,
				`000126Q0200004R0M,${newUscc()},${h},上海好企业有限公司,QMS,软件开发,2025-01-01,2027-12-31,`,
				`000126Q0200005R0M,${lab.uscc},${h},上海好企业有限公司,QMS,软件开发,2025-01-01,2027-12-31,`,
				`000126Q0200006R0M,${cbUscc},${h},上海好企业有限公司,ISO 99999,软件开发,2025-01-01,2027-12-31,`,
				`000126Q0200007R0M,${cbUscc},${h},"上海"坏引号"有限公司,QMS,软件开发,2025-01-01,2027-12-31,`,
				`000126Q0200008R0M,${cbUscc},${h},上海好企业有限公司,QMS,软件开发,2025-01-01,2027-12-31,P99999999`,
				`000126Q0200009R0M,${cbUscc},${h},只有几列`,
			];
			const r = await importText(db, "certificates", `${rows.join("\n")}\n`);
			assert.equal(r.created, 1);
			assert.equal(r.rejected, 8);
			const got = r.errors.map((e) => `${e.line}:${e.field}:${e.rule}`);
			assert.deepEqual(got, [
				"3:holderUscc:USCC_CHECK",
				"4:expiryDate:DATE_ORDER",
				"5:cbUscc:CB_UNKNOWN",
				"6:cbUscc:CB_NOT_CB",
				"7:scheme:SCHEME_UNKNOWN",
				"8:(row):CSV_QUOTE_TRAILING",
				"9:auditTeam:PERSON_UNKNOWN",
				"10:(row):CSV_FIELD_COUNT",
			]);
			for (const e of r.errors) assert.match(e.messageZh, /[\u4e00-\u9fff]/);
			assert.equal(bad.length, 18);
			await assertConsistent(db);
		});

		it("refuses empty files, unknown columns and missing columns before touching the register", async () => {
			const before = await counts(db);
			assert.equal((await importText(db, "certificates", "")).fileError?.rule, "FILE_EMPTY");
			assert.equal((await importText(db, "certificates", "\ufeff\n\n")).fileError?.rule, "FILE_EMPTY");
			assert.equal(
				(await importText(db, "certificates", "number,colour\n1,red\n")).fileError?.rule,
				"FILE_UNKNOWN_COLUMN",
			);
			assert.equal(
				(await importText(db, "certificates", "number,cbUscc\n1,2\n")).fileError?.rule,
				"FILE_MISSING_COLUMN",
			);
			assert.equal(
				(await importText(db, "certificates", "", { format: "jsonl" })).fileError?.rule,
				"FILE_EMPTY",
			);
			assert.deepEqual(await counts(db), before);
		});

		it("applies status changes only along the allowed transitions, with history", async () => {
			const c = cert(cbUscc);
			await applyOk(db.db, "certificates", [c]);
			const suspended = {
				...c,
				status: "暂停",
				statusDate: "2026-01-10",
				statusReason: "未按期接受监督审核",
			};
			assert.equal((await applyOk(db.db, "certificates", [suspended])).updated, 1);
			const back = await apply(db.db, "certificates", [
				{ ...c, status: "valid", statusDate: "2026-02-01", statusReason: "整改完成" },
			]);
			assert.equal(back.updated, 1);
			await applyOk(db.db, "certificates", [
				{ ...c, status: "withdrawn", statusDate: "2026-03-01", statusReason: "严重不符合" },
			]);
			const revive = await apply(db.db, "certificates", [
				{ ...c, status: "valid", statusDate: "2026-04-01" },
			]);
			assert.deepEqual(
				revive.errors.map((e) => `${e.field}:${e.rule}`),
				["status:CERT_STATUS_TRANSITION"],
			);
			assert.match(revive.errors[0]!.messageZh, /撤销.*有效/);
			const id = (
				await db.db
					.selectFrom("certificates")
					.select("id")
					.where("number", "=", c.number)
					.executeTakeFirstOrThrow()
			).id;
			const history = await db.db
				.selectFrom("status_history")
				.select(["from_status", "to_status", "effective_date"])
				.where("subject_id", "=", id)
				.where("subject_type", "=", "certificate")
				.orderBy("id")
				.execute();
			assert.deepEqual(
				history.map((h) => `${h.from_status}>${h.to_status}@${h.effective_date}`),
				["valid>suspended@2026-01-10", "suspended>valid@2026-02-01", "valid>withdrawn@2026-03-01"],
			);
		});

		it("refuses a reused number with different content, and future or backwards status dates", async () => {
			const c = cert(cbUscc);
			await applyOk(db.db, "certificates", [c]);
			const reused = await apply(db.db, "certificates", [
				{ ...c, holderUscc: newUscc(), holderName: "上海另一家有限公司" },
			]);
			assert.deepEqual(
				reused.errors.map((e) => `${e.field}:${e.rule}`),
				["number:CERT_DUPLICATE_CONFLICT"],
			);
			const future = await apply(db.db, "certificates", [
				{ ...c, status: "suspended", statusDate: "2026-07-01", statusReason: "x" },
			]);
			assert.deepEqual(
				future.errors.map((e) => e.rule),
				["DATE_IN_FUTURE"],
			);
			const early = await apply(db.db, "certificates", [
				{ ...c, status: "suspended", statusDate: "2025-01-01", statusReason: "x" },
			]);
			assert.deepEqual(
				early.errors.map((e) => e.rule),
				["DATE_ORDER"],
			);
			const scope = await applyOk(db.db, "certificates", [
				{ ...c, scope: "扩大后的范围", surveillanceCount: 1 },
			]);
			assert.equal(scope.updated, 1, "mutable fields update the record");
		});

		it("expires a certificate reported valid after its end date, as of today", async () => {
			const c = cert(cbUscc, { issueDate: "2022-01-01", expiryDate: "2024-12-31" });
			await applyOk(db.db, "certificates", [c]);
			const row = await db.db
				.selectFrom("certificates")
				.select(["status", "status_since"])
				.where("number", "=", c.number)
				.executeTakeFirstOrThrow();
			assert.deepEqual(row, { status: "expired", status_since: "2025-01-01" });
		});

		it("keeps report content immutable and moves reports through their statuses", async () => {
			const lab = await makeLab(db.db);
			const signatory = await makePerson(db.db, lab.uscc, "signatory");
			const r1 = report(lab.uscc, { signatory });
			await applyOk(db.db, "reports", [r1]);
			const changed = await apply(db.db, "reports", [
				{ ...r1, conclusion: "不合格", items: "泄漏电流|GB 4706.1-2005|5 mA|不合格" },
			]);
			assert.deepEqual(
				changed.errors.map((e) => `${e.field}:${e.rule}`),
				["number:REPORT_DUPLICATE_CONFLICT"],
			);
			const r2 = report(lab.uscc, { signatory });
			await applyOk(db.db, "reports", [
				r2,
				{ ...r1, status: "replaced", statusDate: "2026-05-25", statusReason: "更正", replacedBy: r2.number },
			]);
			const back = await apply(db.db, "reports", [{ ...r1, status: "valid" }]);
			assert.deepEqual(
				back.errors.map((e) => e.rule),
				["REPORT_STATUS_TRANSITION"],
			);
			const outsider = await makePerson(db.db, cbUscc, "auditor");
			const wrongSigner = await apply(db.db, "reports", [report(lab.uscc, { signatory: outsider })]);
			assert.deepEqual(
				wrongSigner.errors.map((e) => e.rule),
				["SIGNATORY_NOT_STAFF"],
			);
		});

		it("imports JSON Lines with structured values and reports malformed lines", async () => {
			const lab = await makeLab(db.db);
			const lines = [
				JSON.stringify(
					report(lab.uscc, {
						items: [{ parameter: "铅", standard: "GB 5009.12-2023", result: "未检出", conclusion: "合格" }],
					}),
				),
				"",
				"{not json",
				JSON.stringify({ ...report(lab.uscc), colour: "red" }),
				"[1,2]",
			].join("\n");
			const r = await importText(db, "reports", lines, { format: "jsonl" });
			assert.equal(r.created, 1);
			assert.deepEqual(
				r.errors.map((e) => `${e.line}:${e.rule}`),
				["3:JSON_INVALID", "4:UNKNOWN_FIELD", "5:JSON_NOT_OBJECT"],
			);
		});

		it("leaves no half-applied row when reading fails in the middle of a file", async () => {
			const before = await counts(db);
			const header = "number,cbUscc,holderUscc,holderName,scheme,scope,issueDate,expiryDate\n";
			const line = (i: number) =>
				`000126Q03${String(i).padStart(5, "0")}R0M,${cbUscc},${newUscc()},上海批量企业有限公司,QMS,批量,2025-01-01,2027-12-31\n`;
			async function* broken() {
				yield Buffer.from(header);
				for (let i = 0; i < 1000; i++) yield Buffer.from(line(i));
				throw new Error("disk read error");
			}
			await assert.rejects(
				runImport(db.db, broken(), {
					kind: "certificates",
					format: "csv",
					encoding: null,
					clock,
					actor: TEST_OPERATOR,
					batchSize: 300,
				}),
				/disk read error/,
			);
			const after = await counts(db);
			// Whole batches were committed, each with its holders, history and log entries; the rows in
			// flight when reading failed were not applied at all.
			const applied = after.certificates - before.certificates;
			assert.ok(applied > 0 && applied < 1000 && applied % 300 === 0, `applied ${applied}`);
			assert.equal(after.orgs - before.orgs, applied);
			await assertConsistent(db);
		});

		it("isolates a row the database refuses without losing the rest of its batch", async () => {
			// A trigger stands for any refusal the checks cannot foresee (a constraint added by an
			// operator, a concurrent change): the database itself rejects one row of the batch.
			if (kind === "sqlite")
				await sql`create trigger refuse_boom before insert on certificates when new.scope = 'boom' begin select raise(abort, 'refused by trigger'); end`.execute(
					db.db,
				);
			else {
				await sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.scope = 'boom' then raise exception 'refused by trigger'; end if; return new; end $$`.execute(
					db.db,
				);
				await sql`create trigger refuse_boom before insert on certificates for each row execute function refuse_boom()`.execute(
					db.db,
				);
			}
			const before = await counts(db);
			const rows = [cert(cbUscc), cert(cbUscc, { scope: "boom" }), cert(cbUscc)];
			const r = await apply(db.db, "certificates", rows);
			assert.equal(r.created, 2);
			assert.deepEqual(
				r.errors.map((e) => `${e.line}:${e.rule}`),
				["3:DB_REJECTED"],
			);
			assert.match(r.errors[0]!.messageEn, /refused by trigger/);
			const after = await counts(db);
			assert.equal(after.certificates - before.certificates, 2);
			assert.equal(after.orgs - before.orgs, 2, "the refused row's new holder was rolled back with it");
			await assertConsistent(db);
		});
	});
}

for (const kind of DIALECTS) {
	describe(`bulk import on a worker thread [${kind}]`, () => {
		let db: TestDb;
		let cbUscc: string;
		before(async () => {
			db = await testDb(kind);
			cbUscc = await makeCb(db.db);
		});
		after(() => db.destroy());

		it("checks on the worker and reports the same rows, in line order, as in process", async () => {
			const header = "number,cbUscc,holderUscc,holderName,scheme,scope,issueDate,expiryDate\n";
			const lines = Array.from({ length: 2500 }, (_, i) =>
				i % 700 === 5
					? `000126Q07${String(i).padStart(5, "0")}R0M,${cbUscc},${newUscc()},上海工作线程有限公司,QMS,范围,2025-01-01,2024-01-01\n`
					: `000126Q07${String(i).padStart(5, "0")}R0M,${cbUscc},${newUscc()},上海工作线程有限公司,QMS,范围,2025-01-01,2027-12-31\n`,
			);
			const text = header + lines.join("");
			const errors: RowError[] = [];
			// Small chunks, so the worker asks for input many times.
			const chunks = Array.from({ length: Math.ceil(text.length / 4096) }, (_, i) =>
				Buffer.from(text.slice(i * 4096, (i + 1) * 4096)),
			);
			const r = await runImport(db.db, Readable.from(chunks), {
				kind: "certificates",
				format: "csv",
				encoding: null,
				clock,
				actor: TEST_OPERATOR,
				parallel: true,
				batchSize: 300,
				onError: (e) => errors.push(e),
			});
			assert.deepEqual([r.rows, r.created, r.rejected], [2500, 2496, 4]);
			assert.deepEqual(
				errors.map((e) => `${e.line}:${e.rule}`),
				["7:DATE_ORDER", "707:DATE_ORDER", "1407:DATE_ORDER", "2107:DATE_ORDER"],
			);
			await assertConsistent(db);
			const broken = await runImport(db.db, Readable.from([Buffer.from("number,colour\n1,2\n")]), {
				kind: "certificates",
				format: "csv",
				encoding: null,
				clock,
				actor: TEST_OPERATOR,
				parallel: true,
			});
			assert.equal(broken.fileError?.rule, "FILE_UNKNOWN_COLUMN");
		});
	});
}
