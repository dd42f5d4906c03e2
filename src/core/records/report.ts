/** Test report records: key fields of every report a lab issues, and the hash of the document. */
import type { Checked } from "../problem.ts";
import {
	CONCLUSIONS,
	type Conclusion,
	parseConclusion,
	parseReportStatus,
	REPORT_STATUSES,
	type ReportStatus,
} from "../report-status.ts";
import { normalizeNumber } from "./certificate.ts";
import { FieldReader, LIMITS, type Raw } from "./fields.ts";
import { type PersonRef, parsePersonRef } from "./person-ref.ts";

export interface ReportItem {
	parameter: string;
	standard: string;
	result: string | null;
	conclusion: Conclusion | null;
}

export interface ReportInput {
	number: string;
	labUscc: string;
	clientName: string;
	clientUscc: string | null;
	product: string;
	items: ReportItem[];
	conclusion: Conclusion;
	issueDate: string;
	signatory: PersonRef | null;
	docSha256: string;
	status: ReportStatus;
	statusDate: string;
	statusReason: string | null;
	replacedBy: string | null;
}

export const REPORT_FIELDS = [
	"number",
	"labUscc",
	"clientName",
	"clientUscc",
	"product",
	"items",
	"conclusion",
	"issueDate",
	"signatory",
	"docSha256",
	"status",
	"statusDate",
	"statusReason",
	"replacedBy",
] as const;

const MAX_ITEMS = 500;

/**
 * Reads the tested items: a JSON array of {parameter, standard, result, conclusion}, or in a CSV cell
 * `parameter|standard|result|conclusion` entries separated by semicolons.
 */
function readItems(r: FieldReader): ReportItem[] {
	const v = r.json("items", true);
	if (v === undefined) return [];
	let list: unknown[];
	if (Array.isArray(v)) list = v;
	else if (typeof v === "string" && v.trim().startsWith("[")) {
		try {
			const parsed: unknown = JSON.parse(v);
			if (!Array.isArray(parsed)) throw new Error("not an array");
			list = parsed;
		} catch {
			r.add(
				"items",
				"ITEMS_FORMAT",
				"以“[”开头时应为JSON数组",
				"a value starting with [ must be a JSON array",
			);
			return [];
		}
	} else if (typeof v === "string") {
		list = v
			.split(/[;；]/)
			.map((s) => s.trim())
			.filter(Boolean)
			.map((s) => {
				const [parameter, standard, result, conclusion] = s.split("|").map((x) => x.trim());
				return { parameter, standard, result, conclusion };
			});
	} else {
		r.add("items", "TYPE", "应为检测项目列表", "must be a list of tested items");
		return [];
	}
	if (list.length === 0) {
		r.add("items", "REQUIRED", "至少一个检测项目", "at least one tested item is required");
		return [];
	}
	if (list.length > MAX_ITEMS) {
		r.add("items", "LIST_TOO_LONG", `最多${MAX_ITEMS}个检测项目`, `at most ${MAX_ITEMS} items`);
		return [];
	}
	const out: ReportItem[] = [];
	for (let i = 0; i < list.length; i++) {
		const it = list[i];
		const n = i + 1;
		if (typeof it !== "object" || it === null) {
			r.add("items", "ITEM_FORMAT", `第${n}项应为对象`, `item ${n} must be an object`);
			return [];
		}
		const o = it as Record<string, unknown>;
		const str = (k: string, max: number, required: boolean): string | null => {
			const x = o[k];
			if (x === undefined || x === null || String(x).trim() === "") {
				if (required) r.add("items", "ITEM_REQUIRED", `第${n}项缺少${k}`, `item ${n}: ${k} is required`);
				return null;
			}
			const s = String(x).trim();
			if ([...s].length > max) {
				r.add(
					"items",
					"ITEM_TOO_LONG",
					`第${n}项的${k}超过${max}个字符`,
					`item ${n}: ${k} exceeds ${max} characters`,
				);
				return null;
			}
			return s;
		};
		const parameter = str("parameter", LIMITS.shortText, true);
		const standard = str("standard", LIMITS.shortText, true);
		const result = str("result", 200, false);
		const cText = str("conclusion", 20, false);
		const conclusion = cText === null ? null : parseConclusion(cText);
		if (cText !== null && conclusion === null)
			r.add(
				"items",
				"ITEM_CONCLUSION",
				`第${n}项结论应为合格、不合格或不判定`,
				`item ${n}: conclusion must be pass, fail or none`,
			);
		if (parameter && standard) out.push({ parameter, standard, result, conclusion });
	}
	return out;
}

/** What a report number looks like (after normalizeNumber). */
export const REPORT_NUMBER = /^[0-9A-Z][0-9A-Z/\-_.()#]{3,63}$/;

/** Checks a report record. */
export function checkReport(raw: Raw): Checked<ReportInput> {
	const r = new FieldReader(raw);
	const number = normalizeNumber(r.req("number", LIMITS.number));
	if (number && !REPORT_NUMBER.test(number))
		r.add(
			"number",
			"REPORT_NUMBER_FORMAT",
			"报告编号应为4–64位字母、数字或 / - _ . ( ) #",
			"a report number is 4–64 letters, digits or / - _ . ( ) #",
		);
	const labUscc = r.uscc("labUscc", true) ?? "";
	const clientName = r.req("clientName", LIMITS.name);
	const clientUscc = r.uscc("clientUscc", false);
	const product = r.req("product", LIMITS.name);
	const items = readItems(r);
	const conclusion = r.oneOf("conclusion", true, parseConclusion, CONCLUSIONS) ?? "none";
	if (conclusion === "pass" && items.some((i) => i.conclusion === "fail"))
		r.add(
			"conclusion",
			"CONCLUSION_CONFLICT",
			"有检测项目不合格时总结论不能为合格",
			"cannot be pass when an item failed",
		);
	const issueDate = r.date("issueDate", true) ?? "";
	const signatoryText = r.opt("signatory", 40);
	let signatory: PersonRef | null = null;
	if (signatoryText !== null) {
		signatory = parsePersonRef(signatoryText);
		if (!signatory)
			r.add(
				"signatory",
				"PERSON_REF",
				"应为人员编号（如 P00000012）或有效身份证号",
				"must be a person reference (e.g. P00000012) or a valid identity number",
			);
	}
	const docSha256 = (r.req("docSha256", 64) ?? "").toLowerCase();
	if (docSha256 && !/^[0-9a-f]{64}$/.test(docSha256))
		r.add(
			"docSha256",
			"SHA256_FORMAT",
			"应为64位十六进制SHA-256摘要",
			"must be a SHA-256 digest as 64 hex digits",
		);
	const status = r.oneOf("status", false, parseReportStatus, REPORT_STATUSES) ?? "valid";
	const statusDateRaw = r.date("statusDate", false);
	const statusReason = r.opt("statusReason", LIMITS.reason);
	const replacedByText = r.opt("replacedBy", LIMITS.number);
	const replacedBy = replacedByText === null ? null : normalizeNumber(replacedByText);
	if (status !== "valid") {
		if (!statusDateRaw)
			r.add(
				"statusDate",
				"REQUIRED",
				"状态不是“有效”时须填写状态变更日期",
				"required when the status is not valid",
			);
		if (!statusReason) r.add("statusReason", "REQUIRED", "替代或撤销须说明原因", "a reason is required");
	}
	if (status === "replaced" && !replacedBy)
		r.add(
			"replacedBy",
			"REQUIRED",
			"被替代的报告须填写替代报告编号",
			"a replaced report names the report that replaces it",
		);
	if (replacedBy && replacedBy === number)
		r.add("replacedBy", "SELF_REFERENCE", "报告不能替代自身", "a report cannot replace itself");
	if (statusDateRaw && issueDate && statusDateRaw < issueDate)
		r.add(
			"statusDate",
			"DATE_ORDER",
			"状态变更日期不能早于签发日期",
			"the status date cannot be before the issue date",
		);
	if (r.problems.length) return { ok: false, problems: r.problems };
	return {
		ok: true,
		value: {
			number,
			labUscc,
			clientName,
			clientUscc,
			product,
			items,
			conclusion,
			issueDate,
			signatory,
			docSha256,
			status,
			statusDate: statusDateRaw ?? issueDate,
			statusReason,
			replacedBy,
		},
	};
}
