/**
 * The annual report (年度检验检测认证产业发展报告): a regulator downloads it as HTML, whose tables hold
 * the register's figures with the year-on-year change and whose note names the signed checkpoint the log
 * serves; as a PDF, it is a well-formed file with the Chinese font embedded (a CFF subset whose offsets
 * still hold, with a ToUnicode map) and its text drawn in that font; others may not download it; and
 * `opentic report annual` writes either by the file's extension.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { inflateSync } from "node:zlib";
import { readDict, readIndex } from "../src/server/pdf/font.ts";
import { type Credentials, makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { cliEnv, DIALECTS, type TestDb, testDb } from "./helpers/db.ts";
import { applyOk, cert, makeCb, newUscc, org } from "./helpers/factories.ts";

const BIN = path.resolve(import.meta.dirname, "../bin/opentic.mjs");
const TITLE = "2026年度上海市检验检测认证产业发展报告";

/** The objects of a PDF by number, checking that the cross-reference table points at each. */
function pdfObjects(pdf: Buffer): Map<number, Buffer> {
	const text = pdf.toString("latin1");
	assert.ok(text.startsWith("%PDF-1.7\n"));
	assert.ok(text.endsWith("%%EOF\n"));
	const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
	assert.equal(text.slice(startxref, startxref + 4), "xref");
	const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(startxref))!;
	const out = new Map<number, Buffer>();
	const rows = text
		.slice(startxref)
		.split("\n")
		.slice(3, 2 + Number(count));
	for (const [i, row] of rows.entries()) {
		const off = Number(row.slice(0, 10));
		const head = `${i + 1} 0 obj\n`;
		assert.equal(text.slice(off, off + head.length), head, `object ${i + 1} is where the xref says`);
		const end = text.indexOf("\nendobj\n", off);
		out.set(i + 1, pdf.subarray(off + head.length, end));
	}
	return out;
}

/** The decoded bytes of a stream object. */
function streamOf(obj: Buffer): { dict: string; data: Buffer } {
	const s = obj.toString("latin1");
	const at = s.indexOf("stream\n");
	const dict = s.slice(0, at);
	const length = Number(/\/Length (\d+)/.exec(dict)![1]);
	const raw = obj.subarray(at + 7, at + 7 + length);
	return { dict, data: dict.includes("/FlateDecode") ? inflateSync(raw) : raw };
}

for (const kind of DIALECTS)
	describe(`the annual report [${kind}]`, () => {
		let t: TestApp;
		let asOfficer: Credentials;
		let asCb: Credentials;

		before(async () => {
			t = await testApp(kind);
			const bureau = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11", "310000") });
			await applyOk(t.db.db, "organizations", [bureau]);
			const cb = await makeCb(t.db.db, { district: "310104" });
			await applyOk(t.db.db, "certificates", [
				cert(cb, { issueDate: "2026-01-10", expiryDate: "2029-01-09", holderDistrict: "310115" }),
				cert(cb, { issueDate: "2026-02-10", expiryDate: "2029-02-09", holderDistrict: "310115" }),
				cert(cb, { issueDate: "2026-03-10", expiryDate: "2029-03-09", holderDistrict: "310104" }),
				cert(cb, { issueDate: "2025-03-01", expiryDate: "2028-02-28", holderDistrict: "310104" }),
				cert(cb, {
					issueDate: "2025-04-01",
					expiryDate: "2028-03-31",
					holderDistrict: "310104",
					scheme: "EMS",
					standard: "GB/T 24001-2016",
				}),
			]);
			await makeAccount(t, "a-officer", "regulator_officer", bureau.uscc as string, ["310115"]);
			await makeAccount(t, "a-cb", "cb_operator", cb);
			asOfficer = await t.signIn("a-officer");
			asCb = await t.signIn("a-cb");
			// A write through the API signs a checkpoint over everything so far.
			const res = await t.request("POST", "/api/v1/certificates", {
				as: await t.signIn("a-cb"),
				body: cert(cb, { issueDate: "2026-04-01", expiryDate: "2029-03-31", holderDistrict: "310115" }),
			});
			assert.equal(res.status, 201, res.raw);
		});
		after(() => t.close());

		it("reads as a report in HTML: figures by scheme with the year-on-year change, and the checkpoint", async () => {
			const res = await t.get("/api/v1/stats/annual-report?year=2026&format=html", asOfficer);
			assert.equal(res.status, 200, res.raw);
			assert.match(String(res.headers["content-type"]), /text\/html/);
			assert.match(String(res.headers["content-disposition"]), /annual-report-2026\.html/);
			const doc = res.raw;
			assert.match(doc, new RegExp(`<title>${TITLE}</title>`));
			for (const h of ["一、总体情况", "二、认证", "三、检验检测", "四、各区比较", "五、数据来源与说明"])
				assert.ok(doc.includes(h), h);
			// QMS: 4 issued in 2026 (one through the API), 1 in 2025: +300.0%; EMS: none in 2026, 1 in 2025.
			assert.match(
				doc,
				/<th scope="row">质量管理体系认证[^<]*<\/th><td class="n">4<\/td><td class="n">1<\/td><td class="n">\+300\.0%<\/td>/,
			);
			assert.match(
				doc,
				/<th scope="row">环境管理体系认证[^<]*<\/th><td class="n">0<\/td><td class="n">1<\/td><td class="n">−100\.0%<\/td>/,
			);
			assert.match(
				doc,
				/<th scope="row">颁发认证证书（张）<\/th><td class="n">4<\/td><td class="n">2<\/td><td class="n">\+100\.0%<\/td>/,
			);
			// District table: Pudong 3 issued in 2026, Xuhui 1; the city 4.
			assert.match(
				doc,
				/<th scope="row">浦东新区<\/th><td class="n">0<\/td><td class="n">0<\/td><td class="n">3<\/td><td class="n">3<\/td>/,
			);
			assert.match(
				doc,
				/<th scope="row">全市<\/th><td class="n">1<\/td><td class="n">0<\/td><td class="n">6<\/td><td class="n">4<\/td>/,
			);
			assert.ok((doc.match(/<svg class="chart"/g) ?? []).length >= 4, "charts drawn as SVG");
			const note = (await t.get("/log/checkpoint")).raw.split("\n");
			assert.ok(doc.includes(`树大小 ${Number(note[1]).toLocaleString("en-US")}`), "checkpoint size");
			assert.ok(doc.includes(`<code>${note[2]}</code>`), "checkpoint root hash");
		});

		it("is a PDF with the Chinese font embedded as a subset that still holds together", async () => {
			const res = await t.app.inject({
				url: "/api/v1/stats/annual-report?year=2026&format=pdf",
				headers: { cookie: (asOfficer as { cookie: string }).cookie },
			});
			assert.equal(res.statusCode, 200, res.body);
			assert.equal(res.headers["content-type"], "application/pdf");
			const pdf = res.rawPayload;
			const objects = pdfObjects(pdf);
			const all = [...objects.values()].map((o) => o.toString("latin1"));
			const type0 = all.find((o) => o.includes("/Subtype /Type0"))!;
			assert.match(type0, /\/BaseFont \/[A-Z]{6}\+NotoS(erif|ans)CJKSC/);
			assert.match(type0, /\/Encoding \/Identity-H/);
			const fileRef = Number(/\/FontFile3 (\d+) 0 R/.exec(all.find((o) => o.includes("/FontFile3"))!)![1]);
			const font = streamOf(objects.get(fileRef)!);
			assert.match(font.dict, /\/Subtype \/CIDFontType0C/);
			const cff = font.data;
			assert.equal(cff[0], 1, "CFF major version 1");
			// The Top DICT's offsets land on well-formed structures after the subset moved them.
			const names = readIndex(cff, cff[2]!);
			const top = readIndex(cff, names.end);
			const dict = readDict(cff, top.starts[0]!, top.starts[1]!);
			const charStrings = readIndex(cff, dict.get(17)![0]!.value);
			assert.ok(charStrings.count > 60_000);
			const fdArray = readIndex(cff, dict.get(1236)![0]!.value);
			assert.ok(fdArray.count >= 1 && fdArray.end <= cff.length);
			for (let i = 0; i < fdArray.count; i++) {
				const [size, offset] = readDict(cff, fdArray.starts[i]!, fdArray.starts[i + 1]!).get(18)!;
				assert.ok(offset!.value + size!.value <= cff.length, "Private DICT inside the program");
				const priv = readDict(cff, offset!.value, offset!.value + size!.value);
				assert.ok(priv.size > 0, "Private DICT parses");
			}
			// Most glyphs are emptied (a one-byte endchar); the subset is far smaller than the font.
			let empty = 0;
			for (let g = 0; g < charStrings.count; g++)
				if (charStrings.starts[g + 1]! - charStrings.starts[g]! === 1) empty++;
			assert.ok(empty > charStrings.count - 2000, `${empty} of ${charStrings.count} glyphs emptied`);
			assert.ok(pdf.length < 3_000_000, `${pdf.length} bytes`);
			// Text is searchable: the ToUnicode map covers the title's characters.
			const toUnicode = streamOf(objects.get(Number(/\/ToUnicode (\d+) 0 R/.exec(type0)![1]))!).data.toString(
				"latin1",
			);
			for (const ch of "年度检验认证产业发展报告")
				assert.match(toUnicode, new RegExp(`<${ch.codePointAt(0)!.toString(16).padStart(4, "0")}>`, "i"), ch);
			// And the pages draw with that font (no standard font left over).
			assert.ok(!all.some((o) => o.includes("STSong-Light")));
			const page = all.find((o) => o.includes("/Type /Page "))!;
			const content = streamOf(objects.get(Number(/\/Contents (\d+) 0 R/.exec(page)![1]))!).data.toString(
				"latin1",
			);
			assert.match(content, /\/F1 22 Tf/);
		});

		it("is for regulators only, and refuses a malformed year naming the field", async () => {
			assert.equal((await t.get("/api/v1/stats/annual-report?year=2026")).status, 401);
			assert.equal((await t.get("/api/v1/stats/annual-report?year=2026", asCb)).status, 404);
			const bad = await t.get("/api/v1/stats/annual-report?year=26&format=html", asOfficer);
			assert.equal(bad.status, 400, bad.raw);
			assert.deepEqual([bad.body.error.code, bad.body.error.field], ["STATS_YEAR_INVALID", "year"]);
			assert.match(bad.body.error.messageZh, /年份/);
		});
	});

for (const kind of DIALECTS)
	describe(`opentic report annual [${kind}]`, () => {
		let dir: string;
		let db: TestDb;
		let env: NodeJS.ProcessEnv;
		const run = (args: string[]) =>
			spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });

		before(async () => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-annual-"));
			db = await testDb(kind, { sqliteFile: path.join(dir, "opentic.sqlite") });
			env = cliEnv(db, dir);
			const cb = await makeCb(db.db, { district: "310104" });
			await applyOk(db.db, "certificates", [cert(cb, { issueDate: "2026-02-10", expiryDate: "2029-02-09" })]);
			assert.equal(run(["log", "checkpoint"]).status, 0);
		});
		after(async () => {
			await db.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		});

		it("writes HTML or PDF by the extension, and refuses another", () => {
			const html = path.join(dir, "r.html");
			const a = run(["report", "annual", "--year", "2026", "--out", html]);
			assert.equal(a.status, 0, a.stderr);
			assert.match(a.stdout, /checkpoint \d+ \S+=/);
			assert.ok(fs.readFileSync(html, "utf8").includes(TITLE));
			const pdf = path.join(dir, "r.pdf");
			const b = run(["report", "annual", "--year", "2026", "--out", pdf]);
			assert.equal(b.status, 0, b.stderr);
			assert.ok(fs.readFileSync(pdf).subarray(0, 8).toString("latin1").startsWith("%PDF-1.7"));
			assert.ok(fs.readFileSync(pdf).includes("/FontFile3"));
			const c = run(["report", "annual", "--year", "2026", "--out", path.join(dir, "r.docx")]);
			assert.equal(c.status, 2);
			assert.match(c.stderr, /\.pdf or \.html/);
			const d = run(["report", "annual", "--year", "20x6", "--out", html]);
			assert.equal(d.status, 2);
			assert.match(d.stderr, /STATS_YEAR_INVALID/);
		});
	});
