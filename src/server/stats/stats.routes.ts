/**
 * Statistics: the public headline figures, the regulators' dashboards (one per metric, filtered by district,
 * field and months), the district table of the yearly evaluation, and the annual report as a download.
 */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";
import { ReadErrors } from "../http/schemas.ts";
import { annualReport } from "./annual-report.service.ts";
import { breakdown, districtTable, METRICS, summary } from "./stats.service.ts";

const Filters = Type.Object(
	{
		district: Type.Optional(Type.String({ maxLength: 20, description: "District code or name" })),
		field: Type.Optional(
			Type.String({
				maxLength: 40,
				description: "Scheme code (certificates), field (reports), organisation kind, application type",
			}),
		),
		from: Type.Optional(Type.String({ maxLength: 7, description: "First month, YYYY-MM" })),
		to: Type.Optional(Type.String({ maxLength: 7, description: "Last month, YYYY-MM" })),
	},
	{ additionalProperties: false },
);

export function statsRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/stats/summary",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["statistics"],
					summary:
						"Headline figures (主要数据): active bodies and labs, certificates, reports, spot checks, complaints, with the log size they were counted at",
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async () => summary(deps.db, deps.clock),
		);

		for (const name of METRICS)
			app.get(
				`/stats/${name}`,
				{
					config: { auth: { action: "credit.read" } },
					schema: {
						tags: ["statistics"],
						summary: `Dashboard: ${name} by month, district, field and status, under the filters`,
						querystring: Filters,
						response: { 200: Type.Unknown(), ...ReadErrors },
					},
				},
				async (req) => breakdown(deps.db, deps.clock, name, req.query),
			);

		app.get(
			"/stats/districts",
			{
				config: { auth: { action: "credit.read" } },
				schema: {
					tags: ["statistics"],
					summary: "The district table of the yearly performance evaluation (区级绩效评价)",
					querystring: Type.Object(
						{ year: Type.String({ maxLength: 4, description: "YYYY" }) },
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req) => districtTable(deps.db, deps.clock, req.query.year),
		);

		app.get(
			"/stats/annual-report",
			{
				config: { auth: { action: "credit.read" } },
				schema: {
					tags: ["statistics"],
					summary:
						"The annual industry development report (年度检验检测认证产业发展报告), as HTML or an A4 PDF",
					querystring: Type.Object(
						{
							year: Type.String({ maxLength: 4, description: "YYYY" }),
							format: Type.Optional(Type.Union([Type.Literal("pdf"), Type.Literal("html")])),
						},
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req, reply) => {
				const format = req.query.format ?? "pdf";
				const r = await annualReport(deps.db, deps.clock, req.query.year, format, { recount: false });
				const file = `annual-report-${req.query.year}.${format}`;
				reply
					.header("content-disposition", `attachment; filename="${file}"`)
					.header("cache-control", "no-store")
					.type(format === "pdf" ? "application/pdf" : "text/html; charset=utf-8");
				return reply.send(r.bytes);
			},
		);
	};
}
