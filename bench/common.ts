/** Shared helpers for benchmarks: fresh SQLite files under bench/.data, timing and ratio printing. */
import fs from "node:fs";
import path from "node:path";
import { type DatabaseHandle, openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";

export const DATA = path.resolve(import.meta.dirname, ".data");

/** Removes a SQLite file and its WAL companions. */
export function removeSqlite(file: string): void {
	for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/**
 * A fresh, migrated SQLite database in bench/.data; `checkpointInBackground` as the server and the
 * command line open theirs (db/database.ts).
 */
export async function freshSqlite(
	name: string,
	opts: { checkpointInBackground?: boolean } = {},
): Promise<DatabaseHandle & { file: string }> {
	fs.mkdirSync(DATA, { recursive: true });
	const file = path.join(DATA, `${name}.sqlite`);
	removeSqlite(file);
	const h = openDatabase({ kind: "sqlite", sqliteFile: file, ...opts });
	await migrateToLatest(h.db);
	return { ...h, file };
}

/** Milliseconds taken by fn. */
export async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
	const t = performance.now();
	const value = await fn();
	return { ms: performance.now() - t, value };
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Prints one result line: the figure, the baseline, their ratio and the goal. */
export function report(
	name: string,
	value: number,
	unit: string,
	baseline: number,
	baselineName: string,
	goal: string,
): void {
	const ratio = value / baseline;
	process.stdout.write(
		`${name.padEnd(34)} ${fmt(value).padStart(10)} ${unit.padEnd(8)} baseline ${baselineName} ${fmt(baseline)} ${unit}  ratio ${ratio.toFixed(2)}  (goal: ${goal})\n`,
	);
}

export function fmt(n: number): string {
	return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
}
