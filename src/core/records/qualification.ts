/**
 * Qualifications of bodies: a CB's approval (认证机构批准书, CNCA-R-YYYY-NNN or CNCA-RF-YYYY-NN for
 * foreign-invested CBs) with the schemes it may certify, and a lab's CMA qualification (资质认定证书,
 * 12 digits) whose capability list is recorded row by row (capability.ts).
 */
import type { Checked } from "../problem.ts";
import { SCHEMES, schemeByCode } from "../schemes.ts";
import { FieldReader, halfWidth, LIMITS, type Raw } from "./fields.ts";

export const QUALIFICATION_TYPES = ["cb_approval", "cma"] as const;
export type QualificationType = (typeof QUALIFICATION_TYPES)[number];
export const QUALIFICATION_TYPE_INFO: Record<
	QualificationType,
	{ zh: string; en: string; orgKind: "cb" | "lab" }
> = {
	cb_approval: { zh: "认证机构批准书", en: "certification body approval", orgKind: "cb" },
	cma: { zh: "检验检测机构资质认定证书", en: "CMA qualification", orgKind: "lab" },
};

export const QUALIFICATION_STATUSES = ["valid", "suspended", "revoked", "expired"] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];
export const QUALIFICATION_STATUS_INFO: Record<QualificationStatus, { zh: string; en: string }> = {
	valid: { zh: "有效", en: "valid" },
	suspended: { zh: "暂停", en: "suspended" },
	revoked: { zh: "撤销", en: "revoked" },
	expired: { zh: "过期", en: "expired" },
};

export interface QualificationInput {
	type: QualificationType;
	number: string;
	orgUscc: string;
	issuer: string | null;
	validFrom: string;
	validUntil: string;
	status: QualificationStatus;
	/** Scheme codes a CB may certify (empty for CMA). */
	scope: string[];
	note: string | null;
}

export const QUALIFICATION_FIELDS = [
	"type",
	"number",
	"orgUscc",
	"issuer",
	"validFrom",
	"validUntil",
	"status",
	"scope",
	"note",
] as const;

const NUMBER_RULES: Record<QualificationType, { re: RegExp; zh: string; en: string }> = {
	cb_approval: {
		re: /^CNCA-R-\d{4}-\d{3}$|^CNCA-RF-\d{4}-\d{2}$/,
		zh: "批准书编号格式应为 CNCA-R-YYYY-NNN 或 CNCA-RF-YYYY-NN",
		en: "an approval number is CNCA-R-YYYY-NNN or CNCA-RF-YYYY-NN",
	},
	cma: { re: /^\d{12}$/, zh: "资质认定证书编号应为12位数字", en: "a CMA number is 12 digits" },
};

function parseType(s: string): QualificationType | null {
	for (const t of QUALIFICATION_TYPES) if (t === s || QUALIFICATION_TYPE_INFO[t].zh === s) return t;
	if (s === "CMA" || s === "资质认定") return "cma";
	if (s === "批准书") return "cb_approval";
	return null;
}

function parseStatus(s: string): QualificationStatus | null {
	for (const t of QUALIFICATION_STATUSES) if (t === s || QUALIFICATION_STATUS_INFO[t].zh === s) return t;
	return null;
}

/** Checks a qualification record. */
export function checkQualification(raw: Raw): Checked<QualificationInput> {
	const r = new FieldReader(raw);
	const type = r.oneOf("type", true, parseType, QUALIFICATION_TYPES);
	const number = halfWidth(r.req("number", LIMITS.number)).toUpperCase().replace(/\s+/g, "");
	if (type && number && !NUMBER_RULES[type].re.test(number))
		r.add("number", "QUALIFICATION_NUMBER_FORMAT", NUMBER_RULES[type].zh, NUMBER_RULES[type].en);
	const orgUscc = r.uscc("orgUscc", true) ?? "";
	const issuer = r.opt("issuer", LIMITS.name);
	const validFrom = r.date("validFrom", true) ?? "";
	const validUntil = r.date("validUntil", true) ?? "";
	if (validFrom && validUntil && validUntil < validFrom)
		r.add(
			"validUntil",
			"DATE_ORDER",
			"有效期截止日期不能早于起始日期",
			"the end of validity cannot be before its start",
		);
	const status = r.oneOf("status", false, parseStatus, QUALIFICATION_STATUSES) ?? "valid";
	const scopeItems = r.list("scope", { required: type === "cb_approval", maxItems: 100, maxLength: 40 });
	const scope: string[] = [];
	for (const s of scopeItems) {
		const code = schemeByCode(s.toUpperCase()) ?? schemeByCode(s);
		if (!code)
			r.add(
				"scope",
				"SCHEME_UNKNOWN",
				`未知的认证项目“${s}”，应为：${SCHEMES.map((x) => x.code).join("、")}`,
				`unknown scheme '${s}'; use ${SCHEMES.map((x) => x.code).join(", ")}`,
			);
		else scope.push(code.code);
	}
	if (type === "cma" && scope.length > 0)
		r.add(
			"scope",
			"SCOPE_CMA",
			"资质认定的能力范围请用能力表导入（capabilities）",
			"a CMA scope is given as capability rows (import --kind capabilities)",
		);
	const note = r.opt("note", LIMITS.reason);
	if (r.problems.length || !type) return { ok: false, problems: r.problems };
	return { ok: true, value: { type, number, orgUscc, issuer, validFrom, validUntil, status, scope, note } };
}
