/**
 * Appeals and credit repair (异议与信用修复): an organisation's own operators appeal one of its credit
 * events, or its grade, giving their reasons; a regulator of its district upholds or rejects the appeal
 * with a note. Upholding an appeal against an event withdraws the event — from the public file (it is
 * shown as withdrawn) and from the grade — as a log entry, and the organisation is regraded at once. An
 * event also stops counting by itself when its look-back period in the grading model ends.
 */
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { holdsPersonalData } from "../../core/id-number.ts";
import { audit } from "../audit/audit.service.ts";
import { type Actor, mayActOn } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../errors.ts";
import { logEvents } from "../log/journal.service.ts";
import { getOrganizationRow } from "../organizations/organizations.service.ts";
import { regradeOrganizations } from "./grading.service.ts";

function appealInvalid(field: string, en: string, zh: string, rule: string): InputError {
	return new InputError("APPEAL_INVALID", `${field}: ${en}`, `${field}：${zh}`, field, rule);
}

/** Files an appeal against one of the organisation's events (by its source) or, with no event, its grade. */
export async function fileAppeal(
	db: Db,
	uscc: string,
	input: { event?: { kind: string; source: string } | null; reason: string },
	opts: { clock: Clock; actor: Actor },
) {
	const org = await getOrganizationRow(db, uscc);
	if (!mayActOn(opts.actor, "credit.appeal", { orgId: org.id, district: org.district }))
		throw new ForbiddenError(
			"FORBIDDEN",
			"an organisation appeals only its own credit file",
			"只能对本机构的信用档案提出异议",
		);
	const reason = input.reason.normalize("NFC").trim();
	if (reason.length < 10)
		throw appealInvalid(
			"reason",
			"say why, in at least 10 characters",
			"请说明理由，不少于 10 个字",
			"TOO_SHORT",
		);
	let eventId: number | null = null;
	if (input.event) {
		const e = await db
			.selectFrom("credit_events")
			.select(["id", "status", "kind"])
			.where("org_id", "=", org.id)
			.where("kind", "=", input.event.kind)
			.where("source_key", "=", input.event.source)
			.executeTakeFirst();
		if (!e)
			throw appealInvalid(
				"event",
				"no such event in this organisation's file",
				"该机构的信用档案中没有这条记录",
				"EVENT_UNKNOWN",
			);
		if (e.kind === "self_report")
			throw appealInvalid(
				"event",
				"a body's own report is not appealed: publish a newer one",
				"本机构自行发布的报告无需提出异议，可发布新的报告",
				"OWN_REPORT",
			);
		if (e.status !== "active")
			throw new ConflictError("APPEAL_EVENT_WITHDRAWN", "the event was withdrawn", "该记录已撤销", "event");
		eventId = Number(e.id);
	}
	const open = db
		.selectFrom("credit_appeals")
		.select("id")
		.where("org_id", "=", org.id)
		.where("status", "=", "pending");
	if (
		await (eventId === null
			? open.where("event_id", "is", null)
			: open.where("event_id", "=", eventId)
		).executeTakeFirst()
	)
		throw new ConflictError(
			"APPEAL_PENDING",
			"an appeal about this is already pending",
			"已有针对该事项的异议正在处理",
			"event",
		);
	const now = isoInstant(opts.clock.now());
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto("credit_appeals")
			.values({
				org_id: org.id,
				event_id: eventId,
				reason,
				status: "pending",
				decision_note: null,
				decided_by: null,
				decided_at: null,
				created_by: opts.actor.label,
				created_at: now,
				log_idx: null,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await audit(trx, opts.actor, now, [
			{
				action: "credit.appeal",
				outcome: "ok",
				target: { type: "credit_appeal", key: String(row.id) },
				subjectOrgId: org.id,
			},
		]);
		return { id: Number(row.id), status: "pending" };
	});
}

/** An organisation's appeals, newest first (its own operators and regulators only). */
export async function appealsOf(db: Db, orgId: number) {
	const rows = await db
		.selectFrom("credit_appeals as a")
		.leftJoin("credit_events as e", "e.id", "a.event_id")
		.select([
			"a.id",
			"a.reason",
			"a.status",
			"a.decision_note",
			"a.decided_at",
			"a.created_at",
			"a.log_idx",
			"e.kind",
			"e.source_key",
			"e.summary",
		])
		.where("a.org_id", "=", orgId)
		.orderBy("a.id", "desc")
		.execute();
	return rows.map((a) => ({
		id: Number(a.id),
		about: a.kind ? { kind: a.kind, source: a.source_key, summary: a.summary } : { grade: true },
		reason: a.reason,
		status: a.status,
		decisionNote: a.decision_note,
		decidedAt: a.decided_at,
		filedAt: a.created_at,
		logIndex: a.log_idx === null ? null : Number(a.log_idx),
	}));
}

/** Pending appeals in the districts a regulator supervises, oldest first. */
export async function pendingAppeals(db: Db, actor: Actor) {
	let q = db
		.selectFrom("credit_appeals as a")
		.innerJoin("organizations as o", "o.id", "a.org_id")
		.leftJoin("credit_events as e", "e.id", "a.event_id")
		.select([
			"a.id",
			"a.reason",
			"a.created_at",
			"o.uscc",
			"o.name",
			"o.district",
			"e.kind",
			"e.source_key",
			"e.summary",
		])
		.where("a.status", "=", "pending")
		.orderBy("a.created_at")
		.limit(500);
	if (actor.role === "regulator_officer")
		q = q.where("o.district", "in", actor.districts.length ? [...actor.districts] : [""]);
	return (await q.execute()).map((a) => ({
		id: Number(a.id),
		organization: { uscc: a.uscc, name: a.name, district: a.district },
		about: a.kind ? { kind: a.kind, source: a.source_key, summary: a.summary } : { grade: true },
		reason: a.reason,
		filedAt: a.created_at,
	}));
}

/**
 * Decides an appeal. Upheld against an event: the event is withdrawn (a log entry `credit.withdrawn`
 * naming it), the organisation regraded; upheld against a grade: regraded and the note kept. Rejected:
 * the note kept. Either way the organisation's operators read the decision in their file.
 */
export async function decideAppeal(
	db: Db,
	id: number,
	input: { upheld: boolean; note: string },
	opts: { clock: Clock; actor: Actor },
) {
	const a = await db.selectFrom("credit_appeals").selectAll().where("id", "=", id).executeTakeFirst();
	if (!a) throw new NotFoundError("APPEAL_NOT_FOUND", `no appeal ${id}`, `没有编号为 ${id} 的异议`, "id");
	const org = await db
		.selectFrom("organizations")
		.select(["id", "uscc", "district"])
		.where("id", "=", a.org_id)
		.executeTakeFirstOrThrow();
	if (!mayActOn(opts.actor, "credit.record", { orgId: Number(org.id), district: org.district }))
		throw new ForbiddenError(
			"FORBIDDEN",
			"appeals are decided by the organisation's district",
			"异议由机构所在辖区的监管部门处理",
		);
	if (a.status !== "pending")
		throw new ConflictError(
			"APPEAL_DECIDED",
			`the appeal was ${a.status} on ${a.decided_at}`,
			"该异议已处理",
			"id",
		);
	const note = input.note.normalize("NFC").trim();
	if (!note) throw appealInvalid("note", "say why", "请写明处理意见", "REQUIRED");
	if (input.upheld && a.event_id !== null && holdsPersonalData(note))
		throw appealInvalid(
			"note",
			"holds what looks like an identity number or a phone number; the withdrawal is published without personal data",
			"含有疑似身份证号或手机号；撤销记录公开时不得含有个人信息",
			"PERSONAL_DATA",
		);
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today: chinaDate(now), source: "api", actor: opts.actor };
	return db.transaction().execute(async (trx) => {
		let idx: number | null = null;
		if (input.upheld && a.event_id !== null) {
			const e = await trx
				.selectFrom("credit_events")
				.selectAll()
				.where("id", "=", a.event_id)
				.executeTakeFirstOrThrow();
			idx = await logEvents(
				trx,
				[
					{
						type: "credit.withdrawn",
						subject: { kind: "credit_event", number: `${e.kind}:${e.source_key}` },
						by: org.uscc,
						facts: { withdrawnOn: ctx.today },
						record: { kind: e.kind, source: e.source_key, organization: org.uscc, status: "withdrawn", note },
						subjectOrgId: Number(org.id),
					},
				],
				ctx,
			);
			await trx.updateTable("credit_events").set({ status: "withdrawn" }).where("id", "=", e.id).execute();
		}
		const done = await trx
			.updateTable("credit_appeals")
			.set({
				status: input.upheld ? "upheld" : "rejected",
				decision_note: note,
				decided_by: opts.actor.label,
				decided_at: ctx.now,
				log_idx: idx,
			})
			.where("id", "=", id)
			.where("status", "=", "pending")
			.executeTakeFirst();
		if (Number(done.numUpdatedRows) !== 1)
			throw new ConflictError("APPEAL_DECIDED", "the appeal was decided meanwhile", "该异议已被处理", "id");
		await audit(trx, opts.actor, ctx.now, [
			{
				action: input.upheld ? "credit.appeal.upheld" : "credit.appeal.rejected",
				outcome: "ok",
				target: { type: "credit_appeal", key: String(id) },
				subjectOrgId: Number(org.id),
			},
		]);
		if (input.upheld) await regradeOrganizations(trx, [Number(org.id)], ctx.today);
		return { id, status: input.upheld ? "upheld" : "rejected", logIndex: idx };
	});
}
