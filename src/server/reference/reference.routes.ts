/** Reference data the API's codes refer to: districts, schemes, statuses, kinds, with their names. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { CERTIFICATE_STATUS_INFO } from "../../core/certificate-status.ts";
import { ORG_KIND_INFO, ORG_STATUS_INFO } from "../../core/records/organization.ts";
import { QUALIFICATION_TYPE_INFO } from "../../core/records/qualification.ts";
import { CCC_PRODUCTS } from "../../core/reference/ccc.ts";
import { DISTRICTS } from "../../core/reference/districts.ts";
import { CONCLUSION_INFO, REPORT_STATUS_INFO } from "../../core/report-status.ts";
import { SCHEMES } from "../../core/schemes.ts";

const Label = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });

const Reference = Type.Object({
	districts: Type.Array(Label),
	schemes: Type.Array(
		Type.Object({
			code: Type.String(),
			kind: Type.String(),
			zh: Type.String(),
			en: Type.String(),
			standard: Type.String(),
		}),
	),
	certificateStatuses: Type.Array(Type.Object({ ...Label.properties, cncaCode: Type.String() })),
	reportStatuses: Type.Array(Label),
	conclusions: Type.Array(Label),
	organizationKinds: Type.Array(Label),
	organizationStatuses: Type.Array(Label),
	qualificationTypes: Type.Array(Label),
	cccProducts: Type.Array(
		Type.Object({
			category: Type.Integer(),
			categoryZh: Type.String(),
			productZh: Type.String(),
			codes: Type.Array(Type.String()),
		}),
	),
});

function labels(info: Record<string, { zh: string; en: string }>) {
	return Object.entries(info).map(([code, v]) => ({ code, zh: v.zh, en: v.en }));
}

/** Built once: reference data does not change while the process runs. */
const BODY = {
	districts: DISTRICTS.map((d) => ({ code: d.code, zh: d.nameZh, en: d.nameEn })),
	schemes: SCHEMES.map((s) => ({
		code: s.code,
		kind: s.kind,
		zh: s.nameZh,
		en: s.nameEn,
		standard: s.standard,
	})),
	certificateStatuses: Object.entries(CERTIFICATE_STATUS_INFO).map(([code, v]) => ({
		code,
		zh: v.zh,
		en: v.en,
		cncaCode: v.cncaCode,
	})),
	reportStatuses: labels(REPORT_STATUS_INFO),
	conclusions: labels(CONCLUSION_INFO),
	organizationKinds: labels(ORG_KIND_INFO),
	organizationStatuses: labels(ORG_STATUS_INFO),
	qualificationTypes: labels(QUALIFICATION_TYPE_INFO),
	cccProducts: CCC_PRODUCTS.map((p) => ({
		category: p.category,
		categoryZh: p.categoryZh,
		productZh: p.productZh,
		codes: [...p.codes],
	})),
};

export function referenceRoutes(): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/reference",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["reference"],
					summary: "Codes used by the API with their Chinese and English names",
					response: { 200: Reference },
				},
			},
			async (_req, reply) => {
				reply.header("cache-control", "public, max-age=3600");
				return BODY;
			},
		);
	};
}
