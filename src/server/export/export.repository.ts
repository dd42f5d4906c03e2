/** Keyset scans of whole tables for export, in id order. */
import type { Db } from "../db/database.ts";

/** Rows of one table with id > after, at most limit. */
export async function scan<
	T extends "organizations" | "qualifications" | "capabilities" | "people" | "certificates" | "reports",
>(db: Db, table: T, after: number, limit: number) {
	return db
		.selectFrom(table as "organizations")
		.selectAll()
		.where("id", ">", after)
		.orderBy("id")
		.limit(limit)
		.execute() as Promise<Record<string, unknown>[]>;
}
