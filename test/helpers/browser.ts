/**
 * Browser tests: a real OpenTIC server on a free port over a demo-seeded test database, driven by
 * Debian's Chromium through playwright-core. When no Chromium is installed the browser suites are
 * skipped with a loud notice (CI installs it).
 */
import fs from "node:fs";
import path from "node:path";
import type { TestContext } from "node:test";
import type { FastifyInstance } from "fastify";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import type { DatabaseKind } from "../../src/server/db/database.ts";
import { seed } from "../../src/server/seed/seed.service.ts";
import { ensureWebBuilt } from "../../src/server/web/web-build.ts";
import { type TestDb, testDb } from "./db.ts";
import { clock, TEST_LOG_KEY } from "./factories.ts";

export const CHROMIUM = process.env.OPENTIC_CHROMIUM || "/usr/bin/chromium";
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
	process.stderr.write(
		`\n!!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium fonts-noto-cjk) or set OPENTIC_CHROMIUM. CI installs it.\n\n`,
	);

/** Where failing browser tests leave their screenshots. */
export const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-results");

/** The demo register's as-of date: the seeded certificates are current on it. */
export const DEMO_AS_OF = "2026-06-01";

export interface Site {
	url: string;
	db: TestDb;
	app: FastifyInstance;
	browser: Browser;
	close(): Promise<void>;
}

/** Starts a server over a fresh demo register, and a browser. */
export async function startSite(kind: DatabaseKind): Promise<Site> {
	await ensureWebBuilt();
	const db = await testDb(kind);
	await seed(db.db, "demo", DEMO_AS_OF);
	const config = loadConfig({
		OPENTIC_DATA_DIR: "/tmp/opentic-test-unused",
		OPENTIC_RATE_LIMIT: "0",
		OPENTIC_LOGIN_RATE_LIMIT: "10000",
		OPENTIC_LOG_KEY: TEST_LOG_KEY,
	});
	const app = await buildApp({
		db: db.db,
		dbKind: kind,
		clock,
		config,
		...(db.sqlite ? { sqlite: db.sqlite } : {}),
	});
	await app.listen({ port: 0, host: "127.0.0.1" });
	const address = app.server.address();
	const port = typeof address === "object" && address ? address.port : 0;
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
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
	return {
		url: `http://127.0.0.1:${port}`,
		db,
		app,
		browser,
		close: async () => {
			await browser.close();
			await app.close();
			await db.destroy();
		},
	};
}

/**
 * Runs a test body with a fresh page (its own cookies); when the body fails, a full-page screenshot is
 * saved under test-results/ and named in the error.
 */
export async function withPage(
	site: Site,
	t: TestContext,
	body: (page: Page, context: BrowserContext) => Promise<void>,
	opts: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<void> {
	const context = await site.browser.newContext({
		baseURL: site.url,
		viewport: opts.viewport ?? { width: 1280, height: 900 },
		locale: opts.locale ?? "zh-CN",
	});
	const page = await context.newPage();
	page.setDefaultTimeout(20_000);
	try {
		await body(page, context);
	} catch (err) {
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		const file = path.join(
			ARTIFACTS,
			`${t.fullName.replace(/[^\w\u4e00-\u9fff-]+/g, "_").slice(0, 120)}.png`,
		);
		await page.screenshot({ path: file, fullPage: true }).catch(() => {});
		if (err instanceof Error) err.message += `\n(screenshot: ${file})`;
		throw err;
	} finally {
		await context.close();
	}
}
