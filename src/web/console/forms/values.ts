/**
 * Between a record as the API has it and as the form holds it. The form keeps what the person typed
 * exactly (a list is the text of a textarea, one item per line) so that nothing typed is lost or
 * reshaped under their cursor; the body is built only on submit.
 */
import type { FieldDef } from "./kinds.ts";

export type Values = Record<string, unknown>;

/** A report item as the form holds it. */
export interface ItemRow {
	parameter?: string;
	standard?: string;
	result?: string | null;
	conclusion?: string | null;
}

/** A record's values as the form's initial values. */
export function toFormValues(fields: readonly FieldDef[], record: Values): Values {
	const out: Values = {};
	for (const f of fields) {
		const v = record[f.name];
		if (v === undefined || v === null) continue;
		out[f.name] = f.type === "lines" && Array.isArray(v) ? v.join("\n") : v;
	}
	return out;
}

/** Splits a textarea into items: one per line (semicolons also separate, as in CSV cells). */
export function splitLines(text: string): string[] {
	return text
		.split(/[\n;；]/)
		.map((s) => s.trim())
		.filter(Boolean);
}

function cleanItems(rows: ItemRow[]): ItemRow[] {
	return rows
		.map((r) => ({
			parameter: (r.parameter ?? "").trim(),
			standard: (r.standard ?? "").trim(),
			result: r.result?.trim() || null,
			conclusion: r.conclusion || null,
		}))
		.filter((r) => r.parameter || r.standard || r.result);
}

/** The API body for the form's values: blanks become null, lists arrays, counts numbers. */
export function toBody(fields: readonly FieldDef[], values: Values): Values {
	const out: Values = {};
	for (const f of fields) {
		const v = values[f.name];
		switch (f.type) {
			case "lines":
				out[f.name] = typeof v === "string" ? splitLines(v) : Array.isArray(v) ? v : [];
				break;
			case "multiselect":
				// Typed instead of chosen when the page had nothing to offer: one item per line.
				out[f.name] = Array.isArray(v) ? v : typeof v === "string" ? splitLines(v) : [];
				break;
			case "items":
				out[f.name] = Array.isArray(v) ? cleanItems(v as ItemRow[]) : [];
				break;
			case "int":
			case "decimal":
				out[f.name] = typeof v === "number" ? v : null;
				break;
			default:
				out[f.name] = typeof v === "string" ? v.trim() || null : (v ?? null);
		}
	}
	return out;
}
