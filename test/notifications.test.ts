/**
 * Notifications through the API and the dispatcher, with real HTTP receivers on 127.0.0.1: a certificate
 * withdrawn reaches the subscription whose filters match it, signed with an HMAC the receiver recomputes,
 * and not the others; a receiver that fails is retried with growing delays until the delivery is dead,
 * and redelivery works; a new app and dispatcher on the same database lose nothing and send nothing
 * twice; a buyer's watchlist gets a console notice and a signed webhook; bad input is refused with the
 * field and the rule; no personal data leaves in a body.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Clock } from "../src/core/dates.ts";
import { holdsPersonalData } from "../src/core/id-number.ts";
import { buildApp } from "../src/server/app.ts";
import { loadConfig } from "../src/server/config.ts";
import { matches } from "../src/server/notifications/concerns.ts";
import { Dispatcher } from "../src/server/notifications/dispatcher.ts";
import { hmacHex, verifySignature } from "../src/server/notifications/signing.ts";
import { type Credentials, makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb, makePerson, NOW, newUscc, org, TEST_LOG_KEY } from "./helpers/factories.ts";

type Session = Credentials & { cookie: string; csrf: string };

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A webhook receiver: records every request; answers `status` (or drops the connection when 0). */
async function receiver() {
	const got: Received[] = [];
	const state = { status: 200 };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", () => {
			got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
			if (state.status === 0) req.socket.destroy();
			else res.writeHead(state.status).end("ok");
		});
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { got, state, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A clock tests move by hand. */
function movableClock(start: string) {
	let t = Date.parse(start);
	const clock: Clock = { now: () => new Date(t) };
	return { clock, advance: (ms: number) => (t += ms), at: () => t };
}

for (const kind of DIALECTS)
	describe(`notifications and watchlists [${kind}]`, () => {
		let t: TestApp;
		const time = movableClock(NOW);
		let dispatcher: Dispatcher;
		let asAdmin: Session;
		let asCb: Session;
		let asBuyer: Session;
		let asOtherBuyer: Session;
		let cb: string;
		const supplier = newUscc("91", "310115");
		const elsewhere = newUscc("91", "310104");
		const buyerOrg = newUscc("12", "310101");
		let idNumber: string;
		const receivers: Awaited<ReturnType<typeof receiver>>[] = [];
		const rx = async () => {
			const r = await receiver();
			receivers.push(r);
			return r;
		};

		const issue = async (holderUscc: string, district = "310115") => {
			const c = cert(cb, { holderUscc, holderName: "上海关注供应商有限公司", holderDistrict: district });
			const res = await t.request("POST", "/api/v1/certificates", { as: asCb, body: c });
			assert.equal(res.status, 201, res.raw);
			return c.number;
		};
		const withdraw = async (number: string) => {
			const res = await t.request("POST", `/api/v1/certificates/${number}/status`, {
				as: asCb,
				body: { status: "withdrawn", reason: "监督审核发现严重不符合", date: "2026-05-30" },
			});
			assert.equal(res.status, 200, res.raw);
		};
		const subscribe = async (body: Record<string, unknown>) => {
			const res = await t.request("POST", "/api/v1/notifications/subscriptions", { as: asAdmin, body });
			assert.equal(res.status, 201, res.raw);
			return res.body as { id: number; secret: string };
		};

		const signInAll = async () => {
			asAdmin = await t.signIn("n-admin");
			asCb = await t.signIn("n-cb");
			asBuyer = await t.signIn("n-buyer");
			asOtherBuyer = await t.signIn("n-buyer2");
		};

		before(async () => {
			// The receivers run on 127.0.0.1.
			t = await testApp(kind, time.clock, { OPENTIC_WEBHOOK_LOCAL: "true" });
			dispatcher = new Dispatcher(t.db.db, { clock: time.clock, random: () => 0.5, allowLocal: true });
			const regulator = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11") });
			cb = await makeCb(t.db.db);
			await applyOk(t.db.db, "organizations", [
				regulator,
				org({ uscc: supplier, name: "上海关注供应商有限公司", district: "310115" }),
				org({ uscc: elsewhere, name: "上海别区供应商有限公司", district: "310104" }),
				org({ uscc: buyerOrg, name: "上海市某区政府采购中心", district: "310101" }),
			]);
			// A person at the supplier: their identity number and phone must never leave in a body.
			idNumber = await makePerson(t.db.db, supplier, "auditor");
			await makeAccount(t, "n-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "n-cb", "cb_operator", cb);
			await makeAccount(t, "n-buyer", "enterprise_user", buyerOrg);
			await makeAccount(t, "n-buyer2", "enterprise_user", buyerOrg);
			await signInAll();
		});
		after(async () => {
			await dispatcher.stop();
			await t.close();
			for (const r of receivers) await r.close();
		});

		describe("subscriptions are checked field by field", () => {
			const cases: [string, Record<string, unknown>, string, string][] = [
				["a plain-http URL elsewhere", { url: "http://example.cn/hook" }, "url", "HTTPS"],
				["credentials in the URL", { url: "https://u:p@hooks.example.cn/x" }, "url", "URL_CREDENTIALS"],
				["a URL that is not one", { url: "not a url" }, "url", "URL"],
				["an unknown kind", { kind: "city" }, "kind", "ENUM"],
				["a district that is not Shanghai's", { districts: ["110101"] }, "districts[0]", "DISTRICT_UNKNOWN"],
				[
					"a USCC with a wrong check character",
					{ orgs: [`${supplier.slice(0, 17)}0`] },
					"orgs[0]",
					"USCC_CHECK",
				],
				["an event type with spaces", { eventTypes: ["certificate status"] }, "eventTypes[0]", "EVENT_TYPE"],
				["an unknown severity", { minSeverity: "urgent" }, "minSeverity", "ENUM"],
				["an empty name", { name: "  " }, "name", "REQUIRED"],
			];
			for (const [what, over, field, rule] of cases)
				it(`refuses ${what}, naming ${field}, and creates nothing`, async () => {
					const res = await t.request("POST", "/api/v1/notifications/subscriptions", {
						as: asAdmin,
						body: {
							name: "浦东新区市场监管局",
							kind: "district",
							url: "https://hooks.example.cn/x",
							...over,
						},
					});
					assert.equal(res.status, 400, res.raw);
					assert.equal(res.body.error.code, "SUBSCRIPTION_INVALID");
					assert.equal(res.body.error.field, field);
					assert.equal(res.body.error.rule, rule);
					assert.match(res.body.error.messageZh, /[\u4e00-\u9fff]/);
					assert.ok(res.body.error.message.startsWith(`${field}:`));
					const list = await t.get("/api/v1/notifications/subscriptions", asAdmin);
					assert.equal(list.body.items.length, 0);
				});

			it("is for administrators only: a buyer and a CB are refused", async () => {
				for (const who of [asBuyer, asCb]) {
					const res = await t.request("POST", "/api/v1/notifications/subscriptions", {
						as: who,
						body: { name: "x", kind: "other", url: "https://hooks.example.cn/x" },
					});
					assert.equal(res.status, 403, res.raw);
				}
			});
		});

		describe("a certificate withdrawn reaches the matching subscription, signed", () => {
			let before: string;
			let matching: Awaited<ReturnType<typeof rx>>;
			let otherType: Awaited<ReturnType<typeof rx>>;
			let otherDistrict: Awaited<ReturnType<typeof rx>>;
			let sub: { id: number; secret: string };
			let number: string;

			it("starts from the log's end: what happened before the first subscription is not sent", async () => {
				before = await issue(supplier);
				matching = await rx();
				otherType = await rx();
				otherDistrict = await rx();
				sub = await subscribe({
					name: "浦东新区市场监管局",
					kind: "district",
					url: matching.url,
					eventTypes: ["certificate."],
					districts: ["310115"],
				});
				assert.match(sub.secret, /^whsec_[0-9a-f]{64}$/);
				await subscribe({ name: "报告订阅", kind: "other", url: otherType.url, eventTypes: ["report."] });
				await subscribe({ name: "黄浦区", kind: "district", url: otherDistrict.url, districts: ["310101"] });
				await dispatcher.runOnce();
				assert.equal(matching.got.length, 0);
				// The secret is never answered again.
				const one = await t.get(`/api/v1/notifications/subscriptions/${sub.id}`, asAdmin);
				assert.equal(one.status, 200);
				assert.equal(one.body.secret, undefined);
				assert.ok(!JSON.stringify(one.body).includes(sub.secret));
			});

			it("delivers the withdrawal once, with a signature the receiver can check", async () => {
				number = await issue(supplier);
				await withdraw(number);
				await withdraw(before);
				await dispatcher.runOnce();
				const bodies = matching.got.map((g) => JSON.parse(g.body));
				// Issued, withdrawn, and the earlier certificate withdrawn: three entries, once each.
				assert.deepEqual(
					bodies.map((b) => b.type),
					["certificate.issued", "certificate.status", "certificate.status"],
				);
				const r = matching.got[1]!;
				const body = bodies[1];
				const sig = String(r.headers["opentic-signature"]);
				const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
				assert.ok(m, sig);
				assert.equal(Number(m[1]), Math.floor(time.at() / 1000));
				assert.equal(m[2], hmacHex(sub.secret, Number(m[1]), r.body));
				assert.ok(verifySignature(sub.secret, sig, r.body));
				assert.ok(!verifySignature(`${sub.secret}x`, sig, r.body));
				assert.equal(r.headers["opentic-event-id"], `opentic-log-${body.logIndex}`);
				assert.equal(Number(r.headers["opentic-log-index"]), body.logIndex);
				// The entry text is the log's, byte for byte.
				const logged = await t.db.db
					.selectFrom("log_entries")
					.select("entry")
					.where("idx", "=", body.logIndex)
					.executeTakeFirstOrThrow();
				assert.equal(body.entryText, logged.entry);
				assert.equal(body.entry.facts.status, "withdrawn");
				assert.deepEqual(body.record, {
					kind: "certificate",
					number,
					scheme: "QMS",
					holderName: "上海关注供应商有限公司",
					status: "withdrawn",
					statusZh: "撤销",
				});
				const holder = body.organizations.find((o: { uscc: string }) => o.uscc === supplier);
				assert.deepEqual(holder, {
					uscc: supplier,
					name: "上海关注供应商有限公司",
					district: "310115",
					roles: ["holder"],
				});
				assert.ok(
					body.organizations.some(
						(o: { uscc: string; roles: string[] }) => o.uscc === cb && o.roles.includes("issuer"),
					),
				);
			});

			it("does not reach subscriptions whose filters do not match", () => {
				assert.equal(otherType.got.length, 0);
				assert.equal(otherDistrict.got.length, 0);
			});

			it("sends no personal data", () => {
				for (const g of matching.got) {
					assert.ok(!g.body.includes(idNumber));
					assert.ok(!g.body.includes("13912345678"));
					const b = JSON.parse(g.body);
					assert.ok(!holdsPersonalData(JSON.stringify({ record: b.record, organizations: b.organizations })));
				}
			});

			it("lists the deliveries with their attempts", async () => {
				const res = await t.get(`/api/v1/notifications/subscriptions/${sub.id}/deliveries`, asAdmin);
				assert.equal(res.status, 200, res.raw);
				assert.deepEqual(res.body.counts, { pending: 0, delivered: 3, dead: 0 });
				assert.equal(res.body.items[0].state, "delivered");
				assert.equal(res.body.items[0].log.length, 1);
				assert.equal(res.body.items[0].log[0].status, 200);
			});

			it("pings a subscription at once, signed", async () => {
				const res = await t.request("POST", `/api/v1/notifications/subscriptions/${sub.id}/ping`, {
					as: asAdmin,
				});
				assert.equal(res.status, 200, res.raw);
				assert.equal(res.body.ok, true);
				const last = matching.got.at(-1)!;
				assert.equal(JSON.parse(last.body).type, "ping");
				assert.ok(verifySignature(sub.secret, String(last.headers["opentic-signature"]), last.body));
			});

			it("rotates the secret: the next delivery is signed with the new one only", async () => {
				const res = await t.request("POST", `/api/v1/notifications/subscriptions/${sub.id}/secret`, {
					as: asAdmin,
				});
				assert.equal(res.status, 200, res.raw);
				const fresh = res.body.secret as string;
				assert.notEqual(fresh, sub.secret);
				await withdraw(await issue(supplier));
				await dispatcher.runOnce();
				const last = matching.got.at(-1)!;
				const sig = String(last.headers["opentic-signature"]);
				assert.ok(verifySignature(fresh, sig, last.body));
				assert.ok(!verifySignature(sub.secret, sig, last.body));
				// Pause the subscription for the tests that follow.
				const paused = await t.request("PATCH", `/api/v1/notifications/subscriptions/${sub.id}`, {
					as: asAdmin,
					body: { status: "paused" },
				});
				assert.equal(paused.status, 200, paused.raw);
				assert.equal(paused.body.status, "paused");
			});
		});

		describe("subscriptions change", () => {
			it("takes an empty minimum severity (a form's empty choice) as none", async () => {
				const res = await t.request("POST", "/api/v1/notifications/subscriptions", {
					as: asAdmin,
					body: { name: "临时", kind: "other", url: "https://hooks.example.cn/x", minSeverity: "" },
				});
				assert.equal(res.status, 201, res.raw);
				assert.equal(res.body.minSeverity, null);
				const del = await t.request("DELETE", `/api/v1/notifications/subscriptions/${res.body.id}`, {
					as: asAdmin,
				});
				assert.equal(del.status, 204, del.raw);
				const list = await t.get("/api/v1/notifications/subscriptions", asAdmin);
				assert.ok(!list.body.items.some((x: { id: number }) => x.id === res.body.id));
			});
		});

		describe("a failing receiver is retried with growing delays, then dead-lettered, then redelivered", () => {
			let down: Awaited<ReturnType<typeof rx>>;
			let sub: { id: number; secret: string };
			let deadCount = 0;

			it("retries after 30 s, 60 s, 120 s … and stops after 8 attempts", async () => {
				down = await rx();
				down.state.status = 503;
				sub = await subscribe({ name: "外省市场监管局", kind: "region", url: down.url, orgs: [elsewhere] });
				await withdraw(await issue(elsewhere, "310104"));
				await dispatcher.runOnce();
				// The issue (and the holder's registration) and the withdrawal concern `elsewhere`: one attempt each.
				const n = down.got.length;
				assert.ok(n >= 2, `${n}`);
				for (let attempt = 2; attempt <= 8; attempt++) {
					const expected = 30_000 * 2 ** (attempt - 2);
					time.advance(expected - 1);
					await dispatcher.runOnce();
					assert.equal(down.got.length, n * (attempt - 1), `nothing before the delay (attempt ${attempt})`);
					time.advance(1);
					await dispatcher.runOnce();
					assert.equal(down.got.length, n * attempt, `attempt ${attempt} at ${expected} ms`);
				}
				time.advance(24 * 3_600_000);
				await dispatcher.runOnce();
				assert.equal(down.got.length, n * 8, "no attempt after the eighth");
				deadCount = n;
				// A day went by: the sessions expired; sign in again.
				await signInAll();
				// Every attempt carried the same event id and body.
				const first = down.got.filter(
					(g) => g.headers["opentic-event-id"] === down.got[0]!.headers["opentic-event-id"],
				);
				assert.equal(first.length, 8);
				assert.equal(new Set(first.map((g) => g.body)).size, 1);
			});

			it("lists them as dead letters, with every attempt logged", async () => {
				const res = await t.get(
					`/api/v1/notifications/subscriptions/${sub.id}/deliveries?state=dead`,
					asAdmin,
				);
				assert.equal(res.status, 200, res.raw);
				assert.equal(res.body.items.length, deadCount);
				assert.deepEqual(res.body.counts, { pending: 0, delivered: 0, dead: deadCount });
				for (const d of res.body.items) {
					assert.equal(d.attempts, 8);
					assert.equal(d.log.length, 8);
					assert.ok(d.log.every((a: { status: number }) => a.status === 503));
					assert.equal(d.lastStatus, 503);
					// The attempt log shows the delays doubling from 30 s.
					const times = d.log.map((a: { at: string }) => Date.parse(a.at));
					const gaps = times.slice(1).map((x: number, i: number) => x - times[i]);
					assert.deepEqual(gaps, [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
				}
			});

			it("redelivers one, then the rest, once the receiver is back", async () => {
				down.state.status = 204;
				const dead = await t.get(
					`/api/v1/notifications/subscriptions/${sub.id}/deliveries?state=dead`,
					asAdmin,
				);
				const one = dead.body.items[0].id as number;
				const res = await t.request("POST", `/api/v1/notifications/subscriptions/${sub.id}/redeliver`, {
					as: asAdmin,
					body: { deliveryId: one },
				});
				assert.equal(res.status, 200, res.raw);
				assert.equal(res.body.requeued, 1);
				await dispatcher.runOnce();
				assert.equal(down.got.length, deadCount * 8 + 1);
				const again = await t.request("POST", `/api/v1/notifications/subscriptions/${sub.id}/redeliver`, {
					as: asAdmin,
					body: { deliveryId: one },
				});
				assert.equal(again.status, 409, again.raw);
				assert.equal(again.body.error.code, "DELIVERY_NOT_DEAD");
				const all = await t.request("POST", `/api/v1/notifications/subscriptions/${sub.id}/redeliver`, {
					as: asAdmin,
					body: {},
				});
				assert.equal(all.body.requeued, deadCount - 1);
				await dispatcher.runOnce();
				assert.equal(down.got.length, deadCount * 9);
				const list = await t.get(`/api/v1/notifications/subscriptions/${sub.id}/deliveries`, asAdmin);
				assert.deepEqual(list.body.counts, { pending: 0, delivered: deadCount, dead: 0 });
			});

			it("a receiver that drops the connection is recorded as a network error", async () => {
				down.state.status = 0;
				await withdraw(await issue(elsewhere, "310104"));
				await dispatcher.runOnce();
				const list = await t.get(
					`/api/v1/notifications/subscriptions/${sub.id}/deliveries?state=pending`,
					asAdmin,
				);
				assert.equal(list.body.items.length, deadCount);
				for (const d of list.body.items) {
					assert.equal(d.lastStatus, null);
					assert.ok(d.lastError, "a network error is named");
				}
				// Let them through for the tests that follow.
				down.state.status = 200;
				time.advance(60_000);
				await dispatcher.runOnce();
				const after = await t.get(
					`/api/v1/notifications/subscriptions/${sub.id}/deliveries?state=pending`,
					asAdmin,
				);
				assert.equal(after.body.items.length, 0);
			});
		});

		describe("a restart loses nothing and sends nothing twice", () => {
			it("a new app and dispatcher on the same database send what the old ones left, once", async () => {
				const r = await rx();
				await subscribe({ name: "采购系统", kind: "procurement", url: r.url, orgs: [supplier] });
				const number = await issue(supplier);
				// The first process wrote the entries and the deliveries, then stopped before sending.
				await dispatcher.dispatch();
				await dispatcher.stop();
				const second = await buildApp({
					db: t.db.db,
					dbKind: kind,
					clock: time.clock,
					config: loadConfig({
						OPENTIC_DATA_DIR: "/tmp/opentic-test-unused",
						OPENTIC_PUBLIC_URL: "http://opentic.test",
						OPENTIC_RATE_LIMIT: "0",
						OPENTIC_LOG_KEY: TEST_LOG_KEY,
					}),
					...(t.db.sqlite ? { sqlite: t.db.sqlite } : {}),
				});
				try {
					// …and the second process writes more before its dispatcher runs.
					const cbSession = asCb;
					const res = await second.inject({
						method: "POST",
						url: `/api/v1/certificates/${number}/status`,
						headers: {
							cookie: cbSession.cookie,
							"x-csrf-token": cbSession.csrf,
							"content-type": "application/json",
						},
						payload: JSON.stringify({ status: "suspended", reason: "暂停", date: "2026-05-31" }),
					});
					assert.equal(res.statusCode, 200, res.body);
					dispatcher = new Dispatcher(t.db.db, { clock: time.clock, random: () => 0.5, allowLocal: true });
					const again = new Dispatcher(t.db.db, { clock: time.clock, random: () => 0.5, allowLocal: true });
					await dispatcher.runOnce();
					await again.runOnce();
					await dispatcher.runOnce();
					const ids = r.got.map((g) => String(g.headers["opentic-event-id"]));
					assert.equal(ids.length, 2, ids.join(", "));
					assert.equal(new Set(ids).size, 2);
					assert.deepEqual(
						r.got.map((g) => JSON.parse(g.body).type),
						["certificate.issued", "certificate.status"],
					);
				} finally {
					await second.close();
				}
			});
		});

		describe("a buyer's watchlist", () => {
			let list: { id: number; secret: string };
			let hook: Awaited<ReturnType<typeof rx>>;
			let number: string;

			it("refuses a malformed or unregistered USCC, naming its line, and keeps nothing", async () => {
				const unknown = newUscc("91", "310120");
				const res = await t.request("POST", "/api/v1/watchlists", {
					as: asBuyer,
					body: { name: "2026年办公设备供应商", usccs: [supplier, "91310115MA1K000000", unknown] },
				});
				assert.equal(res.status, 400, res.raw);
				assert.equal(res.body.error.code, "WATCHLIST_INVALID");
				assert.equal(res.body.error.field, "usccs[1]");
				assert.match(res.body.error.rule, /^USCC_/);
				const problems = res.body.error.details.problems as { field: string; rule: string }[];
				assert.deepEqual(
					problems.map((p) => [p.field, p.rule]),
					[
						["usccs[1]", problems[0]!.rule],
						["usccs[2]", "ORG_UNKNOWN"],
					],
				);
				const mine = await t.get("/api/v1/watchlists", asBuyer);
				assert.equal(mine.body.items.length, 0);
			});

			it("is created with suppliers and a webhook whose secret is shown once", async () => {
				hook = await rx();
				const res = await t.request("POST", "/api/v1/watchlists", {
					as: asBuyer,
					body: { name: "2026年办公设备供应商", usccs: [supplier, supplier.toLowerCase()], url: hook.url },
				});
				assert.equal(res.status, 201, res.raw);
				list = res.body;
				assert.match(list.secret, /^whsec_/);
				assert.equal(res.body.suppliers.length, 1);
				assert.equal(res.body.suppliers[0].name, "上海关注供应商有限公司");
				assert.ok(Array.isArray(res.body.suppliers[0].certificates));
				const again = await t.get(`/api/v1/watchlists/${list.id}`, asBuyer);
				assert.equal(again.body.secret, undefined);
			});

			it("is its owner's only", async () => {
				const res = await t.get(`/api/v1/watchlists/${list.id}`, asOtherBuyer);
				assert.equal(res.status, 404);
				const add = await t.request("POST", `/api/v1/watchlists/${list.id}/items`, {
					as: asOtherBuyer,
					body: { usccs: [elsewhere] },
				});
				assert.equal(add.status, 404);
				const none = await t.get("/api/v1/watchlists", asOtherBuyer);
				assert.equal(none.body.items.length, 0);
			});

			it("gets a notice and a signed webhook when a watched supplier's certificate is withdrawn", async () => {
				number = await issue(supplier);
				await dispatcher.runOnce();
				await t.request("POST", "/api/v1/watchlists/notices/read", { as: asBuyer, body: {} });
				await withdraw(number);
				await dispatcher.runOnce();
				const notices = await t.get("/api/v1/watchlists/notices?unread=true", asBuyer);
				assert.equal(notices.status, 200, notices.raw);
				// The withdrawal's notice (an automatic alert naming the supplier may come with it).
				const about = notices.body.items.filter(
					(x: { eventType: string }) => x.eventType === "certificate.status",
				);
				assert.equal(about.length, 1, JSON.stringify(notices.body.items));
				assert.equal(notices.body.unread, notices.body.items.length);
				const n = about[0];
				assert.equal(n.uscc, supplier);
				assert.equal(n.eventType, "certificate.status");
				assert.equal(n.text, `您关注的供应商 上海关注供应商有限公司：证书 ${number} 撤销`);
				assert.equal(n.textEn, `Your supplier 上海关注供应商有限公司: certificate ${number} withdrawn`);
				const last = hook.got.find((g) => JSON.parse(g.body).entry.type === "certificate.status")!;
				assert.ok(last, "the webhook received the withdrawal");
				assert.equal(JSON.parse(last.body).entry.subject.number, number);
				assert.ok(verifySignature(list.secret, String(last.headers["opentic-signature"]), last.body));
				assert.ok(!last.body.includes(idNumber));
				// The other buyer sees none of it.
				const theirs = await t.get("/api/v1/watchlists/notices", asOtherBuyer);
				assert.equal(theirs.body.unread, 0);
				assert.equal(theirs.body.items.length, 0);
			});

			it("marks notices read", async () => {
				const res = await t.request("POST", "/api/v1/watchlists/notices/read", { as: asBuyer, body: {} });
				assert.equal(res.status, 200, res.raw);
				assert.ok(res.body.marked >= 1);
				const after = await t.get("/api/v1/watchlists/notices", asBuyer);
				assert.equal(after.body.unread, 0);
			});

			it("a supplier removed is no longer watched", async () => {
				const res = await t.request("POST", `/api/v1/watchlists/${list.id}/items/remove`, {
					as: asBuyer,
					body: { usccs: [supplier] },
				});
				assert.equal(res.body.removed, 1);
				await withdraw(await issue(supplier));
				await dispatcher.runOnce();
				const notices = await t.get("/api/v1/watchlists/notices", asBuyer);
				assert.equal(notices.body.unread, 0);
			});

			it("a plain-http webhook elsewhere is refused", async () => {
				const res = await t.request("PATCH", `/api/v1/watchlists/${list.id}`, {
					as: asBuyer,
					body: { url: "http://buyer.example.cn/hook" },
				});
				assert.equal(res.status, 400);
				assert.equal(res.body.error.field, "url");
				assert.equal(res.body.error.rule, "HTTPS");
			});
		});
	});

describe("subscription filters", () => {
	const entry = (type: string, facts: Record<string, string> = {}, kind = "alert") => ({
		idx: 7,
		text: "{}",
		entry: { at: NOW, type, subject: { kind, number: "YJ-2026-000001" }, facts, recordSha256: "0", v: 2 },
		orgs: [{ uscc: "91310115MA1K4XYZ0A", name: "x", district: "310115", roles: ["named" as const] }],
		record: null,
	});
	const none = { eventTypes: [], districts: [], orgs: [], minSeverity: null };

	it("lets alerts at or above the minimum severity through, and leaves other entries alone", () => {
		assert.equal(
			matches(entry("alert.raised", { severity: "medium" }), { ...none, minSeverity: "high" }),
			false,
		);
		assert.equal(
			matches(entry("alert.raised", { severity: "high" }), { ...none, minSeverity: "high" }),
			true,
		);
		assert.equal(
			matches(entry("alert.raised", { severity: "serious" }), { ...none, minSeverity: "high" }),
			true,
		);
		assert.equal(matches(entry("alert.raised", {}), { ...none, minSeverity: "low" }), false);
		assert.equal(
			matches(entry("certificate.status", {}, "certificate"), { ...none, minSeverity: "serious" }),
			true,
		);
	});

	it("combines type prefixes, districts and organisations with AND", () => {
		const e = entry("alert.raised", { severity: "low" });
		assert.equal(matches(e, { ...none, eventTypes: ["alert."] }), true);
		assert.equal(matches(e, { ...none, eventTypes: ["alert.closed", "certificate."] }), false);
		assert.equal(matches(e, { ...none, districts: ["310115"] }), true);
		assert.equal(matches(e, { ...none, districts: ["310104"] }), false);
		assert.equal(matches(e, { ...none, eventTypes: ["alert."], orgs: ["91310115MA1K4XYZ0A"] }), true);
		assert.equal(matches(e, { ...none, eventTypes: ["alert."], orgs: ["91310104MA1K4XYZ0A"] }), false);
	});
});

for (const kind of DIALECTS)
	describe(`webhook URLs on the register's own network [${kind}]`, () => {
		let t: TestApp;
		before(async () => {
			t = await testApp(kind);
			const regulator = org({ kind: "regulator", name: "上海市市场监督管理局", uscc: newUscc("11") });
			await applyOk(t.db.db, "organizations", [regulator]);
			await makeAccount(t, "l-admin", "regulator_admin", regulator.uscc as string);
		});
		after(() => t.close());

		for (const url of [
			"http://127.0.0.1:8080/hook",
			"https://localhost/hook",
			"https://10.1.2.3/hook",
			"https://192.168.0.10/hook",
			"https://172.20.0.1/hook",
			"https://169.254.169.254/latest",
			"https://[::1]/hook",
			"https://[fd00::1]/hook",
		])
			it(`refuses ${url} unless OPENTIC_WEBHOOK_LOCAL=true`, async () => {
				const as = await t.signIn("l-admin");
				const res = await t.request("POST", "/api/v1/notifications/subscriptions", {
					as,
					body: { name: "内网", kind: "other", url },
				});
				assert.equal(res.status, 400, res.raw);
				assert.equal(res.body.error.field, "url");
				assert.equal(res.body.error.rule, "URL_LOCAL");
				assert.match(res.body.error.messageZh, /内网/);
			});
	});
