/** Runs the statistics recount on a worker thread with its own SQLite connection (refresh.worker.ts). */
import { Worker } from "node:worker_threads";
import type { StatsState } from "./stats.service.ts";

const ENTRY = new URL("../import/worker-entry.mjs", import.meta.url);
const MODULE = new URL("./refresh.worker.ts", import.meta.url).href;

/** Recounts the cube of the SQLite register in `file`, as of `at`, off the calling thread. */
export function refreshInWorker(file: string, at: Date): Promise<StatsState> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(ENTRY, { workerData: { module: MODULE, file, at: at.toISOString() } });
		let settled = false;
		worker.once("message", (m: { ok: boolean; state?: StatsState; error?: string }) => {
			settled = true;
			if (m.ok) resolve(m.state!);
			else reject(new Error(`statistics recount failed: ${m.error}`));
		});
		worker.once("error", (e) => {
			settled = true;
			reject(e);
		});
		worker.once("exit", (code) => {
			if (!settled) reject(new Error(`statistics worker exited with code ${code}`));
		});
	});
}
