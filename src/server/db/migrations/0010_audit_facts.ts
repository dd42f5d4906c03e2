/**
 * The audit behind a certificate's current issue: first and last day on site, length in auditor-days,
 * and the effective number of personnel within the scope (IAF MD 5). Bodies report them with the
 * certificate; they are public facts, and the fraud signals read them. Frozen in time.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema.alterTable("certificates").addColumn("audit_start_date", "text").execute();
	await db.schema.alterTable("certificates").addColumn("audit_end_date", "text").execute();
	await db.schema.alterTable("certificates").addColumn("audit_days", "real").execute();
	await db.schema.alterTable("certificates").addColumn("personnel", "integer").execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const c of ["personnel", "audit_days", "audit_end_date", "audit_start_date"])
		await db.schema.alterTable("certificates").dropColumn(c).execute();
}
