/**
 * Bans and restrictions (禁入与限制): a lifetime or time-limited ban on an organisation or a person, with
 * its scope — taking part in testing, inspection and certification (`tic`), or in government purchasing
 * (`procurement`). A person is banned as the person the register knows by identity number (one row per
 * identity), so the ban follows them to another employer. The partial index keeps the active bans — the
 * ones every write checks — quick to load. Frozen in time.
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
		.createTable("bans")
		.addColumn("id", ref, id)
		.addColumn("org_id", ref, (c) => c.references("organizations.id"))
		.addColumn("person_id", ref, (c) => c.references("people.id"))
		/** tic | procurement */
		.addColumn("scope", "text", (c) => c.notNull())
		.addColumn("starts_on", "text", (c) => c.notNull())
		/** Null for a lifetime ban (终身禁入). */
		.addColumn("ends_on", "text")
		/** The decision's document number, unique. */
		.addColumn("reference", "text", (c) => c.notNull().unique())
		.addColumn("authority", "text", (c) => c.notNull())
		/** Why, as published (no personal data). */
		.addColumn("reason", "text", (c) => c.notNull())
		/** active | lifted */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("lifted_on", "text")
		.addColumn("lift_reason", "text")
		.addColumn("log_idx", ref)
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addCheckConstraint("bans_subject", sql`(org_id is null) <> (person_id is null)`)
		.addCheckConstraint("bans_scope", sql`scope in ('tic', 'procurement')`)
		.addCheckConstraint("bans_status", sql`status in ('active', 'lifted')`)
		.execute();
	await db.schema
		.createIndex("bans_active_idx")
		.on("bans")
		.columns(["scope", "starts_on"])
		.where(sql.ref("status"), "=", "active")
		.execute();
	await db.schema.createIndex("bans_org_idx").on("bans").column("org_id").execute();
	await db.schema.createIndex("bans_person_idx").on("bans").column("person_id").execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("bans").execute();
}
