/**
 * Webhook subscriptions (regulator administrators, `notify.manage`) and watchlists (every body and
 * enterprise account, officers and administrators, `watchlist.manage`, each their own lists).
 */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Actor } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { noBody, paging } from "../http/params.ts";
import { Nullable, PagingQuery, ReadErrors, WriteErrors } from "../http/schemas.ts";
import {
	createSubscription,
	DELIVERY_STATES,
	deleteSubscription,
	getSubscription,
	listDeliveries,
	listSubscriptions,
	NOTIFY_LIMITS,
	pingSubscription,
	redeliver,
	rotateSecret,
	updateSubscription,
} from "./notifications.service.ts";
import {
	addSuppliers,
	createWatchlist,
	deleteWatchlist,
	getWatchlist,
	listNotices,
	listWatchlists,
	MAX_WATCHLIST_ITEMS,
	markRead,
	redeliverWatchlist,
	removeSuppliers,
	updateWatchlist,
	watchlistDeliveries,
} from "./watchlists.service.ts";

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Lenient on purpose: the service names each problem in Chinese and English. */
const SubscriptionFields = {
	name: Type.String({ maxLength: 1_000, description: `1–${NOTIFY_LIMITS.name} characters` }),
	kind: Type.String({ maxLength: 40, description: "district | region | procurement | other" }),
	url: Type.String({
		maxLength: 2_000,
		description:
			"https://… to a public host (this machine or a private network, over http too, only with OPENTIC_WEBHOOK_LOCAL=true)",
	}),
	eventTypes: Type.Optional(
		Type.Array(Type.String({ maxLength: 100 }), {
			maxItems: 1_000,
			description: "Event type prefixes, e.g. certificate. or alert.; empty: every type",
		}),
	),
	districts: Type.Optional(
		Type.Array(Type.String({ maxLength: 20 }), {
			maxItems: 1_000,
			description: "District codes: entries concerning an organisation there; empty: everywhere",
		}),
	),
	orgs: Type.Optional(
		Type.Array(Type.String({ maxLength: 40 }), {
			maxItems: 10_000,
			description: `USCCs (at most ${NOTIFY_LIMITS.orgs}): entries concerning one of them; empty: any`,
		}),
	),
	minSeverity: Type.Optional(
		Nullable(Type.String({ maxLength: 20, description: "low | medium | high | serious: for alert entries" })),
	),
	status: Type.Optional(Type.String({ maxLength: 20, description: "active | paused" })),
};

const DeliveriesQuery = Type.Object({
	state: Type.Optional(Type.Union(DELIVERY_STATES.map((s) => Type.Literal(s)))),
	...PagingQuery,
});

const Redeliver = Type.Object(
	{
		deliveryId: Type.Optional(
			Type.Integer({ minimum: 1, description: "One dead delivery; omit to requeue every dead one" }),
		),
	},
	{ additionalProperties: false },
);

const Usccs = Type.Object(
	{
		usccs: Type.Array(Type.String({ maxLength: 40 }), {
			maxItems: MAX_WATCHLIST_ITEMS,
			description: `Suppliers' USCCs, at most ${MAX_WATCHLIST_ITEMS}`,
		}),
	},
	{ additionalProperties: false },
);

export function notificationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		const opts = (req: { actor?: unknown }) => ({
			clock: deps.clock,
			actor: req.actor as Actor,
			allowLocalUrls: deps.config.webhookLocal,
		});
		const manage = { auth: { action: "notify.manage" as const } };
		const watch = { auth: { action: "watchlist.manage" as const } };

		app.get(
			"/notifications/subscriptions",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary: "Webhook subscriptions, with their deliveries counted by state",
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...WriteErrors },
				},
			},
			async () => ({ items: await listSubscriptions(deps.db) }),
		);

		app.post(
			"/notifications/subscriptions",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary:
						"Subscribe a URL to the register's public facts; the answer holds the signing secret, shown this once",
					body: Type.Object(SubscriptionFields, { additionalProperties: false }),
					response: { 201: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req, reply) => reply.status(201).send(await createSubscription(deps.db, req.body, opts(req))),
		);

		app.get(
			"/notifications/subscriptions/:id",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary: "One subscription (never its secret)",
					params: Id,
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => getSubscription(deps.db, req.params.id),
		);

		app.patch(
			"/notifications/subscriptions/:id",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary: "Change a subscription's name, URL, filters or status (active | paused)",
					params: Id,
					body: Type.Partial(Type.Object(SubscriptionFields), { additionalProperties: false }),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => updateSubscription(deps.db, req.params.id, req.body, opts(req)),
		);

		app.delete(
			"/notifications/subscriptions/:id",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary: "Delete a subscription and its deliveries",
					params: Id,
					response: { 204: Type.Null(), ...WriteErrors },
				},
			},
			async (req, reply) => {
				await deleteSubscription(deps.db, req.params.id, opts(req));
				return reply.status(204).send(null);
			},
		);

		app.post(
			"/notifications/subscriptions/:id/secret",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary: "Rotate the signing secret: the new one is answered this once; the old one stops at once",
					params: Id,
					response: { 200: Type.Object({ id: Type.Integer(), secret: Type.String() }), ...WriteErrors },
				},
			},
			async (req) => {
				noBody(req.body);
				return rotateSecret(deps.db, req.params.id, opts(req));
			},
		);

		app.post(
			"/notifications/subscriptions/:id/ping",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary:
						"Send a signed test ping now (type `ping`, not through the outbox) and answer what came back",
					params: Id,
					response: {
						200: Type.Object({
							ok: Type.Boolean(),
							status: Nullable(Type.Integer()),
							error: Nullable(Type.String()),
							durationMs: Type.Integer(),
						}),
						...WriteErrors,
					},
				},
			},
			async (req) => {
				noBody(req.body);
				return pingSubscription(deps.db, req.params.id, opts(req));
			},
		);

		app.get(
			"/notifications/subscriptions/:id/deliveries",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary:
						"A subscription's deliveries, newest first, each with its attempts (time, HTTP status or network error, duration); `state=dead` lists the dead letters",
					params: Id,
					querystring: DeliveriesQuery,
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => {
				await getSubscription(deps.db, req.params.id);
				const p = paging(req.query.page, req.query.pageSize);
				return {
					...(await listDeliveries(
						deps.db,
						{ kind: "subscription", id: req.params.id },
						{ ...(req.query.state ? { state: req.query.state } : {}), offset: p.offset, limit: p.limit },
					)),
					page: p.page,
					pageSize: p.pageSize,
				};
			},
		);

		app.post(
			"/notifications/subscriptions/:id/redeliver",
			{
				config: manage,
				schema: {
					tags: ["notifications"],
					summary: "Put dead deliveries back in the queue (one, or all of the subscription's), due now",
					params: Id,
					body: Redeliver,
					response: { 200: Type.Object({ requeued: Type.Integer() }), ...WriteErrors },
				},
			},
			async (req) => {
				await getSubscription(deps.db, req.params.id);
				return redeliver(
					deps.db,
					{ kind: "subscription", id: req.params.id },
					req.body?.deliveryId ?? null,
					opts(req),
				);
			},
		);

		// Watchlists: each account's own.

		app.get(
			"/watchlists",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary: "My watchlists, with their supplier and unread-notice counts",
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...WriteErrors },
				},
			},
			async (req) => ({ items: await listWatchlists(deps.db, req.actor as Actor) }),
		);

		app.post(
			"/watchlists",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary:
						"Create a watchlist of suppliers (USCCs, each registered), with an optional webhook whose signing secret is answered this once",
					body: Type.Object(
						{
							name: Type.String({ maxLength: 1_000 }),
							url: Type.Optional(Nullable(Type.String({ maxLength: 2_000 }))),
							usccs: Type.Optional(
								Type.Array(Type.String({ maxLength: 40 }), { maxItems: MAX_WATCHLIST_ITEMS }),
							),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req, reply) => reply.status(201).send(await createWatchlist(deps.db, req.body, opts(req))),
		);

		app.get(
			"/watchlists/notices",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary: "My notices, newest first, with the unread count; `unread=true` for the unread only",
					querystring: Type.Object({
						unread: Type.Optional(Type.Boolean()),
						watchlistId: Type.Optional(Type.Integer({ minimum: 1 })),
						...PagingQuery,
					}),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => {
				const p = paging(req.query.page, req.query.pageSize);
				return {
					...(await listNotices(deps.db, req.actor as Actor, {
						...(req.query.watchlistId ? { watchlistId: req.query.watchlistId } : {}),
						unread: req.query.unread === true,
						offset: p.offset,
						limit: p.limit,
					})),
					page: p.page,
					pageSize: p.pageSize,
				};
			},
		);

		app.post(
			"/watchlists/notices/read",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary: "Mark notices read: those listed in `ids`, or all of mine when `ids` is omitted",
					body: Type.Object(
						{ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1_000 })) },
						{ additionalProperties: false },
					),
					response: { 200: Type.Object({ marked: Type.Integer() }), ...WriteErrors },
				},
			},
			async (req) => markRead(deps.db, req.actor as Actor, req.body?.ids ?? null, deps.clock),
		);

		app.get(
			"/watchlists/:id",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary:
						"One of my watchlists, with each supplier's current standing (valid certificates by scheme, purchasing bans) from the procurement check",
					params: Id,
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req) => getWatchlist(deps.db, req.params.id, opts(req)),
		);

		app.patch(
			"/watchlists/:id",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary:
						"Rename a watchlist or set its webhook (null removes it); a new webhook, or `rotateSecret`, answers a new secret this once",
					params: Id,
					body: Type.Object(
						{
							name: Type.Optional(Type.String({ maxLength: 1_000 })),
							url: Type.Optional(Nullable(Type.String({ maxLength: 2_000 }))),
							rotateSecret: Type.Optional(Type.Boolean()),
						},
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => updateWatchlist(deps.db, req.params.id, req.body, opts(req)),
		);

		app.delete(
			"/watchlists/:id",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary: "Delete a watchlist, its notices and deliveries",
					params: Id,
					response: { 204: Type.Null(), ...WriteErrors },
				},
			},
			async (req, reply) => {
				await deleteWatchlist(deps.db, req.params.id, opts(req));
				return reply.status(204).send(null);
			},
		);

		app.post(
			"/watchlists/:id/items",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary:
						"Add suppliers by USCC: all or none (a malformed or unregistered code refuses the request, naming usccs[i])",
					params: Id,
					body: Usccs,
					response: { 200: Type.Object({ added: Type.Integer() }), ...WriteErrors },
				},
			},
			async (req) => addSuppliers(deps.db, req.params.id, req.body.usccs, opts(req)),
		);

		app.post(
			"/watchlists/:id/items/remove",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary: "Remove suppliers by USCC (codes not on the list are ignored)",
					params: Id,
					body: Usccs,
					response: { 200: Type.Object({ removed: Type.Integer() }), ...WriteErrors },
				},
			},
			async (req) => removeSuppliers(deps.db, req.params.id, req.body.usccs, opts(req)),
		);

		app.get(
			"/watchlists/:id/deliveries",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary: "My watchlist's webhook deliveries, each with its attempts",
					params: Id,
					querystring: DeliveriesQuery,
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => {
				const p = paging(req.query.page, req.query.pageSize);
				return {
					...(await watchlistDeliveries(
						deps.db,
						req.params.id,
						{ ...(req.query.state ? { state: req.query.state } : {}), offset: p.offset, limit: p.limit },
						req.actor as Actor,
					)),
					page: p.page,
					pageSize: p.pageSize,
				};
			},
		);

		app.post(
			"/watchlists/:id/redeliver",
			{
				config: watch,
				schema: {
					tags: ["watchlists"],
					summary: "Put my watchlist's dead deliveries back in the queue",
					params: Id,
					body: Redeliver,
					response: { 200: Type.Object({ requeued: Type.Integer() }), ...WriteErrors },
				},
			},
			async (req) => redeliverWatchlist(deps.db, req.params.id, req.body?.deliveryId ?? null, opts(req)),
		);
	};
}
