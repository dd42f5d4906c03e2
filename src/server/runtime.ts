/**
 * Process-level wiring shared by the server and the CLI: open the configured database, migrate it, seed
 * an empty one when configured to, and run the periodic jobs.
 */
import { type Clock, chinaDate, systemClock } from "../core/dates.ts";
import { expireDue } from "./certificates/certificates.service.ts";
import type { Config } from "./config.ts";
import { type DatabaseHandle, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { indexAll } from "./db/search-index.ts";
import { logSize } from "./log/journal.repository.ts";
import { seed } from "./seed/seed.service.ts";

/** Opens the database the configuration names. */
export function openConfigured(config: Config): DatabaseHandle {
	return config.databaseKind === "sqlite"
		? openDatabase({ kind: "sqlite", sqliteFile: config.sqliteFile })
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
 * Runs the periodic jobs: certificate expiry (now, then every `expiryMs`) and the search indexer (every
 * `indexMs`, in small batches so that requests interleave). Returns a function that stops them.
 */
export function startJobs(
	handle: DatabaseHandle,
	clock: Clock,
	onError: (e: unknown) => void,
	{ expiryMs = 10 * 60_000, indexMs = 2_000 } = {},
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
	const timers = [setInterval(expire, expiryMs), setInterval(index, indexMs)];
	for (const t of timers) t.unref();
	return () => {
		for (const t of timers) clearInterval(t);
	};
}
