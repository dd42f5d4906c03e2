/**
 * Credit-risk grading (信用风险分类), explainable by construction: a grade is the sum of a few factors'
 * points, each shown with the events behind it, mapped to A–D by thresholds. The model — factors,
 * points, look-back periods, thresholds and the "direct judgement" floors — is data with a version, so a
 * change of model is a new version that can be compared with the one in force before it takes effect.
 *
 * In the spirit of the FDA's site-selection model (a risk score from the product's hazard, the site's
 * compliance history and the time since its last inspection) and SAMR's credit-risk classification
 * (国市监信发〔2022〕6号: A low, B ordinary, C higher, D high; an internal reference for supervision, not a
 * public rating). Pure: runs in the server, the CLI and tests.
 */
import { monthsBefore } from "../draw/draw.ts";

export const CREDIT_GRADES = ["A", "B", "C", "D"] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

export type FieldRisk = "high" | "medium" | "low";

/** One fact in an organisation's file, as the model reads it. */
export interface GradeEvent {
	/** spot_check, penalty, complaint, certificate_withdrawn, report_revoked, fraud_signal, … */
	kind: string;
	/** The China date it happened. */
	on: string;
	/** For spot checks: pass | fail | rectify | unable. */
	outcome?: string | null;
	/** For an order to rectify: whether the rectification was confirmed. */
	rectified?: boolean;
	/** What it is, for the explanation: a spot-check task, a certificate number, a flag… */
	ref: string;
}

/** What the model knows about one organisation. */
export interface GradeInputs {
	fieldRisk: FieldRisk;
	/** Why the field is rated so: the schemes or test fields that set it. */
	fieldBasis: string[];
	/** The last day it was inspected (a spot check), or null. */
	lastInspectedOn: string | null;
	events: GradeEvent[];
}

/** Points for each event of a kind (and outcome), counted for `months` after it happened. */
export interface EventRule {
	id: string;
	kind: string;
	outcome?: string;
	points: number;
	/** Points instead, once an order to rectify was confirmed done. */
	pointsIfRectified?: number;
	months: number;
	zh: string;
	en: string;
}

/** A direct judgement: an event of this kind within `months` puts the grade at `atLeast` or worse. */
export interface Floor {
	kind: string;
	outcome?: string;
	months: number;
	atLeast: "B" | "C" | "D";
	zh: string;
	en: string;
}

export interface GradingModel {
	/** e.g. 2026.1 */
	version: string;
	/** What changed and why, in words. */
	note: string;
	field: {
		points: Record<FieldRisk, number>;
		/** Certification schemes and lab test fields of high and medium risk (the rest are low). */
		highSchemes: string[];
		mediumSchemes: string[];
		highLabFields: string[];
		mediumLabFields: string[];
	};
	events: EventRule[];
	inspection: {
		/** Points when never inspected, or not within `months`. */
		months: number;
		points: number;
		neverPoints: number;
	};
	/** Score below A → A; below B → B; below C → C; otherwise D. */
	thresholds: { A: number; B: number; C: number };
	floors: Floor[];
	/**
	 * Classified supervision (分类监管): for each grade, the share of its organisations a year's spot checks
	 * draw (from–to, and the usual value a plan starts from) and how often one organisation is inspected.
	 */
	supervision?: Record<CreditGrade, Supervision>;
}

export interface Supervision {
	/** Shares of the grade's organisations drawn in a year, 0–1. */
	min: number;
	max: number;
	usual: number;
	/** How often, in words: e.g. 原则上每年不超过 1 次. */
	frequencyZh: string;
	frequencyEn: string;
}

/** The usual table: A ≤ 5 % a year, B 5–20 %, C 21–60 %, D 61–100 % (as in local 双随机 plans). */
export const DEFAULT_SUPERVISION: Record<CreditGrade, Supervision> = Object.freeze({
	A: {
		min: 0,
		max: 0.05,
		usual: 0.03,
		frequencyZh: "原则上每年不超过 1 次，无事不扰",
		frequencyEn: "at most once a year; otherwise left alone",
	},
	B: { min: 0.05, max: 0.2, usual: 0.1, frequencyZh: "每年 1 次", frequencyEn: "once a year" },
	C: { min: 0.21, max: 0.6, usual: 0.4, frequencyZh: "每年不超过 2 次", frequencyEn: "up to twice a year" },
	D: {
		min: 0.61,
		max: 1,
		usual: 0.8,
		frequencyZh: "根据需要随时检查，重点监管",
		frequencyEn: "whenever needed; focus of supervision",
	},
});

/** One factor's part in a grade, with the events behind it. */
export interface Contribution {
	factor: string;
	zh: string;
	en: string;
	points: number;
	/** The events (or schemes, fields, dates) it counted. */
	basis: string[];
}

export interface GradeResult {
	grade: CreditGrade;
	score: number;
	contributions: Contribution[];
	/** The direct judgement that raised the grade, if any. */
	floor: { zh: string; en: string; atLeast: CreditGrade; basis: string[] } | null;
}

/** The model in force until a regulator publishes another. */
export const DEFAULT_MODEL: GradingModel = Object.freeze({
	version: "2026.1",
	note: "初始模型：领域风险、抽查结果、行政处罚、投诉举报、证书撤销、报告撤销、造假线索和距上次检查时间",
	field: {
		points: { high: 15, medium: 8, low: 0 },
		highSchemes: ["CCC", "FSMS", "HACCP", "MDQMS", "ORGANIC", "GAP"],
		mediumSchemes: ["IATF", "OHSMS", "CONSTR-QMS", "GREEN", "EnMS", "ISMS"],
		highLabFields: ["食品", "医疗器械", "药品", "特种设备", "机动车"],
		mediumLabFields: ["建筑材料", "电子电器", "环境", "纺织品"],
	},
	events: [
		{
			id: "spot_fail",
			kind: "spot_check",
			outcome: "fail",
			points: 30,
			months: 36,
			zh: "抽查不合格",
			en: "failed spot checks",
		},
		{
			id: "spot_rectify",
			kind: "spot_check",
			outcome: "rectify",
			points: 15,
			pointsIfRectified: 8,
			months: 24,
			zh: "抽查责令整改",
			en: "spot checks ordering rectification",
		},
		{
			id: "spot_unable",
			kind: "spot_check",
			outcome: "unable",
			points: 10,
			months: 24,
			zh: "无法检查（拒绝或逃避检查）",
			en: "spot checks that could not be carried out",
		},
		{
			id: "spot_pass",
			kind: "spot_check",
			outcome: "pass",
			points: -5,
			months: 24,
			zh: "抽查合格",
			en: "passed spot checks",
		},
		{
			id: "penalty",
			kind: "penalty",
			points: 40,
			months: 36,
			zh: "行政处罚",
			en: "administrative penalties",
		},
		{
			id: "complaint",
			kind: "complaint",
			points: 10,
			months: 24,
			zh: "投诉举报（属实）",
			en: "upheld complaints",
		},
		{
			id: "certificate_withdrawn",
			kind: "certificate_withdrawn",
			points: 12,
			months: 24,
			zh: "所持证书被撤销",
			en: "certificates withdrawn",
		},
		{
			id: "report_revoked",
			kind: "report_revoked",
			points: 6,
			months: 24,
			zh: "出具的报告被撤销",
			en: "reports revoked",
		},
		{
			id: "false_commitment",
			kind: "false_commitment",
			points: 40,
			months: 36,
			zh: "告知承诺不实",
			en: "false commitments in approvals",
		},
		{
			id: "scope_violation",
			kind: "scope_violation",
			points: 20,
			months: 24,
			zh: "超出资质范围从业（经查实）",
			en: "confirmed work outside the approved scope",
		},
		{
			id: "fraud_signal",
			kind: "fraud_signal",
			points: 20,
			months: 24,
			zh: "移交查处的造假线索",
			en: "fraud signals escalated for enforcement",
		},
	],
	inspection: { months: 36, points: 4, neverPoints: 6 },
	thresholds: { A: 10, B: 30, C: 55 },
	floors: [
		{
			kind: "penalty",
			months: 12,
			atLeast: "C",
			zh: "一年内受到行政处罚，直接判定为 C 类或更高风险",
			en: "an administrative penalty within a year: C or worse",
		},
		{
			kind: "false_commitment",
			months: 24,
			atLeast: "C",
			zh: "两年内告知承诺不实，直接判定为 C 类或更高风险",
			en: "a false commitment within two years: C or worse",
		},
		{
			kind: "spot_check",
			outcome: "fail",
			months: 12,
			atLeast: "C",
			zh: "一年内抽查不合格，直接判定为 C 类或更高风险",
			en: "a failed spot check within a year: C or worse",
		},
	],
	supervision: DEFAULT_SUPERVISION,
} satisfies GradingModel) as GradingModel;

/** The grade a score falls in. */
export function gradeForScore(score: number, t: GradingModel["thresholds"]): CreditGrade {
	return score < t.A ? "A" : score < t.B ? "B" : score < t.C ? "C" : "D";
}

const RANK: Record<CreditGrade, number> = { A: 0, B: 1, C: 2, D: 3 };

const matches = (e: GradeEvent, r: { kind: string; outcome?: string }) =>
	e.kind === r.kind && (r.outcome === undefined || e.outcome === r.outcome);

/**
 * A grader for one model as of one day: the look-back cut-offs are worked out once, so a full regrade of
 * a million organisations spends its time on their events, not on calendar arithmetic.
 */
export function makeGrader(model: GradingModel, asOf: string): (inputs: GradeInputs) => GradeResult {
	const rules = model.events.map((rule) => ({ rule, since: monthsBefore(asOf, rule.months) }));
	const floors = model.floors.map((f) => ({ f, since: monthsBefore(asOf, f.months) }));
	const staleBefore = monthsBefore(asOf, model.inspection.months);
	const riskZh: Record<FieldRisk, string> = { high: "高", medium: "中", low: "低" };
	// Most organisations have no events and were never inspected: their result depends on the field alone,
	// so one result object serves all of them with the same field (a full regrade allocates far less).
	const quiet = new Map<string, GradeResult>();
	const grade = (inputs: GradeInputs): GradeResult => {
		const contributions: Contribution[] = [
			{
				factor: "field",
				zh: `领域风险（${riskZh[inputs.fieldRisk]}）`,
				en: `field risk (${inputs.fieldRisk})`,
				points: model.field.points[inputs.fieldRisk],
				basis: inputs.fieldBasis,
			},
		];
		if (inputs.events.length)
			for (const { rule, since } of rules) {
				let points = 0;
				const basis: string[] = [];
				for (const e of inputs.events) {
					if (!matches(e, rule) || e.on <= since || e.on > asOf) continue;
					points +=
						e.rectified && rule.pointsIfRectified !== undefined ? rule.pointsIfRectified : rule.points;
					basis.push(e.ref);
				}
				if (basis.length)
					contributions.push({
						factor: rule.id,
						zh: `${rule.zh}（${rule.months} 个月内 ${basis.length} 次）`,
						en: `${rule.en} (${basis.length} within ${rule.months} months)`,
						points,
						basis,
					});
			}
		const last = inputs.lastInspectedOn;
		if (last === null)
			contributions.push({
				factor: "inspection",
				zh: "从未被抽查",
				en: "never inspected",
				points: model.inspection.neverPoints,
				basis: [],
			});
		else if (last <= staleBefore)
			contributions.push({
				factor: "inspection",
				zh: `${model.inspection.months} 个月内未被抽查`,
				en: `not inspected within ${model.inspection.months} months`,
				points: model.inspection.points,
				basis: [last],
			});
		let score = 0;
		for (const c of contributions) score += c.points;
		let grade = gradeForScore(score, model.thresholds);
		let floor: GradeResult["floor"] = null;
		if (inputs.events.length)
			for (const { f, since } of floors) {
				const basis = inputs.events
					.filter((e) => matches(e, f) && e.on > since && e.on <= asOf)
					.map((e) => e.ref);
				if (basis.length && RANK[f.atLeast] > RANK[grade]) {
					grade = f.atLeast;
					floor = { zh: f.zh, en: f.en, atLeast: f.atLeast, basis };
				}
			}
		return { grade, score, contributions, floor };
	};
	return (inputs) => {
		if (inputs.events.length || inputs.lastInspectedOn !== null) return grade(inputs);
		const key = `${inputs.fieldRisk}|${inputs.fieldBasis.join(",")}`;
		let r = quiet.get(key);
		if (!r) {
			r = grade(inputs);
			quiet.set(key, r);
		}
		return r;
	};
}

/** Grades one organisation as of a day, with every factor's contribution and the events behind it. */
export function gradeOrganization(inputs: GradeInputs, model: GradingModel, asOf: string): GradeResult {
	return makeGrader(model, asOf)(inputs);
}

/** The field risk of an organisation from the schemes it holds or is approved for and its test fields. */
export function fieldRiskOf(
	schemes: Iterable<string>,
	labFields: Iterable<string>,
	model: GradingModel,
): { risk: FieldRisk; basis: string[] } {
	const high: string[] = [];
	const medium: string[] = [];
	for (const s of schemes)
		if (model.field.highSchemes.includes(s)) high.push(s);
		else if (model.field.mediumSchemes.includes(s)) medium.push(s);
	for (const f of labFields)
		if (model.field.highLabFields.includes(f)) high.push(f);
		else if (model.field.mediumLabFields.includes(f)) medium.push(f);
	if (high.length) return { risk: "high", basis: [...new Set(high)].sort() };
	if (medium.length) return { risk: "medium", basis: [...new Set(medium)].sort() };
	return { risk: "low", basis: [] };
}

/** Checks a model's shape and numbers; answers the first problem as "field: rule", or null. */
export function modelProblem(m: GradingModel): string | null {
	if (!/^\d{4}\.\d{1,3}$/.test(m.version ?? "")) return "version: YYYY.N, e.g. 2026.2";
	if (typeof m.note !== "string" || !m.note.trim()) return "note: say what changed and why";
	const { A, B, C } = m.thresholds ?? ({} as GradingModel["thresholds"]);
	if (![A, B, C].every(Number.isFinite) || !(A < B && B < C)) return "thresholds: numbers with A < B < C";
	for (const r of ["high", "medium", "low"] as const)
		if (!Number.isFinite(m.field?.points?.[r])) return `field.points.${r}: a number`;
	for (const k of ["highSchemes", "mediumSchemes", "highLabFields", "mediumLabFields"] as const)
		if (!Array.isArray(m.field[k]) || m.field[k].some((x) => typeof x !== "string"))
			return `field.${k}: a list of codes`;
	const ids = new Set<string>();
	for (const [i, r] of (m.events ?? []).entries()) {
		if (!r.id || ids.has(r.id)) return `events[${i}].id: present and unique`;
		ids.add(r.id);
		if (!r.kind) return `events[${i}].kind: required`;
		if (!Number.isFinite(r.points)) return `events[${i}].points: a number`;
		if (!Number.isInteger(r.months) || r.months < 1 || r.months > 120)
			return `events[${i}].months: a whole number of months, 1–120`;
		if (!r.zh || !r.en) return `events[${i}]: name it in Chinese and English`;
	}
	const ins = m.inspection;
	if (
		!ins ||
		!Number.isInteger(ins.months) ||
		ins.months < 1 ||
		!Number.isFinite(ins.points + ins.neverPoints)
	)
		return "inspection: months (whole, ≥ 1), points and neverPoints";
	if (m.supervision !== undefined)
		for (const g of CREDIT_GRADES) {
			const v = m.supervision[g];
			if (!v || ![v.min, v.max, v.usual].every((x) => Number.isFinite(x) && x >= 0 && x <= 1))
				return `supervision.${g}: shares from 0 to 1`;
			if (!(v.min <= v.usual && v.usual <= v.max)) return `supervision.${g}: min ≤ usual ≤ max`;
		}
	for (const [i, f] of (m.floors ?? []).entries()) {
		if (!["B", "C", "D"].includes(f.atLeast)) return `floors[${i}].atLeast: B, C or D`;
		if (!Number.isInteger(f.months) || f.months < 1) return `floors[${i}].months: a whole number ≥ 1`;
	}
	return null;
}
