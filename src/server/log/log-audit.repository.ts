/** What the log audit reads, in id or index order and in pages, so that it runs at national scale. */
import type { Db } from "../db/database.ts";

export async function allCheckpoints(db: Db) {
	return db.selectFrom("log_checkpoints").selectAll().orderBy("size").execute();
}

export async function allNodes(db: Db) {
	return db.selectFrom("log_nodes").selectAll().execute();
}

/** Entries with idx ≥ `from`, at most `limit`, in order. */
export async function entriesFrom(db: Db, from: number, limit: number) {
	return db
		.selectFrom("log_entries")
		.select(["idx", "entry"])
		.where("idx", ">=", from)
		.orderBy("idx")
		.limit(limit)
		.execute();
}

export async function countEntries(db: Db): Promise<number> {
	const r = await db
		.selectFrom("log_entries")
		.select((eb) => eb.fn.countAll<number>().as("n"))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export async function countRows(
	db: Db,
	table: "certificates" | "reports" | "organizations" | "people" | "qualifications" | "capabilities",
): Promise<number> {
	const r = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as("n"))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Certificates with id > `after`, with their parties' codes and the entry their log_idx names. */
export async function certificatesAfter(db: Db, after: number, limit: number) {
	return db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.innerJoin("organizations as h", "h.id", "c.holder_id")
		.leftJoin("log_entries as e", "e.idx", "c.log_idx")
		.selectAll("c")
		.select(["cb.uscc as cb_uscc", "h.uscc as holder_uscc", "e.entry as log_entry"])
		.where("c.id", ">", after)
		.orderBy("c.id")
		.limit(limit)
		.execute();
}

/** Reports with id > `after`, with their lab's code and the entry their log_idx names. */
export async function reportsAfter(db: Db, after: number, limit: number) {
	return db
		.selectFrom("reports as r")
		.innerJoin("organizations as l", "l.id", "r.lab_id")
		.leftJoin("log_entries as e", "e.idx", "r.log_idx")
		.selectAll("r")
		.select(["l.uscc as lab_uscc", "e.entry as log_entry"])
		.where("r.id", ">", after)
		.orderBy("r.id")
		.limit(limit)
		.execute();
}

/** Organisations with id > `after`. */
export async function organizationsAfter(db: Db, after: number, limit: number) {
	return db
		.selectFrom("organizations")
		.selectAll()
		.where("id", ">", after)
		.orderBy("id")
		.limit(limit)
		.execute();
}

/** People with id > `after`, with their employer's code and name. */
export async function peopleAfter(db: Db, after: number, limit: number) {
	return db
		.selectFrom("people as p")
		.leftJoin("organizations as o", "o.id", "p.employer_id")
		.selectAll("p")
		.select(["o.uscc as employer_uscc", "o.name as employer_name"])
		.where("p.id", ">", after)
		.orderBy("p.id")
		.limit(limit)
		.execute();
}

/** Qualifications with id > `after`, with their holder's code. */
export async function qualificationsAfter(db: Db, after: number, limit: number) {
	return db
		.selectFrom("qualifications as q")
		.innerJoin("organizations as o", "o.id", "q.org_id")
		.selectAll("q")
		.select("o.uscc as holder_uscc")
		.where("q.id", ">", after)
		.orderBy("q.id")
		.limit(limit)
		.execute();
}

/** Capability rows with id > `after`, with their qualification's number. */
export async function capabilitiesAfter(db: Db, after: number, limit: number) {
	return db
		.selectFrom("capabilities as c")
		.innerJoin("qualifications as q", "q.id", "c.qualification_id")
		.selectAll("c")
		.select("q.number as cma")
		.where("c.id", ">", after)
		.orderBy("c.id")
		.limit(limit)
		.execute();
}
