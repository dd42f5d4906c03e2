/** Certificate records as bodies report them (API fields = import columns). */
import {
	CERTIFICATE_STATUSES,
	type CertificateStatus,
	parseCertificateStatus,
} from "../certificate-status.ts";
import type { Checked } from "../problem.ts";
import { SCHEMES, schemeByCode, schemeForStandard } from "../schemes.ts";
import { FieldReader, halfWidth, LIMITS, type Raw } from "./fields.ts";
import { readDistrict } from "./organization.ts";
import { type PersonRef, parsePersonRef } from "./person-ref.ts";

export const AUDITOR_ROLES = ["leader", "member", "expert"] as const;
export type AuditorRole = (typeof AUDITOR_ROLES)[number];
export const AUDITOR_ROLE_INFO: Record<AuditorRole, { zh: string; en: string }> = {
	leader: { zh: "审核组长", en: "lead auditor" },
	member: { zh: "审核员", en: "auditor" },
	expert: { zh: "技术专家", en: "technical expert" },
};

export interface AuditorInput {
	person: PersonRef;
	/** As written, for error messages that must not echo identity numbers. */
	label: string;
	role: AuditorRole;
}

export interface CertificateInput {
	number: string;
	cbUscc: string;
	holderUscc: string;
	holderName: string;
	holderDistrict: string | null;
	holderAddress: string | null;
	scheme: string;
	standard: string;
	scope: string;
	sites: string[];
	product: string | null;
	cccCode: string | null;
	firstIssueDate: string;
	issueDate: string;
	expiryDate: string;
	surveillanceCount: number;
	recertCount: number;
	auditTeam: AuditorInput[];
	/**
	 * The audit on which the current issue rests (the initial audit, or the latest recertification):
	 * its first and last day on site, its length in auditor-days, and the effective number of personnel
	 * within the scope (IAF MD 5). Optional; the fraud signals read them.
	 */
	auditStartDate: string | null;
	auditEndDate: string | null;
	auditDays: number | null;
	personnel: number | null;
	status: CertificateStatus;
	/** The date the current status took effect. */
	statusDate: string;
	statusReason: string | null;
}

export const CERTIFICATE_FIELDS = [
	"number",
	"cbUscc",
	"holderUscc",
	"holderName",
	"holderDistrict",
	"holderAddress",
	"scheme",
	"standard",
	"scope",
	"sites",
	"product",
	"cccCode",
	"firstIssueDate",
	"issueDate",
	"expiryDate",
	"surveillanceCount",
	"recertCount",
	"auditTeam",
	"auditStartDate",
	"auditEndDate",
	"auditDays",
	"personnel",
	"status",
	"statusDate",
	"statusReason",
] as const;

/** Bounds of the audit facts. */
export const AUDIT_LIMITS = { maxDays: 999, dayStep: 0.5, maxPersonnel: 1_000_000 } as const;

/** Normalises an identifier as printed: half-width, upper case, no spaces. */
export function normalizeNumber(s: string): string {
	return halfWidth(s).toUpperCase().replace(/\s+/g, "");
}

function parseRole(s: string): AuditorRole | null {
	for (const r of AUDITOR_ROLES) if (r === s || AUDITOR_ROLE_INFO[r].zh === s) return r;
	if (s === "组长") return "leader";
	if (s === "组员") return "member";
	if (s === "专家") return "expert";
	return null;
}

/** Reads an audit team: items `P00000012` or `P00000012:leader` (identity numbers accepted too). */
export function readAuditTeam(r: FieldReader, field: string): AuditorInput[] {
	const items = r.list(field, { required: false, maxItems: 50, maxLength: 60 });
	const out: AuditorInput[] = [];
	items.forEach((item, i) => {
		const [who = "", roleText] = item.split(/[:：]/);
		const person = parsePersonRef(who);
		const role = roleText === undefined ? (i === 0 ? "leader" : "member") : parseRole(roleText.trim());
		if (!person)
			r.add(
				field,
				"PERSON_REF",
				`第${i + 1}项应为人员编号（如 P00000012）或有效身份证号`,
				`item ${i + 1} must be a person reference (e.g. P00000012) or a valid identity number`,
			);
		else if (!role)
			r.add(
				field,
				"AUDITOR_ROLE",
				`第${i + 1}项角色应为 leader、member 或 expert`,
				`item ${i + 1}: role must be leader, member or expert`,
			);
		else out.push({ person, role, label: person.kind === "ref" ? who.trim() : `#${i + 1}` });
	});
	return out;
}

/** Checks a certificate record (field rules only; references are checked against the register later). */
export function checkCertificate(raw: Raw): Checked<CertificateInput> {
	const r = new FieldReader(raw);
	const numberText = r.req("number", LIMITS.number);
	const number = normalizeNumber(numberText);
	const cbUscc = r.uscc("cbUscc", true) ?? "";
	const holderUscc = r.uscc("holderUscc", true) ?? "";
	const holderName = r.req("holderName", LIMITS.name);
	const holderDistrict = readDistrict(r, "holderDistrict", false);
	const holderAddress = r.opt("holderAddress", LIMITS.address);

	const schemeText = r.text("scheme", { required: !r.has("standard"), max: LIMITS.shortText });
	const standardText = r.opt("standard", LIMITS.shortText);
	let scheme = "";
	if (schemeText !== undefined) {
		const found = schemeByCode(schemeText.toUpperCase()) ?? schemeByCode(schemeText);
		if (found) scheme = found.code;
		else
			r.add(
				"scheme",
				"SCHEME_UNKNOWN",
				`未知的认证项目，应为：${SCHEMES.map((s) => s.code).join("、")}`,
				`unknown scheme; use one of ${SCHEMES.map((s) => s.code).join(", ")}`,
			);
	} else if (standardText) {
		const code = schemeForStandard(standardText);
		if (code) scheme = code;
		else
			r.add(
				"standard",
				"STANDARD_UNKNOWN",
				"无法从标准识别认证项目，请填写 scheme",
				"the standard does not name a known scheme; give scheme",
			);
	}
	const schemeInfo = schemeByCode(scheme);
	const standard = standardText ?? schemeInfo?.standard ?? "";
	if (schemeInfo && number && !schemeInfo.numberPattern.test(number))
		r.add(
			"number",
			"CERT_NUMBER_FORMAT",
			`${schemeInfo.nameZh}证书编号格式不符：${schemeInfo.numberHintZh}`,
			`not a ${schemeInfo.nameEn} certificate number: ${schemeInfo.numberHintEn}`,
		);

	const scope = r.req("scope", LIMITS.scope);
	const sites = r.list("sites", { required: false, maxItems: LIMITS.listItems, maxLength: LIMITS.address });
	const product = r.opt("product", LIMITS.name);
	let cccCode = r.opt("cccCode", 4);
	if (cccCode !== null && !/^\d{4}$/.test(cccCode)) {
		r.add("cccCode", "CCC_CODE_FORMAT", "CCC产品代码应为4位数字", "a CCC product code is 4 digits");
		cccCode = null;
	}
	if (scheme === "CCC" && /^\d{16}$/.test(number)) {
		const embedded = number.slice(6, 10);
		if (cccCode !== null && cccCode !== embedded)
			r.add(
				"cccCode",
				"CCC_CODE_MISMATCH",
				`与证书编号第7–10位的产品代码${embedded}不一致`,
				`differs from the product code ${embedded} in digits 7–10 of the number`,
			);
		cccCode = embedded;
	} else if (scheme !== "CCC" && cccCode !== null)
		r.add(
			"cccCode",
			"CCC_CODE_SCHEME",
			"仅CCC证书填写产品代码",
			"only CCC certificates carry a product code",
		);

	const firstIssueDate = r.date("firstIssueDate", false);
	const issueDate = r.date("issueDate", true) ?? "";
	const expiryDate = r.date("expiryDate", true) ?? "";
	const first = firstIssueDate ?? issueDate;
	if (issueDate && first && first > issueDate)
		r.add(
			"firstIssueDate",
			"DATE_ORDER",
			"初次发证日期不能晚于本次发证日期",
			"the first issue date cannot be after the issue date",
		);
	if (issueDate && expiryDate && expiryDate <= issueDate)
		r.add(
			"expiryDate",
			"DATE_ORDER",
			"有效期截止日期必须晚于发证日期",
			"the expiry date must be after the issue date",
		);
	if (schemeInfo && issueDate && expiryDate) {
		const years = Number(expiryDate.slice(0, 4)) - Number(issueDate.slice(0, 4));
		if (years > schemeInfo.validityYears + 1)
			r.add(
				"expiryDate",
				"VALIDITY_TOO_LONG",
				`${schemeInfo.nameZh}证书有效期一般为${schemeInfo.validityYears}年，不能超过${schemeInfo.validityYears + 1}年`,
				`${schemeInfo.nameEn} certificates are valid for ${schemeInfo.validityYears} years; at most ${schemeInfo.validityYears + 1} is accepted`,
			);
	}

	const surveillanceCount = r.int("surveillanceCount", { required: false, min: 0, max: 99, fallback: 0 });
	const recertCount = r.int("recertCount", { required: false, min: 0, max: 99, fallback: 0 });
	const auditTeam = readAuditTeam(r, "auditTeam");
	const auditStartDate = r.date("auditStartDate", false);
	const auditEndDate = r.date("auditEndDate", false);
	const auditDays = r.decimal("auditDays", {
		min: 0.5,
		max: AUDIT_LIMITS.maxDays,
		step: AUDIT_LIMITS.dayStep,
	});
	const personnel = r.has("personnel")
		? r.int("personnel", { required: false, min: 1, max: AUDIT_LIMITS.maxPersonnel, fallback: 0 }) || null
		: null;
	if (auditStartDate && !auditEndDate)
		r.add(
			"auditEndDate",
			"REQUIRED",
			"填写审核开始日期时须填写审核结束日期",
			"required when the audit start date is given",
		);
	if (auditStartDate && auditEndDate && auditStartDate > auditEndDate)
		r.add(
			"auditEndDate",
			"DATE_ORDER",
			"审核结束日期不能早于审核开始日期",
			"the audit end date cannot be before its start date",
		);
	if (auditEndDate && issueDate && auditEndDate > issueDate)
		r.add(
			"auditEndDate",
			"DATE_ORDER",
			"审核结束日期不能晚于本次发证日期（发证须在审核之后）",
			"the audit end date cannot be after the issue date (a certificate is issued after its audit)",
		);

	const status =
		r.oneOf("status", false, parseCertificateStatus, CERTIFICATE_STATUSES) ?? ("valid" as CertificateStatus);
	const statusDateRaw = r.date("statusDate", false);
	const statusReason = r.opt("statusReason", LIMITS.reason);
	let statusDate = statusDateRaw ?? issueDate;
	if (status === "expired" && !statusDateRaw && expiryDate) statusDate = expiryDate;
	if (status !== "valid" && status !== "expired") {
		if (!statusDateRaw)
			r.add(
				"statusDate",
				"REQUIRED",
				"状态不是“有效”时须填写状态变更日期",
				"required when the status is not valid",
			);
		if (!statusReason)
			r.add(
				"statusReason",
				"REQUIRED",
				"暂停、撤销、注销须说明原因",
				"a reason is required for suspension, withdrawal or cancellation",
			);
	}
	if (statusDateRaw && issueDate && statusDateRaw < first)
		r.add(
			"statusDate",
			"DATE_ORDER",
			"状态变更日期不能早于初次发证日期",
			"the status date cannot be before the first issue date",
		);

	if (r.problems.length) return { ok: false, problems: r.problems };
	return {
		ok: true,
		value: {
			number,
			cbUscc,
			holderUscc,
			holderName,
			holderDistrict,
			holderAddress,
			scheme,
			standard,
			scope,
			sites,
			product,
			cccCode,
			firstIssueDate: first,
			issueDate,
			expiryDate,
			surveillanceCount,
			recertCount,
			auditTeam,
			auditStartDate,
			auditEndDate,
			auditDays,
			personnel,
			status,
			statusDate,
			statusReason,
		},
	};
}
