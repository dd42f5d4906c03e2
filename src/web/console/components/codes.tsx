/**
 * Code lists and their names. The register's own codes (statuses, schemes, districts, kinds) are named
 * by src/core, the same source GET /api/v1/reference answers from; the console's own (roles, account
 * states, audit outcomes) by the message catalogues.
 */
import { Tag } from "antd";
import { CERTIFICATE_STATUS_INFO } from "../../../core/certificate-status.ts";
import { FLAG_KINDS, FLAG_STATUSES } from "../../../core/checks/flag-kinds.ts";
import { AUDITOR_ROLE_INFO } from "../../../core/records/certificate.ts";
import { ORG_KIND_INFO, ORG_STATUS_INFO } from "../../../core/records/organization.ts";
import { PERSON_ROLE_INFO } from "../../../core/records/person.ts";
import { QUALIFICATION_STATUS_INFO, QUALIFICATION_TYPE_INFO } from "../../../core/records/qualification.ts";
import { DISTRICTS } from "../../../core/reference/districts.ts";
import { CONCLUSION_INFO, REPORT_STATUS_INFO } from "../../../core/report-status.ts";
import { SCHEMES } from "../../../core/schemes.ts";
import { ROLES } from "../api/types.ts";
import { type I18n, type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { zhCN } from "../i18n/zh-CN.ts";

type Names = Record<string, { zh: string; en: string }>;

const CORE_LISTS = {
	certificateStatus: CERTIFICATE_STATUS_INFO as Names,
	reportStatus: REPORT_STATUS_INFO as Names,
	conclusion: CONCLUSION_INFO as Names,
	orgKind: ORG_KIND_INFO as Names,
	orgStatus: ORG_STATUS_INFO as Names,
	qualificationType: QUALIFICATION_TYPE_INFO as Names,
	qualificationStatus: QUALIFICATION_STATUS_INFO as Names,
	personRole: PERSON_ROLE_INFO as Names,
	auditorRole: AUDITOR_ROLE_INFO as Names,
	district: Object.fromEntries(DISTRICTS.map((d) => [d.code, { zh: d.nameZh, en: d.nameEn }])) as Names,
	scheme: Object.fromEntries(SCHEMES.map((s) => [s.code, { zh: s.nameZh, en: s.nameEn }])) as Names,
};

/** Lists named in the catalogues as `<list>.<code>`. */
const CATALOGUE_LISTS = {
	role: ROLES,
	capabilityStatus: ["active", "withdrawn"],
	personStatus: ["active", "inactive"],
	accountStatus: ["active", "disabled"],
	proposalStatus: ["pending", "approved", "rejected"],
	outcome: ["ok", "denied", "rejected", "error"],
	historySource: ["issued", "import", "api", "seed", "system"],
	actorType: ["account", "api_key", "cli", "system"],
	targetType: [
		"certificate",
		"report",
		"organization",
		"qualification",
		"capability",
		"person",
		"proposal",
		"account",
		"api_key",
		"route",
		"flag",
		"spot_plan",
		"spot_batch",
		"spot_task",
	],
	auditAction: [
		"auth.login",
		"auth.logout",
		"account.change_password",
		"account.create",
		"account.disable",
		"account.enable",
		"account.reset_password",
		"apikey.create",
		"apikey.revoke",
		"certificate.issued",
		"certificate.updated",
		"certificate.status",
		"report.issued",
		"report.status",
		"organization.registered",
		"organization.updated",
		"qualification.granted",
		"qualification.updated",
		"capability.added",
		"capability.updated",
		"capability.propose",
		"capability.approve",
		"capability.reject",
		"person.registered",
		"person.updated",
		"person.private.read",
		"certificates.write",
		"reports.write",
		"organizations.write",
		"qualifications.write",
		"capabilities.write",
		"people.write",
		"flag.dismissed",
		"flag.escalated",
		"certificate.withheld",
		"certificate.released",
		"report.withheld",
		"report.released",
		"spotcheck.plan",
		"spotcheck.draft",
		"spotcheck.published",
		"spotcheck.drawn",
		"spotcheck.result",
		"spotcheck.rectified",
	],
	flagStatus: FLAG_STATUSES,
	flagKind: FLAG_KINDS,
	permission: ["certificates:write", "reports:write", "people:write", "capabilities:propose"],
} as const;

export type CodeList = keyof typeof CORE_LISTS | keyof typeof CATALOGUE_LISTS;

function isMessageKey(k: string): k is MessageKey {
	return k in zhCN;
}

/** The codes of a list, in their usual order. */
export function codesOf(list: CodeList): readonly string[] {
	return list in CORE_LISTS
		? Object.keys(CORE_LISTS[list as keyof typeof CORE_LISTS])
		: CATALOGUE_LISTS[list as keyof typeof CATALOGUE_LISTS];
}

/** A code's name in the reader's language; unknown codes are shown as they are. */
export function codeLabel(i: I18n, list: CodeList, code: string | null | undefined): string {
	if (code === null || code === undefined || code === "") return "—";
	if (list in CORE_LISTS) return i.name(CORE_LISTS[list as keyof typeof CORE_LISTS][code], code);
	const key = `${list}.${code}`;
	return isMessageKey(key) ? i.t(key) : code;
}

export interface Option {
	value: string;
	label: string;
}

/** Select options for a list (or some of its codes). */
export function codeOptions(i: I18n, list: CodeList, only?: readonly string[]): Option[] {
	return (only ?? codesOf(list)).map((c) => ({
		value: c,
		label:
			list === "scheme" || list === "district" ? `${codeLabel(i, list, c)}（${c}）` : codeLabel(i, list, c),
	}));
}

/** Hook form of codeLabel. */
export function useCodes() {
	const i = useI18n();
	return {
		label: (list: CodeList, code: string | null | undefined) => codeLabel(i, list, code),
		options: (list: CodeList, only?: readonly string[]) => codeOptions(i, list, only),
	};
}

const GOOD = new Set(["valid", "active", "approved", "ok", "pass"]);
const WARN = new Set(["suspended", "pending", "replaced", "none", "open"]);
const BAD = new Set([
	"withdrawn",
	"revoked",
	"cancelled",
	"rejected",
	"denied",
	"error",
	"fail",
	"disabled",
	"escalated",
]);

/** A status as a coloured tag; the colour repeats what the words say, never replaces them. */
export function StatusTag({ list, code }: { list: CodeList; code: string }) {
	const i = useI18n();
	const color = GOOD.has(code) ? "green" : WARN.has(code) ? "orange" : BAD.has(code) ? "red" : "default";
	return <Tag color={color}>{codeLabel(i, list, code)}</Tag>;
}
