/**
 * Authorization, in one place. Who may attempt an action at all (checked on the route), and who may
 * perform it on a given record (checked where the record is known: in the writers, row by row, and in
 * the services). A certification body changes its own certificates and nobody else's; a lab its own
 * reports; a district officer only what the districts they supervise hold.
 */

export const ROLES = [
	"regulator_admin",
	"regulator_officer",
	"inspector",
	"cb_operator",
	"lab_operator",
	"enterprise_user",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_INFO: Record<
	Role,
	{ zh: string; en: string; orgKind: "regulator" | "cb" | "lab" | "enterprise" | null }
> = {
	regulator_admin: { zh: "监管部门管理员", en: "regulator administrator", orgKind: null },
	regulator_officer: { zh: "监管部门工作人员", en: "regulator officer", orgKind: null },
	inspector: { zh: "检查人员", en: "inspector", orgKind: null },
	cb_operator: { zh: "认证机构操作员", en: "certification body operator", orgKind: "cb" },
	lab_operator: { zh: "检验检测机构操作员", en: "lab operator", orgKind: "lab" },
	enterprise_user: { zh: "企业用户", en: "enterprise user", orgKind: "enterprise" },
};

export const ACTIONS = [
	"organization.write",
	"qualification.write",
	"capability.write",
	"capability.propose",
	"capability.decide",
	"person.write",
	"person.private.read",
	"certificate.write",
	"report.write",
	"audit.read",
	"flag.review",
	"record.withhold",
	"spotcheck.manage",
	"spotcheck.inspect",
	"credit.read",
	"credit.record",
	"credit.model",
	"credit.appeal",
	"complaint.handle",
	"approval.apply",
	"approval.handle",
	"approval.review",
	"ban.manage",
	"trace.read",
	"alert.manage",
	"notify.manage",
	"watchlist.manage",
	"account.manage",
	"apikey.manage",
] as const;
export type Action = (typeof ACTIONS)[number];

/** What each role may attempt; the record decides the rest (mayActOn). */
const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
	regulator_admin: ACTIONS,
	regulator_officer: [
		"organization.write",
		"qualification.write",
		"capability.write",
		"capability.decide",
		"person.write",
		"audit.read",
		"flag.review",
		"spotcheck.manage",
		"spotcheck.inspect",
		"credit.read",
		"credit.record",
		"complaint.handle",
		"approval.handle",
		"trace.read",
		"alert.manage",
		"watchlist.manage",
	],
	/** An inspector or expert reviews the applications whose assessment team they are on (approval.review). */
	inspector: ["spotcheck.inspect", "approval.review"],
	cb_operator: [
		"certificate.write",
		"person.write",
		"audit.read",
		"apikey.manage",
		"credit.appeal",
		"watchlist.manage",
	],
	lab_operator: [
		"report.write",
		"person.write",
		"capability.propose",
		"audit.read",
		"apikey.manage",
		"credit.appeal",
		"approval.apply",
		"watchlist.manage",
	],
	/** Buyers (procurement officers of a purchasing unit) sign in as enterprise users and keep watchlists. */
	enterprise_user: ["credit.appeal", "watchlist.manage"],
};

/** Permissions an API key can carry, and the action each allows. */
export const KEY_PERMISSIONS = {
	"certificates:write": "certificate.write",
	"reports:write": "report.write",
	"people:write": "person.write",
	"capabilities:propose": "capability.propose",
} as const satisfies Record<string, Action>;
export type KeyPermission = keyof typeof KEY_PERMISSIONS;

/** Who is acting, however they proved it. */
export interface Actor {
	type: "account" | "api_key" | "cli" | "system";
	/** Account id or API key id. */
	id: string | null;
	/** Username, key name or operator, for the audit trail. */
	label: string;
	/** The role of an account; for an API key, the role of an operator of its organisation. */
	role: Role | null;
	orgId: number | null;
	orgUscc: string | null;
	districts: readonly string[];
	/** Inspectors: the public reference of the person the account belongs to (P + 8 digits). */
	personRef: string | null;
	/** API keys: the actions their permissions allow (null for accounts). */
	keyActions: ReadonlySet<Action> | null;
	/** The session (hash prefix) or key the request came through. */
	via: string | null;
	ip: string | null;
	requestId: string | null;
}

/** The record an action is performed on, as far as authorization needs to know it. */
export interface Subject {
	/** The organisation the record belongs to (the CB of a certificate, the lab of a report, …). */
	orgId: number | null;
	/** That organisation's district (for regulator officers). */
	district: string | null;
}

/** True for operators on the machine itself (the CLI) and the system's own jobs. */
function isLocal(actor: Actor): boolean {
	return actor.type === "cli" || actor.type === "system";
}

/** May this actor attempt the action at all? (Routes check this before reading the body.) */
export function mayAttempt(actor: Actor | null, action: Action): boolean {
	if (!actor) return false;
	if (isLocal(actor)) return true;
	if (!actor.role || !ROLE_ACTIONS[actor.role].includes(action)) return false;
	return actor.keyActions === null || actor.keyActions.has(action);
}

/** May this actor perform the action on this record? */
export function mayActOn(actor: Actor, action: Action, subject: Subject): boolean {
	if (!mayAttempt(actor, action)) return false;
	if (isLocal(actor) || actor.role === "regulator_admin") return true;
	switch (actor.role) {
		case "regulator_officer":
			return subject.district !== null && actor.districts.includes(subject.district);
		case "cb_operator":
		case "lab_operator":
		case "enterprise_user":
			return subject.orgId !== null && subject.orgId === actor.orgId;
		default:
			return false;
	}
}

/**
 * May this actor see a record withheld from public view? Regulators and the operators on the machine
 * may; so may the body that issued it (`issuerOrgId`; pass null when asking about records in general).
 */
export function maySeeWithheld(actor: Actor | null, issuerOrgId: number | null): boolean {
	if (!actor) return false;
	if (isLocal(actor) || actor.role === "regulator_admin" || actor.role === "regulator_officer") return true;
	return issuerOrgId !== null && actor.orgId === issuerOrgId;
}

/** The actor of a command-line operation. */
export function cliActor(label: string): Actor {
	return {
		type: "cli",
		id: null,
		label,
		role: null,
		orgId: null,
		orgUscc: null,
		districts: [],
		personRef: null,
		keyActions: null,
		via: null,
		ip: null,
		requestId: null,
	};
}

/** The actor of the system's own jobs (expiry, seeding). */
export const SYSTEM_ACTOR: Actor = { ...cliActor("system"), type: "system" };
