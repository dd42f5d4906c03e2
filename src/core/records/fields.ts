/**
 * Field readers shared by every record validator. Each takes the raw value (a CSV cell is a string; a
 * JSON Lines value may be a number, an array or null), appends a Problem naming the field and the rule
 * when the value is unusable, and returns the clean value. Limits live here once and feed the API
 * schemas, the importer and the web forms alike.
 */
import { isValidDate } from "../dates.ts";
import { type Problem, problem } from "../problem.ts";
import { checkUscc } from "../uscc.ts";

/** Length limits by kind of text. */
export const LIMITS = {
	name: 200,
	address: 300,
	number: 64,
	shortText: 100,
	scope: 4000,
	reason: 500,
	listItems: 200,
} as const;

export type Raw = Record<string, unknown>;

/** An HTML tag, comment or entity-escaped tag opener. */
const MARKUP = /<\s*[a-zA-Z!/?]|&lt;|javascript:/i;

/** Codes already found valid, as written → normalised (files repeat the same CB and holders). */
const validUscc = new Map<string, string>();

/** Collects problems while reading one record. */
export class FieldReader {
	readonly problems: Problem[] = [];
	constructor(private readonly raw: Raw) {}

	#value(field: string): unknown {
		return this.raw[field];
	}

	#blank(v: unknown): boolean {
		return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
	}

	add(field: string, rule: string, zh: string, en: string): void {
		this.problems.push(problem(field, rule, zh, en));
	}

	/** True when the field holds something. */
	has(field: string): boolean {
		return !this.#blank(this.#value(field));
	}

	/** A text field; undefined (and a REQUIRED problem if required) when blank. */
	text(field: string, opts: { required: boolean; max: number }): string | undefined {
		const v = this.#value(field);
		if (this.#blank(v)) {
			if (opts.required) this.add(field, "REQUIRED", "必填", "is required");
			return undefined;
		}
		if (typeof v !== "string" && typeof v !== "number") {
			this.add(field, "TYPE", "应为文本", "must be text");
			return undefined;
		}
		const s = nfc(String(v).trim());
		if (s.length > opts.max && codePoints(s) > opts.max) {
			this.add(field, "TOO_LONG", `不能超过${opts.max}个字符`, `must be at most ${opts.max} characters`);
			return undefined;
		}
		// Markup has no place in a register's text, and refusing it keeps every page that shows it safe.
		if (MARKUP.test(s)) {
			this.add(field, "MARKUP", "不能包含HTML或脚本标记", "must not contain HTML or script markup");
			return undefined;
		}
		// C0 controls other than tab/newline break CSV exports and terminals.
		if (hasControlChar(s)) {
			this.add(field, "CONTROL_CHAR", "含有不可见的控制字符", "contains control characters");
			return undefined;
		}
		return s;
	}

	/** A required text field. */
	req(field: string, max: number): string {
		return this.text(field, { required: true, max }) ?? "";
	}

	/** An optional text field (null when blank). */
	opt(field: string, max: number): string | null {
		return this.text(field, { required: false, max }) ?? null;
	}

	/** A calendar date YYYY-MM-DD. */
	date(field: string, required: boolean): string | null {
		const s = this.text(field, { required, max: 10 });
		if (s === undefined) return null;
		const norm = s.replace(/\//g, "-");
		if (!isValidDate(norm)) {
			this.add(
				field,
				"DATE_FORMAT",
				"应为有效日期，格式 YYYY-MM-DD",
				"must be a real date written YYYY-MM-DD",
			);
			return null;
		}
		return norm;
	}

	/** One of a fixed set of values; `parse` maps synonyms (Chinese names, codes) to the canonical value. */
	oneOf<T extends string>(
		field: string,
		required: boolean,
		parse: (s: string) => T | null,
		allowed: readonly string[],
	): T | null {
		const s = this.text(field, { required, max: LIMITS.shortText });
		if (s === undefined) return null;
		const v = parse(s);
		if (v === null) {
			this.add(field, "ENUM", `取值应为：${allowed.join("、")}`, `must be one of: ${allowed.join(", ")}`);
			return null;
		}
		return v;
	}

	/** A USCC, checked by GB 32100 and GB 11714. */
	uscc(field: string, required: boolean): string | null {
		const s = this.text(field, { required, max: 40 });
		if (s === undefined) return null;
		const known = validUscc.get(s);
		if (known) return known;
		const r = checkUscc(halfWidth(s));
		if (!r.valid) {
			this.add(
				field,
				`USCC_${r.failure}`,
				`统一社会信用代码无效：${r.messageZh}`,
				`invalid USCC: ${r.messageEn}`,
			);
			return null;
		}
		if (validUscc.size >= 50_000) validUscc.clear();
		validUscc.set(s, r.code);
		return r.code;
	}

	/** A whole number in a range. */
	int(field: string, opts: { required: boolean; min: number; max: number; fallback: number }): number {
		const v = this.#value(field);
		if (this.#blank(v)) {
			if (opts.required) this.add(field, "REQUIRED", "必填", "is required");
			return opts.fallback;
		}
		const n =
			typeof v === "number" ? v : typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : Number.NaN;
		if (!Number.isInteger(n) || n < opts.min || n > opts.max) {
			this.add(
				field,
				"INTEGER_RANGE",
				`应为${opts.min}到${opts.max}之间的整数`,
				`must be a whole number from ${opts.min} to ${opts.max}`,
			);
			return opts.fallback;
		}
		return n;
	}

	/** A number in a range, in steps of `step` (audit days come in halves). */
	decimal(field: string, opts: { min: number; max: number; step: number }): number | null {
		const v = this.#value(field);
		if (this.#blank(v)) return null;
		const n =
			typeof v === "number"
				? v
				: typeof v === "string" && /^\s*\d+(\.\d+)?\s*$/.test(v)
					? Number(v)
					: Number.NaN;
		const steps = n / opts.step;
		if (!Number.isFinite(n) || n < opts.min || n > opts.max || Math.abs(steps - Math.round(steps)) > 1e-9) {
			this.add(
				field,
				"NUMBER_RANGE",
				`应为${opts.min}到${opts.max}之间、以${opts.step}为单位的数`,
				`must be a number from ${opts.min} to ${opts.max} in steps of ${opts.step}`,
			);
			return null;
		}
		return n;
	}

	/**
	 * A list: a JSON array, or in CSV a cell of items separated by semicolons (；/; both accepted).
	 * Items are trimmed, blanks dropped, duplicates kept out.
	 */
	list(field: string, opts: { required: boolean; maxItems: number; maxLength: number }): string[] {
		const v = this.#value(field);
		if (this.#blank(v)) {
			if (opts.required) this.add(field, "REQUIRED", "必填（至少一项）", "is required (at least one item)");
			return [];
		}
		let items: unknown[];
		if (Array.isArray(v)) items = v;
		else if (typeof v === "string") {
			const t = v.trim();
			if (t.startsWith("[")) {
				try {
					const parsed: unknown = JSON.parse(t);
					if (!Array.isArray(parsed)) throw new Error("not an array");
					items = parsed;
				} catch {
					this.add(
						field,
						"LIST_FORMAT",
						"以“[”开头时应为JSON数组",
						"a value starting with [ must be a JSON array",
					);
					return [];
				}
			} else items = t.split(/[;；]/);
		} else {
			this.add(field, "TYPE", "应为列表", "must be a list");
			return [];
		}
		const out: string[] = [];
		for (const it of items) {
			if (typeof it !== "string" && typeof it !== "number") {
				this.add(field, "LIST_ITEM_TYPE", "列表项应为文本", "list items must be text");
				return [];
			}
			const s = nfc(String(it).trim());
			if (!s) continue;
			if (s.length > opts.maxLength && codePoints(s) > opts.maxLength) {
				this.add(
					field,
					"LIST_ITEM_TOO_LONG",
					`每项不能超过${opts.maxLength}个字符`,
					`each item must be at most ${opts.maxLength} characters`,
				);
				return [];
			}
			if (!out.includes(s)) out.push(s);
		}
		if (out.length > opts.maxItems) {
			this.add(field, "LIST_TOO_LONG", `最多${opts.maxItems}项`, `at most ${opts.maxItems} items`);
			return [];
		}
		if (opts.required && out.length === 0)
			this.add(field, "REQUIRED", "必填（至少一项）", "is required (at least one item)");
		return out;
	}

	/** A raw structured value (JSON Lines) or a JSON text (CSV cell). */
	json(field: string, required: boolean): unknown {
		const v = this.#value(field);
		if (this.#blank(v)) {
			if (required) this.add(field, "REQUIRED", "必填", "is required");
			return undefined;
		}
		if (typeof v !== "string") return v;
		return v;
	}
}

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** Normalises Chinese full-width ASCII (ＡＢＣ１２３) that people paste from documents. */
export function halfWidth(s: string): string {
	if (!FULL_WIDTH.test(s)) return s;
	return s
		.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
		.replace(/\u3000/g, " ");
}

/** True when the text holds a C0 control character other than tab, LF or CR, or DEL. */
function hasControlChar(s: string): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
	}
	return false;
}

/** Code points in a string (a CJK character outside the BMP counts once). */
function codePoints(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0xd800 || c > 0xdbff) n++;
	}
	return n;
}

/**
 * Unicode NFC, skipped for text that cannot change under it: Latin-1 and the CJK unified ideographs and
 * bopomofo (U+3100–U+9FFF) are already composed; combining marks, kana, Hangul and CJK compatibility
 * ideographs are not, and go through String.normalize.
 */
function nfc(s: string): string {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0x300 && (c < 0x3100 || c > 0x9fff)) return s.normalize("NFC");
	}
	return s;
}
