/**
 * The procurement adoption check (`checkSuppliers`, behind `POST /api/v1/procurement/check`) on the
 * shanghai-scale register (SQLite): 1,000 suppliers' USCCs — certificate holders spread over the
 * register — answered with their valid certificates by scheme and their purchasing bans. p50 and p95 of
 * 20 runs; baseline in the same run: one organisation looked up by USCC through the same repository.
 */
import path from "node:path";
import { openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { organizationsByUscc } from "../src/server/procurement/procurement.repository.ts";
import { checkSuppliers } from "../src/server/procurement/procurement.service.ts";
import { percentile, report, time } from "./common.ts";
import { AS_OF, ensureSeeded } from "./datasets.ts";

const LINES = 1_000;
const RUNS = 20;

export async function benchProcurement(): Promise<void> {
	const dataDir = await ensureSeeded("shanghai");
	const h = openDatabase({ kind: "sqlite", sqliteFile: path.join(dataDir, "opentic.sqlite") });
	try {
		await migrateToLatest(h.db);
		const sqlite = h.sqlite!;
		const holders = sqlite
			.prepare("select distinct o.uscc from certificates c join organizations o on o.id = c.holder_id")
			.pluck()
			.all() as string[];
		const certificates = Number(sqlite.prepare("select count(*) from certificates").pluck().get());
		const organizations = Number(sqlite.prepare("select count(*) from organizations").pluck().get());
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
			`\nprocurement — ${LINES.toLocaleString("en-US")} USCCs of the shanghai register (${organizations.toLocaleString("en-US")} organisations, ${certificates.toLocaleString("en-US")} certificates, SQLite), ${answered.toLocaleString("en-US")} valid certificates in the answer, ${RUNS} runs\n`,
		);
		const base = percentile(lookups, 50);
		report("check p50 (ms)", percentile(checks, 50), "ms", base, "one organisation lookup p50", "≤ 500 ms");
		report("check p95 (ms)", percentile(checks, 95), "ms", base, "one organisation lookup p50", "≤ 500 ms");
	} finally {
		await h.close();
	}
}
