/**
 * Search speed: Chinese substring queries (`GET /api/v1/certificates?q=…`) on the shanghai-scale register,
 * through the whole HTTP stack in process, on SQLite and (when BENCH_DATABASE_URL or
 * OPENTIC_TEST_DATABASE_URL is set) PostgreSQL. Baseline: exact lookups by number through the same stack
 * in the same run. Also prints the query plans, to show the trigram indexes are used.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { systemClock } from "../src/core/dates.ts";
import { buildApp } from "../src/server/app.ts";
import { loadConfig } from "../src/server/config.ts";
import { type DatabaseHandle, openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { percentile, report } from "./common.ts";
import { AS_OF, ensureSeeded } from "./datasets.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

interface Query {
	q: string;
	kind: string;
}

/** A deterministic query mix taken from the data: fragments of holder names, scopes and numbers. */
async function queries(
	h: DatabaseHandle,
): Promise<{ long: Query[]; short: Query[]; numbers: { number: string; cb: string }[] }> {
	const rows = await h.db
		.selectFrom("certificates as c")
		.innerJoin("organizations as o", "o.id", "c.cb_id")
		.select(["c.number", "c.holder_name", "c.scope", "o.uscc"])
		.where(sql<boolean>`c.id % 997 = 1`)
		.orderBy("c.id")
		.limit(150)
		.execute();
	const long: Query[] = [];
	const short: Query[] = [];
	const numbers: { number: string; cb: string }[] = [];
	for (const [i, r] of rows.entries()) {
		const name = [...r.holder_name.replace(/^(上海|北京|苏州|杭州|合肥|深圳|广州|青岛|武汉|成都|天津)/, "")];
		const scope = [...r.scope];
		if (i % 3 === 0) long.push({ q: name.slice(0, 4).join(""), kind: "holder name" });
		if (i % 3 === 1) long.push({ q: scope.slice(2, 6).join(""), kind: "scope" });
		if (i % 3 === 2) long.push({ q: r.number.slice(4, 11), kind: "number" });
		if (i % 2 === 0) short.push({ q: name.slice(0, 2).join(""), kind: "two characters" });
		numbers.push({ number: r.number, cb: r.uscc });
	}
	return { long, short, numbers };
}

async function timeAll(
	app: Awaited<ReturnType<typeof buildApp>>,
	urls: string[],
	rounds = 2,
): Promise<number[]> {
	for (const u of urls.slice(0, 20)) await app.inject({ method: "GET", url: u }); // warm-up
	const times: number[] = [];
	for (let r = 0; r < rounds; r++)
		for (const u of urls) {
			const t = performance.now();
			const res = await app.inject({ method: "GET", url: u });
			times.push(performance.now() - t);
			if (res.statusCode !== 200) throw new Error(`${u}: ${res.statusCode} ${res.body}`);
		}
	return times;
}

async function plans(h: DatabaseHandle, q: string): Promise<string[]> {
	if (h.kind === "sqlite") {
		const r = await sql<{
			detail: string;
		}>`explain query plan select c.id from certificates c where c.id in (select rowid from certificates_fts where certificates_fts match ${`"${q}"`} union all select t.id from certificates t where t.id > (select indexed_to from search_state where table_name = 'certificates') and t.holder_name like ${`%${q}%`}) order by c.id desc limit 20`.execute(
			h.db,
		);
		return r.rows.map((x) => x.detail);
	}
	const r = await sql<{
		"QUERY PLAN": string;
	}>`explain select id from certificates where (number || ' ' || holder_name || ' ' || scope) ilike ${`%${q}%`} order by id desc limit 20`.execute(
		h.db,
	);
	return r.rows.map((x) => x["QUERY PLAN"]);
}

async function run(h: DatabaseHandle, label: string, goalMs: number): Promise<void> {
	const config = loadConfig({
		OPENTIC_DATA_DIR: path.join(ROOT, "bench/.data"),
		OPENTIC_LOG_LEVEL: "silent",
		// The benchmark is the only client: measure the queries, not the per-client limit.
		OPENTIC_RATE_LIMIT: "0",
	});
	const app = await buildApp({ db: h.db, dbKind: h.kind, clock: systemClock, config });
	const { long, short, numbers } = await queries(h);
	const searchUrls = long.map((x) => `/api/v1/certificates?q=${encodeURIComponent(x.q)}`);
	const shortUrls = short.map((x) => `/api/v1/certificates?q=${encodeURIComponent(x.q)}`);
	const lookupUrls = numbers.map(
		(x) => `/api/v1/certificates/${encodeURIComponent(x.number)}?issuer=${x.cb}`,
	);
	const lookups = await timeAll(app, lookupUrls);
	const searches = await timeAll(app, searchUrls);
	const shorts = await timeAll(app, shortUrls);
	const total = Number(
		(await sql<{ n: number }>`select count(*) as n from certificates`.execute(h.db)).rows[0]!.n,
	);
	process.stdout.write(
		`\nsearch — ${label}, ${total.toLocaleString("en-US")} certificates, ${long.length} queries of 4–7 characters (holder names, scopes, numbers) ×2, in-process HTTP\n`,
	);
	report(
		"search p95 (ms)",
		percentile(searches, 95),
		"ms",
		percentile(lookups, 95),
		"lookup-by-number p95",
		`p95 ≤ ${goalMs} ms`,
	);
	report(
		"search p50 (ms)",
		percentile(searches, 50),
		"ms",
		percentile(lookups, 50),
		"lookup-by-number p50",
		"—",
	);
	report(
		"2-character search p95 (ms)",
		percentile(shorts, 95),
		"ms",
		percentile(lookups, 95),
		"lookup-by-number p95",
		"(LIKE fallback, no index)",
	);
	process.stdout.write(
		`query plan for q=${long[0]!.q}:\n${(await plans(h, long[0]!.q)).map((l) => `    ${l}`).join("\n")}\n`,
	);
	await app.close();
}

/** The PostgreSQL shanghai-scale register in schema bench_shanghai, seeded once (without reports). */
export async function ensurePostgres(url: string): Promise<DatabaseHandle> {
	const schema = "bench_shanghai";
	const admin = openDatabase({ kind: "postgres", url, poolSize: 1 });
	const marker = `shanghai ${AS_OF} certificates`;
	let seeded = false;
	try {
		const r = await sql<{
			d: string | null;
		}>`select obj_description(${`${schema}.log_state`}::regclass, 'pg_class') as d`.execute(admin.db);
		seeded = r.rows[0]?.d === marker && !process.env.BENCH_REBUILD;
	} catch {}
	if (!seeded) {
		await sql.raw(`drop schema if exists ${schema} cascade`).execute(admin.db);
		await sql.raw(`create schema ${schema}`).execute(admin.db);
		process.stdout.write(
			`seeding the shanghai register (without reports) into PostgreSQL schema ${schema} (once)…\n`,
		);
		const full = `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
		const started = Date.now();
		const s = spawnSync(
			process.execPath,
			["bin/opentic.mjs", "seed", "--scale", "shanghai", "--as-of", AS_OF, "--without-reports"],
			{
				cwd: ROOT,
				env: { ...process.env, DATABASE_URL: full },
				stdio: ["ignore", "inherit", "inherit"],
			},
		);
		if (s.status !== 0) throw new Error("seeding PostgreSQL failed");
		process.stdout.write(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
		await sql.raw(`analyze`).execute(admin.db);
		await sql.raw(`comment on table ${schema}.log_state is '${marker}'`).execute(admin.db);
	}
	await admin.close();
	const h = openDatabase({ kind: "postgres", url, schema, poolSize: 4 });
	await migrateToLatest(h.db);
	return h;
}

export async function benchSearch(): Promise<void> {
	const dir = await ensureSeeded("shanghai");
	const lite = openDatabase({ kind: "sqlite", sqliteFile: path.join(dir, "opentic.sqlite") });
	try {
		await run(lite, "SQLite", 20);
	} finally {
		await lite.close();
	}
	const url = process.env.BENCH_DATABASE_URL || process.env.OPENTIC_TEST_DATABASE_URL;
	if (!url) {
		process.stdout.write("search on PostgreSQL: not run (set BENCH_DATABASE_URL=postgres://…)\n");
		return;
	}
	const pg = await ensurePostgres(url);
	try {
		await run(pg, "PostgreSQL", 50);
	} finally {
		await pg.close();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSearch();
