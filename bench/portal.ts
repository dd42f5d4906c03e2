/**
 * The public certificate page: server time under load (against the JSON lookup of the same certificates,
 * same server, same run), the bytes a first visit transfers (HTML, JS, CSS, compressed), and the first
 * contentful paint in Chromium on Lighthouse's "slow 4G" mobile profile (against a minimal HTML page from
 * a bare Fastify server under the same profile).
 */
import path from "node:path";
import { chromium } from "playwright-core";
import { openDatabase } from "../src/server/db/database.ts";
import { ensureWebBuilt } from "../src/server/web/web-build.ts";
import { percentile, report } from "./common.ts";
import { ensureSeeded } from "./datasets.ts";
import { load, startServer } from "./lookup.ts";

const CHROMIUM = process.env.OPENTIC_CHROMIUM || "/usr/bin/chromium";
/** Lighthouse's mobile "slow 4G": 150 ms RTT ×3.75 request latency, 1.6 Mbit/s ×0.9 down, CPU ×4. */
const SLOW_4G = {
	latency: 562.5,
	downloadThroughput: (1638.4 * 0.9 * 1024) / 8,
	uploadThroughput: (675 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;
const PAINT_RUNS = 5;

async function paintTimes(urls: string[]): Promise<{ fcp: number; bytes: Record<string, number> }[]> {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
	});
	const out = [];
	try {
		for (const url of urls) {
			// A fresh context per visit: a first-time visitor, nothing cached.
			const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
			const page = await context.newPage();
			const cdp = await context.newCDPSession(page);
			await cdp.send("Network.enable");
			await cdp.send("Network.emulateNetworkConditions", { offline: false, ...SLOW_4G });
			await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
			const types = new Map<string, string>();
			const bytes: Record<string, number> = {};
			cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
			cdp.on("Network.loadingFinished", (e) => {
				const type = types.get(e.requestId) ?? "Other";
				bytes[type] = (bytes[type] ?? 0) + e.encodedDataLength;
			});
			await page.goto(url, { waitUntil: "networkidle" });
			const fcp = await page.evaluate(
				() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
			);
			out.push({ fcp, bytes });
			await context.close();
		}
	} finally {
		await browser.close();
	}
	return out;
}

export async function benchPortal(): Promise<void> {
	const dataDir = await ensureSeeded("shanghai");
	await ensureWebBuilt((m) => process.stdout.write(`${m}\n`));
	const h = openDatabase({ kind: "sqlite", sqliteFile: path.join(dataDir, "opentic.sqlite") });
	const rows = h
		.sqlite!.prepare(
			"select c.number, o.uscc from certificates c join organizations o on o.id = c.cb_id where c.id % 37 = 0 limit 2000",
		)
		.all() as { number: string; uscc: string }[];
	await h.close();
	const pages = rows.map((r) => `/certificates/${encodeURIComponent(r.number)}?issuer=${r.uscc}`);
	const api = rows.map((r) => `/api/v1/certificates/${encodeURIComponent(r.number)}?issuer=${r.uscc}`);

	const server = await startServer(
		["bin/opentic.mjs", "serve"],
		{ OPENTIC_DATA_DIR: dataDir, OPENTIC_SEED_ON_EMPTY: "none", OPENTIC_RATE_LIMIT: "0" },
		18083,
	);
	const hello = await startServer(["--import", "tsx", "bench/hello.ts"], {}, 18084);
	try {
		const apiLoad = await load("http://127.0.0.1:18083", api);
		const pageLoad = await load("http://127.0.0.1:18083", pages);
		const visits = await paintTimes(
			Array.from({ length: PAINT_RUNS }, (_, i) => `http://127.0.0.1:18083${pages[i * 7]!}`),
		);
		const baseline = await paintTimes(
			Array.from({ length: PAINT_RUNS }, () => "http://127.0.0.1:18084/page"),
		);
		const fcp = percentile(
			visits.map((v) => v.fcp),
			50,
		);
		const fcpBase = percentile(
			baseline.map((v) => v.fcp),
			50,
		);
		const b = visits[0]!.bytes;
		process.stdout.write(
			`\nportal — the public certificate page, shanghai register (SQLite), ${rows.length.toLocaleString("en-US")} certificates in turn\n`,
		);
		report(
			"page p99 (ms)",
			pageLoad.latency.p99,
			"ms",
			Math.max(1, apiLoad.latency.p99),
			"JSON lookup p99",
			"—",
		);
		report("page (req/s)", pageLoad.requests.average, "req/s", apiLoad.requests.average, "JSON lookup", "—");
		report("first contentful paint, slow 4G (ms)", fcp, "ms", fcpBase, "minimal page", "< 1,000 ms");
		process.stdout.write(
			`first visit transfers (compressed): HTML ${b.Document ?? 0} B, JS ${b.Script ?? 0} B, CSS ${b.Stylesheet ?? 0} B (goal: JS ≤ 102,400 B)\n`,
		);
	} finally {
		hello.kill();
		server.kill();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPortal();
