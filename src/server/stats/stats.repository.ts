/**
 * The statistics cube's SQL: counting the register into `stats_cells` (one grouped query per source, run
 * by a refresh), and reading the cells a dashboard asks for. Withheld records are not counted: the figures
 * are published (the portal, the annual report, open data) and must agree with what the public can see.
 */
import { sql } from "kysely";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import { isPostgres } from "../db/dialect.ts";

/** One counted cell; see StatsCellsTable. */
export interface Cell {
	metric: string;
	district: string;
	field: string;
	month: string;
	k1: string;
	k2: string;
	n: number;
	v: number;
}

const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** Organisations by kind, district and status. */
export async function countOrganizations(db: Db): Promise<Cell[]> {
	const r = await sql<{ field: string; district: string | null; k1: string; n: unknown }>`
		select kind as field, district, status as k1, count(*) as n
		from organizations group by kind, district, status`.execute(db);
	return r.rows.map((x) => cell("org", x.district, x.field, "", x.k1, "", x.n));
}

/**
 * Certificates by scheme, holder's district, month of the current issue and effective status (a
 * certificate past its end date counts as expired, as every read shows it).
 */
export async function countCertificates(db: Db, today: string): Promise<Cell[]> {
	const r = await sql<{ field: string; district: string | null; month: string; k1: string; n: unknown }>`
		select c.scheme as field, h.district as district, substr(c.issue_date, 1, 7) as month,
			case when c.status in ('valid', 'suspended') and c.expiry_date < ${today} then 'expired'
				else c.status end as k1,
			count(*) as n
		from certificates c join organizations h on h.id = c.holder_id
		where c.withheld_since is null
		group by 1, 2, 3, 4`.execute(db);
	return r.rows.map((x) => cell("cert", x.district, x.field, x.month, x.k1, "", x.n));
}

/** Reports grouped by lab, product, the lab's district, month, status and conclusion (fields mapped later). */
export async function groupReports(db: Db) {
	const r = await sql<{
		lab_id: unknown;
		product: string;
		district: string | null;
		month: string;
		status: string;
		conclusion: string;
		n: unknown;
	}>`
		select r.lab_id, r.product, l.district, substr(r.issue_date, 1, 7) as month, r.status,
			r.conclusion, count(*) as n
		from reports r join organizations l on l.id = r.lab_id
		where r.withheld_since is null
		group by r.lab_id, r.product, l.district, substr(r.issue_date, 1, 7), r.status, r.conclusion`.execute(db);
	return r.rows.map((x) => ({ ...x, lab_id: num(x.lab_id), n: num(x.n) }));
}

/** The fields of each lab's capability rows, by product, with how many rows each (for the lab's main field). */
export async function capabilityFields(db: Db) {
	const r = await sql<{ org_id: unknown; product: string; field: string; n: unknown }>`
		select org_id, product, field, count(*) as n from capabilities group by org_id, product, field`.execute(
		db,
	);
	return r.rows.map((x) => ({ orgId: num(x.org_id), product: x.product, field: x.field, n: num(x.n) }));
}

/** Spot-check tasks by the organisation's district and kind, month, task status and result. */
export async function countSpotTasks(db: Db): Promise<Cell[]> {
	const r = await sql<{
		field: string;
		district: string | null;
		month: string;
		k1: string;
		k2: string | null;
		n: unknown;
	}>`
		select o.kind as field, o.district as district,
			substr(coalesce(t.inspected_on, b.draw_date), 1, 7) as month, t.status as k1, t.result as k2,
			count(*) as n
		from spot_tasks t join spot_batches b on b.id = t.batch_id join organizations o on o.id = t.org_id
		group by o.kind, o.district, substr(coalesce(t.inspected_on, b.draw_date), 1, 7), t.status, t.result`.execute(
		db,
	);
	return r.rows.map((x) => cell("spot", x.district, x.field, x.month, x.k1, x.k2, x.n));
}

/** Distinct organisations drawn for inspection, per year of the draw, district and kind (coverage). */
export async function countSpotCoverage(db: Db): Promise<Cell[]> {
	const r = await sql<{ field: string; district: string | null; k1: string; n: unknown }>`
		select o.kind as field, o.district as district, substr(b.draw_date, 1, 4) as k1,
			count(distinct t.org_id) as n
		from spot_tasks t join spot_batches b on b.id = t.batch_id join organizations o on o.id = t.org_id
		group by o.kind, o.district, substr(b.draw_date, 1, 4)`.execute(db);
	return r.rows.map((x) => cell("spot_orgs", x.district, x.field, "", x.k1, "", x.n));
}

/**
 * Qualification applications by district, type and month (of the decision, else of filing): finished,
 * overdue (a running clock past its due day) or open, and whether the decision met its statutory limits;
 * `v` sums the statutory working days used.
 */
export async function countApplications(db: Db, today: string): Promise<Cell[]> {
	const r = await sql<{
		field: string;
		district: string | null;
		month: string;
		k1: string;
		k2: unknown;
		n: unknown;
		v: unknown;
	}>`
		select type as field, district, substr(coalesce(decided_on, created_on), 1, 7) as month,
			case when finished = 1 then 'finished' when due_on < ${today} then 'overdue' else 'open' end as k1,
			decided_on_time as k2, count(*) as n, coalesce(sum(statutory_used), 0) as v
		from applications
		group by 1, 2, 3, 4, 5`.execute(db);
	return r.rows.map((x) => cell("approval", x.district, x.field, x.month, x.k1, str(x.k2), x.n, x.v));
}

/**
 * Complaints by district, kind (complaint or report), month received, status and outcome; `v` counts
 * those accepted within their limit.
 */
export async function countComplaints(db: Db): Promise<Cell[]> {
	const r = await sql<{
		field: string;
		district: string | null;
		month: string;
		k1: string;
		k2: string | null;
		n: unknown;
		v: unknown;
	}>`
		select kind as field, district, substr(received_on, 1, 7) as month, status as k1, outcome as k2,
			count(*) as n,
			sum(case when accepted_on is not null and accepted_on <= accept_by then 1 else 0 end) as v
		from complaints group by kind, district, substr(received_on, 1, 7), status, outcome`.execute(db);
	return r.rows.map((x) => cell("complaint", x.district, x.field, x.month, x.k1, x.k2, x.n, x.v));
}

/** Credit grades by the organisation's district and kind (the regulators' view; never published). */
export async function countGrades(db: Db): Promise<Cell[]> {
	const r = await sql<{ field: string; district: string | null; k1: string; n: unknown }>`
		select o.kind as field, o.district as district, g.grade as k1, count(*) as n
		from credit_grades g join organizations o on o.id = g.org_id
		group by o.kind, o.district, g.grade`.execute(db);
	return r.rows.map((x) => cell("grade", x.district, x.field, "", x.k1, "", x.n));
}

/** True when the risk alerts' table (migration 0022) is present. */
export async function hasAlerts(db: Db): Promise<boolean> {
	const r = isPostgres(db)
		? await sql<{ n: unknown }>`select count(*) as n from information_schema.tables
				where table_name = 'alerts' and table_schema = current_schema()`.execute(db)
		: await sql<{
				n: unknown;
			}>`select count(*) as n from sqlite_master where type = 'table' and name = 'alerts'`.execute(db);
	return num(r.rows[0]?.n) > 0;
}

/** Risk alerts by source, month raised, severity and status; one count per district they name. */
export async function countAlerts(db: Db): Promise<Cell[]> {
	const r = await sql<{
		field: string;
		districts: string;
		month: string;
		k1: string;
		k2: string;
		n: unknown;
	}>`
		select source as field, districts, substr(raised_at, 1, 7) as month, severity as k1, status as k2,
			count(*) as n
		from alerts group by source, districts, substr(raised_at, 1, 7), severity, status`.execute(db);
	const out: Cell[] = [];
	for (const x of r.rows) {
		const ds = x.districts ? x.districts.split(",").filter(Boolean) : [];
		for (const d of ds.length ? ds : [""]) out.push(cell("alert", d, x.field, x.month, x.k1, x.k2, x.n));
	}
	return out;
}

function cell(
	metric: string,
	district: unknown,
	field: unknown,
	month: unknown,
	k1: unknown,
	k2: unknown,
	n: unknown,
	v: unknown = 0,
): Cell {
	return {
		metric,
		district: str(district),
		field: str(field),
		month: str(month),
		k1: str(k1),
		k2: str(k2),
		n: num(n),
		v: num(v),
	};
}

const COLUMNS = ["metric", "district", "field", "month", "k1", "k2", "n", "v"] as const;

/**
 * Replaces the cube and records the log size it was computed at, in one transaction; concurrent
 * refreshes (several servers) take turns on an advisory lock (PostgreSQL) or the write lock (SQLite).
 */
export async function replaceCells(
	db: Db,
	cells: readonly Cell[],
	state: { logSize: number; refreshedAt: string; durationMs: number; generation: string },
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		// "OT" "ST" in ASCII.
		if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${0x4f545354})`.execute(trx);
		await trx.deleteFrom("stats_cells").execute();
		await bulkInsert(trx, "stats_cells", COLUMNS, cells);
		await trx.deleteFrom("stats_state").execute();
		await trx
			.insertInto("stats_state")
			.values({
				id: 1,
				log_size: state.logSize,
				refreshed_at: state.refreshedAt,
				duration_ms: state.durationMs,
				generation: state.generation,
			})
			.execute();
	});
}

/** When and at which log size the cube was computed, if it was. */
export async function statsState(db: Db) {
	const r = await db.selectFrom("stats_state").selectAll().where("id", "=", 1).executeTakeFirst();
	return r
		? {
				logSize: num(r.log_size),
				refreshedAt: r.refreshed_at,
				durationMs: num(r.duration_ms),
				generation: r.generation,
			}
		: null;
}

/** A dashboard's filters: district code, field (or scheme, kind), months from–to inclusive (YYYY-MM). */
export interface CellFilter {
	district?: string | undefined;
	field?: string | undefined;
	from?: string | undefined;
	to?: string | undefined;
}

/** The dimensions cells can be summed by. */
export type CellKey = "district" | "field" | "month" | "k1" | "k2";

/** A sum of cells: the grouping columns asked for ("" for the others), the count and the sum. */
export type CellSum = Omit<Cell, "metric">;

/**
 * The cells of one metric that match the filters, summed in the database by the given columns (none: one
 * row, the total) — a dashboard's breakdowns without carrying every cell into JavaScript.
 */
export async function sumCells(
	db: Db,
	metric: string,
	f: CellFilter,
	by: readonly CellKey[],
): Promise<CellSum[]> {
	let q = db.selectFrom("stats_cells").where("metric", "=", metric);
	if (f.district) q = q.where("district", "=", f.district);
	if (f.field) q = q.where("field", "=", f.field);
	if (f.from) q = q.where("month", ">=", f.from);
	if (f.to) q = q.where("month", "<=", f.to);
	const rows = await q
		.select((eb) => [...by, eb.fn.sum<number>("n").as("n"), eb.fn.sum<number>("v").as("v")])
		.$if(by.length > 0, (qb) => qb.groupBy([...by]))
		.execute();
	return rows.map((r) => {
		const x = r as Record<string, unknown>;
		return {
			district: str(x.district),
			field: str(x.field),
			month: str(x.month),
			k1: str(x.k1),
			k2: str(x.k2),
			n: num(x.n),
			v: num(x.v),
		};
	});
}
