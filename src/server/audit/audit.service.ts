/**
 * The audit trail: every write, with who, through which session or key, what, the record's content hash
 * before and after, IP and request id; and every refused attempt. Internal and append-only: entries
 * never carry personal data (people are named by public reference or by a hash).
 */
import type { Actor } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { appendAudit, type NewAuditEntry } from "./audit.repository.ts";

export interface AuditTarget {
	type: string;
	key: string;
}

/** What one audit entry says, besides who and when. */
export interface AuditFact {
	action: string;
	outcome: "ok" | "denied" | "rejected" | "error";
	target?: AuditTarget | null;
	subjectOrgId?: number | null;
	beforeSha256?: string | null;
	afterSha256?: string | null;
	/** A short, non-personal note: the rule broken, the reason given. */
	detail?: Record<string, string | number | null> | null;
}

/** An audit row for an actor and a fact. */
export function auditEntry(actor: Actor, at: string, fact: AuditFact): NewAuditEntry {
	return {
		at,
		actor_type: actor.type,
		actor_id: actor.id,
		actor_label: actor.label,
		actor_org_id: actor.orgId,
		subject_org_id: fact.subjectOrgId ?? null,
		via: actor.via,
		action: fact.action,
		outcome: fact.outcome,
		target_type: fact.target?.type ?? null,
		target_key: fact.target?.key ?? null,
		before_sha256: fact.beforeSha256 ?? null,
		after_sha256: fact.afterSha256 ?? null,
		ip: actor.ip,
		request_id: actor.requestId,
		detail: fact.detail ? JSON.stringify(fact.detail) : null,
	};
}

/** Records facts for an actor. */
export async function audit(db: Db, actor: Actor, at: string, facts: AuditFact[]): Promise<void> {
	if (facts.length)
		await appendAudit(
			db,
			facts.map((f) => auditEntry(actor, at, f)),
		);
}
