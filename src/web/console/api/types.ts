/**
 * Shapes of the API's answers, as the OpenAPI document (/api/v1/openapi.json) describes them. Only
 * what the console reads is typed.
 */

/** What an identity may attempt (GET /auth/me `actor.actions`); the record decides the rest. */
export type Action =
	| "organization.write"
	| "qualification.write"
	| "capability.write"
	| "capability.propose"
	| "capability.decide"
	| "person.write"
	| "person.private.read"
	| "certificate.write"
	| "report.write"
	| "audit.read"
	| "flag.review"
	| "record.withhold"
	| "spotcheck.manage"
	| "spotcheck.inspect"
	| "credit.read"
	| "credit.record"
	| "credit.model"
	| "credit.appeal"
	| "complaint.handle"
	| "approval.apply"
	| "approval.handle"
	| "approval.review"
	| "ban.manage"
	| "trace.read"
	| "alert.manage"
	| "notify.manage"
	| "watchlist.manage"
	| "account.manage"
	| "apikey.manage";

export type Role =
	| "regulator_admin"
	| "regulator_officer"
	| "inspector"
	| "cb_operator"
	| "lab_operator"
	| "enterprise_user";

export const ROLES: readonly Role[] = [
	"regulator_admin",
	"regulator_officer",
	"inspector",
	"cb_operator",
	"lab_operator",
	"enterprise_user",
];

export interface Account {
	username: string;
	displayName: string;
	role: Role;
	organization: { uscc: string; kind: string } | null;
	districts: string[];
	/** Inspectors: the person in the inspector pool (P + 8 digits). */
	person: string | null;
	status: string;
	mustChangePassword: boolean;
	lastLoginAt: string | null;
}

/** One of an inspector's tasks (GET /spot-tasks/mine). */
export interface InspectorTask {
	batch: { code: string; title: string; drawDate: string };
	seq: number;
	org: { uscc: string; name: string; district: string | null; address: string | null };
	certificate: string | null;
	team: string[];
	status: "assigned" | "unassigned" | "done" | "published";
	result: string | null;
	findings: string | null;
	inspectedOn: string | null;
	publishBy: string | null;
	rectifyBy: string | null;
	overdue: boolean;
}

export interface Me {
	actor: {
		type: string;
		label: string;
		role: Role | null;
		organization: string | null;
		districts: string[];
		actions: Action[];
	};
	account: Account | null;
	csrfToken: string | null;
}

export interface Page<T> {
	items: T[];
	page: number;
	pageSize: number;
	total: number;
	totalExact: boolean;
}

/** Lists that do not count their rows (people, audit). */
export interface OpenPage<T> {
	items: T[];
	page: number;
	pageSize: number;
}

export interface Party {
	uscc: string;
	name: string;
}

export interface HistoryEntry {
	from: string | null;
	to: string;
	date: string;
	reason: string | null;
	source: string;
}

export interface CertificateSummary {
	number: string;
	scheme: string;
	standard: string;
	cb: Party;
	holder: Party & { district: string | null };
	scope: string;
	product: string | null;
	issueDate: string;
	expiryDate: string;
	status: string;
	statusSince: string;
}

export interface CertificateDetail extends CertificateSummary {
	schemeKind: string | null;
	sites: string[];
	cccCode: string | null;
	firstIssueDate: string;
	surveillanceCount: number;
	recertCount: number;
	statusReason: string | null;
	/** Since when the record is withheld from public view (null while public). */
	withheldSince: string | null;
	audit: { start: string | null; end: string | null; days: number | null; personnel: number | null } | null;
	auditTeam: { ref: string; name: string; role: string }[];
	history: HistoryEntry[];
}

export interface ReportItem {
	parameter: string;
	standard: string;
	result: string | null;
	conclusion: string | null;
}

export interface ReportSummary {
	number: string;
	lab: Party;
	clientName: string;
	product: string;
	conclusion: string;
	issueDate: string;
	status: string;
	statusSince: string;
}

export interface ReportDetail extends ReportSummary {
	clientUscc: string | null;
	items: ReportItem[];
	signatory: { ref: string; name: string } | null;
	docSha256: string;
	statusReason: string | null;
	replacedBy: string | null;
	/** Since when the record is withheld from public view (null while public). */
	withheldSince: string | null;
	history: HistoryEntry[];
}

export interface Organization {
	uscc: string;
	kind: string;
	name: string;
	nameEn: string | null;
	district: string | null;
	address: string | null;
	status: string;
}

export interface Qualification {
	type: string;
	number: string;
	issuer: string | null;
	validFrom: string;
	validUntil: string;
	status: string;
	scope: string[];
	note: string | null;
}

export interface OrganizationDetail extends Organization {
	registeredAt: string;
	updatedAt: string;
	qualifications: Qualification[];
	certificatesHeld: { total: number; totalExact: boolean };
	certificatesIssued: { total: number; totalExact: boolean } | null;
	capabilityCount: { total: number; totalExact: boolean } | null;
}

export interface Capability {
	cmaNumber: string;
	field: string;
	product: string;
	parameter: string;
	standard: string;
	limitation: string | null;
	status: string;
	signatories: string[];
}

export interface RowError {
	line: number;
	field: string;
	rule: string;
	messageZh: string;
	messageEn: string;
}

export interface Proposal {
	id: number;
	lab: Party;
	rows: Record<string, unknown>[];
	note: string | null;
	status: "pending" | "approved" | "rejected";
	proposedBy: string;
	createdAt: string;
	decidedBy: string | null;
	decidedAt: string | null;
	decisionNote: string | null;
	applied?: { created: number; updated: number; unchanged: number; rejected: number; errors: RowError[] };
}

export interface Person {
	ref: string;
	name: string;
	employer: Party | null;
	roles: string[];
	qualifications: { type: string; number: string }[];
	districts: string[];
	status: string;
}

export interface PersonPrivate {
	ref: string;
	name: string;
	idNumber: string;
	phone: string | null;
}

export interface AuditEntry {
	id: number;
	at: string;
	actorType: string;
	actor: string | null;
	via: string | null;
	action: string;
	outcome: string;
	targetType: string | null;
	targetKey: string | null;
	beforeSha256: string | null;
	afterSha256: string | null;
	ip: string | null;
	requestId: string | null;
	detail: unknown;
}

export interface ApiKey {
	keyId: string;
	name: string;
	organization: { uscc: string; kind: string };
	permissions: string[];
	createdBy: string;
	createdAt: string;
	expiresAt: string | null;
	revokedAt: string | null;
	lastUsedAt: string | null;
}

/** The answer to a single write. */
export interface WriteResult {
	outcome: "created" | "updated" | "unchanged";
}

/** The answer to POST /{kind}/batch. */
export interface BatchResult {
	summary: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
	fileError: { line: number; rule: string; messageZh: string; messageEn: string } | null;
	errors: RowError[];
}

/** A finding of the cross-checks (GET /flags). */
export interface Flag {
	id: number;
	kind: string;
	subjectType: string;
	subjectKey: string;
	organization: { uscc: string; name: string; district: string | null };
	message: string;
	messageZh: string;
	evidence: unknown;
	status: string;
	foundAt: string;
	checkedAt: string;
	decidedAt: string | null;
	decidedBy: string | null;
	decisionReason: string | null;
}

/** Flags per body and kind (GET /flags/summary). */
export interface FlagCount {
	uscc: string;
	name: string;
	kind: string;
	count: number;
}

export interface SpotPlan {
	id: number;
	year: number;
	title: string;
	scope: string;
	batchesPlanned: number;
	timing: string;
	batches: SpotBatchSummary[];
}

export interface SpotBatchSummary {
	planId: number | null;
	code: string;
	title: string;
	status: "draft" | "published" | "drawn";
	drawDate: string;
	publishedAt: string | null;
	drawnAt: string | null;
}

export interface SpotOverdue {
	batch: string;
	seq: number;
	org: { uscc: string; name: string };
	result: string;
	inspectedOn: string;
	publishBy: string;
}

export interface SpotTask {
	seq: number;
	org: { uscc: string; name: string };
	/** For a batch of certificates: the certificate inspected (at its holder). */
	certificate: string | null;
	team: string[];
	status: "assigned" | "unassigned" | "done" | "published";
	result: string | null;
	findings: string | null;
	inspectedOn: string | null;
	publishBy: string | null;
	overdue: boolean;
	rectifyBy: string | null;
	rectifiedOn: string | null;
}

export interface SpotRectificationDue {
	batch: string;
	seq: number;
	org: { uscc: string; name: string };
	inspectedOn: string;
	rectifyBy: string;
}

export interface SpotBatchDetail {
	code: string;
	title: string;
	status: "draft" | "published" | "drawn";
	drawDate: string;
	spec: {
		objects?: "organizations" | "certificates";
		kinds: string[];
		schemes?: string[];
		strata: { name: string; proportion?: number; count?: number }[];
		teamSize: number;
		sources: { name: string; kind: string; description: string }[];
	};
	manifestSha256: string | null;
	publishedAt: string | null;
	drawnAt: string | null;
	tasks: SpotTask[];
}

/** A credit-risk grade (信用风险分类): A low, B ordinary, C higher, D high risk. */
export type CreditGrade = "A" | "B" | "C" | "D";

/** One factor's part in a grade, with what it counted (spot-check tasks, certificate numbers, schemes…). */
export interface CreditContribution {
	factor: string;
	zh: string;
	en: string;
	points: number;
	basis: string[];
}

/** A grade with its explanation (regulators only). */
export interface CreditGradeExplanation {
	grade: CreditGrade;
	score: number;
	model: string;
	thresholds: { A: number; B: number; C: number };
	gradedOn: string;
	changedOn: string;
	contributions: CreditContribution[];
	/** The direct judgement (直接判定) that set the grade above what the score says, if any. */
	floor: { zh: string; en: string; atLeast: CreditGrade; basis: string[] } | null;
}

/** One event of an integrity file, made public by a log entry. */
export interface CreditEvent {
	kind: string;
	kindText: { zh: string; en: string };
	occurredOn: string;
	source: string;
	outcome: string | null;
	summary: string;
	/** The event's public facts: for a spot check, `batch`, `seq`, `findings`, `rectifyBy`, `rectifiedOn`… */
	detail: Record<string, unknown>;
	/** active, or withdrawn (an appeal upheld). */
	status: string;
	logIndex: number | null;
}

/** GET /organizations/{uscc}/credit. */
export interface CreditFile {
	organization: { uscc: string; name: string; kind: string; district: string | null };
	/** Absent for the public; null when never graded. */
	grade?: CreditGradeExplanation | null;
	events: CreditEvent[];
	/** Bans and restrictions of the organisation, in force or lifted. */
	bans: Ban[];
}

/** One version of the grading model (GET /credit/models); `model` is the whole model as stored. */
export interface CreditModelVersion {
	version: string;
	status: "draft" | "active" | "retired";
	note: string;
	createdBy: string;
	createdAt: string | null;
	activatedAt: string | null;
	logIndex: number | null;
	model: { version: string; note: string } & Record<string, unknown>;
}

/** GET /credit/models/{version}/compare: what would change if a draft took effect today. */
export interface CreditModelComparison {
	from: string;
	to: string;
	asOf: string;
	organizations: number;
	changed: number;
	moves: { from: CreditGrade; to: CreditGrade; count: number }[];
	examples: {
		uscc: string;
		name: string;
		from: CreditGrade;
		to: CreditGrade;
		fromScore: number;
		toScore: number;
	}[];
}

/** POST /credit/models/{version}/activate: the regrade under the model now in force. */
export interface CreditRegradeSummary {
	model: string;
	asOf: string;
	graded: number;
	changed: number;
	byGrade: Record<CreditGrade, number>;
}

/** Classified supervision under the model in force (GET /credit/supervision). */
export interface Supervision {
	model: string;
	grades: {
		grade: "A" | "B" | "C" | "D";
		min: number;
		max: number;
		usual: number;
		frequencyZh: string;
		frequencyEn: string;
	}[];
}

/** A ban or restriction (禁入与限制), as GET /bans and the credit file list it. */
export interface Ban {
	id: number;
	/** An organisation by its code, or a person by their public reference (never an identity number). */
	subject:
		| { kind: "organization"; uscc: string; name: string }
		| { kind: "person"; ref: string; name: string | null };
	/** `tic`: testing, inspection and certification; `procurement`: government purchasing. */
	scope: "tic" | "procurement";
	scopeText: { zh: string; en: string };
	/** Banned for life (终身禁入): no end date. */
	lifetime: boolean;
	startsOn: string;
	endsOn: string | null;
	/** The decision's document number. */
	reference: string;
	authority: string;
	reason: string;
	status: "active" | "lifted";
	liftedOn: string | null;
	/** Why it was lifted, published with the lifting. */
	liftReason: string | null;
	logIndex: number | null;
}

/** What an appeal is about: one credit event (by kind and source), or the credit grade. */
export type AppealAbout = { kind: string; source: string; summary: string } | { grade: true };

/** One of an organisation's own appeals (GET /organizations/{uscc}/credit/appeals). */
export interface CreditAppeal {
	id: number;
	about: AppealAbout;
	reason: string;
	status: "pending" | "upheld" | "rejected";
	decisionNote: string | null;
	decidedAt: string | null;
	filedAt: string;
	/** The log entry that withdrew the event, when an appeal against one was upheld. */
	logIndex: number | null;
}

/** An appeal waiting for a decision in a regulator's districts (GET /credit/appeals). */
export interface PendingAppeal {
	id: number;
	organization: { uscc: string; name: string; district: string | null };
	about: AppealAbout;
	reason: string;
	filedAt: string;
}

export type ComplaintKind = "complaint" | "report";
export type ComplaintStatus = "received" | "accepted" | "rejected" | "assigned" | "investigating" | "closed";
export type ComplaintOutcome = "upheld" | "partly_upheld" | "not_upheld";

/** A complaint or report as the regulators' queue lists it (GET /complaints): no contact data. */
export interface ComplaintItem {
	tracking: string;
	kind: ComplaintKind;
	status: ComplaintStatus;
	district: string | null;
	/** The registered organisation it is about, when the register knows it. */
	subject: { uscc: string; name: string } | null;
	/** The organisation as the complainant named it. */
	subjectGiven: string | null;
	record: { type: "certificate" | "report" | null; number: string } | null;
	assignee: string | null;
	receivedOn: string;
	acceptBy: string;
	acceptedOn: string | null;
	closeBy: string | null;
	closedOn: string | null;
	outcome: ComplaintOutcome | null;
	overdue: boolean;
}

/** GET /complaints/{tracking}/manage: the complaint in full (each read is audited). */
export interface ComplaintDetail extends ComplaintItem {
	description: string;
	anonymous: boolean;
	publicText: string | null;
	logIndex: number | null;
	/** Personal data: null for an anonymous report. */
	complainant: { name: string; phone: string | null; email: string | null } | null;
	attachments: { id: number; filename: string; contentType: string; size: number; sha256: string }[];
	steps: {
		status: ComplaintStatus;
		on: string;
		at: string;
		note: string | null;
		by: string;
		detail: Record<string, unknown> | null;
	}[];
}

/** A name in both languages with its code, as the approvals API labels types, paths and steps. */
export interface CodeLabel {
	code: string;
	zh: string;
	en: string;
}

/** One application as a queue lists it (GET /applications): the officers', a lab's own or a reviewer's. */
export interface ApplicationItem {
	number: string;
	lab: Party;
	district: string | null;
	type: CodeLabel;
	path: CodeLabel;
	step: CodeLabel;
	createdOn: string;
	/** The last day for the current step; null while waiting for the lab, or when finished. */
	dueOn: string | null;
	remainingWorkdays: number | null;
	waitingForApplicant: boolean;
	overdue: boolean;
	nearDue: boolean;
}

/** A capability row applied for. */
export interface CapabilityRowInput {
	field: string;
	product: string;
	parameter: string;
	standard: string;
}

/**
 * POST /applications/joint-review: one combined assessment (联合评审) of a lab's applications — which join,
 * which cannot and why, and each piece of content once with the applications it serves.
 */
export interface JointReviewPlan {
	lab: { uscc: string; name: string };
	/** True when more than one application joins. */
	joint: boolean;
	joined: string[];
	left: { number: string; code: string; zh: string; en: string }[];
	items: {
		/** element, special_requirements, signatory or capability. */
		kind: string;
		/** Element code, permit code, signatory reference, or the normalised capability row. */
		key: string;
		capability: CapabilityRowInput | null;
		applications: string[];
	}[];
	/** Whether the review and the assessments were started. */
	applied: boolean;
}

/** One material of an application's plan: reused (and from where) or needed (and why). */
export type MaterialPlanEntry = { code: string; zh: string; en: string } & (
	| {
			status: "reused";
			source:
				| { from: "register" }
				| {
						from: "application";
						applicationNumber: string;
						sha256: string;
						acceptedOn: string;
						validUntil: string;
				  };
	  }
	| { status: "needed"; reason: string }
);

/** A file the lab filed with an application. */
export interface ApplicationFile {
	id: number;
	code: string;
	sha256: string;
	filename: string;
	contentType: string;
	size: number;
	filedAt: string;
	/** Whether it went to the regulator (with a submit, completion or corrections). */
	submitted: boolean;
}

/** One stage's clock (core/approval/deadlines.ts StageClock). */
export interface StageClockView {
	stage: string;
	startedOn: string;
	endedOn: string | null;
	limit: number | null;
	used: number;
	pausedDays: number;
	paused: boolean;
	dueOn: string | null;
	remaining: number | null;
	overdue: boolean;
}

/** GET /applications/{number}: the application in full, with the caller's next actions. */
export interface ApplicationDetail {
	number: string;
	lab: Party;
	district: string | null;
	type: CodeLabel;
	path: CodeLabel;
	changes: string[];
	/** For a change of name, or of address or site: what the register will read once it is granted. */
	newName?: string | null;
	newAddress?: string | null;
	capabilities: CapabilityRowInput[];
	qualification: { number: string; expiresOn: string } | null;
	permit: string;
	step: CodeLabel;
	createdOn: string;
	certificateNumber: string | null;
	materials: MaterialPlanEntry[];
	files: ApplicationFile[];
	history: { action: string; from: string; to: string; on: string; role: string; actorId?: string }[];
	completion: { requested: string[]; on: string } | null;
	reason: string | null;
	signatories: string[];
	team: string[];
	assessmentMode: "onsite" | "remote" | null;
	nonconformities: { id: string; item: string; status: "open" | "corrected" | "failed" }[];
	correction: { since: string; dueOn: string; resumeTo: string } | null;
	conclusion: { outcome: "pass" | "partial" | "fail"; failedItems: string[]; on: string } | null;
	decision: { grant: boolean; on: string; exceptItems: string[] } | null;
	verification: {
		dueBy: string;
		scheduledOn: string | null;
		team: string[];
		truthful: boolean | null;
		findings: string | null;
	} | null;
	creditEvent: { kind: string; on: string; labUscc: string; ref: string } | null;
	progress: {
		step: string;
		current: StageClockView | null;
		waitingForApplicant: boolean;
		nearDue: boolean;
		overdue: boolean;
		statutory: { used: number; limit: number; remaining: number };
		stages: StageClockView[];
	};
	nextActions: string[];
}

/** One row of the approval timeliness report: a district's or an officer's figures. */
export interface SlaFigures {
	open: number;
	overdue: number;
	nearDue: number;
	waitingForApplicant: number;
	decided: number;
	decidedOnTime: number;
	/** The median of the statutory working days used by the decided applications; null with none. */
	medianStatutoryUsed: number | null;
}

/** GET /applications/sla: timeliness per district and per officer (a username). */
export interface SlaReport {
	asOf: string;
	byDistrict: (SlaFigures & { district: string | null })[];
	byOfficer: (SlaFigures & { officer: string })[];
}

/** A count by one key (GET /stats/…). */
export interface StatsCount {
	key: string;
	n: number;
}

/** GET /stats/{metric}: a dashboard's total and its breakdowns, with the log size they stand at. */
export interface StatsBreakdown {
	metric: string;
	total: number;
	sum: number;
	byMonth: StatsCount[];
	byDistrict: StatsCount[];
	byField: StatsCount[];
	byK1: StatsCount[];
	byK2: StatsCount[];
	byK1K2: { k1: string; k2: string; n: number; v: number }[];
	asOf: { logSize: number; refreshedAt: string; durationMs: number };
}

/** One district's row of GET /stats/districts (the yearly performance evaluation). */
export interface StatsDistrictRow {
	district: string;
	nameZh: string;
	nameEn: string;
	bodies: number;
	labs: number;
	validCertificates: number;
	certificatesIssued: number;
	reportsIssued: number;
	reportsFailed: number;
	spotTasks: number;
	spotFailed: number;
	spotCoverage: number | null;
	applicationsDecided: number;
	approvalsOnTime: number | null;
	approvalDays: number | null;
	complaintsReceived: number;
	complaintsClosed: number;
	complaintsUpheld: number;
	alertsRaised: number;
}

/** GET /stats/districts. */
export interface StatsDistrictTable {
	year: string;
	rows: StatsDistrictRow[];
	total: StatsDistrictRow;
}
