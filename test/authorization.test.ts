/**
 * The authorization matrix: every route of the OpenAPI document × every role (and anonymous), generated
 * from the document itself, so a route added later is covered — and a route without a policy cannot be
 * added at all (the application refuses to start). The expectations are written here, independently of
 * the policy module: this is the specification.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { personRef } from "../src/core/records/person-ref.ts";
import { type Credentials, makeAccount, makeApiKey, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, makeCb, makeLab, makePerson, newUscc, org } from "./helpers/factories.ts";

/** What each role may attempt (the record decides the rest). */
const MAY: Record<string, string[]> = {
	regulator_admin: [
		"organization.write",
		"qualification.write",
		"capability.write",
		"capability.propose",
		"capability.decide",
		"person.write",
		"person.private.read",
		"certificate.write",
		"report.write",
		"audit.read",
		"flag.review",
		"record.withhold",
		"spotcheck.manage",
		"spotcheck.inspect",
		"credit.read",
		"credit.record",
		"credit.model",
		"credit.appeal",
		"complaint.handle",
		"approval.apply",
		"approval.handle",
		"approval.review",
		"ban.manage",
		"trace.read",
		"alert.manage",
		"notify.manage",
		"watchlist.manage",
		"account.manage",
		"apikey.manage",
	],
	regulator_officer: [
		"organization.write",
		"qualification.write",
		"capability.write",
		"capability.decide",
		"person.write",
		"audit.read",
		"flag.review",
		"spotcheck.manage",
		"spotcheck.inspect",
		"credit.read",
		"credit.record",
		"complaint.handle",
		"approval.handle",
		"trace.read",
		"alert.manage",
		"watchlist.manage",
	],
	inspector: ["spotcheck.inspect", "approval.review"],
	cb_operator: [
		"certificate.write",
		"person.write",
		"audit.read",
		"apikey.manage",
		"credit.appeal",
		"watchlist.manage",
	],
	lab_operator: [
		"report.write",
		"person.write",
		"capability.propose",
		"audit.read",
		"apikey.manage",
		"credit.appeal",
		"approval.apply",
		"watchlist.manage",
	],
	enterprise_user: ["credit.appeal", "watchlist.manage"],
	"key:cb": ["certificate.write"],
	"key:lab": ["report.write", "capability.propose"],
};

const PARAMS: Record<string, string> = {
	number: "NOPE-000000",
	uscc: "91310115MA1K3BTP2B",
	username: "nobody-at-all",
	keyId: "000000000000",
	id: "999999",
	ref: "P99999999",
};

describe("a route without a policy", () => {
	it("stops the application from starting", async () => {
		const { default: Fastify } = await import("fastify");
		const { installAuth } = await import("../src/server/auth/auth.plugin.ts");
		const app = Fastify();
		await installAuth(app, {} as never);
		assert.throws(() => app.get("/api/v1/forgotten", async () => ({})), /declares no auth policy/);
	});
});

for (const kind of DIALECTS) {
	describe(`authorization matrix [${kind}]`, () => {
		let t: TestApp;
		const identities: [string, Credentials][] = [];
		before(async () => {
			t = await testApp(kind);
			const regulator = org({
				kind: "regulator",
				name: "上海市浦东新区市场监督管理局",
				district: "310115",
				uscc: newUscc("11", "310115"),
			});
			const enterprise = org({ kind: "enterprise" });
			await applyOk(t.db.db, "organizations", [regulator, enterprise]);
			const cb = await makeCb(t.db.db);
			const lab = await makeLab(t.db.db);
			await makeAccount(t, "m-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "m-officer", "regulator_officer", regulator.uscc as string, ["310115"]);
			await makePerson(t.db.db, regulator.uscc as string, "inspector");
			const inspector = await t.db.db
				.selectFrom("people")
				.select("id")
				.orderBy("id", "desc")
				.executeTakeFirstOrThrow();
			await makeAccount(
				t,
				"m-inspector",
				"inspector",
				regulator.uscc as string,
				[],
				personRef(Number(inspector.id)),
			);
			await makeAccount(t, "m-cb", "cb_operator", cb);
			await makeAccount(t, "m-lab", "lab_operator", lab.uscc);
			await makeAccount(t, "m-enterprise", "enterprise_user", enterprise.uscc as string);
			identities.push(["anonymous", null]);
			for (const [name, role] of [
				["m-admin", "regulator_admin"],
				["m-officer", "regulator_officer"],
				["m-inspector", "inspector"],
				["m-cb", "cb_operator"],
				["m-lab", "lab_operator"],
				["m-enterprise", "enterprise_user"],
			] as const)
				identities.push([role, await t.signIn(name)]);
			identities.push(["key:cb", { apiKey: await makeApiKey(t, cb, ["certificates:write"]) }]);
			identities.push([
				"key:lab",
				{ apiKey: await makeApiKey(t, lab.uscc, ["reports:write", "capabilities:propose"]) },
			]);
		});
		after(() => t.close());

		it("answers every route for every role as the policy says", async () => {
			const doc = (await t.get("/api/v1/openapi.json")).body;
			const failures: string[] = [];
			let checked = 0;
			// Signing out ends the sessions the other checks use: take it last.
			const paths = Object.entries(
				doc.paths as Record<string, Record<string, { security?: unknown[]; description?: string }>>,
			).sort(([a], [b]) => Number(a.endsWith("/logout")) - Number(b.endsWith("/logout")));
			for (const [path, methods] of paths) {
				for (const [method, op] of Object.entries(methods)) {
					assert.ok(Array.isArray(op.security), `${method} ${path} documents its security`);
					const publicRoute = op.security!.length === 0;
					const personOnly = op.security!.length === 1;
					const action = /Requires permission `([a-z.]+)`/.exec(op.description ?? "")?.[1];
					const url = path.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p] ?? "x");
					for (const [who, as] of identities) {
						const res = await t.request(method.toUpperCase(), url, {
							as,
							...(method === "post" ? { body: {} } : {}),
						});
						checked++;
						let expected: string;
						if (publicRoute) expected = "allowed";
						else if (!as) expected = "401";
						else if (personOnly && who.startsWith("key:")) expected = "403";
						else if (!action) expected = "allowed";
						else if (MAY[who]!.includes(action)) expected = "allowed";
						else expected = method === "get" ? "404" : "403";
						const got =
							res.status === 401 || res.status === 403
								? String(res.status)
								: res.status === 404 && expected === "404"
									? "404"
									: "allowed";
						const ok = expected === "allowed" ? res.status !== 401 && res.status !== 403 : got === expected;
						if (!ok)
							failures.push(
								`${method.toUpperCase()} ${path} as ${who}: expected ${expected}, got ${res.status} ${res.raw.slice(0, 120)}`,
							);
					}
				}
			}
			assert.deepEqual(failures, []);
			assert.ok(checked > 200, `checked ${checked}`);
		});
	});
}
