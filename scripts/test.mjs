#!/usr/bin/env node
// Runs the whole suite with node's test runner through tsx: unit tests beside the code (src/**/*.test.ts)
// and integration tests (test/**/*.test.ts). Every database suite runs on SQLite; the same suites run on
// PostgreSQL when OPENTIC_TEST_DATABASE_URL is set, as CI does.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const only = process.argv.slice(2);

function find(dir) {
	const out = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) {
			if (e.name !== "node_modules" && p !== path.join(root, "src/web")) out.push(...find(p));
		} else if (e.name.endsWith(".test.ts")) out.push(p);
	}
	return out;
}

const files = (
	only.length ? only : [...find(path.join(root, "src")), ...find(path.join(root, "test"))]
).sort();
const pg = process.env.OPENTIC_TEST_DATABASE_URL;
const notice = pg
	? `PostgreSQL half: running against ${pg.replace(/\/\/[^@]*@/, "//")}`
	: "PostgreSQL half: NOT RUN — set OPENTIC_TEST_DATABASE_URL=postgres://… to run every database suite on PostgreSQL too (.ci/run does)";
const chromium = process.env.OPENTIC_CHROMIUM || "/usr/bin/chromium";
const browserNotice = fs.existsSync(chromium)
	? `Browser half: running in ${chromium}`
	: `Browser half: NOT RUN — no Chromium at ${chromium} (apt-get install -y chromium fonts-noto-cjk; .ci/run does)`;
process.stdout.write(`${notice}\n${browserNotice}\n`);
// The browser tests need the built front end; build it once here rather than in each suite.
const build = spawnSync(
	process.execPath,
	[
		"--import",
		"tsx",
		"-e",
		"await (await import('./src/server/web/web-build.ts')).ensureWebBuilt(console.log)",
	],
	{ stdio: "inherit", cwd: root },
);
if (build.status !== 0) process.exit(build.status ?? 1);
// Browser suites drive a real Chromium against timeouts; on a small machine they run alone, after the
// rest, so that three database suites competing for the cores cannot starve a page of its clicks.
const browserDir = `${path.join(root, "test", "browser")}${path.sep}`;
const groups = [
	{ files: files.filter((f) => !path.resolve(root, f).startsWith(browserDir)), concurrency: 3 },
	{ files: files.filter((f) => path.resolve(root, f).startsWith(browserDir)), concurrency: 1 },
].filter((g) => g.files.length > 0);
let status = 0;
for (const g of groups) {
	const result = spawnSync(
		process.execPath,
		["--import", "tsx", "--test", `--test-concurrency=${g.concurrency}`, "--test-reporter=spec", ...g.files],
		{
			stdio: "inherit",
			cwd: root,
			env: { ...process.env, OPENTIC_LOG_LEVEL: process.env.OPENTIC_LOG_LEVEL ?? "silent" },
		},
	);
	if (result.status !== 0) status = result.status ?? 1;
}
process.stdout.write(`\n${notice}\n${browserNotice}\n`);
process.exit(status);
