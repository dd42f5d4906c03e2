/**
 * The materials catalogue (申请材料目录化): every material an application may need, by a fixed code with its
 * Chinese and English names, which application needs which, and whether an accepted copy can be reused.
 *
 * The Shanghai plan (三2): 通过互联网政务平台可共享复用的材料、可核验的信息，不得要求申请人重复提交 — what
 * the register can verify (the organisation's USCC and name: the legal-entity proof) is never asked for,
 * and a material accepted in an earlier application is reused while it stays valid, unless the change
 * applied for touches it.
 */
import { addDays } from "../dates.ts";
import { type ApplicationKind, type ApplicationType, type ChangeKind, checkKind } from "./application.ts";
import { addMonths, isDay } from "./calendar.ts";
import { refuse } from "./errors.ts";

/** The catalogue's material codes, in the order forms list them. */
export const MATERIAL_CODES = [
	"application_form",
	"capability_list",
	"legal_entity",
	"site_proof",
	"staff_list",
	"equipment_list",
	"management_system",
	"sample_reports",
	"signatory_materials",
	"method_verification",
	"period_summary",
	"commitment",
	"change_evidence",
	"correction_evidence",
] as const;
/** One of MATERIAL_CODES. */
export type MaterialCode = (typeof MATERIAL_CODES)[number];

/**
 * How a material can be reused: `register` — read from the register's own record, never submitted;
 * `file` — an accepted copy from an earlier application stays valid `months`; null — new every time.
 */
export type Reuse = { from: "register" } | { from: "file"; months: number } | null;

/** A catalogue entry: names, and how it may be reused. */
export interface MaterialInfo {
	zh: string;
	en: string;
	reuse: Reuse;
}

/** The catalogue. */
export const MATERIALS: Readonly<Record<MaterialCode, MaterialInfo>> = Object.freeze({
	application_form: { zh: "资质认定申请书", en: "application form", reuse: null },
	capability_list: { zh: "检验检测能力申请表", en: "capability list applied for", reuse: null },
	legal_entity: { zh: "法人资格证明", en: "proof of legal entity", reuse: { from: "register" } },
	site_proof: {
		zh: "检验检测场所证明（产权或租赁）",
		en: "proof of the site (ownership or lease)",
		reuse: { from: "file", months: 24 },
	},
	staff_list: {
		zh: "人员一览表（含资格证明）",
		en: "staff list with qualifications",
		reuse: { from: "file", months: 12 },
	},
	equipment_list: {
		zh: "仪器设备及量值溯源一览表",
		en: "equipment list with traceability",
		reuse: { from: "file", months: 12 },
	},
	management_system: {
		zh: "管理体系文件（质量手册、程序文件）",
		en: "management-system manual and procedures",
		reuse: { from: "file", months: 24 },
	},
	sample_reports: { zh: "典型检验检测报告", en: "sample test reports", reuse: null },
	signatory_materials: {
		zh: "授权签字人材料",
		en: "authorised signatory materials",
		reuse: { from: "file", months: 24 },
	},
	method_verification: {
		zh: "标准方法验证或非标方法确认材料",
		en: "method verification or validation records",
		reuse: null,
	},
	period_summary: {
		zh: "上一许可周期工作总结及自我声明",
		en: "summary of the past qualification period and self-declaration",
		reuse: null,
	},
	commitment: { zh: "告知承诺书（签章）", en: "signed commitment", reuse: null },
	change_evidence: { zh: "变更证明材料", en: "evidence of the change", reuse: null },
	correction_evidence: { zh: "整改材料", en: "evidence of corrections", reuse: null },
});

/** What each type of application needs, whatever the path (the commitment path adds the signed commitment). */
const BY_TYPE: Record<ApplicationType, readonly MaterialCode[]> = {
	initial: [
		"application_form",
		"capability_list",
		"legal_entity",
		"site_proof",
		"staff_list",
		"equipment_list",
		"management_system",
		"sample_reports",
		"signatory_materials",
	],
	renewal: [
		"application_form",
		"capability_list",
		"legal_entity",
		"site_proof",
		"staff_list",
		"equipment_list",
		"management_system",
		"signatory_materials",
		"period_summary",
	],
	extension: [
		"application_form",
		"capability_list",
		"legal_entity",
		"staff_list",
		"equipment_list",
		"method_verification",
		"sample_reports",
	],
	change: ["application_form", "legal_entity", "change_evidence"],
	cancellation: ["application_form", "legal_entity"],
};

/**
 * What each kind of change needs besides the change evidence. These are the materials the change touches:
 * a copy on file predates the change, so it is never reused for it.
 */
export const CHANGE_MATERIALS: Readonly<Record<ChangeKind, readonly MaterialCode[]>> = Object.freeze({
	name: [],
	address_renamed: ["site_proof"],
	site_moved: ["site_proof", "equipment_list", "management_system"],
	legal_representative: [],
	top_management: [],
	technical_lead: ["staff_list"],
	signatory: ["staff_list", "signatory_materials"],
	standard: ["capability_list", "method_verification"],
});

/** The materials an application needs, in catalogue order. */
export function requiredMaterials(a: ApplicationKind): MaterialCode[] {
	const need = new Set<MaterialCode>(BY_TYPE[a.type]);
	if (a.type === "change") for (const k of a.changes) for (const c of CHANGE_MATERIALS[k]) need.add(c);
	if (a.path === "commitment") need.add("commitment");
	return MATERIAL_CODES.filter((c) => need.has(c));
}

/** The materials the application's changes touch (never reused for it). */
export function touchedMaterials(a: ApplicationKind): Set<MaterialCode> {
	return new Set(a.type === "change" ? a.changes.flatMap((k) => CHANGE_MATERIALS[k]) : []);
}

/** A material accepted in an earlier application. */
export interface FiledDocument {
	code: MaterialCode;
	/** SHA-256 of the file, lower-case hex. */
	sha256: string;
	/** The day the application it came with accepted it. */
	acceptedOn: string;
	applicationNumber: string;
}

/** What is on file for the applying lab. */
export interface OnFile {
	/** Whether the register holds the organisation's record (USCC and name verified). */
	registerHoldsOrganisation: boolean;
	documents: readonly FiledDocument[];
}

/** Why a material must be submitted. */
export const NEEDED_REASONS = {
	new_each_time: { zh: "每次申请须重新提交", en: "submitted with every application" },
	not_on_file: { zh: "无在案材料", en: "nothing on file" },
	expired: { zh: "在案材料已超过有效期", en: "the copy on file is no longer valid" },
	touched_by_change: { zh: "本次变更涉及该材料", en: "the change applied for touches it" },
	not_in_register: { zh: "登记库中无该机构记录", en: "the register holds no record of the organisation" },
} as const;
/** One of NEEDED_REASONS. */
export type NeededReason = keyof typeof NEEDED_REASONS;

/** One required material: reused (and from where) or needed (and why). */
export type MaterialPlanItem = { code: MaterialCode; zh: string; en: string } & (
	| {
			status: "reused";
			source:
				| { from: "register" }
				| {
						from: "application";
						applicationNumber: string;
						sha256: string;
						acceptedOn: string;
						/** The last day the copy is valid. */
						validUntil: string;
				  };
	  }
	| { status: "needed"; reason: NeededReason }
);

/** The last day a copy accepted on a day stays valid: the day before the same date `months` later. */
export function validUntil(acceptedOn: string, months: number): string {
	return addDays(addMonths(acceptedOn, months), -1);
}

/**
 * For every material the application needs on a day: `reused` — from the register, or from the most
 * recent valid copy accepted in an earlier application (its number and SHA-256) — or `needed` with the
 * reason. A valid copy on file is never asked for again unless the change applied for touches it.
 */
export function planMaterials(a: ApplicationKind, onFile: OnFile, on: string): MaterialPlanItem[] {
	checkKind(a);
	if (!isDay(on)) refuse("APPROVAL_INPUT", "on", "日期无效", "not a date");
	checkDocuments(onFile);
	const touched = touchedMaterials(a);
	return requiredMaterials(a).map((code): MaterialPlanItem => {
		const { zh, en, reuse } = MATERIALS[code];
		const base = { code, zh, en };
		if (reuse === null) return { ...base, status: "needed", reason: "new_each_time" };
		if (reuse.from === "register")
			return onFile.registerHoldsOrganisation
				? { ...base, status: "reused", source: { from: "register" } }
				: { ...base, status: "needed", reason: "not_in_register" };
		if (touched.has(code)) return { ...base, status: "needed", reason: "touched_by_change" };
		const copies = onFile.documents
			.filter((d) => d.code === code && d.acceptedOn <= on)
			.sort((x, y) =>
				x.acceptedOn === y.acceptedOn
					? y.applicationNumber.localeCompare(x.applicationNumber)
					: y.acceptedOn.localeCompare(x.acceptedOn),
			);
		const latest = copies[0];
		if (!latest) return { ...base, status: "needed", reason: "not_on_file" };
		const until = validUntil(latest.acceptedOn, reuse.months);
		if (on > until) return { ...base, status: "needed", reason: "expired" };
		return {
			...base,
			status: "reused",
			source: {
				from: "application",
				applicationNumber: latest.applicationNumber,
				sha256: latest.sha256,
				acceptedOn: latest.acceptedOn,
				validUntil: until,
			},
		};
	});
}

/** True for a catalogue code. */
export function isMaterialCode(v: unknown): v is MaterialCode {
	return typeof v === "string" && (MATERIAL_CODES as readonly string[]).includes(v);
}

/** True for a SHA-256 written as 64 lower-case hex digits. */
export function isSha256(v: unknown): v is string {
	return typeof v === "string" && /^[0-9a-f]{64}$/.test(v);
}

function checkDocuments(onFile: OnFile): void {
	if (!Array.isArray(onFile?.documents))
		refuse("APPROVAL_INPUT", "onFile.documents", "应为在案材料列表", "a list of documents on file");
	onFile.documents.forEach((d, i) => {
		const f = `onFile.documents[${i}]`;
		if (!isMaterialCode(d.code))
			refuse("APPROVAL_INPUT", `${f}.code`, "材料编码不在目录中", "not a catalogue code");
		if (!isSha256(d.sha256))
			refuse(
				"APPROVAL_INPUT",
				`${f}.sha256`,
				"应为64位小写十六进制 SHA-256",
				"a SHA-256 in 64 lower-case hex digits",
			);
		if (!isDay(d.acceptedOn)) refuse("APPROVAL_INPUT", `${f}.acceptedOn`, "日期无效", "not a date");
		if (typeof d.applicationNumber !== "string" || !d.applicationNumber.trim())
			refuse(
				"APPROVAL_INPUT",
				`${f}.applicationNumber`,
				"申请编号必填",
				"the application number is required",
			);
	});
}
