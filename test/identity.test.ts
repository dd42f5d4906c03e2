import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { fixedClock } from "../src/core/dates.ts";
import { makeAccount, TEST_PASSWORD, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import {
	applyOk,
	cert,
	makeCb,
	makeLab,
	makePerson,
	newUscc,
	org,
	report,
	TEST_LOG_KEY,
} from "./helpers/factories.ts";

async function auditRows(t: TestApp) {
	return t.db.db.selectFrom("audit_log").selectAll().orderBy("id").execute();
}

for (const kind of DIALECTS) {
	describe(`identity, sessions and API keys [${kind}]`, () => {
		let t: TestApp;
		let cbA: string;
		let cbB: string;
		let lab: { uscc: string; cma: string };
		before(async () => {
			t = await testApp(kind);
			const regulator = org({
				kind: "regulator",
				name: "上海市市场监督管理局",
				district: "310101",
				uscc: newUscc("11", "310000"),
			});
			await applyOk(t.db.db, "organizations", [regulator]);
			cbA = await makeCb(t.db.db, { name: "甲认证有限公司" });
			cbB = await makeCb(t.db.db, { name: "乙认证有限公司" });
			lab = await makeLab(t.db.db);
			await makeAccount(t, "admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "cb-a", "cb_operator", cbA);
			await makeAccount(t, "cb-b", "cb_operator", cbB);
		});
		after(() => t.close());

		it("signs in with an HttpOnly, SameSite cookie and a CSRF token, and signs out", async () => {
			const res = await t.request("POST", "/api/v1/auth/login", {
				body: { username: "CB-A ", password: TEST_PASSWORD },
			});
			assert.equal(res.status, 200);
			const setCookie = String(res.headers["set-cookie"]);
			assert.match(setCookie, /^opentic_session=[\w-]{40,};/);
			assert.match(setCookie, /HttpOnly/);
			assert.match(setCookie, /SameSite=Strict/);
			assert.equal(res.body.account.role, "cb_operator");
			assert.equal(res.body.account.organization.uscc, cbA);
			const as = { cookie: setCookie.split(";")[0]!, csrf: res.body.csrfToken };
			const me = await t.get("/api/v1/auth/me", as);
			assert.deepEqual([me.status, me.body.actor.label, me.body.csrfToken], [200, "cb-a", as.csrf]);
			// The console shows what the role may attempt.
			assert.deepEqual(me.body.actor.actions, [
				"person.write",
				"certificate.write",
				"audit.read",
				"credit.appeal",
				"watchlist.manage",
				"apikey.manage",
			]);
			// Only the hash of the session token is stored.
			const token = as.cookie.split("=")[1]!;
			const stored = await t.db.db.selectFrom("sessions").select("id").execute();
			assert.ok(stored.every((s) => s.id !== token && /^[0-9a-f]{64}$/.test(s.id)));
			const out = await t.request("POST", "/api/v1/auth/logout", { as });
			assert.equal(out.status, 204);
			assert.equal((await t.get("/api/v1/auth/me", as)).status, 401);
		});

		it("stores passwords with scrypt, answers wrong and unknown names alike, and locks after five failures", async () => {
			const row = await t.db.db
				.selectFrom("accounts")
				.select("password_hash")
				.where("username", "=", "cb-b")
				.executeTakeFirstOrThrow();
			assert.match(row.password_hash, /^scrypt\$15\$8\$1\$/);
			const wrong = await t.request("POST", "/api/v1/auth/login", {
				body: { username: "cb-b", password: "nope-nope-1" },
			});
			const unknown = await t.request("POST", "/api/v1/auth/login", {
				body: { username: "nobody", password: "nope-nope-1" },
			});
			assert.deepEqual([wrong.status, wrong.body.error.code], [401, "LOGIN_FAILED"]);
			assert.deepEqual(
				[unknown.status, unknown.body.error.code, unknown.body.error.message],
				[401, "LOGIN_FAILED", wrong.body.error.message],
			);
			for (let i = 0; i < 4; i++)
				await t.request("POST", "/api/v1/auth/login", {
					body: { username: "cb-b", password: "nope-nope-1" },
				});
			const locked = await t.request("POST", "/api/v1/auth/login", {
				body: { username: "cb-b", password: TEST_PASSWORD },
			});
			assert.deepEqual([locked.status, locked.body.error.code], [401, "ACCOUNT_LOCKED"]);
			const denied = (await auditRows(t)).filter(
				(a) => a.action === "auth.login" && a.outcome === "denied" && a.target_key === "cb-b",
			);
			assert.equal(denied.length, 6);
			// Fifteen minutes later the account opens again.
			const later = await testAppClock(t, "2026-06-01T04:16:00.000Z");
			try {
				const again = await later.request("POST", "/api/v1/auth/login", {
					body: { username: "cb-b", password: TEST_PASSWORD },
				});
				assert.equal(again.status, 200);
			} finally {
				await later.app.close();
			}
		});

		it("refuses cookie-authenticated writes without the CSRF token", async () => {
			const as = await t.signIn("cb-a");
			const c = cert(cbA);
			const noToken = await t.request("POST", "/api/v1/certificates", {
				as: { cookie: as.cookie, csrf: "" },
				body: c,
				headers: { "x-csrf-token": "" },
			});
			assert.deepEqual([noToken.status, noToken.body.error.code], [403, "CSRF_FAILED"]);
			const ok = await t.request("POST", "/api/v1/certificates", { as, body: c });
			assert.deepEqual([ok.status, ok.body.outcome], [201, "created"]);
		});

		it("lets an administrator disable an account and reset a password, ending its sessions", async () => {
			const admin = await t.signIn("admin");
			await makeAccount(t, "temp-user", "cb_operator", cbA);
			const session = await t.signIn("temp-user");
			const reset = await t.request("POST", "/api/v1/accounts/temp-user/reset-password", {
				as: admin,
				body: { password: "another-Pass-2" },
			});
			assert.deepEqual([reset.status, reset.body.mustChangePassword], [200, true]);
			assert.equal((await t.get("/api/v1/auth/me", session)).status, 401, "old sessions end");
			const fresh = await t.signIn("temp-user", "another-Pass-2");
			const disabled = await t.request("POST", "/api/v1/accounts/temp-user/disable", { as: admin });
			assert.equal(disabled.body.status, "disabled");
			assert.equal((await t.get("/api/v1/auth/me", fresh)).status, 401);
			const login = await t.request("POST", "/api/v1/auth/login", {
				body: { username: "temp-user", password: "another-Pass-2" },
			});
			assert.equal(login.status, 401);
			const weak = await t.request("POST", "/api/v1/accounts", {
				as: admin,
				body: {
					username: "weakling",
					displayName: "x",
					role: "cb_operator",
					organization: cbA,
					password: "short",
				},
			});
			assert.deepEqual(
				[weak.status, weak.body.error.field, weak.body.error.rule],
				[400, "password", "PASSWORD_WEAK"],
			);
			const noOrg = await t.request("POST", "/api/v1/accounts", {
				as: admin,
				body: { username: "orphan", displayName: "x", role: "lab_operator", password: "long-Enough-1" },
			});
			assert.deepEqual([noOrg.status, noOrg.body.error.field], [400, "organization"]);
		});

		it("gives machines API keys: shown once, stored hashed, scoped, revocable, last use recorded", async () => {
			const as = await t.signIn("cb-a");
			const created = await t.request("POST", "/api/v1/api-keys", {
				as,
				body: { organization: cbA, name: "ERP 同步", permissions: ["certificates:write"] },
			});
			assert.equal(created.status, 201);
			const key: string = created.body.key;
			assert.match(key, /^otk_[A-Za-z0-9]{12}_[\w-]{30,}$/);
			const stored = await t.db.db
				.selectFrom("api_keys")
				.selectAll()
				.where("key_id", "=", created.body.apiKey.keyId)
				.executeTakeFirstOrThrow();
			assert.ok(!JSON.stringify(stored).includes(key.slice("otk_".length + 13)), "the secret is not stored");
			const listed = await t.get("/api/v1/api-keys", as);
			assert.ok(!JSON.stringify(listed.body).includes(key));
			const write = await t.request("POST", "/api/v1/certificates", { as: { apiKey: key }, body: cert(cbA) });
			assert.equal(write.status, 201);
			const other = await t.request("POST", "/api/v1/certificates", { as: { apiKey: key }, body: cert(cbB) });
			assert.deepEqual([other.status, other.body.error.rule], [403, "FORBIDDEN"]);
			const people = await t.request("POST", "/api/v1/people", {
				as: { apiKey: key },
				body: { idNumber: "11010519491231002X", name: "王五", employerUscc: cbA, roles: "auditor" },
			});
			assert.equal(people.status, 403, "a key does only what its permissions say");
			const used = await t.db.db
				.selectFrom("api_keys")
				.select("last_used_at")
				.where("key_id", "=", created.body.apiKey.keyId)
				.executeTakeFirstOrThrow();
			assert.ok(used.last_used_at);
			const foreign = await t.request("POST", "/api/v1/api-keys", {
				as,
				body: { organization: cbB, name: "x", permissions: ["certificates:write"] },
			});
			assert.equal(foreign.status, 404, "no keys for another body");
			const revoked = await t.request("POST", `/api/v1/api-keys/${created.body.apiKey.keyId}/revoke`, { as });
			assert.ok(revoked.body.revokedAt);
			const after = await t.request("POST", "/api/v1/certificates", { as: { apiKey: key }, body: cert(cbA) });
			assert.deepEqual([after.status, after.body.error.code], [401, "API_KEY_INVALID"]);
			const forged = await t.request("POST", "/api/v1/certificates", {
				as: { apiKey: `${key.slice(0, -3)}abc` },
				body: cert(cbA),
			});
			assert.equal(forged.status, 401);
		});

		it("writes an audit trail nobody can edit, with hashes before and after", async () => {
			const as = await t.signIn("cb-a");
			const c = cert(cbA);
			await t.request("POST", "/api/v1/certificates", { as, body: c });
			const suspend = await t.request("POST", `/api/v1/certificates/${c.number}/status`, {
				as,
				body: { status: "suspended", reason: "未按期接受监督", date: "2026-05-30" },
			});
			assert.equal(suspend.status, 200);
			const rows = (await auditRows(t)).filter((a) => a.target_key === `${c.number}@${cbA}`);
			assert.deepEqual(
				rows.map((r) => r.action),
				["certificate.issued", "certificate.status"],
			);
			assert.equal(rows[0]!.before_sha256, null);
			assert.equal(rows[1]!.before_sha256, rows[0]!.after_sha256);
			assert.notEqual(rows[1]!.after_sha256, rows[1]!.before_sha256);
			assert.equal(rows[1]!.actor_label, "cb-a");
			assert.match(String(rows[1]!.via), /^session:[0-9a-f]{12}$/);
			assert.ok(rows[1]!.request_id);
			await assert.rejects(
				sql`update audit_log set outcome = 'ok' where id = ${rows[0]!.id}`.execute(t.db.db),
				/append-only/,
			);
			await assert.rejects(
				sql`delete from audit_log where id = ${rows[0]!.id}`.execute(t.db.db),
				/append-only/,
			);
		});

		it("lets a CB operator suspend its own certificate and refuses another CB's, auditing both attempts", async () => {
			const mine = cert(cbA);
			const theirs = cert(cbB);
			await applyOk(t.db.db, "certificates", [mine, theirs]);
			const as = await t.signIn("cb-a");
			const ok = await t.request("POST", `/api/v1/certificates/${mine.number}/status`, {
				as,
				body: { status: "suspended", reason: "监督审核发现严重不符合" },
			});
			assert.deepEqual([ok.status, ok.body.outcome], [200, "updated"]);
			const pub = await t.get(`/api/v1/certificates/${mine.number}`);
			assert.deepEqual([pub.body.status, pub.body.statusReason], ["suspended", "监督审核发现严重不符合"]);
			const no = await t.request("POST", `/api/v1/certificates/${theirs.number}/status`, {
				as,
				body: { status: "suspended", reason: "不是我的" },
			});
			assert.deepEqual([no.status, no.body.error.code], [403, "FORBIDDEN"]);
			assert.equal((await t.get(`/api/v1/certificates/${theirs.number}`)).body.status, "valid");
			const trail = await t.get("/api/v1/audit?pageSize=20", as);
			const mineEntries = trail.body.items.filter(
				(e: { targetKey: string }) =>
					e.targetKey === `${mine.number}@${cbA}` || e.targetKey === `${theirs.number}@${cbB}`,
			);
			assert.deepEqual(
				mineEntries.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`).sort(),
				["certificate.issued:ok", "certificate.status:ok", "certificates.write:denied"],
			);
		});

		it("lets only the issuing lab revoke a report", async () => {
			const other = await makeLab(t.db.db);
			await makeAccount(t, "lab-a", "lab_operator", lab.uscc);
			const signatory = await makePerson(t.db.db, other.uscc, "signatory");
			const r = report(other.uscc, { signatory });
			await applyOk(t.db.db, "reports", [r]);
			const as = await t.signIn("lab-a");
			const no = await t.request("POST", `/api/v1/reports/${r.number}/status`, {
				as,
				body: { status: "revoked", reason: "x" },
			});
			assert.deepEqual([no.status, no.body.error.rule], [403, "FORBIDDEN"]);
			assert.equal((await t.get(`/api/v1/reports/${r.number}`)).body.status, "valid");
		});
	});
}

/** The same register seen at another moment (a second app over the same database). */
async function testAppClock(
	t: TestApp,
	at: string,
): Promise<{ app: TestApp["app"]; request: TestApp["request"] }> {
	const { buildApp } = await import("../src/server/app.ts");
	const { loadConfig } = await import("../src/server/config.ts");
	const app = await buildApp({
		db: t.db.db,
		dbKind: t.db.kind,
		clock: fixedClock(at),
		config: loadConfig({
			OPENTIC_DATA_DIR: "/tmp/x",
			OPENTIC_RATE_LIMIT: "0",
			OPENTIC_LOG_KEY: TEST_LOG_KEY,
		}),
	});
	const request: TestApp["request"] = async (method, path, opts = {}) => {
		const res = await app.inject({
			method: method as "POST",
			url: path,
			payload: opts.body as object,
			headers: { "content-type": "application/json" },
		});
		return { status: res.statusCode, body: res.json(), headers: res.headers, raw: res.body };
	};
	return { app, request };
}
