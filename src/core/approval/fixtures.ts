/**
 * Builders for the approval tests: two labs, the actors, a draft of each kind and a helper that drives an
 * application through transitions. Not used outside tests.
 */
import { completeUscc } from "../uscc.ts";
import { Workdays } from "../workdays.ts";
import type { CapabilityRow } from "./application.ts";
import { type ApprovalConfig, DEFAULT_APPROVAL_CONFIG } from "./config.ts";
import { type MaterialCode, type OnFile, planMaterials } from "./materials.ts";
import {
	type Actor,
	type Application,
	type Attachment,
	applyTransition,
	type NewApplication,
	newApplication,
	type Transition,
} from "./workflow.ts";

export const LAB = completeUscc("91310115MA1K4000");
export const OTHER_LAB = completeUscc("91310104MA1F0000");
export const workdays = new Workdays();
export const config = DEFAULT_APPROVAL_CONFIG;

export const applicant: Actor = { role: "applicant", id: "U-0001", labUscc: LAB };
export const officer: Actor = { role: "officer", id: "O-0001" };
export const reviewer: Actor = { role: "reviewer", id: "R-0001" };
export const reviewer2: Actor = { role: "reviewer", id: "R-0002" };

/** A distinct SHA-256 per number. */
export const sha = (n: number): string => n.toString(16).padStart(64, "0");

export const ROWS: CapabilityRow[] = [
	{ field: "建筑材料", product: "水泥", parameter: "抗压强度", standard: "GB/T 17671-2021" },
	{ field: "纺织品", product: "服装", parameter: "甲醛含量", standard: "GB/T 2912.1-2009" },
];

/** The new name and address a change of name or address carries in the fixtures. */
export const NEW_NAME = "上海新名称检测技术有限公司";
export const NEW_ADDRESS = "上海市浦东新区张江路100号";

/** A draft of the given kind for LAB, created 2026-09-01; a change of name or address carries the new one. */
export function draft(over: Partial<NewApplication> = {}): Application {
	const type = over.type ?? "initial";
	const changes = over.changes ?? [];
	return newApplication({
		number: "SH-2026-0001",
		labUscc: LAB,
		type,
		path: "general",
		capabilities: type === "initial" || type === "renewal" || type === "extension" ? ROWS : [],
		qualification: type === "initial" ? null : { number: "230012345678", expiresOn: "2027-03-31" },
		createdOn: "2026-09-01",
		...(changes.includes("name") ? { newName: NEW_NAME } : {}),
		...(changes.includes("address_renamed") || changes.includes("site_moved")
			? { newAddress: NEW_ADDRESS }
			: {}),
		...over,
	});
}

/** Attachments for the given codes. */
export const attach = (codes: readonly MaterialCode[]): Attachment[] =>
	codes.map((code, i) => ({ code, sha256: sha(100 + i) }));

export const REGISTER_ONLY: OnFile = { registerHoldsOrganisation: true, documents: [] };

/** The submit transition with everything the plan of the day needs attached. */
export function submission(a: Application, on: string, onFile: OnFile = REGISTER_ONLY): Transition {
	const needed = planMaterials(a, onFile, on).filter((m) => m.status === "needed");
	return { action: "submit", onFile, attachments: attach(needed.map((m) => m.code)) };
}

/** Applies transitions in turn, each as [transition, actor, day]. */
export function drive(
	a: Application,
	steps: [Transition, Actor, string][],
	cfg: ApprovalConfig = config,
): Application {
	return steps.reduce(
		(app, [t, actor, on]) => applyTransition(app, t, { actor, on, workdays, config: cfg }),
		a,
	);
}

/** One transition. */
export function act(
	a: Application,
	t: Transition,
	actor: Actor,
	on: string,
	cfg: ApprovalConfig = config,
): Application {
	return applyTransition(a, t, { actor, on, workdays, config: cfg });
}
