/** `POST /procurement/check`: suppliers' USCCs checked for government purchasing, line by line. Public. */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { chinaDate } from "../../core/dates.ts";
import { mayAttempt } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { Nullable, ReadErrors } from "../http/schemas.ts";
import { checkSuppliers, MAX_NUMBERS_PER_SCHEME, MAX_PROCUREMENT_LINES } from "./procurement.service.ts";

const Line = Type.Object({
	uscc: Type.String({ description: "The code as checked (trimmed, in capitals)" }),
	valid: Type.Boolean({ description: "Whether the code's check characters are right (GB 32100)" }),
	problem: Type.Optional(
		Type.Object({
			rule: Type.String({ description: "EMPTY, LENGTH, CHARSET, STRUCTURE, ORG_CHECK or CHECK" }),
			message: Type.String(),
			messageZh: Type.String(),
		}),
	),
	// Null: malformed, or no organisation with this code is registered.
	organization: Nullable(
		Type.Object({
			name: Type.String(),
			kind: Type.String({ description: "cb, lab, enterprise or regulator" }),
			district: Nullable(Type.String({ description: "GB/T 2260 district code" })),
		}),
	),
	certificates: Type.Array(
		Type.Object({
			scheme: Type.String({ description: "Scheme code, e.g. QMS, CCC, GREEN, SHBRAND" }),
			nameZh: Type.String(),
			nameEn: Type.String(),
			count: Type.Integer({ description: "Certificates of this scheme valid today" }),
			numbers: Type.Array(Type.String(), { description: `Newest first, at most ${MAX_NUMBERS_PER_SCHEME}` }),
		}),
	),
	procurementBans: Type.Array(
		Type.Object({
			reference: Type.String({ description: "The decision's document number" }),
			authority: Type.String(),
			startsOn: Type.String({ format: "date" }),
			endsOn: Nullable(Type.String({ format: "date", description: "Null: for life" })),
			reason: Type.String(),
		}),
	),
	excluded: Type.Boolean({ description: "A ban in force keeps the supplier out of government purchasing" }),
	creditGrade: Type.Optional(
		Nullable(
			Type.String({
				description:
					"Regulators only (signed in with credit.read): the credit-risk grade A–D, an internal reference never shown to the public; null while ungraded",
			}),
		),
	),
});

export function procurementRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.post(
			"/procurement/check",
			{
				// Changes nothing: a signed-in reader's browser may post it without the CSRF token.
				config: { auth: { public: true, csrfExempt: true } },
				schema: {
					tags: ["verify"],
					summary: `Suppliers' USCCs checked for government purchasing, up to ${MAX_PROCUREMENT_LINES} at a time`,
					description:
						"For each code, in order: whether it is well formed (GB 32100), the organisation it names, the certificates it holds that are valid today grouped by scheme, and the bans in force today that keep it out of government purchasing (scope procurement or tic); `excluded` when there is one. The credit-risk grade is a regulator's internal reference: it is answered (`creditGrade`) only to a signed-in regulator.",
					body: Type.Object(
						{
							usccs: Type.Array(Type.String({ maxLength: 40 }), {
								minItems: 1,
								maxItems: MAX_PROCUREMENT_LINES,
							}),
						},
						{ additionalProperties: false },
					),
					response: {
						200: Type.Object({ asOf: Type.String({ format: "date" }), items: Type.Array(Line) }),
						...ReadErrors,
					},
				},
			},
			async (req) => {
				const today = chinaDate(deps.clock.now());
				const withGrades = !!req.actor && mayAttempt(req.actor, "credit.read");
				return {
					asOf: today,
					items: await checkSuppliers(deps.db, req.body.usccs, today, { withGrades }),
				};
			},
		);
	};
}
