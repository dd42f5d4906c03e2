/**
 * Protections: rate limits, security headers, CORS, and personal data kept out of public responses and
 * out of every log line.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { buildApp } from "../src/server/app.ts";
import { loadConfig } from "../src/server/config.ts";
import { createLogger, scrub } from "../src/server/http/logging.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import { makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS, testDb } from "./helpers/db.ts";
import { clock, makeCb, TEST_LOG_KEY } from "./helpers/factories.ts";

const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

describe("log scrubbing", () => {
	it("masks identity and mobile numbers wherever they appear", () => {
		assert.equal(
			scrub("id 11010519491231002X phone 13912345678 ok"),
			"id 110105********002X phone 139****5678 ok",
		);
		assert.equal(
			scrub("order 2026052012345678901234"),
			"order 2026052012345678901234",
			"longer digit runs are not identity numbers",
		);
	});
});

describe("rate limits, headers and CORS", () => {
	let t: TestApp;
	before(async () => {
		t = await testApp("sqlite", clock, {
			OPENTIC_RATE_LIMIT: "5",
			OPENTIC_LOGIN_RATE_LIMIT: "3",
			OPENTIC_CORS_ORIGINS: "https://procurement.example.cn",
		});
	});
	after(() => t.close());

	it("limits requests per client and says when to retry", async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) statuses.push((await t.get("/api/v1/reference")).status);
		assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
		const limited = await t.get("/api/v1/reference");
		assert.equal(limited.body.error.code, "RATE_LIMITED");
		assert.match(limited.body.error.messageZh, /请求过于频繁/);
		assert.equal((await t.get("/healthz")).status, 200, "health checks are not limited");
	});

	it("limits sign-in attempts more tightly", async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++)
			statuses.push(
				(
					await t.request("POST", "/api/v1/auth/login", {
						body: { username: "x-user", password: "whatever-1" },
					})
				).status,
			);
		assert.deepEqual(statuses, [401, 401, 401, 429]);
	});

	it("sends security headers, and CORS headers only to configured origins", async () => {
		const res = await t.app.inject({
			method: "GET",
			url: "/healthz",
			headers: { origin: "https://procurement.example.cn" },
		});
		assert.equal(res.headers["x-content-type-options"], "nosniff");
		assert.equal(res.headers["x-frame-options"], "DENY");
		assert.match(
			String(res.headers["content-security-policy"]),
			/default-src 'self'.*frame-ancestors 'none'/,
		);
		assert.equal(res.headers["access-control-allow-origin"], "https://procurement.example.cn");
		const other = await t.app.inject({
			method: "GET",
			url: "/healthz",
			headers: { origin: "https://evil.example.com" },
		});
		assert.equal(other.headers["access-control-allow-origin"], undefined);
		const preflight = await t.app.inject({
			method: "OPTIONS",
			url: "/api/v1/certificates",
			headers: { origin: "https://evil.example.com", "access-control-request-method": "POST" },
		});
		assert.equal(preflight.headers["access-control-allow-methods"], undefined);
	});
});

for (const kind of DIALECTS) {
	describe(`personal data [${kind}]`, () => {
		it("never appears in public responses, nor in any log line, even from failed writes", async () => {
			const db = await testDb(kind);
			const lines: string[] = [];
			const stream = new Writable({
				write(chunk, _enc, done) {
					lines.push(String(chunk));
					done();
				},
			});
			const app = await buildApp(
				{
					db: db.db,
					dbKind: kind,
					clock,
					config: loadConfig({
						OPENTIC_DATA_DIR: "/tmp/x",
						OPENTIC_RATE_LIMIT: "0",
						OPENTIC_LOG_KEY: TEST_LOG_KEY,
					}),
				},
				{ logger: createLogger("debug", stream) },
			);
			// An unexpected failure carrying personal data in its message.
			app.get("/boom-test", { config: { auth: { public: true } } }, async () => {
				throw new Error("lookup failed for 11010519491231002X at 13912345678");
			});
			try {
				await seed(db.db, "demo", "2026-06-01");
				const t = {
					get: async (url: string) => (await app.inject({ method: "GET", url })).body,
				};
				const certs = JSON.parse(await t.get("/api/v1/certificates?pageSize=100"));
				const reports = JSON.parse(await t.get("/api/v1/reports?pageSize=100"));
				const bodies = [
					JSON.stringify(certs),
					JSON.stringify(reports),
					await t.get("/api/v1/organizations?pageSize=100"),
					...(await Promise.all(
						certs.items
							.slice(0, 30)
							.map((c: { number: string; cb: { uscc: string } }) =>
								t.get(`/api/v1/certificates/${encodeURIComponent(c.number)}?issuer=${c.cb.uscc}`),
							),
					)),
					...(await Promise.all(
						reports.items
							.slice(0, 30)
							.map((r: { number: string; lab: { uscc: string } }) =>
								t.get(`/api/v1/reports/${encodeURIComponent(r.number)}?lab=${r.lab.uscc}`),
							),
					)),
					...(await Promise.all(
						certs.items
							.slice(0, 10)
							.map((c: { cb: { uscc: string } }) => t.get(`/api/v1/organizations/${c.cb.uscc}`)),
					)),
				];
				for (const b of bodies) {
					assert.doesNotMatch(b, ID_NUMBER);
					assert.doesNotMatch(b, MOBILE);
				}
				// Writes that fail with personal data in them, and a request that crashes, all get logged.
				const login = await app.inject({
					method: "POST",
					url: "/api/v1/auth/login",
					payload: { username: "admin", password: "opentic-demo-2026" },
				});
				const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
				const csrf = login.json().csrfToken;
				await app.inject({
					method: "POST",
					url: "/api/v1/people",
					headers: { cookie, "x-csrf-token": csrf },
					payload: {
						idNumber: "11010519491231002X",
						name: "张三",
						roles: "auditor",
						phone: "13912345678",
						employerUscc: "91350100M000100Y43",
					},
				});
				await app.inject({
					method: "POST",
					url: "/api/v1/people",
					headers: { cookie, "x-csrf-token": csrf, "x-debug": "11010519491231002X" },
					payload: '{"idNumber":"11010519491231002X","phone":"13912345678",',
				});
				const boom = await app.inject({ method: "GET", url: "/boom-test?q=11010519491231002X" });
				assert.equal(boom.statusCode, 500);
				assert.doesNotMatch(boom.body, /11010519491231002X|13912345678/, "the answer reveals nothing");
				assert.ok(
					lines.some((l) => l.includes("unhandled error")),
					"the failure was logged",
				);
				for (const line of lines) {
					assert.doesNotMatch(line, ID_NUMBER, line);
					assert.doesNotMatch(line, MOBILE, line);
				}
			} finally {
				await app.close();
				await db.destroy();
			}
		});
	});
}

describe("demo accounts", () => {
	it("exist in the demo register only, one per role", async () => {
		const db = await testDb("sqlite");
		try {
			assert.equal((await db.db.selectFrom("accounts").select("id").execute()).length, 0);
			await seed(db.db, "demo", "2026-06-01");
			const roles = (
				await db.db.selectFrom("accounts").select(["username", "role"]).orderBy("id").execute()
			).map((a) => a.role);
			assert.deepEqual(roles, [
				"regulator_admin",
				"regulator_officer",
				"inspector",
				"cb_operator",
				"lab_operator",
				"enterprise_user",
			]);
		} finally {
			await db.destroy();
		}
	});

	it("are not created by importing the same organisations", async () => {
		const t = await testApp("sqlite");
		try {
			await makeCb(t.db.db);
			await makeAccount(t, "someone", "regulator_admin", null);
			assert.deepEqual(
				(await t.db.db.selectFrom("accounts").select("username").execute()).map((a) => a.username),
				["someone"],
			);
		} finally {
			await t.close();
		}
	});
});
