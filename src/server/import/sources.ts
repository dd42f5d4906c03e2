/**
 * Reading import files: decoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030, detected or
 * chosen), then CSV with a header row or JSON Lines, as records with the line they start on.
 */
import type { Readable } from "node:stream";
import { TextDecoder } from "node:util";
import { CsvReader, type CsvRecord } from "../../core/csv.ts";
import type { Problem } from "../../core/problem.ts";
import { problem } from "../../core/problem.ts";

export type Encoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";
export type Format = "csv" | "jsonl";

/** A problem with the file as a whole: nothing after it can be read. */
export class ImportFileError extends Error {
	constructor(
		readonly rule: string,
		readonly messageZh: string,
		readonly messageEn: string,
		readonly line?: number,
	) {
		super(messageEn);
		this.name = "ImportFileError";
	}
}

/** One record of an import file: its fields by column name, or why it could not be read. */
export type SourceRecord =
	| { line: number; raw: Record<string, unknown>; problems?: undefined }
	| { line: number; raw?: undefined; problems: Problem[] };

/** Accepted spellings of encodings. */
export function parseEncoding(s: string): Encoding | null {
	const v = s.trim().toLowerCase().replace(/_/g, "-");
	if (v === "utf8" || v === "utf-8") return "utf-8";
	if (v === "gb18030" || v === "gbk" || v === "gb2312") return "gb18030";
	if (v === "utf-16le" || v === "utf16le") return "utf-16le";
	if (v === "utf-16be" || v === "utf16be") return "utf-16be";
	return null;
}

/** True when the bytes are UTF-8, allowing a sequence cut at the end. */
function looksUtf8(buf: Buffer): boolean {
	try {
		new TextDecoder("utf-8", { fatal: true }).decode(buf, { stream: true });
		return true;
	} catch {
		return false;
	}
}

/**
 * Decodes a byte stream to text chunks. A BOM decides; otherwise the given encoding; otherwise the first
 * 64 KiB decide between UTF-8 and GB18030 (GBK and GB2312 are subsets). Invalid bytes stop the import
 * with ENCODING_INVALID and the line they are on, never a silently garbled name.
 */
export async function* decode(input: AsyncIterable<Buffer>, wanted: Encoding | null): AsyncGenerator<string> {
	let decoder: TextDecoder | null = null;
	let head = Buffer.alloc(0);
	let line = 1;
	let chosen: Encoding | null = null;
	const countLines = (s: string) => {
		for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) line++;
	};
	const run = (buf: Buffer, end: boolean): string => {
		try {
			return decoder!.decode(buf, { stream: !end });
		} catch {
			const how = chosen === "utf-8" ? "UTF-8" : chosen!.toUpperCase();
			throw new ImportFileError(
				"ENCODING_INVALID",
				`第${line}行附近的内容不是有效的${how}编码；请确认文件编码（可用 --encoding gb18030 或 utf-8 指定）`,
				`the bytes near line ${line} are not valid ${how}; check the file's encoding (--encoding gb18030 or utf-8)`,
				line,
			);
		}
	};
	const start = (buf: Buffer): Buffer => {
		let enc: Encoding;
		let skip = 0;
		if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
			enc = "utf-8";
			skip = 3;
		} else if (buf[0] === 0xff && buf[1] === 0xfe) {
			enc = "utf-16le";
			skip = 2;
		} else if (buf[0] === 0xfe && buf[1] === 0xff) {
			enc = "utf-16be";
			skip = 2;
		} else enc = wanted ?? (looksUtf8(buf) ? "utf-8" : "gb18030");
		if (wanted && skip > 0 && wanted !== enc)
			throw new ImportFileError(
				"ENCODING_MISMATCH",
				`文件带有${enc.toUpperCase()}字节序标记，与指定的编码${wanted.toUpperCase()}不符`,
				`the file starts with a ${enc.toUpperCase()} byte-order mark, not ${wanted.toUpperCase()} as given`,
			);
		chosen = enc;
		decoder = new TextDecoder(enc, { fatal: true });
		return buf.subarray(skip);
	};
	for await (const chunk of input) {
		if (!decoder) {
			head = Buffer.concat([head, chunk]);
			if (head.length < 65536) continue;
			const text = run(start(head), false);
			countLines(text);
			yield text;
			continue;
		}
		const text = run(chunk, false);
		countLines(text);
		yield text;
	}
	if (!decoder) {
		if (head.length === 0) return;
		const text = run(start(head), true);
		yield text;
		return;
	}
	const tail = run(Buffer.alloc(0), true);
	if (tail) yield tail;
}

/**
 * Reads records from a CSV text stream with a header row. Column names are trimmed; unknown or repeated
 * columns and missing required ones stop the import before any row is applied.
 */
export async function* csvRecords(
	text: AsyncIterable<string>,
	allowed: readonly string[],
	required: readonly string[],
): AsyncGenerator<SourceRecord> {
	const reader = new CsvReader();
	let header: string[] | null = null;
	const take = function* (records: CsvRecord[]): Generator<SourceRecord> {
		for (const rec of records) {
			if (rec.error) {
				if (!header)
					throw new ImportFileError(
						rec.error.rule,
						`表头：${rec.error.messageZh}`,
						`header: ${rec.error.messageEn}`,
						rec.line,
					);
				yield {
					line: rec.line,
					problems: [problem("(row)", rec.error.rule, rec.error.messageZh, rec.error.messageEn)],
				};
				continue;
			}
			if (!header) {
				header = rec.fields.map((f) => f.trim());
				checkHeader(header, allowed, required, rec.line);
				continue;
			}
			if (rec.fields.length !== header.length) {
				yield {
					line: rec.line,
					problems: [
						problem(
							"(row)",
							"CSV_FIELD_COUNT",
							`本行有${rec.fields.length}列，表头有${header.length}列（逗号或引号可能有误）`,
							`this row has ${rec.fields.length} fields, the header ${header.length} (check commas and quotes)`,
						),
					],
				};
				continue;
			}
			const raw: Record<string, unknown> = {};
			for (let i = 0; i < header.length; i++) raw[header[i]!] = rec.fields[i];
			yield { line: rec.line, raw };
		}
	};
	for await (const chunk of text) yield* take(reader.push(chunk));
	yield* take(reader.end());
	if (!header) throw emptyFile();
}

function emptyFile(): ImportFileError {
	return new ImportFileError(
		"FILE_EMPTY",
		"文件为空，没有表头和数据",
		"the file is empty: no header and no rows",
	);
}

function checkHeader(
	header: string[],
	allowed: readonly string[],
	required: readonly string[],
	line: number,
): void {
	const seen = new Set<string>();
	for (const h of header) {
		if (!allowed.includes(h))
			throw new ImportFileError(
				"FILE_UNKNOWN_COLUMN",
				`表头含未知列“${h}”；可用的列：${allowed.join(", ")}`,
				`unknown column '${h}'; the columns are: ${allowed.join(", ")}`,
				line,
			);
		if (seen.has(h))
			throw new ImportFileError(
				"FILE_DUPLICATE_COLUMN",
				`表头中“${h}”列重复`,
				`column '${h}' appears twice`,
				line,
			);
		seen.add(h);
	}
	const missing = required.filter((r) => !seen.has(r));
	if (missing.length)
		throw new ImportFileError(
			"FILE_MISSING_COLUMN",
			`缺少必需的列：${missing.join(", ")}`,
			`required columns are missing: ${missing.join(", ")}`,
			line,
		);
}

/** Reads JSON Lines: one JSON object per line; blank lines are skipped. */
export async function* jsonlRecords(
	text: AsyncIterable<string>,
	allowed: readonly string[],
): AsyncGenerator<SourceRecord> {
	let rest = "";
	let line = 0;
	let any = false;
	const parse = (s: string, n: number): SourceRecord | null => {
		const t = s.trim();
		if (!t) return null;
		any = true;
		let v: unknown;
		try {
			v = JSON.parse(t);
		} catch (e) {
			return {
				line: n,
				problems: [
					problem(
						"(row)",
						"JSON_INVALID",
						`不是有效的JSON：${(e as Error).message}`,
						`not valid JSON: ${(e as Error).message}`,
					),
				],
			};
		}
		if (typeof v !== "object" || v === null || Array.isArray(v))
			return {
				line: n,
				problems: [
					problem("(row)", "JSON_NOT_OBJECT", "每行应为一个JSON对象", "each line must be a JSON object"),
				],
			};
		const unknown = Object.keys(v).filter((k) => !allowed.includes(k));
		if (unknown.length)
			return {
				line: n,
				problems: [
					problem(
						unknown[0]!,
						"UNKNOWN_FIELD",
						`未知字段：${unknown.join(", ")}`,
						`unknown field(s): ${unknown.join(", ")}`,
					),
				],
			};
		return { line: n, raw: v as Record<string, unknown> };
	};
	for await (const chunk of text) {
		rest += chunk;
		let from = 0;
		for (let nl = rest.indexOf("\n"); nl !== -1; nl = rest.indexOf("\n", from)) {
			line++;
			const rec = parse(rest.slice(from, nl), line);
			if (rec) yield rec;
			from = nl + 1;
		}
		rest = rest.slice(from);
	}
	if (rest.trim()) {
		line++;
		const rec = parse(rest, line);
		if (rec) yield rec;
	}
	if (!any) throw emptyFile();
}

/** Reads an import stream as records. */
export function readRecords(
	input: Readable | AsyncIterable<Buffer>,
	opts: {
		format: Format;
		encoding: Encoding | null;
		allowed: readonly string[];
		required: readonly string[];
	},
): AsyncGenerator<SourceRecord> {
	const text = decode(input as AsyncIterable<Buffer>, opts.encoding);
	return opts.format === "csv"
		? csvRecords(text, opts.allowed, opts.required)
		: jsonlRecords(text, opts.allowed);
}
