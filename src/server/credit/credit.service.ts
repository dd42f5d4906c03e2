/**
 * The integrity file (诚信档案): credit events about an organisation or a person, each with its kind,
 * the day it happened, where it came from and the log entry that made it public. Events are written in
 * the same transaction as the public fact behind them (a spot-check result published, …), so the file
 * never says more or less than the log. The credit grade is a regulator's internal reference (国市监信发
 * 〔2022〕6号: not a public credit rating): the file shows it to regulators only.
 */
import type { Actor } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { getOrganizationRow } from "../organizations/organizations.service.ts";

export const CREDIT_EVENT_KINDS = {
	spot_check: { zh: "双随机抽查结果", en: "spot-check result" },
	penalty: { zh: "行政处罚", en: "administrative penalty" },
	complaint: { zh: "投诉举报（属实）", en: "upheld complaint" },
	certificate_withdrawn: { zh: "证书撤销", en: "certificate withdrawn" },
	report_revoked: { zh: "报告撤销", en: "report revoked" },
	false_commitment: { zh: "虚假承诺", en: "false commitment" },
	scope_violation: { zh: "超范围经营（确认）", en: "confirmed scope violation" },
	fraud_signal: { zh: "造假线索（确认）", en: "confirmed fraud signal" },
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

/** An organisation's integrity file: its events, newest first; the grade for regulators only. */
export async function organizationCreditFile(db: Db, uscc: string, actor: Actor | null) {
	const org = await getOrganizationRow(db, uscc);
	const grade = maySeeGrade(actor)
		? ((
				await db
					.selectFrom("organizations")
					.select("credit_grade")
					.where("id", "=", org.id)
					.executeTakeFirstOrThrow()
			).credit_grade ?? null)
		: undefined;
	const events = await db
		.selectFrom("credit_events")
		.selectAll()
		.where("org_id", "=", org.id)
		.orderBy("occurred_on", "desc")
		.orderBy("id", "desc")
		.limit(500)
		.execute();
	return {
		organization: { uscc: org.uscc, name: org.name, kind: org.kind, district: org.district },
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
		})),
	};
}
