/**
 * A printable verification sheet: one A4 page in PDF with the record's key facts, its status on the day
 * it was printed, and the QR code of its verification page, for a body to hand out with a certificate or
 * report. Drawn with the register's PDF writer (src/server/pdf/pdf.ts: the standard Chinese font, nothing
 * embedded, so a sheet is about 25 KB); the QR code is drawn as vector squares.
 */
import { A4, PdfPage, pdfDocument, wrapText } from "../pdf/pdf.ts";
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

const MARGIN = 56;

export function sheetPdf(sheet: Sheet): Buffer {
	const page = new PdfPage();
	const put = (x: number, y: number, size: number, s: string) => page.text(x, y, size, s);
	let y = A4.h - MARGIN - 10;
	put(MARGIN, y, 20, sheet.title);
	y -= 22;
	put(MARGIN, y, 10, sheet.subtitle);
	y -= 14;
	page.rule(MARGIN, A4.w - MARGIN, y);
	y -= 36;
	put(MARGIN, y, 24, sheet.verdict);
	y -= 30;

	// The QR code, top right of the facts: 4 modules of quiet zone included.
	const modules = qrModules(sheet.url);
	const qrSize = 150;
	const cell = qrSize / (modules.length + 8);
	const qx = A4.w - MARGIN - qrSize;
	const qy = y - qrSize + 20;
	for (const [r, row] of modules.entries())
		for (const [c, dark] of row.entries())
			if (dark) page.square(qx + (c + 4) * cell, qy + qrSize - (r + 5) * cell, cell, cell);

	const labelW = 110;
	const valueMax = qx - MARGIN - labelW - 16;
	for (const l of sheet.lines) {
		const parts = wrapText(l.value, 11, y > qy - 10 ? valueMax : A4.w - 2 * MARGIN - labelW);
		put(MARGIN, y, 11, l.label);
		for (const p of parts) {
			put(MARGIN + labelW, y, 11, p);
			y -= 17;
		}
		y -= 4;
	}
	y = Math.min(y, qy - 24);
	for (const p of wrapText(sheet.url, 9, A4.w - 2 * MARGIN)) {
		put(MARGIN, y, 9, p);
		y -= 13;
	}
	y -= 10;
	page.rule(MARGIN, A4.w - MARGIN, y);
	y -= 18;
	for (const f of sheet.footer)
		for (const p of wrapText(f, 9, A4.w - 2 * MARGIN)) {
			put(MARGIN, y, 9, p);
			y -= 13;
		}
	return pdfDocument([page], { title: sheet.title });
}
