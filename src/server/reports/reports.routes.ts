/** Public read routes for test reports. */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { normalizeNumber } from "../../core/records/certificate.ts";
import type { Deps } from "../deps.ts";
import { paging, usccParam } from "../http/params.ts";
import { Page, ReadErrors, WriteErrors } from "../http/schemas.ts";
import { singleWriteAnswer, WriteResult } from "../import/write.routes.ts";
import { answerRecordProof, ProofFormat, RecordProofBody } from "../log/log.routes.ts";
import { recordProof } from "../log/record-proof.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import {
	ReportDetail,
	ReportParams,
	ReportQuery,
	ReportSearchQuery,
	ReportStatusBody,
	ReportSummary,
} from "./reports.schema.ts";
import { changeReportStatus, getReport, searchReports } from "./reports.service.ts";

export function reportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/reports",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["reports"],
					summary: "Search test reports",
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
					req.actor ?? null,
				);
				return { ...result, page, pageSize };
			},
		);

		app.get(
			"/reports/:number",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["reports"],
					summary: "One test report with its items and status history",
					params: ReportParams,
					querystring: ReportQuery,
					response: { 200: ReportDetail, 409: ReadErrors[404], ...ReadErrors },
				},
			},
			async (req) => {
				const lab = req.query.lab ? usccParam(req.query.lab, "lab") : undefined;
				return getReport(deps.db, normalizeNumber(req.params.number), lab, req.actor ?? null);
			},
		);

		app.get(
			"/reports/:number/proof",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["reports", "log"],
					summary: "Proof that the report's newest log entry is in the signed log",
					description:
						"The entry and a c2sp.org/tlog-proof file against the latest checkpoint, checkable offline with the log's verifier key (GET /log/key). `format=tlog-proof` downloads the file.",
					params: ReportParams,
					querystring: Type.Object({ ...ReportQuery.properties, format: ProofFormat }),
					response: { 200: RecordProofBody, 409: ReadErrors[404], ...ReadErrors },
				},
			},
			async (req, reply) => {
				const lab = req.query.lab ? usccParam(req.query.lab, "lab") : undefined;
				const r = await getReport(deps.db, normalizeNumber(req.params.number), lab, req.actor ?? null);
				const proof = await recordProof(app.tlog, r.logIndex, `报告 ${r.number}`);
				return answerRecordProof(reply, proof, req.query.format, `report-${r.number}`);
			},
		);

		app.post(
			"/reports/:number/status",
			{
				config: { auth: { action: "report.write" } },
				schema: {
					tags: ["reports"],
					summary: "Mark a report replaced or revoked (the issuing lab)",
					description:
						"A report's content never changes: a correction is a new report, and the old one is marked replaced by it.",
					params: ReportParams,
					body: ReportStatusBody,
					response: {
						200: WriteResult,
						...WriteErrors,
					},
				},
			},
			async (req) => {
				const lab = req.body.lab ? usccParam(req.body.lab, "lab") : undefined;
				const result = await changeReportStatus(
					deps.db,
					normalizeNumber(req.params.number),
					lab,
					{
						status: req.body.status,
						...(req.body.date ? { date: req.body.date } : {}),
						reason: req.body.reason ?? null,
						replacedBy: req.body.replacedBy ?? null,
					},
					{ clock: deps.clock, actor: req.actor! },
				);
				return singleWriteAnswer("reports", result);
			},
		);
	};
}
