/**
 * Online qualification approval (资质认定网上审批, requirements §7) on the register. A lab's operator drafts an
 * application, files its materials (catalogue codes, bytes kept with their SHA-256) and submits it; what the
 * register already verifies and what the lab filed in earlier accepted applications is reused, never asked
 * for again (planMaterials, with where each came from). Regulators of the lab's district accept it, send it to
 * technical review, decide and issue; reviewers on the team assess it. Every step is the pure core's
 * transition (src/core/approval/workflow.ts), saved with the document in one transaction and audited.
 *
 * A grant becomes a public fact at once: the CMA qualification and its capability rows are written through
 * the register's own writers (logged like every fact, refused for a banned lab) — at issue on the general
 * path, at acceptance on the commitment path (告知承诺). A granted change (变更) writes what it changes the
 * same way (writeChange): a paper change at its decision, one reviewed technically at issue. A
 * cancellation, or a commitment found false, revokes the qualification; the false commitment also enters
 * the lab's integrity file (logged, regraded), in the same transaction. The public reads an application's
 * progress by its number (publicProgress): never names, the team, reasons or findings.
 */
import { createHash } from "node:crypto";
import {
	type Action,
	type Application,
	type ApplicationType,
	type ApprovalConfig,
	ApprovalError,
	type ApprovalPath,
	type Attachment,
	addMonths,
	applyTransition,
	type CapabilityRow,
	type ChangeKind,
	type Role as CoreRole,
	type FiledDocument,
	isFinished,
	isMaterialCode,
	type MaterialPlanItem,
	needsTechnicalReview,
	newApplication,
	nextActions,
	type OnFile,
	APPROVAL_PATH_INFO as PATH_INFO,
	planJointReview,
	planMaterials,
	progressOf,
	publicProgress,
	STAGE_INFO,
	STEP_INFO,
	type Step,
	TRANSITIONS,
	type Transition,
	APPLICATION_TYPE_INFO as TYPE_INFO,
} from "../../core/approval/index.ts";
import { addDays, type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { type CapabilityInput, normalizeStandard } from "../../core/records/capability.ts";
import type { OrganizationInput, OrgKind, OrgStatus } from "../../core/records/organization.ts";
import { parsePersonRef, personRef } from "../../core/records/person-ref.ts";
import type { QualificationInput, QualificationType } from "../../core/records/qualification.ts";
import type { Workdays } from "../../core/workdays.ts";
import { audit } from "../audit/audit.service.ts";
import { type Actor, mayActOn, mayAttempt } from "../auth/policy.ts";
import { bannedRow, bansInForce } from "../bans/bans.service.ts";
import { sniff } from "../complaints/complaints.service.ts";
import { addCreditEvent } from "../credit/credit.service.ts";
import { regradeOrganizations } from "../credit/grading.service.ts";
import type { Db } from "../db/database.ts";
import type { QualificationRow } from "../db/schema.ts";
import {
	AppError,
	ConflictError,
	ForbiddenError,
	fromApprovalError,
	InputError,
	NotFoundError,
} from "../errors.ts";
import type { BatchContext, RowResult } from "../import/batch.ts";
import { logEvents } from "../log/journal.service.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import { applyOrganizations } from "../organizations/organizations.service.ts";
import * as quals from "../qualifications/qualifications.repository.ts";
import { applyCapabilities, applyQualifications } from "../qualifications/qualifications.service.ts";
import type { ApplicationWithLab } from "./approvals.repository.ts";
import * as repo from "./approvals.repository.ts";
import { checkReviewTeam, drawReviewTeam } from "./team.ts";

/** What every approval operation is given. */
export interface ApprovalOptions {
	clock: Clock;
	actor: Actor;
	workdays: Workdays;
	config: ApprovalConfig;
}

/** Limits of the materials filed: per file, and per application. */
export const APPROVAL_FILE_LIMITS = {
	bytes: 10 * 1024 * 1024,
	perApplication: 60,
	filenameMax: 120,
} as const;

/** The authority named on the qualifications granted. */
export const ISSUER = "上海市市场监督管理局";
/** A CMA qualification runs six years (《检验检测机构资质认定管理办法》第十二条). */
const VALIDITY_MONTHS = 72;
/** Steps at which the lab files materials: a draft, a completion (补正), corrections (整改). */
const FILING_STEPS: readonly Step[] = ["draft", "completion", "correction"];

const NUMBER = /^ZR\d{10}$/;

function notFound(number: string): NotFoundError {
	return new NotFoundError(
		"APPLICATION_NOT_FOUND",
		`no application ${number} that you may see`,
		`没有您可查看的申请 ${number}`,
		"number",
	);
}

/** The application a number names, or APPLICATION_NOT_FOUND. */
async function find(db: Db, number: string): Promise<ApplicationWithLab> {
	const n = number.trim().toUpperCase();
	const row = NUMBER.test(n) ? await repo.findByNumber(db, n) : undefined;
	if (!row) throw notFound(number.slice(0, 40));
	return row;
}

const docOf = (row: Pick<ApplicationWithLab, "doc_json">) => JSON.parse(row.doc_json) as Application;
const subjectOf = (row: ApplicationWithLab) => ({ orgId: Number(row.lab_id), district: row.district });
const isLocal = (actor: Actor) => actor.type === "cli" || actor.type === "system";

/**
 * The core roles an actor holds on an application: `applicant` for an operator of the lab, `officer` for a
 * regulator of its district (administrators everywhere), `reviewer` for a person on its assessment team.
 * Operators on the machine (the seed) hold all three.
 */
function rolesOn(actor: Actor, row: ApplicationWithLab, app: Application): CoreRole[] {
	const roles: CoreRole[] = [];
	if ((actor.role === "lab_operator" || isLocal(actor)) && mayActOn(actor, "approval.apply", subjectOf(row)))
		roles.push("applicant");
	if (mayActOn(actor, "approval.handle", subjectOf(row))) roles.push("officer");
	if (
		isLocal(actor) ||
		(actor.personRef && mayAttempt(actor, "approval.review") && app.team.includes(actor.personRef))
	)
		roles.push("reviewer");
	return roles;
}

/** Whether the actor may read the application: one of its roles, or on its verification team. */
function maySee(actor: Actor, row: ApplicationWithLab, app: Application): boolean {
	if (rolesOn(actor, row, app).length) return true;
	return (
		actor.personRef !== null &&
		mayAttempt(actor, "approval.review") &&
		(app.verification?.team.includes(actor.personRef) ?? false)
	);
}

/** The actor as the core knows them; ids are internal (an account's name, a person's reference). */
function coreActor(actor: Actor, role: CoreRole, row: ApplicationWithLab, app: Application) {
	return {
		role,
		id: role === "reviewer" ? (actor.personRef ?? app.team[0] ?? actor.label) : actor.label,
		labUscc: role === "applicant" ? (isLocal(actor) ? row.lab_uscc : actor.orgUscc) : null,
	};
}

/**
 * What is on file for the lab: whether the register holds it (the legal-entity proof is then never asked
 * for), and every material of its earlier applications that a regulator accepted, dated by the acceptance.
 */
async function onFileOf(db: Db, row: ApplicationWithLab): Promise<OnFile> {
	const documents: FiledDocument[] = [];
	for (const other of await repo.docsOfLab(db, Number(row.lab_id), Number(row.id))) {
		const a = docOf(other);
		const acceptedOn = a.history.find((h) => h.action === "accept")?.on;
		if (!acceptedOn) continue;
		for (const x of a.attachments)
			documents.push({ code: x.code, sha256: x.sha256, acceptedOn, applicationNumber: a.number });
	}
	return { registerHoldsOrganisation: row.lab_status === "active", documents };
}

/** The files filed since the application last went to the regulator, as attachments. */
async function newAttachments(db: Db, row: ApplicationWithLab, app: Application): Promise<Attachment[]> {
	const out: Attachment[] = [];
	for (const f of await repo.filesOf(db, Number(row.id))) {
		if (!isMaterialCode(f.material_code)) continue;
		const seen = (x: Attachment) => x.code === f.material_code && x.sha256 === f.sha256;
		if (app.attachments.some(seen) || out.some(seen)) continue;
		out.push({ code: f.material_code, sha256: f.sha256 });
	}
	return out;
}

const label = (code: string, names: { zh: string; en: string }) => ({ code, zh: names.zh, en: names.en });

/** The day's clocks. */
function clocks(opts: Pick<ApprovalOptions, "workdays" | "config">, today: string) {
	return { workdays: opts.workdays, config: opts.config, today };
}

/** The actions the actor may take next, for the buttons a console shows. */
function actionsFor(actor: Actor, row: ApplicationWithLab, app: Application): Action[] {
	const roles = rolesOn(actor, row, app);
	return (Object.keys(TRANSITIONS) as Action[]).filter((a) =>
		roles.some((r) => nextActions(app, r).includes(a)),
	);
}

/** An application in full, for its lab and the regulators and reviewers who handle it. */
async function present(db: Db, row: ApplicationWithLab, opts: ApprovalOptions) {
	const app = docOf(row);
	const today = chinaDate(opts.clock.now());
	const roles = rolesOn(opts.actor, row, app);
	const regulatorView = roles.includes("officer") || roles.includes("reviewer") || !roles.length;
	const materials: MaterialPlanItem[] =
		app.step === "draft" ? planMaterials(app, await onFileOf(db, row), today) : app.materials;
	const files = await repo.filesOf(db, Number(row.id));
	return {
		number: app.number,
		lab: { uscc: row.lab_uscc, name: row.lab_name },
		district: row.district,
		type: label(app.type, TYPE_INFO[app.type]),
		path: label(app.path, PATH_INFO[app.path]),
		changes: app.changes,
		capabilities: app.capabilities,
		qualification: app.qualification,
		permit: app.permit,
		step: label(app.step, STEP_INFO[app.step]),
		createdOn: app.createdOn,
		certificateNumber: app.certificateNumber,
		materials,
		files: files.map((f) => ({
			id: Number(f.id),
			code: f.material_code,
			sha256: f.sha256,
			filename: f.filename,
			contentType: f.content_type,
			size: Number(f.size),
			filedAt: f.created_at,
			submitted: app.attachments.some((x) => x.code === f.material_code && x.sha256 === f.sha256),
		})),
		history: app.history.map((h) =>
			regulatorView ? h : { action: h.action, from: h.from, to: h.to, on: h.on, role: h.role },
		),
		completion: app.completion,
		reason: app.reason,
		signatories: app.signatories,
		newName: app.newName ?? null,
		newAddress: app.newAddress ?? null,
		team: app.team,
		assessmentMode: app.assessmentMode,
		nonconformities: app.nonconformities,
		correction: app.correction,
		conclusion: app.conclusion,
		decision: app.decision,
		verification: app.verification,
		creditEvent: app.creditEvent,
		progress: progressOf(app, clocks(opts, today)),
		nextActions: actionsFor(opts.actor, row, app),
	};
}

/** An application in full, for whoever may see it; anyone else gets APPLICATION_NOT_FOUND. */
export async function getApplication(db: Db, number: string, opts: ApprovalOptions) {
	const row = await find(db, number);
	if (!maySee(opts.actor, row, docOf(row))) throw notFound(number);
	return present(db, row, opts);
}

/**
 * A review team proposed for an application by a fresh draw from the expert pool, conflict-free (team.ts),
 * for an officer of its district to use in `start_review` or change; anyone else: APPLICATION_NOT_FOUND.
 */
export async function proposeReviewTeam(db: Db, number: string, size: number, opts: ApprovalOptions) {
	const row = await find(db, number);
	if (!mayActOn(opts.actor, "approval.handle", subjectOf(row))) throw notFound(number);
	return drawReviewTeam(db, { id: Number(row.lab_id) }, size, chinaDate(opts.clock.now()));
}

/**
 * The public progress of a filed application (publicProgress): type, path, step, working days used and
 * left, the due day, the steps taken with their days. A draft has not been filed and is not shown.
 */
export async function applicationProgress(db: Db, number: string, opts: Omit<ApprovalOptions, "actor">) {
	const row = await find(db, number);
	if (row.step === "draft") throw notFound(number);
	return publicProgress(docOf(row), clocks(opts, chinaDate(opts.clock.now())));
}

/** What a lab's operator drafts. */
export interface DraftInput {
	/** The lab; an operator's own by default. */
	labUscc?: string;
	type: string;
	path: string;
	changes?: string[];
	capabilities?: CapabilityRow[];
	/** Person references of the signatories to be assessed. */
	signatories?: string[];
	/** The CMA qualification the application concerns (all but first applications). */
	qualificationNumber?: string;
	/** For a change of name: the lab's new name. */
	newName?: string;
	/** For a change of address or a site moved: the new address. */
	newAddress?: string;
}

/** The next application number of the year: ZR + year + 6 digits, dense. */
async function nextNumber(db: Db, today: string): Promise<string> {
	const prefix = `ZR${today.slice(0, 4)}`;
	const last = await repo.lastNumber(db, prefix);
	const n = last ? Number(last.slice(prefix.length)) + 1 : 1;
	return `${prefix}${String(n).padStart(6, "0")}`;
}

const uniqueViolation = (e: unknown) => /unique|duplicate/i.test(String((e as Error)?.message ?? e));

/** Refuses a write the actor may not make, recording the attempt in the audit trail. */
async function denied(
	db: Db,
	opts: ApprovalOptions,
	action: string,
	key: string,
	orgId: number | null,
	e: Error,
) {
	await audit(db, opts.actor, isoInstant(opts.clock.now()), [
		{
			action,
			outcome: "denied",
			target: { type: "application", key },
			subjectOrgId: orgId,
			detail: { rule: (e as { code?: string }).code ?? "FORBIDDEN" },
		},
	]);
	return e;
}

function notOwnLab(): ApprovalError {
	return new ApprovalError(
		"APPROVAL_NOT_OWN_LAB",
		"labUscc",
		"申请人只能办理本机构的申请",
		"an applicant acts only for their own lab",
	);
}

/**
 * Drafts an application for a lab: a lab's operator for their own lab (an administrator names the lab).
 * A renewal, extension, change or cancellation names the lab's CMA qualification, as registered.
 */
export async function draftApplication(db: Db, input: DraftInput, opts: ApprovalOptions) {
	const { actor } = opts;
	const uscc = (input.labUscc ?? actor.orgUscc ?? "").trim().toUpperCase();
	const lab = uscc ? await orgs.findByUscc(db, uscc) : undefined;
	if (lab && !mayActOn(actor, "approval.apply", { orgId: lab.id, district: lab.district }))
		throw await denied(db, opts, "approval.draft", uscc, lab.id, notOwnLab());
	if (lab?.kind !== "lab")
		throw new ApprovalError(
			"APPROVAL_INPUT",
			"labUscc",
			"不是登记在册的检验检测机构",
			"not a lab on the register",
		);
	let qualification: { number: string; expiresOn: string } | null = null;
	if (input.qualificationNumber !== undefined && input.qualificationNumber !== "") {
		const q = (await quals.findByNumbers(db, [input.qualificationNumber.trim()])).find(
			(x) => x.type === "cma" && x.org_id === lab.id,
		);
		if (!q)
			throw new ApprovalError(
				"APPROVAL_INPUT",
				"qualificationNumber",
				"不是本机构登记的资质认定证书编号",
				"not a CMA qualification of this lab on the register",
			);
		qualification = { number: q.number, expiresOn: q.valid_until };
	}
	if (input.type === "change" && input.changes?.includes("signatory"))
		await checkTeamRefs(db, input.signatories, "signatories");
	const now = opts.clock.now();
	const at = isoInstant(now);
	const today = chinaDate(now);
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction().execute(async (trx) => {
				const number = await nextNumber(trx, today);
				const app = newApplication({
					number,
					labUscc: lab.uscc,
					type: input.type as ApplicationType,
					path: input.path as ApprovalPath,
					changes: (input.changes ?? []) as ChangeKind[],
					capabilities: input.capabilities ?? [],
					signatories: input.signatories ?? [],
					newName: input.newName ?? null,
					newAddress: input.newAddress ?? null,
					qualification,
					createdOn: today,
				});
				if (app.newName !== null && app.newName === lab.name)
					throw new ApprovalError(
						"APPROVAL_INPUT",
						"newName",
						"新名称与登记的机构名称相同",
						"the new name is the name already registered",
					);
				if (app.newAddress !== null && app.newAddress === lab.address)
					throw new ApprovalError(
						"APPROVAL_INPUT",
						"newAddress",
						"新地址与登记的地址相同",
						"the new address is the address already registered",
					);
				await repo.insertApplication(trx, {
					number,
					lab_id: lab.id,
					district: lab.district,
					type: app.type,
					path: app.path,
					step: app.step,
					created_on: today,
					due_on: null,
					doc_json: JSON.stringify(app),
					created_at: at,
					updated_at: at,
				});
				await audit(trx, actor, at, [
					{
						action: "approval.draft",
						outcome: "ok",
						target: { type: "application", key: number },
						subjectOrgId: lab.id,
						detail: { type: app.type, path: app.path },
					},
				]);
				return number;
			});
		} catch (e) {
			if (attempt < 3 && uniqueViolation(e)) continue;
			throw e;
		}
	}
}

/** A material as filed: its catalogue code, the file name and the bytes in base64. */
export interface FileInput {
	code: string;
	filename?: string;
	data: string;
}

function fileInvalid(field: string, rule: string, zh: string, en: string): InputError {
	return new InputError("APPLICATION_FILE_INVALID", `${field}: ${en}`, `${field}：${zh}`, field, rule);
}

/**
 * Files one material with a draft, a completion or corrections: a PDF, PNG or JPEG (checked by its bytes, as
 * complaints are) of at most 10 MB, kept with its SHA-256. It goes to the regulator with the next submission.
 */
export async function addFile(db: Db, number: string, input: FileInput, opts: ApprovalOptions) {
	const row = await find(db, number);
	const app = docOf(row);
	const roles = rolesOn(opts.actor, row, app);
	if (!roles.includes("applicant")) {
		if (!maySee(opts.actor, row, app) && opts.actor.role !== "lab_operator") throw notFound(number);
		const e =
			opts.actor.role === "lab_operator"
				? notOwnLab()
				: new ApprovalError(
						"APPROVAL_ROLE",
						"role",
						"只有申请机构可以上传申请材料",
						"only the applying lab files materials",
					);
		throw await denied(db, opts, "approval.file", row.number, Number(row.lab_id), e);
	}
	if (!FILING_STEPS.includes(app.step))
		throw new ApprovalError(
			"APPROVAL_STEP",
			"step",
			`申请处于“${STEP_INFO[app.step].zh}”环节，不能上传材料（草稿、补正或整改时可上传）`,
			`materials are filed with a draft, a completion or corrections, not at "${STEP_INFO[app.step].en}"`,
		);
	if (!isMaterialCode(input.code))
		throw new ApprovalError("APPROVAL_INPUT", "code", "材料编码不在目录中", "not a catalogue code");
	const L = APPROVAL_FILE_LIMITS;
	const filename =
		[
			...(input.filename ?? "")
				.normalize("NFC")
				.split(/[\\/]/)
				.pop()!
				// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
				.replace(/[\u0000-\u001f\u007f"]/g, "")
				.trim(),
		]
			.slice(0, L.filenameMax)
			.join("") || `${input.code}.pdf`;
	const b64 = (input.data ?? "").replace(/^data:[^,]{0,100};base64,/, "").replace(/\s+/g, "");
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1)
		throw fileInvalid("data", "BASE64", "文件内容不是有效的base64编码", "not valid base64");
	if (Math.floor((b64.length * 3) / 4) - (b64.match(/=+$/)?.[0].length ?? 0) > L.bytes)
		throw fileInvalid(
			"data",
			"FILE_TOO_LARGE",
			`文件超过${L.bytes / 1024 / 1024}MB`,
			`larger than ${L.bytes / 1024 / 1024} MB`,
		);
	const bytes = Buffer.from(b64, "base64");
	if (bytes.length === 0) throw fileInvalid("data", "FILE_EMPTY", "文件为空", "the file is empty");
	const type = sniff(bytes);
	if (!type)
		throw fileInvalid(
			"data",
			"FILE_TYPE",
			"只接受PDF文件或PNG、JPEG图片（按文件内容判断）",
			"only PDF files and PNG or JPEG images are accepted (judged by their bytes)",
		);
	const files = await repo.filesOf(db, Number(row.id));
	if (files.length >= L.perApplication)
		throw new ConflictError(
			"APPLICATION_FILES_FULL",
			`an application holds at most ${L.perApplication} files`,
			`每份申请最多上传${L.perApplication}个文件`,
			"data",
		);
	const sha256 = createHash("sha256").update(bytes).digest("hex");
	const at = isoInstant(opts.clock.now());
	const id = await db.transaction().execute(async (trx) => {
		const fileId = await repo.insertFile(trx, {
			application_id: Number(row.id),
			material_code: input.code,
			sha256,
			filename,
			content_type: type,
			size: bytes.length,
			data: bytes,
			created_at: at,
		});
		await repo.touch(trx, Number(row.id), at);
		await audit(trx, opts.actor, at, [
			{
				action: "approval.file",
				outcome: "ok",
				target: { type: "application", key: row.number },
				subjectOrgId: Number(row.lab_id),
				afterSha256: sha256,
				detail: { code: input.code, size: bytes.length },
			},
		]);
		return fileId;
	});
	return { id, code: input.code, sha256, filename, contentType: type, size: bytes.length };
}

/** Checks that every member of a team is a registered, active person (P + 8 digits). */
async function checkTeamRefs(db: Db, team: unknown, field: string): Promise<void> {
	if (!Array.isArray(team)) return;
	const ids = team.map((m) => (typeof m === "string" ? parsePersonRef(m) : null));
	const known = await repo.activePeople(
		db,
		ids.flatMap((p) => (p?.kind === "ref" ? [p.id] : [])),
	);
	ids.forEach((p, i) => {
		if (p?.kind !== "ref" || !known.includes(p.id))
			throw new ApprovalError(
				"APPROVAL_INPUT",
				`${field}[${i}]`,
				"应为登记在册的人员编号（P 加 8 位数字）",
				"a registered person's reference (P + 8 digits)",
			);
	});
}

/** What an action's body may carry (the core checks each value and names what is wrong). */
export type ActionBody = Record<string, unknown>;

/**
 * Takes one step of the workflow on an application: whoever holds the role the step needs (the lab's
 * operator, a regulator of its district, a reviewer on its team). The core checks the step, the role,
 * the day and the action's rules; the application, the register and the log change together or not at
 * all, and the step is audited. Answers the application in full.
 */
export async function actOn(db: Db, number: string, action: Action, body: ActionBody, opts: ApprovalOptions) {
	const row = await find(db, number);
	const app = docOf(row);
	const held = rolesOn(opts.actor, row, app);
	const spec = TRANSITIONS[action];
	const role = spec.roles.find((r) => held.includes(r)) ?? held[0];
	const auditAction = `approval.${action}`;
	if (!role) {
		if (opts.actor.role === "lab_operator")
			throw await denied(db, opts, auditAction, row.number, Number(row.lab_id), notOwnLab());
		if (opts.actor.personRef && mayAttempt(opts.actor, "approval.review"))
			throw await denied(
				db,
				opts,
				auditAction,
				row.number,
				Number(row.lab_id),
				new ApprovalError(
					"APPROVAL_NOT_ON_TEAM",
					"team",
					"评审员只能办理所在评审组的申请",
					"a reviewer acts only on applications whose team they are on",
				),
			);
		if (mayAttempt(opts.actor, "approval.handle"))
			throw await denied(
				db,
				opts,
				auditAction,
				row.number,
				Number(row.lab_id),
				new ForbiddenError(
					"APPROVAL_NOT_YOUR_DISTRICT",
					"this application is handled in another district",
					"该申请由其他辖区办理，您无权办理",
				),
			);
		throw notFound(number);
	}
	const now = opts.clock.now();
	const at = isoInstant(now);
	const today = chinaDate(now);
	if (action === "start_review" || action === "schedule_verification") {
		await checkTeamRefs(db, body.team, "team");
		// No reviewer of the lab's own, related or recently met, nor two from one employer (team.ts).
		if (Array.isArray(body.team)) await checkReviewTeam(db, { id: Number(row.lab_id) }, body.team, today);
	}
	let t: Transition;
	switch (action) {
		case "submit":
			t = { action, attachments: await newAttachments(db, row, app), onFile: await onFileOf(db, row) };
			break;
		case "complete":
		case "submit_corrections":
			t = { ...body, action, attachments: await newAttachments(db, row, app) } as Transition;
			break;
		case "issue_certificate":
			t = {
				action,
				certificateNumber: String(
					body.certificateNumber ??
						app.certificateNumber ??
						app.qualification?.number ??
						(await nextCma(db, today)),
				),
			};
			break;
		default:
			t = { ...body, action } as Transition;
	}
	let next: Application;
	try {
		next = applyTransition(app, t, {
			actor: coreActor(opts.actor, role, row, app),
			on: today,
			workdays: opts.workdays,
			config: opts.config,
		});
	} catch (e) {
		if (e instanceof ApprovalError && fromApprovalError(e).status === 403)
			throw await denied(db, opts, auditAction, row.number, Number(row.lab_id), e);
		throw e;
	}
	const ctx: BatchContext = { now: at, today, source: "api", actor: opts.actor };
	const lab = { id: Number(row.lab_id), uscc: row.lab_uscc };
	try {
		await db.transaction().execute(async (trx) => {
			if (action === "accept" && next.path === "commitment")
				next = { ...next, certificateNumber: await writeGrant(trx, lab, next, null, ctx) };
			if (action === "issue_certificate" && next.path === "general")
				await writeGrant(trx, lab, next, next.certificateNumber, ctx);
			// A paper change (书面变更) is granted by its decision, without review: it takes effect then.
			if (
				action === "decide" &&
				next.step === "granted" &&
				next.type === "change" &&
				!needsTechnicalReview(next)
			) {
				await refuseBannedLab(trx, lab, ctx);
				await writeChange(trx, lab, next, ctx);
			}
			if (action === "decide" && next.step === "granted" && next.type === "cancellation")
				await revokeQualification(trx, lab, next, `应申请注销（申请编号 ${next.number}）`, ctx);
			if (action === "record_verification" && next.step === "revoked")
				await recordFalseCommitment(trx, lab, next, ctx);
			await save(trx, row, app, next, action, opts, at, today);
		});
	} catch (e) {
		// A ban refused the grant: recorded as a blocked attempt, nothing else written.
		if (e instanceof AppError && (e.rule === "ORG_BANNED" || e.rule === "PERSON_BANNED"))
			throw await denied(db, opts, "ban.blocked", row.number, lab.id, e);
		throw e;
	}
	return present(db, (await repo.findByNumber(db, row.number))!, opts);
}

/**
 * Saves an application moved on by a transition, with the columns the queue and the deadline dashboard
 * read (due day, finished, accepting officer, the decision's figures), and audits the step — only if
 * nobody moved it since it was read (APPLICATION_CHANGED).
 */
async function save(
	trx: Db,
	row: ApplicationWithLab,
	app: Application,
	next: Application,
	action: Action,
	opts: ApprovalOptions,
	at: string,
	today: string,
): Promise<void> {
	const moved = await repo.updateFrom(trx, Number(row.id), row, {
		step: next.step,
		due_on: progressOf(next, clocks(opts, today)).current?.dueOn ?? null,
		doc_json: JSON.stringify(next),
		updated_at: at,
		finished: isFinished(next) ? 1 : 0,
		accepted_by: acceptedBy(next),
		...(next.decision && !app.decision ? decisionColumns(next, opts) : {}),
	});
	if (!moved)
		throw new ConflictError(
			"APPLICATION_CHANGED",
			`application ${row.number} changed meanwhile; read it again`,
			`申请 ${row.number} 已被他人更新，请刷新后重试`,
			"number",
		);
	await audit(trx, opts.actor, at, [
		{
			action: `approval.${action}`,
			outcome: "ok",
			target: { type: "application", key: row.number },
			subjectOrgId: Number(row.lab_id),
			detail: { from: app.step, to: next.step },
		},
	]);
}

/** The account that accepted the application, as its history records the actor (a username); null before. */
function acceptedBy(app: Application): string | null {
	return app.history.find((h) => h.action === "accept")?.actorId ?? null;
}

/**
 * The decision's figures, measured on the decision's day from the history up to it: the statutory working
 * days used (acceptance and decision, waits for the applicant excluded) and whether each statutory stage
 * met its own limit (《检验检测机构资质认定管理办法》第十条). Null before a decision.
 */
export function decisionFigures(
	app: Application,
	opts: Pick<ApprovalOptions, "workdays" | "config">,
): { on: string; used: number; onTime: boolean } | null {
	const at = app.history.findIndex((h) => h.action === "decide");
	const decide = app.history[at];
	if (!app.decision || !decide) return null;
	const upTo: Application = { ...app, step: decide.to, history: app.history.slice(0, at + 1) };
	const p = progressOf(upTo, clocks(opts, decide.on));
	const statutory = p.stages.filter((s) => STAGE_INFO[s.stage].statutory && s.stage !== "issue");
	return {
		on: app.decision.on,
		used: p.statutory.used,
		onTime: statutory.every((s) => s.limit === null || s.used <= s.limit),
	};
}

function decisionColumns(app: Application, opts: Pick<ApprovalOptions, "workdays" | "config">) {
	const f = decisionFigures(app, opts);
	return f
		? { decided_on: f.on, statutory_used: f.used, decided_on_time: f.onTime ? 1 : 0 }
		: { decided_on: null, statutory_used: null, decided_on_time: null };
}

/** The next CMA number for Shanghai (year, 09, then a running number), one more than the highest registered. */
async function nextCma(db: Db, today: string): Promise<string> {
	const prefix = `${today.slice(2, 4)}0900`;
	const last = await repo.lastCmaNumber(db, prefix);
	return `${prefix}${String(last ? Number(last.slice(prefix.length)) + 1 : 1).padStart(6, "0")}`;
}

/** A registered qualification as the writer takes it. */
function qualificationInput(q: QualificationRow, orgUscc: string): QualificationInput {
	return {
		type: q.type as QualificationType,
		number: q.number,
		orgUscc,
		issuer: q.issuer,
		validFrom: q.valid_from,
		validUntil: q.valid_until,
		status: q.status as QualificationInput["status"],
		scope: JSON.parse(q.scope_json) as string[],
		note: q.note,
	};
}

/**
 * Stops the transaction with the register's refusal of a row, naming its rule (a ban: ORG_BANNED or
 * PERSON_BANNED; anything else APPROVAL_REGISTER_REFUSED with the writer's rule and message).
 */
function refused(results: RowResult[]): void {
	const p = results.find((r) => r.outcome === "rejected")?.problems?.[0];
	if (!p) return;
	throw new ConflictError(
		p.rule === "ORG_BANNED" || p.rule === "PERSON_BANNED" ? p.rule : "APPROVAL_REGISTER_REFUSED",
		p.messageEn,
		p.messageZh,
		p.field,
		p.rule,
	);
}

/** Refuses a grant or change of qualification to a lab banned today (ORG_BANNED, naming the ban). */
async function refuseBannedLab(trx: Db, lab: { id: number }, ctx: BatchContext): Promise<void> {
	const ban = (await bansInForce(trx, ctx.today)).orgs.get(lab.id);
	if (ban)
		refused([
			bannedRow(0, "labUscc", "organization", ban, {
				zh: "取得或变更资质认定",
				en: "be granted or change a qualification",
			}),
		]);
}

/** A refusal of a granted change that the register's current state makes impossible, naming the field. */
function changeRefused(field: string, zh: string, en: string): ConflictError {
	return new ConflictError("APPROVAL_REGISTER_REFUSED", en, zh, field, "CHANGE_NOT_APPLICABLE");
}

/** A capability row as registered, with the ids of its signatories. */
type RegisteredCapability = Awaited<ReturnType<typeof quals.capabilitiesOf>>[number];

/** A registered capability row as the writer takes it, with a new status, standard or signatories. */
function capabilityInput(
	row: RegisteredCapability,
	cmaNumber: string,
	labUscc: string,
	over: Partial<CapabilityInput> = {},
): CapabilityInput {
	return {
		cmaNumber,
		labUscc,
		field: row.field,
		product: row.product,
		parameter: row.parameter,
		standard: row.standard,
		limitation: row.limitation,
		status: row.status as CapabilityInput["status"],
		signatories: refsOf(row.signatoryIds.map(personRef)),
		...over,
	};
}

/** Person references as the capability writer takes them (each labelled by its public reference). */
function refsOf(refs: readonly string[]): CapabilityInput["signatories"] {
	return refs.map((s, i) => {
		const person = parsePersonRef(s);
		if (person?.kind !== "ref")
			throw new ApprovalError(
				"APPROVAL_INPUT",
				`signatories[${i}]`,
				"应为登记在册的人员编号（P 加 8 位数字）",
				"a registered person's reference (P + 8 digits)",
			);
		return { person, label: s.trim().toUpperCase() };
	});
}

/**
 * Writes what a granted change application (变更, 《检验检测机构资质认定管理办法》第十五条) changes into the
 * register, through the register's own writers so that each fact is logged like any other and every rule
 * of theirs holds (a banned person is not made a signatory, a signatory is the lab's staff), in the
 * caller's transaction; a refusal stops it and nothing is written.
 *
 * - `name`, `address_renamed`, `site_moved`: the lab's record takes the new name or address.
 * - `standard`: each row applied for replaces the active rows of the same product and parameter under
 *   another standard (withdrawn, their signatories and limitation carried over), or is added.
 * - `signatory`: the signatories applied for become those of the rows concerned: the rows the
 *   application names, or else every active row of the qualification.
 * - `legal_representative`, `top_management`, `technical_lead`: the register holds no such fields, so
 *   nothing public is written; the decision stays in the application's history.
 */
async function writeChange(
	trx: Db,
	lab: { id: number; uscc: string },
	app: Application,
	ctx: BatchContext,
): Promise<void> {
	const kinds = new Set(app.changes);
	if (kinds.has("name") || kinds.has("address_renamed") || kinds.has("site_moved")) {
		const current = await orgs.findByUscc(trx, lab.uscc);
		if (!current) throw changeRefused("labUscc", "机构未登记", "the lab is not on the register");
		const input: OrganizationInput = {
			uscc: current.uscc,
			kind: current.kind as OrgKind,
			name: kinds.has("name") && app.newName ? app.newName : current.name,
			nameEn: current.name_en,
			district: current.district,
			address: app.newAddress ?? current.address,
			status: current.status as OrgStatus,
		};
		refused(await applyOrganizations(trx, [{ line: 1, input }], ctx));
	}
	if (!kinds.has("standard") && !kinds.has("signatory")) return;
	const number = app.qualification?.number ?? "";
	const qual = (await quals.findByNumbers(trx, [number])).find(
		(q) => q.type === "cma" && q.org_id === lab.id,
	);
	if (!qual)
		throw changeRefused(
			"qualification.number",
			"本机构未登记该资质认定证书",
			"the lab holds no such CMA qualification on the register",
		);
	const active = async () =>
		(await quals.capabilitiesOf(trx, [qual.id])).filter((c) => c.status === "active");
	const same = (c: { product: string; parameter: string }, r: CapabilityRow) =>
		c.product === r.product && c.parameter === r.parameter;
	const except = app.decision?.exceptItems ?? [];
	const applied = app.capabilities.filter((r) => !excepted(r, except));
	if (kinds.has("standard")) {
		const rows: CapabilityInput[] = [];
		const registered = await active();
		for (const r of applied) {
			const standard = normalizeStandard(r.standard);
			const old = registered.filter((c) => same(c, r) && c.standard !== standard);
			for (const c of old) rows.push(capabilityInput(c, qual.number, lab.uscc, { status: "withdrawn" }));
			const carried = [...new Set(old.flatMap((c) => c.signatoryIds))].sort((a, b) => a - b);
			rows.push({
				cmaNumber: qual.number,
				labUscc: lab.uscc,
				field: r.field,
				product: r.product,
				parameter: r.parameter,
				standard,
				limitation: old[0]?.limitation ?? null,
				status: "active",
				signatories: refsOf(carried.map(personRef)),
			});
		}
		if (rows.length)
			refused(
				await applyCapabilities(
					trx,
					rows.map((input, i) => ({ line: i + 1, input })),
					ctx,
				),
			);
	}
	if (kinds.has("signatory")) {
		const rows = await active();
		const concerned = applied.length
			? applied.map((r, i) => {
					const standard = normalizeStandard(r.standard);
					const hit = rows.find((c) => same(c, r) && c.standard === standard);
					if (!hit)
						throw changeRefused(
							`capabilities[${i}]`,
							"不是该资质认定证书下有效的能力表行",
							"not an active capability row of the qualification",
						);
					return hit;
				})
			: rows;
		if (!concerned.length)
			throw changeRefused(
				"capabilities",
				"该资质认定证书没有有效的能力表行可授权签字",
				"the qualification has no active capability row to sign for",
			);
		const signatories = refsOf(app.signatories);
		refused(
			await applyCapabilities(
				trx,
				concerned.map((c, i) => ({
					line: i + 1,
					input: capabilityInput(c, qual.number, lab.uscc, { signatories }),
				})),
				ctx,
			),
		);
	}
}

/** Whether a capability row was left out of the grant (a failed item of a partial conclusion). */
function excepted(row: CapabilityRow, items: readonly string[]): boolean {
	return items.some(
		(i) => i === `${row.product} ${row.parameter}` || (i.includes(row.product) && i.includes(row.parameter)),
	);
}

/**
 * Writes a grant into the register through its writers, as the officer who granted it: the CMA
 * qualification (new for a first application, six more years for a renewal) and the capability rows
 * applied for, less any left out of the decision. Logged like every public fact; a banned lab is refused.
 * Answers the qualification's number.
 */
async function writeGrant(
	trx: Db,
	lab: { id: number; uscc: string },
	app: Application,
	given: string | null,
	ctx: BatchContext,
): Promise<string> {
	await refuseBannedLab(trx, lab, ctx);
	const number =
		given ?? app.qualification?.number ?? app.certificateNumber ?? (await nextCma(trx, ctx.today));
	const existing = (await quals.findByNumbers(trx, [number])).find((q) => q.type === "cma");
	let input: QualificationInput;
	if (!existing)
		input = {
			type: "cma",
			number,
			orgUscc: lab.uscc,
			issuer: ISSUER,
			validFrom: ctx.today,
			validUntil: addDays(addMonths(ctx.today, VALIDITY_MONTHS), -1),
			status: "valid",
			scope: [],
			note: null,
		};
	else {
		input = qualificationInput(existing, lab.uscc);
		if (app.type === "renewal")
			input = { ...input, validUntil: addMonths(existing.valid_until, VALIDITY_MONTHS) };
	}
	refused(await applyQualifications(trx, [{ line: 1, input }], ctx));
	// A change writes its own rows (writeChange): they replace or re-sign rows, never reset their signatories.
	if (app.type === "change") {
		if (needsTechnicalReview(app)) await writeChange(trx, lab, app, ctx);
		await regradeOrganizations(trx, [lab.id], ctx.today);
		return number;
	}
	const except = app.decision?.exceptItems ?? [];
	const rows: CapabilityInput[] = app.capabilities
		.filter((r) => !excepted(r, except))
		.map((r) => ({
			cmaNumber: number,
			labUscc: lab.uscc,
			field: r.field,
			product: r.product,
			parameter: r.parameter,
			standard: normalizeStandard(r.standard),
			limitation: null,
			status: "active",
			signatories: [],
		}));
	if (rows.length)
		refused(
			await applyCapabilities(
				trx,
				rows.map((input, i) => ({ line: i + 1, input })),
				ctx,
			),
		);
	// The lab's field risk follows its capability list: its grade is recomputed with the grant.
	await regradeOrganizations(trx, [lab.id], ctx.today);
	return number;
}

/** Revokes the qualification an application concerns (logged), with the public note given. */
async function revokeQualification(
	trx: Db,
	lab: { id: number; uscc: string },
	app: Application,
	note: string,
	ctx: BatchContext,
): Promise<string | null> {
	const number = app.certificateNumber ?? app.qualification?.number;
	const existing = number
		? (await quals.findByNumbers(trx, [number])).find((q) => q.type === "cma")
		: undefined;
	if (!existing) return null;
	refused(
		await applyQualifications(
			trx,
			[{ line: 1, input: { ...qualificationInput(existing, lab.uscc), status: "revoked", note } }],
			ctx,
		),
	);
	await regradeOrganizations(trx, [lab.id], ctx.today);
	return existing.number;
}

/**
 * A commitment found false (告知承诺不实): the qualification is revoked, and the `false_commitment` credit event
 * the core set is recorded in the lab's integrity file as a public fact (logged) and the lab regraded — in
 * the caller's transaction. The findings stay internal: the public summary names the application only.
 */
async function recordFalseCommitment(
	trx: Db,
	lab: { id: number; uscc: string },
	app: Application,
	ctx: BatchContext,
): Promise<void> {
	const ev = app.creditEvent!;
	const cma = await revokeQualification(
		trx,
		lab,
		app,
		`告知承诺核查发现承诺内容不实，依法撤销（申请编号 ${app.number}）`,
		ctx,
	);
	const summary = `资质认定告知承诺经现场核查不实，撤销资质认定证书${cma ? ` ${cma}` : ""}（申请编号 ${ev.ref}）`;
	const idx = await logEvents(
		trx,
		[
			{
				type: "credit.false_commitment",
				subject: { kind: "credit_event", number: ev.ref },
				by: lab.uscc,
				facts: { occurredOn: ev.on },
				record: {
					kind: ev.kind,
					organization: lab.uscc,
					occurredOn: ev.on,
					reference: ev.ref,
					authority: ISSUER,
					summary,
				},
				subjectOrgId: lab.id,
			},
		],
		ctx,
	);
	await addCreditEvent(
		trx,
		{
			orgId: lab.id,
			kind: "false_commitment",
			occurredOn: ev.on,
			sourceKey: ev.ref,
			outcome: null,
			summary,
			detail: { application: ev.ref, qualification: cma, authority: ISSUER },
			logIdx: idx,
		},
		ctx.now,
	);
	await regradeOrganizations(trx, [lab.id], ctx.today);
}

/** What the queue is filtered by. */
export interface QueueQuery {
	step?: string;
	type?: string;
	path?: string;
	district?: string;
	overdue?: boolean;
}

/**
 * The applications the actor works on: regulators, the queue of their districts (filed ones, the nearest
 * due day first, overdue and near-due flagged); a lab's operators, their own; reviewers, those whose team
 * they are on. Anyone else: APPLICATION_NOT_FOUND.
 */
export async function listApplications(
	db: Db,
	q: QueueQuery,
	opts: ApprovalOptions,
	offset: number,
	limit: number,
) {
	const { actor } = opts;
	const today = chinaDate(opts.clock.now());
	const filter: repo.QueueFilter = {
		...(q.step ? { step: q.step } : {}),
		...(q.type ? { type: q.type } : {}),
		...(q.path ? { path: q.path } : {}),
		...(q.district ? { district: q.district } : {}),
		...(q.overdue ? { overdueOn: today } : {}),
	};
	if (mayAttempt(actor, "approval.handle")) {
		filter.filedOnly = true;
		if (!mayActOn(actor, "approval.handle", { orgId: null, district: null }))
			filter.districts = actor.districts;
	} else if (actor.role === "lab_operator" && actor.orgId !== null && mayAttempt(actor, "approval.apply"))
		filter.labId = actor.orgId;
	else if (actor.personRef && mayAttempt(actor, "approval.review")) filter.mentions = actor.personRef;
	else throw notFound("");
	const { rows, total, totalExact } = await repo.listQueue(db, filter, offset, limit);
	const items = rows
		.filter((r) => !filter.mentions || maySee(actor, r, docOf(r)))
		.map((r) => {
			const app = docOf(r);
			const p = progressOf(app, clocks(opts, today));
			return {
				number: r.number,
				lab: { uscc: r.lab_uscc, name: r.lab_name },
				district: r.district,
				type: label(app.type, TYPE_INFO[app.type]),
				path: label(app.path, PATH_INFO[app.path]),
				step: label(app.step, STEP_INFO[app.step]),
				createdOn: app.createdOn,
				dueOn: p.current?.dueOn ?? null,
				remainingWorkdays: p.current?.remaining ?? null,
				waitingForApplicant: p.waitingForApplicant,
				overdue: p.overdue,
				nearDue: p.nearDue,
			};
		});
	return { items, total, totalExact };
}

/** One line of the deadline dashboard. */
export interface SlaFigures {
	open: number;
	overdue: number;
	nearDue: number;
	waitingForApplicant: number;
	decided: number;
	decidedOnTime: number;
	/** The median statutory working days used by the decisions counted; null when there were none. */
	medianStatutoryUsed: number | null;
}

/** The officers' label for applications nobody has accepted yet. */
export const UNASSIGNED = "unassigned";

/** The median of a histogram of whole numbers (value → how many). */
function medianOf(hist: Map<number, number>): number | null {
	const n = [...hist.values()].reduce((a, b) => a + b, 0);
	if (!n) return null;
	const values = [...hist.keys()].sort((a, b) => a - b);
	const at = (k: number) => {
		let seen = 0;
		for (const v of values) {
			seen += hist.get(v)!;
			if (seen > k) return v;
		}
		return values.at(-1)!;
	};
	return (at(Math.floor((n - 1) / 2)) + at(Math.floor(n / 2))) / 2;
}

/**
 * The deadline dashboard (办理时限看板) as of today, per district and per officer (the account that accepted
 * each application, by username; `unassigned` before acceptance): filed applications still open, overdue,
 * near due (`config.nearDue` working days or fewer left) and waiting for the applicant; those decided in
 * the 365 days up to today, those decided within the statutory limits, and the median statutory working
 * days they used. Regulators see their districts, administrators all; anyone else: APPLICATION_NOT_FOUND.
 * Counted in SQL over the stored columns; only decisions older than those columns read their documents.
 */
export async function slaDashboard(db: Db, opts: ApprovalOptions) {
	const { actor } = opts;
	if (!mayAttempt(actor, "approval.handle")) throw notFound("");
	const today = chinaDate(opts.clock.now());
	const days: repo.SlaDays = {
		today,
		nearDueUntil: opts.workdays.add(today, opts.config.nearDue),
		decidedSince: addDays(today, -365),
		...(mayActOn(actor, "approval.handle", { orgId: null, district: null })
			? {}
			: { districts: actor.districts }),
	};
	const groups = await repo.slaGroups(db, days);
	if (groups.some((g) => g.decided > 0 && g.statutory_used === null)) {
		// Decided before the figures were stored: measured from the document, as a transition would have.
		for (const g of groups) if (g.statutory_used === null) g.decided = g.decided_on_time = 0;
		for (const r of await repo.decidedWithoutFigures(db, days)) {
			const f = decisionFigures(docOf(r), opts);
			if (!f) continue;
			groups.push({
				district: r.district,
				accepted_by: r.accepted_by,
				statutory_used: f.used,
				open: 0,
				overdue: 0,
				near_due: 0,
				waiting: 0,
				decided: 1,
				decided_on_time: f.onTime ? 1 : 0,
			});
		}
	}
	const roll = <K extends string | null>(keyOf: (g: repo.SlaGroup) => K) => {
		const out = new Map<K, SlaFigures & { hist: Map<number, number> }>();
		for (const g of groups) {
			const k = keyOf(g);
			let f = out.get(k);
			if (!f) {
				f = {
					open: 0,
					overdue: 0,
					nearDue: 0,
					waitingForApplicant: 0,
					decided: 0,
					decidedOnTime: 0,
					medianStatutoryUsed: null,
					hist: new Map(),
				};
				out.set(k, f);
			}
			f.open += g.open;
			f.overdue += g.overdue;
			f.nearDue += g.near_due;
			f.waitingForApplicant += g.waiting;
			f.decided += g.decided;
			f.decidedOnTime += g.decided_on_time;
			if (g.decided && g.statutory_used !== null)
				f.hist.set(g.statutory_used, (f.hist.get(g.statutory_used) ?? 0) + g.decided);
		}
		return [...out].map(([key, { hist, ...f }]) => ({
			key,
			figures: { ...f, medianStatutoryUsed: medianOf(hist) },
		}));
	};
	const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return {
		asOf: today,
		byDistrict: roll((g) => g.district)
			.sort((a, b) => byKey(a.key ?? "", b.key ?? ""))
			.map(({ key, figures }) => ({ district: key, ...figures })),
		byOfficer: roll((g) => g.accepted_by ?? UNASSIGNED)
			.sort((a, b) => (a.key === UNASSIGNED ? 1 : b.key === UNASSIGNED ? -1 : byKey(a.key, b.key)))
			.map(({ key, figures }) => ({ officer: key, ...figures })),
	};
}

/** A joint review asked for: the applications, and to start it, the team and the assessment's mode. */
export interface JointReviewInput {
	numbers: string[];
	apply?: boolean;
	team?: string[];
	mode?: string;
}

/**
 * Joint review (联合评审, core/approval/joint-review.ts): plans one combined assessment for a lab's
 * applications — which join, which cannot and why, and each piece of content once with the applications
 * it serves. With `apply`, starts it: every joined application goes to technical review with the same
 * team and on to its assessment, all in one transaction, each step audited. An officer of the lab's
 * district (administrators everywhere); applications of more than one lab: APPROVAL_JOINT_MIXED_LABS,
 * and nothing changes.
 */
export async function jointReview(db: Db, input: JointReviewInput, opts: ApprovalOptions) {
	const { actor } = opts;
	const numbers = [...new Set(input.numbers.map((n) => n.trim().toUpperCase()))];
	const rows = await repo.findByNumbers(
		db,
		numbers.filter((n) => NUMBER.test(n)),
	);
	const byNumber = new Map(rows.map((r) => [r.number, r]));
	for (const n of numbers) {
		const row = byNumber.get(n);
		if (!row || !maySee(actor, row, docOf(row))) throw notFound(n);
		if (!rolesOn(actor, row, docOf(row)).includes("officer"))
			throw await denied(
				db,
				opts,
				"approval.joint_review",
				row.number,
				Number(row.lab_id),
				new ForbiddenError(
					"APPROVAL_NOT_YOUR_DISTRICT",
					"this application is handled in another district",
					"该申请由其他辖区办理，您无权办理",
				),
			);
	}
	const apps = numbers.map((n) => docOf(byNumber.get(n)!));
	const plan = planJointReview(apps);
	const first = byNumber.get(numbers[0]!)!;
	const answer = (applied: boolean) => ({
		lab: { uscc: first.lab_uscc, name: first.lab_name },
		joint: plan.joint,
		joined: plan.joined,
		left: plan.left,
		items: plan.items.map((i) => ({
			kind: i.kind,
			key: i.key,
			capability: i.capability ?? null,
			applications: i.applications,
		})),
		applied,
	});
	if (!input.apply) return answer(false);
	if (!plan.joined.length)
		throw new ApprovalError(
			"APPROVAL_INPUT",
			"numbers",
			"没有可以参加联合评审的申请",
			"none of these applications can join a review",
		);
	await checkTeamRefs(db, input.team, "team");
	const now = opts.clock.now();
	const at = isoInstant(now);
	const today = chinaDate(now);
	if (input.team) await checkReviewTeam(db, { id: Number(first.lab_id) }, input.team, today);
	const ctx = { on: today, workdays: opts.workdays, config: opts.config };
	// Every step is checked before anything is written: a refusal leaves every application as it was.
	const moves = plan.joined.map((n) => {
		const row = byNumber.get(n)!;
		const app = docOf(row);
		const officer = coreActor(actor, "officer", row, app);
		let next = app;
		const steps: Action[] = [];
		if (app.step === "accepted") {
			next = applyTransition(next, { action: "start_review", team: input.team ?? [] } as Transition, {
				...ctx,
				actor: officer,
			});
			steps.push("start_review");
		}
		// The assessment is the team's step: started for the team, by its first member, on the officer's plan.
		next = applyTransition(next, { action: "start_assessment", mode: input.mode } as Transition, {
			...ctx,
			actor: { role: "reviewer", id: next.team[0] ?? officer.id, labUscc: null },
		});
		steps.push("start_assessment");
		return { row, app, next, steps };
	});
	await db.transaction().execute(async (trx) => {
		for (const m of moves) await save(trx, m.row, m.app, m.next, m.steps.at(-1)!, opts, at, today);
		await audit(trx, actor, at, [
			{
				action: "approval.joint_review",
				outcome: "ok",
				target: { type: "application", key: plan.joined.join(",").slice(0, 200) },
				subjectOrgId: Number(first.lab_id),
				detail: {
					joined: plan.joined.join(","),
					left: plan.left.map((l) => l.number).join(","),
					mode: input.mode ?? null,
				},
			},
		]);
	});
	return answer(true);
}

/** A content type as stored; anything else is served as bytes to download. */
const SERVED_TYPES = new Set(["application/pdf", "image/png", "image/jpeg"]);

/**
 * A filed material read back, for the lab's operators, the officers of its district and the team (a
 * verification team too); anyone else: APPLICATION_NOT_FOUND, for the application and the file alike.
 * The read is audited.
 */
export async function readFile(db: Db, number: string, id: number, opts: ApprovalOptions) {
	const row = await find(db, number);
	if (!maySee(opts.actor, row, docOf(row))) throw notFound(number);
	const f = Number.isSafeInteger(id) ? await repo.fileOf(db, Number(row.id), id) : undefined;
	if (!f)
		throw new NotFoundError(
			"APPLICATION_FILE_NOT_FOUND",
			`application ${row.number} has no file ${id}`,
			`申请 ${row.number} 没有编号为 ${id} 的文件`,
			"id",
		);
	await audit(db, opts.actor, isoInstant(opts.clock.now()), [
		{
			action: "approval.file.read",
			outcome: "ok",
			target: { type: "application", key: row.number },
			subjectOrgId: Number(row.lab_id),
			afterSha256: f.sha256,
			detail: { file: Number(f.id), code: f.material_code },
		},
	]);
	return {
		filename: f.filename,
		contentType: SERVED_TYPES.has(f.content_type) ? f.content_type : "application/octet-stream",
		sha256: f.sha256,
		data: Buffer.from(f.data),
	};
}
