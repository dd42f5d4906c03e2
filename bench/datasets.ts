/**
 * Seeded registers for benchmarks, built once with `opentic seed` and kept under bench/.data/<scale> (a
 * marker file records the scale and the schema; BENCH_REBUILD=1 rebuilds).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DATA, removeSqlite } from "./common.ts";

export const AS_OF = "2026-11-25";
/** Raise when the generator changes what it produces. */
const SEED_VERSION = 3;

/** Returns the data folder of a seeded SQLite register of this scale, seeding it first if needed. */
export async function ensureSeeded(scale: "shanghai" | "national"): Promise<string> {
	const dir = path.join(DATA, scale);
	const marker = path.join(dir, "seeded.json");
	// Later migrations apply to a seeded register when the server starts; only the data decides reuse.
	const want = JSON.stringify({ scale, asOf: AS_OF, seed: SEED_VERSION });
	const ready = () => fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === want;
	if (!process.env.BENCH_REBUILD && ready()) return dir;
	// One process seeds; a benchmark started meanwhile waits for it rather than seeding over it.
	fs.mkdirSync(DATA, { recursive: true });
	const lock = path.join(DATA, `${scale}.seeding`);
	for (;;) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
			break;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
			const holder = Number(fs.readFileSync(lock, "utf8"));
			if (!alive(holder)) {
				fs.rmSync(lock, { force: true });
				continue;
			}
			process.stdout.write(`waiting for process ${holder} to finish seeding ${scale}…\n`);
			while (alive(holder) && fs.existsSync(lock)) await new Promise((r) => setTimeout(r, 2000));
			if (ready()) return dir;
		}
	}
	try {
		return await seed(scale, dir, marker, want);
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

function alive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function seed(
	scale: "shanghai" | "national",
	dir: string,
	marker: string,
	want: string,
): Promise<string> {
	fs.mkdirSync(dir, { recursive: true });
	removeSqlite(path.join(dir, "opentic.sqlite"));
	fs.rmSync(marker, { force: true });
	process.stdout.write(
		`seeding the ${scale} register into ${path.relative(process.cwd(), dir)} (once; BENCH_REBUILD=1 to redo)…\n`,
	);
	const started = Date.now();
	const r = spawnSync(process.execPath, ["bin/opentic.mjs", "seed", "--scale", scale, "--as-of", AS_OF], {
		cwd: path.resolve(import.meta.dirname, ".."),
		env: { ...process.env, OPENTIC_DATA_DIR: dir, DATABASE_URL: "" },
		stdio: ["ignore", "inherit", "inherit"],
	});
	if (r.status !== 0) throw new Error(`seeding ${scale} failed`);
	process.stdout.write(`seeded ${scale} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
	fs.writeFileSync(marker, want);
	return dir;
}

/** A working copy of a seeded register's database file, for a benchmark that writes to it. */
export async function copyOfSeeded(scale: "shanghai" | "national", name: string): Promise<string> {
	const source = path.join(await ensureSeeded(scale), "opentic.sqlite");
	const file = path.join(DATA, `${name}.sqlite`);
	removeSqlite(file);
	for (const suffix of ["", "-wal"])
		if (fs.existsSync(`${source}${suffix}`)) fs.copyFileSync(`${source}${suffix}`, `${file}${suffix}`);
	return file;
}
