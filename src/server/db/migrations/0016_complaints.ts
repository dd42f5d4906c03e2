/**
 * Complaints and reports from the public (投诉举报). `complaints` holds what was filed and how it is
 * handled: its tracking number (the only key the complainant holds), kind, the organisation and record
 * it is about, what happened, district, status, assignee, the deadlines in working days and the
 * outcome with its public text. The complainant's name, phone and email live apart in
 * `complaint_contacts` (personal data: no public query selects that table). `complaint_attachments`
 * keeps the files filed with a complaint (PNG, JPEG or PDF) as bytes; `complaint_events` is its progress,
 * one row per step with the public note the complainant reads. Frozen in time.
 */
import { type ColumnDefinitionBuilder, type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	const ref = pg ? ("bigint" as const) : ("integer" as const);
	const bytes = pg ? ("bytea" as const) : ("blob" as const);
	const id = (c: ColumnDefinitionBuilder) =>
		pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

	await db.schema
		.createTable("complaints")
		.addColumn("id", ref, id)
		/** TS + China date + 8 random base-32 characters, e.g. TS20260601K7M2Q9XD. */
		.addColumn("tracking", "text", (c) => c.notNull().unique())
		/** complaint (投诉, about one's own dealings) | report (举报, about a breach seen) */
		.addColumn("kind", "text", (c) => c.notNull())
		/** The organisation it is about, when the register knows it… */
		.addColumn("org_id", ref, (c) => c.references("organizations.id"))
		/** …and the USCC or name as the complainant gave it. */
		.addColumn("subject_given", "text")
		/** certificate | report, when the number given is on the register; null otherwise. */
		.addColumn("record_type", "text")
		/** The certificate or report number given. */
		.addColumn("record_number", "text")
		.addColumn("description", "text", (c) => c.notNull())
		/** 0/1: a report filed without a name (投诉 are always named). */
		.addColumn("anonymous", "integer", (c) => c.notNull())
		/** received | accepted | rejected | assigned | investigating | closed */
		.addColumn("status", "text", (c) => c.notNull())
		/** Who handles it: the subject's district (null: the city's administrators triage it). */
		.addColumn("district", "text")
		/** The account username of the officer handling it (never public). */
		.addColumn("assignee", "text")
		.addColumn("received_on", "text", (c) => c.notNull())
		/** The last working day to accept or reject it, and, once accepted, to close it. */
		.addColumn("accept_by", "text", (c) => c.notNull())
		.addColumn("accepted_on", "text")
		.addColumn("close_by", "text")
		.addColumn("closed_on", "text")
		/** upheld | not_upheld | partly_upheld */
		.addColumn("outcome", "text")
		/** What the complainant (and, when upheld, the public) is told. */
		.addColumn("public_text", "text")
		/** The log entry of an upheld outcome about an organisation. */
		.addColumn("log_idx", ref)
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("updated_at", "text", (c) => c.notNull())
		.addCheckConstraint("complaints_kind", sql`kind in ('complaint', 'report')`)
		.addCheckConstraint(
			"complaints_status",
			sql`status in ('received', 'accepted', 'rejected', 'assigned', 'investigating', 'closed')`,
		)
		.addCheckConstraint(
			"complaints_outcome",
			sql`outcome is null or outcome in ('upheld', 'not_upheld', 'partly_upheld')`,
		)
		.execute();
	await db.schema
		.createIndex("complaints_queue_idx")
		.on("complaints")
		.columns(["status", "district", "received_on"])
		.execute();
	await db.schema.createIndex("complaints_org_idx").on("complaints").column("org_id").execute();

	await db.schema
		.createTable("complaint_contacts")
		.addColumn("complaint_id", ref, (c) => c.primaryKey().references("complaints.id"))
		.addColumn("name", "text")
		.addColumn("phone", "text")
		.addColumn("email", "text")
		.execute();

	await db.schema
		.createTable("complaint_attachments")
		.addColumn("id", ref, id)
		.addColumn("complaint_id", ref, (c) => c.notNull().references("complaints.id"))
		.addColumn("filename", "text", (c) => c.notNull())
		/** image/png | image/jpeg | application/pdf, as the bytes show (not as the sender said). */
		.addColumn("content_type", "text", (c) => c.notNull())
		.addColumn("size", "integer", (c) => c.notNull())
		.addColumn("sha256", "text", (c) => c.notNull())
		.addColumn("data", bytes, (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("complaint_attachments_complaint_idx")
		.on("complaint_attachments")
		.column("complaint_id")
		.execute();

	await db.schema
		.createTable("complaint_events")
		.addColumn("id", ref, id)
		.addColumn("complaint_id", ref, (c) => c.notNull().references("complaints.id"))
		/** The status the step led to. */
		.addColumn("status", "text", (c) => c.notNull())
		/** The note the complainant reads (public); null when the step speaks for itself. */
		.addColumn("note", "text")
		.addColumn("occurred_on", "text", (c) => c.notNull())
		.addColumn("at", "text", (c) => c.notNull())
		/** Internal: who took the step, and what the public does not see (the assignee). */
		.addColumn("actor", "text", (c) => c.notNull())
		.addColumn("detail_json", "text")
		.execute();
	await db.schema
		.createIndex("complaint_events_complaint_idx")
		.on("complaint_events")
		.column("complaint_id")
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("complaint_events").execute();
	await db.schema.dropTable("complaint_attachments").execute();
	await db.schema.dropTable("complaint_contacts").execute();
	await db.schema.dropTable("complaints").execute();
}
