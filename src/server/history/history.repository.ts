/** SQL for the status history of certificates and reports. */

import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import { prepared } from "../db/prepared.ts";

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

const HISTORY_COLUMNS = [
	"subject_type",
	"subject_id",
	"from_status",
	"to_status",
	"effective_date",
	"reason",
	"source",
	"recorded_at",
] as const;

/** Appends history rows. */
export async function insertHistory(db: Db, rows: NewHistory[]): Promise<void> {
	await bulkInsert(db, "status_history", HISTORY_COLUMNS, rows);
}

const history = prepared<
	[string, number],
	{
		from_status: string | null;
		to_status: string;
		effective_date: string;
		reason: string | null;
		source: string;
		recorded_at: string;
	}
>((db) =>
	db
		.selectFrom("status_history")
		.select(["from_status", "to_status", "effective_date", "reason", "source", "recorded_at"])
		.where("subject_type", "=", "?")
		.where("subject_id", "=", 0)
		.orderBy("id"),
);

/** The status changes of one record since issue, oldest first. */
export async function historyOf(db: Db, subjectType: "certificate" | "report", subjectId: number) {
	return history(db, subjectType, subjectId);
}
