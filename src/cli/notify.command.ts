/**
 * `opentic notify run-once`: read the transparency log from the notification cursor, write the
 * deliveries and notices it calls for, send what is due now, and exit (`opentic serve` does the same
 * continuously). Retries that fall due later stay queued for the next run.
 */
import type { Command } from "commander";
import { systemClock } from "../core/dates.ts";
import { type Config, ConfigError, loadConfig } from "../server/config.ts";
import { migrateToLatest } from "../server/db/migrate.ts";
import { Dispatcher } from "../server/notifications/dispatcher.ts";
import { openConfigured } from "../server/runtime.ts";

/** Adds `notify run-once` to the program. */
export function registerNotifyCommands(program: Command): void {
	const notify = program.command("notify").description("webhook notifications and watchlist notices");
	notify
		.command("run-once")
		.description("process the log since the last run and send the deliveries that are due, then exit")
		.action(async () => {
			let c: Config;
			try {
				c = loadConfig();
			} catch (e) {
				if (e instanceof ConfigError) {
					process.stderr.write(`${e.message}\n`);
					process.exit(2);
				}
				throw e;
			}
			const handle = openConfigured(c);
			try {
				await migrateToLatest(handle.db);
				const r = await new Dispatcher(handle.db, {
					clock: systemClock,
					allowLocal: c.webhookLocal,
				}).runOnce();
				process.stdout.write(
					`notifications: ${r.entries} log entries read, ${r.attempts} deliveries attempted\n`,
				);
			} finally {
				await handle.close();
			}
		});
}
