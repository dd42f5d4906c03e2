/**
 * Joint review (联合评审). The Shanghai plan (三2): 对检验检测机构同时申请多项资质许可的，资质许可部门应当建立
 * 联合现场评审制度 … 对相同内容不再重复考核, with assessment on the model 资质认定基本要求 + 行业特殊要求.
 * When a lab has several applications awaiting assessment — an extension and a change needing review,
 * permits for several fields — one combined assessment covers them, and each piece of content (a
 * capability row, a management-system element of RB/T 214, a signatory, a permit's special requirements)
 * is assessed once, for every application it serves.
 */

import { normalizeStandard } from "../records/capability.ts";
import { halfWidth } from "../records/fields.ts";
import { type CapabilityRow, type ChangeKind, needsTechnicalReview } from "./application.ts";
import { ApprovalError } from "./errors.ts";
import type { Application, Step } from "./workflow.ts";

/** Management-system elements assessed, after RB/T 214-2017 §4.1–4.5. */
export const ELEMENTS = {
	organisation: { zh: "机构", en: "organisation", clause: "RB/T 214-2017 4.1" },
	personnel: { zh: "人员", en: "personnel", clause: "RB/T 214-2017 4.2" },
	premises: { zh: "场所环境", en: "premises and environment", clause: "RB/T 214-2017 4.3" },
	equipment: { zh: "设备设施", en: "equipment and facilities", clause: "RB/T 214-2017 4.4" },
	management_system: { zh: "管理体系", en: "management system", clause: "RB/T 214-2017 4.5" },
} as const;
/** A management-system element code (ELEMENTS). */
export type Element = keyof typeof ELEMENTS;

const ALL_ELEMENTS = Object.keys(ELEMENTS) as Element[];

/** The elements each kind of change puts to assessment (paper changes none). */
const CHANGE_ELEMENTS: Record<ChangeKind, readonly Element[]> = {
	name: [],
	address_renamed: [],
	site_moved: ["premises", "equipment"],
	legal_representative: [],
	top_management: [],
	technical_lead: ["personnel"],
	signatory: ["personnel"],
	standard: ["management_system"],
};

/** Steps from which an application can still join a combined assessment: accepted, or in document review. */
const JOINABLE: readonly Step[] = ["accepted", "document_review"];

/** One piece of assessment content and the applications it serves. */
export interface JointItem {
	kind: "element" | "special_requirements" | "signatory" | "capability";
	/** Element code, permit code, signatory reference, or the normalised capability row as JSON. */
	key: string;
	/** For a capability: the row as first applied for. */
	capability?: CapabilityRow;
	/** Application numbers, in the order given. */
	applications: string[];
}

/** A combined assessment: who joins, who cannot and why, and the content, each piece once. */
export interface JointPlan {
	labUscc: string;
	/** True when more than one application joins. */
	joint: boolean;
	/** The applications assessed together, in the order given. */
	joined: string[];
	/** The applications that cannot join, and why. */
	left: { number: string; code: "NO_REVIEW" | "STEP"; zh: string; en: string }[];
	/** Each piece of content once: elements, special requirements, signatories, capabilities. */
	items: JointItem[];
}

const clean = (s: string) => halfWidth(s).replace(/\s+/g, " ").trim();

/** The normalised key of a capability row: the same row written with other spaces or widths is one row. */
export function capabilityKey(r: CapabilityRow): string {
	return JSON.stringify([
		clean(r.field),
		clean(r.product),
		clean(r.parameter),
		normalizeStandard(r.standard),
	]);
}

/** The content one application puts to assessment. */
function contentOf(a: Application): { kind: JointItem["kind"]; key: string; capability?: CapabilityRow }[] {
	const elements =
		a.type === "initial" || a.type === "renewal"
			? ALL_ELEMENTS
			: a.type === "extension"
				? (["personnel", "equipment", "management_system"] as Element[])
				: ALL_ELEMENTS.filter((e) => a.changes.some((k) => CHANGE_ELEMENTS[k].includes(e)));
	return [
		...elements.map((key) => ({ kind: "element" as const, key })),
		...(a.permit === "cma" ? [] : [{ kind: "special_requirements" as const, key: a.permit }]),
		...a.signatories.map((key) => ({ kind: "signatory" as const, key })),
		...a.capabilities.map((capability) => ({
			kind: "capability" as const,
			key: capabilityKey(capability),
			capability,
		})),
	];
}

const KIND_ORDER: JointItem["kind"][] = ["element", "special_requirements", "signatory", "capability"];

/**
 * Plans one combined assessment for a lab's applications in progress: those that need technical review
 * and have not yet been assessed join; the content is merged so that the same capability row (compared
 * after normalising spaces, widths and the standard number), element, signatory or permit's special
 * requirements is assessed once, listing every application it serves. Throws when the applications are of
 * more than one lab.
 */
export function planJointReview(applications: readonly Application[]): JointPlan {
	const first = applications[0];
	if (!first)
		throw new ApprovalError("APPROVAL_INPUT", "applications", "应至少有一项申请", "at least one application");
	const other = applications.find((a) => a.labUscc !== first.labUscc);
	if (other)
		throw new ApprovalError(
			"APPROVAL_JOINT_MIXED_LABS",
			"applications",
			`联合评审只针对同一机构的申请（${other.number} 属于其他机构）`,
			`a joint review covers one lab's applications (${other.number} is another lab's)`,
		);
	const joined: string[] = [];
	const left: JointPlan["left"] = [];
	const items = new Map<string, JointItem>();
	for (const a of applications) {
		if (!needsTechnicalReview(a)) {
			left.push({
				number: a.number,
				code: "NO_REVIEW",
				zh: "该申请无需技术评审（告知承诺、注销或书面变更）",
				en: "needs no technical review (commitment path, cancellation or paper change)",
			});
			continue;
		}
		if (!JOINABLE.includes(a.step)) {
			left.push({
				number: a.number,
				code: "STEP",
				zh: "该申请尚未受理或评审已开始",
				en: "not yet accepted, or its assessment has begun",
			});
			continue;
		}
		joined.push(a.number);
		for (const c of contentOf(a)) {
			const id = `${c.kind}\u0000${c.key}`;
			const item = items.get(id);
			if (!item) items.set(id, { ...c, applications: [a.number] });
			else if (!item.applications.includes(a.number)) item.applications.push(a.number);
		}
	}
	// Elements in clause order, the rest by key: the same applications always give the same plan.
	const rank = (i: JointItem) =>
		i.kind === "element" ? String(ALL_ELEMENTS.indexOf(i.key as Element)) : i.key;
	const sorted = [...items.values()].sort((x, y) =>
		x.kind !== y.kind
			? KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind)
			: rank(x) < rank(y)
				? -1
				: rank(x) > rank(y)
					? 1
					: 0,
	);
	return { labUscc: first.labUscc, joint: joined.length > 1, joined, left, items: sorted };
}
