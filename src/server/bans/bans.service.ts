/**
 * Bans and restrictions (禁入与限制) in the register. A regulator administrator bans an organisation or
 * a person — for life or until a day — from testing, inspection and certification (`tic`) or from
 * government purchasing (`procurement`); the ban is a public fact (a log entry naming the organisation
 * by its code or the person by their public reference, never by identity number), and it can be lifted
 * (also logged).
 *
 * Enforcement is everywhere a record is written: every batch writer loads the bans in force once
 * (`bansInForce`) and refuses, row by row, what a `tic` ban forbids — a banned person added to an audit
 * team, as a report's signatory, as a capability's signatory or registered in a TIC role; a banned
 * organisation given a new qualification, issuing or holding a new certificate, issuing a new report —
 * naming the ban; each refusal is audited (`auditBlocked`).
 */
import { type Clock, chinaDate, isoInstant, isValidDate } from "../../core/dates.ts";
import { holdsPersonalData } from "../../core/id-number.ts";
import { parsePersonRef, personRef } from "../../core/records/person-ref.ts";
import { audit } from "../audit/audit.service.ts";
import type { Actor } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import type { BansTable } from "../db/schema.ts";
import { ConflictError, InputError, NotFoundError } from "../errors.ts";
import { type BatchContext, type RowResult, rejected } from "../import/batch.ts";
import { logEvents } from "../log/journal.service.ts";

export const BAN_SCOPES = {
	tic: { zh: "从事检验检测认证活动", en: "testing, inspection and certification" },
	procurement: { zh: "参与政府采购活动", en: "government purchasing" },
} as const;
export type BanScope = keyof typeof BAN_SCOPES;

/** A ban in force, as writers need it. */
export interface BanInForce {
	id: number;
	reference: string;
	endsOn: string | null;
}

/** The `tic` bans in force today: by organisation id and by person id. Few rows; loaded once per batch. */
export async function bansInForce(db: Db, today: string) {
	const rows = await db
		.selectFrom("bans")
		.select(["id", "org_id", "person_id", "reference", "ends_on"])
		.where("status", "=", "active")
		.where("scope", "=", "tic")
		.where("starts_on", "<=", today)
		.where((eb) => eb.or([eb("ends_on", "is", null), eb("ends_on", ">=", today)]))
		.execute();
	const orgs = new Map<number, BanInForce>();
	const people = new Map<number, BanInForce>();
	for (const r of rows) {
		const b = { id: Number(r.id), reference: r.reference, endsOn: r.ends_on };
		if (r.org_id !== null) orgs.set(Number(r.org_id), b);
		else if (r.person_id !== null) people.set(Number(r.person_id), b);
	}
	return { orgs, people };
}
export type Bans = Awaited<ReturnType<typeof bansInForce>>;

const until = (b: BanInForce) =>
	b.endsOn ? { zh: `至 ${b.endsOn}`, en: `until ${b.endsOn}` } : { zh: "终身", en: "for life" };

/** The row result for a write a ban forbids; `what` says what was attempted, in both languages. */
export function bannedRow(
	line: number,
	field: string,
	subject: "organization" | "person",
	ban: BanInForce,
	what: { zh: string; en: string },
): RowResult {
	const u = until(ban);
	return subject === "organization"
		? rejected(
				line,
				field,
				"ORG_BANNED",
				`该机构已被禁止从事检验检测认证活动（${ban.reference}，${u.zh}），不能${what.zh}`,
				`the organisation is banned from testing, inspection and certification (${ban.reference}, ${u.en}): it cannot ${what.en}`,
			)
		: rejected(
				line,
				field,
				"PERSON_BANNED",
				`该人员已被禁止从事检验检测认证活动（${ban.reference}，${u.zh}），不能${what.zh}`,
				`the person is banned from testing, inspection and certification (${ban.reference}, ${u.en}): they cannot ${what.en}`,
			);
}

/** Audits the attempts a ban blocked in a batch (one audit row each), in the batch's transaction. */
export async function auditBlocked(
	trx: Db,
	ctx: BatchContext,
	blocked: { ban: BanInForce; target: { type: string; key: string }; orgId: number | null }[],
): Promise<void> {
	if (!blocked.length) return;
	await audit(
		trx,
		ctx.actor,
		ctx.now,
		blocked.map((b) => ({
			action: "ban.blocked",
			outcome: "denied",
			target: b.target,
			subjectOrgId: b.orgId,
			detail: { ban: b.ban.reference },
		})),
	);
}

export interface NewBan {
	/** The organisation's USCC, or… */
	uscc?: string | null;
	/** …the person's public reference (P + 8 digits). */
	person?: string | null;
	scope: string;
	startsOn: string;
	/** Null or absent: for life. */
	endsOn?: string | null;
	reference: string;
	authority: string;
	reason: string;
}

function banInvalid(field: string, en: string, zh: string, rule: string): InputError {
	return new InputError("BAN_INVALID", `${field}: ${en}`, `${field}：${zh}`, field, rule);
}

/** The public form of a ban: the subject by code or public reference, never by identity number. */
function publicBan(
	b: Omit<BansTable, "id"> & { id: number | bigint },
	subject: { uscc: string | null; name: string | null; person: string | null },
) {
	return {
		id: Number(b.id),
		subject:
			subject.person !== null
				? { kind: "person" as const, ref: subject.person, name: subject.name }
				: { kind: "organization" as const, uscc: subject.uscc, name: subject.name },
		scope: b.scope,
		scopeText: BAN_SCOPES[b.scope as BanScope],
		lifetime: b.ends_on === null,
		startsOn: b.starts_on,
		endsOn: b.ends_on,
		reference: b.reference,
		authority: b.authority,
		reason: b.reason,
		status: b.status,
		liftedOn: b.lifted_on,
		liftReason: b.lift_reason,
		logIndex: b.log_idx === null ? null : Number(b.log_idx),
	};
}

/** The facts a ban's log entry hashes. */
function banRecord(b: ReturnType<typeof publicBan>) {
	return {
		subject: b.subject.kind === "person" ? { person: b.subject.ref } : { organization: b.subject.uscc },
		scope: b.scope,
		startsOn: b.startsOn,
		endsOn: b.endsOn,
		reference: b.reference,
		authority: b.authority,
		reason: b.reason,
		status: b.status,
		liftedOn: b.liftedOn,
		// Why it was lifted is published with the lifting (a ban in force has none).
		...(b.status === "lifted" ? { liftReason: b.liftReason } : {}),
	};
}

/** Imposes a ban: checked, logged (public facts only) and audited in one transaction. */
export async function imposeBan(db: Db, input: NewBan, opts: { clock: Clock; actor: Actor }) {
	const today = chinaDate(opts.clock.now());
	if (!!input.uscc === !!input.person)
		throw banInvalid(
			"subject",
			"name either an organisation (uscc) or a person (person)",
			"请指定一个机构（uscc）或一名人员（person）",
			"REQUIRED",
		);
	let orgId: number | null = null;
	let personId: number | null = null;
	let subject: { uscc: string | null; name: string | null; person: string | null };
	if (input.uscc) {
		const org = await db
			.selectFrom("organizations")
			.select(["id", "uscc", "name"])
			.where("uscc", "=", input.uscc)
			.executeTakeFirst();
		if (!org) throw banInvalid("uscc", "not registered", "该机构未登记", "ORG_UNKNOWN");
		orgId = Number(org.id);
		subject = { uscc: org.uscc, name: org.name, person: null };
	} else {
		const ref = parsePersonRef(input.person ?? "");
		if (ref?.kind !== "ref")
			throw banInvalid(
				"person",
				"a person's reference, P + 8 digits",
				"须为人员编号（P 加 8 位数字）",
				"FORMAT",
			);
		const p = await db
			.selectFrom("people")
			.select(["id", "name"])
			.where("id", "=", ref.id)
			.executeTakeFirst();
		if (!p)
			throw banInvalid(
				"person",
				`${input.person} is not registered`,
				`人员 ${input.person} 未登记`,
				"PERSON_UNKNOWN",
			);
		personId = Number(p.id);
		subject = { uscc: null, name: p.name, person: personRef(personId) };
	}
	if (!(input.scope in BAN_SCOPES))
		throw banInvalid(
			"scope",
			"tic or procurement",
			"须为 tic（检验检测认证活动）或 procurement（政府采购）",
			"ENUM",
		);
	if (!isValidDate(input.startsOn)) throw banInvalid("startsOn", "a date", "须为日期", "DATE");
	const endsOn = input.endsOn ?? null;
	if (endsOn !== null && (!isValidDate(endsOn) || endsOn < input.startsOn || endsOn < today))
		throw banInvalid(
			"endsOn",
			"a date after the start and not past (omit it for a lifetime ban)",
			"须为不早于开始日期且未过去的日期（终身禁入不填）",
			"DATE_ORDER",
		);
	const reference = input.reference.normalize("NFC").trim();
	const authority = input.authority.normalize("NFC").trim();
	const reason = input.reason.normalize("NFC").trim();
	if (!reference)
		throw banInvalid("reference", "the decision's document number", "请填写决定书文号", "REQUIRED");
	if (!authority) throw banInvalid("authority", "the deciding authority", "请填写作出决定的机关", "REQUIRED");
	if (!reason) throw banInvalid("reason", "why, as published", "请填写禁入事由", "REQUIRED");
	if (holdsPersonalData(reason))
		throw banInvalid(
			"reason",
			"holds what looks like an identity number or a phone number; a ban is published without personal data",
			"含有疑似身份证号或手机号；禁入决定公开时不得含有个人信息",
			"PERSONAL_DATA",
		);
	if (await db.selectFrom("bans").select("id").where("reference", "=", reference).executeTakeFirst())
		throw new ConflictError(
			"BAN_EXISTS",
			`${reference} is already recorded`,
			`${reference} 已记录`,
			"reference",
		);
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today, source: "api", actor: opts.actor };
	const row = {
		org_id: orgId,
		person_id: personId,
		scope: input.scope,
		starts_on: input.startsOn,
		ends_on: endsOn,
		reference,
		authority,
		reason,
		status: "active",
		lifted_on: null,
		lift_reason: null,
		log_idx: null,
		created_by: opts.actor.label,
		created_at: ctx.now,
	};
	return db.transaction().execute(async (trx) => {
		const inserted = await trx.insertInto("bans").values(row).returning("id").executeTakeFirstOrThrow();
		const ban = publicBan({ ...row, id: inserted.id }, subject);
		const idx = await logEvents(
			trx,
			[
				{
					type: "ban.imposed",
					subject: { kind: "ban", number: reference },
					...(subject.uscc ? { by: subject.uscc } : {}),
					facts: { scope: input.scope, startsOn: input.startsOn, endsOn },
					record: banRecord(ban),
					subjectOrgId: orgId,
				},
			],
			ctx,
		);
		await trx.updateTable("bans").set({ log_idx: idx }).where("id", "=", inserted.id).execute();
		return { ...ban, logIndex: idx };
	});
}

/** Lifts a ban (a court overturned it, a time-limited one ended early): logged beside the ban. */
export async function liftBan(
	db: Db,
	id: number,
	input: { on: string; reason: string },
	opts: { clock: Clock; actor: Actor },
) {
	const b = await db.selectFrom("bans").selectAll().where("id", "=", id).executeTakeFirst();
	if (!b) throw new NotFoundError("BAN_NOT_FOUND", `no ban ${id}`, `没有编号为 ${id} 的禁入记录`, "id");
	if (b.status !== "active")
		throw new ConflictError(
			"BAN_LIFTED",
			`the ban was lifted on ${b.lifted_on}`,
			`该禁入已于 ${b.lifted_on} 解除`,
			"id",
		);
	const today = chinaDate(opts.clock.now());
	if (!isValidDate(input.on) || input.on > today || input.on < b.starts_on)
		throw banInvalid(
			"on",
			"a date between the ban's start and today",
			"须为禁入开始日期至今天之间的日期",
			"DATE",
		);
	const reason = input.reason.normalize("NFC").trim();
	if (!reason) throw banInvalid("reason", "why it is lifted", "请填写解除事由", "REQUIRED");
	if (holdsPersonalData(reason))
		throw banInvalid(
			"reason",
			"holds what looks like an identity number or a phone number; the lifting is published without personal data",
			"含有疑似身份证号或手机号；解除禁入公开时不得含有个人信息",
			"PERSONAL_DATA",
		);
	const subject = await banSubject(db, b);
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today, source: "api", actor: opts.actor };
	return db.transaction().execute(async (trx) => {
		const after = { ...b, status: "lifted", lifted_on: input.on, lift_reason: reason };
		const ban = publicBan(after, subject);
		const idx = await logEvents(
			trx,
			[
				{
					type: "ban.lifted",
					subject: { kind: "ban", number: b.reference },
					...(subject.uscc ? { by: subject.uscc } : {}),
					facts: { liftedOn: input.on },
					record: banRecord(ban),
					before: banRecord(publicBan(b, subject)),
					subjectOrgId: b.org_id === null ? null : Number(b.org_id),
				},
			],
			ctx,
		);
		await trx
			.updateTable("bans")
			.set({ status: "lifted", lifted_on: input.on, lift_reason: reason, log_idx: idx })
			.where("id", "=", id)
			.where("status", "=", "active")
			.execute();
		return { ...ban, logIndex: idx };
	});
}

async function banSubject(db: Db, b: { org_id: number | null; person_id: number | null }) {
	if (b.org_id !== null) {
		const o = await db
			.selectFrom("organizations")
			.select(["uscc", "name"])
			.where("id", "=", b.org_id)
			.executeTakeFirstOrThrow();
		return { uscc: o.uscc, name: o.name, person: null };
	}
	const p = await db
		.selectFrom("people")
		.select(["name"])
		.where("id", "=", b.person_id!)
		.executeTakeFirstOrThrow();
	return { uscc: null, name: p.name, person: personRef(Number(b.person_id)) };
}

/** Bans, newest first: all, one organisation's or person's, or those in force on a day (`inForce`). Public. */
export async function listBans(db: Db, q: { orgId?: number; personId?: number; inForce?: string }) {
	let query = db
		.selectFrom("bans as b")
		.leftJoin("organizations as o", "o.id", "b.org_id")
		.leftJoin("people as p", "p.id", "b.person_id")
		.selectAll("b")
		.select(["o.uscc", "o.name as org_name", "p.name as person_name"])
		.orderBy("b.starts_on", "desc")
		.orderBy("b.id", "desc")
		.limit(500);
	if (q.orgId !== undefined) query = query.where("b.org_id", "=", q.orgId);
	if (q.personId !== undefined) query = query.where("b.person_id", "=", q.personId);
	const today = q.inForce;
	if (today)
		query = query
			.where("b.status", "=", "active")
			.where("b.starts_on", "<=", today)
			.where((eb) => eb.or([eb("b.ends_on", "is", null), eb("b.ends_on", ">=", today)]));
	return (await query.execute()).map((b) =>
		publicBan(b, {
			uscc: b.uscc,
			name: b.org_id !== null ? b.org_name : b.person_name,
			person: b.person_id === null ? null : personRef(Number(b.person_id)),
		}),
	);
}
