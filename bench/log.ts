/**
 * The transparency log:
 * - appending every shanghai certificate again through the journal (as an import writes a change) and
 *   signing, in entries per second, against the raw SHA-256 rate of the same entries, with the storage
 *   floor beside it (the same writes by raw prepared statements, then the same fold);
 * - folding the shanghai register's whole log (≈1.25 million entries) into the tree and signing it, in
 *   entries per second, against the raw SHA-256 leaf-hash rate of the same entries in the same run;
 * - inclusion-proof serving at 10,000,000 entries (a synthetic log of short entries): p99 of
 *   TransparencyLog.inclusion against a primary-key read of one entry from the same database;
 * - storage per entry beyond the entry itself: the leaf-hash tiles, the tree nodes and the checkpoints, from
 *   SQLite's page statistics.
 */
import { hash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { systemClock } from "../src/core/dates.ts";
import { generateKey } from "../src/core/tlog/note.ts";
import { AUDIT_COLUMNS } from "../src/server/audit/audit.repository.ts";
import { SYSTEM_ACTOR } from "../src/server/auth/policy.ts";
import { auditorsOf } from "../src/server/certificates/certificates.repository.ts";
import { certificateEvent } from "../src/server/certificates/certificates.service.ts";
import { openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { type LogEvent, logEvents } from "../src/server/log/journal.service.ts";
import { entryAt } from "../src/server/log/log.repository.ts";
import { TransparencyLog } from "../src/server/log/log.service.ts";
import { identityFromKey } from "../src/server/log/log-key.ts";
import { DATA, fmt, percentile, removeSqlite, report, time } from "./common.ts";
import { copyOfSeeded } from "./datasets.ts";

const identity = identityFromKey(generateKey("bench.opentic/log").signerKey, null, "bench");
const BIG = 10_000_000;

export async function foldShanghai(): Promise<void> {
	const file = await copyOfSeeded("shanghai", "log-shanghai");
	const h = openDatabase({ kind: "sqlite", sqliteFile: file });
	try {
		await migrateToLatest(h.db);
		h.sqlite!.exec("delete from log_nodes; delete from log_checkpoints; delete from log_leaf_tiles;");
		const entries = h.sqlite!.prepare("select entry from log_entries order by idx").pluck().all() as string[];
		const raw = await time(() => {
			for (const e of entries) hash("sha256", Buffer.concat([Buffer.of(0), Buffer.from(e)]));
		});
		const tlog = new TransparencyLog(h.db, identity, systemClock);
		const signed = await time(() => tlog.signPending());
		const rate = entries.length / (signed.ms / 1000);
		const rawRate = entries.length / (raw.ms / 1000);
		process.stdout.write(
			`\nlog — the shanghai register's ${fmt(entries.length)} entries folded and signed (SQLite)\n`,
		);
		report("tree + checkpoint (entries/s)", rate, "/s", rawRate, "raw leaf SHA-256", "≥ 100,000 entries/s");
	} finally {
		await h.close();
		removeSqlite(file);
	}
}

/**
 * Bulk append through the register's journal: every shanghai certificate logged again as a change, in
 * transactions of 1,000 as an import writes them (entry text, record hash, audit-trail row, the record's
 * log index), then folded and signed; against the raw SHA-256 leaf-hash rate of the same entries.
 */
export async function appendShanghai(): Promise<void> {
	const file = await copyOfSeeded("shanghai", "log-append");
	const h = openDatabase({ kind: "sqlite", sqliteFile: file, checkpointInBackground: true });
	try {
		await migrateToLatest(h.db);
		const tlog = new TransparencyLog(h.db, identity, systemClock);
		await tlog.signPending();
		const rows = await h.db
			.selectFrom("certificates as c")
			.innerJoin("organizations as cb", "cb.id", "c.cb_id")
			.innerJoin("organizations as o", "o.id", "c.holder_id")
			.selectAll("c")
			.select(["cb.uscc as cb_uscc", "o.uscc as holder_uscc"])
			.orderBy("c.id")
			.execute();
		const teams = await auditorsOf(
			h.db,
			rows.map((r) => Number(r.id)),
		);
		const events: LogEvent[] = rows.map((r) => ({
			...certificateEvent("certificate.updated", r, r.cb_uscc, r.holder_uscc, teams.get(Number(r.id)) ?? []),
			before: null,
			subjectOrgId: r.cb_id,
			row: { table: "certificates" as const, id: Number(r.id) },
		}));
		const first = await tlog.latest();
		const trailBefore = Number(h.sqlite!.prepare("select coalesce(max(id), 0) from audit_log").pluck().get());
		const ctx = {
			now: new Date().toISOString(),
			today: new Date().toISOString().slice(0, 10),
			source: "import",
			actor: SYSTEM_ACTOR,
		};
		const appended = await time(async () => {
			for (let i = 0; i < events.length; i += 1000)
				await h.db.transaction().execute((trx) => logEvents(trx, events.slice(i, i + 1000), ctx));
			await tlog.signPending();
		});
		const entries = h
			.sqlite!.prepare("select entry from log_entries where idx >= ? order by idx")
			.pluck()
			.all(first!.size) as string[];
		const raw = await time(() => {
			for (const e of entries) hash("sha256", Buffer.concat([Buffer.of(0), Buffer.from(e)]));
		});
		// The storage floor: the same write set — these entries, the audit-trail rows the append wrote and
		// the records' log indices — by raw prepared statements on a fresh copy, 1,000 per transaction, no
		// hashing or JSON, then the same fold and signature.
		const trail = h
			.sqlite!.prepare(`select ${AUDIT_COLUMNS.join(", ")} from audit_log where id > ? order by id`)
			.raw()
			.all(trailBefore) as unknown[][];
		const ids = rows.map((r) => Number(r.id));
		const floor = await appendFloor(entries, trail, ids, true);
		// And the log's own floor: the entries alone, with no register write beside them, then the fold.
		const bare = await appendFloor(entries, trail, ids, false);
		process.stdout.write(
			`\nlog — ${fmt(entries.length)} certificate changes appended through the journal and signed (SQLite)\n`,
		);
		const rawRate = entries.length / (raw.ms / 1000);
		for (const [name, ms, goal] of [
			["append + sign (entries/s)", appended.ms, "≥ 100,000 entries/s"],
			["raw write set + sign (entries/s)", floor, "(the storage floor, for reference)"],
			["entries alone + sign (entries/s)", bare, "(the log's floor, for reference)"],
		] as const)
			report(name, entries.length / (ms / 1000), "/s", rawRate, "raw leaf SHA-256", goal);
	} finally {
		await h.close();
		removeSqlite(file);
	}
}

/**
 * Milliseconds to write `entries` raw — with `register`, their audit rows and the records' log indices too —
 * then fold and sign them.
 */
async function appendFloor(
	entries: string[],
	trail: unknown[][],
	ids: number[],
	register: boolean,
): Promise<number> {
	if (trail.length !== entries.length || ids.length !== entries.length)
		throw new Error(
			`append floor: ${entries.length} entries, ${trail.length} audit rows, ${ids.length} records`,
		);
	const file = await copyOfSeeded("shanghai", "log-append-floor");
	const h = openDatabase({ kind: "sqlite", sqliteFile: file, checkpointInBackground: true });
	try {
		await migrateToLatest(h.db);
		const tlog = new TransparencyLog(h.db, identity, systemClock);
		await tlog.signPending();
		const db = h.sqlite!;
		const start = Number(db.prepare("select size from log_state").pluck().get());
		const entry = db.prepare("insert into log_entries (idx, entry) values (?, ?)");
		const audit = db.prepare(
			`insert into audit_log (${AUDIT_COLUMNS.join(", ")}) values (${AUDIT_COLUMNS.map(() => "?").join(", ")})`,
		);
		const index = db.prepare("update certificates set log_idx = ? where id = ?");
		const size = db.prepare("update log_state set size = ? where id = 1");
		const batch = db.transaction((from: number, to: number) => {
			for (let i = from; i < to; i++) {
				entry.run(start + i, entries[i]);
				if (!register) continue;
				audit.run(trail[i]);
				index.run(start + i, ids[i]);
			}
			size.run(start + to);
		});
		const floor = await time(async () => {
			for (let i = 0; i < entries.length; i += 1000) batch(i, Math.min(entries.length, i + 1000));
			await tlog.signPending();
		});
		return floor.ms;
	} finally {
		await h.close();
		removeSqlite(file);
	}
}

/** A log of BIG short entries, built once and reused (BENCH_REBUILD=1 to redo). */
async function bigLog(): Promise<string> {
	const file = path.join(DATA, "log-10m.sqlite");
	if (fs.existsSync(file) && !process.env.BENCH_REBUILD) return file;
	removeSqlite(file);
	fs.mkdirSync(DATA, { recursive: true });
	process.stdout.write(`building a synthetic log of ${fmt(BIG)} entries (once)…\n`);
	const h = openDatabase({ kind: "sqlite", sqliteFile: file });
	await migrateToLatest(h.db);
	const insert = h.sqlite!.prepare("insert into log_entries (idx, entry) values (?, ?)");
	const chunk = h.sqlite!.transaction((from: number, to: number) => {
		for (let i = from; i < to; i++) {
			const entry = `{"i":${i},"type":"bench"}`;
			insert.run(i, entry);
		}
	});
	for (let i = 0; i < BIG; i += 500_000) chunk(i, Math.min(BIG, i + 500_000));
	h.sqlite!.prepare("update log_state set size = ?").run(BIG);
	await new TransparencyLog(h.db, identity, systemClock).signPending();
	await h.close();
	return file;
}

export async function proofs(): Promise<void> {
	const file = await bigLog();
	const h = openDatabase({ kind: "sqlite", sqliteFile: file });
	try {
		await migrateToLatest(h.db);
		const tlog = new TransparencyLog(h.db, identity, systemClock);
		const cp = await tlog.latest();
		const size = cp!.size;
		const n = 20_000;
		const pick = () => Math.floor(Math.random() * size);
		for (let i = 0; i < 500; i++) await tlog.inclusion(pick());
		const proofMs: number[] = [];
		const readMs: number[] = [];
		for (let i = 0; i < n; i++) {
			const a = performance.now();
			await entryAt(h.db, pick());
			const b = performance.now();
			await tlog.inclusion(pick());
			readMs.push(b - a);
			proofMs.push(performance.now() - b);
		}
		process.stdout.write(
			`\nlog — inclusion proofs at ${fmt(size)} entries (SQLite), ${fmt(n)} random entries\n`,
		);
		report("proof p50 (ms)", percentile(proofMs, 50), "ms", percentile(readMs, 50), "entry read p50", "—");
		report(
			"proof p99 (ms)",
			percentile(proofMs, 99),
			"ms",
			percentile(readMs, 99),
			"entry read p99",
			"≤ 2 ms",
		);

		const pages = new Map(
			(
				h.sqlite!.prepare("select name, sum(pgsize) as bytes from dbstat group by name").all() as {
					name: string;
					bytes: number;
				}[]
			).map((r) => [r.name, r.bytes]),
		);
		const entriesTable = pages.get("log_entries") ?? 0;
		const textBytes = Number(h.sqlite!.prepare("select sum(length(entry)) from log_entries").pluck().get());
		const tree =
			(pages.get("log_nodes") ?? 0) +
			(pages.get("sqlite_autoindex_log_nodes_1") ?? 0) +
			(pages.get("log_checkpoints") ?? 0) +
			(pages.get("log_leaf_tiles") ?? 0);
		// The tree's own storage (leaf-hash tiles, nodes, checkpoints) per entry; the entry rows are shown
		// beside it, text and row overhead, which the log would need with or without a tree.
		process.stdout.write(
			`tree storage per entry: ${(tree / size).toFixed(1)} B (goal: ≤ 40 B); entry rows ${(entriesTable / size).toFixed(1)} B/entry, of which ${(textBytes / size).toFixed(1)} B text and ${((entriesTable - textBytes) / size).toFixed(1)} B row overhead\n`,
		);
	} finally {
		await h.close();
	}
}

export async function benchLog(): Promise<void> {
	await foldShanghai();
	await appendShanghai();
	await proofs();
}
