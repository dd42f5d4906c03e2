/**
 * The approval configuration: time limits in working days, the verification period of the commitment path,
 * the renewal window and the fields excluded from the commitment path. The defaults are the statutory ones
 * (《检验检测机构资质认定管理办法》第十条, 第十四条); the Shanghai plan asks regulators to shorten the limits
 * (缩短行政许可时限), so a deployment may shorten any of them but never lengthen one past the statute, nor
 * drop a statutory exclusion. Versioned like the credit-grading model, and checked field by field.
 */
import { type Problem, problem } from "../problem.ts";
import type { RenewalRule } from "./application.ts";
import { ApprovalError } from "./errors.ts";
import { type ExclusionRule, STATUTORY_EXCLUSIONS } from "./exclusions.ts";

/** Time limits, in working days. */
export interface ApprovalLimits {
	/** Accept or refuse to accept, from receipt of the application (第十条: 5). */
	acceptance: number;
	/** Technical review, from acceptance; not counted in the decision period (第十条: 45). */
	technicalReview: number;
	/** Corrections of nonconformities, from the notice (第十条: at most 30). */
	correction: number;
	/** The decision, from the review conclusion — or from acceptance when there is no review (第十条: 20). */
	decision: number;
	/** The certificate, from the decision to grant (第十条: 10). */
	issue: number;
}

/** The statutory limits: the defaults, and the most a configuration may set. */
export const STATUTORY_LIMITS: Readonly<ApprovalLimits> = Object.freeze({
	acceptance: 5,
	technicalReview: 45,
	correction: 30,
	decision: 20,
	issue: 10,
});

/** The statutory verification period of the commitment path: on-site verification within 3 months. */
export const STATUTORY_VERIFICATION_MONTHS = 3;

/** The approval configuration, versioned; check one read from a file with checkApprovalConfig. */
export interface ApprovalConfig {
	/** e.g. 2026.1 */
	version: string;
	/** What changed and why, in words. */
	note: string;
	limits: ApprovalLimits;
	/** A running step with this many working days left or fewer is "near due". */
	nearDue: number;
	/**
	 * Whether the acceptance period starts afresh when the applicant completes the materials (行政许可法第三十二条:
	 * 自收到全部补正申请材料之日起受理) instead of resuming where it paused. Either way the wait is not counted.
	 */
	completionRestartsAcceptance: boolean;
	/** Months after a commitment-path decision within which the on-site verification (核查) takes place. */
	verificationMonths: number;
	renewal: RenewalRule;
	/** Fields excluded from the commitment path (exclusions.ts). */
	commitmentExclusions: ExclusionRule[];
}

/** The statutory configuration, in force until a regulator shortens it. */
export const DEFAULT_APPROVAL_CONFIG: ApprovalConfig = deepFreeze({
	version: "2026.1",
	note: "法定时限：受理5个工作日，技术评审45个工作日，整改不超过30个工作日，决定20个工作日，发证10个工作日；告知承诺3个月内核查",
	limits: { ...STATUTORY_LIMITS },
	nearDue: 2,
	completionRestartsAcceptance: false,
	verificationMonths: STATUTORY_VERIFICATION_MONTHS,
	renewal: { dueMonthsBefore: 3, opensMonthsBefore: 6 },
	commitmentExclusions: STATUTORY_EXCLUSIONS.map((r) => ({
		...r,
		terms: [...r.terms],
		standards: [...r.standards],
	})),
});

const LIMIT_NAMES: Record<keyof ApprovalLimits, string> = {
	acceptance: "受理",
	technicalReview: "技术评审",
	correction: "整改",
	decision: "许可决定",
	issue: "发证",
};

const isWhole = (v: unknown, min: number, max: number): v is number =>
	typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

const isText = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** Every problem with a configuration, each naming the field and the rule; empty when it is sound. */
export function approvalConfigProblems(c: unknown): Problem[] {
	const out: Problem[] = [];
	const add = (field: string, zh: string, en: string) =>
		out.push(problem(field, "APPROVAL_CONFIG_INVALID", zh, en));
	if (typeof c !== "object" || c === null || Array.isArray(c)) {
		add("config", "配置应为对象", "the configuration must be an object");
		return out;
	}
	const m = c as Partial<ApprovalConfig>;
	if (typeof m.version !== "string" || !/^\d{4}\.\d{1,3}$/.test(m.version))
		add("version", "版本号格式为 YYYY.N，如 2026.2", "version: YYYY.N, e.g. 2026.2");
	if (!isText(m.note)) add("note", "请说明改了什么、为什么", "note: say what changed and why");
	const limits = (m.limits ?? {}) as Partial<Record<keyof ApprovalLimits, unknown>>;
	for (const k of Object.keys(STATUTORY_LIMITS) as (keyof ApprovalLimits)[]) {
		const max = STATUTORY_LIMITS[k];
		if (!isWhole(limits[k], 1, max))
			add(
				`limits.${k}`,
				`${LIMIT_NAMES[k]}时限应为 1 至 ${max} 个工作日的整数（可缩短，不得超过法定时限）`,
				`a whole number of working days from 1 to ${max} (limits may be shortened, never lengthened past the statute)`,
			);
	}
	if (!isWhole(m.nearDue, 0, 10))
		add(
			"nearDue",
			"临近到期提醒应为 0 至 10 个工作日的整数",
			"nearDue: a whole number of working days, 0–10",
		);
	if (typeof m.completionRestartsAcceptance !== "boolean")
		add("completionRestartsAcceptance", "应为 true 或 false", "completionRestartsAcceptance: true or false");
	if (!isWhole(m.verificationMonths, 1, STATUTORY_VERIFICATION_MONTHS))
		add(
			"verificationMonths",
			`告知承诺核查期限应为 1 至 ${STATUTORY_VERIFICATION_MONTHS} 个月的整数`,
			`verificationMonths: a whole number of months from 1 to ${STATUTORY_VERIFICATION_MONTHS}`,
		);
	const r = (m.renewal ?? {}) as Partial<RenewalRule>;
	if (!isWhole(r.dueMonthsBefore, 1, 12))
		add(
			"renewal.dueMonthsBefore",
			"延续申请截止期应为有效期届满前 1 至 12 个月的整数",
			"renewal.dueMonthsBefore: a whole number of months, 1–12",
		);
	if (!isWhole(r.opensMonthsBefore, 1, 24) || !(r.opensMonthsBefore > (r.dueMonthsBefore ?? 0)))
		add(
			"renewal.opensMonthsBefore",
			"延续申请开放期应为 24 个月以内的整数，且早于截止期",
			"renewal.opensMonthsBefore: a whole number of months up to 24, before the due month",
		);
	out.push(...exclusionProblems(m.commitmentExclusions));
	return out;
}

function exclusionProblems(list: unknown): Problem[] {
	const out: Problem[] = [];
	const add = (field: string, zh: string, en: string) =>
		out.push(problem(field, "APPROVAL_CONFIG_INVALID", zh, en));
	if (!Array.isArray(list)) {
		add("commitmentExclusions", "应为排除领域的列表", "commitmentExclusions: a list of excluded fields");
		return out;
	}
	const ids = new Set<string>();
	list.forEach((x: Partial<ExclusionRule>, i) => {
		const f = `commitmentExclusions[${i}]`;
		if (!isText(x?.id) || ids.has(x.id)) add(`${f}.id`, "编号必填且不得重复", "id: present and unique");
		else ids.add(x.id);
		if (!isText(x?.zh) || !isText(x?.en))
			add(f, "请用中英文写明领域名称", "name the field in Chinese and English");
		if (!isText(x?.basisZh) || !isText(x?.basisEn))
			add(f, "请用中英文写明排除依据", "cite the rule that excludes it in Chinese and English");
		const lists = [x?.terms, x?.standards];
		if (!lists.every((l) => Array.isArray(l) && l.every(isText)) || !lists.some((l) => (l as []).length))
			add(
				f,
				"terms 与 standards 应为非空文本列表，至少一项非空",
				"terms and standards: lists of text, at least one of them not empty",
			);
	});
	for (const s of STATUTORY_EXCLUSIONS) {
		const x = (list as Partial<ExclusionRule>[]).find((r) => r?.id === s.id);
		const keeps = (a: unknown, b: readonly string[]) => Array.isArray(a) && b.every((t) => a.includes(t));
		if (!x || !keeps(x.terms, s.terms) || !keeps(x.standards, s.standards))
			add(
				"commitmentExclusions",
				`不得删除或缩小法定排除领域“${s.zh}”（${s.basisZh}）`,
				`the statutory exclusion "${s.en}" may not be dropped or narrowed (${s.basisEn})`,
			);
	}
	return out;
}

/**
 * Checks a configuration (for one read from a file) and returns it frozen; throws APPROVAL_CONFIG_INVALID
 * with every problem found, so a bad value stops the process with the full list (style habit 6).
 */
export function checkApprovalConfig(c: unknown): ApprovalConfig {
	const problems = approvalConfigProblems(c);
	if (problems.length) {
		const first = problems[0]!;
		throw new ApprovalError(
			"APPROVAL_CONFIG_INVALID",
			first.field,
			problems.map((p) => `${p.field}：${p.messageZh}`).join("；"),
			problems.map((p) => `${p.field}: ${p.messageEn}`).join("; "),
			problems,
		);
	}
	return deepFreeze(structuredClone(c as ApprovalConfig));
}

function deepFreeze<T>(v: T): T {
	if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
		for (const x of Object.values(v)) deepFreeze(x);
		Object.freeze(v);
	}
	return v;
}
