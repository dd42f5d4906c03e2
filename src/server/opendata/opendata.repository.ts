/**
 * Open data's SQL: the public rows of each dataset, a page at a time in id order (keyset), and the stored
 * daily files. Only public columns are selected; withheld certificates and reports, and unpublished
 * spot-check results and alerts, are left out here, in the query.
 */
import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import { isPostgres } from "../db/dialect.ts";

export type Row = Record<string, unknown> & { id: number };

const num = (v: unknown) => Number(v);

/** A page of a dataset's rows after `afterId`, at most `limit`. */
export async function datasetPage(db: Db, dataset: string, afterId: number, limit: number): Promise<Row[]> {
	switch (dataset) {
		case "organizations":
			return fix(
				await db
					.selectFrom("organizations")
					.select(["id", "uscc", "kind", "name", "name_en", "district", "status", "created_at"])
					.where("id", ">", afterId)
					.where("kind", "!=", "regulator")
					.orderBy("id")
					.limit(limit)
					.execute(),
			);
		case "qualifications":
			return fix(
				await db
					.selectFrom("qualifications as q")
					.innerJoin("organizations as o", "o.id", "q.org_id")
					.select([
						"q.id",
						"q.type",
						"q.number",
						"o.uscc as org_uscc",
						"o.name as org_name",
						"q.issuer",
						"q.valid_from",
						"q.valid_until",
						"q.status",
						"q.scope_json",
					])
					.where("q.id", ">", afterId)
					.orderBy("q.id")
					.limit(limit)
					.execute(),
			);
		case "certificates":
			return fix(
				await db
					.selectFrom("certificates as c")
					.innerJoin("organizations as cb", "cb.id", "c.cb_id")
					.innerJoin("organizations as h", "h.id", "c.holder_id")
					.select([
						"c.id",
						"c.number",
						"c.scheme",
						"c.standard",
						"cb.uscc as cb_uscc",
						"cb.name as cb_name",
						"h.uscc as holder_uscc",
						"c.holder_name",
						"h.district as holder_district",
						"c.scope",
						"c.product",
						"c.ccc_code",
						"c.first_issue_date",
						"c.issue_date",
						"c.expiry_date",
						"c.status",
						"c.status_since",
						"c.log_idx",
					])
					.where("c.id", ">", afterId)
					.where("c.withheld_since", "is", null)
					.orderBy("c.id")
					.limit(limit)
					.execute(),
			);
		case "reports":
			return fix(
				await db
					.selectFrom("reports as r")
					.innerJoin("organizations as l", "l.id", "r.lab_id")
					.select([
						"r.id",
						"r.number",
						"l.uscc as lab_uscc",
						"l.name as lab_name",
						"r.client_name",
						"r.product",
						"r.conclusion",
						"r.issue_date",
						"r.status",
						"r.status_since",
						"r.replaced_by",
						"r.doc_sha256",
						"r.log_idx",
					])
					.where("r.id", ">", afterId)
					.where("r.withheld_since", "is", null)
					.orderBy("r.id")
					.limit(limit)
					.execute(),
			);
		case "spot-check-results":
			return fix(
				await db
					.selectFrom("spot_tasks as t")
					.innerJoin("spot_batches as b", "b.id", "t.batch_id")
					.innerJoin("organizations as o", "o.id", "t.org_id")
					.select([
						"t.id",
						"b.code as batch",
						"t.seq",
						"o.uscc as org_uscc",
						"o.name as org_name",
						"o.district",
						"t.result",
						"t.inspected_on",
						"t.published_at",
						"t.rectify_by",
						"t.rectified_on",
						"t.log_idx",
					])
					.where("t.id", ">", afterId)
					.where("t.status", "=", "published")
					.orderBy("t.id")
					.limit(limit)
					.execute(),
			);
		case "alerts": {
			const r = await sql<Row>`select id, number, title, title_en, severity, source, status, published_at,
					districts, description, log_idx
				from alerts where id > ${afterId} and published = 1 order by id limit ${limit}`.execute(db);
			return fix(r.rows);
		}
		default:
			throw new Error(`unknown dataset ${dataset}`);
	}
}

function fix<T extends Record<string, unknown>>(rows: T[]): Row[] {
	return rows.map((r) => ({ ...r, id: num(r.id) }) as unknown as Row);
}

/** Current public records by natural key, for the feed. */
export async function certificatesByKey(db: Db, keys: readonly { number: string; issuer: string }[]) {
	if (!keys.length) return [];
	const numbers = [...new Set(keys.map((k) => k.number))];
	const rows = await db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.select("c.id")
		.where("c.number", "in", numbers)
		.where("cb.uscc", "in", [...new Set(keys.map((k) => k.issuer))])
		.execute();
	return rows.map((r) => num(r.id));
}

export async function reportsByKey(db: Db, keys: readonly { number: string; lab: string }[]) {
	if (!keys.length) return [];
	const rows = await db
		.selectFrom("reports as r")
		.innerJoin("organizations as l", "l.id", "r.lab_id")
		.select("r.id")
		.where("r.number", "in", [...new Set(keys.map((k) => k.number))])
		.where("l.uscc", "in", [...new Set(keys.map((k) => k.lab))])
		.execute();
	return rows.map((r) => num(r.id));
}

export async function organizationsByUscc(db: Db, usccs: readonly string[]) {
	if (!usccs.length) return [];
	const rows = await db
		.selectFrom("organizations")
		.select("id")
		.where("uscc", "in", [...new Set(usccs)])
		.execute();
	return rows.map((r) => num(r.id));
}

/** Rows of a dataset by id (public columns, the same filters as the pages). */
export async function datasetRowsById(db: Db, dataset: string, ids: readonly number[]): Promise<Row[]> {
	const out: Row[] = [];
	for (const id of [...new Set(ids)].sort((a, b) => a - b))
		out.push(...(await datasetPage(db, dataset, id - 1, 1)).filter((r) => r.id === id));
	return out;
}

/** True when the alerts table (migration 0022) exists. */
export async function alertsPresent(db: Db): Promise<boolean> {
	const r = isPostgres(db)
		? await sql<{ n: unknown }>`select count(*) as n from information_schema.tables
				where table_name = 'alerts' and table_schema = current_schema()`.execute(db)
		: await sql<{
				n: unknown;
			}>`select count(*) as n from sqlite_master where type = 'table' and name = 'alerts'`.execute(db);
	return num(r.rows[0]?.n) > 0;
}

/** Replaces a stored file. */
export async function putFile(
	db: Db,
	f: {
		name: string;
		dataset: string;
		format: string;
		rows: number;
		bytes: number;
		sha256: string;
		log_size: number;
		generated_at: string;
		data: Buffer;
	},
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom("open_data_files").where("name", "=", f.name).execute();
		await trx.insertInto("open_data_files").values(f).execute();
	});
}

/** The stored files, without their bytes. */
export async function listFiles(db: Db) {
	const rows = await db
		.selectFrom("open_data_files")
		.select(["name", "dataset", "format", "rows", "bytes", "sha256", "log_size", "generated_at"])
		.orderBy("name")
		.execute();
	return rows.map((r) => ({ ...r, rows: num(r.rows), bytes: num(r.bytes), log_size: num(r.log_size) }));
}

/** One stored file with its bytes. */
export async function getFile(db: Db, name: string) {
	return db.selectFrom("open_data_files").selectAll().where("name", "=", name).executeTakeFirst();
}
