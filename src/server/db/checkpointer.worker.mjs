// Checkpoints a SQLite database (WAL mode) on its own thread and its own connection, so that the thread
// writing never copies the log into the database file or waits for the disk to flush it: a commit then
// only appends its pages to the WAL. PASSIVE checkpoints never wait for readers or the writer, and a
// busy database is simply tried again on the next turn. See db/database.ts.
import { parentPort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";

const db = new SQLite(workerData.file);
db.pragma("busy_timeout = 100");
let timer = null;
const turn = () => {
	try {
		db.pragma("wal_checkpoint(PASSIVE)");
	} catch {
		// Busy or locked now: the next turn tries again; the writer's own backstop still applies.
	}
	timer = setTimeout(turn, workerData.intervalMs);
};
parentPort.on("message", (m) => {
	if (m !== "stop") return;
	clearTimeout(timer);
	db.close();
	parentPort.close();
});
turn();
