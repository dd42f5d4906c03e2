/**
 * A small PDF writer (ISO 32000-1) for the register's printable documents: pages of text lines, rules and
 * filled squares, in Chinese and Latin. Text uses Adobe's standard Chinese font STSong-Light with the
 * UniGB-UCS2-H encoding (ISO 32000-1 §9.7.5.2, predefined CMaps): every PDF reader ships or substitutes it,
 * so no font is embedded and a page weighs a few kilobytes. Written here rather than with a PDF library:
 * the documents need text, rules and squares only.
 */

/** A4 in points (ISO 216: 210 × 297 mm). */
export const A4 = { w: 595.28, h: 841.89 } as const;

/** STSong-Light's advances for ASCII 0x20–0x7E (Adobe-GB1 CIDs 1–95), in thousandths of the size. */
const LATIN_WIDTHS = [
	207, 270, 342, 467, 462, 797, 710, 239, 374, 374, 423, 605, 238, 375, 238, 334, 462, 462, 462, 462, 462,
	462, 462, 462, 462, 462, 238, 238, 605, 605, 605, 344, 748, 684, 560, 695, 739, 563, 511, 729, 793, 318,
	312, 666, 526, 896, 758, 772, 544, 772, 628, 465, 607, 753, 711, 972, 647, 620, 607, 374, 333, 374, 606,
	500, 239, 417, 503, 427, 529, 415, 264, 444, 518, 241, 230, 495, 228, 793, 527, 524, 524, 504, 338, 336,
	277, 517, 450, 652, 466, 452, 407, 370, 258, 370, 605,
];

/**
 * A PDF string in the font's encoding: UTF-16BE code units, as hex. Characters beyond the BMP become "?";
 * the middle dot, which GB 2312 lacks, becomes the katakana middle dot it has; the en dash, likewise, the
 * em dash.
 */
export function pdfString(s: string): string {
	let hex = "";
	for (const ch of s) {
		const c = ch.codePointAt(0)!;
		const code = c === 0xb7 ? 0x30fb : c === 0x2013 ? 0x2014 : c;
		hex += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, "0");
	}
	return `<${hex}>`;
}

/** The advance of a line at `size` points: Latin by the widths above, everything else full width. */
export function textWidth(s: string, size: number): number {
	let w = 0;
	for (const ch of s) {
		const code = ch.codePointAt(0)!;
		w += code >= 0x20 && code <= 0x7e ? LATIN_WIDTHS[code - 0x20]! / 1000 : 1;
	}
	return w * size;
}

/** Punctuation that must not begin a line (it hangs in the margin instead), and that must not end one. */
const NO_LINE_START = /^[，。、；：？！）》」』】〕〉”’…,.;:!?)\]}]/;
const NO_LINE_END = /[（《「『【〔〈“‘]$/;

/**
 * Breaks text into lines that fit `max` points: between Chinese characters, or at spaces in Latin text; a
 * Latin word longer than a line (a hash, an address) is cut where it must. Closing punctuation never
 * begins a line and opening punctuation never ends one (W3C "Requirements for Chinese Text Layout", its
 * prohibition rules for line start and end), so a comma may hang into the margin. Newlines are kept as breaks.
 */
export function wrapText(s: string, size: number, max: number): string[] {
	const out: string[] = [];
	for (const paragraph of s.split("\n")) {
		let line = "";
		// Latin words (with their trailing space) stay whole; every other character stands alone.
		for (const word of paragraph.match(/[\x21-\x7e]+ ?| |[^\x20-\x7e]/g) ?? []) {
			for (const token of splitLong(word, size, max)) {
				if (textWidth(line + token.trimEnd(), size) > max && line.trim() && !NO_LINE_START.test(token)) {
					let carry = "";
					while (NO_LINE_END.test(line) && line.length > 1) {
						carry = line.slice(-1) + carry;
						line = line.slice(0, -1);
					}
					out.push(line.trimEnd());
					line = carry;
				}
				line += line === "" ? token.trimStart() : token;
			}
		}
		out.push(line.trimEnd());
	}
	// Blank lines inside are kept (they were asked for); leading and trailing ones are not.
	while (out.length > 1 && out[out.length - 1] === "") out.pop();
	return out.length ? out : [""];
}

/** A word wider than the line, in pieces that fit. */
function splitLong(word: string, size: number, max: number): string[] {
	if (textWidth(word.trimEnd(), size) <= max) return [word];
	const pieces: string[] = [];
	let piece = "";
	for (const ch of word) {
		if (textWidth(piece + ch, size) > max && piece) {
			pieces.push(piece);
			piece = "";
		}
		piece += ch;
	}
	if (piece) pieces.push(piece);
	return pieces;
}

/** One page's drawing, as content-stream operators (ISO 32000-1 §8, §9.4). Coordinates from bottom left. */
export class PdfPage {
	readonly ops: string[] = [];

	/** A line of text at (x, y), its baseline; `gray` from 0 (black) to 1 (white). */
	text(x: number, y: number, size: number, s: string, gray = 0): void {
		const colour = gray ? `${gray} g ` : "";
		this.ops.push(
			`BT ${colour}/F1 ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td ${pdfString(s)} Tj ET${gray ? " 0 g" : ""}`,
		);
	}

	/** A horizontal rule from x1 to x2 at y. */
	rule(x1: number, x2: number, y: number, width = 0.6, gray = 0): void {
		const colour = gray ? `${gray} G ` : "";
		this.ops.push(
			`${colour}${width} w ${x1.toFixed(2)} ${y.toFixed(2)} m ${x2.toFixed(2)} ${y.toFixed(2)} l S${gray ? " 0 G" : ""}`,
		);
	}

	/** A filled black rectangle, (x, y) its lower-left corner. */
	square(x: number, y: number, w: number, h: number): void {
		this.ops.push(`${x.toFixed(2)} ${y.toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)} re f`);
	}
}

/**
 * The file: A4 pages sharing the font, with the title in the document information. Objects 1–6 are the
 * catalogue, the page tree, the font (Type0, its CIDFont and descriptor) and the information; each page
 * follows as two objects, the page and its content stream, uncompressed so that the text stays readable.
 */
export function pdfDocument(pages: PdfPage[], info: { title: string }): Buffer {
	const PAGES_FROM = 7;
	const kids = pages.map((_, i) => `${PAGES_FROM + 2 * i} 0 R`).join(" ");
	const objects = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
		// Adobe-GB1 CIDs 1–95 are STSong's proportional Latin glyphs (space to tilde), with these advances.
		`<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 /W [1 [${LATIN_WIDTHS.join(" ")}]] >>`,
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
		`<< /Producer (OpenTIC) /Title ${pdfString(info.title)} >>`,
	];
	for (const [i, p] of pages.entries()) {
		const content = p.ops.join("\n");
		objects.push(
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${PAGES_FROM + 2 * i + 1} 0 R >>`,
			`<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
		);
	}
	let out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
	const offsets: number[] = [];
	for (const [i, o] of objects.entries()) {
		offsets.push(Buffer.byteLength(out, "latin1"));
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	}
	const xref = Buffer.byteLength(out, "latin1");
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, "latin1");
}
