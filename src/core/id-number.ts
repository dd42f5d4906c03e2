/**
 * Resident identity card numbers (公民身份号码, GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence, ISO 7064 MOD 11-2 check character. These are personal data: they are checked on the
 * way in, stored apart from public columns, and never shown in full (see maskIdNumber).
 */
import { isValidDate } from "./dates.ts";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The MOD 11-2 check character for the first 17 digits. */
export function idNumberCheck(first17: string): string {
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
	return CHECK[sum % 11]!;
}

/** Why an identity number was refused, or null when it is valid. */
export function idNumberProblem(input: string): { zh: string; en: string } | null {
	const v = input.trim().toUpperCase();
	if (!/^\d{17}[\dX]$/.test(v))
		return {
			zh: "身份证号码应为17位数字加1位校验码",
			en: "an identity number is 17 digits and a check character",
		};
	const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
	if (!isValidDate(birth))
		return { zh: "身份证号码中的出生日期无效", en: "the birth date inside the number is not a date" };
	if (idNumberCheck(v.slice(0, 17)) !== v[17])
		return { zh: "身份证号码校验码错误（GB 11643）", en: "the check character is wrong (GB 11643)" };
	return null;
}

/** Shows only the first 3 and last 2 characters: 310***********123X → "310*************3X". */
export function maskIdNumber(v: string): string {
	if (v.length <= 5) return "*".repeat(v.length);
	return v.slice(0, 3) + "*".repeat(v.length - 5) + v.slice(-2);
}

/** Shows a mobile number as 138****5678. */
export function maskPhone(v: string): string {
	const d = v.replace(/\D/g, "");
	if (d.length < 7) return "*".repeat(d.length);
	return d.slice(0, 3) + "*".repeat(d.length - 7) + d.slice(-4);
}

/**
 * Whether published text holds what looks like a person's identity number or mobile number: free text a
 * regulator or body writes for the public (a decision's summary, a ban's reason, a note) is refused when
 * it does.
 */
export function holdsPersonalData(text: string): boolean {
	return /(^|\D)\d{17}[\dXx](\D|$)/.test(text) || /(^|\D)1[3-9]\d{9}(\D|$)/.test(text);
}
