/** Bans and restrictions: the public list, and a regulator administrator's decisions. */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { chinaDate } from "../../core/dates.ts";
import type { Actor } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { usccParam } from "../http/params.ts";
import { ReadErrors, WriteErrors } from "../http/schemas.ts";
import { imposeBan, liftBan, listBans } from "./bans.service.ts";

export function banRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		const opts = (req: { actor?: unknown }) => ({ clock: deps.clock, actor: req.actor as Actor });

		app.get(
			"/bans",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["credit"],
					summary:
						"Bans and restrictions (禁入与限制), newest first; `inForce=true` for those in force today",
					querystring: Type.Object({ inForce: Type.Optional(Type.Boolean()) }),
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async (req) => ({
				items: await listBans(deps.db, {
					...(req.query.inForce ? { inForce: chinaDate(deps.clock.now()) } : {}),
				}),
			}),
		);

		app.post(
			"/bans",
			{
				config: { auth: { action: "ban.manage" } },
				schema: {
					tags: ["credit"],
					summary:
						"Ban an organisation or a person, for life or until a day, from testing, inspection and certification (tic) or government purchasing (procurement): a public log entry",
					body: Type.Object(
						{
							uscc: Type.Optional(Type.String({ maxLength: 18 })),
							person: Type.Optional(Type.String({ maxLength: 20, description: "P + 8 digits" })),
							scope: Type.Union([Type.Literal("tic"), Type.Literal("procurement")]),
							startsOn: Type.String({ format: "date" }),
							endsOn: Type.Optional(
								Type.Union([Type.String({ format: "date" }), Type.Null()], {
									description: "Omit or null for a lifetime ban (终身禁入)",
								}),
							),
							reference: Type.String({ minLength: 1, maxLength: 100 }),
							authority: Type.String({ minLength: 1, maxLength: 100 }),
							reason: Type.String({ minLength: 1, maxLength: 2000 }),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req, reply) => {
				const b = req.body;
				const ban = await imposeBan(
					deps.db,
					{ ...b, uscc: b.uscc ? usccParam(b.uscc, "uscc") : null },
					opts(req),
				);
				return reply.status(201).send(ban);
			},
		);

		app.post(
			"/bans/:id/lift",
			{
				config: { auth: { action: "ban.manage" } },
				schema: {
					tags: ["credit"],
					summary: "Lift a ban: a log entry beside it",
					params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
					body: Type.Object(
						{ on: Type.String({ format: "date" }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => liftBan(deps.db, req.params.id, req.body, opts(req)),
		);
	};
}
