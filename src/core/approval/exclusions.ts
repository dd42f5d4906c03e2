/**
 * Fields excluded from the commitment path. 国务院关于深化“证照分离”改革进一步激发市场主体发展活力的通知
 * (国发〔2021〕7号) lets lab qualification take notification-commitment (告知承诺) except for the testing of
 * special foods (特殊食品: 保健食品, 特殊医学用途配方食品, 婴幼儿配方食品) and medical devices (医疗器械):
 * those go through the general procedure with technical review before the decision.
 *
 * A capability row falls in a field when its field or product text names the field, or its standard is
 * one of the field's product standards (YY and YY/T are the medical-device industry standards). The match
 * errs towards excluding: an officer sees the rule and the text that matched.
 */
import { halfWidth } from "../records/fields.ts";
import type { CapabilityRow } from "./application.ts";

/** One excluded field: what marks a row as belonging to it, and the rule that excludes it. */
export interface ExclusionRule {
	/** Stable id, e.g. `medical_device`. */
	id: string;
	zh: string;
	en: string;
	/** The rule that excludes the field, cited. */
	basisZh: string;
	basisEn: string;
	/** Words that mark the field in a row's field or product text (full-width folded, spaces and case ignored). */
	terms: readonly string[];
	/** Standards of the field: a code family (`YY` covers YY and YY/T) or a code and number (`GB 9706` covers GB 9706.1). */
	standards: readonly string[];
}

const STATE_COUNCIL_ZH = "国发〔2021〕7号：检验检测机构资质认定实行告知承诺，特殊食品、医疗器械检验检测除外";
const STATE_COUNCIL_EN =
	"State Council Guofa [2021] No. 7: lab qualification may take notification-commitment, except testing of special foods and medical devices";

/** The statutory exclusions; a configuration may add fields or terms but not drop these (config.ts). */
export const STATUTORY_EXCLUSIONS: readonly Readonly<ExclusionRule>[] = Object.freeze(
	(
		[
			{
				id: "special_food_health",
				zh: "特殊食品（保健食品）",
				en: "special foods (health foods)",
				basisZh: STATE_COUNCIL_ZH,
				basisEn: STATE_COUNCIL_EN,
				terms: ["保健食品", "health food"],
				standards: ["GB 16740"],
			},
			{
				id: "special_food_medical",
				zh: "特殊食品（特殊医学用途配方食品）",
				en: "special foods (foods for special medical purposes)",
				basisZh: STATE_COUNCIL_ZH,
				basisEn: STATE_COUNCIL_EN,
				terms: ["特殊医学用途", "特医食品", "special medical purpose"],
				standards: ["GB 29922", "GB 25596"],
			},
			{
				id: "special_food_infant",
				zh: "特殊食品（婴幼儿配方食品）",
				en: "special foods (infant formula)",
				basisZh: STATE_COUNCIL_ZH,
				basisEn: STATE_COUNCIL_EN,
				terms: ["婴儿配方", "幼儿配方", "infant formula"],
				standards: ["GB 10765", "GB 10766", "GB 10767"],
			},
			{
				id: "medical_device",
				zh: "医疗器械",
				en: "medical devices",
				basisZh: STATE_COUNCIL_ZH,
				basisEn: STATE_COUNCIL_EN,
				terms: ["医疗器械", "体外诊断试剂", "医用电气设备", "medical device"],
				standards: ["YY", "GB 9706"],
			},
		] satisfies ExclusionRule[]
	).map((r) => Object.freeze({ ...r, terms: Object.freeze(r.terms), standards: Object.freeze(r.standards) })),
);

/** A capability row that falls in an excluded field, with the rule and what matched. */
export interface ExcludedRow {
	/** The row's position in the list applied for. */
	index: number;
	row: CapabilityRow;
	rule: Pick<ExclusionRule, "id" | "zh" | "en" | "basisZh" | "basisEn">;
	matched: { on: "field" | "product" | "standard"; text: string };
}

const fold = (s: string) => halfWidth(s).replace(/\s+/g, "").toLowerCase();

/** A standard number split into its code family (GB, YY), the code as written (GB/T) and its number. */
function standardParts(s: string): { family: string; number: string } | null {
	const m = /^([A-Z]+)(?:\/[A-Z]+)?\s*(\d+(?:\.\d+)*)?/.exec(halfWidth(s).trim().toUpperCase());
	return m ? { family: m[1]!, number: m[2] ?? "" } : null;
}

/** Whether a standard belongs to a rule's standard: same family, and the same number or one of its parts. */
function standardMatches(standard: string, ruleStandard: string): boolean {
	const s = standardParts(standard);
	const r = standardParts(ruleStandard);
	if (!s || !r || s.family !== r.family) return false;
	return r.number === "" || s.number === r.number || s.number.startsWith(`${r.number}.`);
}

/**
 * The capability rows that fall in a field excluded from the commitment path, each with the first rule it
 * falls under and the text that matched; empty when the commitment path is open to all of them.
 */
export function excludedRows(rows: readonly CapabilityRow[], rules: readonly ExclusionRule[]): ExcludedRow[] {
	const out: ExcludedRow[] = [];
	rows.forEach((row, index) => {
		for (const rule of rules) {
			const matched = matchRule(row, rule);
			if (matched) {
				const { id, zh, en, basisZh, basisEn } = rule;
				out.push({ index, row, rule: { id, zh, en, basisZh, basisEn }, matched });
				return;
			}
		}
	});
	return out;
}

function matchRule(row: CapabilityRow, rule: ExclusionRule): ExcludedRow["matched"] | null {
	for (const on of ["field", "product"] as const) {
		const text = fold(row[on]);
		for (const term of rule.terms) if (text.includes(fold(term))) return { on, text: term };
	}
	for (const std of rule.standards)
		if (standardMatches(row.standard, std)) return { on: "standard", text: std };
	return null;
}
