/**
 * Statistics at shanghai scale (160,000 certificates, 1,000,000 reports), on a copy of the seeded SQLite
 * register:
 * - recounting the cube (`refreshStats`, what the server does when the log grows);
 * - every dashboard query (`GET /api/v1/stats/{metric}` and `/stats/districts`, through the service
 *   functions the routes call) under a rotation of filters — none, each district, a year, a field —
 *   p95 of 200 runs summed from the cube (the answers a process keeps are forgotten before each), and p95
 *   of the same questions answered again; goal p95 ≤ 200 ms. Baseline in the same run: the same breakdown of certificates
 *   grouped straight from the register's tables (what the cube saves);
 * - the annual report for the register's year, HTML and PDF (recount included); goal ≤ 60 s. Baseline:
 *   the recount alone.
 * PostgreSQL too when BENCH_DATABASE_URL (or OPENTIC_TEST_DATABASE_URL) is set (schema bench_shanghai,
 * seeded without reports, shared with `search`).
 */
import { sql } from "kysely";
import { fixedClock } from "../src/core/dates.ts";
import { DISTRICTS } from "../src/core/reference/districts.ts";
import { type DatabaseHandle, openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { annualReport } from "../src/server/stats/annual-report.service.ts";
import {
	breakdown,
	districtTable,
	forgetAnswers,
	METRICS,
	refreshStats,
	summary,
} from "../src/server/stats/stats.service.ts";
import { percentile, report, time } from "./common.ts";
import { AS_OF, copyOfSeeded } from "./datasets.ts";
import { ensurePostgres } from "./search.ts";

const RUNS = 200;
const clock = fixedClock(`${AS_OF}T04:00:00.000Z`);
const YEAR = AS_OF.slice(0, 4);

export async function benchStats(): Promise<void> {
	const file = await copyOfSeeded("shanghai", "stats");
	const h = openDatabase({ kind: "sqlite", sqliteFile: file });
	try {
		await migrateToLatest(h.db);
		await run(h, "SQLite");
	} finally {
		await h.close();
	}
	const url = process.env.BENCH_DATABASE_URL || process.env.OPENTIC_TEST_DATABASE_URL;
	if (!url) {
		process.stdout.write("stats on PostgreSQL: not run (set BENCH_DATABASE_URL=postgres://…)\n");
		return;
	}
	const pg = await ensurePostgres(url);
	try {
		await migrateToLatest(pg.db);
		await run(pg, "PostgreSQL, without reports");
	} finally {
		await pg.close();
	}
}

/** The filters the dashboards are asked with, in rotation. */
function filters(i: number): Record<string, string> {
	switch (i % 4) {
		case 0:
			return {};
		case 1:
			return { district: DISTRICTS[i % DISTRICTS.length]!.code };
		case 2:
			return { from: `${YEAR}-01`, to: `${YEAR}-12` };
		default:
			return { field: i % 8 === 3 ? "QMS" : "食品", from: `${Number(YEAR) - 1}-01` };
	}
}

async function run(h: DatabaseHandle, label: string): Promise<void> {
	const n = async (table: string) =>
		Number(
			(await sql<{ n: unknown }>`select count(*) as n from ${sql.table(table)}`.execute(h.db)).rows[0]!.n,
		);
	const certificates = await n("certificates");
	const reports = await n("reports");
	process.stdout.write(
		`\nstats — the shanghai register (${certificates.toLocaleString("en-US")} certificates, ${reports.toLocaleString("en-US")} reports, ${label})\n`,
	);
	const refresh = await time(() => refreshStats(h.db, clock));
	const cells = await n("stats_cells");
	process.stdout.write(
		`recount: ${cells.toLocaleString("en-US")} cells in ${(refresh.ms / 1000).toFixed(1)} s\n`,
	);

	// Baseline: certificates by scheme, district and month grouped from the tables themselves.
	const direct: number[] = [];
	for (let i = 0; i < 20; i++)
		direct.push(
			(
				await time(() =>
					sql`select c.scheme, h.district, substr(c.issue_date, 1, 7) as month, count(*) as n
						from certificates c join organizations h on h.id = c.holder_id
						where c.withheld_since is null group by 1, 2, 3`.execute(h.db),
				)
			).ms,
		);
	const base = percentile(direct, 95);
	// Each query measured from the cube (kept answers forgotten first), then as a server answers it again.
	const cold = async (fn: () => Promise<unknown>) => {
		forgetAnswers();
		return (await time(fn)).ms;
	};
	const all: number[] = [];
	const warm: number[] = [];
	for (const metric of METRICS) {
		const ms: number[] = [];
		for (let i = 0; i < RUNS; i++) ms.push(await cold(() => breakdown(h.db, clock, metric, filters(i))));
		for (let i = 0; i < RUNS; i++)
			warm.push((await time(() => breakdown(h.db, clock, metric, filters(i)))).ms);
		all.push(...ms);
		report(`stats ${metric} p95`, percentile(ms, 95), "ms", base, "grouped from tables p95", "≤ 200 ms");
	}
	const table: number[] = [];
	for (let i = 0; i < 50; i++) table.push(await cold(() => districtTable(h.db, clock, YEAR)));
	all.push(...table);
	report("stats districts p95", percentile(table, 95), "ms", base, "grouped from tables p95", "≤ 200 ms");
	const heads: number[] = [];
	for (let i = 0; i < 50; i++) heads.push(await cold(() => summary(h.db, clock)));
	all.push(...heads);
	report("stats summary p95", percentile(heads, 95), "ms", base, "grouped from tables p95", "≤ 200 ms");
	report("stats every dashboard p95", percentile(all, 95), "ms", base, "grouped from tables p95", "≤ 200 ms");
	report("stats answered again p95", percentile(warm, 95), "ms", base, "grouped from tables p95", "≤ 200 ms");

	const html = await time(() => annualReport(h.db, clock, YEAR, "html"));
	const pdf = await time(() => annualReport(h.db, clock, YEAR, "pdf"));
	report(`annual report ${YEAR} (HTML)`, html.ms / 1000, "s", refresh.ms / 1000, "recount", "≤ 60 s");
	report(
		`annual report ${YEAR} (PDF, ${Math.round(pdf.value.bytes.length / 1024)} KB)`,
		pdf.ms / 1000,
		"s",
		refresh.ms / 1000,
		"recount",
		"≤ 60 s",
	);
}
