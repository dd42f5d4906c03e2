/**
 * People: auditors, inspectors, experts and authorised signatories. The identity number and phone are
 * personal data: required or accepted on the way in, stored apart, never published.
 */
import { idNumberProblem } from "../id-number.ts";
import type { Checked } from "../problem.ts";
import { FieldReader, halfWidth, type Raw } from "./fields.ts";
import { parseDistrict } from "./organization.ts";

export const PERSON_ROLES = ["auditor", "inspector", "expert", "signatory"] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const PERSON_ROLE_INFO: Record<PersonRole, { zh: string; en: string }> = {
	auditor: { zh: "审核员", en: "auditor" },
	inspector: { zh: "检查人员", en: "inspector" },
	expert: { zh: "专家", en: "expert" },
	signatory: { zh: "授权签字人", en: "authorised signatory" },
};

export interface PersonQualification {
	/** e.g. CCAA-QMS (registered QMS auditor), CMA-SIGNATORY */
	type: string;
	number: string;
}

export interface PersonInput {
	idNumber: string;
	name: string;
	employerUscc: string | null;
	roles: PersonRole[];
	qualifications: PersonQualification[];
	districts: string[];
	phone: string | null;
	status: "active" | "inactive";
}

export const PERSON_FIELDS = [
	"idNumber",
	"name",
	"employerUscc",
	"roles",
	"qualifications",
	"districts",
	"phone",
	"status",
] as const;

function parseRole(s: string): PersonRole | null {
	for (const r of PERSON_ROLES) if (r === s || PERSON_ROLE_INFO[r].zh === s) return r;
	if (s === "检查员") return "inspector";
	return null;
}

/** Checks a person record. */
export function checkPerson(raw: Raw): Checked<PersonInput> {
	const r = new FieldReader(raw);
	const idText = r.req("idNumber", 18 + 4);
	const idNumber = halfWidth(idText).trim().toUpperCase();
	if (idNumber) {
		const p = idNumberProblem(idNumber);
		// Never echo the number itself: the error file may travel further than the register.
		if (p)
			r.add("idNumber", "ID_NUMBER_INVALID", `身份证号码无效：${p.zh}`, `invalid identity number: ${p.en}`);
	}
	const name = r.req("name", 50);
	const employerUscc = r.uscc("employerUscc", false);
	const roles: PersonRole[] = [];
	for (const s of r.list("roles", { required: true, maxItems: 4, maxLength: 20 })) {
		const role = parseRole(s);
		if (role) roles.push(role);
		else
			r.add(
				"roles",
				"ENUM",
				`角色“${s}”无效，应为：审核员、检查人员、专家、授权签字人`,
				`role '${s}' must be auditor, inspector, expert or signatory`,
			);
	}
	const qualifications: PersonQualification[] = [];
	for (const s of r.list("qualifications", { required: false, maxItems: 30, maxLength: 80 })) {
		const m = /^([^:：]{1,30})[:：](.{1,60})$/.exec(s);
		if (m) qualifications.push({ type: m[1]!.trim(), number: m[2]!.trim() });
		else
			r.add(
				"qualifications",
				"QUALIFICATION_FORMAT",
				`“${s}”应写作 类型:编号`,
				`'${s}' must be written type:number`,
			);
	}
	const districts: string[] = [];
	for (const s of r.list("districts", { required: false, maxItems: 16, maxLength: 30 })) {
		const code = parseDistrict(s);
		if (code) districts.push(code);
		else r.add("districts", "DISTRICT_UNKNOWN", `“${s}”不是上海市的区`, `'${s}' is not a Shanghai district`);
	}
	let phone = r.opt("phone", 20);
	if (phone !== null) {
		phone = halfWidth(phone).replace(/[\s-]/g, "");
		if (!/^\+?\d{7,15}$/.test(phone)) {
			r.add("phone", "PHONE_FORMAT", "电话号码应为7–15位数字", "a phone number is 7–15 digits");
			phone = null;
		}
	}
	const statusText = r.opt("status", 20);
	let status: PersonInput["status"] = "active";
	if (statusText === "inactive" || statusText === "离职" || statusText === "停用") status = "inactive";
	else if (statusText !== null && statusText !== "active" && statusText !== "在职")
		r.add("status", "ENUM", "取值应为 active 或 inactive", "must be active or inactive");
	if (r.problems.length) return { ok: false, problems: r.problems };
	return {
		ok: true,
		value: { idNumber, name, employerUscc, roles, qualifications, districts, phone, status },
	};
}
