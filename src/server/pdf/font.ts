/**
 * Embedding a Chinese font in a PDF: Noto Serif CJK SC (or Sans) from the system's OpenType collection,
 * cut down to the glyphs a document uses, as a CIDFontType0C font program (ISO 32000-1 §9.9, Adobe
 * Technical Note #5176 "The Compact Font Format Specification"). The subset keeps every glyph's place —
 * a glyph the document does not use becomes an empty charstring (`endchar`) — so glyph ids, CIDs, the
 * FDSelect and the subroutines stay valid and only the CharStrings INDEX and the offsets after it change.
 * Text is written with Identity-H (two-byte CIDs) and a ToUnicode CMap, so it can still be searched and
 * copied. Returns null when no such font is installed; callers then use the standard STSong-Light.
 */
import { existsSync, readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

/** Where the collection is looked for, in order; OPENTIC_PDF_FONT names another. */
const CANDIDATES = [
	"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
];

export interface Index {
	count: number;
	/** Absolute offsets of the items' starts, plus the end. */
	starts: number[];
	/** First byte after the INDEX. */
	end: number;
}

/** A CFF INDEX at `p` (CFF §5). */
export function readIndex(b: Buffer, p: number): Index {
	const count = b.readUInt16BE(p);
	if (count === 0) return { count, starts: [], end: p + 2 };
	const size = b[p + 2]!;
	const base = p + 3 + (count + 1) * size - 1;
	const starts: number[] = [];
	for (let i = 0; i <= count; i++) starts.push(base + b.readUIntBE(p + 3 + i * size, size));
	return { count, starts, end: starts[count]! };
}

/** A DICT operand: its value and where its bytes are. */
export interface Operand {
	value: number;
	at: number;
	length: number;
}

/** Parses a DICT into operator → operands (two-byte operators as 1200 + second byte). */
export function readDict(b: Buffer, from: number, to: number): Map<number, Operand[]> {
	const out = new Map<number, Operand[]>();
	let ops: Operand[] = [];
	let p = from;
	while (p < to) {
		const b0 = b[p]!;
		if (b0 <= 21) {
			const op = b0 === 12 ? 1200 + b[p + 1]! : b0;
			p += b0 === 12 ? 2 : 1;
			out.set(op, ops);
			ops = [];
		} else if (b0 === 28) {
			ops.push({ value: b.readInt16BE(p + 1), at: p, length: 3 });
			p += 3;
		} else if (b0 === 29) {
			ops.push({ value: b.readInt32BE(p + 1), at: p, length: 5 });
			p += 5;
		} else if (b0 === 30) {
			const at = p++;
			while (p < to && (b[p]! & 0x0f) !== 0x0f && (b[p]! & 0xf0) !== 0xf0) p++;
			p++;
			ops.push({ value: Number.NaN, at, length: p - at });
		} else if (b0 >= 32 && b0 <= 246) {
			ops.push({ value: b0 - 139, at: p, length: 1 });
			p += 1;
		} else if (b0 >= 247 && b0 <= 250) {
			ops.push({ value: (b0 - 247) * 256 + b[p + 1]! + 108, at: p, length: 2 });
			p += 2;
		} else if (b0 >= 251 && b0 <= 254) {
			ops.push({ value: -(b0 - 251) * 256 - b[p + 1]! - 108, at: p, length: 2 });
			p += 2;
		} else throw new Error(`CFF DICT: unexpected byte ${b0}`);
	}
	return out;
}

/** The font as loaded once: cmap, advances, and the CFF program's parts. */
export interface CjkFont {
	name: string;
	/** The glyph of a Unicode code point (0 when the font has none). */
	glyph(cp: number): number;
	/** The glyph's CID (charset). */
	cid(gid: number): number;
	/** Advance in thousandths of an em. */
	advance(gid: number): number;
	cff: Buffer;
	charStrings: Index;
	fdArray: Index;
	/** The Top DICT operand holding the FDArray offset. */
	fdArrayOperand: Operand;
	/** Within each Font DICT: the Private offset operand, relative to the CFF start. */
	privateOperands: Operand[];
}

let loaded: CjkFont | null | undefined;

/** The system's Noto CJK font, parsed once; null when none is installed or it cannot be read. */
export function embeddedCjkFont(): CjkFont | null {
	if (loaded !== undefined) return loaded;
	const path = [process.env.OPENTIC_PDF_FONT, ...CANDIDATES].find((p) => p && existsSync(p));
	try {
		loaded = path ? loadCollection(readFileSync(path)) : null;
	} catch {
		loaded = null;
	}
	return loaded;
}

function tables(f: Buffer, off: number): Map<string, { o: number; l: number }> {
	const out = new Map<string, { o: number; l: number }>();
	const n = f.readUInt16BE(off + 4);
	for (let t = 0; t < n; t++) {
		const r = off + 12 + 16 * t;
		out.set(f.toString("latin1", r, r + 4), { o: f.readUInt32BE(r + 8), l: f.readUInt32BE(r + 12) });
	}
	return out;
}

function familyName(f: Buffer, name: { o: number }): string {
	const count = f.readUInt16BE(name.o + 2);
	const strings = name.o + f.readUInt16BE(name.o + 4);
	for (let k = 0; k < count; k++) {
		const r = name.o + 6 + 12 * k;
		if (f.readUInt16BE(r) === 3 && f.readUInt16BE(r + 6) === 4) {
			const len = f.readUInt16BE(r + 8);
			const o = strings + f.readUInt16BE(r + 10);
			return Buffer.from(f.subarray(o, o + len))
				.swap16()
				.toString("utf16le");
		}
	}
	return "";
}

function loadCollection(f: Buffer): CjkFont | null {
	const faces = f.toString("latin1", 0, 4) === "ttcf" ? f.readUInt32BE(8) : 1;
	const offsets =
		f.toString("latin1", 0, 4) === "ttcf"
			? Array.from({ length: faces }, (_, i) => f.readUInt32BE(12 + 4 * i))
			: [0];
	// The Simplified Chinese face: its cmap maps shared code points to the mainland glyph forms.
	const face = offsets.find((o) => / SC\b/.test(familyName(f, tables(f, o).get("name")!))) ?? offsets[0]!;
	const t = tables(f, face);
	const cffT = t.get("CFF ");
	const cmapT = t.get("cmap");
	const hhea = t.get("hhea");
	const hmtx = t.get("hmtx");
	const head = t.get("head");
	if (!cffT || !cmapT || !hhea || !hmtx || !head) return null;
	const unitsPerEm = f.readUInt16BE(head.o + 18);
	const metrics = f.readUInt16BE(hhea.o + 34);
	const advance = (gid: number) =>
		Math.round((f.readUInt16BE(hmtx.o + 4 * Math.min(gid, metrics - 1)) * 1000) / unitsPerEm);
	// cmap: format 12 (3, 10) over the whole of Unicode.
	let groups: { start: number; end: number; gid: number }[] = [];
	const nSub = f.readUInt16BE(cmapT.o + 2);
	for (let i = 0; i < nSub; i++) {
		const r = cmapT.o + 4 + 8 * i;
		const sub = cmapT.o + f.readUInt32BE(r + 4);
		if (f.readUInt16BE(r) === 3 && f.readUInt16BE(r + 2) === 10 && f.readUInt16BE(sub) === 12) {
			const n = f.readUInt32BE(sub + 12);
			groups = Array.from({ length: n }, (_, g) => ({
				start: f.readUInt32BE(sub + 16 + 12 * g),
				end: f.readUInt32BE(sub + 20 + 12 * g),
				gid: f.readUInt32BE(sub + 24 + 12 * g),
			}));
		}
	}
	if (!groups.length) return null;
	const glyph = (cp: number) => {
		let lo = 0;
		let hi = groups.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const g = groups[mid]!;
			if (cp < g.start) hi = mid - 1;
			else if (cp > g.end) lo = mid + 1;
			else return g.gid + cp - g.start;
		}
		return 0;
	};
	const cff = f.subarray(cffT.o, cffT.o + cffT.l);
	const names = readIndex(cff, cff[2]!);
	const top = readIndex(cff, names.end);
	const dict = readDict(cff, top.starts[0]!, top.starts[1]!);
	const csOff = dict.get(17)?.[0]?.value;
	const fdOp = dict.get(1236)?.[0];
	const charsetOff = dict.get(15)?.[0]?.value;
	if (!csOff || !fdOp || !charsetOff || !dict.has(1230)) return null;
	const charStrings = readIndex(cff, csOff);
	const fdArray = readIndex(cff, fdOp.value);
	// Everything that moves when the CharStrings INDEX changes size must lie after it and be a 5-byte operand.
	if (fdOp.value < charStrings.end || fdOp.length !== 5) return null;
	const privateOperands: Operand[] = [];
	for (let i = 0; i < fdArray.count; i++) {
		const op = readDict(cff, fdArray.starts[i]!, fdArray.starts[i + 1]!).get(18)?.[1];
		if (op?.length !== 5 || op.value < charStrings.end) return null;
		privateOperands.push(op);
	}
	const cids = readCharset(cff, charsetOff, charStrings.count);
	return {
		name: familyName(f, t.get("name")!).replace(/\s+/g, ""),
		glyph,
		cid: (gid) => cids[gid] ?? 0,
		advance,
		cff,
		charStrings,
		fdArray,
		fdArrayOperand: fdOp,
		privateOperands,
	};
}

/** The charset: each glyph's CID (formats 0, 1, 2; glyph 0 is CID 0). */
function readCharset(b: Buffer, p: number, glyphs: number): Uint32Array {
	const out = new Uint32Array(glyphs);
	const format = b[p]!;
	let gid = 1;
	let q = p + 1;
	if (format === 0) for (; gid < glyphs; gid++, q += 2) out[gid] = b.readUInt16BE(q);
	else
		while (gid < glyphs) {
			const first = b.readUInt16BE(q);
			const left = format === 1 ? b[q + 2]! : b.readUInt16BE(q + 2);
			q += format === 1 ? 3 : 4;
			for (let k = 0; k <= left && gid < glyphs; k++) out[gid++] = first + k;
		}
	return out;
}

/** The font program with every glyph outside `keep` emptied. */
function subsetProgram(font: CjkFont, keep: ReadonlySet<number>): Buffer {
	const { cff, charStrings: cs } = font;
	const parts: Buffer[] = [];
	let total = 0;
	const lengths: number[] = [];
	for (let g = 0; g < cs.count; g++) {
		const piece = g === 0 || keep.has(g) ? cff.subarray(cs.starts[g]!, cs.starts[g + 1]!) : ENDCHAR;
		parts.push(piece);
		lengths.push(piece.length);
		total += piece.length;
	}
	const offSize = 4;
	const header = Buffer.alloc(3 + (cs.count + 1) * offSize);
	header.writeUInt16BE(cs.count, 0);
	header[2] = offSize;
	let off = 1;
	for (let g = 0; g <= cs.count; g++) {
		header.writeUInt32BE(off, 3 + g * offSize);
		off += lengths[g] ?? 0;
	}
	// Where the old INDEX began: its count field.
	const oldStart = indexStart(font);
	const delta = header.length + total - (cs.end - oldStart);
	const out = Buffer.concat([cff.subarray(0, oldStart), header, ...parts, cff.subarray(cs.end)]);
	const shift = (op: Operand, base: number) => out.writeInt32BE(op.value + delta, base + op.at + 1);
	// The FDArray offset sits in the Top DICT, before the CharStrings: its place does not move.
	shift(font.fdArrayOperand, 0);
	// The Private offsets sit inside the FDArray, which moved by `delta`.
	for (const op of font.privateOperands) shift(op, delta);
	return out;
}

const ENDCHAR = Buffer.from([14]);

function indexStart(font: CjkFont): number {
	// starts[0] = base + 1, base = p + 3 + (count + 1) * size - 1.
	const { cff, charStrings: cs } = font;
	for (const size of [1, 2, 3, 4]) {
		const p = cs.starts[0]! - 3 - (cs.count + 1) * size;
		if (p >= 0 && cff.readUInt16BE(p) === cs.count && cff[p + 2] === size) return p;
	}
	throw new Error("CFF: CharStrings INDEX not found");
}

/** One document's use of the font: codes (CIDs) for its text and the PDF objects that define it. */
export class FontUse {
	readonly #font: CjkFont;
	/** UTF-16 code unit → glyph, for the characters used. */
	readonly #glyphs = new Map<number, number>();

	constructor(font: CjkFont) {
		this.#font = font;
	}

	/** The hex string of `s` in this font (CIDs, two bytes each). */
	encode(units: readonly number[]): string {
		let hex = "";
		for (const u of units) {
			let g = this.#glyphs.get(u);
			if (g === undefined) {
				g = this.#font.glyph(u);
				this.#glyphs.set(u, g);
			}
			hex += this.#font.cid(g).toString(16).padStart(4, "0");
		}
		return `<${hex}>`;
	}

	/**
	 * The font's objects, numbered from `first`: Type0 font, CIDFont, descriptor, font program, ToUnicode.
	 * The Type0 font is object `first`.
	 */
	objects(first: number): string[] {
		const font = this.#font;
		const used = new Set(this.#glyphs.values());
		const program = deflateSync(subsetProgram(font, used));
		const tag = subsetTag(used);
		const base = `${tag}+${font.name}`;
		const widths = [...used]
			.map((g) => [font.cid(g), font.advance(g)] as const)
			.sort((a, b) => a[0] - b[0])
			.map(([cid, w]) => `${cid} [${w}]`)
			.join(" ");
		const pairs = [...this.#glyphs]
			.filter(([, g]) => g !== 0)
			.map(([u, g]) => `<${font.cid(g).toString(16).padStart(4, "0")}> <${u.toString(16).padStart(4, "0")}>`);
		const chunks: string[] = [];
		for (let i = 0; i < pairs.length; i += 100)
			chunks.push(
				`${Math.min(100, pairs.length - i)} beginbfchar\n${pairs.slice(i, i + 100).join("\n")}\nendbfchar`,
			);
		const cmap = `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${chunks.join("\n")}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
		return [
			`<< /Type /Font /Subtype /Type0 /BaseFont /${base} /Encoding /Identity-H /DescendantFonts [${first + 1} 0 R] /ToUnicode ${first + 4} 0 R >>`,
			`<< /Type /Font /Subtype /CIDFontType0 /BaseFont /${base} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${first + 2} 0 R /DW 1000 /W [${widths}] >>`,
			`<< /Type /FontDescriptor /FontName /${base} /Flags 6 /FontBBox [-1000 -1000 2000 1500] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 733 /StemV 80 /FontFile3 ${first + 3} 0 R >>`,
			`<< /Subtype /CIDFontType0C /Filter /FlateDecode /Length ${program.length} >>\nstream\n${program.toString("latin1")}\nendstream`,
			`<< /Length ${Buffer.byteLength(cmap, "latin1")} >>\nstream\n${cmap}\nendstream`,
		];
	}
}

/** The six capitals a subset's name starts with (ISO 32000-1 §9.6.4), from the glyphs it holds. */
function subsetTag(glyphs: ReadonlySet<number>): string {
	let h = 2166136261;
	for (const g of [...glyphs].sort((a, b) => a - b)) h = Math.imul(h ^ g, 16777619) >>> 0;
	let tag = "";
	for (let i = 0; i < 6; i++) {
		tag += String.fromCharCode(65 + (h % 26));
		h = Math.floor(h / 26);
	}
	return tag;
}
