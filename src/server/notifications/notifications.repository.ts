/** The SQL of notifications: subscriptions, watchlists, the outbox's deliveries, attempts and notices. */
import { sql } from "kysely";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import type { NotifyDeliveriesTable, NotifyNoticesTable } from "../db/schema.ts";
import { logSize } from "../log/journal.repository.ts";

const CHUNK = 500;

async function chunked<T, R>(items: readonly T[], run: (part: T[]) => Promise<R[]>): Promise<R[]> {
	const out: R[] = [];
	for (let i = 0; i < items.length; i += CHUNK) out.push(...(await run(items.slice(i, i + CHUNK))));
	return out;
}

/** Certificates by number, with their issuer's and holder's codes (a number may exist at two CBs). */
export function certificatesByNumber(db: Db, numbers: readonly string[]) {
	return chunked(numbers, (part) =>
		db
			.selectFrom("certificates as c")
			.innerJoin("organizations as cb", "cb.id", "c.cb_id")
			.innerJoin("organizations as h", "h.id", "c.holder_id")
			.select([
				"c.number",
				"c.scheme",
				"c.status",
				"c.holder_name",
				"c.withheld_since",
				"cb.uscc as cb_uscc",
				"h.uscc as holder_uscc",
			])
			.where("c.number", "in", part)
			.execute(),
	);
}

/** Test reports by number, with their lab's code. */
export function reportsByNumber(db: Db, numbers: readonly string[]) {
	return chunked(numbers, (part) =>
		db
			.selectFrom("reports as r")
			.innerJoin("organizations as l", "l.id", "r.lab_id")
			.select([
				"r.number",
				"r.product",
				"r.status",
				"r.client_uscc",
				"r.withheld_since",
				"l.uscc as lab_uscc",
			])
			.where("r.number", "in", part)
			.execute(),
	);
}

/** Organisations by code: the public fields notifications carry. */
export function organizationsByUscc(db: Db, usccs: readonly string[]) {
	return chunked(usccs, (part) =>
		db
			.selectFrom("organizations")
			.select(["id", "uscc", "name", "district", "status"])
			.where("uscc", "in", part)
			.execute(),
	);
}

/** The dispatcher's cursor; null until notifications started. */
export async function readCursor(db: Db): Promise<number | null> {
	const r = await db
		.selectFrom("notify_state")
		.select("cursor")
		.where("id", "=", 1)
		.executeTakeFirstOrThrow();
	return r.cursor === null ? null : Number(r.cursor);
}

/**
 * Starts the cursor at the log's current size, if it has not started: a register's first subscriber
 * receives what happens from then on, not its whole history.
 */
export async function startCursor(trx: Db): Promise<void> {
	const size = await logSize(trx);
	await trx
		.updateTable("notify_state")
		.set({ cursor: size })
		.where("id", "=", 1)
		.where("cursor", "is", null)
		.execute();
}

/** Moves the cursor from `from` to `to`; false when someone else moved it first. */
export async function advanceCursor(trx: Db, from: number, to: number): Promise<boolean> {
	const r = await trx
		.updateTable("notify_state")
		.set({ cursor: to })
		.where("id", "=", 1)
		.where("cursor", "=", from)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Active subscriptions with their filters. */
export function activeSubscriptions(db: Db) {
	return db
		.selectFrom("notify_subscriptions")
		.select(["id", "event_types_json", "districts_json", "orgs_json", "min_severity"])
		.where("status", "=", "active")
		.execute();
}

/** The watchlists watching any of these organisations, with whether each has a webhook. */
export function watchersOf(db: Db, usccs: readonly string[]) {
	return chunked(usccs, (part) =>
		db
			.selectFrom("watchlist_items as i")
			.innerJoin("watchlists as w", "w.id", "i.watchlist_id")
			.select(["i.watchlist_id", "i.uscc", "w.url"])
			.where("i.uscc", "in", part)
			.execute(),
	);
}

export type NewDelivery = Omit<NotifyDeliveriesTable, "id">;
export type NewNotice = Omit<NotifyNoticesTable, "id">;

const DELIVERY_COLUMNS = [
	"target_kind",
	"target_id",
	"log_idx",
	"event_type",
	"body",
	"state",
	"attempts",
	"next_attempt_at",
	"last_status",
	"last_error",
	"created_at",
	"delivered_at",
] as const;

export async function insertDeliveries(trx: Db, rows: readonly NewDelivery[]): Promise<void> {
	await bulkInsert(trx, "notify_deliveries", DELIVERY_COLUMNS, rows);
}

export async function insertNotices(trx: Db, rows: readonly NewNotice[]): Promise<void> {
	await bulkInsert(
		trx,
		"notify_notices",
		["watchlist_id", "log_idx", "uscc", "org_name", "event_type", "text_zh", "text_en", "at", "read_at"],
		rows,
	);
}

/** The targets with pending deliveries due by `now`. */
export function dueTargets(db: Db, now: string) {
	return db
		.selectFrom("notify_deliveries")
		.select(["target_kind", "target_id"])
		.where("state", "=", "pending")
		.where("next_attempt_at", "<=", now)
		.groupBy(["target_kind", "target_id"])
		.execute();
}

/** One target's pending deliveries due by `now`, oldest first, with where to send them and the key. */
export async function dueOf(db: Db, kind: string, id: number, now: string, limit: number) {
	const target =
		kind === "subscription"
			? await db
					.selectFrom("notify_subscriptions")
					.select(["url", "secret", "status"])
					.where("id", "=", id)
					.executeTakeFirst()
			: await db
					.selectFrom("watchlists")
					.select(["url", "secret", sql<string>`'active'`.as("status")])
					.where("id", "=", id)
					.executeTakeFirst();
	if (!target) return [];
	const rows = await db
		.selectFrom("notify_deliveries")
		.select(["id", "log_idx", "body", "attempts"])
		.where("target_kind", "=", kind)
		.where("target_id", "=", id)
		.where("state", "=", "pending")
		.where("next_attempt_at", "<=", now)
		.orderBy("next_attempt_at")
		.orderBy("id")
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		...r,
		url: target.url,
		secret: target.secret,
		paused: target.status !== "active",
	}));
}

/** An attempt and the delivery's state after it. */
export interface AttemptRecord {
	deliveryId: number;
	at: string;
	status: number | null;
	error: string | null;
	durationMs: number;
	state: "pending" | "delivered" | "dead";
	attempts: number;
	nextAttemptAt: string;
}

/** Records attempts and their outcomes on the deliveries, in one transaction. */
export async function recordAttempts(db: Db, records: readonly AttemptRecord[]): Promise<void> {
	if (!records.length) return;
	await db.transaction().execute(async (trx) => {
		// A delivery deleted while it was in flight (its subscription or list went) is not recorded.
		const alive = new Set<number>();
		for (let i = 0; i < records.length; i += CHUNK) {
			const ids = records.slice(i, i + CHUNK).map((r) => r.deliveryId);
			for (const r of await trx.selectFrom("notify_deliveries").select("id").where("id", "in", ids).execute())
				alive.add(Number(r.id));
		}
		records = records.filter((r) => alive.has(r.deliveryId));
		await bulkInsert(
			trx,
			"notify_attempts",
			["delivery_id", "at", "status", "error", "duration_ms"],
			records.map((r) => ({
				delivery_id: r.deliveryId,
				at: r.at,
				status: r.status,
				error: r.error,
				duration_ms: r.durationMs,
			})),
		);
		for (const r of records)
			await trx
				.updateTable("notify_deliveries")
				.set({
					state: r.state,
					attempts: r.attempts,
					next_attempt_at: r.nextAttemptAt,
					last_status: r.status,
					last_error: r.error,
					...(r.state === "delivered" ? { delivered_at: r.at } : {}),
				})
				.where("id", "=", r.deliveryId)
				.execute();
	});
}

/** A target's deliveries, newest first, optionally in one state. */
export function deliveriesOf(
	db: Db,
	target: { kind: "subscription" | "watchlist"; id: number },
	q: { state?: string; limit: number; offset: number },
) {
	let query = db
		.selectFrom("notify_deliveries")
		.select([
			"id",
			"log_idx",
			"event_type",
			"state",
			"attempts",
			"next_attempt_at",
			"last_status",
			"last_error",
			"created_at",
			"delivered_at",
		])
		.where("target_kind", "=", target.kind)
		.where("target_id", "=", target.id);
	if (q.state) query = query.where("state", "=", q.state);
	return query.orderBy("id", "desc").limit(q.limit).offset(q.offset).execute();
}

/** Counts of a target's deliveries by state. */
export async function deliveryCounts(db: Db, target: { kind: string; id: number }) {
	const rows = await db
		.selectFrom("notify_deliveries")
		.select(["state", sql<number>`count(*)`.as("n")])
		.where("target_kind", "=", target.kind)
		.where("target_id", "=", target.id)
		.groupBy("state")
		.execute();
	const out = { pending: 0, delivered: 0, dead: 0 };
	for (const r of rows) out[r.state as keyof typeof out] = Number(r.n);
	return out;
}

/** The attempts of some deliveries, oldest first. */
export function attemptsOf(db: Db, deliveryIds: readonly number[]) {
	if (!deliveryIds.length) return Promise.resolve([]);
	return db
		.selectFrom("notify_attempts")
		.select(["delivery_id", "at", "status", "error", "duration_ms"])
		.where("delivery_id", "in", deliveryIds)
		.orderBy("id")
		.execute();
}
