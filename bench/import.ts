/**
 * Import speed: certificate rows per second through `opentic import` (decode, parse, check, write with
 * history, audit team and log entry), against a raw better-sqlite3 insert of the same certificate rows
 * into the same table, in the same run.
 */
import fs from "node:fs";
import path from "node:path";
import { systemClock } from "../src/core/dates.ts";
import { personRef } from "../src/core/records/person-ref.ts";
import { completeUscc } from "../src/core/uscc.ts";
import { cliActor } from "../src/server/auth/policy.ts";
import { importRecords, runImport } from "../src/server/import/import.service.ts";
import { DATA, freshSqlite, report, time } from "./common.ts";

const N = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const HOLDERS = 20_000;
const ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const code = (n: number) => {
	let s = "";
	for (let i = 0; i < 6; i++) {
		s = ALPHA[n % 31] + s;
		n = Math.floor(n / 31);
	}
	return s;
};
const holderUscc = (i: number) => completeUscc(`91310115MA${code(100_000 + i)}`);
const CB = completeUscc("91310101MA0CB001");

export async function prepareRegister(name: string, opts: { checkpointInBackground?: boolean } = {}) {
	const h = await freshSqlite(name, opts);
	const clock = systemClock;
	const one = (kind: Parameters<typeof importRecords>[2]["kind"], raws: Record<string, unknown>[]) =>
		importRecords(
			h.db,
			raws.map((raw, i) => ({ line: i + 1, raw })),
			{ kind, clock, actor: cliActor("bench") },
		);
	await one("organizations", [
		{ uscc: CB, kind: "cb", name: "上海基准认证有限公司", district: "310101" },
		...Array.from({ length: HOLDERS }, (_, i) => ({
			uscc: holderUscc(i),
			kind: "enterprise",
			name: `上海基准${i}精密仪器有限公司`,
			district: "310115",
		})),
	]);
	await one("qualifications", [
		{
			type: "cb_approval",
			number: "CNCA-R-2002-001",
			orgUscc: CB,
			validFrom: "2020-01-01",
			validUntil: "2030-01-01",
			scope: "QMS",
		},
	]);
	await one(
		"people",
		Array.from({ length: 20 }, (_, i) => {
			const first17 = `31011519800101${String(100 + i)}`;
			return { idNumber: first17 + idCheck(first17), name: `审核员${i}`, employerUscc: CB, roles: "auditor" };
		}),
	);
	return h;
}

function idCheck(first17: string): string {
	const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let s = 0;
	for (let i = 0; i < 17; i++) s += Number(first17[i]) * W[i]!;
	return "10X98765432"[s % 11]!;
}

function row(i: number) {
	return {
		number: `000126Q${String(i).padStart(7, "0")}R0M`,
		holderUscc: holderUscc(i % HOLDERS),
		holderName: `上海基准${i % HOLDERS}精密仪器有限公司`,
		scope: `测量仪器仪表的设计和制造（第${i % 50}类）`,
		issueDate: "2025-03-01",
		expiryDate: "2028-02-28",
		team: `${personRef(1 + (i % 20))}:leader;${personRef(1 + ((i + 1) % 20))}:member`,
	};
}

/**
 * Baselines, on a register prepared like the import's: the certificate rows alone, raw prepared inserts
 * in one transaction (the rows built before the clock starts); then the whole write set an import makes
 * per certificate — the row, its audit team, its log entry and its audit-trail row — by raw prepared
 * statements, 1,000 certificates per transaction, with no checks, lookups or hashing, on a database
 * opened as the import's is: the storage floor.
 */
async function baselines(): Promise<{ rawMs: number; floorMs: number }> {
	const raw = await prepareRegister("import-raw");
	const sqlite = raw.sqlite!;
	const ids = new Map(
		(sqlite.prepare("select id, uscc from organizations").all() as { id: number; uscc: string }[]).map(
			(o) => [o.uscc, o.id],
		),
	);
	const cbId = ids.get(CB)!;
	const now = new Date().toISOString();
	const rows = Array.from({ length: N }, (_, i) => {
		const r = row(i);
		return [
			r.number,
			"QMS",
			"GB/T 19001-2016/ISO 9001:2015",
			cbId,
			ids.get(r.holderUscc),
			r.holderName,
			r.scope,
			"[]",
			null,
			null,
			r.issueDate,
			r.issueDate,
			r.expiryDate,
			0,
			0,
			"valid",
			r.issueDate,
			null,
			now,
			now,
		];
	});
	const ins = sqlite.prepare(
		"insert into certificates (number, scheme, standard, cb_id, holder_id, holder_name, scope, sites_json, product, ccc_code, first_issue_date, issue_date, expiry_date, surveillance_count, recert_count, status, status_since, status_reason, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	);
	const rawTime = await time(() =>
		sqlite.transaction(() => {
			for (const r of rows) ins.run(r);
		})(),
	);
	await raw.close();

	const floorDb = await prepareRegister("import-floor", { checkpointInBackground: true });
	const f = floorDb.sqlite!;
	const ins2 = f.prepare(
		"insert into certificates (number, scheme, standard, cb_id, holder_id, holder_name, scope, sites_json, product, ccc_code, first_issue_date, issue_date, expiry_date, surveillance_count, recert_count, status, status_since, status_reason, created_at, updated_at, log_idx) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	);
	const team = f.prepare("insert into certificate_auditors (certificate_id, person_id, role) values (?,?,?)");
	const entry = f.prepare("insert into log_entries (idx, entry) values (?,?)");
	const trail = f.prepare(
		"insert into audit_log (at, actor_type, actor_id, actor_label, actor_org_id, subject_org_id, via, action, outcome, target_type, target_key, before_sha256, after_sha256, ip, request_id, detail) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	);
	const start = Number(f.prepare("select size from log_state").pluck().get());
	const sha = "0".repeat(64);
	// Entries of the import's shape and length, written out beforehand.
	const texts = rows.map(
		(r) =>
			`{"at":"${now}","by":"${CB}","facts":{"expiryDate":"${r[12]}","status":"valid","statusSince":"${r[11]}"},"recordSha256":"${sha}","subject":{"issuer":"${CB}","kind":"certificate","number":"${r[0]}"},"type":"certificate.issued","v":2}`,
	);
	const floorTime = await time(() => {
		for (let b = 0; b < N; b += 1000)
			f.transaction(() => {
				for (let i = b; i < Math.min(N, b + 1000); i++) {
					const id = ins2.run([...rows[i]!, start + i]).lastInsertRowid;
					team.run(id, 1 + (i % 20), "leader");
					team.run(id, 1 + ((i + 1) % 20), "member");
					entry.run(start + i, texts[i]);
					trail.run(
						now,
						"cli",
						"bench",
						"bench",
						null,
						cbId,
						"cli",
						"certificate.issued",
						"ok",
						"certificate",
						`${rows[i]![0]}@${CB}`,
						null,
						sha,
						null,
						null,
						null,
					);
				}
				f.prepare("update log_state set size = ? where id = 1").run(start + Math.min(N, b + 1000));
			})();
	});
	await floorDb.close();
	return { rawMs: rawTime.ms, floorMs: floorTime.ms };
}

export async function benchImport(
	variant?: (h: Awaited<ReturnType<typeof prepareRegister>>) => Promise<void>,
): Promise<void> {
	// The file a body would submit.
	fs.mkdirSync(DATA, { recursive: true });
	const file = path.join(DATA, "certificates.csv");
	const out = fs.createWriteStream(file);
	out.write(
		"number,cbUscc,holderUscc,holderName,holderDistrict,scheme,scope,issueDate,expiryDate,auditTeam\n",
	);
	for (let i = 0; i < N; i++) {
		const r = row(i);
		out.write(
			`${r.number},${CB},${r.holderUscc},${r.holderName},310115,QMS,${r.scope},${r.issueDate},${r.expiryDate},${r.team}\n`,
		);
	}
	await new Promise((r) => out.end(r));

	// The baselines first, in a function of their own: the rows they build in memory are garbage before
	// the import is timed, so the import's collector does not trace them.
	const { rawMs, floorMs } = await baselines();

	// OpenTIC: the same rows as a CSV file through the import path, on a database opened as `opentic
	// import` opens it.
	const h = await prepareRegister("import", { checkpointInBackground: true });
	if (variant) await variant(h);
	const imp = await time(() =>
		runImport(h.db, fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
			kind: "certificates",
			format: "csv",
			encoding: null,
			parallel: true,
			clock: systemClock,
			actor: cliActor("bench"),
		}),
	);
	if (imp.value.created !== N)
		throw new Error(`import created ${imp.value.created} of ${N}: ${JSON.stringify(imp.value)}`);
	await h.close();

	const rawRate = (N / rawMs) * 1000;
	const floorRate = (N / floorMs) * 1000;
	const rate = (N / imp.ms) * 1000;
	process.stdout.write(
		`\nimport — ${N.toLocaleString("en-US")} certificate rows (CSV, audit team of 2, holders registered), SQLite\n`,
	);
	report("opentic import (rows/s)", rate, "rows/s", rawRate, "raw insert", "≥ 100,000 rows/s and ≥ 0.30");
	report(
		"raw write set (rows/s)",
		floorRate,
		"rows/s",
		rawRate,
		"raw insert",
		"(the storage floor, for reference)",
	);
	report("opentic import against the floor", rate, "rows/s", floorRate, "raw write set", "(for reference)");
}

if (import.meta.url === `file://${process.argv[1]}`) await benchImport();
