/**
 * The statistics recount on a worker thread (SQLite): better-sqlite3 runs each grouped query
 * synchronously, and over a million reports that takes seconds the server's thread must spend on requests.
 * The worker opens its own connection to the same file (WAL: it reads beside the server and takes the
 * write lock only to replace the cells), recounts, and posts the state it stamped.
 */
import { parentPort, workerData } from "node:worker_threads";
import { fixedClock } from "../../core/dates.ts";
import { openDatabase } from "../db/database.ts";
import { refreshStats } from "./stats.service.ts";

const { file, at } = workerData as { file: string; at: string };
const handle = openDatabase({ kind: "sqlite", sqliteFile: file });
try {
	const state = await refreshStats(handle.db, fixedClock(at));
	parentPort?.postMessage({ ok: true, state });
} catch (e) {
	parentPort?.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
} finally {
	await handle.close();
}
