import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fieldRows, PdfFlow, textRows } from "./flow.ts";
import { PdfPage, pdfDocument, pdfString, textWidth, wrapText } from "./pdf.ts";

describe("PDF text", () => {
	it("encodes text as UTF-16BE hex, with the substitutions the font needs", () => {
		assert.equal(pdfString("信A"), "<4fe10041>");
		assert.equal(pdfString("a·b–c"), "<006130fb006220140063>");
		assert.equal(pdfString("𠀀"), "<003f>");
	});

	it("wraps between Chinese characters and at Latin spaces, cutting only words wider than a line", () => {
		const size = 10;
		const lines = wrapText("检验检测机构资质认定管理办法 applies to every laboratory in Shanghai", size, 100);
		for (const l of lines) assert.ok(textWidth(l, size) <= 100, `"${l}" fits`);
		const words = (s: string) => s.replace(/ /g, "");
		assert.equal(
			words(lines.join("")),
			words("检验检测机构资质认定管理办法 applies to every laboratory in Shanghai"),
		);
		// Latin words are never split.
		for (const w of ["applies", "every", "laboratory", "Shanghai"])
			assert.ok(lines.some((l) => l.includes(w)));
		const hash = "E+pgvTaCihaE0g2Tk7kllM/1rhTIR8qiBkxPz9lXCfA=";
		const cut = wrapText(hash, 10, 80);
		assert.ok(cut.length > 1 && cut.join("") === hash);
		assert.deepEqual(wrapText("", 10, 80), [""]);
		assert.deepEqual(wrapText("甲\n乙", 10, 80), ["甲", "乙"]);
	});

	it("never begins a line with closing punctuation, nor ends one with opening punctuation", () => {
		// Ten characters fill the line exactly; the comma after them hangs rather than starting the next.
		const lines = wrapText("一二三四五六七八九十，十一", 10, 100);
		assert.deepEqual(lines, ["一二三四五六七八九十，", "十一"]);
		const opening = wrapText("一二三四五六七八九《十一》", 10, 100);
		assert.deepEqual(opening, ["一二三四五六七八九", "《十一》"]);
	});
});

describe("PDF documents", () => {
	it("writes pages that share one font, with a valid cross-reference table", () => {
		const pages = [new PdfPage(), new PdfPage()];
		pages[0]!.text(50, 700, 12, "第一页");
		pages[1]!.rule(50, 500, 400);
		pages[1]!.square(10, 10, 5, 5);
		const pdf = pdfDocument(pages, { title: "测试" }).toString("latin1");
		assert.ok(pdf.startsWith("%PDF-1.7\n") && pdf.endsWith("%%EOF\n"));
		assert.match(pdf, /\/Kids \[7 0 R 9 0 R\] \/Count 2/);
		const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
		assert.ok(pdf.startsWith("xref\n0 11\n", xrefAt));
		const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
		assert.equal(offsets.length, 10);
		for (const [i, off] of offsets.entries()) assert.ok(pdf.startsWith(`${i + 1} 0 obj\n`, off));
		assert.ok(pdf.includes(pdfString("第一页")));
		assert.equal(pdf.match(/\/F1 3 0 R/g)?.length, 2);
	});

	it("flows rows onto new pages, keeps blocks whole and numbers every page", () => {
		const flow = new PdfFlow({ header: "页眉", footer: (n, count) => `第 ${n} 页，共 ${count} 页` });
		const blocks = 30;
		for (let k = 0; k < blocks; k++)
			flow.keep([
				...textRows(`事件 ${k}`, flow.width, { size: 11 }),
				...fieldRows("决定书文号", `文号-${k}`, flow.width),
				...fieldRows("摘要", "长".repeat(120), flow.width),
			]);
		const pages = flow.finish();
		assert.ok(pages.length >= 3, `${pages.length} pages`);
		for (const [i, p] of pages.entries()) {
			const content = p.ops.join("\n");
			assert.ok(content.includes(pdfString(`第 ${i + 1} 页，共 ${pages.length} 页`)));
			assert.equal(content.includes(pdfString("页眉")), i > 0, "the running header from the second page");
		}
		for (let k = 0; k < blocks; k++) {
			const on = pages.filter((p) => p.ops.join("\n").includes(pdfString(`事件 ${k}`)));
			assert.equal(on.length, 1);
			assert.ok(on[0]!.ops.join("\n").includes(pdfString(`文号-${k}`)), `block ${k} is whole`);
		}
		// Nothing is drawn below the footer's rule or above the top margin.
		for (const p of pages)
			for (const m of p.ops.join("\n").matchAll(/ ([\d.]+) Td/g))
				assert.ok(Number(m[1]) >= 50 && Number(m[1]) < 842 - 50, `baseline ${m[1]}`);
	});
});
