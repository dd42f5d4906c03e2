/**
 * Flags: findings of the scope cross-checks and fraud signals that a regulator reviews. One row per kind
 * and record (the checks upsert it); a reviewer dismisses or escalates it with a reason (audited); a
 * finding the checks no longer make is marked cleared. Flags are supervision work, not public facts, so
 * they are not logged. Frozen in time.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	const ref = pg ? ("bigint" as const) : ("integer" as const);
	await db.schema
		.createTable("flags")
		.addColumn("id", ref, (c) =>
			pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
		)
		/** e.g. ITEM_OUTSIDE_CAPABILITY, SCHEME_OUTSIDE_APPROVAL */
		.addColumn("kind", "text", (c) => c.notNull())
		/** certificate | report | organization */
		.addColumn("subject_type", "text", (c) => c.notNull())
		.addColumn("subject_id", ref, (c) => c.notNull())
		/** How people name the subject: a certificate or report number, a USCC. */
		.addColumn("subject_key", "text", (c) => c.notNull())
		/** The body the finding is about (the CB, the lab), for counts per body and officers' districts. */
		.addColumn("org_id", ref, (c) => c.notNull().references("organizations.id"))
		.addColumn("message_zh", "text", (c) => c.notNull())
		.addColumn("message_en", "text", (c) => c.notNull())
		.addColumn("evidence_json", "text", (c) => c.notNull())
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("found_at", "text", (c) => c.notNull())
		/** When a check last made this finding. */
		.addColumn("checked_at", "text", (c) => c.notNull())
		.addColumn("decided_at", "text")
		.addColumn("decided_by", "text")
		.addColumn("decision_reason", "text")
		.addCheckConstraint("flags_status", sql`status in ('open', 'dismissed', 'escalated', 'cleared')`)
		.addUniqueConstraint("flags_subject_uq", ["kind", "subject_type", "subject_id"])
		.execute();
	await db.schema.createIndex("flags_org_idx").on("flags").columns(["org_id", "status"]).execute();
	await db.schema.createIndex("flags_status_idx").on("flags").columns(["status", "kind", "id"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("flags").execute();
}
