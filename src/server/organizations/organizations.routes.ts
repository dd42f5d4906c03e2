/** Public read routes for organisations. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { chinaDate } from "../../core/dates.ts";
import { CertificateSummary } from "../certificates/certificates.schema.ts";
import { searchCertificates } from "../certificates/certificates.service.ts";
import type { Deps } from "../deps.ts";
import { districtParam, paging, usccParam } from "../http/params.ts";
import { Page, ReadErrors } from "../http/schemas.ts";
import {
	CapabilitiesQuery,
	Capability,
	Organization,
	OrganizationDetail,
	OrganizationSearchQuery,
	OrgCertificatesQuery,
	UsccParams,
} from "./organizations.schema.ts";
import {
	getCapabilities,
	getOrganizationDetail,
	getOrganizationRow,
	searchOrganizations,
} from "./organizations.service.ts";

export function organizationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/organizations",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["organizations"],
					summary: "Search certification bodies, labs, enterprises and regulators",
					querystring: OrganizationSearchQuery,
					response: { 200: Page(Organization), ...ReadErrors },
				},
			},
			async (req) => {
				const q = req.query;
				const { offset, limit, page, pageSize } = paging(q.page, q.pageSize);
				const result = await searchOrganizations(
					deps.db,
					{
						...(q.q ? { q: q.q } : {}),
						...(q.kind ? { kind: q.kind } : {}),
						...(q.district ? { district: districtParam(q.district) } : {}),
						...(q.status ? { status: q.status } : {}),
						...(q.uscc ? { uscc: usccParam(q.uscc, "uscc") } : {}),
					},
					offset,
					limit,
				);
				return { ...result, page, pageSize };
			},
		);

		app.get(
			"/organizations/:uscc",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["organizations"],
					summary: "One organisation with its qualifications and certificates",
					params: UsccParams,
					response: { 200: OrganizationDetail, ...ReadErrors },
				},
			},
			async (req) =>
				getOrganizationDetail(deps.db, usccParam(req.params.uscc, "uscc"), chinaDate(deps.clock.now())),
		);

		app.get(
			"/organizations/:uscc/certificates",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["organizations"],
					summary: "Certificates an organisation holds, or (role=issuer) a CB has issued",
					params: UsccParams,
					querystring: OrgCertificatesQuery,
					response: { 200: Page(CertificateSummary), ...ReadErrors },
				},
			},
			async (req) => {
				const org = await getOrganizationRow(deps.db, usccParam(req.params.uscc, "uscc"));
				const { offset, limit, page, pageSize } = paging(req.query.page, req.query.pageSize);
				const today = chinaDate(deps.clock.now());
				const filter = req.query.role === "issuer" ? { cbId: org.id, today } : { holderId: org.id, today };
				return {
					...(await searchCertificates(deps.db, filter, offset, limit, req.actor ?? null)),
					page,
					pageSize,
				};
			},
		);

		app.get(
			"/organizations/:uscc/capabilities",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["organizations"],
					summary: "A lab's capability list under its CMA qualification",
					params: UsccParams,
					querystring: CapabilitiesQuery,
					response: { 200: Page(Capability), ...ReadErrors },
				},
			},
			async (req) => {
				const { offset, limit, page, pageSize } = paging(req.query.page, req.query.pageSize);
				const result = await getCapabilities(
					deps.db,
					usccParam(req.params.uscc, "uscc"),
					req.query.q,
					offset,
					limit,
				);
				return { ...result, page, pageSize };
			},
		);
	};
}
