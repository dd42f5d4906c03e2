/**
 * How records refer to a person: by the public reference the register assigns (`P` + 8 digits, safe to
 * publish) or, in files a body submits, by the person's identity number (personal data, never echoed).
 */
import { idNumberProblem } from "../id-number.ts";

export type PersonRef = { kind: "ref"; id: number } | { kind: "idNumber"; idNumber: string };

const REF = /^P(\d{8,12})$/;

/** The public reference of a person id. */
export function personRef(id: number): string {
	return `P${String(id).padStart(8, "0")}`;
}

/** Reads a person reference or identity number; null when it is neither. */
export function parsePersonRef(s: string): PersonRef | null {
	const v = s.trim().toUpperCase();
	const m = REF.exec(v);
	if (m) return { kind: "ref", id: Number(m[1]) };
	if (/^\d{17}[\dX]$/.test(v) && idNumberProblem(v) === null) return { kind: "idNumber", idNumber: v };
	return null;
}
