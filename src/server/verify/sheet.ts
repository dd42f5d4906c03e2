/**
 * A printable verification sheet: one A4 page in PDF with the record's key facts, its status on the day
 * it was printed, and the QR code of its verification page, for a body to hand out with a certificate or
 * report. Chinese text uses Adobe's standard Chinese font STSong-Light with the UniGB-UCS2-H encoding: every
 * PDF reader ships or substitutes it (the file embeds no font, so a sheet is about 25 KB); the QR code
 * is drawn as vector squares. Written here rather than with a PDF library: the page needs text lines,
 * rules and squares only.
 */
import { qrModules } from "./qr.ts";

export interface SheetLine {
	label: string;
	value: string;
}

export interface Sheet {
	title: string;
	subtitle: string;
	/** The result in large type, e.g. "有效 Valid". */
	verdict: string;
	lines: SheetLine[];
	/** The verification page's address, encoded in the QR code and printed under it. */
	url: string;
	footer: string[];
}

const A4 = { w: 595.28, h: 841.89 };
/** STSong-Light's advances for ASCII 0x20–0x7E (Adobe-GB1 CIDs 1–95), in thousandths of the size. */
const LATIN_WIDTHS = [
	207, 270, 342, 467, 462, 797, 710, 239, 374, 374, 423, 605, 238, 375, 238, 334, 462, 462, 462, 462, 462,
	462, 462, 462, 462, 462, 238, 238, 605, 605, 605, 344, 748, 684, 560, 695, 739, 563, 511, 729, 793, 318,
	312, 666, 526, 896, 758, 772, 544, 772, 628, 465, 607, 753, 711, 972, 647, 620, 607, 374, 333, 374, 606,
	500, 239, 417, 503, 427, 529, 415, 264, 444, 518, 241, 230, 495, 228, 793, 527, 524, 524, 504, 338, 336,
	277, 517, 450, 652, 466, 452, 407, 370, 258, 370, 605,
];
const MARGIN = 56;

/** A PDF string in the font's encoding: UTF-16BE code units, as hex. Characters beyond the BMP become "?"; the
 * middle dot, which GB 2312 lacks, becomes the katakana middle dot it has. */
function text(s: string): string {
	let hex = "";
	for (const ch of s) {
		const code = ch === "\u00b7" ? 0x30fb : ch.codePointAt(0)!;
		hex += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, "0");
	}
	return `<${hex}>`;
}

/** The advance of a line at `size` points: Latin by the widths above, everything else full width. */
function width(s: string, size: number): number {
	let w = 0;
	for (const ch of s) {
		const code = ch.codePointAt(0)!;
		w += code >= 0x20 && code <= 0x7e ? LATIN_WIDTHS[code - 0x20]! / 1000 : 1;
	}
	return w * size;
}

/** Breaks a value into lines that fit `max` points: between Chinese characters, or at spaces in Latin text. */
function wrap(s: string, size: number, max: number): string[] {
	const out: string[] = [];
	let line = "";
	// Latin words (with their trailing space) stay whole; every other character stands alone.
	for (const token of s.match(/[\x21-\x7e]+ ?| |[^\x20-\x7e]/g) ?? []) {
		if (width(line + token.trimEnd(), size) > max && line.trim()) {
			out.push(line.trimEnd());
			line = "";
		}
		line += line === "" ? token.trimStart() : token;
	}
	if (line.trim()) out.push(line.trimEnd());
	return out.length ? out : [""];
}

export function sheetPdf(sheet: Sheet): Buffer {
	const ops: string[] = [];
	const put = (x: number, y: number, size: number, s: string) =>
		ops.push(`BT /F1 ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td ${text(s)} Tj ET`);
	let y = A4.h - MARGIN - 10;
	put(MARGIN, y, 20, sheet.title);
	y -= 22;
	put(MARGIN, y, 10, sheet.subtitle);
	y -= 14;
	ops.push(`0.6 w ${MARGIN} ${y.toFixed(2)} m ${A4.w - MARGIN} ${y.toFixed(2)} l S`);
	y -= 36;
	put(MARGIN, y, 24, sheet.verdict);
	y -= 30;

	// The QR code, top right of the facts: 4 modules of quiet zone included.
	const modules = qrModules(sheet.url);
	const qrSize = 150;
	const cell = qrSize / (modules.length + 8);
	const qx = A4.w - MARGIN - qrSize;
	const qy = y - qrSize + 20;
	ops.push("0 g");
	for (const [r, row] of modules.entries())
		for (const [c, dark] of row.entries())
			if (dark)
				ops.push(
					`${(qx + (c + 4) * cell).toFixed(2)} ${(qy + qrSize - (r + 5) * cell).toFixed(2)} ${cell.toFixed(2)} ${cell.toFixed(2)} re f`,
				);

	const labelW = 110;
	const valueMax = qx - MARGIN - labelW - 16;
	for (const l of sheet.lines) {
		const parts = wrap(l.value, 11, y > qy - 10 ? valueMax : A4.w - 2 * MARGIN - labelW);
		put(MARGIN, y, 11, l.label);
		for (const p of parts) {
			put(MARGIN + labelW, y, 11, p);
			y -= 17;
		}
		y -= 4;
	}
	y = Math.min(y, qy - 24);
	for (const p of wrap(sheet.url, 9, A4.w - 2 * MARGIN)) {
		put(MARGIN, y, 9, p);
		y -= 13;
	}
	y -= 10;
	ops.push(`0.6 w ${MARGIN} ${y.toFixed(2)} m ${A4.w - MARGIN} ${y.toFixed(2)} l S`);
	y -= 18;
	for (const f of sheet.footer)
		for (const p of wrap(f, 9, A4.w - 2 * MARGIN)) {
			put(MARGIN, y, 9, p);
			y -= 13;
		}

	const content = ops.join("\n");
	const objects = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		`<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
		`<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
		// Adobe-GB1 CIDs 1–95 are STSong's proportional Latin glyphs (space to tilde), with these advances.
		`<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 /W [1 [${LATIN_WIDTHS.join(" ")}]] >>`,
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
		`<< /Producer (OpenTIC) /Title ${text(sheet.title)} >>`,
	];
	let out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(Buffer.byteLength(out, "latin1"));
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out, "latin1");
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, "latin1");
}
