/**
 * SQL for qualification applications (资质认定网上审批). Only this file builds queries on `applications`
 * and `application_files`; the application itself is the core's document in `doc_json`, with the
 * columns the queue sorts and filters by kept beside it.
 */
import type { Insertable } from "kysely";
import type { Db } from "../db/database.ts";
import type { ApplicationFilesTable, ApplicationRow, ApplicationsTable } from "../db/schema.ts";

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
	set: Pick<ApplicationRow, "step" | "due_on" | "doc_json" | "updated_at">,
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

function queue(db: Db, f: QueueFilter) {
	let q = withLab(db);
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

/** A page of the queue, the nearest due day first (those with no running clock last), and how many match. */
export async function listQueue(db: Db, f: QueueFilter, offset: number, limit: number) {
	const [rows, count] = await Promise.all([
		queue(db, f)
			.orderBy((eb) => eb.case().when("a.due_on", "is", null).then(1).else(0).end())
			.orderBy("a.due_on")
			.orderBy("a.id")
			.offset(offset)
			.limit(limit)
			.execute(),
		queue(db, f)
			.clearSelect()
			.select((eb) => eb.fn.countAll().as("n"))
			.executeTakeFirstOrThrow(),
	]);
	return { rows: rows as ApplicationWithLab[], total: Number(count.n) };
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
