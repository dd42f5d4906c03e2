/**
 * "Double random, one public" spot checks (双随机、一公开). An annual plan sets the scope, the number of
 * batches and their timing; each batch is drafted, then its manifest is
 * published (logged; frozen from then on), then drawn from the revealed random sources (logged, with the
 * transcript). Each drawn object becomes a task for its team; its result is recorded and published
 * (logged) within 20 working days; an order to rectify is followed up until the rectification is
 * confirmed (logged). Organisations carry a credit grade (A–D, a regulator's internal
 * reference that sets the strata); inspectors declare their relations with organisations. Frozen in time.
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

	await db.schema.alterTable("organizations").addColumn("credit_grade", "text").execute();

	await db.schema
		.createTable("person_relations")
		.addColumn("person_id", ref, (c) => c.notNull().references("people.id"))
		.addColumn("org_id", ref, (c) => c.notNull().references("organizations.id"))
		/** consulting | former_employer | family | other */
		.addColumn("kind", "text", (c) => c.notNull())
		.addColumn("declared_at", "text", (c) => c.notNull())
		.addPrimaryKeyConstraint("person_relations_pk", ["person_id", "org_id"])
		.execute();
	await db.schema.createIndex("person_relations_org_idx").on("person_relations").column("org_id").execute();

	await db.schema
		.createTable("spot_plans")
		.addColumn("id", ref, id)
		.addColumn("year", "integer", (c) => c.notNull())
		.addColumn("title", "text", (c) => c.notNull())
		/** What the year's checks cover, in words. */
		.addColumn("scope", "text", (c) => c.notNull())
		.addColumn("batches_planned", "integer", (c) => c.notNull())
		/** When the batches are to be drawn, in words (e.g. 每季度第二个月). */
		.addColumn("timing", "text", (c) => c.notNull())
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.execute();

	await db.schema
		.createTable("spot_batches")
		.addColumn("id", ref, id)
		.addColumn("plan_id", ref, (c) => c.references("spot_plans.id"))
		.addColumn("code", "text", (c) => c.notNull().unique())
		.addColumn("title", "text", (c) => c.notNull())
		/** draft | published | drawn */
		.addColumn("status", "text", (c) => c.notNull())
		/** What the officer chose: kinds, districts, strata, exclusions, team size, rules, sources, mode. */
		.addColumn("spec_json", "text", (c) => c.notNull())
		.addColumn("draw_date", "text", (c) => c.notNull())
		/** The published manifest (canonical JSON) and its hash; the lists it binds. */
		.addColumn("manifest_json", "text")
		.addColumn("manifest_sha256", "text")
		.addColumn("inputs_json", "text")
		/** Private: each pool commitment's salt and organisation. */
		.addColumn("openings_json", "text")
		.addColumn("transcript_json", "text")
		.addColumn("transcript_sha256", "text")
		/** The draw in brief for the batch's page: the revealed sources and each stratum's counts. */
		.addColumn("draw_summary_json", "text")
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("published_at", "text")
		.addColumn("drawn_at", "text")
		.addColumn("log_idx", ref)
		.addCheckConstraint("spot_batches_status", sql`status in ('draft', 'published', 'drawn')`)
		.execute();

	await db.schema
		.createTable("spot_tasks")
		.addColumn("id", ref, id)
		.addColumn("batch_id", ref, (c) => c.notNull().references("spot_batches.id"))
		.addColumn("seq", "integer", (c) => c.notNull())
		.addColumn("org_id", ref, (c) => c.notNull().references("organizations.id"))
		/** The object's key in the pool (its commitment) and the salt that opens it. */
		.addColumn("object_key", "text", (c) => c.notNull())
		.addColumn("salt", "text", (c) => c.notNull())
		/** JSON array of inspector references; empty when no valid team existed. */
		.addColumn("team_json", "text", (c) => c.notNull())
		/** assigned | unassigned | done | published */
		.addColumn("status", "text", (c) => c.notNull())
		/** pass | fail | rectify | unable */
		.addColumn("result", "text")
		.addColumn("findings", "text")
		.addColumn("inspected_on", "text")
		/** The last day to publish the result: 20 working days after the inspection. */
		.addColumn("publish_by", "text")
		/** For a result ordering rectification: the deadline, and when and how it was done. */
		.addColumn("rectify_by", "text")
		.addColumn("rectified_on", "text")
		.addColumn("rectification", "text")
		.addColumn("published_at", "text")
		.addColumn("log_idx", ref)
		.addCheckConstraint("spot_tasks_status", sql`status in ('assigned', 'unassigned', 'done', 'published')`)
		.addUniqueConstraint("spot_tasks_seq_uq", ["batch_id", "seq"])
		.execute();
	await db.schema
		.createIndex("spot_tasks_org_idx")
		.on("spot_tasks")
		.columns(["org_id", "inspected_on"])
		.execute();
	await db.schema
		.createIndex("spot_tasks_status_idx")
		.on("spot_tasks")
		.columns(["status", "publish_by"])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("spot_tasks").execute();
	await db.schema.dropTable("spot_batches").execute();
	await db.schema.dropTable("spot_plans").execute();
	await db.schema.dropTable("person_relations").execute();
	await db.schema.alterTable("organizations").dropColumn("credit_grade").execute();
}
