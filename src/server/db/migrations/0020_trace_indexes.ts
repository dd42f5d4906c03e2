/**
 * Reverse tracing walks from a product to its reports and certificates, newest first and bounded
 * (tracing/tracing.repository.ts). Without these indexes each step from a product reads the whole table
 * (EXPLAIN: SCAN reports on SQLite, Seq Scan on PostgreSQL); with them it reads the bounded range. The
 * other steps use indexes of 0001_register. Frozen in time.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema.createIndex("reports_product_idx").on("reports").columns(["product", "id"]).execute();
	await db.schema
		.createIndex("certificates_product_idx")
		.on("certificates")
		.columns(["product", "id"])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropIndex("certificates_product_idx").execute();
	await db.schema.dropIndex("reports_product_idx").execute();
}
