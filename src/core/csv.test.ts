import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CsvReader, csvField, parseCsv, spreadsheetCell } from "./csv.ts";

describe("CSV reader (RFC 4180)", () => {
	it("reads plain and quoted fields with the line each record starts on", () => {
		const recs = parseCsv('a,b,c\n1,"上海,浦东","say ""hi"""\n"multi\nline",x,\n');
		assert.deepEqual(recs, [
			{ line: 1, fields: ["a", "b", "c"] },
			{ line: 2, fields: ["1", "上海,浦东", 'say "hi"'] },
			{ line: 3, fields: ["multi\nline", "x", ""] },
		]);
	});

	it("accepts CRLF and a missing final newline, and skips blank lines", () => {
		assert.deepEqual(parseCsv("a,b\r\n\r\n1,2"), [
			{ line: 1, fields: ["a", "b"] },
			{ line: 3, fields: ["1", "2"] },
		]);
	});

	it("gives the same records whatever the chunking", () => {
		const text = 'no,name\r\n1,"华信""达""\r\n科技"\n2,plain\n"3",x\r\n';
		const whole = parseCsv(text);
		for (const size of [1, 2, 3, 5]) {
			const r = new CsvReader();
			const got = [];
			for (let i = 0; i < text.length; i += size) got.push(...r.push(text.slice(i, i + size)));
			got.push(...r.end());
			assert.deepEqual(got, whole, `chunk size ${size}`);
		}
	});

	it("reports a stray quote in an unquoted field and resumes at the next line", () => {
		const recs = parseCsv('a,b\n1,ab"c\n2,ok\n');
		assert.equal(recs[1]?.error?.rule, "CSV_QUOTE_STRAY");
		assert.equal(recs[1]?.line, 2);
		assert.deepEqual(recs[2], { line: 3, fields: ["2", "ok"] });
	});

	it("reports text after a closing quote", () => {
		const recs = parseCsv('a\n"x"y\nz\n');
		assert.equal(recs[1]?.error?.rule, "CSV_QUOTE_TRAILING");
		assert.deepEqual(recs[2], { line: 3, fields: ["z"] });
	});

	it("reports a quote never closed, at the line it opened", () => {
		const recs = parseCsv('a,b\n1,"open\n2,3\n');
		assert.equal(recs.at(-1)?.error?.rule, "CSV_QUOTE_UNCLOSED");
		assert.equal(recs.at(-1)?.line, 2);
	});

	it("quotes output fields only when needed", () => {
		assert.equal(csvField("上海"), "上海");
		assert.equal(csvField('a,"b"'), '"a,""b"""');
		assert.equal(csvField("two\nlines"), '"two\nlines"');
	});

	it("writes spreadsheet cells that never run as a formula", () => {
		assert.deepEqual([null, undefined, 42, "上海", "=1+1", "-3", "@SUM(A1)", '+a,"b"'].map(spreadsheetCell), [
			"",
			"",
			"42",
			"上海",
			"'=1+1",
			"'-3",
			"'@SUM(A1)",
			'"\'+a,""b"""',
		]);
	});
});
