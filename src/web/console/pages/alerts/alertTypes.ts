/** The alert documents the API answers (GET /alerts, /alerts/{number}, /alerts/tasks/mine). */

export type Severity = "serious" | "high" | "medium" | "low";
export type AlertStatus = "open" | "handling" | "closed";
export type AlertSource =
	| "manual"
	| "spotcheck_failed"
	| "certificate_withdrawn"
	| "fraud_signal"
	| "other_region"
	| "product_failed";
export type TriggerKind = "organization" | "certificate" | "report" | "person" | "product";

export const SEVERITIES: readonly Severity[] = ["serious", "high", "medium", "low"];
export const ALERT_STATUSES: readonly AlertStatus[] = ["open", "handling", "closed"];
export const ALERT_SOURCES: readonly AlertSource[] = [
	"manual",
	"product_failed",
	"spotcheck_failed",
	"certificate_withdrawn",
	"fraud_signal",
	"other_region",
];
export const TRIGGER_KINDS: readonly TriggerKind[] = [
	"report",
	"product",
	"certificate",
	"organization",
	"person",
];

export interface AlertSummary {
	number: string;
	title: string;
	titleEn: string | null;
	severity: Severity;
	source: AlertSource;
	trigger: { kind: TriggerKind; key: string };
	status: AlertStatus;
	published: boolean;
	publishedAt: string | null;
	orgs: string[];
	districts: string[];
	raisedAt: string;
	closedAt: string | null;
	logIndex: number | null;
	openTasks: number;
	overdueTasks: number;
}

export interface AffectedNode {
	id: string;
	kind: TriggerKind;
	key: string;
	label: string;
	status: string | null;
	district: string | null;
	hop: number;
	path: string[];
	relation: string | null;
}

export interface AlertTask {
	seq: number;
	assignee: { kind: "organization" | "district" | "officer"; key: string; label: string };
	action: string;
	rule: string | null;
	deadline: string;
	status: "open" | "done";
	overdue: boolean;
	doneNote: string | null;
	doneBy: string | null;
	doneAt: string | null;
	createdBy: string;
	createdAt: string;
}

export interface AlertDetail extends Omit<AlertSummary, "openTasks" | "overdueTasks"> {
	description: string;
	internalNote: string | null;
	raisedBy: string;
	updatedAt: string;
	closedBy: string | null;
	conclusion: string | null;
	peer: { code: string; name: string; ref: string | null } | null;
	affected: Record<TriggerKind, AffectedNode[]>;
	counts: Record<TriggerKind, number>;
	tasks: AlertTask[];
	history: { at: string; by: string | null; action: string; detail: unknown }[];
}

export interface MyAlertTask extends AlertTask {
	alert: { number: string; title: string; severity: Severity; status: AlertStatus };
}
