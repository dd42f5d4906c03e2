/**
 * The integrity file (诚信档案): credit events about an organisation or a person, each with its kind,
 * the day it happened, where it came from and the log entry that made it public. Events are written in
 * the same transaction as the public fact behind them (a spot-check result published, …), so the file
 * never says more or less than the log. The credit grade is a regulator's internal reference (国市监信发
 * 〔2022〕6号: not a public credit rating): the file shows it to regulators only.
 */
import { type Clock, chinaDate, isoInstant, isValidDate } from "../../core/dates.ts";
import { holdsPersonalData } from "../../core/id-number.ts";
import { parsePersonRef, personRef } from "../../core/records/person-ref.ts";
import { type Actor, mayActOn } from "../auth/policy.ts";
import { listBans } from "../bans/bans.service.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../errors.ts";
import { logEvents } from "../log/journal.service.ts";
import { getOrganizationRow } from "../organizations/organizations.service.ts";
import { gradeExplanation, regradeOrganizations } from "./grading.service.ts";

export const CREDIT_EVENT_KINDS = {
	spot_check: { zh: "双随机抽查结果", en: "spot-check result" },
	penalty: { zh: "行政处罚", en: "administrative penalty" },
	complaint: { zh: "投诉举报（属实）", en: "upheld complaint" },
	certificate_withdrawn: { zh: "证书撤销", en: "certificate withdrawn" },
	report_revoked: { zh: "报告撤销", en: "report revoked" },
	false_commitment: { zh: "虚假承诺", en: "false commitment" },
	scope_violation: { zh: "超范围经营（确认）", en: "confirmed scope violation" },
	fraud_signal: { zh: "造假线索（确认）", en: "confirmed fraud signal" },
	self_report: {
		zh: "自我声明的信用报告或社会责任报告",
		en: "self-published credit or social-responsibility report",
	},
} as const;
export type CreditEventKind = keyof typeof CREDIT_EVENT_KINDS;

export interface NewCreditEvent {
	orgId: number | null;
	personId?: number | null;
	kind: CreditEventKind;
	occurredOn: string;
	/** Where it came from, unique per kind (e.g. the spot-check task `2026-SH-01#12`). */
	sourceKey: string;
	outcome: string | null;
	/** The public summary, in Chinese. */
	summary: string;
	/** The event's public facts. */
	detail: Record<string, unknown>;
	logIdx: number | null;
}

/** Adds an event to the file, inside the caller's transaction (the one that made the fact public). */
export async function addCreditEvent(trx: Db, e: NewCreditEvent, recordedAt: string): Promise<void> {
	await trx
		.insertInto("credit_events")
		.values({
			org_id: e.orgId,
			person_id: e.personId ?? null,
			kind: e.kind,
			occurred_on: e.occurredOn,
			source_key: e.sourceKey,
			outcome: e.outcome,
			summary: e.summary,
			detail_json: JSON.stringify(e.detail),
			status: "active",
			log_idx: e.logIdx,
			recorded_at: recordedAt,
		})
		.execute();
}

/** Adds facts that came later (a rectification confirmed) to an event, naming the log entry that says so. */
export async function amendCreditEvent(
	trx: Db,
	kind: CreditEventKind,
	sourceKey: string,
	facts: Record<string, unknown>,
	logIdx: number,
): Promise<void> {
	const e = await trx
		.selectFrom("credit_events")
		.select(["id", "detail_json"])
		.where("kind", "=", kind)
		.where("source_key", "=", sourceKey)
		.executeTakeFirst();
	if (!e) return;
	await trx
		.updateTable("credit_events")
		.set({ detail_json: JSON.stringify({ ...JSON.parse(e.detail_json), ...facts }), log_idx: logIdx })
		.where("id", "=", e.id)
		.execute();
}

/** May this actor see the internal credit grade? Regulators, and the operators on the machine. */
export function maySeeGrade(actor: Actor | null): boolean {
	return (
		actor !== null &&
		(actor.type === "cli" ||
			actor.type === "system" ||
			actor.role === "regulator_admin" ||
			actor.role === "regulator_officer")
	);
}

/**
 * An organisation's integrity file: its events, newest first; for regulators, the grade with its
 * explanation (null when it was never graded).
 */
export async function organizationCreditFile(db: Db, uscc: string, actor: Actor | null) {
	const org = await getOrganizationRow(db, uscc);
	const grade = maySeeGrade(actor) ? await gradeExplanation(db, org.id) : undefined;
	const events = await db
		.selectFrom("credit_events")
		.selectAll()
		.where("org_id", "=", org.id)
		.orderBy("occurred_on", "desc")
		.orderBy("id", "desc")
		.limit(500)
		.execute();
	const bans = await listBans(db, { orgId: org.id });
	// A withdrawn event says why: the regulator's decision on the appeal, logged with the withdrawal.
	const withdrawals = new Map<number, { on: string; note: string; logIndex: number | null }>();
	if (events.some((e) => e.status === "withdrawn"))
		for (const a of await db
			.selectFrom("credit_appeals")
			.select(["event_id", "decided_at", "decision_note", "log_idx"])
			.where("org_id", "=", org.id)
			.where("status", "=", "upheld")
			.where("event_id", "is not", null)
			.execute())
			withdrawals.set(Number(a.event_id), {
				on: a.decided_at ? chinaDate(new Date(a.decided_at)) : "",
				note: a.decision_note ?? "",
				logIndex: a.log_idx === null ? null : Number(a.log_idx),
			});
	return {
		organization: { uscc: org.uscc, name: org.name, kind: org.kind, district: org.district },
		bans,
		...(grade === undefined ? {} : { grade }),
		events: events.map((e) => ({
			kind: e.kind,
			kindText: CREDIT_EVENT_KINDS[e.kind as CreditEventKind] ?? { zh: e.kind, en: e.kind },
			occurredOn: e.occurred_on,
			source: e.source_key,
			outcome: e.outcome,
			summary: e.summary,
			detail: JSON.parse(e.detail_json) as Record<string, unknown>,
			status: e.status,
			logIndex: e.log_idx === null ? null : Number(e.log_idx),
			withdrawal: e.status === "withdrawn" ? (withdrawals.get(Number(e.id)) ?? null) : null,
		})),
	};
}

/** Kinds of event a regulator records by hand (spot checks come from their batches, the rest from the register). */
export const RECORDED_KINDS = ["penalty", "false_commitment", "scope_violation"] as const;
export type RecordedKind = (typeof RECORDED_KINDS)[number];

export interface RecordedEventInput {
	kind: string;
	/** The day of the decision. */
	occurredOn: string;
	/** The decision's document number (e.g. 沪市监处〔2026〕xxx号): unique per kind. */
	reference: string;
	/** The deciding authority. */
	authority: string;
	/** What was decided and why, as published. */
	summary: string;
}

function recordedInvalid(field: string, en: string, zh: string, rule: string): InputError {
	return new InputError("CREDIT_EVENT_INVALID", `${field}: ${en}`, `${field}：${zh}`, field, rule);
}

/**
 * Records a decision about an organisation in its integrity file — an administrative penalty, a false
 * commitment, a confirmed scope violation — as a public fact: a log entry and the event in one
 * transaction, then the organisation's grade is recomputed. The summary is what the decision publishes
 * about the organisation; it must hold no person's identity number or phone.
 */
export async function recordCreditEvent(
	db: Db,
	uscc: string,
	input: RecordedEventInput,
	opts: { clock: Clock; actor: Actor },
) {
	const org = await getOrganizationRow(db, uscc);
	if (!mayActOn(opts.actor, "credit.record", { orgId: org.id, district: org.district }))
		throw new ForbiddenError(
			"FORBIDDEN",
			"you may record credit events only about organisations in your districts",
			"只能为您负责辖区内的机构记录信用事件",
		);
	if (!(RECORDED_KINDS as readonly string[]).includes(input.kind))
		throw recordedInvalid(
			"kind",
			`one of ${RECORDED_KINDS.join(", ")}`,
			"须为行政处罚、虚假承诺或超范围经营",
			"ENUM",
		);
	const kind = input.kind as RecordedKind;
	const today = chinaDate(opts.clock.now());
	if (!isValidDate(input.occurredOn) || input.occurredOn > today)
		throw recordedInvalid("occurredOn", "a date, not after today", "须为不晚于今天的日期", "DATE");
	const reference = input.reference.normalize("NFC").trim();
	if (!reference)
		throw recordedInvalid("reference", "the decision's document number", "请填写决定书文号", "REQUIRED");
	const authority = input.authority.normalize("NFC").trim();
	if (!authority)
		throw recordedInvalid("authority", "the deciding authority", "请填写作出决定的机关", "REQUIRED");
	const summary = input.summary.normalize("NFC").trim();
	if (!summary)
		throw recordedInvalid("summary", "what was decided and why", "请填写决定内容和事由", "REQUIRED");
	if (holdsPersonalData(summary))
		throw recordedInvalid(
			"summary",
			"holds what looks like an identity number or a phone number; the public record names no person's personal data",
			"含有疑似身份证号或手机号；公开记录不得含有个人信息",
			"PERSONAL_DATA",
		);
	if (
		await db
			.selectFrom("credit_events")
			.select("id")
			.where("kind", "=", kind)
			.where("source_key", "=", reference)
			.executeTakeFirst()
	)
		throw new ConflictError(
			"CREDIT_EVENT_EXISTS",
			`${reference} is already recorded`,
			`${reference} 已记录`,
			"reference",
		);
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today, source: "api", actor: opts.actor };
	const record = {
		kind,
		organization: org.uscc,
		occurredOn: input.occurredOn,
		reference,
		authority,
		summary,
	};
	await db.transaction().execute(async (trx) => {
		const idx = await logEvents(
			trx,
			[
				{
					type: `credit.${kind}`,
					subject: { kind: "credit_event", number: reference },
					by: org.uscc,
					facts: { occurredOn: input.occurredOn },
					record,
					subjectOrgId: org.id,
				},
			],
			ctx,
		);
		await addCreditEvent(
			trx,
			{
				orgId: org.id,
				kind,
				occurredOn: input.occurredOn,
				sourceKey: reference,
				outcome: null,
				summary,
				detail: { reference, authority },
				logIdx: idx,
			},
			ctx.now,
		);
		await regradeOrganizations(trx, [org.id], today);
	});
	return organizationCreditFile(db, uscc, opts.actor);
}

/**
 * A body publishes its own credit report or social-responsibility report (信用报告、社会责任报告) in its
 * file: the year, the title, where to read it and the SHA-256 of the document — a public fact (logged).
 * It is the body's own statement; the grade does not count it.
 */
export async function publishSelfReport(
	db: Db,
	uscc: string,
	input: { year: number; title: string; url: string; sha256: string },
	opts: { clock: Clock; actor: Actor },
) {
	const org = await getOrganizationRow(db, uscc);
	if (!mayActOn(opts.actor, "credit.appeal", { orgId: org.id, district: org.district }))
		throw new ForbiddenError(
			"FORBIDDEN",
			"a body publishes reports in its own file only",
			"只能在本机构的信用档案中发布报告",
		);
	const today = chinaDate(opts.clock.now());
	const thisYear = Number(today.slice(0, 4));
	if (!Number.isInteger(input.year) || input.year < 2000 || input.year > thisYear)
		throw recordedInvalid("year", `a year from 2000 to ${thisYear}`, `须为 2000 至 ${thisYear} 年`, "RANGE");
	const title = input.title.normalize("NFC").trim();
	if (!title) throw recordedInvalid("title", "required", "必填", "REQUIRED");
	if (!/^https:\/\/[^\s]+$/.test(input.url))
		throw recordedInvalid(
			"url",
			"an https address where the report can be read",
			"须为可以阅读该报告的 https 地址",
			"URL",
		);
	if (!/^[0-9a-f]{64}$/.test(input.sha256))
		throw recordedInvalid(
			"sha256",
			"the document's SHA-256, 64 lower-case hex digits",
			"须为文件的 SHA-256（64 位小写十六进制）",
			"FORMAT",
		);
	const sourceKey = `${org.uscc}/${input.year}/${input.sha256.slice(0, 16)}`;
	if (
		await db
			.selectFrom("credit_events")
			.select("id")
			.where("kind", "=", "self_report")
			.where("source_key", "=", sourceKey)
			.executeTakeFirst()
	)
		throw new ConflictError(
			"CREDIT_EVENT_EXISTS",
			"this document is already published",
			"该报告已发布",
			"sha256",
		);
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today, source: "api", actor: opts.actor };
	const record = { organization: org.uscc, year: input.year, title, url: input.url, sha256: input.sha256 };
	await db.transaction().execute(async (trx) => {
		const idx = await logEvents(
			trx,
			[
				{
					type: "credit.self_report",
					subject: { kind: "credit_event", number: sourceKey },
					by: org.uscc,
					facts: { year: input.year },
					record,
					subjectOrgId: org.id,
				},
			],
			ctx,
		);
		await addCreditEvent(
			trx,
			{
				orgId: org.id,
				kind: "self_report",
				occurredOn: today,
				sourceKey,
				outcome: null,
				summary: `${input.year} 年度：${title}`,
				detail: { year: input.year, title, url: input.url, sha256: input.sha256 },
				logIdx: idx,
			},
			ctx.now,
		);
	});
	return organizationCreditFile(db, uscc, opts.actor);
}

/** A person's integrity file: the bans on them and the events about them (public facts, no personal data). */
export async function personCreditFile(db: Db, ref: string) {
	const parsed = parsePersonRef(ref);
	const person =
		parsed?.kind === "ref"
			? await db.selectFrom("people").select(["id", "name"]).where("id", "=", parsed.id).executeTakeFirst()
			: undefined;
	if (!person) throw new NotFoundError("PERSON_NOT_FOUND", "no such person", "没有该人员", "ref");
	const events = await db
		.selectFrom("credit_events")
		.selectAll()
		.where("person_id", "=", person.id)
		.orderBy("occurred_on", "desc")
		.execute();
	return {
		person: { ref: personRef(Number(person.id)), name: person.name },
		bans: await listBans(db, { personId: Number(person.id) }),
		events: events.map((e) => ({
			kind: e.kind,
			kindText: CREDIT_EVENT_KINDS[e.kind as CreditEventKind] ?? { zh: e.kind, en: e.kind },
			occurredOn: e.occurred_on,
			source: e.source_key,
			outcome: e.outcome,
			summary: e.summary,
			status: e.status,
			logIndex: e.log_idx === null ? null : Number(e.log_idx),
		})),
	};
}
