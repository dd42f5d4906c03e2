/**
 * Webhook delivery through the outbox: 1,000 logged events (certificates issued through the import path,
 * SQLite) to 10 subscribers on 127.0.0.1, one of them down (its port refuses connections). The dispatcher
 * reads the log, writes the deliveries and sends them. Checked, not just timed: every one of the 9,000
 * deliveries to the live subscribers arrives exactly once (counted at the receivers by event id, each
 * HMAC recomputed), and the down subscriber's 1,000 are all still in the outbox (pending for a retry),
 * none lost. Baseline in the same run: the same 9,000 signed POSTs sent directly, with the same
 * concurrency and no outbox.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { systemClock } from "../src/core/dates.ts";
import { completeUscc } from "../src/core/uscc.ts";
import { cliActor } from "../src/server/auth/policy.ts";
import { importRecords } from "../src/server/import/import.service.ts";
import { Dispatcher, postSigned } from "../src/server/notifications/dispatcher.ts";
import { createSubscription } from "../src/server/notifications/notifications.service.ts";
import { verifySignature } from "../src/server/notifications/signing.ts";
import { fmt, freshSqlite, report, time } from "./common.ts";

const EVENTS = 1_000;
const LIVE = 9;

interface Receiver {
	url: string;
	secret: string;
	byEvent: Map<string, number>;
	badSignatures: number;
	server: Server;
}

async function receiver(): Promise<Receiver> {
	const r: Receiver = {
		url: "",
		secret: "",
		byEvent: new Map(),
		badSignatures: 0,
		server: null as unknown as Server,
	};
	r.server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", () => {
			const body = Buffer.concat(chunks).toString("utf8");
			if (!verifySignature(r.secret, String(req.headers["opentic-signature"] ?? ""), body)) r.badSignatures++;
			const id = String(req.headers["opentic-event-id"]);
			r.byEvent.set(id, (r.byEvent.get(id) ?? 0) + 1);
			res.writeHead(204).end();
		});
	});
	r.server.keepAliveTimeout = 30_000;
	await new Promise<void>((ok) => r.server.listen(0, "127.0.0.1", ok));
	r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
	return r;
}

/** A local URL whose port refuses connections. */
async function refusingUrl(): Promise<string> {
	const s = createServer();
	await new Promise<void>((ok) => s.listen(0, "127.0.0.1", ok));
	const port = (s.address() as AddressInfo).port;
	await new Promise<void>((ok) => s.close(() => ok()));
	return `http://127.0.0.1:${port}/hook`;
}

export async function benchWebhooks(): Promise<void> {
	const h = await freshSqlite("webhooks");
	const receivers: Receiver[] = [];
	try {
		const actor = cliActor("bench");
		const apply = async (
			kind: "organizations" | "qualifications" | "certificates",
			rows: Record<string, unknown>[],
		) => {
			const s = await importRecords(
				h.db,
				rows.map((raw, i) => ({ line: i + 2, raw })),
				{ kind, clock: systemClock, actor },
			);
			if (s.rejected) throw new Error(`${kind}: ${s.rejected} rows rejected`);
		};
		const cb = completeUscc("91310115MA1BENCH");
		const holder = completeUscc("91310115MA1HLDRX");
		await apply("organizations", [
			{ uscc: cb, kind: "cb", name: "上海基准认证有限公司", district: "310115" },
			{ uscc: holder, kind: "enterprise", name: "上海基准供应商有限公司", district: "310115" },
		]);
		await apply("qualifications", [
			{
				type: "cb_approval",
				number: "CNCA-R-2010-901",
				orgUscc: cb,
				validFrom: "2020-01-01",
				validUntil: "2035-12-31",
				scope: "QMS",
			},
		]);

		for (let i = 0; i < LIVE; i++) receivers.push(await receiver());
		const down = await refusingUrl();
		const subs: number[] = [];
		for (let i = 0; i <= LIVE; i++) {
			const url = i < LIVE ? receivers[i]!.url : down;
			const s = await createSubscription(
				h.db,
				{ name: `订阅方 ${i + 1}`, kind: "procurement", url, eventTypes: ["certificate."], orgs: [holder] },
				{ clock: systemClock, actor, allowLocalUrls: true },
			);
			if (i < LIVE) receivers[i]!.secret = s.secret;
			subs.push(s.id);
		}

		const certs = Array.from({ length: EVENTS }, (_, i) => ({
			number: `0001BENCH${String(i).padStart(6, "0")}`,
			cbUscc: cb,
			holderUscc: holder,
			holderName: "上海基准供应商有限公司",
			scheme: "QMS",
			scope: "办公设备的销售",
			issueDate: "2025-03-01",
			expiryDate: "2028-02-28",
		}));
		await apply("certificates", certs);

		const dispatcher = new Dispatcher(h.db, { clock: systemClock, allowLocal: true });
		const outbox = await time(() => dispatcher.runOnce());
		const entries = outbox.value.entries;

		// Check: every live delivery arrived exactly once, signed; the down one's are all kept.
		const problems: string[] = [];
		for (const [i, r] of receivers.entries()) {
			const once = [...r.byEvent.values()].filter((n) => n === 1).length;
			if (r.byEvent.size !== EVENTS || once !== EVENTS)
				problems.push(`receiver ${i + 1}: ${r.byEvent.size} events, ${once} exactly once`);
			if (r.badSignatures) problems.push(`receiver ${i + 1}: ${r.badSignatures} bad signatures`);
		}
		const states = await sql<{ target_id: number; state: string; n: number }>`
			select target_id, state, count(*) as n from notify_deliveries group by target_id, state`.execute(h.db);
		const downId = subs[LIVE]!;
		const downKept = states.rows
			.filter((r) => Number(r.target_id) === downId && (r.state === "pending" || r.state === "dead"))
			.reduce((n, r) => n + Number(r.n), 0);
		const delivered = states.rows.filter((r) => r.state === "delivered").reduce((n, r) => n + Number(r.n), 0);
		if (downKept !== EVENTS) problems.push(`down subscriber: ${downKept} of ${EVENTS} kept in the outbox`);
		if (delivered !== EVENTS * LIVE) problems.push(`${delivered} delivered, expected ${EVENTS * LIVE}`);

		// Baseline: the same signed POSTs, straight to the receivers, same concurrency, no outbox.
		for (const r of receivers) r.byEvent.clear();
		const bodies = Array.from({ length: EVENTS }, (_, i) => JSON.stringify({ id: `direct-${i}`, n: i }));
		const direct = await time(async () => {
			const queue = receivers.flatMap((r) => bodies.map((b, i) => ({ r, b, i })));
			let next = 0;
			const worker = async () => {
				for (;;) {
					const job = queue[next++];
					if (!job) return;
					await postSigned(
						job.r.url,
						job.r.secret,
						job.b,
						{ "OpenTIC-Event-Id": `direct-${job.i}` },
						{
							clock: systemClock,
							timeoutMs: 10_000,
							allowLocal: true,
						},
					);
				}
			};
			await Promise.all(Array.from({ length: 64 }, worker));
		});

		process.stdout.write(
			`\nwebhooks — ${entries.toLocaleString("en-US")} log entries to ${LIVE + 1} subscribers (1 refusing connections), SQLite: ${delivered.toLocaleString("en-US")} delivered exactly once with valid HMACs, ${downKept.toLocaleString("en-US")} of the down subscriber's kept pending; ${problems.length ? `PROBLEMS: ${problems.join("; ")}` : "none lost, none duplicated"}\n`,
		);
		const perSecond = (EVENTS * LIVE) / (outbox.ms / 1000);
		const directPerSecond = (EVENTS * LIVE) / (direct.ms / 1000);
		report("webhooks outbox (9,000 delivered)", outbox.ms, "ms", direct.ms, "direct POSTs", "none lost");
		report("webhooks throughput", perSecond, "req/s", directPerSecond, "direct POSTs", "none lost");
		process.stdout.write(
			`  (outbox includes reading ${fmt(entries)} entries and writing ${fmt(entries * (LIVE + 1))} delivery rows)\n`,
		);
		if (problems.length) process.exitCode = 1;
	} finally {
		for (const r of receivers) await new Promise<void>((ok) => r.server.close(() => ok()));
		await h.close();
	}
}
