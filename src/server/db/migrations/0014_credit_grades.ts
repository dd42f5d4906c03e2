/**
 * Credit-risk grades and the models that make them. `credit_models` keeps every version of the grading
 * model (factors, points, periods, thresholds as JSON): a draft can be compared with the model in force,
 * and activating it is a log entry. `credit_grades` holds each organisation's grade under the model in
 * force, with its score and explanation (each factor's points and the events behind them) and the day
 * the grade last changed; `organizations.credit_grade` stays the grade the spot-check strata read.
 * Frozen in time.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const ref = isPostgres(db) ? ("bigint" as const) : ("integer" as const);
	await db.schema
		.createTable("credit_models")
		.addColumn("version", "text", (c) => c.primaryKey())
		.addColumn("config_json", "text", (c) => c.notNull())
		/** draft | active | retired */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("activated_at", "text")
		.addColumn("log_idx", ref)
		.addCheckConstraint("credit_models_status", sql`status in ('draft', 'active', 'retired')`)
		.execute();
	await db.schema
		.createTable("credit_grades")
		.addColumn("org_id", ref, (c) => c.primaryKey().references("organizations.id"))
		.addColumn("model_version", "text", (c) => c.notNull())
		.addColumn("grade", "text", (c) => c.notNull())
		.addColumn("score", "real", (c) => c.notNull())
		/** [[factor, points, [basis…]], …] and the floor applied, if any (names come from the model). */
		.addColumn("explanation_json", "text", (c) => c.notNull())
		/** The China date graded as of, and the day the grade last changed. */
		.addColumn("graded_on", "text", (c) => c.notNull())
		.addColumn("changed_on", "text", (c) => c.notNull())
		.addCheckConstraint("credit_grades_grade", sql`grade in ('A', 'B', 'C', 'D')`)
		.execute();
	await db.schema.createIndex("credit_grades_grade_idx").on("credit_grades").column("grade").execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("credit_grades").execute();
	await db.schema.dropTable("credit_models").execute();
}
