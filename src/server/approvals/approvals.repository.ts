/**
 * SQL for qualification applications (资质认定网上审批). Only this file builds queries on `applications`
 * and `application_files`; the application itself is the core's document in `doc_json`, with the
 * columns the queue sorts and filters by kept beside it.
 */
import { type Insertable, sql } from "kysely";
import type { Db } from "../db/database.ts";
import type { ApplicationFilesTable, ApplicationRow, ApplicationsTable } from "../db/schema.ts";
import { COUNT_CAP } from "../db/search.ts";

/** An application with its lab as the register knows it. */
export type ApplicationWithLab = ApplicationRow & {
	lab_uscc: string;
	lab_name: string;
	lab_status: string;
};

function withLab(db: Db) {
	return db
		.selectFrom("applications as a")
		.innerJoin("organizations as o", "o.id", "a.lab_id")
		.selectAll("a")
		.select(["o.uscc as lab_uscc", "o.name as lab_name", "o.status as lab_status"]);
}

export async function findByNumber(db: Db, number: string): Promise<ApplicationWithLab | undefined> {
	return withLab(db).where("a.number", "=", number).executeTakeFirst();
}

/** The highest number given out with a prefix (ZR + year), or undefined for the year's first. */
export async function lastNumber(db: Db, prefix: string): Promise<string | undefined> {
	const r = await db
		.selectFrom("applications")
		.select("number")
		.where("number", "like", `${prefix}%`)
		.orderBy("number", "desc")
		.limit(1)
		.executeTakeFirst();
	return r?.number;
}

export async function insertApplication(db: Db, row: Insertable<ApplicationsTable>): Promise<number> {
	const r = await db.insertInto("applications").values(row).returning("id").executeTakeFirstOrThrow();
	return Number(r.id);
}

/**
 * Saves the application moved on, only if nobody moved it since it was read (same step and update
 * instant): answers false otherwise, and the caller reports the conflict.
 */
export async function updateFrom(
	db: Db,
	id: number,
	was: { step: string; updated_at: string },
	set: Pick<ApplicationRow, "step" | "due_on" | "doc_json" | "updated_at" | "finished" | "accepted_by"> &
		Partial<Pick<ApplicationRow, "decided_on" | "decided_on_time" | "statutory_used">>,
): Promise<boolean> {
	const r = await db
		.updateTable("applications")
		.set(set)
		.where("id", "=", id)
		.where("step", "=", was.step)
		.where("updated_at", "=", was.updated_at)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Touches an application (a file was added), so that a concurrent transition sees it changed. */
export async function touch(db: Db, id: number, at: string): Promise<void> {
	await db.updateTable("applications").set({ updated_at: at }).where("id", "=", id).execute();
}

/** Every application of a lab but one (what they filed is on file for the next). */
export async function docsOfLab(db: Db, labId: number, except: number | null) {
	let q = db.selectFrom("applications").select(["id", "number", "doc_json"]).where("lab_id", "=", labId);
	if (except !== null) q = q.where("id", "!=", except);
	return q.orderBy("id").execute();
}

export async function insertFile(db: Db, row: Insertable<ApplicationFilesTable>): Promise<number> {
	const r = await db.insertInto("application_files").values(row).returning("id").executeTakeFirstOrThrow();
	return Number(r.id);
}

/** The files of an application, without their bytes, in the order filed. */
export async function filesOf(db: Db, applicationId: number) {
	return db
		.selectFrom("application_files")
		.select(["id", "material_code", "sha256", "filename", "content_type", "size", "created_at"])
		.where("application_id", "=", applicationId)
		.orderBy("id")
		.execute();
}

export interface QueueFilter {
	/** Only these districts (an officer's); undefined: all. */
	districts?: readonly string[];
	district?: string;
	labId?: number;
	step?: string;
	type?: string;
	path?: string;
	/** Only those whose running stage's due day is before this day. */
	overdueOn?: string;
	/** Only those whose document names this person (a reviewer's); the caller checks the team exactly. */
	mentions?: string;
	/** Leave drafts out (the officers' queue). */
	filedOnly?: boolean;
}

/** The applications a queue filter matches, over `applications` alone (every filter is on its columns). */
function queue(db: Db, f: QueueFilter) {
	let q = db.selectFrom("applications as a");
	if (f.districts) q = q.where("a.district", "in", f.districts.length ? [...f.districts] : [""]);
	if (f.district) q = q.where("a.district", "=", f.district);
	if (f.labId !== undefined) q = q.where("a.lab_id", "=", f.labId);
	if (f.step) q = q.where("a.step", "=", f.step);
	if (f.type) q = q.where("a.type", "=", f.type);
	if (f.path) q = q.where("a.path", "=", f.path);
	if (f.overdueOn) q = q.where("a.due_on", "<", f.overdueOn);
	if (f.mentions) q = q.where("a.doc_json", "like", `%"${f.mentions}"%`);
	if (f.filedOnly) q = q.where("a.step", "!=", "draft");
	return q;
}

/**
 * A page of the queue, the nearest due day first (those with no running clock last), and how many match.
 * The page is chosen from the indexed columns alone, then only its rows are read with their documents:
 * sorting every match with its document would read them all.
 */
export async function listQueue(db: Db, f: QueueFilter, offset: number, limit: number) {
	const [ids, count] = await Promise.all([
		queue(db, f)
			.select("a.id")
			// The expression of applications_urgency_idx, so the page is read in index order.
			.orderBy(sql`coalesce(a.due_on, '9999-12-31')`)
			.orderBy("a.id")
			.offset(offset)
			.limit(limit)
			.execute(),
		// Counted up to COUNT_CAP, as every list of the API: beyond it the total is not exact.
		db
			.selectFrom(
				queue(db, f)
					.select("a.id")
					.limit(COUNT_CAP + 1)
					.as("m"),
			)
			.select((eb) => eb.fn.countAll().as("n"))
			.executeTakeFirstOrThrow(),
	]);
	const order = ids.map((r) => Number(r.id));
	const rows = order.length ? await withLab(db).where("a.id", "in", order).execute() : [];
	rows.sort((x, y) => order.indexOf(Number(x.id)) - order.indexOf(Number(y.id)));
	const n = Number(count.n);
	return { rows: rows as ApplicationWithLab[], total: Math.min(n, COUNT_CAP), totalExact: n <= COUNT_CAP };
}

/** One group of the deadline dashboard: a district, an accepting officer and a number of statutory days used. */
export interface SlaGroup {
	district: string | null;
	accepted_by: string | null;
	/** Statutory working days used by the decided ones counted here (null: not decided, or not yet computed). */
	statutory_used: number | null;
	open: number;
	overdue: number;
	near_due: number;
	waiting: number;
	decided: number;
	decided_on_time: number;
}

/** What the dashboard counts against: the day, the last day counted as near due, the first day of the year back. */
export interface SlaDays {
	today: string;
	nearDueUntil: string;
	decidedSince: string;
	/** Only these districts (an officer's); undefined: all. */
	districts?: readonly string[];
}

/**
 * The deadline dashboard's counts, grouped by district, accepting officer and statutory days used, over
 * filed applications only (the covering index applications_sla_idx: no document is read). Open means
 * not finished; overdue and near due compare the running stage's due day with the day (a wait for the
 * applicant has none); decided means a decision within the year back, up to the day.
 */
export async function slaGroups(db: Db, d: SlaDays): Promise<SlaGroup[]> {
	const open = sql`finished = 0`;
	const decided = sql`decided_on > ${d.decidedSince} and decided_on <= ${d.today}`;
	let q = db
		.selectFrom("applications")
		.select([
			"district",
			"accepted_by",
			"statutory_used",
			sql<number>`sum(case when ${open} then 1 else 0 end)`.as("open"),
			sql<number>`sum(case when ${open} and due_on < ${d.today} then 1 else 0 end)`.as("overdue"),
			sql<number>`sum(case when ${open} and due_on >= ${d.today} and due_on <= ${d.nearDueUntil} then 1 else 0 end)`.as(
				"near_due",
			),
			sql<number>`sum(case when ${open} and step in ('completion', 'correction') then 1 else 0 end)`.as(
				"waiting",
			),
			sql<number>`sum(case when ${decided} then 1 else 0 end)`.as("decided"),
			sql<number>`sum(case when ${decided} and decided_on_time = 1 then 1 else 0 end)`.as("decided_on_time"),
		])
		.where("step", "!=", "draft")
		.groupBy(["district", "accepted_by", "statutory_used"]);
	if (d.districts) q = q.where("district", "in", d.districts.length ? [...d.districts] : [""]);
	const rows = await q.execute();
	return rows.map((r) => ({
		district: r.district,
		accepted_by: r.accepted_by,
		statutory_used: r.statutory_used === null ? null : Number(r.statutory_used),
		open: Number(r.open),
		overdue: Number(r.overdue),
		near_due: Number(r.near_due),
		waiting: Number(r.waiting),
		decided: Number(r.decided),
		decided_on_time: Number(r.decided_on_time),
	}));
}

/** Decided applications whose statutory figures were never stored (decided before migration 0019). */
export async function decidedWithoutFigures(db: Db, d: SlaDays) {
	let q = db
		.selectFrom("applications")
		.select(["district", "accepted_by", "doc_json"])
		.where("step", "!=", "draft")
		.where("decided_on", ">", d.decidedSince)
		.where("decided_on", "<=", d.today)
		.where("statutory_used", "is", null);
	if (d.districts) q = q.where("district", "in", d.districts.length ? [...d.districts] : [""]);
	return q.execute();
}

/** Applications by number, with their labs. */
export async function findByNumbers(db: Db, numbers: readonly string[]): Promise<ApplicationWithLab[]> {
	if (!numbers.length) return [];
	return withLab(db)
		.where("a.number", "in", [...numbers])
		.execute();
}

/** One file of an application, with its bytes. */
export async function fileOf(db: Db, applicationId: number, id: number) {
	return db
		.selectFrom("application_files")
		.select(["id", "material_code", "sha256", "filename", "content_type", "size", "data"])
		.where("application_id", "=", applicationId)
		.where("id", "=", id)
		.executeTakeFirst();
}

/** The highest CMA number registered with a prefix. */
export async function lastCmaNumber(db: Db, prefix: string): Promise<string | undefined> {
	const r = await db
		.selectFrom("qualifications")
		.select("number")
		.where("type", "=", "cma")
		.where("number", "like", `${prefix}%`)
		.orderBy("number", "desc")
		.limit(1)
		.executeTakeFirst();
	return r?.number;
}

/** The people among these ids who are registered and active (members of a team). */
export async function activePeople(db: Db, ids: readonly number[]): Promise<number[]> {
	if (!ids.length) return [];
	const rows = await db
		.selectFrom("people")
		.select("id")
		.where("id", "in", [...ids])
		.where("status", "=", "active")
		.execute();
	return rows.map((r) => Number(r.id));
}
