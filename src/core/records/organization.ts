/** Organisation records: certification bodies, labs, certified enterprises and regulators. */

import type { Checked } from "../problem.ts";
import { DISTRICTS, districtByCode } from "../reference/districts.ts";
import { FieldReader, LIMITS, type Raw } from "./fields.ts";

export const ORG_KINDS = ["cb", "lab", "enterprise", "regulator"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_INFO: Record<OrgKind, { zh: string; en: string }> = {
	cb: { zh: "认证机构", en: "certification body" },
	lab: { zh: "检验检测机构", en: "testing/inspection body" },
	enterprise: { zh: "企业", en: "enterprise" },
	regulator: { zh: "监管部门", en: "regulator" },
};

export const ORG_STATUSES = ["active", "deregistered", "revoked"] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];
export const ORG_STATUS_INFO: Record<OrgStatus, { zh: string; en: string }> = {
	active: { zh: "存续", en: "active" },
	deregistered: { zh: "注销", en: "deregistered" },
	revoked: { zh: "吊销", en: "revoked" },
};

export interface OrganizationInput {
	uscc: string;
	kind: OrgKind;
	name: string;
	nameEn: string | null;
	district: string | null;
	address: string | null;
	status: OrgStatus;
}

/** Columns accepted by import, in export order. */
export const ORGANIZATION_FIELDS = [
	"uscc",
	"kind",
	"name",
	"nameEn",
	"district",
	"address",
	"status",
] as const;

function parseEnum<T extends string>(values: readonly T[], info: Record<T, { zh: string; en: string }>) {
	return (s: string): T | null => {
		for (const v of values) if (v === s || info[v].zh === s) return v;
		return null;
	};
}

export const parseOrgKind = parseEnum(ORG_KINDS, ORG_KIND_INFO);
export const parseOrgStatus = parseEnum(ORG_STATUSES, ORG_STATUS_INFO);

/** Accepts a district code (310115) or its Chinese or English name (浦东新区, Pudong New Area). */
export function parseDistrict(s: string): string | null {
	const v = s.trim();
	if (districtByCode(v)) return v;
	const d = DISTRICTS.find((x) => x.nameZh === v || x.nameEn.toLowerCase() === v.toLowerCase());
	return d ? d.code : null;
}

/** Reads a district field (shared by people and certificate holders). */
export function readDistrict(r: FieldReader, field: string, required: boolean): string | null {
	const s = r.text(field, { required, max: LIMITS.shortText });
	if (s === undefined) return null;
	const code = parseDistrict(s);
	if (!code)
		r.add(
			field,
			"DISTRICT_UNKNOWN",
			"应为上海市16个区之一的行政区划代码或名称（如 310115 或 浦东新区）",
			"must be the code or name of one of Shanghai's 16 districts (e.g. 310115 or 浦东新区)",
		);
	return code;
}

/** Checks an organisation record. */
export function checkOrganization(raw: Raw): Checked<OrganizationInput> {
	const r = new FieldReader(raw);
	const value: OrganizationInput = {
		uscc: r.uscc("uscc", true) ?? "",
		kind: r.oneOf("kind", true, parseOrgKind, ORG_KINDS) ?? "enterprise",
		name: r.req("name", LIMITS.name),
		nameEn: r.opt("nameEn", LIMITS.name),
		district: readDistrict(r, "district", false),
		address: r.opt("address", LIMITS.address),
		status: r.oneOf("status", false, parseOrgStatus, ORG_STATUSES) ?? "active",
	};
	return r.problems.length ? { ok: false, problems: r.problems } : { ok: true, value };
}
