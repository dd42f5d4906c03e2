/**
 * SQL for complaints and reports (投诉举报). The complainant's contact data is read by `contactOf` only,
 * which the regulators' audited view alone calls; every other query leaves `complaint_contacts` alone.
 */
import type { Insertable } from "kysely";
import type { Db } from "../db/database.ts";
import type {
	ComplaintAttachmentsTable,
	ComplaintContactsTable,
	ComplaintEventsTable,
	ComplaintRow,
	ComplaintsTable,
} from "../db/schema.ts";

/** A complaint with the organisation it is about, as the register knows it. */
export type ComplaintWithOrg = ComplaintRow & {
	org_uscc: string | null;
	org_name: string | null;
};

function withOrg(db: Db) {
	return db
		.selectFrom("complaints as c")
		.leftJoin("organizations as o", "o.id", "c.org_id")
		.selectAll("c")
		.select(["o.uscc as org_uscc", "o.name as org_name"]);
}

export async function findByTracking(db: Db, tracking: string): Promise<ComplaintWithOrg | undefined> {
	return withOrg(db).where("c.tracking", "=", tracking).executeTakeFirst();
}

export async function trackingExists(db: Db, tracking: string): Promise<boolean> {
	return (
		(await db.selectFrom("complaints").select("id").where("tracking", "=", tracking).executeTakeFirst()) !==
		undefined
	);
}

export async function insertComplaint(db: Db, row: Insertable<ComplaintsTable>): Promise<number> {
	const r = await db.insertInto("complaints").values(row).returning("id").executeTakeFirstOrThrow();
	return Number(r.id);
}

export async function insertContact(db: Db, row: Insertable<ComplaintContactsTable>): Promise<void> {
	await db.insertInto("complaint_contacts").values(row).execute();
}

export async function insertAttachments(
	db: Db,
	rows: Insertable<ComplaintAttachmentsTable>[],
): Promise<void> {
	// One at a time: a row may carry 5 MB, and a multi-row insert would build one statement of them all.
	for (const r of rows) await db.insertInto("complaint_attachments").values(r).execute();
}

export async function insertEvent(db: Db, row: Insertable<ComplaintEventsTable>): Promise<void> {
	await db.insertInto("complaint_events").values(row).execute();
}

/**
 * Moves a complaint on, only from one of the statuses given: answers false when another request moved
 * it first (the caller reports the conflict).
 */
export async function updateFrom(
	db: Db,
	id: number,
	from: readonly string[],
	set: Partial<Omit<ComplaintRow, "id" | "tracking">>,
): Promise<boolean> {
	const r = await db
		.updateTable("complaints")
		.set(set)
		.where("id", "=", id)
		.where("status", "in", [...from])
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Remembers the log entry that made the complaint's outcome public. */
export async function setLogIndex(db: Db, id: number, idx: number): Promise<void> {
	await db.updateTable("complaints").set({ log_idx: idx }).where("id", "=", id).execute();
}

/** A complaint's steps in order. */
export async function eventsOf(db: Db, complaintId: number) {
	return db
		.selectFrom("complaint_events")
		.select(["status", "note", "occurred_on", "at", "actor", "detail_json"])
		.where("complaint_id", "=", complaintId)
		.orderBy("id")
		.execute();
}

/** The complainant's name and contact (personal data: the regulators' audited view only). */
export async function contactOf(db: Db, complaintId: number) {
	return db
		.selectFrom("complaint_contacts")
		.select(["name", "phone", "email"])
		.where("complaint_id", "=", complaintId)
		.executeTakeFirst();
}

/** The files of a complaint, without their bytes. */
export async function attachmentsOf(db: Db, complaintId: number) {
	return db
		.selectFrom("complaint_attachments")
		.select(["id", "filename", "content_type", "size", "sha256"])
		.where("complaint_id", "=", complaintId)
		.orderBy("id")
		.execute();
}

/** One file with its bytes. */
export async function attachment(db: Db, complaintId: number, id: number) {
	return db
		.selectFrom("complaint_attachments")
		.select(["id", "filename", "content_type", "size", "sha256", "data"])
		.where("complaint_id", "=", complaintId)
		.where("id", "=", id)
		.executeTakeFirst();
}

/** An organisation by its exact registered name, when exactly one has it. */
export async function orgByExactName(db: Db, name: string) {
	const rows = await db
		.selectFrom("organizations")
		.select(["id", "uscc", "name", "district"])
		.where("name", "=", name)
		.limit(2)
		.execute();
	return rows.length === 1 ? rows[0] : undefined;
}

export async function orgByUscc(db: Db, uscc: string) {
	return db
		.selectFrom("organizations")
		.select(["id", "uscc", "name", "district"])
		.where("uscc", "=", uscc)
		.executeTakeFirst();
}

/** A certificate or report by number, with the district of the body that issued it. */
export async function recordByNumber(
	db: Db,
	number: string,
): Promise<{ type: "certificate" | "report"; district: string | null } | undefined> {
	const cert = await db
		.selectFrom("certificates as c")
		.innerJoin("organizations as o", "o.id", "c.cb_id")
		.select("o.district")
		.where("c.number", "=", number)
		.limit(1)
		.executeTakeFirst();
	if (cert) return { type: "certificate", district: cert.district };
	const report = await db
		.selectFrom("reports as r")
		.innerJoin("organizations as o", "o.id", "r.lab_id")
		.select("o.district")
		.where("r.number", "=", number)
		.limit(1)
		.executeTakeFirst();
	return report ? { type: "report", district: report.district } : undefined;
}

export interface QueueFilter {
	status?: string;
	/** Only these districts (an officer's); undefined: every complaint, city-level ones included. */
	districts?: readonly string[];
	district?: string;
	/** Only complaints past their deadline as of this day. */
	overdueOn?: string;
}

/** Statuses in which a complaint is being handled, and so has a closing deadline. */
export const OPEN_STATUSES = ["accepted", "assigned", "investigating"] as const;

function queue(db: Db, f: QueueFilter) {
	let q = db.selectFrom("complaints as c").leftJoin("organizations as o", "o.id", "c.org_id");
	if (f.status) q = q.where("c.status", "=", f.status);
	if (f.districts) q = q.where("c.district", "in", f.districts.length ? [...f.districts] : [""]);
	if (f.district) q = q.where("c.district", "=", f.district);
	if (f.overdueOn) {
		const today = f.overdueOn;
		q = q.where((eb) =>
			eb.or([
				eb.and([eb("c.status", "=", "received"), eb("c.accept_by", "<", today)]),
				eb.and([eb("c.status", "in", [...OPEN_STATUSES]), eb("c.close_by", "<", today)]),
			]),
		);
	}
	return q;
}

/** The regulators' queue, oldest first (the most urgent at the top), and how many match. */
export async function listQueue(db: Db, f: QueueFilter, offset: number, limit: number) {
	const [rows, count] = await Promise.all([
		queue(db, f)
			.selectAll("c")
			.select(["o.uscc as org_uscc", "o.name as org_name"])
			.orderBy("c.received_on")
			.orderBy("c.id")
			.offset(offset)
			.limit(limit)
			.execute(),
		queue(db, f)
			.select((eb) => eb.fn.countAll().as("n"))
			.executeTakeFirstOrThrow(),
	]);
	return { rows: rows as ComplaintWithOrg[], total: Number(count.n) };
}
