/** POST /certificates/{number}/withhold and /reports/{number}/withhold: the regulator's decision. */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { normalizeNumber } from "../../core/records/certificate.ts";
import type { Deps } from "../deps.ts";
import { usccParam } from "../http/params.ts";
import { WriteErrors } from "../http/schemas.ts";
import type { WithheldKind } from "./visibility.ts";
import { setWithheld, WITHHOLD_REASON_MAX } from "./withheld.service.ts";

const WithholdBody = Type.Object(
	{
		issuer: Type.Optional(
			Type.String({
				maxLength: 18,
				description: "The issuing body's USCC, when several bodies use the number",
			}),
		),
		withheld: Type.Boolean({ description: "true withholds the record from public view; false releases it" }),
		reason: Type.String({
			maxLength: WITHHOLD_REASON_MAX,
			description: "Why (a court order, an investigation): kept in the audit trail, never published",
		}),
	},
	{ additionalProperties: false },
);

const WithholdResult = Type.Object({
	number: Type.String(),
	issuer: Type.String(),
	withheldSince: Type.Union([Type.String({ format: "date" }), Type.Null()]),
	logIndex: Type.Integer({ description: "The log entry that records the decision" }),
});

export function withheldRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		for (const [kind, path, tag] of [
			["certificate", "/certificates/:number/withhold", "certificates"],
			["report", "/reports/:number/withhold", "reports"],
		] as [WithheldKind, string, string][])
			app.post(
				path,
				{
					config: { auth: { action: "record.withhold" } },
					schema: {
						tags: [tag],
						summary: `Withhold a ${kind} from public view, or release it (regulator administrators)`,
						description:
							"The record stays in the register, unchanged, for regulators and its issuer; the public pages, search, export and verification say it is withheld. The decision is a log entry; the reason goes to the audit trail only.",
						params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) }),
						body: WithholdBody,
						response: { 200: WithholdResult, ...WriteErrors },
					},
				},
				async (req) =>
					setWithheld(
						deps.db,
						kind,
						normalizeNumber(req.params.number),
						req.body.issuer ? usccParam(req.body.issuer, "issuer") : undefined,
						{ withheld: req.body.withheld, reason: req.body.reason },
						{ clock: deps.clock, actor: req.actor! },
					),
			);
	};
}
