/**
 * A strict, streaming CSV reader (RFC 4180): comma-separated, fields optionally in double quotes with ""
 * for a quote, records ended by CRLF or LF. Every record carries the physical line it starts on, so
 * errors point at the line a person sees in an editor. Malformed quoting is reported per record and the
 * reader resumes at the next line; an unclosed quote at the end of input is reported once.
 */

export interface CsvError {
	readonly rule: "CSV_QUOTE_STRAY" | "CSV_QUOTE_TRAILING" | "CSV_QUOTE_UNCLOSED";
	readonly messageZh: string;
	readonly messageEn: string;
}

export type CsvRecord =
	| { readonly line: number; readonly fields: string[]; readonly error?: undefined }
	| { readonly line: number; readonly fields?: undefined; readonly error: CsvError };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const ERRORS: Record<CsvError["rule"], CsvError> = {
	CSV_QUOTE_STRAY: {
		rule: "CSV_QUOTE_STRAY",
		messageZh: "未加引号的字段中出现了双引号；含引号的字段须整体用双引号括起，内部引号写作两个双引号",
		messageEn: 'a double quote inside an unquoted field; quote the whole field and write inner quotes as ""',
	},
	CSV_QUOTE_TRAILING: {
		rule: "CSV_QUOTE_TRAILING",
		messageZh: "右引号后面只能是逗号或换行",
		messageEn: "a closing quote must be followed by a comma or the end of the line",
	},
	CSV_QUOTE_UNCLOSED: {
		rule: "CSV_QUOTE_UNCLOSED",
		messageZh: "引号未闭合，直到文件结束",
		messageEn: "a quoted field is never closed before the end of the file",
	},
};

type State = "fieldStart" | "unquoted" | "quoted" | "quoteInQuoted" | "skipLine";

/** Feed text with push(), then call end(); each returns the records completed so far. */
export class CsvReader {
	#state: State = "fieldStart";
	#field = "";
	#fields: string[] = [];
	#line = 1;
	#recordLine = 1;
	#pendingCr = false;
	#error: CsvError | null = null;
	#out: CsvRecord[] = [];

	/** Reads the next piece of text; returns completed records. */
	push(text: string): CsvRecord[] {
		const n = text.length;
		let i = 0;
		while (i < n) {
			const c = text.charCodeAt(i);
			if (this.#pendingCr) {
				this.#pendingCr = false;
				if (c === LF) {
					i++;
					continue;
				}
			}
			switch (this.#state) {
				case "fieldStart":
					if (c === QUOTE) {
						this.#state = "quoted";
						i++;
					} else if (c === COMMA) {
						this.#fields.push("");
						i++;
					} else if (c === LF || c === CR) {
						this.#endRecord(c);
						i++;
					} else this.#state = "unquoted";
					break;
				case "unquoted": {
					// Fast path: copy up to the next special character at once.
					let j = i;
					while (j < n) {
						const d = text.charCodeAt(j);
						if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
						j++;
					}
					this.#field += text.slice(i, j);
					i = j;
					if (i >= n) break;
					const d = text.charCodeAt(i);
					if (d === COMMA) {
						this.#fields.push(this.#field);
						this.#field = "";
						this.#state = "fieldStart";
					} else if (d === QUOTE) {
						this.#fail("CSV_QUOTE_STRAY");
					} else {
						this.#endRecord(d);
					}
					i++;
					break;
				}
				case "quoted": {
					let j = i;
					while (j < n) {
						const d = text.charCodeAt(j);
						if (d === QUOTE) break;
						if (d === LF) this.#line++;
						j++;
					}
					this.#field += text.slice(i, j);
					i = j;
					if (i < n) {
						this.#state = "quoteInQuoted";
						i++;
					}
					break;
				}
				case "quoteInQuoted":
					if (c === QUOTE) {
						this.#field += '"';
						this.#state = "quoted";
						i++;
					} else if (c === COMMA) {
						this.#fields.push(this.#field);
						this.#field = "";
						this.#state = "fieldStart";
						i++;
					} else if (c === LF || c === CR) {
						this.#endRecord(c);
						i++;
					} else {
						this.#fail("CSV_QUOTE_TRAILING");
						i++;
					}
					break;
				case "skipLine":
					if (c === LF || c === CR) this.#endRecord(c);
					i++;
					break;
			}
		}
		return this.#drain();
	}

	/** Ends the input; returns the last records. */
	end(): CsvRecord[] {
		if (this.#state === "quoted") {
			this.#out.push({ line: this.#recordLine, error: ERRORS.CSV_QUOTE_UNCLOSED });
		} else if (this.#state === "skipLine") {
			this.#out.push({ line: this.#recordLine, error: this.#error! });
		} else if (this.#state !== "fieldStart" || this.#fields.length > 0) {
			this.#fields.push(this.#field);
			this.#out.push({ line: this.#recordLine, fields: this.#fields });
		}
		this.#state = "fieldStart";
		this.#fields = [];
		this.#field = "";
		return this.#drain();
	}

	#fail(rule: CsvError["rule"]): void {
		this.#error = ERRORS[rule];
		this.#state = "skipLine";
	}

	#endRecord(c: number): void {
		if (this.#state === "skipLine") {
			this.#out.push({ line: this.#recordLine, error: this.#error! });
			this.#error = null;
		} else {
			this.#fields.push(this.#field);
			// A blank line is not a record.
			if (!(this.#fields.length === 1 && this.#fields[0] === ""))
				this.#out.push({ line: this.#recordLine, fields: this.#fields });
		}
		this.#fields = [];
		this.#field = "";
		this.#state = "fieldStart";
		if (c === CR) this.#pendingCr = true;
		this.#line++;
		this.#recordLine = this.#line;
	}

	#drain(): CsvRecord[] {
		const out = this.#out;
		this.#out = [];
		return out;
	}
}

/** Reads a whole CSV text at once. */
export function parseCsv(text: string): CsvRecord[] {
	const r = new CsvReader();
	return [...r.push(text), ...r.end()];
}

/** Quotes a field for CSV output when it needs it. */
export function csvField(v: string): string {
	return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * A cell of a CSV meant for a spreadsheet: empty for null, a leading = + - @ (or tab, CR) neutralised with an
 * apostrophe so that a spreadsheet never runs it as a formula, quoted when needed.
 */
export function spreadsheetCell(v: unknown): string {
	if (v === null || v === undefined) return "";
	let s = String(v);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
