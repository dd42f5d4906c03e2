/**
 * Watchlists (供应商关注清单): a buyer's named list of suppliers by USCC. The dispatcher writes a console
 * notice for each public fact about a watched supplier ("your supplier X: certificate Y withdrawn") and,
 * when the list has a webhook, a signed delivery like a subscription's. Each account sees and changes its
 * own lists only; anyone else's answer 404.
 */
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { type Problem, problem } from "../../core/problem.ts";
import { checkUscc } from "../../core/uscc.ts";
import { audit } from "../audit/audit.service.ts";
import type { Actor } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { InputError, NotFoundError } from "../errors.ts";
import {
	checkSuppliers,
	MAX_PROCUREMENT_LINES,
	type ProcurementLine,
} from "../procurement/procurement.service.ts";
import { organizationsByUscc, startCursor } from "./notifications.repository.ts";
import {
	deleteDeliveries,
	listDeliveries,
	NOTIFY_LIMITS,
	redeliver,
	urlProblem,
} from "./notifications.service.ts";
import { newSecret } from "./signing.ts";

/** Suppliers on one list, at most. */
export const MAX_WATCHLIST_ITEMS = 5_000;

/** Who owns what an actor makes: their account (or, from the command line, the operator). */
export function ownerOf(actor: Actor): string {
	return actor.type === "account" ? `account:${actor.id}` : `${actor.type}:${actor.label}`;
}

function invalid(field: string, rule: string, zh: string, en: string): InputError {
	return InputError.fromProblems("WATCHLIST_INVALID", [problem(field, rule, zh, en)]);
}

function checkName(name: string): string {
	const v = name.normalize("NFC").trim();
	if (!v) throw invalid("name", "REQUIRED", "请填写清单名称", "a name is required");
	if (v.length > NOTIFY_LIMITS.name)
		throw invalid(
			"name",
			"MAX_LENGTH",
			`不超过 ${NOTIFY_LIMITS.name} 个字符`,
			`at most ${NOTIFY_LIMITS.name} characters`,
		);
	return v;
}

function checkUrl(url: string | null | undefined, allowLocal = false): string | null {
	if (url === null || url === undefined || url.trim() === "") return null;
	const p = urlProblem("url", url.trim(), allowLocal);
	if (p) throw InputError.fromProblems("WATCHLIST_INVALID", [p]);
	return url.trim();
}

async function own(db: Db, id: number, actor: Actor) {
	const w = await db
		.selectFrom("watchlists")
		.select(["id", "owner", "name", "url", "created_at", "updated_at"])
		.where("id", "=", id)
		.executeTakeFirst();
	if (!w || w.owner !== ownerOf(actor))
		throw new NotFoundError("WATCHLIST_NOT_FOUND", `no watchlist ${id}`, `没有编号为 ${id} 的关注清单`, "id");
	return w;
}

async function counts(db: Db, ids: number[]) {
	if (!ids.length) return { items: new Map<number, number>(), unread: new Map<number, number>() };
	const [items, unread] = await Promise.all([
		db
			.selectFrom("watchlist_items")
			.select(["watchlist_id", (eb) => eb.fn.countAll<number>().as("n")])
			.where("watchlist_id", "in", ids)
			.groupBy("watchlist_id")
			.execute(),
		db
			.selectFrom("notify_notices")
			.select(["watchlist_id", (eb) => eb.fn.countAll<number>().as("n")])
			.where("watchlist_id", "in", ids)
			.where("read_at", "is", null)
			.groupBy("watchlist_id")
			.execute(),
	]);
	return {
		items: new Map(items.map((r) => [Number(r.watchlist_id), Number(r.n)])),
		unread: new Map(unread.map((r) => [Number(r.watchlist_id), Number(r.n)])),
	};
}

/** The actor's lists, with their supplier and unread-notice counts. */
export async function listWatchlists(db: Db, actor: Actor) {
	const rows = await db
		.selectFrom("watchlists")
		.select(["id", "name", "url", "created_at", "updated_at"])
		.where("owner", "=", ownerOf(actor))
		.orderBy("id")
		.execute();
	const c = await counts(
		db,
		rows.map((r) => Number(r.id)),
	);
	return rows.map((r) => ({
		id: Number(r.id),
		name: r.name,
		url: r.url,
		suppliers: c.items.get(Number(r.id)) ?? 0,
		unread: c.unread.get(Number(r.id)) ?? 0,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
	}));
}

/**
 * Checks USCCs to add: each must be well formed and registered; problems name the line (`usccs[i]`, 0-based)
 * and the rule. Answers the organisations, in order, duplicates once.
 */
async function resolveSuppliers(db: Db, usccs: readonly string[]) {
	if (usccs.length > MAX_WATCHLIST_ITEMS)
		throw invalid(
			"usccs",
			"MAX_ITEMS",
			`一次最多 ${MAX_WATCHLIST_ITEMS} 个`,
			`at most ${MAX_WATCHLIST_ITEMS} at a time`,
		);
	const problems: Problem[] = [];
	const codes: string[] = [];
	usccs.forEach((u, i) => {
		const r = checkUscc(u);
		if (!r.valid)
			problems.push(
				problem(
					`usccs[${i}]`,
					`USCC_${r.failure}`,
					`统一社会信用代码无效：${r.messageZh}`,
					`invalid USCC: ${r.messageEn}`,
				),
			);
		else codes.push(r.code);
	});
	const unique = [...new Set(codes)];
	const found = new Map((await organizationsByUscc(db, unique)).map((o) => [o.uscc, o]));
	usccs.forEach((u, i) => {
		const r = checkUscc(u);
		if (r.valid && !found.has(r.code))
			problems.push(
				problem(`usccs[${i}]`, "ORG_UNKNOWN", `${r.code} 未在本平台登记`, `${r.code} is not registered`),
			);
	});
	if (problems.length) {
		problems.sort((a, b) => lineOf(a.field) - lineOf(b.field));
		throw InputError.fromProblems("WATCHLIST_INVALID", problems);
	}
	return unique.map((c) => found.get(c)!);
}

const lineOf = (field: string) => Number(/\[(\d+)\]/.exec(field)?.[1] ?? 0);

/** Creates a list, optionally with suppliers and a webhook (its secret answered once). */
export async function createWatchlist(
	db: Db,
	input: { name: string; url?: string | null; usccs?: string[] },
	opts: { clock: Clock; actor: Actor; allowLocalUrls?: boolean },
) {
	const name = checkName(input.name);
	const url = checkUrl(input.url, opts.allowLocalUrls);
	const orgs = await resolveSuppliers(db, input.usccs ?? []);
	const now = isoInstant(opts.clock.now());
	const secret = url ? newSecret() : null;
	const id = await db.transaction().execute(async (trx) => {
		const r = await trx
			.insertInto("watchlists")
			.values({ owner: ownerOf(opts.actor), name, url, secret, created_at: now, updated_at: now })
			.returning("id")
			.executeTakeFirstOrThrow();
		const id = Number(r.id);
		await insertItems(trx, id, orgs, now);
		await startCursor(trx);
		await audit(trx, opts.actor, now, [
			{ action: "watchlist.create", outcome: "ok", target: { type: "watchlist", key: String(id) } },
		]);
		return id;
	});
	return { ...(await getWatchlist(db, id, opts)), ...(secret ? { secret } : {}) };
}

async function insertItems(
	trx: Db,
	id: number,
	orgs: readonly { id: number | bigint; uscc: string }[],
	now: string,
): Promise<number> {
	if (!orgs.length) return 0;
	const have = new Set(
		(await trx.selectFrom("watchlist_items").select("org_id").where("watchlist_id", "=", id).execute()).map(
			(r) => Number(r.org_id),
		),
	);
	const fresh = orgs.filter((o) => !have.has(Number(o.id)));
	if (have.size + fresh.length > MAX_WATCHLIST_ITEMS)
		throw invalid(
			"usccs",
			"MAX_ITEMS",
			`一个清单最多关注 ${MAX_WATCHLIST_ITEMS} 个供应商`,
			`a list holds at most ${MAX_WATCHLIST_ITEMS} suppliers`,
		);
	for (let i = 0; i < fresh.length; i += 500)
		await trx
			.insertInto("watchlist_items")
			.values(
				fresh
					.slice(i, i + 500)
					.map((o) => ({ watchlist_id: id, org_id: Number(o.id), uscc: o.uscc, added_at: now })),
			)
			.execute();
	return fresh.length;
}

/**
 * One list with each supplier's current standing from the procurement check (valid certificates by
 * scheme, purchasing bans) and the count of unread notices.
 */
export async function getWatchlist(db: Db, id: number, opts: { clock: Clock; actor: Actor }) {
	const w = await own(db, id, opts.actor);
	const items = await db
		.selectFrom("watchlist_items as i")
		.innerJoin("organizations as o", "o.id", "i.org_id")
		.select(["i.uscc", "i.added_at", "o.name", "o.district", "o.status"])
		.where("i.watchlist_id", "=", id)
		.orderBy("i.added_at")
		.orderBy("i.uscc")
		.execute();
	const today = chinaDate(opts.clock.now());
	const lines: ProcurementLine[] = [];
	for (let i = 0; i < items.length; i += MAX_PROCUREMENT_LINES)
		lines.push(
			...(await checkSuppliers(
				db,
				items.slice(i, i + MAX_PROCUREMENT_LINES).map((x) => x.uscc),
				today,
			)),
		);
	const c = await counts(db, [id]);
	return {
		id,
		name: w.name,
		url: w.url,
		unread: c.unread.get(id) ?? 0,
		createdAt: w.created_at,
		updatedAt: w.updated_at,
		suppliers: items.map((x, i) => ({
			uscc: x.uscc,
			name: x.name,
			district: x.district,
			status: x.status,
			addedAt: x.added_at,
			certificates: lines[i]?.certificates ?? [],
			procurementBans: lines[i]?.procurementBans ?? [],
			excluded: lines[i]?.excluded ?? false,
		})),
	};
}

/** Renames a list or sets its webhook (a new secret when a webhook is set where there was none). */
export async function updateWatchlist(
	db: Db,
	id: number,
	input: { name?: string; url?: string | null; rotateSecret?: boolean },
	opts: { clock: Clock; actor: Actor; allowLocalUrls?: boolean },
) {
	const w = await own(db, id, opts.actor);
	const name = input.name === undefined ? w.name : checkName(input.name);
	const url = input.url === undefined ? w.url : checkUrl(input.url, opts.allowLocalUrls);
	const now = isoInstant(opts.clock.now());
	const needsSecret = url !== null && (w.url === null || input.rotateSecret === true);
	const secret = needsSecret ? newSecret() : null;
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable("watchlists")
			.set({
				name,
				url,
				updated_at: now,
				...(secret ? { secret } : {}),
				...(url === null ? { secret: null } : {}),
			})
			.where("id", "=", id)
			.execute();
		// Without a webhook, nothing is left to send.
		if (url === null) await deleteDeliveries(trx, "watchlist", id, "pending");
		await audit(trx, opts.actor, now, [
			{ action: "watchlist.update", outcome: "ok", target: { type: "watchlist", key: String(id) } },
		]);
	});
	return { ...(await getWatchlist(db, id, opts)), ...(secret ? { secret } : {}) };
}

export async function deleteWatchlist(db: Db, id: number, opts: { clock: Clock; actor: Actor }) {
	await own(db, id, opts.actor);
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await deleteDeliveries(trx, "watchlist", id);
		await trx.deleteFrom("notify_notices").where("watchlist_id", "=", id).execute();
		await trx.deleteFrom("watchlist_items").where("watchlist_id", "=", id).execute();
		await trx.deleteFrom("watchlists").where("id", "=", id).execute();
		await audit(trx, opts.actor, now, [
			{ action: "watchlist.delete", outcome: "ok", target: { type: "watchlist", key: String(id) } },
		]);
	});
}

/** Adds suppliers (all or none: a bad line refuses the request). Answers how many were new. */
export async function addSuppliers(
	db: Db,
	id: number,
	usccs: string[],
	opts: { clock: Clock; actor: Actor },
) {
	await own(db, id, opts.actor);
	const orgs = await resolveSuppliers(db, usccs);
	const now = isoInstant(opts.clock.now());
	const added = await db.transaction().execute(async (trx) => {
		const n = await insertItems(trx, id, orgs, now);
		await audit(trx, opts.actor, now, [
			{
				action: "watchlist.add",
				outcome: "ok",
				target: { type: "watchlist", key: String(id) },
				detail: { added: n },
			},
		]);
		return n;
	});
	return { added };
}

/** Removes suppliers by code; codes not on the list are ignored. Answers how many went. */
export async function removeSuppliers(
	db: Db,
	id: number,
	usccs: string[],
	opts: { clock: Clock; actor: Actor },
) {
	await own(db, id, opts.actor);
	if (usccs.length > MAX_WATCHLIST_ITEMS)
		throw invalid(
			"usccs",
			"MAX_ITEMS",
			`一次最多 ${MAX_WATCHLIST_ITEMS} 个`,
			`at most ${MAX_WATCHLIST_ITEMS} at a time`,
		);
	const codes = usccs.map((u) => u.trim().toUpperCase());
	const now = isoInstant(opts.clock.now());
	let removed = 0;
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < codes.length; i += 500) {
			const r = await trx
				.deleteFrom("watchlist_items")
				.where("watchlist_id", "=", id)
				.where("uscc", "in", codes.slice(i, i + 500))
				.executeTakeFirst();
			removed += Number(r.numDeletedRows);
		}
		await audit(trx, opts.actor, now, [
			{
				action: "watchlist.remove",
				outcome: "ok",
				target: { type: "watchlist", key: String(id) },
				detail: { removed },
			},
		]);
	});
	return { removed };
}

/** The actor's notices, newest first, across their lists or on one; `unread` for the unread only. */
export async function listNotices(
	db: Db,
	actor: Actor,
	q: { watchlistId?: number; unread?: boolean; offset: number; limit: number },
) {
	let query = db
		.selectFrom("notify_notices as n")
		.innerJoin("watchlists as w", "w.id", "n.watchlist_id")
		.where("w.owner", "=", ownerOf(actor));
	if (q.watchlistId !== undefined) query = query.where("n.watchlist_id", "=", q.watchlistId);
	const unreadCount = Number(
		(
			await query
				.where("n.read_at", "is", null)
				.select((eb) => eb.fn.countAll<number>().as("n"))
				.executeTakeFirstOrThrow()
		).n,
	);
	if (q.unread) query = query.where("n.read_at", "is", null);
	const rows = await query
		.select([
			"n.id",
			"n.watchlist_id",
			"w.name as watchlist_name",
			"n.log_idx",
			"n.uscc",
			"n.org_name",
			"n.event_type",
			"n.text_zh",
			"n.text_en",
			"n.at",
			"n.read_at",
		])
		.orderBy("n.id", "desc")
		.limit(q.limit)
		.offset(q.offset)
		.execute();
	return {
		unread: unreadCount,
		items: rows.map((n) => ({
			id: Number(n.id),
			watchlistId: Number(n.watchlist_id),
			watchlistName: n.watchlist_name,
			logIndex: Number(n.log_idx),
			uscc: n.uscc,
			orgName: n.org_name,
			eventType: n.event_type,
			text: n.text_zh,
			textEn: n.text_en,
			at: n.at,
			readAt: n.read_at,
		})),
	};
}

/** Marks notices read: those given, or all of the actor's. Answers how many changed. */
export async function markRead(db: Db, actor: Actor, ids: number[] | null, clock: Clock) {
	const mine = db.selectFrom("watchlists").select("id").where("owner", "=", ownerOf(actor));
	let q = db
		.updateTable("notify_notices")
		.set({ read_at: isoInstant(clock.now()) })
		.where("read_at", "is", null)
		.where("watchlist_id", "in", mine);
	if (ids) {
		if (!ids.length) return { marked: 0 };
		q = q.where("id", "in", ids);
	}
	return { marked: Number((await q.executeTakeFirst()).numUpdatedRows) };
}

/** A list's webhook deliveries (its owner only). */
export async function watchlistDeliveries(
	db: Db,
	id: number,
	q: { state?: string; offset: number; limit: number },
	actor: Actor,
) {
	await own(db, id, actor);
	return listDeliveries(db, { kind: "watchlist", id }, q);
}

/** Requeues a list's dead deliveries (its owner only). */
export async function redeliverWatchlist(
	db: Db,
	id: number,
	deliveryId: number | null,
	opts: { clock: Clock; actor: Actor },
) {
	await own(db, id, opts.actor);
	return redeliver(db, { kind: "watchlist", id }, deliveryId, opts);
}
