/** SQL for the status history of certificates and reports. */
import type { Db } from "../db/database.ts";
import { chunks } from "../import/batch.ts";

export interface NewHistory {
	subject_type: "certificate" | "report";
	subject_id: number;
	from_status: string | null;
	to_status: string;
	effective_date: string;
	reason: string | null;
	source: string;
	recorded_at: string;
}

/** Appends history rows. */
export async function insertHistory(db: Db, rows: NewHistory[]): Promise<void> {
	for (const part of chunks(rows, 1000))
		if (part.length) await db.insertInto("status_history").values(part).execute();
}

/** The history of one record, oldest first. */
export async function historyOf(db: Db, subjectType: "certificate" | "report", subjectId: number) {
	return db
		.selectFrom("status_history")
		.select(["from_status", "to_status", "effective_date", "reason", "source", "recorded_at"])
		.where("subject_type", "=", subjectType)
		.where("subject_id", "=", subjectId)
		.orderBy("id")
		.execute();
}
