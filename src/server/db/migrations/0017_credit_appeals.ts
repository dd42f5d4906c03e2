/**
 * Appeals against the integrity file (信用修复与异议): an organisation appeals one of its credit events, or
 * its grade, with its reasons; a regulator upholds or rejects the appeal. An upheld appeal against an
 * event withdraws it from the file and the grade (logged). Frozen in time.
 */
import { type ColumnDefinitionBuilder, type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	const ref = pg ? ("bigint" as const) : ("integer" as const);
	const id = (c: ColumnDefinitionBuilder) =>
		pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
	await db.schema
		.createTable("credit_appeals")
		.addColumn("id", ref, id)
		.addColumn("org_id", ref, (c) => c.notNull().references("organizations.id"))
		/** The event appealed against; null for an appeal against the grade. */
		.addColumn("event_id", ref, (c) => c.references("credit_events.id"))
		.addColumn("reason", "text", (c) => c.notNull())
		/** pending | upheld | rejected */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("decision_note", "text")
		.addColumn("decided_by", "text")
		.addColumn("decided_at", "text")
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("log_idx", ref)
		.addCheckConstraint("credit_appeals_status", sql`status in ('pending', 'upheld', 'rejected')`)
		.execute();
	await db.schema.createIndex("credit_appeals_org_idx").on("credit_appeals").column("org_id").execute();
	await db.schema
		.createIndex("credit_appeals_pending_idx")
		.on("credit_appeals")
		.column("created_at")
		.where(sql.ref("status"), "=", "pending")
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("credit_appeals").execute();
}
