/**
 * Open data: the catalogue lists every dataset with its columns; the daily files are gzip CSV (UTF-8 with a
 * BOM) and JSON Lines holding the public records — never a withheld one, never an identity or mobile
 * number, never a regulator — with their row count and SHA-256; the feed gives the log entries after an
 * index with the current public record each is about, paging to the end, and refuses a bad index naming
 * the field.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { generateAll } from "../src/server/opendata/opendata.service.ts";
import { logSize, makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import {
	applyOk,
	cert,
	clock,
	makeCb,
	makeLab,
	makePerson,
	newIdNumber,
	newUscc,
	org,
	report,
} from "./helpers/factories.ts";

const PHONE = "13912345678";

for (const kind of DIALECTS)
	describe(`open data [${kind}]`, () => {
		let t: TestApp;
		let cb: string;
		let lab: string;
		let shown: ReturnType<typeof cert>;
		let hidden: ReturnType<typeof cert>;
		let personId: string;
		const file = async (name: string) => {
			const res = await t.app.inject({ url: `/open-data/${name}` });
			assert.equal(res.statusCode, 200, res.body);
			assert.equal(res.headers["content-type"], "application/gzip");
			return { gz: res.rawPayload, text: gunzipSync(res.rawPayload).toString("utf8") };
		};

		before(async () => {
			t = await testApp(kind);
			const bureau = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11", "310000") });
			await applyOk(t.db.db, "organizations", [bureau]);
			cb = await makeCb(t.db.db, { name: "上海开放数据认证有限公司", district: "310104" });
			lab = (await makeLab(t.db.db)).uscc;
			personId = await makePerson(t.db.db, cb, "auditor", { phone: PHONE });
			shown = cert(cb, { holderName: "上海公开数据测试有限公司", scope: "精密仪器的设计、生产" });
			hidden = cert(cb, { holderName: "上海暂不公开测试有限公司" });
			await applyOk(t.db.db, "certificates", [shown, hidden]);
			await applyOk(t.db.db, "reports", [report(lab, { clientName: "上海委托测试有限公司" })]);
			await makeAccount(t, "o-admin", "regulator_admin", bureau.uscc as string);
			const w = await t.request("POST", `/api/v1/certificates/${hidden.number}/withhold`, {
				as: await t.signIn("o-admin"),
				body: { withheld: true, reason: "调查期间暂不公开" },
			});
			assert.equal(w.status, 200, w.raw);
			await generateAll(t.db.db, clock);
		});
		after(() => t.close());

		it("lists every dataset with its schema and files", async () => {
			const page = await t.app.inject({ url: "/open-data/" });
			assert.equal(page.statusCode, 200);
			assert.match(page.headers["content-type"] as string, /text\/html/);
			for (const name of [
				"organizations",
				"qualifications",
				"certificates",
				"reports",
				"spot-check-results",
			]) {
				assert.ok(page.body.includes(`id="${name}"`), name);
				assert.ok(page.body.includes(`/open-data/${name}.csv.gz`), `${name} csv link`);
				assert.ok(page.body.includes(`/open-data/${name}.jsonl.gz`), `${name} jsonl link`);
			}
			const schema = await t.get("/open-data/schema.json");
			assert.equal(schema.status, 200);
			const certs = schema.body.datasets.find((d: { name: string }) => d.name === "certificates");
			assert.ok(
				certs.columns.some(
					(c: { name: string; zh: string }) => c.name === "holderName" && c.zh === "获证组织",
				),
			);
			const csv = certs.files.find((f: { format: string }) => f.format === "csv");
			assert.equal(csv.rows, 1);
			const got = await file("certificates.csv.gz");
			assert.equal(csv.sha256, createHash("sha256").update(got.gz).digest("hex"));
		});

		it("writes CSV with a BOM and JSON Lines of public records only, the withheld one left out", async () => {
			const csv = (await file("certificates.csv.gz")).text;
			assert.ok(csv.startsWith("\ufeffnumber,scheme,standard,cbUscc,cbName,holderUscc,holderName,"));
			const lines = csv.trimEnd().split("\r\n");
			assert.equal(lines.length, 2);
			assert.ok(lines[1]!.startsWith(`${shown.number},QMS,`));
			assert.ok(csv.includes("上海公开数据测试有限公司"));
			assert.ok(!csv.includes(hidden.number) && !csv.includes("上海暂不公开测试有限公司"));
			const jsonl = (await file("certificates.jsonl.gz")).text
				.trimEnd()
				.split("\n")
				.map((l) => JSON.parse(l));
			assert.deepEqual(
				jsonl.map((r) => [r.number, r.holderName, r.status, r.cbUscc]),
				[[shown.number, "上海公开数据测试有限公司", "valid", cb]],
			);
			const orgs = (await file("organizations.jsonl.gz")).text
				.trimEnd()
				.split("\n")
				.map((l) => JSON.parse(l));
			assert.ok(
				orgs.every((o) => o.kind !== "regulator"),
				"no regulator",
			);
			assert.ok(orgs.some((o) => o.uscc === cb && o.name === "上海开放数据认证有限公司"));
			const reports = (await file("reports.csv.gz")).text;
			assert.ok(reports.includes("上海委托测试有限公司"));
		});

		it("holds no personal data in any file", async () => {
			const names = ["organizations", "qualifications", "certificates", "reports", "spot-check-results"];
			for (const name of names)
				for (const format of ["csv", "jsonl"]) {
					const { text } = await file(`${name}.${format}.gz`);
					assert.ok(!text.includes(personId), `${name}.${format}: identity number`);
					assert.ok(!text.includes(PHONE), `${name}.${format}: phone`);
					assert.ok(
						!/\b\d{17}[\dX]\b/.test(text),
						`${name}.${format}: something shaped like an identity number`,
					);
				}
		});

		it("blanks a text value that holds an identity number even where a column is public", async () => {
			const id = newIdNumber();
			await applyOk(t.db.db, "reports", [report(lab, { clientName: `个人委托 ${id}` })]);
			await generateAll(t.db.db, clock);
			const rows = (await file("reports.jsonl.gz")).text
				.trimEnd()
				.split("\n")
				.map((l) => JSON.parse(l));
			assert.equal(rows.length, 2);
			assert.ok(rows.some((r) => r.clientName === null));
			assert.ok(!(await file("reports.csv.gz")).text.includes(id));
		});

		it("feeds the log entries after an index with the current public records, a page at a time", async () => {
			const size = await logSize(t);
			const first = await t.get("/open-data/feed?after=-1&limit=3");
			assert.equal(first.status, 200, first.raw);
			assert.deepEqual(
				first.body.entries.map((e: { idx: number }) => e.idx),
				[0, 1, 2],
			);
			assert.equal(first.body.size, size);
			assert.equal(first.body.next, 2);
			let after = -1;
			const seen: number[] = [];
			const certs = new Set<string>();
			for (let pages = 0; pages < 100; pages++) {
				const res = await t.get(`/open-data/feed?after=${after}&limit=4`);
				seen.push(...res.body.entries.map((e: { idx: number }) => e.idx));
				for (const c of res.body.records.certificates) certs.add(c.number);
				if (res.body.next === null) break;
				after = res.body.next;
			}
			assert.deepEqual(
				seen,
				Array.from({ length: size }, (_, i) => i),
			);
			assert.ok(certs.has(shown.number));
			assert.ok(!certs.has(hidden.number), "a withheld certificate's record is not served");
			const tail = await t.get(`/open-data/feed?after=${size - 1}`);
			assert.deepEqual([tail.body.entries.length, tail.body.next], [0, null]);
		});

		it("refuses a bad index or limit naming the field, and an unknown file", async () => {
			for (const [q, field] of [
				["after=abc", "after"],
				["after=-5", "after"],
				["limit=0", "limit"],
				["limit=501", "limit"],
			] as const) {
				const res = await t.get(`/open-data/feed?${q}`);
				assert.equal(res.status, 400, `${q}: ${res.raw}`);
				assert.equal(res.body.error.field, field);
				assert.match(res.body.error.messageZh, /[\u4e00-\u9fff]/);
			}
			assert.equal((await t.app.inject({ url: "/open-data/people.csv.gz" })).statusCode, 400);
		});
	});
