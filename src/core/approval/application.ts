/**
 * Kinds of application for a lab's qualification (资质认定) and the two procedures, after 《检验检测机构资质
 * 认定管理办法》 (质检总局令第163号, 2021 年市场监管总局令第38号修订): first application, renewal (延续,
 * 第十四条), extension of items (扩项), changes (变更, 第十五条) and cancellation (注销); the general
 * procedure (一般程序) or notification-commitment (告知承诺程序, 第十条 as revised).
 */
import { addMonths } from "./calendar.ts";
import { refuse } from "./errors.ts";

/** The kinds of application: 首次申请, 复查（延续）, 扩项, 变更, 注销. */
export const APPLICATION_TYPES = ["initial", "renewal", "extension", "change", "cancellation"] as const;
/** One of APPLICATION_TYPES. */
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

/** Names, and whether the type may take the commitment path (告知承诺: first, renewal, extension only). */
export const APPLICATION_TYPE_INFO: Record<ApplicationType, { zh: string; en: string; commitment: boolean }> =
	{
		initial: { zh: "首次申请", en: "initial application", commitment: true },
		renewal: { zh: "复查（延续）", en: "renewal", commitment: true },
		extension: { zh: "扩项", en: "extension of items", commitment: true },
		change: { zh: "变更", en: "change", commitment: false },
		cancellation: { zh: "注销", en: "cancellation", commitment: false },
	};

/** The procedures (第十条 as revised): 一般程序 and 告知承诺. */
export const APPROVAL_PATHS = ["general", "commitment"] as const;
/** One of APPROVAL_PATHS. */
export type ApprovalPath = (typeof APPROVAL_PATHS)[number];

/** The procedures' names. */
export const APPROVAL_PATH_INFO: Record<ApprovalPath, { zh: string; en: string }> = {
	general: { zh: "一般程序", en: "general procedure" },
	commitment: { zh: "告知承诺", en: "notification and commitment" },
};

/**
 * What a change application changes (第十五条). `review` says how it is examined: a paper change (书面变更)
 * is accepted and decided; a technical one — a new standard or method, or one that touches the conditions
 * for the qualification (site, key staff, signatories) — goes through technical review (第十五条第二款:
 * 依照第十条规定的程序实施).
 */
export const CHANGE_KINDS = [
	"name",
	"address_renamed",
	"site_moved",
	"legal_representative",
	"top_management",
	"technical_lead",
	"signatory",
	"standard",
] as const;
/** One of CHANGE_KINDS. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Each kind of change's name and whether it is a paper change or needs technical review. */
export const CHANGE_KIND_INFO: Record<ChangeKind, { zh: string; en: string; review: "paper" | "technical" }> =
	{
		name: { zh: "机构名称变更", en: "name", review: "paper" },
		address_renamed: {
			zh: "地址名称变更（场所未迁移）",
			en: "address renamed (the site has not moved)",
			review: "paper",
		},
		site_moved: { zh: "检验检测场所迁移", en: "site moved", review: "technical" },
		legal_representative: { zh: "法定代表人变更", en: "legal representative", review: "paper" },
		top_management: { zh: "最高管理者变更", en: "top management", review: "paper" },
		technical_lead: { zh: "技术负责人变更", en: "technical lead", review: "technical" },
		signatory: { zh: "授权签字人变更", en: "authorised signatory", review: "technical" },
		standard: { zh: "检验检测标准或方法变更", en: "standard or method", review: "technical" },
	};

/** One row of a capability list applied for: product or field × parameter × standard (capability.ts). */
export interface CapabilityRow {
	field: string;
	product: string;
	parameter: string;
	standard: string;
}

/** What decides the procedure an application follows. */
export interface ApplicationKind {
	type: ApplicationType;
	path: ApprovalPath;
	/** For a change: what changes (at least one); empty otherwise. */
	changes: readonly ChangeKind[];
}

/** Whether the type may take the path: the commitment path is for first applications, renewals and extensions. */
export function pathAllowed(type: ApplicationType, path: ApprovalPath): boolean {
	return path === "general" || APPLICATION_TYPE_INFO[type].commitment;
}

/**
 * Whether the application goes through technical review (书面审查 and assessment) before the decision: the
 * general path for first applications, renewals and extensions, and changes with any technical kind. The
 * commitment path is decided without prior review (告知承诺); cancellations and paper changes never need one.
 */
export function needsTechnicalReview(a: ApplicationKind): boolean {
	if (a.path === "commitment") return false;
	if (a.type === "cancellation") return false;
	if (a.type === "change") return a.changes.some((k) => CHANGE_KIND_INFO[k].review === "technical");
	return true;
}

/** The renewal rule as configured: due `dueMonthsBefore` expiry (3, 第十四条), open from `opensMonthsBefore`. */
export interface RenewalRule {
	dueMonthsBefore: number;
	opensMonthsBefore: number;
}

/**
 * The days a renewal may be filed on: from `opensOn` to `dueBy` inclusive. 第十四条: a renewal is filed at
 * least 3 months before the qualification expires (有效期届满3个月前), so `dueBy` is the expiry day less 3
 * months; the window's opening is OpenTIC's configured choice, not a statutory rule.
 */
export function renewalWindow(expiresOn: string, rule: RenewalRule): { opensOn: string; dueBy: string } {
	return {
		opensOn: addMonths(expiresOn, -rule.opensMonthsBefore),
		dueBy: addMonths(expiresOn, -rule.dueMonthsBefore),
	};
}

/** Where a filing day falls against the renewal window (renewalTiming). */
export type RenewalTiming = "early" | "in_time" | "late" | "expired";

/**
 * Whether a renewal filed on a day is in time (第十四条): `early` before the window opens, `in_time` within
 * it, `late` after the due day while the qualification is still valid (it must be applied for afresh as a
 * first application once it lapses), `expired` after the expiry day.
 */
export function renewalTiming(
	expiresOn: string,
	filedOn: string,
	rule: RenewalRule,
): { timing: RenewalTiming; inTime: boolean; opensOn: string; dueBy: string } {
	const { opensOn, dueBy } = renewalWindow(expiresOn, rule);
	const timing: RenewalTiming =
		filedOn < opensOn ? "early" : filedOn <= dueBy ? "in_time" : filedOn <= expiresOn ? "late" : "expired";
	return { timing, inTime: timing === "in_time", opensOn, dueBy };
}

/** Refuses an unknown type, path or change kind, or a change without a kind (input may come from anywhere). */
export function checkKind(a: ApplicationKind): void {
	if (!(APPLICATION_TYPES as readonly string[]).includes(a.type))
		refuse("APPROVAL_INPUT", "type", "申请类型无效", "unknown application type");
	if (a.path !== "general" && a.path !== "commitment")
		refuse("APPROVAL_INPUT", "path", "程序应为一般程序或告知承诺", "path: general or commitment");
	if (!Array.isArray(a.changes) || a.changes.some((k) => !(CHANGE_KINDS as readonly string[]).includes(k)))
		refuse("APPROVAL_INPUT", "changes", "变更事项无效", "unknown kind of change");
	if (a.type === "change" && a.changes.length === 0)
		refuse(
			"APPROVAL_INPUT",
			"changes",
			"变更申请应至少列明一项变更事项",
			"a change names at least one kind of change",
		);
	if (a.type !== "change" && a.changes.length > 0)
		refuse(
			"APPROVAL_INPUT",
			"changes",
			"只有变更申请列明变更事项",
			"only a change application names changes",
		);
}
