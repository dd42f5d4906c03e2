/**
 * QR codes of verification pages, as SVG and PNG. The symbol comes from qrcode-generator (byte mode,
 * error correction level M, so a printed code survives some wear); the SVG is one path and the PNG a
 * 1-bit greyscale image written here with node:zlib, both with the four-module quiet zone the standard
 * asks for.
 */
import { crc32, deflateSync } from "node:zlib";
import qrcode from "qrcode-generator";

const QUIET = 4;

/** The dark modules of the symbol for `text` (ASCII: URLs are percent-encoded). */
export function qrModules(text: string): boolean[][] {
	if (!/^[\x20-\x7e]+$/.test(text))
		throw new Error("a QR text here is printable ASCII (percent-encode URLs)");
	const qr = qrcode(0, "M");
	qr.addData(text, "Byte");
	qr.make();
	const n = qr.getModuleCount();
	return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

/** A scalable SVG of the symbol, one unit per module, black on white. */
export function qrSvg(text: string, title: string): string {
	const m = qrModules(text);
	const size = m.length + 2 * QUIET;
	let d = "";
	m.forEach((row, r) => {
		// Runs of dark modules on a row become one rectangle each.
		for (let c = 0; c < row.length; ) {
			if (!row[c]) {
				c++;
				continue;
			}
			let end = c;
			while (end < row.length && row[end]) end++;
			d += `M${c + QUIET} ${r + QUIET}h${end - c}v1h-${end - c}z`;
			c = end;
		}
	});
	const safeTitle = title.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" role="img"><title>${safeTitle}</title><rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

/** A PNG of the symbol, `scale` pixels per module (1-bit greyscale). */
export function qrPng(text: string, scale = 8): Buffer {
	const m = qrModules(text);
	const px = (m.length + 2 * QUIET) * scale;
	const stride = Math.ceil(px / 8);
	const raw = Buffer.alloc((stride + 1) * px, 0);
	for (let y = 0; y < px; y++) {
		const r = Math.floor(y / scale) - QUIET;
		const rowAt = y * (stride + 1);
		raw[rowAt] = 0; // filter: none
		for (let x = 0; x < px; x++) {
			const c = Math.floor(x / scale) - QUIET;
			const dark = r >= 0 && c >= 0 && r < m.length && c < m.length && m[r]![c]!;
			// In 1-bit greyscale a set bit is white.
			if (!dark) raw[rowAt + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(px, 0);
	ihdr.writeUInt32BE(px, 4);
	ihdr[8] = 1; // bit depth
	ihdr[9] = 0; // greyscale
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk("IHDR", ihdr),
		chunk("IDAT", deflateSync(raw, { level: 9 })),
		chunk("IEND", Buffer.alloc(0)),
	]);
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, "ascii");
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}
