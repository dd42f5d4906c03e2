/**
 * Scope cross-checks ("谁出证谁负责，谁签字谁担责"): does a body's qualification cover what it issued?
 *
 * Hard rules refuse a new record outright, naming the rule: a certificate in a scheme no approval of its
 * CB covers, or issued after every covering approval ran out, or while each is suspended or revoked; a
 * report from a lab without a CMA qualification, after it ran out, or while it is suspended or revoked.
 *
 * Soft findings become flags a regulator reviews, because matching free text can be wrong: a report item
 * (parameter × standard) on no active row of the lab's capability list, a signatory not authorised for an
 * item. (An issue date before the current approval's start is not a finding: the register holds the
 * current approval period only.) Standards are compared by their designation without the year
 * (GB 4789.2-2022 matches a capability row for GB 4789.2), since labs keep rows across revisions.
 *
 * Pure: the write path, the nightly batch and the tests share it.
 */
import { personRef } from "../records/person-ref.ts";

export interface QualificationView {
	type: string;
	number: string;
	status: string;
	validFrom: string;
	validUntil: string;
	/** Scheme codes (a CB's approval). */
	scope: readonly string[];
}

export interface CapabilityView {
	parameter: string;
	standard: string;
	status: string;
	signatories: readonly number[];
}

export interface RuleBreach {
	rule: string;
	field: string;
	zh: string;
	en: string;
}

/** Qualifications that may be acted on: in force, or past their date (the date rule decides then). */
const ACTIVE = new Set(["valid", "expired"]);

/** The hard rule a new certificate breaks, if any. */
export function certificateBreach(
	approvals: readonly QualificationView[],
	scheme: string,
	issueDate: string,
): RuleBreach | null {
	const all = approvals.filter((q) => q.type === "cb_approval");
	const covering = all.filter((q) => q.scope.includes(scheme));
	if (covering.length === 0) {
		const schemes = [...new Set(all.flatMap((q) => q.scope))].sort();
		return {
			rule: "SCHEME_OUTSIDE_APPROVAL",
			field: "scheme",
			zh: schemes.length
				? `该认证机构的批准范围不含 ${scheme}（批准范围：${schemes.join("、")}）`
				: "该认证机构没有登记认证机构批准书，不能颁发证书",
			en: schemes.length
				? `${scheme} is outside the certification body's approval (approved: ${schemes.join(", ")})`
				: "the certification body has no registered approval, so it may not issue certificates",
		};
	}
	const until = covering
		.map((q) => q.validUntil)
		.sort()
		.at(-1)!;
	if (issueDate > until)
		return {
			rule: "APPROVAL_EXPIRED",
			field: "issueDate",
			zh: `发证日期晚于认证机构批准书的有效期（至 ${until}）`,
			en: `issued after the certification body's approval ran out (${until})`,
		};
	if (!covering.some((q) => ACTIVE.has(q.status)))
		return {
			rule: "APPROVAL_SUSPENDED",
			field: "cbUscc",
			zh: `认证机构批准书 ${covering.map((q) => q.number).join("、")} 已暂停或撤销，不能颁发证书`,
			en: `the certification body's approval ${covering.map((q) => q.number).join(", ")} is suspended or revoked`,
		};
	return null;
}

/** The hard rule a new report breaks, if any. */
export function reportBreach(
	qualifications: readonly QualificationView[],
	issueDate: string,
): RuleBreach | null {
	const cmas = qualifications.filter((q) => q.type === "cma");
	if (cmas.length === 0)
		return {
			rule: "LAB_NOT_QUALIFIED",
			field: "labUscc",
			zh: "该机构没有登记检验检测机构资质认定证书（CMA），不能出具报告",
			en: "the lab has no registered CMA qualification, so it may not issue reports",
		};
	const until = cmas
		.map((q) => q.validUntil)
		.sort()
		.at(-1)!;
	if (issueDate > until)
		return {
			rule: "CMA_EXPIRED",
			field: "issueDate",
			zh: `签发日期晚于资质认定证书的有效期（至 ${until}）`,
			en: `issued after the lab's CMA qualification ran out (${until})`,
		};
	if (!cmas.some((q) => ACTIVE.has(q.status)))
		return {
			rule: "CMA_SUSPENDED",
			field: "labUscc",
			zh: `资质认定证书 ${cmas.map((q) => q.number).join("、")} 已暂停或撤销，不能出具报告`,
			en: `the lab's CMA qualification ${cmas.map((q) => q.number).join(", ")} is suspended or revoked`,
		};
	return null;
}

/** A soft finding about a record, with the evidence a reviewer needs. */
export interface Finding {
	kind: string;
	zh: string;
	en: string;
	evidence: Record<string, unknown>;
}

/** A standard's designation without its year: "GB/T 4789.2-2022" → "GB/T4789.2". */
export function standardKey(s: string): string {
	return s
		.normalize("NFKC")
		.toUpperCase()
		.replace(/\s+/g, "")
		.replace(/[-—–](19|20)\d{2}$/, "");
}

/** Report items on no active capability row, and a signatory not authorised for an item. */
export function reportFindings(
	capabilities: readonly CapabilityView[],
	items: readonly { parameter: string; standard: string }[],
	signatory: number | null,
): Finding[] {
	const out: Finding[] = [];
	const active = capabilities.filter((c) => c.status === "active");
	const rowsFor = (i: { parameter: string; standard: string }) =>
		active.filter(
			(c) => c.parameter.trim() === i.parameter.trim() && standardKey(c.standard) === standardKey(i.standard),
		);
	const outside = items.filter((i) => rowsFor(i).length === 0);
	if (outside.length > 0)
		out.push({
			kind: "ITEM_OUTSIDE_CAPABILITY",
			zh: `${outside.length} 个检验项目不在该实验室资质认定能力表内：${outside.map((i) => `${i.parameter}（${i.standard}）`).join("、")}`,
			en: `${outside.length} item${outside.length === 1 ? " is" : "s are"} on no active row of the lab's capability list: ${outside.map((i) => `${i.parameter} (${i.standard})`).join("; ")}`,
			evidence: { items: outside.map(({ parameter, standard }) => ({ parameter, standard })) },
		});
	if (signatory !== null) {
		const unauthorised = items.filter((i) => {
			const rows = rowsFor(i);
			return rows.length > 0 && !rows.some((c) => c.signatories.includes(signatory));
		});
		if (unauthorised.length > 0)
			out.push({
				kind: "SIGNATORY_NOT_AUTHORISED",
				zh: `签字人未被授权签发 ${unauthorised.length} 个项目：${unauthorised.map((i) => `${i.parameter}（${i.standard}）`).join("、")}`,
				en: `the signatory is not authorised for ${unauthorised.length} item${unauthorised.length === 1 ? "" : "s"}: ${unauthorised.map((i) => `${i.parameter} (${i.standard})`).join("; ")}`,
				evidence: {
					signatory: personRef(signatory),
					items: unauthorised.map(({ parameter, standard }) => ({ parameter, standard })),
				},
			});
	}
	return out;
}
