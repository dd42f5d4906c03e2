/**
 * The notification dispatcher. The transparency log is its outbox: every public fact is already a log
 * entry, appended in the writing transaction, so a write never waits for a subscriber and nothing is lost
 * across restarts. The dispatcher
 *
 *   1. reads entries from its persisted cursor in batches, works out for each the organisations it
 *      concerns and their districts (concerns.ts), matches it against the active subscriptions and the
 *      watchlists, and writes the delivery rows, the watchlists' console notices and the cursor's new
 *      position in ONE transaction (a crash leaves either all of them or none; the cursor only moves if
 *      nobody moved it meanwhile, and a delivery is unique per target and entry);
 *   2. sends due deliveries: an HTTP POST of a fixed JSON body, signed (signing.ts), with a timeout; a
 *      2xx answer delivers it; anything else is retried after 30 s × 2^(n−1) (capped at 6 h) with ±25 %
 *      jitter, up to 8 attempts, then the delivery is dead (listed in the console, redeliverable). Each
 *      attempt is logged. Sends to one target are capped (8 at once) and picked per target, so a slow or
 *      down subscriber holds back only its own deliveries.
 *
 * Delivery is at least once: a receiver deduplicates on `OpenTIC-Event-Id`. Run one dispatcher per
 * register (`opentic serve` runs it; `opentic notify run-once` processes what is due and exits).
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { type Clock, isoInstant } from "../../core/dates.ts";
import type { Db } from "../db/database.ts";
import { readEntries } from "../log/journal.repository.ts";
import { guardedLookup, isLocalHost, privateAddressError } from "./address.ts";
import { deliveryBody, eventId, matches, noticeText, resolveEntries } from "./concerns.ts";
import {
	type AttemptRecord,
	activeSubscriptions,
	advanceCursor,
	dueOf,
	dueTargets,
	insertDeliveries,
	insertNotices,
	type NewDelivery,
	type NewNotice,
	readCursor,
	recordAttempts,
	watchersOf,
} from "./notifications.repository.ts";
import { EVENT_ID_HEADER, LOG_INDEX_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signing.ts";

export interface DispatcherOptions {
	clock: Clock;
	/** Jitter source in [0, 1); injected so that tests know the delays. */
	random?: () => number;
	/** A receiver must answer within this (default 10 s). */
	timeoutMs?: number;
	/** Attempts before a delivery is dead (default 8). */
	maxAttempts?: number;
	/** The first retry's delay (default 30 s); each next one doubles, up to `maxDelayMs` (6 h). */
	baseDelayMs?: number;
	maxDelayMs?: number;
	/** Sends in flight to one target (default 8) and in all (default 64). */
	perTarget?: number;
	concurrency?: number;
	/** Log entries read per transaction (default 500). */
	batchSize?: number;
	/** Where a failure of the loop itself is reported. */
	onError?: (e: unknown) => void;
	/** Send to this machine and private networks too (OPENTIC_WEBHOOK_LOCAL); refused by default. */
	allowLocal?: boolean;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BASE_DELAY_MS = 30_000;
/** Deliveries read ahead per target and query. */
const REFILL = 256;

interface Due {
	id: number;
	targetKey: string;
	logIdx: number;
	body: string;
	attempts: number;
	url: string;
	secret: string;
}

/** The result of one HTTP attempt. */
export interface AttemptResult {
	status: number | null;
	error: string | null;
	durationMs: number;
}

/** Connections kept open between deliveries, per scheme. */
const AGENTS = {
	"http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
	"https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * POSTs a signed body to a URL, with a timeout; never throws. Redirects are not followed (a 3xx is a
 * failed attempt), and unless `allowLocal` the address the name resolves to must not be this machine or a
 * private network (address.ts), checked when the connection is made.
 */
export async function postSigned(
	url: string,
	secret: string,
	body: string,
	headers: Record<string, string>,
	opts: { clock: Clock; timeoutMs: number; allowLocal?: boolean },
): Promise<AttemptResult> {
	const t = Math.floor(opts.clock.now().getTime() / 1000);
	const started = performance.now();
	const took = () => Math.round(performance.now() - started);
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return { status: null, error: "invalid URL", durationMs: took() };
	}
	if (u.protocol !== "http:" && u.protocol !== "https:")
		return { status: null, error: `unsupported scheme ${u.protocol}`, durationMs: took() };
	const host = u.hostname.replace(/^\[|\]$/g, "");
	if (!opts.allowLocal && isIP(host) && isLocalHost(host))
		return { status: null, error: describeFailure(privateAddressError(host)), durationMs: took() };
	const payload = Buffer.from(body, "utf8");
	return new Promise<AttemptResult>((resolve) => {
		let settled = false;
		const finish = (r: AttemptResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(deadline);
			resolve(r);
		};
		const req = (u.protocol === "https:" ? https : http).request(
			u,
			{
				method: "POST",
				agent: AGENTS[u.protocol as "http:" | "https:"],
				lookup: guardedLookup(opts.allowLocal ?? false),
				headers: {
					"content-type": "application/json; charset=utf-8",
					"content-length": String(payload.length),
					"user-agent": "OpenTIC-Webhooks/1",
					[SIGNATURE_HEADER]: signatureHeader(secret, t, body),
					...headers,
				},
			},
			(res) => {
				// Only the status counts; the answer's body is read and dropped.
				res.resume();
				finish({ status: res.statusCode ?? null, error: null, durationMs: took() });
			},
		);
		const deadline = setTimeout(() => {
			finish({ status: null, error: "timeout", durationMs: took() });
			req.destroy();
		}, opts.timeoutMs);
		req.on("error", (e) => finish({ status: null, error: describeFailure(e), durationMs: took() }));
		req.end(payload);
	});
}

/** A short, non-personal description of a network failure (ECONNREFUSED, timeout, …). */
function describeFailure(e: unknown): string {
	if (e instanceof Error) {
		if (e.name === "TimeoutError" || e.name === "AbortError") return "timeout";
		const code = (e as NodeJS.ErrnoException).code;
		if (typeof code === "string") return code;
		const cause = (e as { cause?: { code?: string; message?: string } }).cause;
		if (cause?.code) return cause.code;
		if (cause?.message) return cause.message.slice(0, 200);
		return e.message.slice(0, 200);
	}
	return String(e).slice(0, 200);
}

export class Dispatcher {
	private readonly clock: Clock;
	private readonly random: () => number;
	private readonly timeoutMs: number;
	private readonly maxAttempts: number;
	private readonly baseDelayMs: number;
	private readonly maxDelayMs: number;
	private readonly perTarget: number;
	private readonly concurrency: number;
	private readonly batchSize: number;
	private readonly onError: (e: unknown) => void;
	private readonly allowLocal: boolean;
	private readonly inFlight = new Map<number, Promise<void>>();
	/** Sends finished (attempt recorded), numbered in order, while a read of due deliveries may be running. */
	private readonly settled = new Map<number, number>();
	private settledSeq = 0;
	private reading = 0;
	private readonly perTargetCount = new Map<string, number>();
	/** Deliveries read ahead, by target (`kind:id`). */
	private readonly queues = new Map<string, Due[]>();
	private lastScan = Number.NEGATIVE_INFINITY;
	private results: AttemptRecord[] = [];
	private flushing: Promise<void> | null = null;
	private readonly rescanMs = 1_000;
	private timer: NodeJS.Timeout | null = null;
	private stopped = false;
	private ticking: Promise<void> | null = null;

	constructor(
		private readonly db: Db,
		opts: DispatcherOptions,
	) {
		this.clock = opts.clock;
		this.random = opts.random ?? Math.random;
		this.timeoutMs = opts.timeoutMs ?? 10_000;
		this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
		this.baseDelayMs = opts.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
		this.maxDelayMs = opts.maxDelayMs ?? 6 * 3_600_000;
		this.perTarget = opts.perTarget ?? 8;
		this.concurrency = opts.concurrency ?? 64;
		this.batchSize = opts.batchSize ?? 500;
		this.onError = opts.onError ?? (() => {});
		this.allowLocal = opts.allowLocal ?? false;
	}

	/** The delay before the attempt after `attempts` failed ones: exponential, capped, with ±25 % jitter. */
	retryDelayMs(attempts: number): number {
		const d = Math.min(this.baseDelayMs * 2 ** (attempts - 1), this.maxDelayMs);
		return Math.round(d * (0.75 + 0.5 * this.random()));
	}

	/**
	 * Reads the log from the cursor to its end, batch by batch, writing deliveries and notices; returns
	 * how many entries it read.
	 */
	async dispatch(): Promise<number> {
		let total = 0;
		for (;;) {
			const n = await this.dispatchBatch();
			total += n;
			if (n < this.batchSize) return total;
		}
	}

	private async dispatchBatch(): Promise<number> {
		return this.db.transaction().execute(async (trx) => {
			const cursor = await readCursor(trx);
			if (cursor === null) return 0;
			const rows = await readEntries(trx, cursor, this.batchSize);
			if (!rows.length) return 0;
			const resolved = await resolveEntries(trx, rows);
			const subs = (await activeSubscriptions(trx)).map((s) => ({
				id: Number(s.id),
				filter: {
					eventTypes: JSON.parse(s.event_types_json) as string[],
					districts: JSON.parse(s.districts_json) as string[],
					orgs: JSON.parse(s.orgs_json) as string[],
					minSeverity: s.min_severity,
				},
			}));
			const usccs = new Set<string>();
			for (const r of resolved) for (const o of r.orgs) usccs.add(o.uscc);
			const watchers = new Map<string, { watchlistId: number; url: string | null }[]>();
			for (const w of await watchersOf(trx, [...usccs])) {
				const list = watchers.get(w.uscc) ?? [];
				list.push({ watchlistId: Number(w.watchlist_id), url: w.url });
				watchers.set(w.uscc, list);
			}
			const now = isoInstant(this.clock.now());
			const deliveries: NewDelivery[] = [];
			const notices: NewNotice[] = [];
			for (const r of resolved) {
				let body: string | null = null;
				const deliver = (kind: "subscription" | "watchlist", id: number) => {
					body ??= deliveryBody(r);
					deliveries.push({
						target_kind: kind,
						target_id: id,
						log_idx: r.idx,
						event_type: r.entry.type,
						body,
						state: "pending",
						attempts: 0,
						next_attempt_at: now,
						last_status: null,
						last_error: null,
						created_at: now,
						delivered_at: null,
					});
				};
				for (const s of subs) if (matches(r, s.filter)) deliver("subscription", s.id);
				const hooked = new Set<number>();
				for (const o of r.orgs)
					for (const w of watchers.get(o.uscc) ?? []) {
						const text = noticeText(r, o);
						notices.push({
							watchlist_id: w.watchlistId,
							log_idx: r.idx,
							uscc: o.uscc,
							org_name: o.name ?? o.uscc,
							event_type: r.entry.type,
							text_zh: text.zh,
							text_en: text.en,
							at: r.entry.at,
							read_at: null,
						});
						if (w.url && !hooked.has(w.watchlistId)) {
							hooked.add(w.watchlistId);
							deliver("watchlist", w.watchlistId);
						}
					}
			}
			await insertDeliveries(trx, deliveries);
			await insertNotices(trx, notices);
			if (!(await advanceCursor(trx, cursor, cursor + rows.length)))
				throw new Error("another dispatcher moved the notification cursor; this batch is rolled back");
			return rows.length;
		});
	}

	/**
	 * Due deliveries to start now, within the caps: taken from per-target queues kept in memory and
	 * refilled from the database a few hundred at a time, so a busy outbox costs a query per target per
	 * few hundred sends, not per send. The targets with anything due are listed again when the queues run
	 * dry (or every `rescanMs`, so that a target that falls due is not starved by busy ones).
	 */
	private async due(): Promise<Due[]> {
		const free = this.concurrency - this.inFlight.size;
		if (free <= 0) return [];
		const nowMs = this.clock.now().getTime();
		const now = isoInstant(new Date(nowMs));
		const anyQueued = [...this.queues.values()].some((q) => q.length > 0);
		const scanned = performance.now();
		if (!anyQueued || scanned - this.lastScan > this.rescanMs) {
			this.lastScan = scanned;
			// Read-ahead is dropped at each scan, so a paused or changed target is honoured within a second.
			this.queues.clear();
			for (const t of await dueTargets(this.db, now)) {
				const key = `${t.target_kind}:${t.target_id}`;
				if (!this.queues.has(key)) this.queues.set(key, []);
			}
		}
		const out: Due[] = [];
		for (const [key, queue] of this.queues) {
			let room = this.perTarget - (this.perTargetCount.get(key) ?? 0);
			if (room <= 0) continue;
			if (!queue.length) {
				const [kind, id] = key.split(":") as [string, string];
				// Sends go on while this reads: one that finishes and records its attempt meanwhile may still
				// be pending in what the read returns, and must not be taken again.
				const since = this.settledSeq;
				this.reading++;
				let rows: Awaited<ReturnType<typeof dueOf>>;
				try {
					rows = await dueOf(this.db, kind, Number(id), now, REFILL);
				} finally {
					this.reading--;
				}
				for (const r of rows) {
					const settledAt = this.settled.get(Number(r.id)) ?? 0;
					if (this.inFlight.has(Number(r.id)) || settledAt > since || !r.url || !r.secret || r.paused)
						continue;
					queue.push({
						id: Number(r.id),
						targetKey: key,
						logIdx: Number(r.log_idx),
						body: r.body,
						attempts: Number(r.attempts),
						url: r.url,
						secret: r.secret,
					});
				}
				// With no read in progress, no answer can be stale: forget what settled.
				if (this.reading === 0) this.settled.clear();
				if (!queue.length) {
					this.queues.delete(key);
					continue;
				}
			}
			while (room > 0 && queue.length && out.length < free) {
				const d = queue.shift()!;
				if (this.inFlight.has(d.id)) continue;
				out.push(d);
				room--;
			}
			if (out.length >= free) break;
		}
		return out;
	}

	/** Sends one delivery and records the attempt. */
	private async send(d: Due): Promise<void> {
		const result = await postSigned(
			d.url,
			d.secret,
			d.body,
			{ [EVENT_ID_HEADER]: eventId(d.logIdx), [LOG_INDEX_HEADER]: String(d.logIdx) },
			{ clock: this.clock, timeoutMs: this.timeoutMs, allowLocal: this.allowLocal },
		);
		const at = this.clock.now();
		const ok = result.status !== null && result.status >= 200 && result.status < 300;
		const attempts = d.attempts + 1;
		const state = ok ? "delivered" : attempts >= this.maxAttempts ? "dead" : "pending";
		const next = ok || state === "dead" ? at : new Date(at.getTime() + this.retryDelayMs(attempts));
		await this.record({
			deliveryId: d.id,
			at: isoInstant(at),
			...result,
			state,
			attempts,
			nextAttemptAt: isoInstant(next),
		});
	}

	/**
	 * Records an attempt; attempts finishing together are written in one transaction. Resolves once it is
	 * written (only then does the delivery leave the in-flight set, so it is never picked twice).
	 */
	private record(r: AttemptRecord): Promise<void> {
		this.results.push(r);
		if (!this.flushing) {
			const flush = new Promise<void>((ok) => setImmediate(ok)).then(() => {
				const batch = this.results;
				this.results = [];
				if (this.flushing === flush) this.flushing = null;
				return recordAttempts(this.db, batch);
			});
			this.flushing = flush;
		}
		return this.flushing;
	}

	/** Starts the due sends (within the caps) without waiting for them; returns how many started. */
	private async pump(): Promise<number> {
		const due = await this.due();
		for (const d of due) {
			this.perTargetCount.set(d.targetKey, (this.perTargetCount.get(d.targetKey) ?? 0) + 1);
			const p = this.send(d)
				.catch((e) => this.onError(e))
				.finally(() => {
					this.settled.set(d.id, ++this.settledSeq);
					this.inFlight.delete(d.id);
					const n = (this.perTargetCount.get(d.targetKey) ?? 1) - 1;
					if (n <= 0) this.perTargetCount.delete(d.targetKey);
					else this.perTargetCount.set(d.targetKey, n);
					// A finished send makes room: look for more at once while running.
					if (this.timer && !this.stopped) this.wake();
				});
			this.inFlight.set(d.id, p);
		}
		return due.length;
	}

	/**
	 * Processes synchronously: reads the log to its end, then sends everything due now (retries that are
	 * due later stay pending) and waits for the answers. For tests and `opentic notify run-once`.
	 */
	async runOnce(): Promise<{ entries: number; attempts: number }> {
		const entries = await this.dispatch();
		let attempts = 0;
		for (;;) {
			const started = await this.pump();
			attempts += started;
			if (this.inFlight.size === 0 && started === 0) break;
			if (this.inFlight.size) await Promise.race(this.inFlight.values());
		}
		return { entries, attempts };
	}

	/** Runs in the background: every `intervalMs`, and at once when `wake()` is called. */
	start(intervalMs = 1_000): void {
		this.stopped = false;
		this.timer = setInterval(() => this.wake(), intervalMs);
		this.timer.unref();
		this.wake();
	}

	/** Looks for new entries and due deliveries now (coalesced with a pass already running). */
	wake(): void {
		if (this.ticking || this.stopped) return;
		this.ticking = (async () => {
			try {
				await this.dispatch();
				await this.pump();
			} catch (e) {
				this.onError(e);
			} finally {
				this.ticking = null;
			}
		})();
	}

	/** Stops the loop and waits for the sends in flight (each bounded by the timeout). */
	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		await this.ticking;
		await Promise.allSettled(this.inFlight.values());
	}
}
