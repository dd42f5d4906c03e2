/**
 * Verification statements, as a buyer, a citizen or a verifier with no network meets them: a signed
 * answer for a certificate or report in each of its states, "not found" with its reason, bad requests
 * naming the field, a statement that checks offline and fails when altered, bulk lists of numbers and
 * suppliers' USCCs with a CSV, and `opentic verify-statement`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { inflateSync } from "node:zlib";
import { checkStatement, type VerificationStatement } from "../src/core/verify/statement.ts";
import { qrModules } from "../src/server/verify/qr.ts";
import { makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { cert, makeCb, makeLab, newUscc, report } from "./helpers/factories.ts";

const run = promisify(execFile);

/** A 1-bit greyscale PNG's width and a pixel reader (1 white, 0 black). */
function readPng(png: Buffer): { width: number; pixel: (x: number, y: number) => number } {
	assert.equal(png.subarray(0, 8).toString("hex"), "89504e470d0a1a0a");
	let at = 8;
	let width = 0;
	const idat: Buffer[] = [];
	while (at < png.length) {
		const len = png.readUInt32BE(at);
		const type = png.toString("ascii", at + 4, at + 8);
		const data = png.subarray(at + 8, at + 8 + len);
		if (type === "IHDR") {
			width = data.readUInt32BE(0);
			assert.deepEqual([data.readUInt32BE(4), data[8], data[9]], [width, 1, 0], "square, 1-bit greyscale");
		}
		if (type === "IDAT") idat.push(data);
		at += 12 + len;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const stride = Math.ceil(width / 8) + 1;
	return { width, pixel: (x, y) => (raw[y * stride + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1 };
}
const BIN = path.resolve(import.meta.dirname, "../bin/opentic.mjs");

for (const kind of DIALECTS)
	describe(`verification statements [${kind}]`, () => {
		let t: TestApp;
		let cb: string;
		let lab: string;
		let asCb: { cookie: string; csrf: string };
		let asLab: { cookie: string; csrf: string };
		let keys: { statementKey: string; logKey: string; logOrigin: string };
		const trust = () => ({ statementKeys: [keys.statementKey], logKeys: [keys.logKey] });
		const verify = async (q: string) => {
			const res = await t.get(`/api/v1/verify?${q}`);
			assert.equal(res.status, 200, res.raw);
			return res.body as VerificationStatement;
		};

		before(async () => {
			t = await testApp(kind);
			cb = await makeCb(t.db.db);
			lab = (await makeLab(t.db.db)).uscc;
			await makeAccount(t, "v-cb", "cb_operator", cb);
			await makeAccount(t, "v-lab", "lab_operator", lab);
			asCb = await t.signIn("v-cb");
			asLab = await t.signIn("v-lab");
			keys = (await t.get("/api/v1/verify/key")).body;
		});
		after(() => t.close());

		it("answers a valid certificate with a signed statement that checks offline, and an altered one that does not", async () => {
			const c = cert(cb, { holderName: "上海核验示范企业有限公司" });
			assert.equal((await t.request("POST", "/api/v1/certificates", { as: asCb, body: c })).status, 201);
			const s = await verify(`type=certificate&number=${c.number}`);
			assert.equal(s.result, "valid");
			assert.equal(s.reason, null);
			assert.equal(s.since, "2025-03-01");
			assert.deepEqual(s.issuer?.uscc, cb);
			assert.deepEqual(s.holder, { uscc: c.holderUscc, name: "上海核验示范企业有限公司" });
			assert.match(s.scope!, /测量仪器仪表的设计和制造/);
			assert.equal(s.url, `http://opentic.test/v/certificate/${c.number}?issuer=${cb}`);
			assert.ok(s.checks.performed.some((x) => x.code === "log_inclusion"));
			assert.ok(s.checks.notPerformed.some((x) => x.code === "document"));
			assert.equal(
				s.checks.performed.find((x) => x.code === "scope")?.zh,
				"发证机构的批准书覆盖 QMS，发证日期在其有效期内",
			);
			assert.equal(JSON.parse(s.log!.entry).subject.number, c.number);
			assert.ok(keys.statementKey.startsWith("opentic.test/verify+"), keys.statementKey);

			const r = checkStatement(s, trust());
			assert.ok(r.ok, JSON.stringify(r.findings));
			assert.deepEqual(
				r.findings.map((f) => f.code),
				["signature", "log_inclusion", "log_subject", "record_hash", "parties", "result"],
			);
			assert.ok(r.cannot.some((x) => x.code === "later_changes"));

			// Altered after signing: the signature fails. Re-signed by someone else: not the platform's key.
			const forged = { ...s, result: "valid", holder: { uscc: c.holderUscc, name: "别的公司" } };
			assert.equal(checkStatement(forged, trust()).ok, false);
			assert.equal(checkStatement(forged, trust()).findings[0]!.code, "signature");
			assert.equal(
				checkStatement({ ...s, signature: { ...s.signature, key: keys.logKey } }, trust()).ok,
				false,
			);
			// Without the platform's key the signature is checked, and the report says what that leaves open.
			const loose = checkStatement(s);
			assert.ok(loose.ok);
			assert.ok(loose.cannot.some((x) => x.code === "signer"));
			// A record whose fields differ from the logged ones fails even with a valid proof.
			const { signature: _sig, ...unsigned } = s;
			const tampered = checkStatement(
				{ ...unsigned, record: { ...s.record, scope: "别的范围" }, signature: s.signature },
				trust(),
			);
			assert.ok(tampered.findings.some((f) => !f.ok && (f.code === "signature" || f.code === "record_hash")));
		});

		it("follows the certificate through suspension; the older statement still checks, as of its checkpoint", async () => {
			const c = cert(cb);
			await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
			const before = await verify(`type=certificate&number=${c.number}&issuer=${cb}`);
			const res = await t.request("POST", `/api/v1/certificates/${c.number}/status`, {
				as: asCb,
				body: { status: "suspended", reason: "监督审核不合格", date: "2026-05-10" },
			});
			assert.equal(res.status, 200, res.raw);
			const after = await verify(`type=certificate&number=${c.number}&issuer=${cb}`);
			assert.equal(after.result, "suspended");
			assert.equal(after.since, "2026-05-10");
			assert.ok(after.log!.index > before.log!.index);
			assert.ok(checkStatement(after, trust()).ok);
			const old = checkStatement(before, trust());
			assert.ok(old.ok, "a statement stays true as of its checkpoint");
			assert.ok(old.checkpoint!.size <= Number(after.checkpoint!.split("\n")[1]));
		});

		it("says a certificate past its expiry date is expired from the next day", async () => {
			const c = cert(cb, { issueDate: "2023-01-01", expiryDate: "2026-01-31" });
			await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
			const s = await verify(`type=certificate&number=${c.number}`);
			assert.deepEqual([s.result, s.since], ["expired", "2026-02-01"]);
			assert.ok(checkStatement(s, trust()).ok);
		});

		it("answers reports, valid and revoked", async () => {
			const r = report(lab);
			assert.equal((await t.request("POST", "/api/v1/reports", { as: asLab, body: r })).status, 201);
			const s = await verify(`type=report&number=${r.number}`);
			assert.deepEqual(
				[s.result, s.issuer?.uscc, s.holder?.name],
				["valid", lab, "上海华信精密仪器有限公司"],
			);
			assert.match(s.scope!, /家用电器 · 泄漏电流（GB 4706.1-2005）/);
			assert.ok(checkStatement(s, trust()).ok);
			const rev = await t.request("POST", `/api/v1/reports/${r.number}/status`, {
				as: asLab,
				body: { status: "revoked", reason: "样品信息有误" },
			});
			assert.equal(rev.status, 200, rev.raw);
			const revoked = await verify(`type=report&number=${r.number}&issuer=${lab}`);
			assert.equal(revoked.result, "revoked");
			assert.ok(checkStatement(revoked, trust()).ok);
		});

		it("says why nothing was found, and refuses malformed requests naming the field", async () => {
			const unknown = await verify("type=certificate&number=00126Q9999999R0M");
			assert.deepEqual([unknown.result, unknown.reason], ["not_found", "unknown_number"]);
			assert.equal(unknown.log, null);
			assert.ok(checkStatement(unknown, trust()).ok, "a not-found statement is signed too");
			assert.ok(checkStatement(unknown, trust()).cannot.some((x) => x.code === "absence"));
			const ccc = await verify("type=certificate&number=12345&scheme=CCC");
			assert.deepEqual([ccc.result, ccc.reason], ["not_found", "malformed_number"]);
			const garbled = await verify(`type=certificate&number=${encodeURIComponent("证书！")}`);
			assert.equal(garbled.reason, "malformed_number");
			const stranger = await verify(`type=certificate&number=00126Q0000001R0M&issuer=${newUscc()}`);
			assert.deepEqual([stranger.result, stranger.reason], ["not_found", "issuer_not_registered"]);
			const noReport = await verify("type=report&number=NO-SUCH-1");
			assert.equal(noReport.reason, "unknown_number");

			for (const [q, field] of [
				["number=1", "type"],
				["type=licence&number=1", "type"],
				["type=certificate", "number"],
				["type=certificate&number=00126Q0000001R0M&issuer=91310000000000000X", "issuer"],
				["type=certificate&number=00126Q0000001R0M&scheme=NOPE", "scheme"],
			] as const) {
				const res = await t.get(`/api/v1/verify?${q}`);
				assert.equal(res.status, 400, `${q}: ${res.raw}`);
				assert.equal(res.body.error.field, field, q);
				assert.match(res.body.error.messageZh, /[\u4e00-\u9fff]/);
			}
		});

		it("asks for the issuer when two bodies use one number", async () => {
			const other = await makeCb(t.db.db);
			await makeAccount(t, "v-cb2", "cb_operator", other);
			const asOther = await t.signIn("v-cb2");
			const c = cert(cb);
			await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
			await t.request("POST", "/api/v1/certificates", { as: asOther, body: { ...c, cbUscc: other } });
			const res = await t.get(`/api/v1/verify?type=certificate&number=${c.number}`);
			assert.equal(res.status, 409);
			assert.equal(res.body.error.field, "issuer");
			assert.equal((await verify(`type=certificate&number=${c.number}&issuer=${other}`)).issuer?.uscc, other);
		});

		it("shows the verification page and its QR code, which encodes the page's address", async () => {
			const c = cert(cb, { holderName: "上海扫码示范有限公司" });
			await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
			const page = await t.get(`/v/certificate/${c.number}`);
			assert.equal(page.status, 200);
			assert.match(page.raw, /<span class="badge s-valid big">有效<\/span>/);
			assert.match(page.raw, /上海扫码示范有限公司/);
			const embedded = /<script type="application\/json" id="v-statement">(.*?)<\/script>/s.exec(
				page.raw,
			)![1]!;
			assert.ok(checkStatement(JSON.parse(embedded), trust()).ok, "the page carries the statement it shows");
			const en = await t.get(`/v/certificate/00126Q7777777R0M?lang=en`);
			assert.equal(en.status, 200);
			assert.match(en.raw, /Not found/);
			assert.match(en.raw, /The register holds no such number/);
			assert.equal((await t.get(`/v/licence/${c.number}`)).status, 404);

			const address = `http://opentic.test/v/certificate/${c.number}?issuer=${cb}`;
			const svg = await t.app.inject({
				method: "GET",
				url: `/v/certificate/${c.number}/qr.svg?issuer=${cb}`,
			});
			assert.match(String(svg.headers["content-type"]), /^image\/svg\+xml/);
			assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
			assert.ok(svg.body.includes(`<title>${address}</title>`));
			const png = await t.app.inject({
				method: "GET",
				url: `/v/certificate/${c.number}/qr.png?issuer=${cb}`,
			});
			assert.equal(png.headers["content-type"], "image/png");
			// The PNG's pixels are the symbol's modules for that address, with a four-module quiet zone.
			const modules = qrModules(address);
			const { width, pixel } = readPng(png.rawPayload);
			const scale = width / (modules.length + 8);
			assert.ok(Number.isInteger(scale) && scale >= 4, `scale ${scale}`);
			for (let r = -4; r < modules.length + 4; r++)
				for (let col = -4; col < modules.length + 4; col++) {
					const dark = modules[r]?.[col] ?? false;
					assert.equal(pixel((col + 4) * scale, (r + 4) * scale), dark ? 0 : 1, `module ${r},${col}`);
				}
			assert.equal((await t.get(`/v/certificate/${c.number}/qr.png?issuer=nope`)).status, 400);

			// The printable sheet: a well-formed PDF whose text names the record, holder and status, with the QR code.
			const sheet = await t.app.inject({
				method: "GET",
				url: `/v/certificate/${c.number}/sheet.pdf?issuer=${cb}`,
			});
			assert.equal(sheet.headers["content-type"], "application/pdf");
			const pdf = sheet.rawPayload.toString("latin1");
			assert.ok(pdf.startsWith("%PDF-1.7\n") && pdf.endsWith("%%EOF\n"));
			const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
			const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
			for (const [i, off] of offsets.entries())
				assert.ok(pdf.startsWith(`${i + 1} 0 obj\n`, off), `object ${i + 1} at ${off}`);
			const hex = (s: string) =>
				[...s].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, "0")).join("");
			for (const shown of [c.number, "上海扫码示范有限公司", "有效 Valid", address])
				assert.ok(pdf.includes(hex(shown)), `the sheet shows ${shown}`);
			const squares = pdf.match(/ re f$/gm)?.length ?? 0;
			assert.ok(squares > modules.flat().filter(Boolean).length * 0.99, `${squares} QR squares`);
			assert.equal((await t.get("/v/certificate/00126Q7777777R0M/sheet.pdf")).status, 404);
		});

		it("verifies a pasted list of numbers and suppliers' USCCs, and gives it as CSV", async () => {
			const supplier = newUscc();
			const held = [
				cert(cb, { holderUscc: supplier, holderName: "上海供应商甲有限公司" }),
				cert(cb, { holderUscc: supplier, holderName: "上海供应商甲有限公司" }),
			];
			for (const c of held) await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
			const single = cert(cb);
			await t.request("POST", "/api/v1/certificates", { as: asCb, body: single });
			const lines = [
				"证书编号,发证机构",
				`${single.number},${cb}`,
				supplier,
				"00126Q8888888R0M",
				newUscc(),
				"",
				"坏编号！",
				"91310000000000000X",
			].join("\n");
			const res = await t.request("POST", "/api/v1/verify/bulk", { body: { type: "certificate", lines } });
			assert.equal(res.status, 200, res.raw);
			const rows = res.body.rows as {
				line: number;
				kind: string;
				statements: VerificationStatement[];
				error: { code: string } | null;
			}[];
			assert.deepEqual(
				rows.map((r) => [r.line, r.kind, r.statements.length, r.error?.code ?? null]),
				[
					[2, "number", 1, null],
					[3, "uscc", 2, null],
					[4, "number", 1, null],
					[5, "uscc", 0, "ORG_NOT_REGISTERED"],
					[7, "number", 1, null],
					[8, "uscc", 0, "USCC_CHECK_FAILED"],
				],
			);
			assert.deepEqual(
				rows[1]!.statements.map((s) => s.query.number).sort(),
				held.map((c) => c.number).sort(),
			);
			assert.equal(res.body.counts.valid, 3);
			assert.equal(res.body.counts.not_found, 2);
			assert.equal(res.body.counts.error, 2);
			for (const r of rows) for (const s of r.statements) assert.ok(checkStatement(s, trust()).ok);

			const csv = await t.request("POST", "/api/v1/verify/bulk?format=csv", {
				body: `number\n${single.number}\n${supplier}\n`,
				contentType: "text/csv",
			});
			assert.equal(csv.status, 200, csv.raw);
			assert.match(String(csv.headers["content-type"]), /^text\/csv/);
			const out = (csv.raw as string)
				.replace(/^\uFEFF/, "")
				.trim()
				.split("\r\n");
			assert.equal(out.length, 4, "a header and three statements");
			assert.ok(out[0]!.startsWith("line,input,type,number,result,结论"));
			assert.ok(
				out.slice(1).every((l) => l.includes(",valid,有效,")),
				out.join("\n"),
			);

			// The portal's form posts the same list, URL-encoded.
			const form = await t.request("POST", "/verify", {
				body: new URLSearchParams({ type: "certificate", lines: `${single.number}\n${supplier}` }).toString(),
				contentType: "application/x-www-form-urlencoded",
			});
			assert.equal(form.status, 200);
			assert.match(form.raw, /共 2 行，3 条结论/);
			const bad = await t.request("POST", "/verify", {
				body: "type=certificate&lines=",
				contentType: "application/x-www-form-urlencoded",
			});
			assert.equal(bad.status, 400);
			assert.match(bad.raw, /请至少填写一个证书编号或统一社会信用代码/);

			const empty = await t.request("POST", "/api/v1/verify/bulk", { body: { lines: "\n \n" } });
			assert.deepEqual([empty.status, empty.body.error.field], [400, "lines"]);
			const tooMany = await t.request("POST", "/api/v1/verify/bulk", {
				body: {
					lines: Array.from({ length: 2001 }, (_, i) => `00126Q${String(i).padStart(7, "0")}R0M`).join("\n"),
				},
			});
			assert.deepEqual([tooMany.status, tooMany.body.error.rule], [400, "MAX_ITEMS"]);
		});
	});

describe("opentic verify-statement", () => {
	it("checks a saved statement offline, exit 0, and exits 1 on an altered one", async () => {
		const t = await testApp("sqlite");
		try {
			const cb = await makeCb(t.db.db);
			await makeAccount(t, "vs-cb", "cb_operator", cb);
			const as = await t.signIn("vs-cb");
			const c = cert(cb);
			await t.request("POST", "/api/v1/certificates", { as, body: c });
			const s = (await t.get(`/api/v1/verify?type=certificate&number=${c.number}`)).body;
			const keys = (await t.get("/api/v1/verify/key")).body;
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-statement-"));
			const file = path.join(dir, "statement.json");
			fs.writeFileSync(file, JSON.stringify(s, null, 2));
			const ok = await run(process.execPath, [
				BIN,
				"verify-statement",
				file,
				"--key",
				keys.statementKey,
				"--log-key",
				keys.logKey,
			]);
			assert.match(ok.stdout, new RegExp(`certificate ${c.number}: valid — as of log checkpoint \\d+`));
			assert.match(ok.stdout, /not established: an offline check cannot see changes after the checkpoint/);
			assert.doesNotMatch(ok.stdout, /FAIL/);
			fs.writeFileSync(file, JSON.stringify({ ...s, since: "2020-01-01" }));
			await assert.rejects(
				run(process.execPath, [BIN, "verify-statement", file, "--key", keys.statementKey]),
				(e: { code: number; stdout: string }) => {
					assert.equal(e.code, 1);
					assert.match(e.stdout, /FAIL signature/);
					return true;
				},
			);
			fs.writeFileSync(file, "not json");
			await assert.rejects(
				run(process.execPath, [BIN, "verify-statement", file]),
				(e: { code: number }) => e.code === 2,
			);
		} finally {
			await t.close();
		}
	});
});
