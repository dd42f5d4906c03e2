/**
 * The approval workflow as one state machine with guarded transitions, after 《检验检测机构资质认定管理办法》
 * 第十条 (general procedure), its 2021 revision (notification-commitment) and 行政许可法第三十二条 (补正).
 *
 * General path: draft → submitted → accepted (受理) | not accepted (不予受理) | completion (补正, waiting for
 * the applicant, requested once listing everything) → technical review: document review (书面审查), then an
 * assessment on site or remote (现场评审 / 远程评审) by a team; nonconformities → corrections (整改, waiting
 * for the applicant, at most 30 working days; the items not corrected in time fail) → review conclusion →
 * decision (准予 / 不予许可) → certificate issued.
 *
 * Commitment path (告知承诺): submitted with the signed commitment → accepted and granted the same day without
 * prior review → certificate issued → on-site verification (核查) within the configured months → verified, or
 * found false (承诺不实): the qualification is revoked and a `false_commitment` credit event is due.
 *
 * Cancellations and paper changes: accepted → decided. A transition names the steps it leaves, the roles that
 * may take it and its guards; a refusal is an ApprovalError naming the field and the rule. Pure: the day,
 * the actor, the working-day calendar and the configuration are passed in.
 */
import { FieldReader, LIMITS } from "../records/fields.ts";
import { checkUscc } from "../uscc.ts";
import {
	type ApplicationType,
	type ApprovalPath,
	type CapabilityRow,
	type ChangeKind,
	checkKind,
	needsTechnicalReview,
	pathAllowed,
	renewalTiming,
} from "./application.ts";
import { addMonths, isDay, type WorkdayCalendar } from "./calendar.ts";
import type { ApprovalConfig } from "./config.ts";
import { refuse } from "./errors.ts";
import { excludedRows } from "./exclusions.ts";
import {
	isMaterialCode,
	isSha256,
	MATERIALS,
	type MaterialCode,
	type MaterialPlanItem,
	type OnFile,
	planMaterials,
} from "./materials.ts";

/** The steps an application goes through, on either path. */
export const STEPS = [
	"draft",
	"submitted",
	"completion",
	"not_accepted",
	"withdrawn",
	"accepted",
	"document_review",
	"assessment",
	"correction",
	"reviewed",
	"granted",
	"refused",
	"issued",
	"verification_scheduled",
	"verified",
	"revoked",
] as const;
/** One of STEPS. */
export type Step = (typeof STEPS)[number];

/** Step names, and whether the application waits for the applicant there (the clock stops). */
export const STEP_INFO: Readonly<Record<Step, { zh: string; en: string; waitsForApplicant: boolean }>> = {
	draft: { zh: "草稿", en: "draft", waitsForApplicant: true },
	submitted: { zh: "已提交，待受理", en: "submitted, awaiting acceptance", waitsForApplicant: false },
	completion: { zh: "待补正材料", en: "awaiting completion of materials", waitsForApplicant: true },
	not_accepted: { zh: "不予受理", en: "not accepted", waitsForApplicant: false },
	withdrawn: { zh: "申请人已撤回", en: "withdrawn by the applicant", waitsForApplicant: false },
	accepted: { zh: "已受理", en: "accepted", waitsForApplicant: false },
	document_review: { zh: "书面审查", en: "document review", waitsForApplicant: false },
	assessment: { zh: "现场评审或远程评审", en: "assessment (on site or remote)", waitsForApplicant: false },
	correction: { zh: "整改中", en: "corrections by the applicant", waitsForApplicant: true },
	reviewed: {
		zh: "技术评审完成，待决定",
		en: "review concluded, awaiting decision",
		waitsForApplicant: false,
	},
	granted: { zh: "准予许可", en: "granted", waitsForApplicant: false },
	refused: { zh: "不予许可", en: "refused", waitsForApplicant: false },
	issued: { zh: "已发证", en: "certificate issued", waitsForApplicant: false },
	verification_scheduled: {
		zh: "待现场核查",
		en: "on-site verification scheduled",
		waitsForApplicant: false,
	},
	verified: { zh: "核查属实", en: "verified", waitsForApplicant: false },
	revoked: { zh: "承诺不实，已撤销", en: "commitment found false, revoked", waitsForApplicant: false },
};

/** Who may take transitions. */
export const ROLES = ["applicant", "officer", "reviewer"] as const;
/** `applicant`: an operator of the applying lab; `officer`: the regulator; `reviewer`: an assessment team member. */
export type Role = (typeof ROLES)[number];

/** Who takes a transition. `id` is internal (a user or person reference) and never published. */
export interface Actor {
	role: Role;
	id: string;
	/** For an applicant: the lab they operate for. */
	labUscc?: string | null;
}

/** A material submitted with the application, by catalogue code and SHA-256. */
export interface Attachment {
	code: MaterialCode;
	sha256: string;
}

/** A nonconformity found in review: the assessment item it concerns and where its correction stands. */
export interface Nonconformity {
	id: string;
	/** The item assessed: a capability row, a management-system element, a signatory… */
	item: string;
	status: "open" | "corrected" | "failed";
}

/** One transition taken: the step left and entered, the day, and who (role and internal id). */
export interface HistoryEntry {
	action: Action;
	from: Step;
	to: Step;
	on: string;
	role: Role;
	actorId: string;
}

/** An application and everything its transitions recorded. */
export interface Application {
	/** The public application number. */
	number: string;
	labUscc: string;
	type: ApplicationType;
	path: ApprovalPath;
	changes: ChangeKind[];
	capabilities: CapabilityRow[];
	/** Internal references of the signatories to be assessed (never published). */
	signatories: string[];
	/** For a change of name (`name`): the lab's new name, as the register will hold it; null otherwise. */
	newName: string | null;
	/** For a change of address (`address_renamed`, `site_moved`): the new address; null otherwise. */
	newAddress: string | null;
	/** The permit sought: `cma` for 资质认定, or an industry permit assessed with it (joint-review.ts). */
	permit: string;
	/** The qualification the application concerns (all but first applications). */
	qualification: { number: string; expiresOn: string } | null;
	createdOn: string;
	step: Step;
	history: HistoryEntry[];
	attachments: Attachment[];
	/** The material plan the submission was checked against: what was reused, from where, and what was needed. */
	materials: MaterialPlanItem[];
	completion: { requested: MaterialCode[]; on: string } | null;
	/** Why it was not accepted, refused or withdrawn (internal; not published). */
	reason: string | null;
	team: string[];
	assessmentMode: "onsite" | "remote" | null;
	nonconformities: Nonconformity[];
	correction: { since: string; dueOn: string; resumeTo: "document_review" | "assessment" } | null;
	conclusion: { outcome: "pass" | "partial" | "fail"; failedItems: string[]; on: string } | null;
	/** The decision; when granted after a partial conclusion, the items left out of the grant. */
	decision: { grant: boolean; on: string; exceptItems: string[] } | null;
	certificateNumber: string | null;
	/** Commitment path: the verification period and its outcome. */
	verification: {
		dueBy: string;
		scheduledOn: string | null;
		team: string[];
		truthful: boolean | null;
		findings: string | null;
	} | null;
	/** Due when a commitment is found false: the credit module records it against the lab. */
	creditEvent: { kind: "false_commitment"; on: string; labUscc: string; ref: string } | null;
}

/** What starts an application (a draft). */
export interface NewApplication {
	number: string;
	labUscc: string;
	type: ApplicationType;
	path: ApprovalPath;
	changes?: ChangeKind[];
	capabilities?: CapabilityRow[];
	signatories?: string[];
	/** Required for a change of name, refused otherwise. */
	newName?: string | null;
	/** Required for a change of address (renamed or moved), refused otherwise. */
	newAddress?: string | null;
	permit?: string;
	qualification?: { number: string; expiresOn: string } | null;
	createdOn: string;
}

const APPLICATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const CMA_NUMBER = /^\d{12}$/;
const ROW_FIELDS = ["field", "product", "parameter", "standard"] as const;

const text = (v: unknown, max: number): v is string =>
	typeof v === "string" && v.trim() !== "" && v.length <= max;

/**
 * A draft application, checked: a known type and path (the commitment path for first applications,
 * renewals and extensions only), the kinds of change for a change, the capability rows where the
 * application concerns capability, and the qualification it concerns for all but first applications.
 */
export function newApplication(input: NewApplication): Application {
	if (typeof input.number !== "string" || !APPLICATION_NUMBER.test(input.number))
		refuse(
			"APPROVAL_INPUT",
			"number",
			"申请编号为1至40位字母、数字或连字符",
			"an application number is 1–40 letters, digits or hyphens",
		);
	const uscc = checkUscc(String(input.labUscc ?? ""));
	if (!uscc.valid) refuse("APPROVAL_INPUT", "labUscc", uscc.messageZh, uscc.messageEn);
	const kind = { type: input.type, path: input.path, changes: input.changes ?? [] };
	checkKind(kind);
	if (new Set(kind.changes).size !== kind.changes.length)
		refuse("APPROVAL_INPUT", "changes", "变更事项不得重复", "a kind of change is listed once");
	if (!pathAllowed(kind.type, kind.path))
		refuse(
			"APPROVAL_PATH_NOT_ALLOWED",
			"path",
			"告知承诺程序仅适用于首次申请、复查（延续）和扩项",
			"only initial applications, renewals and extensions may take the commitment path",
		);
	const capabilities = input.capabilities ?? [];
	const rowsNeeded =
		kind.type === "initial" ||
		kind.type === "renewal" ||
		kind.type === "extension" ||
		kind.changes.includes("standard");
	if (!Array.isArray(capabilities) || (rowsNeeded && capabilities.length === 0))
		refuse(
			"APPROVAL_INPUT",
			"capabilities",
			"应列明申请的检验检测能力（至少一行）",
			"list the capabilities applied for (at least one row)",
		);
	capabilities.forEach((row, i) => {
		for (const f of ROW_FIELDS)
			if (!text(row?.[f], LIMITS.name))
				refuse(
					"APPROVAL_INPUT",
					`capabilities[${i}].${f}`,
					`必填，不超过${LIMITS.name}字`,
					`required, at most ${LIMITS.name} characters`,
				);
	});
	const signatories = input.signatories ?? [];
	if (!Array.isArray(signatories) || signatories.some((s) => !text(s, 40)))
		refuse("APPROVAL_INPUT", "signatories", "应为人员编号列表", "a list of person references");
	if (kind.changes.includes("signatory") && signatories.length === 0)
		refuse(
			"APPROVAL_INPUT",
			"signatories",
			"授权签字人变更应列明拟任授权签字人",
			"a change of signatory names the proposed signatories",
		);
	const newName = changedText(input.newName, "newName", kind.changes.includes("name"), LIMITS.name, {
		zh: "机构名称变更应填写变更后的机构名称",
		en: "a change of name gives the new name",
		notZh: "只有机构名称变更填写新名称",
		notEn: "only a change of name gives a new name",
	});
	const newAddress = changedText(
		input.newAddress,
		"newAddress",
		kind.changes.includes("address_renamed") || kind.changes.includes("site_moved"),
		LIMITS.address,
		{
			zh: "地址变更或场所迁移应填写变更后的地址",
			en: "a change of address or a site moved gives the new address",
			notZh: "只有地址变更或场所迁移填写新地址",
			notEn: "only a change of address or a site moved gives a new address",
		},
	);
	const permit = input.permit ?? "cma";
	if (!/^[a-z][a-z0-9_]{0,31}$/.test(permit))
		refuse(
			"APPROVAL_INPUT",
			"permit",
			"许可类别编码无效",
			"a permit code is lower-case letters, digits or _",
		);
	const q = input.qualification ?? null;
	if (kind.type !== "initial" && q === null)
		refuse(
			"APPROVAL_INPUT",
			"qualification",
			"除首次申请外，应注明所涉资质认定证书",
			"all but first applications name the qualification they concern",
		);
	if (q !== null) {
		if (!CMA_NUMBER.test(String(q.number)))
			refuse(
				"APPROVAL_INPUT",
				"qualification.number",
				"资质认定证书编号应为12位数字",
				"a CMA number is 12 digits",
			);
		if (!isDay(q.expiresOn))
			refuse("APPROVAL_INPUT", "qualification.expiresOn", "有效期截止日期无效", "not a date");
	}
	if (!isDay(input.createdOn)) refuse("APPROVAL_INPUT", "createdOn", "日期无效", "not a date");
	return {
		number: input.number,
		labUscc: uscc.code,
		type: kind.type,
		path: kind.path,
		changes: [...kind.changes],
		capabilities: capabilities.map((r) => ({
			field: r.field,
			product: r.product,
			parameter: r.parameter,
			standard: r.standard,
		})),
		signatories: [...signatories],
		newName,
		newAddress,
		permit,
		qualification: q === null ? null : { number: q.number, expiresOn: q.expiresOn },
		createdOn: input.createdOn,
		step: "draft",
		history: [],
		attachments: [],
		materials: [],
		completion: null,
		reason: null,
		team: [],
		assessmentMode: null,
		nonconformities: [],
		correction: null,
		conclusion: null,
		decision: null,
		certificateNumber: null,
		verification: null,
		creditEvent: null,
	};
}

/** Han characters: the register's name and address are the Chinese ones (the English name is kept apart). */
const HAN = /\p{Script=Han}/u;

/**
 * The new name or address a change carries: required when the change applies for it and refused when it
 * does not; read as the register reads its own text (trimmed, NFC, within its limit, no markup or control
 * characters), and in Chinese, so that the grant writes what the register would accept.
 */
function changedText(
	v: unknown,
	field: "newName" | "newAddress",
	needed: boolean,
	max: number,
	msg: { zh: string; en: string; notZh: string; notEn: string },
): string | null {
	const r = new FieldReader({ [field]: v });
	if (!needed) {
		if (r.has(field)) refuse("APPROVAL_INPUT", field, msg.notZh, msg.notEn);
		return null;
	}
	const s = r.text(field, { required: true, max });
	const p = r.problems[0];
	if (p)
		refuse(
			"APPROVAL_INPUT",
			field,
			p.rule === "REQUIRED" ? msg.zh : p.messageZh,
			p.rule === "REQUIRED" ? msg.en : p.messageEn,
		);
	if (s === undefined || !HAN.test(s)) refuse("APPROVAL_INPUT", field, "应以中文填写", "written in Chinese");
	return s;
}

/** A transition and what it carries. */
export type Transition =
	/**
	 * Applicant: files the application with its attachments. What is on file comes from the register and the
	 * lab's earlier applications (never from the applicant); what it covers need not be attached.
	 */
	| { action: "submit"; attachments: Attachment[]; onFile: OnFile }
	/** Applicant: withdraws before a decision. */
	| { action: "withdraw"; reason?: string }
	/** Officer: asks once for every missing or defective material (一次告知). */
	| { action: "request_completion"; items: MaterialCode[] }
	/** Applicant: supplies what completion asked for. */
	| { action: "complete"; attachments: Attachment[] }
	/** Officer: does not accept, with the reason. */
	| { action: "not_accept"; reason: string }
	/** Officer: accepts; on the commitment path this also grants, the same day. */
	| { action: "accept" }
	/** Officer: sends the application to technical review by a team. */
	| { action: "start_review"; team: string[] }
	/** Reviewer: ends the document review and starts the assessment. */
	| { action: "start_assessment"; mode: "onsite" | "remote" }
	/** Reviewer: notifies nonconformities; the applicant corrects them within the limit. */
	| { action: "report_nonconformities"; items: { id: string; item: string }[] }
	/** Applicant: submits corrections; `final` ends the corrections, the rest failing. */
	| { action: "submit_corrections"; corrected: string[]; attachments: Attachment[]; final?: boolean }
	/** Reviewer or officer: closes overdue corrections; the items not corrected fail. */
	| { action: "close_corrections" }
	/** Reviewer: concludes the technical review. */
	| { action: "conclude_review"; outcome: "pass" | "partial" | "fail"; failedItems?: string[] }
	/** Officer: grants or refuses. */
	| { action: "decide"; grant: boolean; reason?: string }
	/** Officer: issues the certificate (not for a cancellation). */
	| { action: "issue_certificate"; certificateNumber: string }
	/** Officer: schedules the on-site verification of a commitment. */
	| { action: "schedule_verification"; scheduledOn: string; team: string[] }
	/** Officer: records whether the commitment was found true. */
	| { action: "record_verification"; truthful: boolean; findings?: string };

/** The name of a transition. */
export type Action = Transition["action"];

/** Every transition: the steps it may be taken from, the roles that may take it, and its name. */
export const TRANSITIONS: Readonly<
	Record<Action, { from: readonly Step[]; roles: readonly Role[]; zh: string; en: string }>
> = {
	submit: { from: ["draft"], roles: ["applicant"], zh: "提交申请", en: "submit" },
	withdraw: {
		from: ["submitted", "completion", "accepted", "document_review", "assessment", "correction", "reviewed"],
		roles: ["applicant"],
		zh: "撤回申请",
		en: "withdraw",
	},
	request_completion: {
		from: ["submitted"],
		roles: ["officer"],
		zh: "一次性告知补正",
		en: "request completion",
	},
	complete: { from: ["completion"], roles: ["applicant"], zh: "补正材料", en: "complete the materials" },
	not_accept: { from: ["submitted"], roles: ["officer"], zh: "不予受理", en: "not accept" },
	accept: { from: ["submitted"], roles: ["officer"], zh: "受理", en: "accept" },
	start_review: { from: ["accepted"], roles: ["officer"], zh: "组织技术评审", en: "start technical review" },
	start_assessment: {
		from: ["document_review"],
		roles: ["reviewer"],
		zh: "开始现场或远程评审",
		en: "start the assessment",
	},
	report_nonconformities: {
		from: ["document_review", "assessment"],
		roles: ["reviewer"],
		zh: "开具不符合项",
		en: "report nonconformities",
	},
	submit_corrections: {
		from: ["correction"],
		roles: ["applicant"],
		zh: "提交整改",
		en: "submit corrections",
	},
	close_corrections: {
		from: ["correction"],
		roles: ["reviewer", "officer"],
		zh: "整改逾期关闭",
		en: "close overdue corrections",
	},
	conclude_review: {
		from: ["document_review", "assessment"],
		roles: ["reviewer"],
		zh: "作出评审结论",
		en: "conclude the review",
	},
	decide: {
		from: ["accepted", "document_review", "assessment", "correction", "reviewed"],
		roles: ["officer"],
		zh: "作出许可决定",
		en: "decide",
	},
	issue_certificate: { from: ["granted"], roles: ["officer"], zh: "颁发证书", en: "issue the certificate" },
	schedule_verification: {
		from: ["issued"],
		roles: ["officer"],
		zh: "安排告知承诺核查",
		en: "schedule the verification",
	},
	record_verification: {
		from: ["verification_scheduled"],
		roles: ["officer"],
		zh: "记录核查结果",
		en: "record the verification",
	},
};

/** What a transition needs besides the application: who, which day, the calendar and the configuration. */
export interface TransitionContext {
	actor: Actor;
	/** The China date the transition takes place. */
	on: string;
	workdays: WorkdayCalendar;
	config: ApprovalConfig;
}

/** Whether the application has reached its end: nothing more can happen to it. */
export function isFinished(a: Pick<Application, "step" | "type" | "path">): boolean {
	switch (a.step) {
		case "not_accepted":
		case "withdrawn":
		case "refused":
		case "verified":
		case "revoked":
			return true;
		case "granted":
			return a.type === "cancellation";
		case "issued":
			return a.path === "general";
		default:
			return false;
	}
}

/** The actions a role may take from the application's step (before guards; for menus and buttons). */
export function nextActions(a: Application, role: Role): Action[] {
	if (isFinished(a)) return [];
	return (Object.keys(TRANSITIONS) as Action[]).filter((k) => {
		const t = TRANSITIONS[k];
		if (!t.from.includes(a.step) || !t.roles.includes(role)) return false;
		if (k === "schedule_verification") return a.path === "commitment";
		if (k === "issue_certificate") return a.type !== "cancellation";
		if (k === "start_review") return needsTechnicalReview(a);
		if (k === "decide") return needsTechnicalReview(a) ? a.step === "reviewed" : a.step === "accepted";
		return true;
	});
}

type Outcome = { patch: Partial<Application>; to: Step; also?: { action: Action; to: Step } };

/**
 * Applies a transition: checks the step, the role (an applicant only for their lab, a reviewer only on the
 * team), the day and the action's own guards, and returns the new application with the transition in its
 * history. The application given is not changed. Throws an ApprovalError naming the field and rule.
 */
export function applyTransition(a: Application, t: Transition, ctx: TransitionContext): Application {
	const spec = TRANSITIONS[t?.action as Action];
	if (!spec) refuse("APPROVAL_INPUT", "action", "未知的操作", "unknown action");
	if (!spec.from.includes(a.step))
		refuse(
			"APPROVAL_STEP",
			"step",
			`申请处于“${STEP_INFO[a.step].zh}”环节，不能${spec.zh}`,
			`cannot ${spec.en} an application at "${STEP_INFO[a.step].en}"`,
		);
	const { actor, on } = ctx;
	if (!spec.roles.includes(actor?.role))
		refuse("APPROVAL_ROLE", "role", `该角色不能${spec.zh}`, `this role may not ${spec.en}`);
	if (typeof actor.id !== "string" || !actor.id)
		refuse("APPROVAL_INPUT", "actor.id", "操作人必填", "the actor is required");
	if (actor.role === "applicant" && actor.labUscc?.toUpperCase() !== a.labUscc)
		refuse(
			"APPROVAL_NOT_OWN_LAB",
			"labUscc",
			"申请人只能办理本机构的申请",
			"an applicant acts only for their own lab",
		);
	if (actor.role === "reviewer" && !a.team.includes(actor.id))
		refuse(
			"APPROVAL_NOT_ON_TEAM",
			"team",
			"评审员只能办理所在评审组的申请",
			"a reviewer acts only on applications whose team they are on",
		);
	const last = a.history.at(-1)?.on ?? a.createdOn;
	if (!isDay(on)) refuse("APPROVAL_DAY", "on", "日期无效", "not a date");
	if (on < last)
		refuse(
			"APPROVAL_DAY",
			"on",
			`日期不得早于上一环节（${last}）`,
			`the day may not be before the last step's (${last})`,
		);
	const out = outcome(a, t, ctx);
	const entry = (action: Action, from: Step, to: Step): HistoryEntry => ({
		action,
		from,
		to,
		on,
		role: actor.role,
		actorId: actor.id,
	});
	const history = [...a.history, entry(t.action, a.step, out.to)];
	let step = out.to;
	if (out.also) {
		history.push(entry(out.also.action, step, out.also.to));
		step = out.also.to;
	}
	return { ...a, ...out.patch, step, history };
}

function outcome(a: Application, t: Transition, ctx: TransitionContext): Outcome {
	const { on, config } = ctx;
	switch (t.action) {
		case "submit": {
			const attachments = checkAttachments(t.attachments);
			const plan = planMaterials(a, t.onFile, on);
			if (a.type === "renewal" && a.qualification) {
				const r = renewalTiming(a.qualification.expiresOn, on, config.renewal);
				if (r.timing === "early")
					refuse(
						"APPROVAL_RENEWAL_EARLY",
						"on",
						`复查（延续）申请自 ${r.opensOn} 起方可提出`,
						`a renewal may be filed from ${r.opensOn}`,
					);
				if (!r.inTime)
					refuse(
						"APPROVAL_RENEWAL_LATE",
						"on",
						`复查（延续）申请应在有效期届满${config.renewal.dueMonthsBefore}个月前提出（最迟 ${r.dueBy}），逾期请按首次申请办理`,
						`a renewal is filed ${config.renewal.dueMonthsBefore} months before expiry, by ${r.dueBy}; apply afresh as an initial application`,
					);
			}
			if (a.path === "commitment") {
				refuseExcluded(a, config);
				if (!attachments.some((x) => x.code === "commitment"))
					refuse(
						"APPROVAL_COMMITMENT_MISSING",
						"attachments",
						"告知承诺程序须提交签章的告知承诺书",
						"the commitment path needs the signed commitment",
					);
			}
			for (const { code } of plan.filter((m) => m.status === "needed"))
				if (!attachments.some((x) => x.code === code))
					refuse(
						"APPROVAL_MATERIAL_MISSING",
						"attachments",
						`缺少申请材料“${MATERIALS[code].zh}”`,
						`missing material: ${MATERIALS[code].en}`,
					);
			return { to: "submitted", patch: { attachments, materials: plan } };
		}
		case "withdraw":
			return { to: "withdrawn", patch: { reason: optionalText(t.reason, "reason") } };
		case "request_completion": {
			if (a.completion)
				refuse(
					"APPROVAL_COMPLETION_ONCE",
					"items",
					"补正内容应一次性告知，不得再次要求补正",
					"completion is requested once, listing everything (一次告知)",
				);
			const items = t.items;
			if (!Array.isArray(items) || !items.length || !items.every(isMaterialCode))
				refuse(
					"APPROVAL_INPUT",
					"items",
					"应列明需补正的材料（目录编码）",
					"list the materials to complete, by code",
				);
			if (new Set(items).size !== items.length)
				refuse("APPROVAL_INPUT", "items", "补正材料不得重复", "a material is listed once");
			return { to: "completion", patch: { completion: { requested: [...items], on } } };
		}
		case "complete": {
			const attachments = checkAttachments(t.attachments);
			for (const code of a.completion?.requested ?? [])
				if (!attachments.some((x) => x.code === code))
					refuse(
						"APPROVAL_COMPLETION_INCOMPLETE",
						"attachments",
						`补正材料缺少“${MATERIALS[code].zh}”`,
						`the completion lacks: ${MATERIALS[code].en}`,
					);
			return { to: "submitted", patch: { attachments: [...a.attachments, ...attachments] } };
		}
		case "not_accept":
			return { to: "not_accepted", patch: { reason: requiredText(t.reason, "reason", "不予受理") } };
		case "accept":
			if (a.path === "commitment") {
				refuseExcluded(a, config);
				return {
					to: "accepted",
					also: { action: "decide", to: "granted" },
					patch: {
						decision: { grant: true, on, exceptItems: [] },
						verification: {
							dueBy: addMonths(on, config.verificationMonths),
							scheduledOn: null,
							team: [],
							truthful: null,
							findings: null,
						},
					},
				};
			}
			return { to: "accepted", patch: {} };
		case "start_review":
			if (!needsTechnicalReview(a))
				refuse(
					"APPROVAL_REVIEW_NOT_NEEDED",
					"type",
					"注销和书面变更无需技术评审，受理后直接作出决定",
					"cancellations and paper changes are decided without technical review",
				);
			return { to: "document_review", patch: { team: checkTeam(t.team, "team") } };
		case "start_assessment":
			if (t.mode !== "onsite" && t.mode !== "remote")
				refuse("APPROVAL_INPUT", "mode", "评审方式应为现场评审或远程评审", "mode: onsite or remote");
			return { to: "assessment", patch: { assessmentMode: t.mode } };
		case "report_nonconformities": {
			if (!Array.isArray(t.items) || !t.items.length)
				refuse("APPROVAL_INPUT", "items", "应列明不符合项", "list the nonconformities");
			const ids = new Set(a.nonconformities.map((n) => n.id));
			const found = t.items.map((x, i): Nonconformity => {
				if (!text(x?.id, 40) || ids.has(x.id))
					refuse(
						"APPROVAL_NONCONFORMITY",
						`items[${i}].id`,
						"不符合项编号必填且不得重复",
						"a nonconformity id is present and unique",
					);
				if (!text(x.item, LIMITS.name))
					refuse("APPROVAL_INPUT", `items[${i}].item`, "应注明所涉评审项目", "name the item assessed");
				ids.add(x.id);
				return { id: x.id, item: x.item, status: "open" };
			});
			return {
				to: "correction",
				patch: {
					nonconformities: [...a.nonconformities, ...found],
					correction: {
						since: on,
						dueOn: ctx.workdays.add(on, config.limits.correction),
						resumeTo: a.step as "document_review" | "assessment",
					},
				},
			};
		}
		case "submit_corrections": {
			const c = a.correction!;
			if (on > c.dueOn)
				refuse(
					"APPROVAL_CORRECTION_OVERDUE",
					"corrected",
					`整改期限已于 ${c.dueOn} 届满，逾期未整改的项目判定为不合格`,
					`the corrections were due by ${c.dueOn}; the items not corrected fail`,
				);
			const corrected = t.corrected;
			if (!Array.isArray(corrected) || (!corrected.length && !t.final))
				refuse("APPROVAL_INPUT", "corrected", "应列明已整改的不符合项", "list the nonconformities corrected");
			corrected.forEach((id, i) => {
				if (!a.nonconformities.some((n) => n.id === id && n.status === "open"))
					refuse(
						"APPROVAL_NONCONFORMITY",
						`corrected[${i}]`,
						"不是待整改的不符合项",
						"not an open nonconformity",
					);
			});
			const attachments = checkAttachments(t.attachments);
			if (corrected.length && !attachments.some((x) => x.code === "correction_evidence"))
				refuse(
					"APPROVAL_MATERIAL_MISSING",
					"attachments",
					`缺少“${MATERIALS.correction_evidence.zh}”`,
					`missing material: ${MATERIALS.correction_evidence.en}`,
				);
			const marked = a.nonconformities.map(
				(n): Nonconformity => (corrected.includes(n.id) ? { ...n, status: "corrected" } : n),
			);
			const done = t.final === true || !marked.some((n) => n.status === "open");
			const patch = { attachments: [...a.attachments, ...attachments] };
			if (!done) return { to: "correction", patch: { ...patch, nonconformities: marked } };
			return { to: c.resumeTo, patch: { ...patch, nonconformities: failOpen(marked), correction: null } };
		}
		case "close_corrections": {
			const c = a.correction!;
			if (on <= c.dueOn)
				refuse(
					"APPROVAL_CORRECTION_NOT_DUE",
					"on",
					`整改期限至 ${c.dueOn}，届满前不得关闭`,
					`the corrections are due by ${c.dueOn} and cannot be closed before`,
				);
			return { to: c.resumeTo, patch: { nonconformities: failOpen(a.nonconformities), correction: null } };
		}
		case "conclude_review": {
			if (a.step === "document_review" && a.type !== "renewal" && a.type !== "change")
				refuse(
					"APPROVAL_ASSESSMENT_REQUIRED",
					"step",
					"首次申请和扩项须经现场或远程评审后方可作出评审结论（书面审查仅适用于复查和变更）",
					"an initial application or extension is concluded only after an assessment (document review alone suits renewals and changes)",
				);
			const outcomeValue = t.outcome;
			if (outcomeValue !== "pass" && outcomeValue !== "partial" && outcomeValue !== "fail")
				refuse(
					"APPROVAL_INPUT",
					"outcome",
					"评审结论应为通过、部分通过或不通过",
					"outcome: pass, partial or fail",
				);
			const failedItems = t.failedItems ?? [];
			if (!Array.isArray(failedItems) || failedItems.some((x) => !text(x, LIMITS.name)))
				refuse("APPROVAL_INPUT", "failedItems", "应为评审项目列表", "a list of items assessed");
			const failed = a.nonconformities.filter((n) => n.status === "failed");
			const missing = failed.find((n) => !failedItems.includes(n.item));
			if (missing)
				refuse(
					"APPROVAL_CONCLUSION_INCONSISTENT",
					"failedItems",
					`逾期未整改或整改不合格的项目“${missing.item}”应判定为不合格`,
					`the item "${missing.item}" was not corrected and must be listed as failed`,
				);
			if (outcomeValue === "pass" && failedItems.length)
				refuse(
					"APPROVAL_CONCLUSION_INCONSISTENT",
					"outcome",
					"存在不合格项目，评审结论不能为通过",
					"with failed items the outcome cannot be pass",
				);
			if (outcomeValue === "partial" && !failedItems.length)
				refuse(
					"APPROVAL_CONCLUSION_INCONSISTENT",
					"failedItems",
					"部分通过应列明不合格项目",
					"a partial outcome lists the failed items",
				);
			return {
				to: "reviewed",
				patch: { conclusion: { outcome: outcomeValue, failedItems: [...new Set(failedItems)], on } },
			};
		}
		case "decide": {
			if (needsTechnicalReview(a) ? a.step !== "reviewed" || !a.conclusion : a.step !== "accepted")
				refuse(
					"APPROVAL_DECISION_NEEDS_CONCLUSION",
					"conclusion",
					"须经技术评审并作出评审结论后方可作出许可决定",
					"a decision needs the technical review's conclusion",
				);
			if (typeof t.grant !== "boolean")
				refuse("APPROVAL_INPUT", "grant", "应为准予或不予许可", "grant: true or false");
			if (t.grant && a.conclusion?.outcome === "fail")
				refuse(
					"APPROVAL_DECISION_CONTRADICTS_REVIEW",
					"grant",
					"评审结论为不通过，不能准予许可",
					"the review concluded fail; the qualification cannot be granted",
				);
			const reason = t.grant
				? optionalText(t.reason, "reason")
				: requiredText(t.reason, "reason", "不予许可");
			return {
				to: t.grant ? "granted" : "refused",
				patch: {
					reason,
					decision: {
						grant: t.grant,
						on,
						exceptItems: t.grant ? [...(a.conclusion?.failedItems ?? [])] : [],
					},
				},
			};
		}
		case "issue_certificate":
			if (a.type === "cancellation")
				refuse(
					"APPROVAL_NO_CERTIFICATE",
					"type",
					"注销申请以决定办结，不颁发证书",
					"a cancellation ends with its decision; no certificate is issued",
				);
			if (typeof t.certificateNumber !== "string" || !CMA_NUMBER.test(t.certificateNumber))
				refuse(
					"APPROVAL_INPUT",
					"certificateNumber",
					"资质认定证书编号应为12位数字",
					"a CMA number is 12 digits",
				);
			return { to: "issued", patch: { certificateNumber: t.certificateNumber } };
		case "schedule_verification": {
			const v = a.verification;
			if (a.path !== "commitment" || !v)
				refuse(
					"APPROVAL_NOT_COMMITMENT",
					"path",
					"现场核查仅适用于告知承诺程序",
					"on-site verification follows the commitment path only",
				);
			if (!isDay(t.scheduledOn) || t.scheduledOn < on)
				refuse("APPROVAL_INPUT", "scheduledOn", "核查日期无效或早于今日", "not a date, or before today");
			if (t.scheduledOn > v.dueBy)
				refuse(
					"APPROVAL_VERIFICATION_LATE",
					"scheduledOn",
					`应在许可决定后${config.verificationMonths}个月内（${v.dueBy} 前）完成核查`,
					`the verification takes place within ${config.verificationMonths} months of the decision, by ${v.dueBy}`,
				);
			return {
				to: "verification_scheduled",
				patch: { verification: { ...v, scheduledOn: t.scheduledOn, team: checkTeam(t.team, "team") } },
			};
		}
		case "record_verification": {
			const v = a.verification!;
			if (on < v.scheduledOn!)
				refuse(
					"APPROVAL_VERIFICATION_EARLY",
					"on",
					`核查安排在 ${v.scheduledOn}，此前不能记录结果`,
					`the verification is scheduled for ${v.scheduledOn}; its result cannot be recorded before`,
				);
			if (typeof t.truthful !== "boolean")
				refuse("APPROVAL_INPUT", "truthful", "应为承诺属实或不实", "truthful: true or false");
			if (t.truthful)
				return {
					to: "verified",
					patch: { verification: { ...v, truthful: true, findings: optionalText(t.findings, "findings") } },
				};
			return {
				to: "revoked",
				patch: {
					verification: {
						...v,
						truthful: false,
						findings: requiredText(t.findings, "findings", "认定承诺不实"),
					},
					creditEvent: { kind: "false_commitment", on, labUscc: a.labUscc, ref: a.number },
				},
			};
		}
	}
}

/** Refuses the commitment path for an application with a capability row in an excluded field, naming the rule. */
function refuseExcluded(a: Application, config: ApprovalConfig): void {
	const hit = excludedRows(a.capabilities, config.commitmentExclusions)[0];
	if (hit)
		refuse(
			"APPROVAL_EXCLUDED_FIELD",
			`capabilities[${hit.index}].${hit.matched.on}`,
			`“${hit.row.product}”属于${hit.rule.zh}，不适用告知承诺程序（${hit.rule.basisZh}）`,
			`"${hit.row.product}" is in ${hit.rule.en}, excluded from the commitment path (${hit.rule.basisEn})`,
		);
}

function failOpen(list: readonly Nonconformity[]): Nonconformity[] {
	return list.map((n) => (n.status === "open" ? { ...n, status: "failed" } : n));
}

function checkAttachments(list: unknown): Attachment[] {
	if (!Array.isArray(list)) refuse("APPROVAL_INPUT", "attachments", "应为材料列表", "a list of materials");
	return list.map((x: Partial<Attachment>, i) => {
		if (!isMaterialCode(x?.code))
			refuse("APPROVAL_INPUT", `attachments[${i}].code`, "材料编码不在目录中", "not a catalogue code");
		if (!isSha256(x.sha256))
			refuse(
				"APPROVAL_INPUT",
				`attachments[${i}].sha256`,
				"应为64位小写十六进制 SHA-256",
				"a SHA-256 in 64 lower-case hex digits",
			);
		return { code: x.code, sha256: x.sha256 };
	});
}

function checkTeam(team: unknown, field: string): string[] {
	if (
		!Array.isArray(team) ||
		!team.length ||
		!team.every((m) => text(m, 40)) ||
		new Set(team).size !== team.length
	)
		refuse("APPROVAL_INPUT", field, "应列明组员（不重复）", "list the team members, each once");
	return [...team];
}

function requiredText(v: unknown, field: string, what: string): string {
	if (!text(v, LIMITS.reason))
		refuse(
			"APPROVAL_REASON_REQUIRED",
			field,
			`${what}须书面说明理由（不超过${LIMITS.reason}字）`,
			`a written reason is required (at most ${LIMITS.reason} characters)`,
		);
	return v.trim();
}

function optionalText(v: unknown, field: string): string | null {
	if (v === undefined || v === null || (typeof v === "string" && !v.trim())) return null;
	if (!text(v, LIMITS.reason))
		refuse("APPROVAL_INPUT", field, `不超过${LIMITS.reason}字`, `at most ${LIMITS.reason} characters`);
	return v.trim();
}
