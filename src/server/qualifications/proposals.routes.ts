/** Capability proposals: labs propose rows for their capability lists; regulators decide. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Deps } from "../deps.ts";
import { usccParam } from "../http/params.ts";
import { ErrorBody, Nullable, WriteErrors } from "../http/schemas.ts";
import { recordBody } from "../import/write.routes.ts";
import { decide, listProposals, propose } from "./proposals.service.ts";

const Proposal = Type.Object({
	id: Type.Integer(),
	lab: Type.Object({ uscc: Type.String(), name: Type.String() }),
	rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
	note: Nullable(Type.String()),
	status: Type.String(),
	proposedBy: Type.String(),
	createdAt: Type.String(),
	decidedBy: Nullable(Type.String()),
	decidedAt: Nullable(Type.String()),
	decisionNote: Nullable(Type.String()),
	applied: Type.Optional(
		Type.Object({
			created: Type.Integer(),
			updated: Type.Integer(),
			unchanged: Type.Integer(),
			rejected: Type.Integer(),
			errors: Type.Array(
				Type.Object({
					line: Type.Integer(),
					field: Type.String(),
					rule: Type.String(),
					messageZh: Type.String(),
					messageEn: Type.String(),
				}),
			),
		}),
	),
});

export function proposalRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.post(
			"/capability-proposals",
			{
				config: { auth: { action: "capability.propose" } },
				schema: {
					tags: ["capabilities"],
					summary: "Propose rows for your lab's capability list",
					body: Type.Object(
						{
							lab: Type.String({ maxLength: 18, description: "Your lab's USCC" }),
							rows: Type.Array(recordBody("capabilities"), { minItems: 1, maxItems: 2000 }),
							note: Type.Optional(Type.String({ maxLength: 500 })),
						},
						{ additionalProperties: false },
					),
					response: { 201: Proposal, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
				},
			},
			async (req, reply) => {
				const p = await propose(
					deps.db,
					{
						labUscc: usccParam(req.body.lab, "lab"),
						rows: req.body.rows as Record<string, unknown>[],
						note: req.body.note ?? null,
					},
					req.actor!,
					deps.clock,
				);
				return reply.status(201).send(p);
			},
		);

		app.get(
			"/capability-proposals",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["capabilities"],
					summary: "Proposals you made or may decide",
					querystring: Type.Object({ status: Type.Optional(Type.Enum(["pending", "approved", "rejected"])) }),
					response: { 200: Type.Object({ items: Type.Array(Proposal) }), 401: ErrorBody },
				},
			},
			async (req) => ({ items: await listProposals(deps.db, req.actor!, req.query.status) }),
		);

		app.post(
			"/capability-proposals/:id/decision",
			{
				config: { auth: { action: "capability.decide" } },
				schema: {
					tags: ["capabilities"],
					summary: "Approve (apply) or reject a lab's proposal",
					params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
					body: Type.Object(
						{
							decision: Type.Enum(["approve", "reject"]),
							note: Type.Optional(Type.String({ maxLength: 500 })),
						},
						{ additionalProperties: false },
					),
					response: {
						200: Proposal,
						...WriteErrors,
					},
				},
			},
			async (req) =>
				decide(
					deps.db,
					req.params.id,
					{ approve: req.body.decision === "approve", note: req.body.note ?? null },
					req.actor!,
					deps.clock,
				),
		);
	};
}
