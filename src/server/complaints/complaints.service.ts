/**
 * Complaints and reports from the public (投诉举报). Anyone files one, without signing in, and gets a
 * tracking number — the only key they hold, and the only way to follow it. Regulators triage it (accept
 * within 5 working days, or reject with a reason), assign it to an officer, investigate, and close it
 * with an outcome and a public text, within 60 working days of acceptance. An upheld complaint about an
 * organisation becomes a public fact in the same transaction: a log entry, an event in the
 * organisation's integrity file (诚信档案), and a new credit grade.
 *
 * The complainant's name, phone and email are personal data: stored apart (complaint_contacts), shown
 * only in the regulators' view, whose every read is audited; the public progress never holds them, nor
 * the description they wrote (which may name them), nor who handles the case.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { holdsPersonalData } from "../../core/id-number.ts";
import { type Problem, problem } from "../../core/problem.ts";
import { normalizeNumber } from "../../core/records/certificate.ts";
import { halfWidth } from "../../core/records/fields.ts";
import { parseDistrict } from "../../core/records/organization.ts";
import { checkUscc } from "../../core/uscc.ts";
import type { Workdays } from "../../core/workdays.ts";
import { type AuditFact, audit } from "../audit/audit.service.ts";
import { type Actor, mayActOn } from "../auth/policy.ts";
import { addCreditEvent } from "../credit/credit.service.ts";
import { regradeOrganizations } from "../credit/grading.service.ts";
import type { Db } from "../db/database.ts";
import type { ComplaintRow } from "../db/schema.ts";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../errors.ts";
import { findAccountByUsername } from "../identity/identity.repository.ts";
import { logEvents } from "../log/journal.service.ts";
import * as repo from "./complaints.repository.ts";
import { type ComplaintWithOrg, OPEN_STATUSES } from "./complaints.repository.ts";

export const COMPLAINT_KINDS = ["complaint", "report"] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export const COMPLAINT_STATUSES = [
	"received",
	"accepted",
	"rejected",
	"assigned",
	"investigating",
	"closed",
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const OUTCOMES = ["upheld", "not_upheld", "partly_upheld"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const KIND_TEXT: Record<ComplaintKind, { zh: string; en: string }> = {
	complaint: { zh: "投诉", en: "complaint" },
	report: { zh: "举报", en: "report" },
};
export const OUTCOME_TEXT: Record<Outcome, { zh: string; en: string }> = {
	upheld: { zh: "属实", en: "upheld" },
	partly_upheld: { zh: "部分属实", en: "partly upheld" },
	not_upheld: { zh: "不属实", en: "not upheld" },
};

/** Working days to accept or reject a complaint once received. */
export const ACCEPT_WITHIN_WORKDAYS = 5;
/** Working days to close a complaint once accepted. */
export const CLOSE_WITHIN_WORKDAYS = 60;

/** The limits of a filing; the portal's form states the same. */
export const COMPLAINT_LIMITS = {
	descriptionMin: 10,
	descriptionMax: 5000,
	nameMax: 50,
	emailMax: 100,
	subjectNameMax: 100,
	recordMax: 64,
	attachments: 3,
	attachmentBytes: 5 * 1024 * 1024,
	filenameMax: 120,
	noteMax: 2000,
} as const;

/** What the bytes of an accepted file start with (its "magic number"), by content type. */
const MAGIC: [type: AttachmentType, bytes: number[]][] = [
	["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
	["image/jpeg", [0xff, 0xd8, 0xff]],
	["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
];
export type AttachmentType = "image/png" | "image/jpeg" | "application/pdf";

/** A file as filed: base64 (JSON) or read from a multipart form. */
export interface AttachmentInput {
	filename?: string;
	/** What the sender says it is; ignored: the bytes decide. */
	contentType?: string;
	/** The bytes, base64 (a `data:…;base64,` prefix is allowed). */
	data: string;
}

/** What the public files. Every field is checked here, so each problem is named in Chinese and English. */
export interface ComplaintInput {
	kind?: string;
	description?: string;
	subjectUscc?: string;
	subjectName?: string;
	recordNumber?: string;
	district?: string;
	anonymous?: boolean;
	name?: string;
	phone?: string;
	email?: string;
	attachments?: AttachmentInput[];
}

/** A random source (bytes); injected so that tests and the demo are reproducible. */
export type RandomBytes = (n: number) => Uint8Array;

export interface FilingOptions {
	clock: Clock;
	/** Who files: the person's account when signed in, otherwise the public (with their address). */
	actor: Actor;
	workdays: Workdays;
	random?: RandomBytes;
}

/** The public, as the audit trail records a filing made without signing in. */
export function publicActor(ip: string | null, requestId: string | null): Actor {
	return {
		type: "account",
		id: null,
		label: "(public)",
		role: null,
		orgId: null,
		orgUscc: null,
		districts: [],
		personRef: null,
		keyActions: null,
		via: null,
		ip,
		requestId,
	};
}

/** Crockford's base 32: no I, L, O or U, so a number read aloud or copied by hand survives. */
const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TRACKING = /^TS\d{8}[0-9A-HJKMNP-TV-Z]{8}$/;

/** A tracking number: TS, the China date, 40 random bits as 8 characters. */
export function newTracking(today: string, random: RandomBytes = randomBytes): string {
	const b = random(5);
	let n = 0n;
	for (const x of b) n = (n << 8n) | BigInt(x);
	let s = "";
	for (let i = 0; i < 8; i++) {
		s = BASE32[Number(n & 31n)] + s;
		n >>= 5n;
	}
	return `TS${today.replaceAll("-", "")}${s}`;
}

/**
 * A tracking number as typed: spaces, hyphens and case ignored, and in the random part O read as 0 and
 * I or L as 1. Null when it cannot be one.
 */
export function parseTracking(input: string): string | null {
	const s = halfWidth(input).toUpperCase().replace(/[\s-]/g, "");
	const fixed = s.slice(0, 10) + s.slice(10).replace(/O/g, "0").replace(/[IL]/g, "1");
	return TRACKING.test(fixed) ? fixed : null;
}

function notFound(tracking: string): NotFoundError {
	return new NotFoundError(
		"COMPLAINT_NOT_FOUND",
		`no complaint or report has the tracking number ${tracking}; check the number`,
		`没有查询编号为 ${tracking} 的投诉举报，请核对编号`,
		"tracking",
	);
}

/** The complaint a tracking number names, or COMPLAINT_NOT_FOUND. */
async function find(db: Db, tracking: string): Promise<ComplaintWithOrg> {
	const t = parseTracking(tracking);
	const c = t ? await repo.findByTracking(db, t) : undefined;
	if (!c) throw notFound(tracking.slice(0, 40));
	return c;
}

/** Text as typed, NFC-normalised and trimmed. */
function clean(s: string | undefined): string {
	return (s ?? "").normalize("NFC").trim();
}

function length(s: string): number {
	return [...s].length;
}

/** A phone number as written, or null: a mobile, a landline with its area code, or a Shanghai number. */
function normalizePhone(s: string): string | null {
	const digits = halfWidth(s).replace(/[\s()（）-]/g, "");
	if (/^(\+?86)?1[3-9]\d{9}$/.test(digits)) return digits.replace(/^\+?86/, "");
	if (/^0\d{2,3}\d{7,8}$/.test(digits) || /^\d{8}$/.test(digits)) return digits;
	return null;
}

/** The type the bytes show, or null when they are not a PNG, a JPEG or a PDF. */
export function sniff(bytes: Uint8Array): AttachmentType | null {
	for (const [type, magic] of MAGIC)
		if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
	return null;
}

/** A file's name made safe to show and to send back: its last path part, no control characters. */
function safeFilename(name: string | undefined, i: number): string {
	const base = clean(name)
		.split(/[\\/]/)
		.pop()!
		// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
		.replace(/[\u0000-\u001f\u007f"]/g, "")
		.trim();
	return [...(base || `附件${i + 1}`)].slice(0, COMPLAINT_LIMITS.filenameMax).join("");
}

interface CheckedAttachment {
	filename: string;
	contentType: AttachmentType;
	bytes: Buffer;
	sha256: string;
}

function checkAttachments(list: AttachmentInput[] | undefined, problems: Problem[]): CheckedAttachment[] {
	const out: CheckedAttachment[] = [];
	if (!list?.length) return out;
	const L = COMPLAINT_LIMITS;
	if (list.length > L.attachments) {
		problems.push(
			problem(
				"attachments",
				"TOO_MANY",
				`最多上传${L.attachments}个附件，实际为${list.length}个`,
				`at most ${L.attachments} files, not ${list.length}`,
			),
		);
		return out;
	}
	const mb = L.attachmentBytes / 1024 / 1024;
	for (const [i, a] of list.entries()) {
		const field = `attachments[${i}]`;
		const filename = safeFilename(a.filename, i);
		const b64 = (a.data ?? "").replace(/^data:[^,]{0,100};base64,/, "").replace(/\s+/g, "");
		if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
			problems.push(
				problem(
					field,
					"BASE64",
					`附件“${filename}”的内容不是有效的base64编码`,
					`${filename}: not valid base64`,
				),
			);
			continue;
		}
		// Refuse a file too large before decoding it.
		if (Math.floor((b64.length * 3) / 4) - (b64.match(/=+$/)?.[0].length ?? 0) > L.attachmentBytes) {
			problems.push(
				problem(field, "FILE_TOO_LARGE", `附件“${filename}”超过${mb}MB`, `${filename}: larger than ${mb} MB`),
			);
			continue;
		}
		const bytes = Buffer.from(b64, "base64");
		if (bytes.length === 0) {
			problems.push(
				problem(field, "FILE_EMPTY", `附件“${filename}”是空文件`, `${filename}: the file is empty`),
			);
			continue;
		}
		const type = sniff(bytes);
		if (!type) {
			problems.push(
				problem(
					field,
					"FILE_TYPE",
					`附件“${filename}”不是PNG或JPEG图片，也不是PDF文件；只接受这三种格式`,
					`${filename}: not a PNG or JPEG image or a PDF file (the only kinds accepted)`,
				),
			);
			continue;
		}
		out.push({
			filename,
			contentType: type,
			bytes,
			sha256: createHash("sha256").update(bytes).digest("hex"),
		});
	}
	return out;
}

interface CheckedFiling {
	kind: ComplaintKind;
	description: string;
	subjectUscc: string | null;
	subjectName: string | null;
	recordNumber: string | null;
	district: string | null;
	anonymous: boolean;
	contact: { name: string; phone: string | null; email: string | null } | null;
	attachments: CheckedAttachment[];
}

/** Checks a filing, field by field; every problem found is named (the first one leads the error). */
export function checkFiling(
	input: ComplaintInput,
): { ok: true; value: CheckedFiling } | { ok: false; problems: Problem[] } {
	const L = COMPLAINT_LIMITS;
	const problems: Problem[] = [];
	const kind = clean(input.kind);
	if (!(COMPLAINT_KINDS as readonly string[]).includes(kind))
		problems.push(
			problem(
				"kind",
				kind ? "ENUM" : "REQUIRED",
				"请选择“投诉”或“举报”",
				"choose complaint (投诉) or report (举报)",
			),
		);
	const anonymous = input.anonymous === true;
	if (anonymous && kind === "complaint")
		problems.push(
			problem(
				"anonymous",
				"NAMED_COMPLAINT",
				"投诉须留下姓名和联系方式；如需匿名，请选择“举报”",
				"a complaint is made in one's own name; to stay anonymous, file a report (举报)",
			),
		);
	const description = clean(input.description);
	if (!description)
		problems.push(
			problem(
				"description",
				"REQUIRED",
				"请填写事情经过（何时、何地、涉及哪家机构、发生了什么）",
				"say what happened (when, where, which body, what)",
			),
		);
	else if (length(description) < L.descriptionMin || length(description) > L.descriptionMax)
		problems.push(
			problem(
				"description",
				"LENGTH",
				`事情经过应为${L.descriptionMin}至${L.descriptionMax}个字，实际为${length(description)}个字`,
				`${L.descriptionMin} to ${L.descriptionMax} characters, not ${length(description)}`,
			),
		);
	let subjectUscc: string | null = null;
	if (clean(input.subjectUscc)) {
		const r = checkUscc(halfWidth(clean(input.subjectUscc)));
		if (r.valid) subjectUscc = r.code;
		else
			problems.push(
				problem(
					"subjectUscc",
					`USCC_${r.failure}`,
					`统一社会信用代码无效：${r.messageZh}`,
					`not a valid USCC: ${r.messageEn}`,
				),
			);
	}
	const subjectName = clean(input.subjectName) || null;
	if (subjectName && length(subjectName) > L.subjectNameMax)
		problems.push(
			problem(
				"subjectName",
				"MAX_LENGTH",
				`机构名称最多${L.subjectNameMax}个字`,
				`at most ${L.subjectNameMax} characters`,
			),
		);
	const recordNumber = clean(input.recordNumber) ? normalizeNumber(clean(input.recordNumber)) : null;
	if (recordNumber && length(recordNumber) > L.recordMax)
		problems.push(
			problem(
				"recordNumber",
				"MAX_LENGTH",
				`编号最多${L.recordMax}个字符`,
				`at most ${L.recordMax} characters`,
			),
		);
	let district: string | null = null;
	if (clean(input.district)) {
		district = parseDistrict(clean(input.district));
		if (!district)
			problems.push(
				problem(
					"district",
					"DISTRICT_UNKNOWN",
					"应为上海市16个区之一（如 310115 或 浦东新区）",
					"must be one of Shanghai's 16 districts (e.g. 310115 or 浦东新区)",
				),
			);
	}
	let contact: CheckedFiling["contact"] = null;
	if (!anonymous) {
		const name = clean(input.name);
		if (!name)
			problems.push(
				problem(
					"name",
					"REQUIRED",
					kind === "report" ? "请填写姓名，或选择匿名举报" : "请填写姓名",
					kind === "report" ? "give your name, or file anonymously" : "give your name",
				),
			);
		else if (length(name) > L.nameMax)
			problems.push(
				problem("name", "MAX_LENGTH", `姓名最多${L.nameMax}个字`, `at most ${L.nameMax} characters`),
			);
		const phoneRaw = clean(input.phone);
		const email = clean(input.email) || null;
		const phone = phoneRaw ? normalizePhone(phoneRaw) : null;
		if (phoneRaw && !phone)
			problems.push(
				problem(
					"phone",
					"PHONE_FORMAT",
					"电话号码格式不正确：手机号为11位数字，座机请带区号（如 021-12345678）",
					"not a phone number: a mobile has 11 digits; give a landline with its area code (e.g. 021-12345678)",
				),
			);
		if (email && (length(email) > L.emailMax || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
			problems.push(
				problem(
					"email",
					"EMAIL_FORMAT",
					"电子邮箱格式不正确（如 name@example.com）",
					"not an email address (e.g. name@example.com)",
				),
			);
		if (!phoneRaw && !email)
			problems.push(
				problem(
					"phone",
					"REQUIRED",
					"请填写联系电话或电子邮箱，以便告知处理结果",
					"give a phone number or an email address, so that you can be told the outcome",
				),
			);
		contact = { name, phone, email };
	}
	const attachments = checkAttachments(input.attachments, problems);
	if (problems.length) return { ok: false, problems };
	return {
		ok: true,
		value: {
			kind: kind as ComplaintKind,
			description,
			subjectUscc,
			subjectName,
			recordNumber,
			district,
			anonymous,
			contact,
			attachments,
		},
	};
}

export interface FilingResult {
	tracking: string;
	status: ComplaintStatus;
	acceptBy: string;
}

/**
 * Files a complaint or report: checks it (nothing is stored when anything is wrong), links it to the
 * organisation and the record it names when the register knows them, routes it to a district, and
 * answers the tracking number with the day by which it will be accepted or rejected.
 */
export async function fileComplaint(
	db: Db,
	input: ComplaintInput,
	opts: FilingOptions,
): Promise<FilingResult> {
	const checked = checkFiling(input);
	if (!checked.ok) throw InputError.fromProblems("COMPLAINT_INVALID", checked.problems);
	const f = checked.value;
	const org = f.subjectUscc
		? await repo.orgByUscc(db, f.subjectUscc)
		: f.subjectName
			? await repo.orgByExactName(db, f.subjectName)
			: undefined;
	const record = f.recordNumber ? await repo.recordByNumber(db, f.recordNumber) : undefined;
	// Handled where the organisation is; else where the complainant says; else where the record's issuer is.
	const district = org?.district ?? f.district ?? record?.district ?? null;
	const now = opts.clock.now();
	const at = isoInstant(now);
	const today = chinaDate(now);
	const acceptBy = opts.workdays.add(today, ACCEPT_WITHIN_WORKDAYS);
	return db.transaction().execute(async (trx) => {
		let tracking = newTracking(today, opts.random);
		for (let i = 0; (await repo.trackingExists(trx, tracking)) && i < 5; i++)
			tracking = newTracking(today, opts.random);
		const id = await repo.insertComplaint(trx, {
			tracking,
			kind: f.kind,
			org_id: org ? Number(org.id) : null,
			subject_given: f.subjectUscc ?? f.subjectName,
			record_type: record?.type ?? null,
			record_number: f.recordNumber,
			description: f.description,
			anonymous: f.anonymous ? 1 : 0,
			status: "received",
			district,
			assignee: null,
			received_on: today,
			accept_by: acceptBy,
			accepted_on: null,
			close_by: null,
			closed_on: null,
			outcome: null,
			public_text: null,
			log_idx: null,
			created_at: at,
			updated_at: at,
		});
		if (f.contact)
			await repo.insertContact(trx, {
				complaint_id: id,
				name: f.contact.name,
				phone: f.contact.phone,
				email: f.contact.email,
			});
		await repo.insertAttachments(
			trx,
			f.attachments.map((a) => ({
				complaint_id: id,
				filename: a.filename,
				content_type: a.contentType,
				size: a.bytes.length,
				sha256: a.sha256,
				data: a.bytes,
				created_at: at,
			})),
		);
		await repo.insertEvent(trx, {
			complaint_id: id,
			status: "received",
			note: null,
			occurred_on: today,
			at,
			actor: opts.actor.label,
			detail_json: null,
		});
		await audit(trx, opts.actor, at, [
			{
				action: "complaint.file",
				outcome: "ok",
				target: { type: "complaint", key: tracking },
				subjectOrgId: org ? Number(org.id) : null,
				detail: { kind: f.kind, attachments: f.attachments.length },
			},
		]);
		return { tracking, status: "received" as const, acceptBy };
	});
}

/** Is the complaint past its deadline (to accept, or to close) as of today? */
function isOverdue(c: Pick<ComplaintWithOrg, "status" | "accept_by" | "close_by">, today: string): boolean {
	if (c.status === "received") return c.accept_by < today;
	if ((OPEN_STATUSES as readonly string[]).includes(c.status))
		return c.close_by !== null && c.close_by < today;
	return false;
}

/**
 * A complaint's progress as the complainant (and anyone holding the number) reads it: status, dates,
 * each step with its public note, the outcome once closed. Never the complainant's name or contact,
 * never what they wrote, never who handles it.
 */
export async function complaintProgress(db: Db, tracking: string, today: string) {
	const c = await find(db, tracking);
	const steps = await repo.eventsOf(db, Number(c.id));
	const closed = c.status === "closed";
	return {
		tracking: c.tracking,
		kind: c.kind as ComplaintKind,
		status: c.status as ComplaintStatus,
		receivedOn: c.received_on,
		acceptBy: c.accept_by,
		acceptedOn: c.accepted_on,
		closeBy: c.close_by,
		closedOn: c.closed_on,
		overdue: isOverdue(c, today),
		subject: c.org_uscc ? { uscc: c.org_uscc, name: c.org_name! } : null,
		record: c.record_number ? { type: c.record_type, number: c.record_number } : null,
		outcome: closed ? (c.outcome as Outcome) : null,
		publicText: closed ? c.public_text : null,
		steps: steps.map((s) => ({ status: s.status as ComplaintStatus, on: s.occurred_on, note: s.note })),
	};
}

/** A complaint as the regulators' queue lists it (no contact data). */
export function queueItem(c: ComplaintWithOrg, today: string) {
	return {
		tracking: c.tracking,
		kind: c.kind as ComplaintKind,
		status: c.status as ComplaintStatus,
		district: c.district,
		subject: c.org_uscc ? { uscc: c.org_uscc, name: c.org_name! } : null,
		subjectGiven: c.subject_given,
		record: c.record_number ? { type: c.record_type, number: c.record_number } : null,
		assignee: c.assignee,
		receivedOn: c.received_on,
		acceptBy: c.accept_by,
		acceptedOn: c.accepted_on,
		closeBy: c.close_by,
		closedOn: c.closed_on,
		outcome: c.outcome as Outcome | null,
		overdue: isOverdue(c, today),
	};
}

/**
 * The districts whose complaints an actor handles: undefined for everything (administrators, the
 * machine), else the officer's own (asked of the policy, not decided here).
 */
function handledDistricts(actor: Actor): readonly string[] | undefined {
	return mayActOn(actor, "complaint.handle", { orgId: null, district: null }) ? undefined : actor.districts;
}

export interface QueueQuery {
	status?: string;
	district?: string;
	overdue?: boolean;
}

/** The regulators' queue: an officer sees their districts' complaints, administrators all of them. */
export async function listComplaints(
	db: Db,
	actor: Actor,
	q: QueueQuery,
	today: string,
	offset: number,
	limit: number,
) {
	const { rows, total } = await repo.listQueue(
		db,
		{
			...(q.status ? { status: q.status } : {}),
			...(q.district ? { district: q.district } : {}),
			...(q.overdue ? { overdueOn: today } : {}),
			...(handledDistricts(actor) ? { districts: handledDistricts(actor)! } : {}),
		},
		offset,
		limit,
	);
	return { items: rows.map((c) => queueItem(c, today)), total };
}

function subjectOf(c: ComplaintWithOrg) {
	return { orgId: c.org_id === null ? null : Number(c.org_id), district: c.district };
}

/**
 * A complaint in full for the regulators who handle it: what was filed, the complainant's contact, the
 * files, every step with who took it. Reading it is audited (it holds personal data); another
 * district's complaint answers as if it did not exist.
 */
export async function managedComplaint(db: Db, tracking: string, opts: { clock: Clock; actor: Actor }) {
	const c = await find(db, tracking);
	if (!mayActOn(opts.actor, "complaint.handle", subjectOf(c))) throw notFound(tracking);
	const today = chinaDate(opts.clock.now());
	const [contact, files, steps] = await Promise.all([
		repo.contactOf(db, Number(c.id)),
		repo.attachmentsOf(db, Number(c.id)),
		repo.eventsOf(db, Number(c.id)),
	]);
	await audit(db, opts.actor, isoInstant(opts.clock.now()), [
		{
			action: "complaint.read",
			outcome: "ok",
			target: { type: "complaint", key: c.tracking },
			subjectOrgId: c.org_id === null ? null : Number(c.org_id),
			detail: { personalData: contact ? 1 : 0 },
		},
	]);
	return {
		...queueItem(c, today),
		description: c.description,
		anonymous: c.anonymous === 1,
		publicText: c.public_text,
		logIndex: c.log_idx === null ? null : Number(c.log_idx),
		complainant: contact ? { name: contact.name, phone: contact.phone, email: contact.email } : null,
		attachments: files.map((a) => ({
			id: Number(a.id),
			filename: a.filename,
			contentType: a.content_type,
			size: Number(a.size),
			sha256: a.sha256,
		})),
		steps: steps.map((s) => ({
			status: s.status as ComplaintStatus,
			on: s.occurred_on,
			at: s.at,
			note: s.note,
			by: s.actor,
			detail: s.detail_json ? (JSON.parse(s.detail_json) as Record<string, unknown>) : null,
		})),
	};
}

/** One file of a complaint, for the regulators who handle it (audited). */
export async function complaintAttachment(
	db: Db,
	tracking: string,
	id: number,
	opts: { clock: Clock; actor: Actor },
) {
	const c = await find(db, tracking);
	if (!mayActOn(opts.actor, "complaint.handle", subjectOf(c))) throw notFound(tracking);
	const a = await repo.attachment(db, Number(c.id), id);
	if (!a)
		throw new NotFoundError(
			"COMPLAINT_ATTACHMENT_NOT_FOUND",
			`complaint ${c.tracking} has no file ${id}`,
			`投诉举报 ${c.tracking} 没有编号为 ${id} 的附件`,
			"id",
		);
	await audit(db, opts.actor, isoInstant(opts.clock.now()), [
		{
			action: "complaint.attachment.read",
			outcome: "ok",
			target: { type: "complaint", key: `${c.tracking}#${id}` },
		},
	]);
	return { filename: a.filename, contentType: a.content_type, sha256: a.sha256, data: Buffer.from(a.data) };
}

interface StepOptions {
	clock: Clock;
	actor: Actor;
	workdays: Workdays;
}

const STATUS_ZH: Record<ComplaintStatus, string> = {
	received: "已收到",
	accepted: "已受理",
	rejected: "不予受理",
	assigned: "已指派",
	investigating: "调查中",
	closed: "已办结",
};

function invalid(field: string, rule: string, zh: string, en: string): InputError {
	return InputError.fromProblems("COMPLAINT_STEP_INVALID", [problem(field, rule, zh, en)]);
}

/** A note the complainant will read: at most 2000 characters, and no one's identity or phone number. */
function publicNote(
	field: string,
	text: string | undefined,
	required: boolean,
	c: ComplaintWithOrg,
	contact: { name: string | null; phone: string | null } | undefined,
): string | null {
	const s = clean(text);
	if (!s) {
		if (required) throw invalid(field, "REQUIRED", "必填", "required");
		return null;
	}
	if (length(s) > COMPLAINT_LIMITS.noteMax)
		throw invalid(
			field,
			"MAX_LENGTH",
			`最多${COMPLAINT_LIMITS.noteMax}个字`,
			`at most ${COMPLAINT_LIMITS.noteMax} characters`,
		);
	const names = contact
		? [contact.name, contact.phone].filter((x): x is string => !!x && length(x) >= 2)
		: [];
	if (holdsPersonalData(s) || names.some((n) => s.includes(n)))
		throw invalid(
			field,
			"PERSONAL_DATA",
			`含有投诉举报人姓名、电话或身份证号等个人信息；公开说明不得含有个人信息（${c.tracking}）`,
			`holds personal data (the complainant's name or phone, an identity or phone number); a public text may not (${c.tracking})`,
		);
	return s;
}

/**
 * Takes one step on a complaint the actor handles: checks the district (403 and audited when not
 * theirs), moves the status on only from the ones allowed (409 otherwise), records the step and audits
 * it, all in one transaction; `more` adds what the step does besides (log entry, credit event).
 */
async function step(
	db: Db,
	tracking: string,
	action: string,
	from: readonly ComplaintStatus[],
	opts: StepOptions,
	make: (
		c: ComplaintWithOrg,
		today: string,
	) => Promise<{
		status: ComplaintStatus;
		set: Partial<ComplaintRow>;
		note: string | null;
		detail?: Record<string, string | number | null>;
		more?: (trx: Db, ctx: { now: string; today: string }) => Promise<void>;
	}>,
) {
	const c = await find(db, tracking);
	const now = opts.clock.now();
	const at = isoInstant(now);
	const today = chinaDate(now);
	const target = { type: "complaint", key: c.tracking };
	if (!mayActOn(opts.actor, "complaint.handle", subjectOf(c))) {
		await audit(db, opts.actor, at, [
			{ action, outcome: "denied", target, subjectOrgId: subjectOf(c).orgId },
		]);
		throw new ForbiddenError(
			"COMPLAINT_NOT_YOURS",
			"this complaint is handled in another district",
			"该投诉举报由其他辖区处理，您无权办理",
		);
	}
	if (!from.includes(c.status as ComplaintStatus)) throw stateConflict(c, action);
	const s = await make(c, today);
	await db.transaction().execute(async (trx) => {
		const moved = await repo.updateFrom(trx, Number(c.id), from, {
			...s.set,
			status: s.status,
			updated_at: at,
		});
		if (!moved) throw stateConflict(c, action);
		await repo.insertEvent(trx, {
			complaint_id: Number(c.id),
			status: s.status,
			note: s.note,
			occurred_on: today,
			at,
			actor: opts.actor.label,
			detail_json: s.detail ? JSON.stringify(s.detail) : null,
		});
		const fact: AuditFact = {
			action,
			outcome: "ok",
			target,
			subjectOrgId: s.set.org_id !== undefined ? s.set.org_id : subjectOf(c).orgId,
			detail: { status: s.status, ...(s.detail ?? {}) },
		};
		await audit(trx, opts.actor, at, [fact]);
		await s.more?.(trx, { now: at, today });
	});
	return queueItem((await repo.findByTracking(db, c.tracking))!, today);
}

function stateConflict(c: ComplaintWithOrg, action: string): ConflictError {
	const status = c.status as ComplaintStatus;
	return new ConflictError(
		"COMPLAINT_STATE",
		`complaint ${c.tracking} is ${status}; it cannot be ${action.replace("complaint.", "")}ed now`,
		`投诉举报 ${c.tracking} 当前状态为“${STATUS_ZH[status] ?? status}”，不能进行此操作`,
		"status",
	);
}

/**
 * Accepts a complaint (受理): the 60 working days to close it start today. Triage may correct the
 * district that handles it and the organisation it is about; an officer may route it only to their own
 * districts.
 */
export async function acceptComplaint(
	db: Db,
	tracking: string,
	input: { district?: string; subjectUscc?: string; note?: string },
	opts: StepOptions,
) {
	return step(db, tracking, "complaint.accept", ["received"], opts, async (c, today) => {
		const set: Partial<ComplaintRow> = {
			accepted_on: today,
			close_by: opts.workdays.add(today, CLOSE_WITHIN_WORKDAYS),
		};
		let district = c.district;
		if (clean(input.subjectUscc)) {
			const r = checkUscc(clean(input.subjectUscc));
			if (!r.valid)
				throw invalid(
					"subjectUscc",
					`USCC_${r.failure}`,
					`统一社会信用代码无效：${r.messageZh}`,
					`not a valid USCC: ${r.messageEn}`,
				);
			const org = await repo.orgByUscc(db, r.code);
			if (!org)
				throw invalid(
					"subjectUscc",
					"ORG_NOT_FOUND",
					`未登记统一社会信用代码为 ${r.code} 的机构或企业`,
					`no organisation with USCC ${r.code} is registered`,
				);
			set.org_id = Number(org.id);
			district = org.district ?? district;
		}
		if (clean(input.district)) {
			district = parseDistrict(clean(input.district));
			if (!district)
				throw invalid(
					"district",
					"DISTRICT_UNKNOWN",
					"应为上海市16个区之一（如 310115 或 浦东新区）",
					"must be one of Shanghai's 16 districts (e.g. 310115 or 浦东新区)",
				);
		}
		if (district !== c.district) {
			if (!mayActOn(opts.actor, "complaint.handle", { orgId: null, district }))
				throw invalid(
					"district",
					"NOT_YOUR_DISTRICT",
					"只能将投诉举报分送您负责的辖区",
					"you may route a complaint only to a district you supervise",
				);
			set.district = district;
		}
		const contact = await repo.contactOf(db, Number(c.id));
		return {
			status: "accepted",
			set,
			note: publicNote("note", input.note, false, c, contact),
			detail: { closeBy: set.close_by ?? null, district: district ?? null },
		};
	});
}

/** Rejects a complaint (不予受理), with the reason the complainant reads. */
export async function rejectComplaint(
	db: Db,
	tracking: string,
	input: { reason?: string },
	opts: StepOptions,
) {
	return step(db, tracking, "complaint.reject", ["received"], opts, async (c, today) => ({
		status: "rejected",
		set: { closed_on: today },
		note: publicNote("reason", input.reason, true, c, await repo.contactOf(db, Number(c.id))),
	}));
}

/**
 * Assigns an accepted complaint to an officer (or reassigns it): a regulator's account that handles the
 * complaint's district. The public sees that it was assigned, never to whom.
 */
export async function assignComplaint(
	db: Db,
	tracking: string,
	input: { username?: string; note?: string },
	opts: StepOptions,
) {
	return step(
		db,
		tracking,
		"complaint.assign",
		["accepted", "assigned", "investigating"],
		opts,
		async (c) => {
			const username = clean(input.username).toLowerCase();
			const a = username ? await findAccountByUsername(db, username) : undefined;
			const handler: Actor | null = a
				? {
						...publicActor(null, null),
						id: String(a.id),
						label: a.username,
						role: a.role as Actor["role"],
						orgId: a.org_id,
						districts: JSON.parse(a.districts_json) as string[],
					}
				: null;
			if (a?.status !== "active" || !handler || !mayActOn(handler, "complaint.handle", subjectOf(c)))
				throw invalid(
					"username",
					"NOT_A_HANDLER",
					`账号“${username}”不能承办此投诉举报：须为负责该辖区的在用监管账号`,
					`"${username}" cannot handle this complaint: it must be an active regulator account for its district`,
				);
			return {
				status: "assigned",
				set: { assignee: a.username },
				note: publicNote("note", input.note, false, c, await repo.contactOf(db, Number(c.id))),
				detail: { assignee: a.username },
			};
		},
	);
}

/** Records that the investigation has begun (调查核实). */
export async function startInvestigation(
	db: Db,
	tracking: string,
	input: { note?: string },
	opts: StepOptions,
) {
	return step(db, tracking, "complaint.investigate", ["assigned"], opts, async (c) => ({
		status: "investigating",
		set: {},
		note: publicNote("note", input.note, false, c, await repo.contactOf(db, Number(c.id))),
	}));
}

/**
 * Closes a complaint (办结) with its outcome and the text the complainant reads. Upheld, wholly or in
 * part, and about a registered organisation, it becomes a public fact in the same transaction: a log
 * entry holding only the public facts (tracking number, organisation, outcome, text, day), an event in
 * the organisation's integrity file, and its new grade.
 */
export async function closeComplaint(
	db: Db,
	tracking: string,
	input: { outcome?: string; publicText?: string },
	opts: StepOptions,
) {
	return step(db, tracking, "complaint.close", [...OPEN_STATUSES], opts, async (c, today) => {
		if (!(OUTCOMES as readonly string[]).includes(input.outcome ?? ""))
			throw invalid(
				"outcome",
				"ENUM",
				"须为属实、部分属实或不属实",
				"one of upheld, partly_upheld, not_upheld",
			);
		const outcome = input.outcome as Outcome;
		const text = publicNote("publicText", input.publicText, true, c, await repo.contactOf(db, Number(c.id)))!;
		const orgId = c.org_id === null ? null : Number(c.org_id);
		const upheld = outcome !== "not_upheld" && orgId !== null && c.org_uscc !== null;
		return {
			status: "closed",
			set: { closed_on: today, outcome, public_text: text },
			note: text,
			detail: { outcome },
			more: upheld
				? async (trx, ctx) => {
						const record = {
							tracking: c.tracking,
							organization: c.org_uscc!,
							outcome,
							publicText: text,
							closedOn: ctx.today,
						};
						const idx = await logEvents(
							trx,
							[
								{
									type: "complaint.upheld",
									subject: { kind: "complaint", number: c.tracking },
									by: c.org_uscc!,
									facts: { outcome, closedOn: ctx.today },
									record,
									subjectOrgId: orgId,
								},
							],
							{ ...ctx, source: "api", actor: opts.actor },
						);
						await repo.setLogIndex(trx, Number(c.id), idx);
						await addCreditEvent(
							trx,
							{
								orgId,
								kind: "complaint",
								occurredOn: ctx.today,
								sourceKey: c.tracking,
								outcome,
								summary: `${KIND_TEXT[c.kind as ComplaintKind].zh}经查${OUTCOME_TEXT[outcome].zh}：${text}`,
								detail: {
									tracking: c.tracking,
									kind: c.kind,
									outcome,
									...(c.record_number && c.record_type ? { [c.record_type]: c.record_number } : {}),
								},
								logIdx: idx,
							},
							ctx.now,
						);
						await regradeOrganizations(trx, [orgId], ctx.today);
					}
				: undefined,
		};
	});
}
