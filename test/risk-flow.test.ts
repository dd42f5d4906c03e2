/**
 * Risk warning end to end, as the people involved live it: a buyer watches a supplier (with a webhook of
 * the purchasing unit's own) and a procurement system subscribes to alerts about it; an officer marks a
 * product from a test report failed; the alert names the certificates, bodies and people involved with the
 * path to each and sets tasks with deadlines; the server's own dispatcher loop sends both receivers a
 * notice they check with their secret, carrying the log entry the alert was published as; and the buyer
 * sees the notice in the console's list.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Dispatcher } from "../src/server/notifications/dispatcher.ts";
import { verifySignature } from "../src/server/notifications/signing.ts";
import { type Credentials, makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, cert, makeCb, makeLab, makePerson, newUscc, org, report } from "./helpers/factories.ts";

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A local HTTPS-less receiver (allowed by OPENTIC_WEBHOOK_LOCAL) that records what it is sent. */
async function receiver(): Promise<{ url: string; got: Received[]; server: Server }> {
	const got: Received[] = [];
	const server = createServer((req, res) => {
		let body = "";
		req.setEncoding("utf8");
		req.on("data", (c) => {
			body += c;
		});
		req.on("end", () => {
			got.push({ headers: req.headers, body });
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, server };
}

/** Waits until `ready` holds, for at most `ms`. */
async function until(ready: () => boolean, ms: number): Promise<void> {
	const end = Date.now() + ms;
	while (!ready() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

for (const kind of DIALECTS)
	describe(`a failed product, from the officer's mark to the buyers' signed notices [${kind}]`, () => {
		let t: TestApp;
		let dispatcher: Dispatcher;
		let asOfficer: Credentials;
		let asBuyer: Credentials;
		let cb: string;
		let lab: string;
		let holder: string;
		let certNumber: string;
		let reportNumber: string;
		let auditorIdNumber: string;
		const receivers: Awaited<ReturnType<typeof receiver>>[] = [];

		before(async () => {
			t = await testApp(kind, undefined, { OPENTIC_WEBHOOK_LOCAL: "true" });
			const regulator = org({
				kind: "regulator",
				name: "上海市市场监督管理局",
				uscc: newUscc("11", "310115"),
			});
			const h = org({ name: "上海样例厨具有限公司", district: "310115" });
			const unit = org({ name: "上海市浦东新区政府采购中心", district: "310115" });
			holder = h.uscc as string;
			await applyOk(t.db.db, "organizations", [regulator, h, unit]);
			cb = await makeCb(t.db.db, { district: "310104" });
			lab = (await makeLab(t.db.db, { district: "310105" })).uscc;
			auditorIdNumber = await makePerson(t.db.db, cb, "auditor", { name: "赵审核" });
			const auditorId = Number(
				(
					await t.db.db
						.selectFrom("person_private")
						.select("person_id")
						.where("id_number", "=", auditorIdNumber)
						.executeTakeFirstOrThrow()
				).person_id,
			);
			const ref = `P${String(auditorId).padStart(8, "0")}`;
			const c = cert(cb, {
				holderUscc: holder,
				holderName: "上海样例厨具有限公司",
				product: "电压力锅",
				auditTeam: `${ref}:leader`,
			});
			certNumber = c.number;
			await applyOk(t.db.db, "certificates", [c]);
			const r = report(lab, { clientName: "上海样例厨具有限公司", clientUscc: holder, product: "电压力锅" });
			reportNumber = r.number;
			await applyOk(t.db.db, "reports", [r]);
			await makeAccount(t, "f-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "f-officer", "regulator_officer", regulator.uscc as string, ["310115"]);
			await makeAccount(t, "f-buyer", "enterprise_user", unit.uscc as string);
			asOfficer = await t.signIn("f-officer");
			asBuyer = await t.signIn("f-buyer");
			const asAdmin = await t.signIn("f-admin");
			receivers.push(await receiver(), await receiver());
			// The buyer's own list with the purchasing unit's webhook, and the city's procurement system.
			const list = await t.request("POST", "/api/v1/watchlists", {
				as: asBuyer,
				body: { name: "厨房设备供应商", usccs: [holder], url: receivers[0]!.url },
			});
			assert.equal(list.status, 201, list.raw);
			const sub = await t.request("POST", "/api/v1/notifications/subscriptions", {
				as: asAdmin,
				body: {
					name: "上海市政府采购云平台",
					kind: "procurement",
					url: receivers[1]!.url,
					eventTypes: ["alert."],
					orgs: [holder],
				},
			});
			assert.equal(sub.status, 201, sub.raw);
			secrets.push(list.body.secret, sub.body.secret);
			// The dispatcher as `opentic serve` runs it: its own loop, polling the log.
			dispatcher = new Dispatcher(t.db.db, { clock: { now: () => new Date() }, allowLocal: true });
			dispatcher.start(100);
		});
		const secrets: string[] = [];
		after(async () => {
			await dispatcher.stop();
			for (const r of receivers) await new Promise((done) => r.server.close(done));
			await t.close();
		});

		let number: string;

		it("finds the certificates, bodies and people involved, with tasks on them", async () => {
			const raised = await t.request("POST", "/api/v1/alerts", {
				as: asOfficer,
				body: {
					source: "product_failed",
					title: "电压力锅监督抽查不合格",
					description: "电压力锅安全项目不合格，涉及相关认证证书与检验报告。",
					trigger: { kind: "report", key: reportNumber },
				},
			});
			assert.equal(raised.status, 201, raised.raw);
			number = raised.body.number;
			const detail = await t.get(`/api/v1/alerts/${number}`, asOfficer);
			assert.equal(detail.status, 200);
			const keys = (k: string) => detail.body.affected[k].map((n: { key: string }) => n.key);
			assert.ok(keys("certificate").includes(`${certNumber}@${cb}`), "the certificate on the product");
			for (const body of [cb, lab, holder]) assert.ok(keys("organization").includes(body), body);
			assert.equal(detail.body.affected.person.length, 1, "the audit team");
			const assignees = detail.body.tasks.map((x: { assignee: { key: string } }) => x.assignee.key);
			for (const who of [cb, lab, "310115"]) assert.ok(assignees.includes(who), JSON.stringify(assignees));
			assert.ok(detail.body.tasks.every((x: { deadline: string }) => /^\d{4}-\d{2}-\d{2}$/.test(x.deadline)));
		});

		it("sends the buyer's webhook and the procurement system a notice each checks with its secret", async () => {
			const alertNotice = (r: Received) => JSON.parse(r.body).type === "alert.raised";
			await until(() => receivers.every((r) => r.got.some(alertNotice)), 20_000);
			for (const [i, r] of receivers.entries()) {
				const got = r.got.filter(alertNotice);
				assert.equal(got.length, 1, `receiver ${i} got the alert once`);
				const n = got[0]!;
				assert.ok(verifySignature(secrets[i]!, String(n.headers["opentic-signature"]), n.body), "signed");
				assert.ok(!verifySignature(secrets[1 - i]!, String(n.headers["opentic-signature"]), n.body));
				const body = JSON.parse(n.body);
				assert.deepEqual(body.entry.subject, { kind: "alert", number });
				// The entry as logged: the receiver can prove it with an inclusion proof.
				const logged = await t.get(`/api/v1/log/entries/${body.logIndex}`);
				assert.equal(logged.status, 200);
				assert.equal(body.entryText, logged.body.entry, "the bytes the log's leaf hash covers");
				assert.deepEqual(body.entry, JSON.parse(logged.body.entry));
				assert.ok(!n.body.includes(auditorIdNumber) && !n.body.includes("赵审核"), "no personal data");
			}
		});

		it("lists the notice for the buyer in the console", async () => {
			const notices = await t.get("/api/v1/watchlists/notices", asBuyer);
			assert.equal(notices.status, 200);
			assert.ok(
				notices.body.items.some(
					(n: { eventType: string; uscc: string }) => n.eventType === "alert.raised" && n.uscc === holder,
				),
				JSON.stringify(notices.body.items),
			);
		});
	});
