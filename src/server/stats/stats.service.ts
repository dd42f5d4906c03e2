/**
 * Statistics of the register (统计分析): headline figures, dashboards by district, field and month, and the
 * district table of the yearly performance evaluation. Every figure is read from the cube in
 * `stats_cells`, which `refreshStats` recounts from the register in one pass of grouped queries and
 * stamps with the log size it was computed at; the server refreshes it when the log has grown (and at
 * least every ten minutes, for complaints and applications, which are not log entries), so a dashboard
 * sums a few thousand cells however large the register is.
 */
import { randomUUID } from "node:crypto";
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { DISTRICTS, districtByCode } from "../../core/reference/districts.ts";
import type { Db } from "../db/database.ts";
import { InputError } from "../errors.ts";
import { districtParam } from "../http/params.ts";
import { logSize } from "../log/journal.repository.ts";
import {
	type Cell,
	type CellFilter,
	type CellKey,
	type CellSum,
	capabilityFields,
	countAlerts,
	countApplications,
	countCertificates,
	countComplaints,
	countGrades,
	countOrganizations,
	countSpotCoverage,
	countSpotTasks,
	groupReports,
	hasAlerts,
	replaceCells,
	statsState,
	sumCells,
} from "./stats.repository.ts";

/** The dashboards, each one metric of the cube. */
export const METRICS = [
	"organizations",
	"certificates",
	"reports",
	"spot-checks",
	"approvals",
	"complaints",
	"grades",
	"alerts",
] as const;
export type MetricName = (typeof METRICS)[number];

const CUBE: Record<MetricName, { metric: string; monthly: boolean }> = {
	organizations: { metric: "org", monthly: false },
	certificates: { metric: "cert", monthly: true },
	reports: { metric: "report", monthly: true },
	"spot-checks": { metric: "spot", monthly: true },
	approvals: { metric: "approval", monthly: true },
	complaints: { metric: "complaint", monthly: true },
	grades: { metric: "grade", monthly: false },
	alerts: { metric: "alert", monthly: true },
};

/** A report's field when no capability row of its lab names its product or the lab has none. */
export const OTHER_FIELD = "其他";

/** How old the cube may grow before the server recounts it even though the log has not grown. */
export const STATS_MAX_AGE_MS = 10 * 60_000;

export interface StatsState {
	logSize: number;
	refreshedAt: string;
	durationMs: number;
	/** Random per recount. */
	generation: string;
}

/** Recounts the register into the cube; returns the state it stamped. */
export async function refreshStats(db: Db, clock: Clock): Promise<StatsState> {
	const started = Date.now();
	const size = await logSize(db);
	const today = chinaDate(clock.now());
	const cells: Cell[] = [
		...(await countOrganizations(db)),
		...(await countCertificates(db, today)),
		...(await reportCells(db)),
		...(await countSpotTasks(db)),
		...(await countSpotCoverage(db)),
		...(await countApplications(db, today)),
		...(await countComplaints(db)),
		...(await countGrades(db)),
		...((await hasAlerts(db)) ? await countAlerts(db) : []),
	];
	const state = {
		logSize: size,
		refreshedAt: isoInstant(clock.now()),
		durationMs: Date.now() - started,
		generation: randomUUID(),
	};
	await replaceCells(db, cells, state);
	return state;
}

/**
 * Reports by field: a report's field is the field of its lab's capability rows for its product, else the
 * lab's main field (the one most of its rows are in), else 其他.
 */
async function reportCells(db: Db): Promise<Cell[]> {
	const byProduct = new Map<string, { field: string; n: number }>();
	const byLab = new Map<number, Map<string, number>>();
	for (const c of await capabilityFields(db)) {
		const key = `${c.orgId}\u0000${c.product}`;
		const had = byProduct.get(key);
		if (!had || c.n > had.n) byProduct.set(key, { field: c.field, n: c.n });
		const fields = byLab.get(c.orgId) ?? new Map<string, number>();
		fields.set(c.field, (fields.get(c.field) ?? 0) + c.n);
		byLab.set(c.orgId, fields);
	}
	const mainField = new Map<number, string>();
	for (const [lab, fields] of byLab)
		mainField.set(lab, [...fields].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]);
	const cells = new Map<string, Cell>();
	for (const r of await groupReports(db)) {
		const field =
			byProduct.get(`${r.lab_id}\u0000${r.product}`)?.field ?? mainField.get(r.lab_id) ?? OTHER_FIELD;
		const district = r.district ?? "";
		const key = [district, field, r.month, r.status, r.conclusion].join("\u0000");
		const c = cells.get(key);
		if (c) c.n += r.n;
		else
			cells.set(key, {
				metric: "report",
				district,
				field,
				month: r.month,
				k1: r.status,
				k2: r.conclusion,
				n: r.n,
				v: 0,
			});
	}
	return [...cells.values()];
}

/** The server's recount in progress, by register: a first request waits for it rather than count again. */
const recounting = new WeakMap<Db, Promise<unknown>>();

/**
 * The cube's state, computing it first when it has never been — unless the server's job is counting it
 * already (on a worker thread, at start), when the request waits for that count instead of holding the
 * process with a second one.
 */
export async function ensureStats(db: Db, clock: Clock): Promise<StatsState> {
	const state = await statsState(db);
	if (state) return state;
	const running = recounting.get(db);
	if (running) {
		await running.catch(() => {});
		const counted = await statsState(db);
		if (counted) return counted;
	}
	return refreshStats(db, clock);
}

/** True when there is no count, the log has grown since it, or it is older than `maxAgeMs`. */
function isStale(state: StatsState | null, size: number, now: number, maxAgeMs: number): boolean {
	return !(state && state.logSize === size && now - Date.parse(state.refreshedAt) < maxAgeMs);
}

/**
 * The share of one core the server's recounts may take. A recount costs time in proportion to the
 * register (about a minute of a core at national scale), and under a steady stream of writes the log grows
 * between any two checks: after a recount of d milliseconds the next waits until 9·d have passed, so the
 * figures lag by at most ten recounts' time and counting never takes more than a tenth of a core.
 */
export const STATS_DUTY_CYCLE = 0.1;
/** Recounts quicker than this are not spaced out (the demo register counts in well under a second). */
export const STATS_CHEAP_MS = 1_000;

/** When the server may next recount, after the count `state` stamped (epoch milliseconds). */
export function nextRecountAt(state: StatsState): number {
	const done = Date.parse(state.refreshedAt);
	if (state.durationMs < STATS_CHEAP_MS) return done;
	return done + Math.round((state.durationMs * (1 - STATS_DUTY_CYCLE)) / STATS_DUTY_CYCLE);
}

/**
 * Recounts when stale and due (the server's job); `recount` does the work — on SQLite the server passes
 * one that runs on a worker thread (refresh-worker.ts), so its requests are not held up for seconds.
 */
export async function refreshIfStale(
	db: Db,
	clock: Clock,
	recount: () => Promise<unknown> = () => refreshStats(db, clock),
	maxAgeMs = STATS_MAX_AGE_MS,
): Promise<boolean> {
	// Registered before its first query, so that a request arriving meanwhile waits for this job.
	const running = (async () => {
		const state = await statsState(db);
		const now = clock.now().getTime();
		if (state && now < nextRecountAt(state)) return false;
		if (!isStale(state, await logSize(db), now, maxAgeMs)) return false;
		await recount();
		return true;
	})();
	recounting.set(db, running);
	try {
		return await running;
	} finally {
		if (recounting.get(db) === running) recounting.delete(db);
	}
}

/** Query filters as a request gives them. */
export interface StatsQuery {
	district?: string | undefined;
	field?: string | undefined;
	from?: string | undefined;
	to?: string | undefined;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Checks the filters: a known district, months as YYYY-MM, from not after to. */
export function parseFilter(q: StatsQuery): CellFilter {
	const f: CellFilter = {};
	if (q.district) f.district = districtParam(q.district, "district");
	if (q.field) f.field = q.field;
	for (const name of ["from", "to"] as const) {
		const v = q[name];
		if (v === undefined || v === "") continue;
		if (!MONTH.test(v))
			throw new InputError(
				"STATS_MONTH_INVALID",
				`${name}: a month is written YYYY-MM (e.g. 2026-01)`,
				`${name}：月份应写作 YYYY-MM（如 2026-01）`,
				name,
				"MONTH_FORMAT",
			);
		f[name] = v;
	}
	if (f.from && f.to && f.from > f.to)
		throw new InputError(
			"STATS_MONTH_INVALID",
			"to: the last month comes before the first (from)",
			"to：结束月份早于开始月份（from）",
			"to",
			"MONTH_ORDER",
		);
	return f;
}

/** A count by one key, largest first (months in order). */
export interface Count {
	key: string;
	n: number;
}

/** One dashboard: the total and its breakdowns. */
export interface Breakdown {
	metric: MetricName;
	total: number;
	/** The sum beside the count (statutory days for approvals, accepted within the limit for complaints). */
	sum: number;
	byMonth: Count[];
	byDistrict: Count[];
	byField: Count[];
	/** Status (certificates, reports, tasks, complaints, applications), grade, year (coverage), severity. */
	byK1: Count[];
	/** Conclusion (reports), result (tasks), on time (applications), outcome (complaints), status (alerts). */
	byK2: Count[];
	/** [k1, k2] pairs, for the tables that cross them. */
	byK1K2: { k1: string; k2: string; n: number; v: number }[];
	asOf: StatsState;
}

function counts(cells: readonly CellSum[], key: (c: CellSum) => string, ordered = false): Count[] {
	const m = new Map<string, number>();
	for (const c of cells) m.set(key(c), (m.get(key(c)) ?? 0) + c.n);
	const out = [...m].map(([k, n]) => ({ key: k, n }));
	return ordered
		? out.sort((a, b) => a.key.localeCompare(b.key))
		: out.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
}

/**
 * Answers computed from the cube, kept per process until the cube is recounted: the cube changes only
 * then, so an answer for the same question and the same stamp is exact.
 */
const memo = new Map<string, { stamp: string; value: unknown }>();
const MEMO_MAX = 2_000;

/** Forgets every kept answer (the benchmark measures the queries themselves). */
export function forgetAnswers(): void {
	memo.clear();
}

async function memoised<T>(
	db: Db,
	clock: Clock,
	key: string,
	compute: (asOf: StatsState) => Promise<T>,
): Promise<T> {
	const asOf = await ensureStats(db, clock);
	const stamp = asOf.generation;
	const hit = memo.get(key);
	if (hit && hit.stamp === stamp) return hit.value as T;
	const value = await compute(asOf);
	if (memo.size >= MEMO_MAX) memo.clear();
	memo.set(key, { stamp, value });
	return value;
}

/** One dashboard's figures under the filters. */
export async function breakdown(
	db: Db,
	clock: Clock,
	name: MetricName,
	q: StatsQuery = {},
): Promise<Breakdown> {
	const f = parseFilter(q);
	const { metric, monthly } = CUBE[name];
	const filter = monthly ? f : { district: f.district, field: f.field };
	return memoised(db, clock, `${name}|${JSON.stringify(filter)}`, async (asOf) => {
		const by = (keys: CellKey[]) => sumCells(db, metric, filter, keys);
		const [total, months, districts, fields, k1, k2, pairs] = await Promise.all([
			by([]),
			monthly ? by(["month"]) : Promise.resolve([]),
			by(["district"]),
			by(["field"]),
			by(["k1"]),
			by(["k2"]),
			by(["k1", "k2"]),
		]);
		return {
			metric: name,
			total: total[0]?.n ?? 0,
			sum: total[0]?.v ?? 0,
			byMonth: counts(months, (c) => c.month, true),
			byDistrict: counts(districts, (c) => c.district),
			byField: counts(fields, (c) => c.field),
			byK1: counts(k1, (c) => c.k1),
			byK2: counts(k2, (c) => c.k2),
			byK1K2: pairs.map((p) => ({ k1: p.k1, k2: p.k2, n: p.n, v: p.v })).sort((a, b) => b.n - a.n),
			asOf,
		};
	});
}

/** The public headline figures (首页数字). */
export interface Summary {
	organizations: { cb: number; lab: number; enterprise: number };
	certificates: { total: number; valid: number; suspended: number; issuedThisYear: number };
	reports: { total: number; issuedThisYear: number; failed: number };
	spotChecks: { tasks: number; published: number; failed: number };
	complaints: { received: number; closed: number };
	year: string;
	asOf: StatsState;
}

/** The headline figures: active bodies and labs, certificates, reports, spot checks, complaints. */
export async function summary(db: Db, clock: Clock): Promise<Summary> {
	const year = chinaDate(clock.now()).slice(0, 4);
	return memoised(db, clock, `summary|${year}`, async (asOf) => {
		const thisYear = { from: `${year}-01`, to: `${year}-12` };
		const [orgs, certs, certsYear, reports, reportsYear, spot, complaints] = await Promise.all([
			sumCells(db, "org", {}, ["field", "k1"]),
			sumCells(db, "cert", {}, ["k1"]),
			sumCells(db, "cert", thisYear, []),
			sumCells(db, "report", {}, ["k2"]),
			sumCells(db, "report", thisYear, []),
			sumCells(db, "spot", {}, ["k1", "k2"]),
			sumCells(db, "complaint", {}, ["k1"]),
		]);
		const activeOf = (kind: string) => sumOf(orgs, (c) => c.field === kind && c.k1 === "active");
		return {
			organizations: { cb: activeOf("cb"), lab: activeOf("lab"), enterprise: activeOf("enterprise") },
			certificates: {
				total: sumOf(certs, () => true),
				valid: sumOf(certs, (c) => c.k1 === "valid"),
				suspended: sumOf(certs, (c) => c.k1 === "suspended"),
				issuedThisYear: sumOf(certsYear, () => true),
			},
			reports: {
				total: sumOf(reports, () => true),
				issuedThisYear: sumOf(reportsYear, () => true),
				failed: sumOf(reports, (c) => c.k2 === "fail"),
			},
			spotChecks: {
				tasks: sumOf(spot, () => true),
				published: sumOf(spot, (c) => c.k1 === "published"),
				failed: sumOf(spot, (c) => c.k1 === "published" && c.k2 === "fail"),
			},
			complaints: {
				received: sumOf(complaints, () => true),
				closed: sumOf(complaints, (c) => c.k1 === "closed"),
			},
			year,
			asOf,
		};
	});
}

function sumOf(cells: readonly CellSum[], keep: (c: CellSum) => boolean): number {
	let n = 0;
	for (const c of cells) if (keep(c)) n += c.n;
	return n;
}

/** One district's row of the yearly performance evaluation (区级绩效评价). */
export interface DistrictRow {
	district: string;
	nameZh: string;
	nameEn: string;
	/** Active certification bodies and labs registered in the district. */
	bodies: number;
	labs: number;
	validCertificates: number;
	certificatesIssued: number;
	reportsIssued: number;
	reportsFailed: number;
	spotTasks: number;
	spotFailed: number;
	/** Distinct organisations drawn in the year over active organisations of the district, in percent. */
	spotCoverage: number | null;
	applicationsDecided: number;
	/** Decisions within the statutory limits, in percent of those decided. */
	approvalsOnTime: number | null;
	/** Average statutory working days used per decision. */
	approvalDays: number | null;
	complaintsReceived: number;
	complaintsClosed: number;
	complaintsUpheld: number;
	alertsRaised: number;
}

/** The district table for a year (YYYY): every Shanghai district, in code order, plus the city total. */
export async function districtTable(
	db: Db,
	clock: Clock,
	year: string,
): Promise<{ year: string; rows: DistrictRow[]; total: DistrictRow; asOf: StatsState }> {
	if (!/^\d{4}$/.test(year))
		throw new InputError(
			"STATS_YEAR_INVALID",
			"year: a year is four digits (e.g. 2026)",
			"year：年份应为四位数字（如 2026）",
			"year",
			"YEAR_FORMAT",
		);
	return memoised(db, clock, `districts|${year}`, async (asOf) => {
		const range = { from: `${year}-01`, to: `${year}-12` };
		const [orgs, certsAll, certs, reports, spot, cover, apps, complaints, alerts] = await Promise.all([
			sumCells(db, "org", {}, ["district", "field", "k1"]),
			sumCells(db, "cert", {}, ["district", "k1"]),
			sumCells(db, "cert", range, ["district"]),
			sumCells(db, "report", range, ["district", "k2"]),
			sumCells(db, "spot", range, ["district", "k2"]),
			sumCells(db, "spot_orgs", {}, ["district", "k1"]),
			sumCells(db, "approval", range, ["district", "k1", "k2"]),
			sumCells(db, "complaint", range, ["district", "k1", "k2"]),
			sumCells(db, "alert", range, ["district"]),
		]);
		const row = (code: string | null): DistrictRow => {
			const d = (c: CellSum) => code === null || c.district === code;
			const active = sumOf(orgs, (c) => d(c) && c.k1 === "active");
			const covered = sumOf(cover, (c) => d(c) && c.k1 === year);
			const decided = apps.filter((c) => d(c) && c.k1 === "finished" && c.k2 !== "");
			const decidedN = sumOf(decided, () => true);
			const days = decided.reduce((s, c) => s + c.v, 0);
			const info = code ? districtByCode(code) : undefined;
			return {
				district: code ?? "",
				nameZh: info?.nameZh ?? "全市",
				nameEn: info?.nameEn ?? "Shanghai",
				bodies: sumOf(orgs, (c) => d(c) && c.field === "cb" && c.k1 === "active"),
				labs: sumOf(orgs, (c) => d(c) && c.field === "lab" && c.k1 === "active"),
				validCertificates: sumOf(certsAll, (c) => d(c) && c.k1 === "valid"),
				certificatesIssued: sumOf(certs, d),
				reportsIssued: sumOf(reports, d),
				reportsFailed: sumOf(reports, (c) => d(c) && c.k2 === "fail"),
				spotTasks: sumOf(spot, d),
				spotFailed: sumOf(spot, (c) => d(c) && c.k2 === "fail"),
				spotCoverage: active ? round1((covered / active) * 100) : null,
				applicationsDecided: decidedN,
				approvalsOnTime: decidedN ? round1((sumOf(decided, (c) => c.k2 === "1") / decidedN) * 100) : null,
				approvalDays: decidedN ? round1(days / decidedN) : null,
				complaintsReceived: sumOf(complaints, d),
				complaintsClosed: sumOf(complaints, (c) => d(c) && c.k1 === "closed"),
				complaintsUpheld: sumOf(complaints, (c) => d(c) && (c.k2 === "upheld" || c.k2 === "partly_upheld")),
				alertsRaised: sumOf(alerts, d),
			};
		};
		return { year, rows: DISTRICTS.map((x) => row(x.code)), total: row(null), asOf };
	});
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Valid certificates by scheme and by holder's district, largest first (the public page's charts). */
export async function validCertificatesBy(
	db: Db,
	clock: Clock,
): Promise<{ schemes: Count[]; districts: Count[] }> {
	return memoised(db, clock, "valid", async () => {
		const cells = (await sumCells(db, "cert", {}, ["field", "district", "k1"])).filter(
			(c) => c.k1 === "valid",
		);
		return { schemes: counts(cells, (c) => c.field), districts: counts(cells, (c) => c.district) };
	});
}
