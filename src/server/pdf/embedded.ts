/**
 * The PDF file with an embedded font (font.ts) instead of the standard STSong-Light: the same pages
 * (pdf.ts draws text as UTF-16 hex strings), their strings re-encoded as the subset's CIDs, content
 * streams compressed. Objects 1–3 are the catalogue, the page tree and the information; the pages follow,
 * then the font's five objects.
 */
import { deflateSync } from "node:zlib";
import { type CjkFont, FontUse } from "./font.ts";
import { A4, type PdfPage, pdfString } from "./pdf.ts";

/** The document with `font` embedded (subset to the characters the pages use). */
export function pdfDocumentEmbedded(pages: PdfPage[], info: { title: string }, font: CjkFont): Buffer {
	const use = new FontUse(font);
	const PAGES_FROM = 4;
	const fontObj = PAGES_FROM + 2 * pages.length;
	const kids = pages.map((_, i) => `${PAGES_FROM + 2 * i} 0 R`).join(" ");
	const objects: (string | Buffer)[] = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
		// A text string in UTF-16BE carries its byte-order mark (ISO 32000-1 §7.9.2.2).
		`<< /Producer (OpenTIC) /Title <FEFF${pdfString(info.title).slice(1)} >>`,
	];
	for (const [i, p] of pages.entries()) {
		// Each string drawn is UTF-16BE hex (pdfString); here it becomes the subset's CIDs.
		const content = p.ops.join("\n").replace(/<([0-9a-f]*)> Tj/g, (_, hex: string) => {
			const units: number[] = [];
			for (let k = 0; k < hex.length; k += 4) units.push(Number.parseInt(hex.slice(k, k + 4), 16));
			return `${use.encode(units)} Tj`;
		});
		const packed = deflateSync(Buffer.from(content, "latin1"));
		objects.push(
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Resources << /Font << /F1 ${fontObj} 0 R >> >> /Contents ${PAGES_FROM + 2 * i + 1} 0 R >>`,
			Buffer.concat([
				Buffer.from(`<< /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, "latin1"),
				packed,
				Buffer.from("\nendstream", "latin1"),
			]),
		);
	}
	objects.push(...use.objects(fontObj));
	const chunks: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
	let length = chunks[0]!.length;
	const offsets: number[] = [];
	for (const [i, o] of objects.entries()) {
		offsets.push(length);
		const piece = Buffer.concat([
			Buffer.from(`${i + 1} 0 obj\n`, "latin1"),
			typeof o === "string" ? Buffer.from(o, "latin1") : o,
			Buffer.from("\nendobj\n", "latin1"),
		]);
		chunks.push(piece);
		length += piece.length;
	}
	let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) tail += `${String(off).padStart(10, "0")} 00000 n \n`;
	tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${length}\n%%EOF\n`;
	chunks.push(Buffer.from(tail, "latin1"));
	return Buffer.concat(chunks);
}
