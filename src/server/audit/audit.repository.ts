/** SQL for the audit trail: append and search, nothing else (the database refuses updates and deletes). */
import type { Insertable } from "kysely";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import type { AuditLogTable } from "../db/schema.ts";

export type NewAuditEntry = Insertable<AuditLogTable>;

/** The columns an audit entry fills, in the order appendAudit writes them. */
export const AUDIT_COLUMNS = [
	"at",
	"actor_type",
	"actor_id",
	"actor_label",
	"actor_org_id",
	"subject_org_id",
	"via",
	"action",
	"outcome",
	"target_type",
	"target_key",
	"before_sha256",
	"after_sha256",
	"ip",
	"request_id",
	"detail",
] as const;

/** Appends entries. */
export async function appendAudit(db: Db, entries: NewAuditEntry[]): Promise<void> {
	await bulkInsert(db, "audit_log", AUDIT_COLUMNS, entries);
}

export interface AuditFilter {
	/** Only entries about records of these organisations, or made by people acting for them. */
	orgIds?: number[];
	/** Only entries about records of organisations in these districts (or made by `ownActorId`). */
	districts?: string[];
	/** With `districts`: an account whose own entries are always included. */
	ownActorId?: string;
	action?: string;
	outcome?: string;
	actorLabel?: string;
	targetType?: string;
	targetKey?: string;
	from?: string;
	to?: string;
}

/** Entries matching the filter, newest first. */
export async function searchAudit(db: Db, f: AuditFilter, offset: number, limit: number) {
	let q = db.selectFrom("audit_log as a").selectAll("a");
	if (f.orgIds) {
		const ids = f.orgIds.length ? f.orgIds : [0];
		q = q.where((eb) => eb.or([eb("a.subject_org_id", "in", ids), eb("a.actor_org_id", "in", ids)]));
	}
	if (f.districts) {
		const districts = f.districts.length ? f.districts : ["-"];
		q = q.where((eb) =>
			eb.or([
				eb(
					"a.subject_org_id",
					"in",
					eb.selectFrom("organizations").select("id").where("district", "in", districts),
				),
				eb.and([eb("a.actor_type", "=", "account"), eb("a.actor_id", "=", f.ownActorId ?? "-")]),
			]),
		);
	}
	if (f.action) q = q.where("a.action", "=", f.action);
	if (f.outcome) q = q.where("a.outcome", "=", f.outcome);
	if (f.actorLabel) q = q.where("a.actor_label", "=", f.actorLabel);
	if (f.targetType) q = q.where("a.target_type", "=", f.targetType);
	if (f.targetKey) q = q.where("a.target_key", "=", f.targetKey);
	if (f.from) q = q.where("a.at", ">=", f.from);
	if (f.to) q = q.where("a.at", "<", f.to);
	return q.orderBy("a.id", "desc").offset(offset).limit(limit).execute();
}
