/**
 * Credit grades: a full regrade of 1,000,000 organisations (goal ≤ 30 s on SQLite, ≤ 60 s on PostgreSQL)
 * and the incremental regrade of one organisation after an event (goal ≤ 50 ms). The register is
 * generated in the database itself: 1,000,000 enterprises, labs and bodies, 50,000 integrity-file events
 * (penalties, spot-check results) and 20,000 withdrawn certificates' history rows are not needed for the
 * figure's shape, so the events stand for every source. Baseline, in the same run: reading the same
 * inputs (every organisation and event) without grading or writing. PostgreSQL runs when BENCH_PG_URL
 * names an empty database.
 */
import { sql } from "kysely";
import { DEFAULT_MODEL } from "../src/core/credit/grading.ts";
import { fixedClock } from "../src/core/dates.ts";
import { gradeInputs, regradeAll, regradeOrganizations } from "../src/server/credit/grading.service.ts";
import type { Db } from "../src/server/db/database.ts";
import { openDatabase } from "../src/server/db/database.ts";
import { isPostgres } from "../src/server/db/dialect.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { freshSqlite, percentile, report, time } from "./common.ts";

const ORGS = Number(process.env.BENCH_CREDIT_ORGS ?? 1_000_000);
const EVENTS = Math.round(ORGS / 20);
const AS_OF = "2026-12-01";

async function populate(db: Db): Promise<void> {
	const pg = isPostgres(db);
	const series = pg
		? sql`select i from generate_series(1, ${ORGS}) as s(i)`
		: sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ORGS}) select i from n`;
	await sql`insert into organizations (uscc, kind, name, district, address, status, created_at, updated_at)
		select '91310000' || ${pg ? sql`lpad(cast(i as text), 9, '0')` : sql`substr('000000000' || cast(i as text), -9, 9)`} || 'X',
			case when i % 50 = 0 then 'lab' when i % 400 = 1 then 'cb' else 'enterprise' end,
			'企业' || cast(i as text), '310115', null, 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
		from (${series}) as g`.execute(db);
	const kinds = ["penalty", "spot_check", "spot_check", "spot_check"];
	const outcomes = [null, "fail", "rectify", "pass"];
	const evSeries = pg
		? sql`select i from generate_series(1, ${EVENTS}) as s(i)`
		: sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${EVENTS}) select i from n`;
	await sql`insert into credit_events (org_id, person_id, kind, occurred_on, source_key, outcome, summary, detail_json, status, log_idx, recorded_at)
		select (i * 7919) % ${ORGS} + 1, null,
			case i % 4 when 0 then ${kinds[0]} else ${kinds[1]} end,
			case when i % 3 = 0 then '2026-03-01' when i % 3 = 1 then '2025-06-01' else '2023-01-01' end,
			'E' || cast(i as text),
			case i % 4 when 0 then ${outcomes[0]} when 1 then ${outcomes[1]} when 2 then ${outcomes[2]} else ${outcomes[3]} end,
			'事件', '{}', 'active', null, '2026-01-01T00:00:00Z'
		from (${evSeries}) as g`.execute(db);
}

async function run(label: string, db: Db): Promise<void> {
	const fill = await time(() => populate(db));
	process.stdout.write(
		`  ${label}: generated ${ORGS.toLocaleString("en")} organisations and ${EVENTS.toLocaleString("en")} events in ${(fill.ms / 1000).toFixed(1)} s\n`,
	);
	const read = await time(() => gradeInputs(db, DEFAULT_MODEL));
	const clock = fixedClock(`${AS_OF}T04:00:00Z`);
	const full = await time(() => regradeAll(db, { clock }));
	const again = await time(() => regradeAll(db, { clock }));
	report(
		`credit.regrade ${label} (first)`,
		full.ms / 1000,
		"s",
		read.ms / 1000,
		"read inputs",
		label === "sqlite" ? "≤ 30 s" : "≤ 60 s",
	);
	report(
		`credit.regrade ${label} (again)`,
		again.ms / 1000,
		"s",
		read.ms / 1000,
		"read inputs",
		label === "sqlite" ? "≤ 30 s" : "≤ 60 s",
	);
	process.stdout.write(`    ${JSON.stringify(full.value.byGrade)}\n`);
	const one: number[] = [];
	const reads: number[] = [];
	for (let k = 0; k < 200; k++) {
		const id = ((k * 104729) % ORGS) + 1;
		reads.push(
			(await time(() => db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst()))
				.ms,
		);
		one.push(
			(await time(() => db.transaction().execute((trx) => regradeOrganizations(trx, [id], AS_OF)))).ms,
		);
	}
	report(
		`credit.regrade one ${label} p50`,
		percentile(one, 50),
		"ms",
		percentile(reads, 50),
		"read one row",
		"≤ 50 ms",
	);
	report(
		`credit.regrade one ${label} p99`,
		percentile(one, 99),
		"ms",
		percentile(reads, 99),
		"read one row",
		"≤ 50 ms",
	);
}

export async function benchCredit(): Promise<void> {
	process.stdout.write("credit grades\n");
	const h = await freshSqlite("credit");
	try {
		await run("sqlite", h.db);
	} finally {
		await h.close();
	}
	const url = process.env.BENCH_PG_URL;
	if (!url) {
		process.stdout.write("  postgres: not run (set BENCH_PG_URL to an empty database)\n");
		return;
	}
	const pg = openDatabase({ kind: "postgres", url });
	try {
		await migrateToLatest(pg.db);
		await run("postgres", pg.db);
	} finally {
		await pg.close();
	}
}
