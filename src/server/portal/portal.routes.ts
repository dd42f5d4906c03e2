/**
 * The public portal: pages rendered on the server, so they read before any script runs and a QR code
 * or a search engine lands on a finished page. Simplified Chinese by default; `?lang=en` switches (and is
 * remembered in a cookie). Every page reads the register through the same services as the API.
 */
import compress from "@fastify/compress";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { CERTIFICATE_STATUSES } from "../../core/certificate-status.ts";
import { chinaDate, isoInstant } from "../../core/dates.ts";
import { type Problem, problem } from "../../core/problem.ts";
import { normalizeNumber } from "../../core/records/certificate.ts";
import { ORG_KINDS } from "../../core/records/organization.ts";
import { CONCLUSIONS, REPORT_STATUSES } from "../../core/report-status.ts";
import { SCHEMES } from "../../core/schemes.ts";
import { Workdays } from "../../core/workdays.ts";
import { alertDetail, listAlerts, type publicAlert } from "../alerts/alerts.service.ts";
import { applicationProgress } from "../approvals/approvals.service.ts";
import { getCertificate, searchCertificates } from "../certificates/certificates.service.ts";
import {
	complaintProgress,
	fileComplaint,
	parseTracking,
	publicActor,
} from "../complaints/complaints.service.ts";
import { FILING_BODY_LIMIT, filingLimiter, installMultipart, retryAfter } from "../complaints/filing.ts";
import { organizationCreditFile } from "../credit/credit.service.ts";
import type { Deps } from "../deps.ts";
import { AppError, ConflictError, InputError, NotFoundError } from "../errors.ts";
import { districtParam, paging, usccParam } from "../http/params.ts";
import { findLabs } from "../labs/labs.service.ts";
import * as orgRepo from "../organizations/organizations.repository.ts";
import {
	getCapabilities,
	getOrganizationDetail,
	searchOrganizations,
} from "../organizations/organizations.service.ts";
import { checkSuppliers, procurementCsv, supplierLines } from "../procurement/procurement.service.ts";
import { qualificationSheet } from "../qualifications/certificate.ts";
import { getReport, searchReports } from "../reports/reports.service.ts";
import { listBatches, listPlans, publicBatch } from "../spotchecks/spotchecks.service.ts";
import { bulkCsv, verifyBulk } from "../verify/bulk.ts";
import { qrPng, qrSvg } from "../verify/qr.ts";
import { sheetPdf } from "../verify/sheet.ts";
import { type Html, query } from "./html.ts";
import { type Lang, parseLang } from "./i18n/index.ts";
import { type PageContext, pageContext } from "./layout.ts";
import { registerStats, type StatsRow } from "./portal.repository.ts";
import {
	ALERT_SEVERITIES,
	ALERT_STATUSES,
	type AlertBoardParams,
	alertBoardPage,
	alertPage,
} from "./views/alerts.ts";
import { applicationLookupPage, applicationProgressPage } from "./views/applications.ts";
import {
	type ComplaintFormValues,
	complaintFiledPage,
	complaintFormPage,
	complaintProgressPage,
} from "./views/complaints.ts";
import { type CreditReportView, creditReportPage, creditReportPdf } from "./views/credit.ts";
import { messagePage } from "./views/errors.ts";
import { homePage, SEARCH_TYPES, type SearchType } from "./views/home.ts";
import { type LabParams, labsPage } from "./views/labs.ts";
import { procurementPage } from "./views/procurement.ts";
import { certificatePage, choosePage, organizationPage, reportPage } from "./views/records.ts";
import { type SearchParams, type SearchResults, searchPage } from "./views/search.ts";
import { spotBatchesPage, spotBatchPage } from "./views/spotchecks.ts";
import { type BulkForm, bulkPage, verificationPage, verificationSheet, verifyHref } from "./views/verify.ts";

const LANG_COOKIE = "lang";
/** Home-page figures are recounted at most this often. */
const STATS_TTL_MS = 60_000;
const PAGE_SIZE = 20;
const PREVIEW = 5;

type Query = Record<string, string | string[] | undefined>;

/** A single query value, trimmed and NFC-normalised, or "" when absent. */
function one(q: Query, name: string, max = 100): string {
	const v = q[name];
	const s = (Array.isArray(v) ? v[0] : v) ?? "";
	return s.normalize("NFC").trim().slice(0, max);
}

/** A value from a fixed list, or undefined. */
function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[]): T | undefined {
	const v = one(q, name);
	return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

function pageNumber(q: Query, name = "page"): number {
	const n = Number(one(q, name, 6));
	return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function portalRoutes(deps: Deps) {
	let stats: { at: number; value: StatsRow } | null = null;

	const today = () => chinaDate(deps.clock.now());

	/** The page language, remembering an explicit choice. */
	function languageOf(req: FastifyRequest, reply: FastifyReply): Lang {
		const asked = parseLang(one(req.query as Query, "lang"));
		if (asked) {
			reply.setCookie(LANG_COOKIE, asked, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
			return asked;
		}
		return parseLang(req.cookies?.[LANG_COOKIE]) ?? "zh-CN";
	}

	function send(reply: FastifyReply, body: Html, status = 200) {
		return reply
			.status(status)
			.header("cache-control", "no-cache")
			.header("vary", "Cookie")
			.type("text/html; charset=utf-8")
			.send(body.value);
	}

	/** Renders a page; business errors become pages that say what went wrong, in the reader's language. */
	function route(render: (ctx: PageContext, req: FastifyRequest, reply: FastifyReply) => Promise<Html>) {
		return async (req: FastifyRequest, reply: FastifyReply) => {
			const ctx = pageContext(languageOf(req, reply), req.url);
			try {
				return send(reply, await render(ctx, req, reply), reply.statusCode);
			} catch (err) {
				if (!(err instanceof AppError)) throw err;
				const text = ctx.lang === "zh-CN" ? err.messageZh : err.messageEn;
				const title = err.status === 404 ? ctx.t("error.notFound") : ctx.t("error.badRequest");
				return send(reply, messagePage(ctx, title, text), err.status);
			}
		};
	}

	return async (app: FastifyInstance) => {
		// Pages are compressed on the way out; hashed assets are served precompressed (web.plugin.ts).
		await app.register(compress, { global: true, globalDecompression: false, threshold: 1024 });

		app.get(
			"/",
			{ schema: { hide: true } },
			route(async (ctx) => {
				if (!stats || Date.now() - stats.at > STATS_TTL_MS)
					stats = { at: Date.now(), value: await registerStats(deps.db, today()) };
				return homePage(ctx, stats.value);
			}),
		);

		app.get(
			"/search",
			{ schema: { hide: true } },
			route(async (ctx, req, reply) => {
				const q = req.query as Query;
				const p: SearchParams = {
					q: one(q, "q"),
					type: oneOf<SearchType>(q, "type", SEARCH_TYPES) ?? "all",
					status: one(q, "status", 20) || undefined,
					scheme: oneOf(
						q,
						"scheme",
						SCHEMES.map((s) => s.code),
					),
					district: one(q, "district", 10) || undefined,
					kind: oneOf(q, "kind", ["management", "product", "service"]),
					conclusion: oneOf(q, "conclusion", CONCLUSIONS),
					orgKind: oneOf(q, "orgKind", ORG_KINDS),
					page: pageNumber(q),
				};
				if (!p.q && p.type === "all") return searchPage(ctx, p, null);
				let results: SearchResults;
				try {
					results = await search(p);
				} catch (err) {
					if (!(err instanceof AppError)) throw err;
					reply.status(err.status);
					return searchPage(ctx, p, null, ctx.lang === "zh-CN" ? err.messageZh : err.messageEn);
				}
				return searchPage(ctx, p, results);
			}),
		);

		async function search(p: SearchParams): Promise<SearchResults> {
			const district = p.district ? districtParam(p.district) : undefined;
			const scheme = SCHEMES.find((s) => s.code === p.scheme);
			const size = (type: SearchType) => (p.type === type ? PAGE_SIZE : p.type === "all" ? PREVIEW : 1);
			const at = (type: SearchType) => (p.type === type ? paging(p.page, PAGE_SIZE).offset : 0);
			const text = p.q ? { q: p.q } : {};
			const certStatus = oneOfValue(p.status, CERTIFICATE_STATUSES);
			const reportStatus = oneOfValue(p.status, REPORT_STATUSES);
			const mine = (type: SearchType) => p.type === type;
			const [certificates, reports, organizations] = await Promise.all([
				searchCertificates(
					deps.db,
					{
						...text,
						...(mine("certificates") && certStatus ? { status: certStatus } : {}),
						...(mine("certificates") && scheme ? { scheme: scheme.code } : {}),
						...(mine("certificates") && p.kind
							? { schemes: SCHEMES.filter((s) => s.kind === p.kind).map((s) => s.code) }
							: {}),
						...(mine("certificates") && district ? { district } : {}),
						today: today(),
					},
					at("certificates"),
					size("certificates"),
				),
				searchReports(
					deps.db,
					{
						...text,
						...(mine("reports") && reportStatus ? { status: reportStatus } : {}),
						...(mine("reports") && p.conclusion ? { conclusion: p.conclusion } : {}),
					},
					at("reports"),
					size("reports"),
				),
				searchOrganizations(
					deps.db,
					{
						...text,
						...(mine("organizations") && p.orgKind ? { kind: p.orgKind } : {}),
						...(mine("organizations") && district ? { district } : {}),
					},
					at("organizations"),
					size("organizations"),
				),
			]);
			return { certificates, reports, organizations, pageSize: PAGE_SIZE };
		}

		app.get(
			"/certificates/:number",
			{ schema: { hide: true } },
			route(async (ctx, req) => {
				const number = normalizeNumber(one(req.params as Query, "number", 64));
				const issuerRaw = one(req.query as Query, "issuer", 40);
				const issuer = issuerRaw ? usccParam(issuerRaw, "issuer") : undefined;
				try {
					const c = await getCertificate(deps.db, number, issuer, today());
					return certificatePage(ctx, c, {
						proofUrl: `/api/v1/certificates/${encodeURIComponent(c.number)}/proof?issuer=${c.cb.uscc}`,
						index: c.logIndex,
						verifierKey: app.tlog.identity.verifierKey,
						number: c.number,
					});
				} catch (err) {
					const issuers = ambiguousChoices(err, "issuers");
					if (!issuers) throw err;
					return choosePage(
						ctx,
						ctx.t("cert.title", { number }),
						ctx.t("cert.ambiguous", { n: issuers.length, number }),
						issuers.map((i) => ({
							href: `/certificates/${encodeURIComponent(number)}${query({ issuer: i.uscc })}`,
							name: i.name,
						})),
					);
				}
			}),
		);

		app.get(
			"/reports/:number",
			{ schema: { hide: true } },
			route(async (ctx, req) => {
				const number = normalizeNumber(one(req.params as Query, "number", 64));
				const labRaw = one(req.query as Query, "lab", 40);
				const lab = labRaw ? usccParam(labRaw, "lab") : undefined;
				try {
					const r = await getReport(deps.db, number, lab);
					return reportPage(ctx, r, {
						proofUrl: `/api/v1/reports/${encodeURIComponent(r.number)}/proof?lab=${r.lab.uscc}`,
						index: r.logIndex,
						verifierKey: app.tlog.identity.verifierKey,
						number: r.number,
					});
				} catch (err) {
					const labs = ambiguousChoices(err, "labs");
					if (!labs) throw err;
					return choosePage(
						ctx,
						ctx.t("report.title", { number }),
						ctx.t("report.ambiguous", { n: labs.length, number }),
						labs.map((l) => ({
							href: `/reports/${encodeURIComponent(number)}${query({ lab: l.uscc })}`,
							name: l.name,
						})),
					);
				}
			}),
		);

		app.get(
			"/organizations/:uscc",
			{ schema: { hide: true } },
			route(async (ctx, req) => {
				const uscc = usccParam(one(req.params as Query, "uscc", 40), "uscc");
				const q = req.query as Query;
				const cpage = pageNumber(q, "cpage");
				const kpage = pageNumber(q, "kpage");
				const cq = one(q, "cq");
				const detail = await getOrganizationDetail(deps.db, uscc, today());
				const row = await orgRepo.findByUscc(deps.db, uscc);
				const role = detail.kind === "cb" ? "issuer" : "holder";
				const cp = paging(cpage, PAGE_SIZE);
				const certs = await searchCertificates(
					deps.db,
					role === "issuer" ? { cbId: row!.id, today: today() } : { holderId: row!.id, today: today() },
					cp.offset,
					cp.limit,
				);
				let capabilities = null;
				if (detail.kind === "lab") {
					const kp = paging(kpage, PAGE_SIZE);
					const caps = await getCapabilities(deps.db, uscc, cq || undefined, kp.offset, kp.limit);
					capabilities = { ...caps, page: kpage, pageSize: PAGE_SIZE, q: cq };
				}
				// The public view of the integrity file: read without an actor, so it never holds the grade.
				const credit = await organizationCreditFile(deps.db, uscc, null);
				return organizationPage(
					ctx,
					detail,
					{ role, page: { ...certs, page: cpage, pageSize: PAGE_SIZE } },
					capabilities,
					credit.events,
					(change) => {
						const next = { cpage, kpage, cq, ...change };
						return `/organizations/${uscc}${query({
							cpage: next.cpage > 1 ? next.cpage : undefined,
							kpage: next.kpage > 1 ? next.kpage : undefined,
							cq: next.cq,
						})}${change.cpage ? "#certificates" : "#capabilities"}`;
					},
				);
			}),
		);

		/**
		 * An organisation's credit report as of now: its public integrity file (read without an actor, so
		 * never the grade) and the signed checkpoint that covers every log entry it names — signed first if
		 * the newest entries are not yet, as a record's proof does.
		 */
		async function creditReport(rawUscc: string): Promise<CreditReportView> {
			const uscc = usccParam(rawUscc, "uscc");
			const file = await organizationCreditFile(deps.db, uscc, null);
			const named = [...file.events, ...file.bans].flatMap((x) => (x.logIndex === null ? [] : [x.logIndex]));
			const needed = named.length ? Math.max(...named) + 1 : 0;
			let checkpoint = await app.tlog.latest();
			if (needed > (checkpoint?.size ?? 0)) checkpoint = await app.tlog.covering(needed);
			const now = deps.clock.now();
			return {
				organization: file.organization,
				bans: file.bans,
				events: file.events,
				producedAt: isoInstant(now),
				today: chinaDate(now),
				checkpoint: checkpoint ?? null,
				log: { origin: app.tlog.identity.origin, verifierKey: app.tlog.identity.verifierKey },
				publicUrl: deps.config.publicUrl,
			};
		}

		app.get(
			"/organizations/:uscc/credit-report",
			{ schema: { hide: true } },
			route(async (ctx, req) =>
				creditReportPage(ctx, await creditReport(one(req.params as Query, "uscc", 40))),
			),
		);

		app.get("/organizations/:uscc/credit-report.pdf", { schema: { hide: true } }, async (req, reply) => {
			const report = await creditReport(one(req.params as Query, "uscc", 40));
			return reply
				.type("application/pdf")
				.header("cache-control", "no-cache")
				.header(
					"content-disposition",
					`inline; filename="credit-report-${report.organization.uscc}-${report.today}.pdf"`,
				)
				.send(creditReportPdf(report));
		});

		app.get(
			"/spot-checks",
			{ schema: { hide: true } },
			route(async (ctx) => {
				const plans = await listPlans(deps.db);
				const unplanned = (await listBatches(deps.db)).filter((b) => b.planId === null);
				return spotBatchesPage(ctx, plans, unplanned);
			}),
		);

		app.get(
			"/spot-checks/:code",
			{ schema: { hide: true } },
			route(async (ctx, req) =>
				spotBatchPage(ctx, await publicBatch(deps.db, one(req.params as Query, "code", 41))),
			),
		);

		app.get(
			"/alerts",
			{ schema: { hide: true } },
			route(async (ctx, req) => {
				const q = req.query as Query;
				const p: AlertBoardParams = {
					severity: oneOf(q, "severity", ALERT_SEVERITIES),
					status: oneOf(q, "status", ALERT_STATUSES),
					district: /^\d{6}$/.test(one(q, "district", 6)) ? one(q, "district", 6) : undefined,
					q: one(q, "q"),
					page: pageNumber(q),
				};
				const { offset, limit } = paging(p.page, PAGE_SIZE);
				const found = await listAlerts(
					deps.db,
					{
						...(p.severity ? { severity: p.severity } : {}),
						...(p.status ? { status: p.status } : {}),
						...(p.district ? { district: p.district } : {}),
						...(p.q ? { q: p.q } : {}),
					},
					null,
					today(),
					offset,
					limit,
				);
				return alertBoardPage(ctx, p, { ...found, pageSize: PAGE_SIZE });
			}),
		);

		app.get(
			"/alerts/:number",
			{ schema: { hide: true } },
			route(async (ctx, req) => {
				const a = await alertDetail(deps.db, one(req.params as Query, "number", 20), null, today());
				return alertPage(ctx, a as ReturnType<typeof publicAlert>);
			}),
		);

		app.get(
			"/labs",
			{ schema: { hide: true } },
			route(async (ctx, req, reply) => {
				const q = req.query as Query;
				const p: LabParams = {
					product: one(q, "product"),
					parameter: one(q, "parameter"),
					standard: one(q, "standard"),
					district: one(q, "district", 10) || undefined,
					page: pageNumber(q),
				};
				const asked = p.product || p.parameter || p.standard || p.district;
				if (!asked) return labsPage(ctx, p, null);
				try {
					const { offset, limit } = paging(p.page, PAGE_SIZE);
					const found = await findLabs(
						deps.db,
						{
							...(p.product ? { product: p.product } : {}),
							...(p.parameter ? { parameter: p.parameter } : {}),
							...(p.standard ? { standard: p.standard } : {}),
							...(p.district ? { district: districtParam(p.district) } : {}),
							today: today(),
						},
						offset,
						limit,
					);
					return labsPage(ctx, p, { ...found, pageSize: PAGE_SIZE });
				} catch (err) {
					if (!(err instanceof AppError)) throw err;
					reply.status(err.status);
					return labsPage(ctx, p, null, ctx.lang === "zh-CN" ? err.messageZh : err.messageEn);
				}
			}),
		);

		const verifyType = (raw: string) => {
			const type = oneOfValue(raw, ["certificate", "report"] as const);
			if (!type) throw new NotFoundError("VERIFY_TYPE", "no such verification page", "没有该核验页面");
			return type;
		};

		app.get(
			"/v/:type/:number",
			{ schema: { hide: true } },
			route(async (ctx, req) => {
				const params = req.params as Query;
				const type = verifyType(one(params, "type", 20));
				const number = one(params, "number", 200);
				const issuer = one(req.query as Query, "issuer", 40) || null;
				try {
					const statement = await app.statements.statement({ type, number, issuer });
					return verificationPage(ctx, statement, {
						statementKey: app.statements.key,
						logKey: app.tlog.identity.verifierKey,
					});
				} catch (err) {
					const issuers = ambiguousChoices(err, "issuers");
					if (!issuers) throw err;
					const title = ctx.t(type === "certificate" ? "v.title.certificate" : "v.title.report", { number });
					return choosePage(
						ctx,
						title,
						ctx.t("v.chooseIssuer", { n: issuers.length, number }),
						issuers.map((i) => ({ href: verifyHref(type, number, i.uscc), name: i.name })),
					);
				}
			}),
		);

		// The QR code of a verification page: the page's public address, so a phone opens it directly.
		for (const ext of ["svg", "png"] as const)
			app.get(`/v/:type/:number/qr.${ext}`, { schema: { hide: true } }, async (req, reply) => {
				const params = req.params as Query;
				const type = verifyType(one(params, "type", 20));
				const number = normalizeNumber(one(params, "number", 200));
				if (!number) throw new NotFoundError("VERIFY_NUMBER", "no number", "缺少编号");
				const issuerRaw = one(req.query as Query, "issuer", 40);
				const issuer = issuerRaw ? usccParam(issuerRaw, "issuer") : null;
				const url = `${deps.config.publicUrl}${verifyHref(type, number, issuer)}`;
				reply.header("cache-control", "public, max-age=86400");
				if (ext === "svg") return reply.type("image/svg+xml; charset=utf-8").send(qrSvg(url, url));
				return reply.type("image/png").send(qrPng(url));
			});

		// The printable sheet: key facts, the status on the day it is printed, and the page's QR code.
		app.get("/v/:type/:number/sheet.pdf", { schema: { hide: true } }, async (req, reply) => {
			const params = req.params as Query;
			const type = verifyType(one(params, "type", 20));
			const number = one(params, "number", 200);
			const issuer = one(req.query as Query, "issuer", 40) || null;
			const s = await app.statements.statement({ type, number, issuer });
			if (s.result === "not_found")
				throw new NotFoundError(
					"VERIFY_NOT_FOUND",
					`no ${type} ${s.query.number} is registered`,
					`登记库中没有编号为 ${s.query.number} 的记录`,
				);
			const pdf = sheetPdf(
				verificationSheet(s, `${deps.config.publicUrl}${verifyHref(type, s.query.number, s.query.issuer)}`),
			);
			return reply
				.type("application/pdf")
				.header("cache-control", "no-cache")
				.header(
					"content-disposition",
					`inline; filename="verification-${type}-${s.query.number.replace(/[^0-9A-Za-z_-]/g, "_")}.pdf"`,
				)
				.send(pdf);
		});

		// Qualification applications (资质认定): the lookup, and an application's public progress.
		const approvalWorkdays = new Workdays(deps.config.workdayCalendar);
		const lookupPage = route(async (ctx) => applicationLookupPage(ctx));
		app.get("/applications", { schema: { hide: true } }, async (req, reply) => {
			const raw = one(req.query as Query, "number", 40)
				.trim()
				.toUpperCase();
			if (raw) return reply.redirect(`/applications/${encodeURIComponent(raw)}`, 303);
			return lookupPage(req, reply);
		});
		app.get(
			"/applications/:number",
			{ schema: { hide: true } },
			route(async (ctx, req) =>
				applicationProgressPage(
					ctx,
					await applicationProgress(
						deps.db,
						one(req.params as Query, "number", 40)
							.trim()
							.toUpperCase(),
						{
							clock: deps.clock,
							workdays: approvalWorkdays,
							config: deps.config.approval,
						},
					),
				),
			),
		);

		// A qualification's electronic certificate: one A4 page with its status on the day and a QR code.
		app.get("/qualifications/:number/certificate.pdf", { schema: { hide: true } }, async (req, reply) => {
			const number = one(req.params as Query, "number", 80);
			const sheet = await qualificationSheet(deps.db, number, {
				today: chinaDate(deps.clock.now()),
				publicUrl: deps.config.publicUrl,
			});
			return reply
				.type("application/pdf")
				.header("cache-control", "no-cache")
				.header(
					"content-disposition",
					`inline; filename="qualification-${number.replace(/[^0-9A-Za-z_-]/g, "_")}.pdf"`,
				)
				.send(sheetPdf(sheet));
		});

		// Complaints and reports (投诉举报): the form posts multipart/form-data (files without JavaScript),
		// read in this scope only, and counts against the same per-address limit as the API's filings.
		await app.register(async (scope) => {
			installMultipart(scope);
			const limited = filingLimiter(scope, deps);
			const workdays = new Workdays(deps.config.workdayCalendar);

			scope.get(
				"/complaints/new",
				{ schema: { hide: true } },
				route(async (ctx) => complaintFormPage(ctx, {})),
			);

			scope.post(
				"/complaints/new",
				{
					schema: { hide: true },
					bodyLimit: FILING_BODY_LIMIT,
					onRequest: async (req, reply) => {
						const err = await limited(req);
						if (!err) return;
						const ctx = pageContext(languageOf(req, reply), req.url);
						return send(
							reply.header("retry-after", retryAfter(err)),
							complaintFormPage(ctx, {}, [], ctx.lang === "zh-CN" ? err.messageZh : err.messageEn),
							429,
						);
					},
				},
				route(async (ctx, req, reply) => {
					const body = (req.body ?? {}) as Record<string, unknown>;
					const text = (name: string) =>
						typeof body[name] === "string" ? (body[name] as string) : undefined;
					const form: ComplaintFormValues = {
						kind: text("kind"),
						subjectName: text("subjectName"),
						subjectUscc: text("subjectUscc"),
						recordNumber: text("recordNumber"),
						district: text("district"),
						description: text("description"),
						anonymous: body.anonymous === "true" || body.anonymous === "on",
						name: text("name"),
						phone: text("phone"),
						email: text("email"),
					};
					try {
						const r = await fileComplaint(
							deps.db,
							{
								...form,
								...(Array.isArray(body.attachments)
									? { attachments: body.attachments as { filename: string; data: string }[] }
									: {}),
							},
							{ clock: deps.clock, actor: publicActor(req.ip ?? null, String(req.id)), workdays },
						);
						return complaintFiledPage(ctx, { ...r, kind: form.kind ?? "" });
					} catch (err) {
						if (!(err instanceof InputError)) throw err;
						reply.status(400);
						const problems = (err.details as { problems?: Problem[] } | undefined)?.problems ?? [
							problem(err.field ?? "body", err.rule ?? "INVALID", err.messageZh, err.messageEn),
						];
						return complaintFormPage(ctx, form, problems);
					}
				}),
			);

			// The lookup form: to the tracking number's page.
			scope.get("/complaints", { schema: { hide: true } }, async (req, reply) => {
				const raw = one(req.query as Query, "tracking", 40);
				if (!raw) return reply.redirect("/complaints/new", 303);
				return reply.redirect(`/complaints/${encodeURIComponent(parseTracking(raw) ?? raw)}`, 303);
			});

			scope.get(
				"/complaints/:tracking",
				{ schema: { hide: true } },
				route(async (ctx, req) =>
					complaintProgressPage(
						ctx,
						await complaintProgress(deps.db, one(req.params as Query, "tracking", 40), today()),
					),
				),
			);
		});

		const bulkForm = (req: FastifyRequest): BulkForm => {
			const body = (req.body ?? {}) as Record<string, unknown>;
			const type = body.type === "report" ? "report" : "certificate";
			return { type, lines: typeof body.lines === "string" ? body.lines.slice(0, 400_000) : "" };
		};

		app.get(
			"/verify",
			{ schema: { hide: true } },
			route(async (ctx, req) => {
				const type = one(req.query as Query, "type") === "report" ? "report" : "certificate";
				return bulkPage(ctx, { type, lines: one(req.query as Query, "lines", 2000) });
			}),
		);

		app.post(
			"/verify",
			{ schema: { hide: true } },
			route(async (ctx, req, reply) => {
				const form = bulkForm(req);
				try {
					return bulkPage(ctx, {
						...form,
						result: await verifyBulk(deps.db, app.statements, form.type, form.lines),
					});
				} catch (err) {
					if (!(err instanceof InputError)) throw err;
					reply.status(400);
					return bulkPage(ctx, { ...form, error: ctx.lang === "zh-CN" ? err.messageZh : err.messageEn });
				}
			}),
		);

		const procurementText = (req: FastifyRequest) => {
			const body = (req.body ?? {}) as Record<string, unknown>;
			return typeof body.lines === "string" ? body.lines.slice(0, 200_000) : "";
		};

		app.get(
			"/procurement",
			{ schema: { hide: true } },
			route(async (ctx) => procurementPage(ctx, { text: "" })),
		);

		app.post(
			"/procurement",
			{ schema: { hide: true } },
			route(async (ctx, req, reply) => {
				const text = procurementText(req);
				try {
					const lines = supplierLines(text);
					const asOf = today();
					const result = await checkSuppliers(
						deps.db,
						lines.map((l) => l.uscc),
						asOf,
					);
					return procurementPage(ctx, { text, lines, result, asOf });
				} catch (err) {
					if (!(err instanceof InputError)) throw err;
					reply.status(400);
					return procurementPage(ctx, { text, error: ctx.lang === "zh-CN" ? err.messageZh : err.messageEn });
				}
			}),
		);

		app.post("/procurement.csv", { schema: { hide: true } }, async (req, reply) => {
			const lines = supplierLines(procurementText(req));
			const result = await checkSuppliers(
				deps.db,
				lines.map((l) => l.uscc),
				today(),
			);
			return reply
				.type("text/csv; charset=utf-8")
				.header("content-disposition", 'attachment; filename="opentic-suppliers.csv"')
				.send(procurementCsv(lines, result));
		});

		app.post("/verify.csv", { schema: { hide: true } }, async (req, reply) => {
			const form = bulkForm(req);
			const result = await verifyBulk(deps.db, app.statements, form.type, form.lines);
			return reply
				.type("text/csv; charset=utf-8")
				.header("content-disposition", `attachment; filename="opentic-verification-${form.type}.csv"`)
				.send(bulkCsv(result));
		});
	};
}

/** The portal's page for a missing address or a failure, in the reader's language. */
export function portalFallback(
	request: FastifyRequest,
	reply: FastifyReply,
	status: 404 | 500,
): FastifyReply {
	const ctx = pageContext(parseLang(request.cookies?.[LANG_COOKIE]) ?? "zh-CN", request.url);
	const body =
		status === 404
			? messagePage(ctx, ctx.t("error.notFound"), ctx.t("error.notFoundText"))
			: messagePage(ctx, ctx.t("error.title"), ctx.t("error.internal", { id: String(request.id) }));
	return reply
		.status(status)
		.header("cache-control", "no-store")
		.type("text/html; charset=utf-8")
		.send(body.value);
}

function oneOfValue<T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined {
	return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** The bodies to choose from when a number is used by several. */
function ambiguousChoices(err: unknown, key: "issuers" | "labs"): { uscc: string; name: string }[] | null {
	if (!(err instanceof ConflictError)) return null;
	const list = (err.details as Record<string, unknown> | undefined)?.[key];
	return Array.isArray(list) ? (list as { uscc: string; name: string }[]) : null;
}
