/**
 * A lab's capability list (能力表) under its CMA qualification: product or field × parameter × test
 * standard, with the authorised signatories (授权签字人) for that row.
 */
import type { Checked } from "../problem.ts";
import { FieldReader, halfWidth, LIMITS, type Raw } from "./fields.ts";
import { type PersonRef, parsePersonRef } from "./person-ref.ts";

export const CAPABILITY_STATUSES = ["active", "withdrawn"] as const;
export type CapabilityStatus = (typeof CAPABILITY_STATUSES)[number];

export interface CapabilityInput {
	cmaNumber: string;
	labUscc: string | null;
	field: string;
	product: string;
	parameter: string;
	standard: string;
	limitation: string | null;
	status: CapabilityStatus;
	signatories: { person: PersonRef; label: string }[];
}

export const CAPABILITY_FIELDS = [
	"cmaNumber",
	"labUscc",
	"field",
	"product",
	"parameter",
	"standard",
	"limitation",
	"status",
	"signatories",
] as const;

function parseStatus(s: string): CapabilityStatus | null {
	if (s === "active" || s === "有效") return "active";
	if (s === "withdrawn" || s === "撤销" || s === "取消") return "withdrawn";
	return null;
}

/** Normalises a standard reference: half-width, single spaces (GB/T 2423.1-2008). */
export function normalizeStandard(s: string): string {
	return halfWidth(s).replace(/\s+/g, " ").trim();
}

/** Checks a capability row. */
export function checkCapability(raw: Raw): Checked<CapabilityInput> {
	const r = new FieldReader(raw);
	const cmaNumber = halfWidth(r.req("cmaNumber", 12)).trim();
	if (cmaNumber && !/^\d{12}$/.test(cmaNumber))
		r.add(
			"cmaNumber",
			"QUALIFICATION_NUMBER_FORMAT",
			"资质认定证书编号应为12位数字",
			"a CMA number is 12 digits",
		);
	const labUscc = r.uscc("labUscc", false);
	const field = r.req("field", LIMITS.shortText);
	const product = r.req("product", LIMITS.name);
	const parameter = r.req("parameter", LIMITS.name);
	const standard = normalizeStandard(r.req("standard", LIMITS.shortText));
	const limitation = r.opt("limitation", LIMITS.reason);
	const status = r.oneOf("status", false, parseStatus, CAPABILITY_STATUSES) ?? "active";
	const items = r.list("signatories", { required: false, maxItems: 50, maxLength: 40 });
	const signatories: CapabilityInput["signatories"] = [];
	items.forEach((s, i) => {
		const person = parsePersonRef(s);
		if (!person)
			r.add(
				"signatories",
				"PERSON_REF",
				`第${i + 1}项应为人员编号（如 P00000012）或有效身份证号`,
				`item ${i + 1} must be a person reference (e.g. P00000012) or a valid identity number`,
			);
		else signatories.push({ person, label: person.kind === "ref" ? s : `#${i + 1}` });
	});
	if (r.problems.length) return { ok: false, problems: r.problems };
	return {
		ok: true,
		value: { cmaNumber, labUscc, field, product, parameter, standard, limitation, status, signatories },
	};
}
