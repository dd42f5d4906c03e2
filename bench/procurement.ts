/**
 * The procurement adoption check (`checkSuppliers`, behind `POST /api/v1/procurement/check`) on the
 * shanghai-scale register: 1,000 suppliers' USCCs — certificate holders spread over the register —
 * answered with their valid certificates by scheme and their purchasing bans. p50 and p95 of 20 runs;
 * baseline in the same run: one organisation looked up by USCC through the same repository. SQLite, and
 * PostgreSQL (schema bench_shanghai, shared with `search`) when BENCH_DATABASE_URL or
 * OPENTIC_TEST_DATABASE_URL is set.
 */
import path from "node:path";
import { sql } from "kysely";
import { type DatabaseHandle, openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { organizationsByUscc } from "../src/server/procurement/procurement.repository.ts";
import { checkSuppliers } from "../src/server/procurement/procurement.service.ts";
import { percentile, report, time } from "./common.ts";
import { AS_OF, ensureSeeded } from "./datasets.ts";
import { ensurePostgres } from "./search.ts";

const LINES = 1_000;
const RUNS = 20;

export async function benchProcurement(): Promise<void> {
	const dataDir = await ensureSeeded("shanghai");
	const h = openDatabase({ kind: "sqlite", sqliteFile: path.join(dataDir, "opentic.sqlite") });
	try {
		await migrateToLatest(h.db);
		await run(h, "SQLite");
	} finally {
		await h.close();
	}
	const url = process.env.BENCH_DATABASE_URL || process.env.OPENTIC_TEST_DATABASE_URL;
	if (!url) {
		process.stdout.write("procurement on PostgreSQL: not run (set BENCH_DATABASE_URL=postgres://…)\n");
		return;
	}
	const pg = await ensurePostgres(url);
	try {
		await run(pg, "PostgreSQL");
	} finally {
		await pg.close();
	}
}

async function run(h: DatabaseHandle, label: string): Promise<void> {
	{
		const holders = (
			await sql<{
				uscc: string;
			}>`select distinct o.uscc from certificates c join organizations o on o.id = c.holder_id order by o.uscc`.execute(
				h.db,
			)
		).rows.map((r) => r.uscc);
		const count = async (table: string) =>
			Number(
				(await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(h.db)).rows[0]!.n,
			);
		const certificates = await count("certificates");
		const organizations = await count("organizations");
		// Every k-th holder, so the list spans the register rather than one end of its index.
		const step = Math.max(1, Math.floor(holders.length / LINES));
		const usccs = Array.from({ length: LINES }, (_, i) => holders[(i * step) % holders.length]!);
		// The register's own day, so the figures do not drift as certificates expire after it.
		const today = AS_OF;

		await checkSuppliers(h.db, usccs, today);
		const checks: number[] = [];
		let answered = 0;
		for (let i = 0; i < RUNS; i++) {
			const r = await time(() => checkSuppliers(h.db, usccs, today));
			checks.push(r.ms);
			answered = r.value.reduce((n, l) => n + l.certificates.reduce((m, s) => m + s.count, 0), 0);
		}
		const lookups: number[] = [];
		for (let i = 0; i < 200; i++)
			lookups.push((await time(() => organizationsByUscc(h.db, [usccs[i % LINES]!]))).ms);

		process.stdout.write(
			`\nprocurement — ${LINES.toLocaleString("en-US")} USCCs of the shanghai register (${organizations.toLocaleString("en-US")} organisations, ${certificates.toLocaleString("en-US")} certificates, ${label}), ${answered.toLocaleString("en-US")} valid certificates in the answer, ${RUNS} runs\n`,
		);
		const base = percentile(lookups, 50);
		report("check p50 (ms)", percentile(checks, 50), "ms", base, "one organisation lookup p50", "≤ 500 ms");
		report("check p95 (ms)", percentile(checks, 95), "ms", base, "one organisation lookup p50", "≤ 500 ms");
	}
}
