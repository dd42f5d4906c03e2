/**
 * Each certificate and report remembers the index of its newest log entry, so that a proof for the record
 * is one lookup away (a downloadable tlog-proof, the portal's in-page check) and the audit can compare the
 * record with what the log last said of it. Frozen in time.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	const big = pg ? ("bigint" as const) : ("integer" as const);
	for (const [table, kind, owner] of [
		["certificates", "certificate", "cb_id"],
		["reports", "report", "lab_id"],
	] as const) {
		await db.schema.alterTable(table).addColumn("log_idx", big).execute();
		// Records written before this migration: their newest entry, found by the entry's subject.
		const field = (name: string) =>
			pg
				? sql.raw(`(entry::jsonb -> 'subject' ->> '${name}')`)
				: sql.raw(`json_extract(entry, '$.subject.${name}')`);
		await sql`create temporary table newest_entry as
			select ${field("number")} as number, ${field("issuer")} as issuer, max(idx) as idx
			from log_entries where ${field("kind")} = ${kind} group by 1, 2`.execute(db);
		await sql`create index newest_entry_key on newest_entry (number, issuer)`.execute(db);
		await sql`update ${sql.table(table)} set log_idx = (
			select n.idx from newest_entry n, organizations o
			where o.id = ${sql.ref(`${table}.${owner}`)} and n.number = ${sql.ref(`${table}.number`)} and n.issuer = o.uscc
		)`.execute(db);
		await sql`drop table newest_entry`.execute(db);
	}
}

export async function down(db: AnyDb): Promise<void> {
	for (const table of ["certificates", "reports"])
		await db.schema.alterTable(table).dropColumn("log_idx").execute();
}
