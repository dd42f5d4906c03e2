/**
 * Webhook subscriptions (信息通报订阅), for regulator administrators: districts, other regions and
 * procurement systems subscribe a URL to the register's public facts, filtered by event type (prefix),
 * district, organisation and, for alerts, minimum severity. The secret that signs the deliveries is made
 * here, answered once (at creation and at each rotation) and never again. The first subscription or
 * watchlist starts the dispatcher's cursor at the log's current size: a subscriber receives what happens
 * after it subscribed, not the register's history.
 */
import type { Clock } from "../../core/dates.ts";
import { isoInstant } from "../../core/dates.ts";
import type { Problem } from "../../core/problem.ts";
import { problem } from "../../core/problem.ts";
import { parseDistrict } from "../../core/records/organization.ts";
import { checkUscc } from "../../core/uscc.ts";
import { audit } from "../audit/audit.service.ts";
import type { Actor } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, InputError, NotFoundError } from "../errors.ts";
import { isLocalHost } from "./address.ts";
import { SEVERITIES } from "./concerns.ts";
import { type AttemptResult, postSigned } from "./dispatcher.ts";
import { attemptsOf, deliveriesOf, deliveryCounts, startCursor } from "./notifications.repository.ts";
import { EVENT_ID_HEADER, newSecret } from "./signing.ts";

export const SUBSCRIBER_KINDS = {
	district: { zh: "区级部门", en: "district" },
	region: { zh: "其他地区", en: "other region" },
	procurement: { zh: "采购系统", en: "procurement system" },
	other: { zh: "其他", en: "other" },
} as const;

/** Limits, shared with the console's forms. */
export const NOTIFY_LIMITS = {
	name: 100,
	url: 500,
	eventTypes: 50,
	districts: 16,
	orgs: 1_000,
} as const;

export interface SubscriptionInput {
	name: string;
	kind: string;
	url: string;
	eventTypes?: string[];
	districts?: string[];
	orgs?: string[];
	minSeverity?: string | null;
	status?: string;
}

/**
 * A webhook URL: https to a public host. With OPENTIC_WEBHOOK_LOCAL=true, also this machine or a private
 * network, over http too (development, a receiver beside the register); otherwise such addresses are
 * refused, so that no account can make the register call its own network. Credentials in the URL are
 * refused (they would be shown).
 */
export function urlProblem(field: string, value: string, allowLocal: boolean): Problem | null {
	let u: URL;
	try {
		u = new URL(value);
	} catch {
		return problem(
			field,
			"URL",
			"须为完整网址，如 https://example.cn/hooks/opentic",
			"a full URL, e.g. https://example.cn/hooks/opentic",
		);
	}
	if (value.length > NOTIFY_LIMITS.url)
		return problem(
			field,
			"MAX_LENGTH",
			`不超过 ${NOTIFY_LIMITS.url} 个字符`,
			`at most ${NOTIFY_LIMITS.url} characters`,
		);
	if (u.username || u.password)
		return problem(
			field,
			"URL_CREDENTIALS",
			"网址中不得包含用户名或密码",
			"must not hold a user name or password",
		);
	const local = isLocalHost(u.hostname);
	if (local && !allowLocal)
		return problem(
			field,
			"URL_LOCAL",
			"不能指向本机或内网地址",
			"must not point at this machine or a private network",
		);
	if (u.protocol === "https:" || (u.protocol === "http:" && local)) return null;
	return problem(
		field,
		"HTTPS",
		"须使用 https（仅本机或内网地址在允许时可用 http）",
		"must use https (http only to this machine or a private network, where allowed)",
	);
}

function nameProblem(field: string, value: string): Problem | null {
	const v = value.normalize("NFC").trim();
	if (!v) return problem(field, "REQUIRED", "请填写名称", "a name is required");
	if (v.length > NOTIFY_LIMITS.name)
		return problem(
			field,
			"MAX_LENGTH",
			`不超过 ${NOTIFY_LIMITS.name} 个字符`,
			`at most ${NOTIFY_LIMITS.name} characters`,
		);
	return null;
}

const EVENT_PREFIX = /^[a-z][a-z_]*(\.[a-z_]*)*$/;

/** Checks and normalises a subscription; all problems found, the first named in the error. */
export function checkSubscription(input: SubscriptionInput, allowLocal = false) {
	const problems: Problem[] = [];
	const push = (p: Problem | null) => p && problems.push(p);
	push(nameProblem("name", input.name));
	if (!(input.kind in SUBSCRIBER_KINDS))
		push(
			problem(
				"kind",
				"ENUM",
				"须为 district、region、procurement 或 other",
				"one of district, region, procurement, other",
			),
		);
	push(urlProblem("url", input.url, allowLocal));
	const eventTypes = [...new Set((input.eventTypes ?? []).map((t) => t.trim()))];
	if (eventTypes.length > NOTIFY_LIMITS.eventTypes)
		push(
			problem(
				"eventTypes",
				"MAX_ITEMS",
				`最多 ${NOTIFY_LIMITS.eventTypes} 项`,
				`at most ${NOTIFY_LIMITS.eventTypes}`,
			),
		);
	eventTypes.forEach((t, i) => {
		if (!EVENT_PREFIX.test(t))
			push(
				problem(
					`eventTypes[${i}]`,
					"EVENT_TYPE",
					"须为事件类型或其前缀，如 certificate. 或 alert.raised",
					"an event type or its prefix, e.g. certificate. or alert.raised",
				),
			);
	});
	const districts: string[] = [];
	(input.districts ?? []).forEach((d, i) => {
		const code = parseDistrict(d);
		if (!code)
			push(
				problem(
					`districts[${i}]`,
					"DISTRICT_UNKNOWN",
					"不是上海市的区（如 310115）",
					"not one of Shanghai's districts (e.g. 310115)",
				),
			);
		else if (!districts.includes(code)) districts.push(code);
	});
	const orgs: string[] = [];
	if ((input.orgs ?? []).length > NOTIFY_LIMITS.orgs)
		push(
			problem(
				"orgs",
				"MAX_ITEMS",
				`最多 ${NOTIFY_LIMITS.orgs} 个机构`,
				`at most ${NOTIFY_LIMITS.orgs} organisations`,
			),
		);
	(input.orgs ?? []).forEach((u, i) => {
		const r = checkUscc(u);
		if (!r.valid)
			push(
				problem(
					`orgs[${i}]`,
					`USCC_${r.failure}`,
					`统一社会信用代码无效：${r.messageZh}`,
					`invalid USCC: ${r.messageEn}`,
				),
			);
		else if (!orgs.includes(r.code)) orgs.push(r.code);
	});
	// An empty choice is no minimum (a form sends "").
	const minSeverity = input.minSeverity || null;
	if (minSeverity !== null && !(SEVERITIES as readonly string[]).includes(minSeverity))
		push(
			problem(
				"minSeverity",
				"ENUM",
				"须为 low、medium、high 或 serious",
				"one of low, medium, high, serious",
			),
		);
	const status = input.status ?? "active";
	if (status !== "active" && status !== "paused")
		push(problem("status", "ENUM", "须为 active 或 paused", "active or paused"));
	if (problems.length) throw InputError.fromProblems("SUBSCRIPTION_INVALID", problems);
	return {
		name: input.name.normalize("NFC").trim(),
		subscriber_kind: input.kind,
		url: input.url,
		event_types_json: JSON.stringify(eventTypes),
		districts_json: JSON.stringify(districts),
		orgs_json: JSON.stringify(orgs),
		min_severity: minSeverity,
		status,
	};
}

type SubscriptionRow = {
	id: number | bigint;
	name: string;
	subscriber_kind: string;
	url: string;
	event_types_json: string;
	districts_json: string;
	orgs_json: string;
	min_severity: string | null;
	status: string;
	created_by: string;
	created_at: string;
	updated_at: string;
};

function present(s: SubscriptionRow, counts?: { pending: number; delivered: number; dead: number }) {
	return {
		id: Number(s.id),
		name: s.name,
		kind: s.subscriber_kind,
		url: s.url,
		eventTypes: JSON.parse(s.event_types_json) as string[],
		districts: JSON.parse(s.districts_json) as string[],
		orgs: JSON.parse(s.orgs_json) as string[],
		minSeverity: s.min_severity,
		status: s.status,
		createdBy: s.created_by,
		createdAt: s.created_at,
		updatedAt: s.updated_at,
		...(counts ? { deliveries: counts } : {}),
	};
}

const COLUMNS = [
	"id",
	"name",
	"subscriber_kind",
	"url",
	"event_types_json",
	"districts_json",
	"orgs_json",
	"min_severity",
	"status",
	"created_by",
	"created_at",
	"updated_at",
] as const;

async function find(db: Db, id: number) {
	const s = await db
		.selectFrom("notify_subscriptions")
		.select(COLUMNS)
		.where("id", "=", id)
		.executeTakeFirst();
	if (!s)
		throw new NotFoundError(
			"SUBSCRIPTION_NOT_FOUND",
			`no subscription ${id}`,
			`没有编号为 ${id} 的订阅`,
			"id",
		);
	return s;
}

/** Creates a subscription; answers it with its secret (the only time the secret is shown). */
export async function createSubscription(
	db: Db,
	input: SubscriptionInput,
	opts: { clock: Clock; actor: Actor; allowLocalUrls?: boolean },
) {
	const row = checkSubscription(input, opts.allowLocalUrls);
	const now = isoInstant(opts.clock.now());
	const secret = newSecret();
	return db.transaction().execute(async (trx) => {
		const full = { ...row, secret, created_by: opts.actor.label, created_at: now, updated_at: now };
		const r = await trx
			.insertInto("notify_subscriptions")
			.values(full)
			.returning("id")
			.executeTakeFirstOrThrow();
		await startCursor(trx);
		await audit(trx, opts.actor, now, [
			{ action: "notify.subscribe", outcome: "ok", target: { type: "subscription", key: String(r.id) } },
		]);
		return { ...present({ ...full, id: r.id }), secret };
	});
}

/** Every subscription with its deliveries counted by state. */
export async function listSubscriptions(db: Db) {
	const rows = await db.selectFrom("notify_subscriptions").select(COLUMNS).orderBy("id").execute();
	return Promise.all(
		rows.map(async (s) => present(s, await deliveryCounts(db, { kind: "subscription", id: Number(s.id) }))),
	);
}

export async function getSubscription(db: Db, id: number) {
	return present(await find(db, id), await deliveryCounts(db, { kind: "subscription", id }));
}

/** Changes a subscription (every field given replaces the old; the secret stays). */
export async function updateSubscription(
	db: Db,
	id: number,
	input: Partial<SubscriptionInput>,
	opts: { clock: Clock; actor: Actor; allowLocalUrls?: boolean },
) {
	const old = present(await find(db, id));
	const row = checkSubscription({ ...old, ...input } as SubscriptionInput, opts.allowLocalUrls);
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable("notify_subscriptions")
			.set({ ...row, updated_at: now })
			.where("id", "=", id)
			.execute();
		await audit(trx, opts.actor, now, [
			{
				action: "notify.subscription.update",
				outcome: "ok",
				target: { type: "subscription", key: String(id) },
			},
		]);
	});
	return getSubscription(db, id);
}

/** A new secret for a subscription, answered once; the old one stops signing at once. */
export async function rotateSecret(db: Db, id: number, opts: { clock: Clock; actor: Actor }) {
	await find(db, id);
	const secret = newSecret();
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable("notify_subscriptions")
			.set({ secret, updated_at: now })
			.where("id", "=", id)
			.execute();
		await audit(trx, opts.actor, now, [
			{
				action: "notify.subscription.rotate",
				outcome: "ok",
				target: { type: "subscription", key: String(id) },
			},
		]);
	});
	return { id, secret };
}

/** Deletes a subscription and its deliveries. */
export async function deleteSubscription(db: Db, id: number, opts: { clock: Clock; actor: Actor }) {
	await find(db, id);
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await deleteDeliveries(trx, "subscription", id);
		await trx.deleteFrom("notify_subscriptions").where("id", "=", id).execute();
		await audit(trx, opts.actor, now, [
			{
				action: "notify.subscription.delete",
				outcome: "ok",
				target: { type: "subscription", key: String(id) },
			},
		]);
	});
}

/** Removes a target's deliveries (and, by cascade, their attempts). */
export async function deleteDeliveries(
	trx: Db,
	kind: "subscription" | "watchlist",
	id: number,
	state?: string,
) {
	let q = trx.deleteFrom("notify_deliveries").where("target_kind", "=", kind).where("target_id", "=", id);
	if (state) q = q.where("state", "=", state);
	await q.execute();
}

/** Sends a signed test ping at once (not through the outbox) and answers what the receiver said. */
export async function pingSubscription(
	db: Db,
	id: number,
	opts: { clock: Clock; allowLocalUrls?: boolean },
): Promise<AttemptResult & { ok: boolean }> {
	const s = await db
		.selectFrom("notify_subscriptions")
		.select(["url", "secret"])
		.where("id", "=", id)
		.executeTakeFirst();
	if (!s)
		throw new NotFoundError(
			"SUBSCRIPTION_NOT_FOUND",
			`no subscription ${id}`,
			`没有编号为 ${id} 的订阅`,
			"id",
		);
	const at = isoInstant(opts.clock.now());
	const body = JSON.stringify({ id: `opentic-ping-${Date.now()}`, type: "ping", at });
	const r = await postSigned(
		s.url,
		s.secret,
		body,
		{ [EVENT_ID_HEADER]: "ping" },
		{ clock: opts.clock, timeoutMs: 10_000, allowLocal: opts.allowLocalUrls ?? false },
	);
	return { ...r, ok: r.status !== null && r.status >= 200 && r.status < 300 };
}

export const DELIVERY_STATES = ["pending", "delivered", "dead"] as const;

/** A target's deliveries, newest first, each with its attempts. */
export async function listDeliveries(
	db: Db,
	target: { kind: "subscription" | "watchlist"; id: number },
	q: { state?: string; offset: number; limit: number },
) {
	const rows = await deliveriesOf(db, target, q);
	const attempts = await attemptsOf(
		db,
		rows.map((r) => Number(r.id)),
	);
	const byDelivery = new Map<
		number,
		{ at: string; status: number | null; error: string | null; durationMs: number }[]
	>();
	for (const a of attempts) {
		const list = byDelivery.get(Number(a.delivery_id)) ?? [];
		list.push({
			at: a.at,
			status: a.status === null ? null : Number(a.status),
			error: a.error,
			durationMs: Number(a.duration_ms),
		});
		byDelivery.set(Number(a.delivery_id), list);
	}
	return {
		counts: await deliveryCounts(db, target),
		items: rows.map((r) => ({
			id: Number(r.id),
			logIndex: Number(r.log_idx),
			eventType: r.event_type,
			state: r.state,
			attempts: Number(r.attempts),
			nextAttemptAt: r.state === "pending" ? r.next_attempt_at : null,
			lastStatus: r.last_status === null ? null : Number(r.last_status),
			lastError: r.last_error,
			createdAt: r.created_at,
			deliveredAt: r.delivered_at,
			log: byDelivery.get(Number(r.id)) ?? [],
		})),
	};
}

/**
 * Puts dead deliveries back in the queue, due now with a fresh count of attempts: one (`deliveryId`) or
 * all of the target's. Answers how many.
 */
export async function redeliver(
	db: Db,
	target: { kind: "subscription" | "watchlist"; id: number },
	deliveryId: number | null,
	opts: { clock: Clock; actor: Actor },
): Promise<{ requeued: number }> {
	const now = isoInstant(opts.clock.now());
	return db.transaction().execute(async (trx) => {
		let q = trx
			.updateTable("notify_deliveries")
			.set({ state: "pending", attempts: 0, next_attempt_at: now })
			.where("target_kind", "=", target.kind)
			.where("target_id", "=", target.id)
			.where("state", "=", "dead");
		if (deliveryId !== null) q = q.where("id", "=", deliveryId);
		const n = Number((await q.executeTakeFirst()).numUpdatedRows);
		if (deliveryId !== null && n === 0)
			throw new ConflictError(
				"DELIVERY_NOT_DEAD",
				`delivery ${deliveryId} is not in the dead letters`,
				`投递 ${deliveryId} 不在死信列表中`,
				"deliveryId",
			);
		await audit(trx, opts.actor, now, [
			{
				action: "notify.redeliver",
				outcome: "ok",
				target: { type: target.kind, key: String(target.id) },
				detail: { requeued: n },
			},
		]);
		return { requeued: n };
	});
}
