/** An application over a test database, driven with app.inject() (no sockets). */
import type { FastifyInstance } from "fastify";
import type { Clock } from "../../src/core/dates.ts";
import { buildApp } from "../../src/server/app.ts";
import { SYSTEM_ACTOR } from "../../src/server/auth/policy.ts";
import { loadConfig } from "../../src/server/config.ts";
import type { DatabaseKind } from "../../src/server/db/database.ts";
import { createAccount, createApiKey } from "../../src/server/identity/identity.service.ts";
import { type TestDb, testDb } from "./db.ts";
import { clock as defaultClock, TEST_LOG_KEY } from "./factories.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
export type Json = any;

export interface Response {
	status: number;
	body: Json;
	headers: Record<string, unknown>;
	raw: string;
}

/** How a request proves who it is. */
export type Credentials = { cookie: string; csrf: string } | { apiKey: string } | null;

export interface TestApp {
	app: FastifyInstance;
	db: TestDb;
	/** GET a path and parse the JSON body. */
	get(path: string, as?: Credentials): Promise<Response>;
	/** Any request; a JSON body is sent as JSON, a string as-is with the given content type. */
	request(
		method: string,
		path: string,
		opts?: { as?: Credentials; body?: unknown; contentType?: string; headers?: Record<string, string> },
	): Promise<Response>;
	/** Signs in and returns the session cookie and CSRF token. */
	signIn(username: string, password?: string): Promise<{ cookie: string; csrf: string }>;
	close(): Promise<void>;
}

export const TEST_PASSWORD = "test-Password-1";

export async function testApp(
	kind: DatabaseKind,
	clock: Clock = defaultClock,
	env: Record<string, string> = {},
): Promise<TestApp> {
	const db = await testDb(kind);
	const config = loadConfig({
		OPENTIC_DATA_DIR: "/tmp/opentic-test-unused",
		OPENTIC_PUBLIC_URL: "http://opentic.test",
		OPENTIC_RATE_LIMIT: "0",
		OPENTIC_LOGIN_RATE_LIMIT: "10000",
		OPENTIC_LOG_KEY: TEST_LOG_KEY,
		...env,
	});
	const app = await buildApp({
		db: db.db,
		dbKind: kind,
		clock,
		config,
		...(db.sqlite ? { sqlite: db.sqlite } : {}),
	});
	const request: TestApp["request"] = async (method, path, opts = {}) => {
		const headers: Record<string, string> = { ...(opts.headers ?? {}) };
		if (opts.as && "cookie" in opts.as) {
			headers.cookie = opts.as.cookie;
			headers["x-csrf-token"] ??= opts.as.csrf;
		}
		if (opts.as && "apiKey" in opts.as) headers.authorization = `Bearer ${opts.as.apiKey}`;
		let payload: string | Buffer | undefined;
		if (opts.body !== undefined) {
			if (typeof opts.body === "string" || Buffer.isBuffer(opts.body)) {
				payload = opts.body;
				headers["content-type"] = opts.contentType ?? "application/json";
			} else {
				payload = JSON.stringify(opts.body);
				headers["content-type"] = "application/json";
			}
		}
		const res = await app.inject({
			method: method as "GET",
			url: path,
			headers,
			...(payload !== undefined ? { payload } : {}),
		});
		const type = String(res.headers["content-type"] ?? "");
		return {
			status: res.statusCode,
			body: type.includes("json") ? res.json() : res.body,
			headers: res.headers,
			raw: res.body,
		};
	};
	return {
		app,
		db,
		get: (path, as) => request("GET", path, { as: as ?? null }),
		request,
		async signIn(username, password = TEST_PASSWORD) {
			const res = await request("POST", "/api/v1/auth/login", { body: { username, password } });
			if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.raw}`);
			const setCookie = String(res.headers["set-cookie"] ?? "");
			return { cookie: setCookie.split(";")[0]!, csrf: res.body.csrfToken };
		},
		async close() {
			await app.close();
			await db.destroy();
		},
	};
}

/** Creates an account directly (as the system) with the test password. */
export async function makeAccount(
	t: TestApp,
	username: string,
	role: string,
	orgUscc: string | null,
	districts: string[] = [],
	person: string | null = null,
): Promise<void> {
	await createAccount(
		t.db.db,
		{ username, displayName: username, role, orgUscc, districts, person, password: TEST_PASSWORD },
		SYSTEM_ACTOR,
		defaultClock,
	);
}

/** Creates an API key directly (as the system) and returns it. */
export async function makeApiKey(t: TestApp, orgUscc: string, permissions: string[]): Promise<string> {
	return (
		await createApiKey(t.db.db, { orgUscc, name: "test system", permissions }, SYSTEM_ACTOR, defaultClock)
	).key;
}

/** How many entries the test app's transparency log holds. */
export async function logSize(t: TestApp): Promise<number> {
	return Number((await t.db.db.selectFrom("log_state").select("size").executeTakeFirstOrThrow()).size);
}

/** The log's newest entry, parsed. */
export async function newestLogEntry(t: TestApp): Promise<Record<string, unknown>> {
	const row = await t.db.db
		.selectFrom("log_entries")
		.select("entry")
		.orderBy("idx", "desc")
		.limit(1)
		.executeTakeFirstOrThrow();
	return JSON.parse(row.entry);
}
