/**
 * Verification:
 * - GET /api/v1/verify on the national-scale register (SQLite) against the same server's /healthz, loaded
 *   by the same autocannon run from this process, one after the other: first with every statement made
 *   afresh (10,000 distinct certificates in turn), then 2,000 certificates whose statements the server
 *   already keeps (kept until the checkpoint changes);
 * - the nightly scope cross-checks over the shanghai-scale register, against a plain read of the same rows
 *   in the same run.
 */
import path from "node:path";
import type autocannon from "autocannon";
import { systemClock } from "../src/core/dates.ts";
import { openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { runScopeChecks } from "../src/server/flags/scope-checks.ts";
import { removeSqlite, report, time } from "./common.ts";
import { copyOfSeeded, ensureSeeded } from "./datasets.ts";
import { load, startServer } from "./lookup.ts";

const PORT = 18083;

export async function benchVerify(): Promise<void> {
	const dataDir = await ensureSeeded(process.env.BENCH_VERIFY_SCALE === "shanghai" ? "shanghai" : "national");
	const h = openDatabase({ kind: "sqlite", sqliteFile: path.join(dataDir, "opentic.sqlite") });
	const total = Number((h.sqlite!.prepare("select max(id) as n from certificates").get() as { n: number }).n);
	const pick = h.sqlite!.prepare(
		"select c.number, o.uscc from certificates c join organizations o on o.id = c.cb_id where c.id = ?",
	);
	const paths: string[] = [];
	for (let k = 0; paths.length < 20_000; k++) {
		const row = pick.get(1 + Math.floor((((k * 2654435761) % 2 ** 32) / 2 ** 32) * total)) as
			| { number: string; uscc: string }
			| undefined;
		if (row)
			paths.push(
				`/api/v1/verify?type=certificate&number=${encodeURIComponent(row.number)}&issuer=${row.uscc}`,
			);
	}
	await h.close();

	const server = await startServer(
		["bin/opentic.mjs", "serve"],
		{ OPENTIC_DATA_DIR: dataDir, OPENTIC_SEED_ON_EMPTY: "none", OPENTIC_RATE_LIMIT: "0" },
		PORT,
	);
	let health: autocannon.Result;
	let fresh: autocannon.Result;
	let kept: autocannon.Result;
	try {
		const url = `http://127.0.0.1:${PORT}`;
		// The server's start-up work (certificates expired since the seed's date) appends to the log; measure
		// the steady state, once the checkpoint has stopped moving for 3 s.
		let size = -1;
		for (let still = 0, waited = 0; still < 3 && waited < 180; waited++) {
			await new Promise((r) => setTimeout(r, 1000));
			const now = (
				(await (await fetch(`${url}/api/v1/log/checkpoint`)).json()) as { checkpoint: { size: number } }
			).checkpoint.size;
			still = now === size ? still + 1 : 0;
			size = now;
		}
		health = await load(url, ["/healthz"]);
		// The first pass walks the 20,000 numbers in turn, making each statement afresh. The second asks for
		// 2,000 of them, all made once beforehand: the statements a server keeps (the checkpoint does not
		// change under a read-only load), as for the certificates whose QR codes are being scanned.
		fresh = await load(url, paths.slice(10_000));
		const hot = paths.slice(0, 2_000);
		for (let k = 0; k < hot.length; k += 20)
			await Promise.all(hot.slice(k, k + 20).map(async (p) => (await fetch(`${url}${p}`)).arrayBuffer()));
		kept = await load(url, hot);
	} finally {
		server.kill();
		await new Promise((r) => server.once("exit", r));
	}
	process.stdout.write(
		`\nverify — GET /api/v1/verify, ${total.toLocaleString("en-US")} certificates (SQLite), fresh: 10,000 distinct certificates in turn; kept: 2,000 asked before\n`,
	);
	const rate = health.requests.average;
	const p99 = Math.max(1, health.latency.p99);
	report("statements, first pass (req/s)", fresh.requests.average, "req/s", rate, "/healthz", "≥ 0.5");
	report("statements, first pass p99 (ms)", fresh.latency.p99, "ms", p99, "/healthz p99", "p99 ≤ 5 ms");
	report("statements, kept (req/s)", kept.requests.average, "req/s", rate, "/healthz", "≥ 0.5");
	report("statements, kept p99 (ms)", kept.latency.p99, "ms", p99, "/healthz p99", "p99 ≤ 5 ms");
}

export async function benchScopeChecks(): Promise<void> {
	const file = await copyOfSeeded("shanghai", "scope-shanghai");
	const h = openDatabase({ kind: "sqlite", sqliteFile: file });
	try {
		await migrateToLatest(h.db);
		const scan = await time(async () => {
			h.sqlite!.prepare("select id, number, scheme, issue_date, cb_id from certificates").all();
			h.sqlite!.prepare("select id, number, lab_id, issue_date, items_json, signatory_id from reports").all();
		});
		let result: Awaited<ReturnType<typeof runScopeChecks>> | undefined;
		const checked = await time(async () => {
			result = await runScopeChecks(h.db, systemClock);
		});
		process.stdout.write(
			`\nscope checks — ${result!.certificates.toLocaleString("en-US")} certificates and ${result!.reports.toLocaleString("en-US")} reports (SQLite, shanghai), ${result!.findings.toLocaleString("en-US")} findings\n`,
		);
		report("nightly cross-check (s)", checked.ms / 1000, "s", scan.ms / 1000, "reading the rows", "≤ 60 s");
	} finally {
		await h.close();
		removeSqlite(file);
	}
}
