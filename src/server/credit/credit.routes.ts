/** GET /organizations/{uscc}/credit: an organisation's integrity file (诚信档案). */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";
import { usccParam } from "../http/params.ts";
import { ReadErrors } from "../http/schemas.ts";
import { organizationCreditFile } from "./credit.service.ts";

const CreditEvent = Type.Object({
	kind: Type.String({ description: "spot_check, penalty, complaint, certificate_withdrawn, …" }),
	kindText: Type.Object({ zh: Type.String(), en: Type.String() }),
	occurredOn: Type.String({ format: "date" }),
	source: Type.String({ description: "Where the event came from, e.g. the spot-check task 2026-SH-01#12" }),
	outcome: Type.Union([Type.String(), Type.Null()]),
	summary: Type.String(),
	detail: Type.Record(Type.String(), Type.Unknown()),
	status: Type.String({ description: "active, or withdrawn (an appeal upheld)" }),
	logIndex: Type.Union([Type.Integer(), Type.Null()], { description: "The log entry that made it public" }),
});

export function creditRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/organizations/:uscc/credit",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["credit"],
					summary: "An organisation's integrity file (诚信档案): its credit events, newest first",
					description:
						"Every event was made public by a log entry (`logIndex`). The credit-risk grade is a regulator's internal reference, not a public rating: it appears (`grade`) only for regulators.",
					params: Type.Object({ uscc: Type.String({ maxLength: 40 }) }),
					response: {
						200: Type.Object({
							organization: Type.Object({
								uscc: Type.String(),
								name: Type.String(),
								kind: Type.String(),
								district: Type.Union([Type.String(), Type.Null()]),
							}),
							grade: Type.Optional(Type.Union([Type.String(), Type.Null()])),
							events: Type.Array(CreditEvent),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => organizationCreditFile(deps.db, usccParam(req.params.uscc, "uscc"), req.actor ?? null),
		);
	};
}
