/**
 * Reverse tracing (`trace`, behind `GET /api/v1/trace`) at shanghai scale (SQLite): three hops from each
 * of 20 certification bodies spread over the register, withheld records included as for a regulator,
 * p50 and p95 over 3 rounds; baseline in the same run: one certificate looked up by number through the
 * same database. The query plans of the fan-out steps are checked first: none may scan a whole table.
 * PostgreSQL too when BENCH_PG_URL names a database holding the seeded register (schema bench_shanghai).
 */
import path from "node:path";
import { sql } from "kysely";
import { type DatabaseHandle, openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { certsByNumber } from "../src/server/tracing/tracing.repository.ts";
import { type TraceResult, trace } from "../src/server/tracing/tracing.service.ts";
import { percentile, report, time } from "./common.ts";
import { ensureSeeded } from "./datasets.ts";

const BODIES = 20;
const ROUNDS = 3;
const DEPTH = 3;

export async function benchTrace(): Promise<void> {
	const dataDir = await ensureSeeded("shanghai");
	const h = openDatabase({ kind: "sqlite", sqliteFile: path.join(dataDir, "opentic.sqlite") });
	try {
		await migrateToLatest(h.db);
		await checkPlans(h);
		await run(h, "SQLite");
	} finally {
		await h.close();
	}
	const pgUrl = process.env.BENCH_PG_URL;
	if (pgUrl) {
		const pg = openDatabase({ kind: "postgres", url: pgUrl, schema: "bench_shanghai" });
		try {
			const has = await sql<{
				n: number;
			}>`select count(*)::int as n from information_schema.tables where table_schema = 'bench_shanghai' and table_name = 'certificates'`.execute(
				pg.db,
			);
			if (has.rows[0]?.n) {
				await migrateToLatest(pg.db);
				await run(pg, "PostgreSQL");
			} else
				process.stdout.write("\ntrace — PostgreSQL skipped: no seeded register in schema bench_shanghai\n");
		} finally {
			await pg.close();
		}
	}
}

async function run(h: DatabaseHandle, label: string): Promise<void> {
	const db = h.db;
	const bodies = (
		await db
			.selectFrom("organizations")
			.select("uscc")
			.where("kind", "=", "cb")
			.where((eb) =>
				eb.exists(eb.selectFrom("certificates").select("id").whereRef("cb_id", "=", "organizations.id")),
			)
			.orderBy("id")
			.execute()
	).map((r) => r.uscc);
	const step = Math.max(1, Math.floor(bodies.length / BODIES));
	const picked = Array.from({ length: Math.min(BODIES, bodies.length) }, (_, i) => bodies[i * step]!);
	const certificates = Number(
		(
			await db
				.selectFrom("certificates")
				.select((eb) => eb.fn.countAll().as("n"))
				.executeTakeFirstOrThrow()
		).n,
	);
	const reports = Number(
		(
			await db
				.selectFrom("reports")
				.select((eb) => eb.fn.countAll().as("n"))
				.executeTakeFirstOrThrow()
		).n,
	);

	const go = (uscc: string) =>
		trace(db, { kind: "organization", key: uscc }, { depth: DEPTH, includeWithheld: true });
	await go(picked[0]!);
	const times: number[] = [];
	const sizes: number[] = [];
	let truncated = 0;
	for (let r = 0; r < ROUNDS; r++)
		for (const uscc of picked) {
			const t = await time<TraceResult>(() => go(uscc));
			times.push(t.ms);
			if (r === 0) {
				sizes.push(t.value.nodes.length);
				if (t.value.truncated) truncated++;
			}
		}

	const sample = (
		await db.selectFrom("certificates").select("number").orderBy("id").limit(200).execute()
	).map((r) => r.number);
	await certsByNumber(db, sample[0]!, null);
	const lookups: number[] = [];
	for (let i = 0; i < 400; i++)
		lookups.push((await time(() => certsByNumber(db, sample[i % sample.length]!, null))).ms);

	process.stdout.write(
		`\ntrace — ${DEPTH} hops from ${picked.length} certification bodies of the shanghai register (${certificates.toLocaleString("en-US")} certificates, ${reports.toLocaleString("en-US")} reports, ${label}), ${ROUNDS} rounds; nodes per trace p50 ${percentile(sizes, 50)}, max ${Math.max(...sizes)}; ${truncated} of ${picked.length} cut short by the bounds\n`,
	);
	const base = percentile(lookups, 50);
	report(
		`trace p50 (ms) ${label}`,
		percentile(times, 50),
		"ms",
		base,
		"one certificate by number p50",
		"p95 ≤ 200 ms",
	);
	report(
		`trace p95 (ms) ${label}`,
		percentile(times, 95),
		"ms",
		base,
		"one certificate by number p50",
		"p95 ≤ 200 ms",
	);
}

/** EXPLAIN QUERY PLAN of each fan-out step on SQLite: each must search an index, none scan a table. */
async function checkPlans(h: DatabaseHandle): Promise<void> {
	const s = h.sqlite!;
	const steps: Record<string, string> = {
		"certificates of a holder":
			"select id from certificates where holder_id = 1 and withheld_since is null order by id desc limit 201",
		"certificates of a body": "select id from certificates where cb_id = 1 order by id desc limit 201",
		"certificates of a product": "select id from certificates where product = 'x' order by id desc limit 201",
		"certificates of an auditor":
			"select ca.certificate_id from certificate_auditors ca join certificates c on c.id = ca.certificate_id where ca.person_id = 1 order by ca.certificate_id desc limit 201",
		"audit team of a certificate":
			"select person_id from certificate_auditors where certificate_id = 1 order by person_id limit 201",
		"reports of a lab": "select id from reports where lab_id = 1 order by id desc limit 201",
		"reports of a client": "select id from reports where client_uscc = 'x' order by id desc limit 201",
		"reports of a signatory": "select id from reports where signatory_id = 1 order by id desc limit 201",
		"reports of a product": "select id from reports where product = 'x' order by id desc limit 201",
		"staff of an organisation": "select id from people where employer_id = 1 order by id limit 201",
		"signatories of a lab":
			"select s.person_id from capability_signatories s join capabilities cap on cap.id = s.capability_id where cap.org_id = 1 group by cap.org_id, s.person_id order by s.person_id limit 201",
		"labs of a signatory":
			"select cap.org_id from capability_signatories s join capabilities cap on cap.id = s.capability_id where s.person_id = 1 group by s.person_id, cap.org_id order by cap.org_id limit 201",
	};
	const scans: string[] = [];
	for (const [name, q] of Object.entries(steps)) {
		const plan = (s.prepare(`explain query plan ${q}`).all() as { detail: string }[]).map((r) => r.detail);
		if (plan.some((d) => /^SCAN (?!.*USING)/.test(d))) scans.push(`${name}: ${plan.join("; ")}`);
	}
	if (scans.length > 0) throw new Error(`trace: steps that scan a table:\n${scans.join("\n")}`);
}
