/** Public read routes for test reports. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { normalizeNumber } from "../../core/records/certificate.ts";
import type { Deps } from "../deps.ts";
import { paging, usccParam } from "../http/params.ts";
import { Page, ReadErrors } from "../http/schemas.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import {
	ReportDetail,
	ReportParams,
	ReportQuery,
	ReportSearchQuery,
	ReportSummary,
} from "./reports.schema.ts";
import { getReport, searchReports } from "./reports.service.ts";

export function reportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/reports",
			{
				schema: {
					tags: ["reports"],
					summary: "Search test reports",
					security: [],
					querystring: ReportSearchQuery,
					response: { 200: Page(ReportSummary), ...ReadErrors },
				},
			},
			async (req) => {
				const q = req.query;
				const { offset, limit, page, pageSize } = paging(q.page, q.pageSize);
				let labId: number | undefined;
				if (q.lab) {
					const lab = await orgs.findByUscc(deps.db, usccParam(q.lab, "lab"));
					if (!lab) return { items: [], page, pageSize, total: 0, totalExact: true };
					labId = lab.id;
				}
				const result = await searchReports(
					deps.db,
					{
						...(q.q ? { q: q.q } : {}),
						...(labId !== undefined ? { labId } : {}),
						...(q.client ? { clientUscc: usccParam(q.client, "client") } : {}),
						...(q.status ? { status: q.status } : {}),
						...(q.conclusion ? { conclusion: q.conclusion } : {}),
					},
					offset,
					limit,
				);
				return { ...result, page, pageSize };
			},
		);

		app.get(
			"/reports/:number",
			{
				schema: {
					tags: ["reports"],
					summary: "One test report with its items and status history",
					security: [],
					params: ReportParams,
					querystring: ReportQuery,
					response: { 200: ReportDetail, 409: ReadErrors[404], ...ReadErrors },
				},
			},
			async (req) => {
				const lab = req.query.lab ? usccParam(req.query.lab, "lab") : undefined;
				return getReport(deps.db, normalizeNumber(req.params.number), lab);
			},
		);
	};
}
