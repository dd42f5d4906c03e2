/**
 * The officers' deadline dashboard (办理时限看板) counts applications in SQL, so the figures it needs are kept
 * as columns beside `doc_json`, set with every transition: whether the application has reached its end
 * (`finished`), the account that accepted it (`accepted_by`, as the history records it), the day of the
 * decision (`decided_on`), the statutory working days used up to it (`statutory_used`) and whether every
 * statutory stage met its limit (`decided_on_time`). A covering index lets the dashboard count a district's
 * applications without reading their documents.
 *
 * Backfilled from `doc_json` where SQL can: `finished`, `accepted_by`, `decided_on`. The working-day
 * figures need the configured calendar, so rows decided before this migration keep them null and the
 * dashboard computes them from the document when it reads them. Frozen in time.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

const COLUMNS = [
	["finished", "integer", true],
	["accepted_by", "text", false],
	["decided_on", "text", false],
	["decided_on_time", "integer", false],
	["statutory_used", "integer", false],
] as const;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	// SQLite adds one column per statement.
	for (const [name, type, notNull] of COLUMNS)
		await db.schema
			.alterTable("applications")
			.addColumn(name, type, (c) => (notNull ? c.notNull().defaultTo(0) : c))
			.execute();
	// The end of the road, as the workflow had it when this was written (core/approval isFinished).
	await sql`update applications set finished = case
		when step in ('not_accepted', 'withdrawn', 'refused', 'verified', 'revoked') then 1
		when step = 'granted' and type = 'cancellation' then 1
		when step = 'issued' and path = 'general' then 1
		else 0 end`.execute(db);
	if (pg) {
		await sql`update applications a set accepted_by = (
				select h ->> 'actorId' from jsonb_array_elements(a.doc_json::jsonb -> 'history') as h
				where h ->> 'action' = 'accept' limit 1),
			decided_on = a.doc_json::jsonb -> 'decision' ->> 'on'`.execute(db);
	} else {
		await sql`update applications set accepted_by = (
				select json_extract(h.value, '$.actorId') from json_each(applications.doc_json, '$.history') as h
				where json_extract(h.value, '$.action') = 'accept' limit 1),
			decided_on = json_extract(doc_json, '$.decision.on')`.execute(db);
	}
	// The dashboard: a district's filed applications, counted from the index alone.
	await db.schema
		.createIndex("applications_sla_idx")
		.on("applications")
		.columns([
			"district",
			"step",
			"finished",
			"due_on",
			"accepted_by",
			"decided_on",
			"decided_on_time",
			"statutory_used",
		])
		.execute();
	// The queue's order, the nearest due day first and those with no running clock last: read in index
	// order, a page costs its rows, not a sort of every filed application.
	await db.schema
		.createIndex("applications_urgency_idx")
		.on("applications")
		.expression(sql`coalesce(due_on, '9999-12-31'), id`)
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropIndex("applications_urgency_idx").execute();
	await db.schema.dropIndex("applications_sla_idx").execute();
	for (const [name] of [...COLUMNS].reverse())
		await db.schema.alterTable("applications").dropColumn(name).execute();
}
