/**
 * Lookup speed: GET /api/v1/certificates/{number} on the national-scale register (SQLite), against a bare
 * Fastify hello-world route, both in their own server process and loaded by the same autocannon run from
 * this process, one after the other.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { openDatabase } from "../src/server/db/database.ts";
import { report } from "./common.ts";
import { ensureSeeded } from "./datasets.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;

export function startServer(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
	const child = spawn(process.execPath, args, {
		cwd: ROOT,
		env: { ...process.env, ...env, PORT: String(port) },
		stdio: ["ignore", "ignore", "pipe"],
	});
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + 120_000;
		const poll = async () => {
			try {
				const r = await fetch(`http://127.0.0.1:${port}/healthz`);
				if (r.ok) return resolve(child);
			} catch {}
			if (Date.now() > deadline || child.exitCode !== null)
				return reject(new Error(`server ${args.join(" ")} did not start`));
			setTimeout(poll, 200);
		};
		void poll();
	});
}

/**
 * Waits until a server has finished its start-up work (the first statistics recount of a large register
 * takes a minute of CPU on a worker thread), so that the load measures requests and not that: until its
 * CPU time grows by less than 5 % of a core over two seconds in a row, or three minutes have passed.
 */
export async function settle(pid: number): Promise<void> {
	const ticks = () => {
		try {
			const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
			return Number(f[11]) + Number(f[12]);
		} catch {
			return null; // not Linux, or gone: nothing to wait for
		}
	};
	let last = ticks();
	let quiet = 0;
	for (let waited = 0; last !== null && quiet < 2 && waited < 180; waited++) {
		await new Promise((r) => setTimeout(r, 1000));
		const now = ticks();
		if (now === null) return;
		quiet = now - last < 5 ? quiet + 1 : 0;
		last = now;
	}
}

export async function load(url: string, paths: string[]): Promise<autocannon.Result> {
	let i = 0;
	const options = {
		url,
		connections: CONNECTIONS,
		pipelining: 1,
		requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[i++ % paths.length]! }) }],
	};
	// Warm-up: every path once (a read cache then holds them all), then two seconds more.
	if (paths.length > 1) await autocannon({ ...options, amount: paths.length });
	await autocannon({ ...options, duration: 2 });
	const r = await autocannon({ ...options, duration: DURATION });
	if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
	return r;
}

export async function benchLookup(): Promise<void> {
	const dataDir = await ensureSeeded("national");
	const h = openDatabase({ kind: "sqlite", sqliteFile: path.join(dataDir, "opentic.sqlite") });
	const total = Number((h.sqlite!.prepare("select max(id) as n from certificates").get() as { n: number }).n);
	const pick = h.sqlite!.prepare("select number, cb_id from certificates where id = ?");
	const paths: string[] = [];
	for (let k = 0; paths.length < 20_000; k++) {
		const row = pick.get(1 + Math.floor((((k * 2654435761) % 2 ** 32) / 2 ** 32) * total)) as
			| { number: string }
			| undefined;
		if (row) paths.push(`/api/v1/certificates/${encodeURIComponent(row.number)}`);
	}
	await h.close();

	const hello = await startServer(["--import", "tsx", "bench/hello.ts"], {}, 18081);
	let helloResult: autocannon.Result;
	try {
		helloResult = await load("http://127.0.0.1:18081", ["/hello"]);
	} finally {
		hello.kill();
	}
	const measure = async (env: Record<string, string>) => {
		const server = await startServer(
			["bin/opentic.mjs", "serve"],
			{
				OPENTIC_DATA_DIR: dataDir,
				OPENTIC_SEED_ON_EMPTY: "none",
				// One client address sends all the load: the per-client rate limit would only measure itself.
				OPENTIC_RATE_LIMIT: "0",
				...env,
			},
			18082,
		);
		try {
			await settle(server.pid!);
			return await load("http://127.0.0.1:18082", paths);
		} finally {
			server.kill();
			await new Promise((r) => server.once("exit", r));
		}
	};
	// A first pass warms the operating system's page cache for the certificates requested. Each server is
	// measured once it has settled; "read cache" is measured with every number requested loaded once.
	await measure({ OPENTIC_LOOKUP_CACHE: "0" });
	const uncached = await measure({ OPENTIC_LOOKUP_CACHE: "0" });
	const cached = await measure({});
	process.stdout.write(
		`\nlookup — GET /api/v1/certificates/{number}, ${total.toLocaleString("en-US")} certificates (SQLite), ${CONNECTIONS} connections, ${DURATION} s, ${paths.length.toLocaleString("en-US")} distinct numbers in turn\n`,
	);
	const helloRate = helloResult.requests.average;
	const helloP99 = Math.max(1, helloResult.latency.p99);
	report("lookup, read cache (req/s)", cached.requests.average, "req/s", helloRate, "hello-world", "≥ 0.60");
	report("lookup, read cache p99 (ms)", cached.latency.p99, "ms", helloP99, "hello-world p99", "p99 ≤ 5 ms");
	report("lookup, no cache (req/s)", uncached.requests.average, "req/s", helloRate, "hello-world", "≥ 0.60");
	report("lookup, no cache p99 (ms)", uncached.latency.p99, "ms", helloP99, "hello-world p99", "p99 ≤ 5 ms");
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLookup();
