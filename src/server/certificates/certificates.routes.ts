/** Public read routes for certificates. */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { chinaDate } from "../../core/dates.ts";
import { normalizeNumber } from "../../core/records/certificate.ts";
import { SCHEMES, schemeForStandard } from "../../core/schemes.ts";
import type { Deps } from "../deps.ts";
import { InputError } from "../errors.ts";
import { districtParam, paging, usccParam } from "../http/params.ts";
import { Page, ReadErrors, WriteErrors } from "../http/schemas.ts";
import { singleWriteAnswer, WriteResult } from "../import/write.routes.ts";
import { JournalCache } from "../log/journal-cache.ts";
import { answerRecordProof, ProofFormat, RecordProofBody } from "../log/log.routes.ts";
import { recordProof } from "../log/record-proof.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import {
	CertificateDetail,
	CertificateParams,
	CertificateQuery,
	CertificateSearchQuery,
	CertificateStatusBody,
	CertificateSummary,
} from "./certificates.schema.ts";
import {
	certificateKeysTouched,
	changeCertificateStatus,
	getCertificate,
	loadCertificates,
	presentCertificate,
	searchCertificates,
} from "./certificates.service.ts";

export function certificateRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	// Certificate pages are read far more often than written: keep the loaded records, exact through the
	// journal (log/journal-cache.ts).
	const cache =
		deps.config.lookupCacheSize > 0
			? new JournalCache(loadCertificates, certificateKeysTouched, deps.config.lookupCacheSize, deps.sqlite)
			: null;
	// A cached detail is answered with the JSON it serialized to the first time (through the route's
	// response schema, like any other answer).
	const serialized = new WeakMap<object, string>();
	function sendDetail(reply: FastifyReply, detail: object): void {
		let json = serialized.get(detail);
		if (json === undefined) {
			json = reply.serialize(detail) as string;
			serialized.set(detail, json);
		}
		reply.type("application/json; charset=utf-8").send(json);
	}
	return async (app) => {
		app.addHook("onClose", (_app, done) => {
			cache?.close();
			done();
		});
		app.get(
			"/certificates",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["certificates"],
					summary: "Search certificates",
					description:
						"Words in q must all occur in the number, the holder's name or the scope; Chinese substrings of any length match.",
					querystring: CertificateSearchQuery,
					response: { 200: Page(CertificateSummary), ...ReadErrors },
				},
			},
			async (req) => {
				const q = req.query;
				const { offset, limit, page, pageSize } = paging(q.page, q.pageSize);
				const empty = { items: [], page, pageSize, total: 0, totalExact: true };
				let holderId: number | undefined;
				let cbId: number | undefined;
				if (q.uscc) {
					const org = await orgs.findByUscc(deps.db, usccParam(q.uscc, "uscc"));
					if (!org) return empty;
					holderId = org.id;
				}
				if (q.cb) {
					const org = await orgs.findByUscc(deps.db, usccParam(q.cb, "cb"));
					if (!org) return empty;
					cbId = org.id;
				}
				let scheme: string | undefined;
				if (q.standard) {
					scheme = schemeForStandard(q.standard);
					if (!scheme)
						throw new InputError(
							"STANDARD_UNKNOWN",
							`standard: '${q.standard}' is not a known scheme or standard`,
							`standard：“${q.standard}”不是已知的认证项目或标准`,
							"standard",
							"STANDARD_UNKNOWN",
						);
				}
				const result = await searchCertificates(
					deps.db,
					{
						...(q.q ? { q: q.q } : {}),
						...(holderId !== undefined ? { holderId } : {}),
						...(cbId !== undefined ? { cbId } : {}),
						...(q.status ? { status: q.status } : {}),
						...(scheme ? { scheme } : {}),
						...(q.kind ? { schemes: SCHEMES.filter((s) => s.kind === q.kind).map((s) => s.code) } : {}),
						...(q.district ? { district: districtParam(q.district) } : {}),
						today: chinaDate(deps.clock.now()),
					},
					offset,
					limit,
					req.actor ?? null,
				);
				return { ...result, page, pageSize };
			},
		);

		app.get(
			"/certificates/:number",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["certificates"],
					summary: "One certificate with its status history",
					params: CertificateParams,
					querystring: CertificateQuery,
					response: { 200: CertificateDetail, 409: ReadErrors[404], ...ReadErrors },
				},
			},
			(req, reply) => {
				const issuer = req.query.issuer ? usccParam(req.query.issuer, "issuer") : undefined;
				const number = normalizeNumber(req.params.number);
				const reader = req.actor ?? null;
				const today = chinaDate(deps.clock.now());
				if (!cache) return getCertificate(deps.db, number, issuer, today, undefined, reader);
				// Most reads are answered at once from the cache: no promise, no query.
				const held = cache.peek(number);
				if (held) return sendDetail(reply, presentCertificate(held, number, issuer, today, reader));
				return cache
					.get(deps.db, number)
					.then((data) => sendDetail(reply, presentCertificate(data, number, issuer, today, reader)));
			},
		);

		app.get(
			"/certificates/:number/proof",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["certificates", "log"],
					summary: "Proof that the certificate's newest log entry is in the signed log",
					description:
						"The entry and a c2sp.org/tlog-proof file against the latest checkpoint, checkable offline with the log's verifier key (GET /log/key). `format=tlog-proof` downloads the file.",
					params: CertificateParams,
					querystring: Type.Object({ ...CertificateQuery.properties, format: ProofFormat }),
					response: { 200: RecordProofBody, 409: ReadErrors[404], ...ReadErrors },
				},
			},
			async (req, reply) => {
				const issuer = req.query.issuer ? usccParam(req.query.issuer, "issuer") : undefined;
				const number = normalizeNumber(req.params.number);
				const c = await getCertificate(
					deps.db,
					number,
					issuer,
					chinaDate(deps.clock.now()),
					undefined,
					req.actor ?? null,
				);
				const proof = await recordProof(app.tlog, c.logIndex, `证书 ${c.number}`);
				return answerRecordProof(reply, proof, req.query.format, `certificate-${c.number}`);
			},
		);

		app.post(
			"/certificates/:number/status",
			{
				config: { auth: { action: "certificate.write" } },
				schema: {
					tags: ["certificates"],
					summary: "Suspend, restore, withdraw or cancel a certificate (the issuing CB)",
					description:
						"The new status must follow the allowed transitions (有效 → 暂停 ↔ 有效; 有效/暂停 → 撤销 or 注销). Suspension, withdrawal and cancellation need a reason. The date defaults to today (China).",
					params: CertificateParams,
					body: CertificateStatusBody,
					response: {
						200: WriteResult,
						...WriteErrors,
					},
				},
			},
			async (req) => {
				const issuer = req.body.issuer ? usccParam(req.body.issuer, "issuer") : undefined;
				const result = await changeCertificateStatus(
					deps.db,
					normalizeNumber(req.params.number),
					issuer,
					{
						status: req.body.status,
						...(req.body.date ? { date: req.body.date } : {}),
						reason: req.body.reason ?? null,
					},
					{ clock: deps.clock, actor: req.actor! },
				);
				return singleWriteAnswer("certificates", result);
			},
		);
	};
}
