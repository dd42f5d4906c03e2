/**
 * Records withheld from public view: a regulator may take a certificate or report out of the public
 * register (a court order, an investigation that publication would harm, national security) without
 * deleting it. `withheld_since` is the China date it was withheld, null while public. The partial
 * indexes keep the (few) withheld records quick to list, so public searches can leave them out cheaply.
 * Frozen in time.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	for (const table of ["certificates", "reports"]) {
		await db.schema.alterTable(table).addColumn("withheld_since", "text").execute();
		await db.schema
			.createIndex(`${table}_withheld_idx`)
			.on(table)
			.column("withheld_since")
			.where(sql.ref("withheld_since"), "is not", null)
			.execute();
	}
}

export async function down(db: AnyDb): Promise<void> {
	for (const table of ["certificates", "reports"]) {
		await db.schema.dropIndex(`${table}_withheld_idx`).execute();
		await db.schema.alterTable(table).dropColumn("withheld_since").execute();
	}
}
