/**
 * Online qualification approval (资质认定网上审批, requirements §7). `applications` holds one application
 * each: its public number (ZR + year + 6 digits, dense per year), the lab, type, path, the step it is at,
 * the current stage's due day in working days (the officers' queue sorts by it), the lab's district (the
 * queue is per district) and the whole application document as JSON (src/core/approval: history, materials,
 * team, nonconformities, decision, verification). `application_files` keeps each material filed, by
 * catalogue code, with its SHA-256 and bytes (PDF, PNG or JPEG, checked by their bytes). Frozen in time.
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
		.createTable("applications")
		.addColumn("id", ref, id)
		/** ZR + year + 6 digits, e.g. ZR2026000001. */
		.addColumn("number", "text", (c) => c.notNull().unique())
		.addColumn("lab_id", ref, (c) => c.notNull().references("organizations.id"))
		/** The lab's district when filed: the officers who handle it. */
		.addColumn("district", "text")
		/** initial | renewal | extension | change | cancellation */
		.addColumn("type", "text", (c) => c.notNull())
		/** general | commitment */
		.addColumn("path", "text", (c) => c.notNull())
		/** The workflow step (core/approval/workflow.ts STEPS). */
		.addColumn("step", "text", (c) => c.notNull())
		.addColumn("created_on", "text", (c) => c.notNull())
		/** The current stage's last day; null when no clock runs (a draft, a wait for the lab, the end). */
		.addColumn("due_on", "text")
		/** The application document (core/approval Application), canonical for everything above. */
		.addColumn("doc_json", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("updated_at", "text", (c) => c.notNull())
		.addCheckConstraint(
			"applications_type",
			sql`type in ('initial', 'renewal', 'extension', 'change', 'cancellation')`,
		)
		.addCheckConstraint("applications_path", sql`path in ('general', 'commitment')`)
		.execute();
	// The officers' queue: by district and step, most urgent first.
	await db.schema
		.createIndex("applications_queue_idx")
		.on("applications")
		.columns(["district", "step", "due_on"])
		.execute();
	await db.schema
		.createIndex("applications_due_idx")
		.on("applications")
		.columns(["due_on", "step"])
		.execute();
	await db.schema.createIndex("applications_lab_idx").on("applications").column("lab_id").execute();

	await db.schema
		.createTable("application_files")
		.addColumn("id", ref, id)
		.addColumn("application_id", ref, (c) => c.notNull().references("applications.id"))
		/** The materials catalogue's code (core/approval/materials.ts). */
		.addColumn("material_code", "text", (c) => c.notNull())
		.addColumn("sha256", "text", (c) => c.notNull())
		.addColumn("filename", "text", (c) => c.notNull())
		/** image/png | image/jpeg | application/pdf, as the bytes show. */
		.addColumn("content_type", "text", (c) => c.notNull())
		.addColumn("size", "integer", (c) => c.notNull())
		.addColumn("data", bytes, (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("application_files_application_idx")
		.on("application_files")
		.columns(["application_id", "material_code"])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("application_files").execute();
	await db.schema.dropTable("applications").execute();
}
