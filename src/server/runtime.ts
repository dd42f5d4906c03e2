/**
 * Process-level wiring shared by the server and the CLI: open the configured database, migrate it, seed
 * an empty one when configured to, and run the periodic jobs.
 */

import { type Clock, chinaDate, systemClock } from "../core/dates.ts";
import { expireDue } from "./certificates/certificates.service.ts";
import { type Config, ConfigError } from "./config.ts";
import { regradeAll } from "./credit/grading.service.ts";
import { type DatabaseHandle, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { indexAll } from "./db/search-index.ts";
import { runScopeChecks } from "./flags/scope-checks.ts";
import { runSignals } from "./flags/signals.ts";
import { logSize } from "./log/journal.repository.ts";
import { signPending } from "./log/log.service.ts";
import { resolveLogIdentity } from "./log/log-key.ts";
import { generateAll } from "./opendata/opendata.service.ts";
import { seed } from "./seed/seed.service.ts";
import { refreshInWorker } from "./stats/refresh-worker.ts";
import { refreshIfStale } from "./stats/stats.service.ts";

/** Opens the database the configuration names. */
export function openConfigured(config: Config): DatabaseHandle {
	return config.databaseKind === "sqlite"
		? openDatabase({ kind: "sqlite", sqliteFile: config.sqliteFile, checkpointInBackground: true })
		: openDatabase({ kind: "postgres", url: config.databaseUrl!, poolSize: config.pgPoolSize });
}

/** True when the register holds no records yet. */
export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
	return (await logSize(handle.db)) === 0;
}

/** Migrates, then seeds the demo dataset into an empty register when the configuration asks for it. */
export async function prepare(
	handle: DatabaseHandle,
	config: Config,
	say: (msg: string) => void,
	clock: Clock = systemClock,
): Promise<void> {
	const ran = await migrateToLatest(handle.db);
	if (ran.length) say(`database migrated: ${ran.join(", ")}`);
	if (config.seedOnEmpty === "demo" && (await isEmpty(handle))) {
		say("empty register: loading the demo dataset (OPENTIC_SEED_ON_EMPTY=none to skip)…");
		const r = await seed(handle.db, "demo", chinaDate(clock.now()));
		say(`demo dataset loaded in ${(r.durationMs / 1000).toFixed(1)} s`);
	}
}

/**
 * Runs the periodic jobs: certificate expiry (now, then every `expiryMs`), the search indexer (every
 * `indexMs`, in small batches so that requests interleave) and, when given, log checkpoints (every
 * `checkpointMs`). Returns a function that stops them.
 */
export function startJobs(
	handle: DatabaseHandle,
	clock: Clock,
	onError: (e: unknown) => void,
	{
		expiryMs = 10 * 60_000,
		indexMs = 2_000,
		checkpointMs = 1_000,
		scopeChecksMs = 24 * 3_600_000,
		scopeChecksDelayMs = 10 * 60_000,
		statsMs = 60_000,
		openDataMs = 24 * 3_600_000,
		openDataDelayMs = 15 * 60_000,
		checkpoint,
	}: {
		expiryMs?: number;
		indexMs?: number;
		checkpointMs?: number;
		/** The scope cross-checks, fraud signals and full regrade: daily, the first 10 minutes after start. */
		scopeChecksMs?: number;
		scopeChecksDelayMs?: number;
		/** How often the statistics cube is checked, and recounted when the log grew or it aged (stats/). */
		statsMs?: number;
		/** The open-data files: daily, the first 15 minutes after start (opendata/). */
		openDataMs?: number;
		openDataDelayMs?: number;
		/** Signs log entries no request waited for (jobs, imports by other processes). */
		checkpoint?: () => Promise<unknown>;
	} = {},
): () => void {
	const guarded = (job: () => Promise<unknown>) => {
		let running = false;
		return async () => {
			if (running) return;
			running = true;
			try {
				await job();
			} catch (e) {
				onError(e);
			} finally {
				running = false;
			}
		};
	};
	const expire = guarded(() => expireDue(handle.db, clock));
	const index = guarded(() => indexAll(handle.db, undefined, 2_000));
	void expire();
	void index();
	const scope = guarded(async () => {
		await runScopeChecks(handle.db, clock);
		await runSignals(handle.db, clock);
		// Then every credit grade, as of today (events age out of their periods day by day).
		await regradeAll(handle.db, { clock });
	});
	// On a SQLite file the recount runs on a worker thread: its grouped queries would hold this one.
	const file = handle.kind === "sqlite" ? handle.sqlite?.name : undefined;
	const stats = guarded(() =>
		refreshIfStale(
			handle.db,
			clock,
			file && file !== ":memory:" ? () => refreshInWorker(file, clock.now()) : undefined,
		),
	);
	const openData = guarded(() => generateAll(handle.db, clock));
	void stats();
	const timers: NodeJS.Timeout[] = [
		setInterval(expire, expiryMs),
		setInterval(index, indexMs),
		setInterval(scope, scopeChecksMs),
		setTimeout(scope, scopeChecksDelayMs),
		setInterval(stats, statsMs),
		setInterval(openData, openDataMs),
		setTimeout(openData, openDataDelayMs),
	];
	if (checkpoint) timers.push(setInterval(guarded(checkpoint), checkpointMs));
	for (const t of timers) t.unref();
	return () => {
		for (const t of timers) clearTimeout(t);
	};
}

/**
 * Signs a checkpoint over everything appended so far (after an import or a seed), and says what it did.
 * Without the log's key (PostgreSQL without OPENTIC_LOG_KEY) it says that the server will sign instead.
 */
export async function signLog(
	handle: DatabaseHandle,
	config: Config,
	say: (msg: string) => void,
): Promise<void> {
	let identity: ReturnType<typeof resolveLogIdentity>;
	try {
		identity = resolveLogIdentity(config, say);
	} catch (e) {
		if (!(e instanceof ConfigError)) throw e;
		say("transparency log: no signing key here; the server signs the new entries when it starts");
		return;
	}
	const started = Date.now();
	const cp = await signPending(handle.db, identity, systemClock);
	if (cp)
		say(
			`transparency log: checkpoint signed at ${cp.size.toLocaleString("en")} entries (${identity.origin}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
}
