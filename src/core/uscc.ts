/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015, with the embedded GB 11714-1997
 * organisation code. See docs/reference/uscc.md for the rules cited below.
 */

/** The 31 symbols of GB 32100 §1 (digits and capitals without I, O, Z, S, V), indexed by value. */
const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_VALUE = new Map([...USCC_ALPHABET].map((c, i) => [c, i]));
/** Weights 3^(i-1) mod 31 for positions 1..17 (GB 32100 §5). */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714 weights for the 8-character organisation-code body. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const STRUCTURE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{8}[0-9X][0-9A-HJ-NPQRTUWXY]$/;

/** Registration authority (position 1) → allowed organisation categories (position 2), GB 32100 §3. */
const AUTHORITY_CATEGORIES: Record<string, string> = {
	"1": "1239",
	"2": "19",
	"3": "123459",
	"4": "19",
	"5": "1239",
	"6": "129",
	"7": "129",
	"8": "19",
	"9": "123",
	A: "19",
	N: "1239",
	Y: "1",
};

/** Why a code is not a valid USCC. */
export type UsccFailure = "EMPTY" | "LENGTH" | "CHARSET" | "STRUCTURE" | "ORG_CHECK" | "CHECK";

export type UsccResult =
	| { valid: true; code: string; warnings: string[] }
	| { valid: false; code: string; failure: UsccFailure; messageZh: string; messageEn: string };

/** GB 11714 value of a character: digits 0–9, then the full Latin alphabet A=10 … Z=35 (uscc.md §4). */
function orgValue(c: string): number {
	const code = c.charCodeAt(0);
	return code <= 57 ? code - 48 : code - 55;
}

/** The GB 11714 check character for an 8-character organisation-code body. */
export function orgCodeCheck(body: string): string {
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += orgValue(body[i]!) * ORG_WEIGHTS[i]!;
	const c = 11 - (sum % 11);
	return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** The GB 32100 mod-31 check character for the first 17 characters. */
export function usccCheck(first17: string): string {
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += USCC_VALUE.get(first17[i]!)! * USCC_WEIGHTS[i]!;
	return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Completes a USCC from its first 16 characters (authority, category, region, 8-character organisation
 * body) by adding both check characters. Used by the demo data generator and tests.
 */
export function completeUscc(first16: string): string {
	const withOrg = first16 + orgCodeCheck(first16.slice(8, 16));
	return withOrg + usccCheck(withOrg);
}

/**
 * Validates a USCC in the order uscc.md §6 gives: length, character set, structure, the GB 11714
 * check (position 17), then the mod-31 check (position 18). Lower case is normalised to upper case and
 * surrounding spaces are trimmed; anything else is rejected, never repaired. Unknown authority/category
 * pairs are warnings, not errors (§3); region codes are never checked (§6.4).
 */
export function checkUscc(input: string): UsccResult {
	const code = input.trim().toUpperCase();
	if (code.length === 0) return failWith(code, "EMPTY", "统一社会信用代码不能为空", "the code is empty");
	if (code.length !== 18)
		return failWith(
			code,
			"LENGTH",
			`统一社会信用代码应为18位，实际为${code.length}位`,
			`a USCC has 18 characters, this one has ${code.length}`,
		);
	for (let i = 0; i < 18; i++) {
		const c = code[i]!;
		if (!USCC_VALUE.has(c))
			return failWith(
				code,
				"CHARSET",
				`第${i + 1}位字符“${c}”不允许（不得使用I、O、Z、S、V）`,
				`character ${i + 1} ('${c}') is not allowed (I, O, Z, S and V are never used)`,
			);
	}
	if (!STRUCTURE.test(code))
		return failWith(
			code,
			"STRUCTURE",
			"格式不符：第3–8位须为数字（行政区划码），第17位须为数字或X",
			"malformed: characters 3–8 must be digits (region code) and character 17 a digit or X",
		);
	const org = orgCodeCheck(code.slice(8, 16));
	if (org !== code[16])
		return failWith(
			code,
			"ORG_CHECK",
			`第17位组织机构代码校验码应为“${org}”，实际为“${code[16]}”（GB 11714）`,
			`the organisation-code check character (position 17) should be '${org}', not '${code[16]}' (GB 11714)`,
		);
	const check = usccCheck(code.slice(0, 17));
	if (check !== code[17])
		return failWith(
			code,
			"CHECK",
			`第18位校验码应为“${check}”，实际为“${code[17]}”（GB 32100）`,
			`the check character (position 18) should be '${check}', not '${code[17]}' (GB 32100)`,
		);
	const warnings: string[] = [];
	const categories = AUTHORITY_CATEGORIES[code[0]!];
	if (!categories?.includes(code[1]!))
		warnings.push(`unknown registration authority/category pair '${code.slice(0, 2)}'`);
	return { valid: true, code, warnings };
}

function failWith(code: string, failure: UsccFailure, messageZh: string, messageEn: string): UsccResult {
	return { valid: false, code, failure, messageZh, messageEn };
}

/** True when the code passes every hard check. */
export function isValidUscc(input: string): boolean {
	return checkUscc(input).valid;
}
