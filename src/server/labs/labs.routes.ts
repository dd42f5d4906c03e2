/** GET /api/v1/labs: find a lab qualified for a test. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { chinaDate } from "../../core/dates.ts";
import type { Deps } from "../deps.ts";
import { districtParam, paging } from "../http/params.ts";
import { Page, ReadErrors } from "../http/schemas.ts";
import { LabMatch, LabSearchQuery } from "./labs.schema.ts";
import { findLabs } from "./labs.service.ts";

export function labRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/labs",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["capabilities"],
					summary: "Find labs qualified to test a parameter of a product to a standard",
					description:
						"Labs with an active row in their capability list under a CMA qualification valid today. Each of product, parameter and standard given must occur in the same row (Chinese substrings). Labs in `district` come first, then those with more matching rows.",
					querystring: LabSearchQuery,
					response: { 200: Page(LabMatch), ...ReadErrors },
				},
			},
			async (req) => {
				const q = req.query;
				const { offset, limit, page, pageSize } = paging(q.page, q.pageSize);
				const text = (s: string | undefined) => s?.normalize("NFC").trim() || undefined;
				const product = text(q.product);
				const parameter = text(q.parameter);
				const standard = text(q.standard);
				const result = await findLabs(
					deps.db,
					{
						...(product ? { product } : {}),
						...(parameter ? { parameter } : {}),
						...(standard ? { standard } : {}),
						...(q.district ? { district: districtParam(q.district) } : {}),
						today: chinaDate(deps.clock.now()),
					},
					offset,
					limit,
				);
				return { ...result, page, pageSize };
			},
		);
	};
}
