/**
 * A validation problem: which field broke which rule, in words for people in Chinese and English.
 * Shared by the API (error bodies), the importer (row error files) and the web forms.
 */
export interface Problem {
	/** The field as named in the API and in import columns, e.g. `holderUscc`. */
	readonly field: string;
	/** A stable rule id, e.g. `USCC_CHECK_FAILED`, `DATE_ORDER`. */
	readonly rule: string;
	readonly messageZh: string;
	readonly messageEn: string;
}

/** Builds a problem. */
export function problem(field: string, rule: string, messageZh: string, messageEn: string): Problem {
	return { field, rule, messageZh, messageEn };
}

/** The result of checking one value: the clean value, or the problems found. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };
