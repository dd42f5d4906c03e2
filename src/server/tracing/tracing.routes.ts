/** Reverse tracing for regulators: the records connected to one record, as a graph. */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";
import { ErrorBody, Nullable } from "../http/schemas.ts";
import { TRACE_LIMITS, trace } from "./tracing.service.ts";

const Kind = Type.Union(
	[
		Type.Literal("organization"),
		Type.Literal("certificate"),
		Type.Literal("report"),
		Type.Literal("person"),
		Type.Literal("product"),
	],
	{ description: "The kind of record" },
);

const Node = Type.Object({
	id: Type.String({ description: "`kind:key`" }),
	kind: Kind,
	key: Type.String({
		description:
			"organization: USCC; certificate: number@issuer USCC; report: number; person: public reference (P + 8 digits); product: the normalised product name",
	}),
	label: Type.String(),
	status: Nullable(Type.String()),
	hop: Type.Integer({ minimum: 0 }),
	path: Type.Array(Type.String(), { description: "Node ids from the root to this node, root first" }),
	detail: Type.Record(Type.String(), Nullable(Type.String())),
});

const TraceResponse = Type.Object({
	root: Node,
	depth: Type.Integer(),
	nodes: Type.Array(Node),
	edges: Type.Array(
		Type.Object({
			from: Type.String(),
			to: Type.String(),
			relation: Type.String({
				description:
					"holds, issued (organisation → certificate); audited (person → certificate); tested, client (organisation → report); signed (person → report); employs, signatory (organisation → person); product (certificate or report → product)",
			}),
		}),
	),
	truncated: Type.Boolean({ description: "True when a bound cut the result short" }),
	counts: Type.Record(Type.String(), Type.Integer()),
});

export function tracingRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/trace",
			{
				config: { auth: { action: "trace.read" } },
				schema: {
					tags: ["tracing"],
					summary:
						"Reverse tracing (倒查追溯): the records connected to one organisation, certificate, report, person or product, in both directions, breadth-first up to `depth` hops, each with the path that reached it; withheld records included. People appear by public reference and name only.",
					querystring: Type.Object({
						kind: Kind,
						key: Type.String({ minLength: 1, maxLength: TRACE_LIMITS.key }),
						depth: Type.Optional(
							Type.Integer({
								minimum: TRACE_LIMITS.depth.min,
								maximum: TRACE_LIMITS.depth.max,
								default: TRACE_LIMITS.depth.default,
							}),
						),
						maxNodes: Type.Optional(
							Type.Integer({
								minimum: TRACE_LIMITS.maxNodes.min,
								maximum: TRACE_LIMITS.maxNodes.max,
								default: TRACE_LIMITS.maxNodes.default,
							}),
						),
					}),
					response: { 200: TraceResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
				},
			},
			async (req) =>
				trace(
					deps.db,
					{ kind: req.query.kind, key: req.query.key },
					{
						...(req.query.depth !== undefined ? { depth: req.query.depth } : {}),
						...(req.query.maxNodes !== undefined ? { maxNodes: req.query.maxNodes } : {}),
						includeWithheld: true,
					},
				),
		);
	};
}
