/**
 * Inspection work and the integrity file's first events. An inspector's account is linked to the person
 * the spot-check pool knows (`accounts.person_id`, one account per person), so inspectors see and record
 * the tasks of the teams they are on. A spot-check task may inspect a certificate (and through it its
 * holder) rather than an organisation as a whole (`spot_tasks.certificate_id`). `credit_events` is the
 * integrity file (诚信档案): one row per credit event about an organisation or a person — its kind, the
 * day it happened, where it came from (`source_key`, unique per kind, so an event is never counted
 * twice), what it says and the log entry that made it public. Frozen in time.
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
		.alterTable("accounts")
		.addColumn("person_id", ref, (c) => c.references("people.id"))
		.execute();
	await db.schema.createIndex("accounts_person_uq").on("accounts").column("person_id").unique().execute();

	await db.schema
		.alterTable("spot_tasks")
		.addColumn("certificate_id", ref, (c) => c.references("certificates.id"))
		.execute();

	await db.schema
		.createTable("credit_events")
		.addColumn("id", ref, id)
		.addColumn("org_id", ref, (c) => c.references("organizations.id"))
		.addColumn("person_id", ref, (c) => c.references("people.id"))
		/** spot_check | penalty | complaint | certificate_withdrawn | report_revoked | false_commitment | scope_violation | fraud_signal */
		.addColumn("kind", "text", (c) => c.notNull())
		/** The China date the event happened (an inspection's day, a decision's day). */
		.addColumn("occurred_on", "text", (c) => c.notNull())
		/** Where it came from: e.g. the spot-check task `2026-SH-01#12`. */
		.addColumn("source_key", "text", (c) => c.notNull())
		/** The outcome in one word where the kind has one (a spot check's pass | fail | rectify | unable). */
		.addColumn("outcome", "text")
		/** The public summary, in Chinese. */
		.addColumn("summary", "text", (c) => c.notNull())
		/** The event's facts as JSON (public). */
		.addColumn("detail_json", "text", (c) => c.notNull())
		/** active | withdrawn (an appeal upheld) */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("log_idx", ref)
		.addColumn("recorded_at", "text", (c) => c.notNull())
		.addCheckConstraint("credit_events_subject", sql`(org_id is null) <> (person_id is null)`)
		.addCheckConstraint("credit_events_status", sql`status in ('active', 'withdrawn')`)
		.addUniqueConstraint("credit_events_source_uq", ["kind", "source_key"])
		.execute();
	await db.schema
		.createIndex("credit_events_org_idx")
		.on("credit_events")
		.columns(["org_id", "occurred_on"])
		.execute();
	await db.schema
		.createIndex("credit_events_person_idx")
		.on("credit_events")
		.columns(["person_id", "occurred_on"])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("credit_events").execute();
	await db.schema.alterTable("spot_tasks").dropColumn("certificate_id").execute();
	await db.schema.dropIndex("accounts_person_uq").execute();
	await db.schema.alterTable("accounts").dropColumn("person_id").execute();
}
