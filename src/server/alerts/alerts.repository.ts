/** The SQL of risk alerts: alerts, their affected records, their tasks, the peers whose alerts we accept. */
import { sql } from "kysely";
import { personRef } from "../../core/records/person-ref.ts";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import type { AlertAffectedTable, AlertsTable, AlertTasksTable } from "../db/schema.ts";

export type AlertRow = Omit<AlertsTable, "id"> & { id: number };
export type AffectedRow = Omit<AlertAffectedTable, "id">;
export type TaskRow = Omit<AlertTasksTable, "id"> & { id: number };

const num = <T extends { id: unknown }>(r: T) => ({ ...r, id: Number(r.id) });

/** The next free alert numbers of a year, YJ-YYYY-NNNNNN, `count` of them. */
export async function nextNumbers(db: Db, year: string, count: number): Promise<string[]> {
	const last = await db
		.selectFrom("alerts")
		.select("number")
		.where("number", "like", `YJ-${year}-%`)
		.orderBy("number", "desc")
		.limit(1)
		.executeTakeFirst();
	const from = last ? Number(last.number.slice(8)) + 1 : 1;
	return Array.from({ length: count }, (_, i) => `YJ-${year}-${String(from + i).padStart(6, "0")}`);
}

export async function insertAlerts(db: Db, rows: Omit<AlertsTable, "id">[]): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	if (!rows.length) return out;
	const cols = Object.keys(rows[0]!) as (keyof AlertsTable & string)[];
	for (const r of await bulkInsert(db, "alerts", cols, rows, ["id", "number"]))
		out.set(String(r.number), Number(r.id));
	return out;
}

export async function insertAffected(db: Db, rows: AffectedRow[]): Promise<void> {
	if (!rows.length) return;
	const cols = Object.keys(rows[0]!) as (keyof AlertAffectedTable & string)[];
	await bulkInsert(db, "alert_affected", cols, rows);
}

export async function insertTasks(db: Db, rows: Omit<AlertTasksTable, "id">[]): Promise<void> {
	if (!rows.length) return;
	const cols = Object.keys(rows[0]!) as (keyof AlertTasksTable & string)[];
	await bulkInsert(db, "alert_tasks", cols, rows);
}

export async function findAlert(db: Db, number: string): Promise<AlertRow | undefined> {
	const r = await db.selectFrom("alerts").selectAll().where("number", "=", number).executeTakeFirst();
	return r ? num(r) : undefined;
}

export async function affectedOf(db: Db, alertId: number): Promise<AffectedRow[]> {
	return db
		.selectFrom("alert_affected")
		.select([
			"alert_id",
			"node_id",
			"kind",
			"key",
			"label",
			"status",
			"district",
			"hop",
			"path_json",
			"relation",
		])
		.where("alert_id", "=", alertId)
		.orderBy("hop")
		.orderBy("id")
		.execute();
}

export async function tasksOf(db: Db, alertId: number): Promise<TaskRow[]> {
	return (
		await db.selectFrom("alert_tasks").selectAll().where("alert_id", "=", alertId).orderBy("seq").execute()
	).map(num);
}

export async function historyOf(db: Db, number: string) {
	return db
		.selectFrom("audit_log")
		.select(["at", "actor_label", "action", "detail"])
		.where("target_type", "=", "alert")
		.where("target_key", "=", number)
		.orderBy("id")
		.execute();
}

export async function updateAlert(
	db: Db,
	id: number,
	patch: Partial<Omit<AlertsTable, "id">>,
): Promise<void> {
	await db.updateTable("alerts").set(patch).where("id", "=", id).execute();
}

export async function updateTask(
	db: Db,
	id: number,
	patch: Partial<Omit<AlertTasksTable, "id">>,
): Promise<void> {
	await db.updateTable("alert_tasks").set(patch).where("id", "=", id).execute();
}

export interface AlertFilter {
	status?: string;
	severity?: string;
	source?: string;
	district?: string;
	q?: string;
	/** Only published alerts (the public board). */
	publishedOnly?: boolean;
}

function filtered(db: Db, f: AlertFilter) {
	let q = db.selectFrom("alerts as a");
	if (f.status) q = q.where("a.status", "=", f.status);
	if (f.severity) q = q.where("a.severity", "=", f.severity);
	if (f.source) q = q.where("a.source", "=", f.source);
	if (f.publishedOnly) q = q.where("a.published", "=", 1);
	if (f.district) q = q.where(sql<string>`',' || a.districts || ','`, "like", `%,${f.district},%`);
	if (f.q) {
		const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		q = q.where((eb) =>
			eb.or([
				eb("a.number", "=", f.q!),
				sql<boolean>`a.title like ${like} escape '\\'`,
				sql<boolean>`a.orgs like ${like} escape '\\'`,
				sql<boolean>`a.trigger_key like ${like} escape '\\'`,
			]),
		);
	}
	return q;
}

/** A page of alerts, newest first (ties broken by id, so pages are stable), with open and overdue task counts. */
export async function listAlerts(db: Db, f: AlertFilter, today: string, offset: number, limit: number) {
	const total = await filtered(db, f)
		.select((eb) => eb.fn.countAll<number>().as("n"))
		.executeTakeFirstOrThrow();
	const rows = await filtered(db, f)
		.selectAll("a")
		.select((eb) => [
			eb
				.selectFrom("alert_tasks as t")
				.select((e) => e.fn.countAll<number>().as("n"))
				.whereRef("t.alert_id", "=", "a.id")
				.where("t.status", "=", "open")
				.as("open_tasks"),
			eb
				.selectFrom("alert_tasks as t")
				.select((e) => e.fn.countAll<number>().as("n"))
				.whereRef("t.alert_id", "=", "a.id")
				.where("t.status", "=", "open")
				.where("t.deadline", "<", today)
				.as("overdue_tasks"),
		])
		.orderBy("a.raised_at", "desc")
		.orderBy("a.id", "desc")
		.offset(offset)
		.limit(limit)
		.execute();
	return {
		total: Number(total.n),
		rows: rows.map((r) => ({
			...num(r),
			open_tasks: Number(r.open_tasks ?? 0),
			overdue_tasks: Number(r.overdue_tasks ?? 0),
		})),
	};
}

/** Tasks assigned to an organisation, an officer or the offices of districts, newest deadline last. */
export async function tasksAssigned(
	db: Db,
	to: { orgId: number | null; officer: string | null; districts: readonly string[] },
	limit = 500,
) {
	return (
		await db
			.selectFrom("alert_tasks as t")
			.innerJoin("alerts as a", "a.id", "t.alert_id")
			.selectAll("t")
			.select(["a.number", "a.title", "a.severity", "a.status as alert_status"])
			.where((eb) => {
				const any = [];
				if (to.orgId !== null) any.push(eb("t.org_id", "=", to.orgId));
				if (to.officer)
					any.push(eb.and([eb("t.assignee_kind", "=", "officer"), eb("t.assignee_key", "=", to.officer)]));
				if (to.districts.length)
					any.push(
						eb.and([eb("t.assignee_kind", "=", "district"), eb("t.assignee_key", "in", [...to.districts])]),
					);
				return any.length ? eb.or(any) : eb.val(false);
			})
			.orderBy("t.status", "desc")
			.orderBy("t.deadline")
			.orderBy("t.id")
			.limit(limit)
			.execute()
	).map(num);
}

/** Organisations by USCC: id, name, kind, district. */
export async function orgsByUscc(db: Db, usccs: readonly string[]) {
	const out = new Map<
		string,
		{ id: number; uscc: string; name: string; kind: string; district: string | null }
	>();
	const list = [...new Set(usccs)];
	for (let i = 0; i < list.length; i += 500) {
		const rows = await db
			.selectFrom("organizations")
			.select(["id", "uscc", "name", "kind", "district"])
			.where("uscc", "in", list.slice(i, i + 500))
			.execute();
		for (const r of rows) out.set(r.uscc, { ...r, id: Number(r.id) });
	}
	return out;
}

/** Reports by number with their lab's code and name. */
export async function reportsWithLab(db: Db, numbers: readonly string[]) {
	if (!numbers.length) return [];
	return db
		.selectFrom("reports as r")
		.innerJoin("organizations as l", "l.id", "r.lab_id")
		.select([
			"r.id",
			"r.number",
			"r.product",
			"r.status",
			"r.client_name",
			"r.client_uscc",
			"r.signatory_id",
			"r.withheld_since",
			"l.id as lab_id",
			"l.uscc as lab_uscc",
			"l.name as lab_name",
			"l.district as lab_district",
		])
		.where("r.number", "in", [...new Set(numbers)].slice(0, 500))
		.execute();
}

/** A certificate by number and issuer, with its parties. */
export async function certificateWithParties(db: Db, number: string, issuer: string | null) {
	let q = db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.innerJoin("organizations as h", "h.id", "c.holder_id")
		.select([
			"c.id",
			"c.number",
			"c.product",
			"c.status",
			"c.scheme",
			"cb.uscc as cb_uscc",
			"cb.name as cb_name",
			"h.uscc as holder_uscc",
			"h.name as holder_name",
			"h.district as holder_district",
		])
		.where("c.number", "=", number);
	if (issuer) q = q.where("cb.uscc", "=", issuer);
	return q.limit(2).execute();
}

/** People's names by id (regulators' views only) with their public references. */
/** The audit teams of certificates named `number@issuer USCC`: who audited each (public reference, name). */
export async function auditTeamsOf(db: Db, keys: readonly string[]) {
	const wanted = [...new Set(keys)].slice(0, 500);
	if (!wanted.length) return [];
	const numbers = [...new Set(wanted.map((k) => k.split("@")[0] ?? ""))];
	const rows = await db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.innerJoin("certificate_auditors as a", "a.certificate_id", "c.id")
		.innerJoin("people as p", "p.id", "a.person_id")
		.select(["c.number", "cb.uscc as cb_uscc", "p.id as person_id", "p.name"])
		.where("c.number", "in", numbers)
		.execute();
	const keep = new Set(wanted);
	return rows
		.filter((r) => keep.has(`${r.number}@${r.cb_uscc}`))
		.map((r) => ({ key: `${r.number}@${r.cb_uscc}`, personId: Number(r.person_id), name: r.name }));
}

export async function peopleLabels(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
	const out = new Map<number, string>();
	const list = [...new Set(ids)];
	for (let i = 0; i < list.length; i += 500) {
		const rows = await db
			.selectFrom("people")
			.select(["id", "name"])
			.where("id", "in", list.slice(i, i + 500))
			.execute();
		for (const r of rows) out.set(Number(r.id), `${r.name}（${personRef(Number(r.id))}）`);
	}
	return out;
}

export async function findPeer(db: Db, code: string) {
	const r = await db.selectFrom("alert_peers").selectAll().where("code", "=", code).executeTakeFirst();
	return r ? num(r) : undefined;
}

export async function activePeers(db: Db) {
	return (await db.selectFrom("alert_peers").selectAll().where("status", "=", "active").execute()).map(num);
}

export async function listPeers(db: Db) {
	return (
		await db
			.selectFrom("alert_peers")
			.select(["id", "code", "name", "status", "created_at"])
			.orderBy("code")
			.execute()
	).map(num);
}
