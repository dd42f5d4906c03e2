/**
 * Builds the Fastify application without listening, so tests drive it with app.inject(). One process
 * serves the JSON API under /api/v1, its OpenAPI document and docs, and the health check.
 */
import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { sql } from "kysely";
import { type Logger, pino } from "pino";
import { alertRoutes } from "./alerts/alerts.routes.ts";
import { approvalRoutes } from "./approvals/approvals.routes.ts";
import { auditRoutes } from "./audit/audit.routes.ts";
import { installAuth, SESSION_COOKIE } from "./auth/auth.plugin.ts";
import { banRoutes } from "./bans/bans.routes.ts";
import { certificateRoutes } from "./certificates/certificates.routes.ts";
import { complaintRoutes } from "./complaints/complaints.routes.ts";
import { creditRoutes } from "./credit/credit.routes.ts";
import type { Deps } from "./deps.ts";
import { flagRoutes } from "./flags/flags.routes.ts";
import { DEFAULT_BODY_LIMIT, installBodyParsers } from "./http/body-parsers.ts";
import { installErrorHandling } from "./http/error-handler.ts";
import { installHardening } from "./http/hardening.ts";
import { identityRoutes } from "./identity/identity.routes.ts";
import { writeRoutes } from "./import/write.routes.ts";
import { labRoutes } from "./labs/labs.routes.ts";
import { logApiRoutes, logStaticRoutes } from "./log/log.routes.ts";
import { TransparencyLog } from "./log/log.service.ts";
import { resolveLogIdentity } from "./log/log-key.ts";
import { type AppendScope, withAppendScope } from "./log/receipts.ts";
import { notificationRoutes } from "./notifications/notifications.routes.ts";
import { openDataRoutes } from "./opendata/opendata.routes.ts";
import { organizationRoutes } from "./organizations/organizations.routes.ts";
import { peopleRoutes } from "./people/people.routes.ts";
import { portalFallback, portalRoutes } from "./portal/portal.routes.ts";
import { procurementRoutes } from "./procurement/procurement.routes.ts";
import { proposalRoutes } from "./qualifications/proposals.routes.ts";
import { referenceRoutes } from "./reference/reference.routes.ts";
import { reportRoutes } from "./reports/reports.routes.ts";
import { spotCheckRoutes } from "./spotchecks/spotchecks.routes.ts";
import { statsRoutes } from "./stats/stats.routes.ts";
import { tracingRoutes } from "./tracing/tracing.routes.ts";
import { verifyRoutes } from "./verify/verify.routes.ts";
import { StatementService } from "./verify/verify.service.ts";
import { webRoutes } from "./web/web.plugin.ts";
import { withheldRoutes } from "./withheld/withheld.routes.ts";

export interface AppOptions {
	/** Where the application logs (failures, slow requests); nothing when absent (tests). */
	logger?: Logger;
}

const VERSION = "0.1.0";
/** Requests slower than this are logged. */
const SLOW_REQUEST_MS = 1000;

declare module "fastify" {
	interface FastifyInstance {
		/** The transparency log this instance signs and serves. */
		tlog: TransparencyLog;
		/** Makes verification statements (verify/verify.service.ts). */
		statements: StatementService;
	}
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Builds the application. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
	const app = Fastify({
		// Fastify's own logger would make a child logger for every request; the application logs through
		// `log` below only when something is worth reading.
		logger: false,
		genReqId: (req) => {
			const given = req.headers["x-request-id"];
			return typeof given === "string" && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
		},
		requestIdHeader: false,
		ajv: { customOptions: { coerceTypes: "array", removeAdditional: false, allErrors: false } },
		// Client addresses (rate limits, audit) come from X-Forwarded-For only behind a configured proxy.
		trustProxy: deps.config.trustProxy,
		bodyLimit: DEFAULT_BODY_LIMIT,
		// Access logs belong to the reverse proxy; the application logs failures and slow requests only
		// (below), which keeps the log readable and the hot path fast.
		logController: new LogController({ disableRequestLogging: true }),
	}).withTypeProvider<TypeBoxTypeProvider>();

	const log = opts.logger ?? pino({ level: "silent" });
	// Hooks that run on every request are written with callbacks rather than as async functions: an
	// async hook costs a promise and a turn of the microtask queue per request, which on a cached public
	// read is a measurable part of the whole (bench/lookup.ts).
	app.addHook("onResponse", (req, reply, done) => {
		const ms = reply.elapsedTime;
		if (reply.statusCode >= 500 || ms > SLOW_REQUEST_MS)
			// The route pattern, not the URL: query strings may carry what a person typed.
			log.warn(
				{
					method: req.method,
					route: req.routeOptions.url ?? "(none)",
					status: reply.statusCode,
					ms: Math.round(ms),
				},
				"request",
			);
		done();
	});

	app.addHook("onSend", (req, reply, payload, done) => {
		reply.header("x-request-id", String(req.id));
		done(null, payload);
	});

	// A write answers once its log entries are in a signed checkpoint, with a receipt in the headers.
	const tlog =
		deps.tlog ??
		new TransparencyLog(
			deps.db,
			resolveLogIdentity(deps.config, (m) => log.warn(m)),
			deps.clock,
		);
	app.decorate("tlog", tlog);
	const statements = new StatementService(deps.db, tlog, deps.clock, deps.config.publicUrl);
	app.decorate("statements", statements);
	// Witnesses are attached here rather than where the log is built, so that a log built by the caller
	// (`opentic serve` builds its own) asks them too. Writes never wait for them (log/witnesses.ts).
	if (!tlog.witnesses)
		tlog.attachWitnesses(deps.config, { report: (r) => log.warn(r, "witness did not cosign") });
	app.addHook("onClose", async () => tlog.witnesses?.close());
	const scopes = new WeakMap<object, AppendScope>();
	app.addHook("onRequest", (req, _reply, done) => {
		if (!WRITE_METHODS.has(req.method)) return done();
		const scope: AppendScope = { last: -1 };
		scopes.set(req, scope);
		withAppendScope(scope, done);
	});
	app.addHook("onSend", (req, reply, payload, done) => {
		const scope = scopes.get(req);
		if (!scope || scope.last < 0 || reply.statusCode >= 400) return done(null, payload);
		tlog.covering(scope.last + 1).then(
			(cp) => {
				reply.header("opentic-log-index", String(scope.last));
				reply.header("opentic-log-size", String(cp.size));
				reply.header("opentic-log-root", cp.rootHash);
				done(null, payload);
			},
			(err) => {
				// The change is committed but unsigned: say so rather than answer as if it were published.
				log.error({ err, reqId: req.id }, "log checkpoint failed after a write");
				reply.status(503).type("application/json; charset=utf-8");
				done(
					null,
					JSON.stringify({
						error: {
							code: "TLOG_NOT_SIGNED",
							message: "the change was recorded, but the transparency log could not sign a checkpoint for it",
							messageZh: "变更已记录，但透明日志未能为其签署检查点",
							requestId: String(req.id),
						},
					}),
				);
			},
		);
	});

	installErrorHandling(app, log, portalFallback);
	installBodyParsers(app);
	await installHardening(app, deps.config);
	await installAuth(app, deps);

	await app.register(swagger, {
		openapi: {
			openapi: "3.0.3",
			info: {
				title: "OpenTIC API",
				version: VERSION,
				description:
					'The public register of testing, inspection and certification: certification bodies, labs, certificates and test reports. Codes used in responses are listed at /api/v1/reference. Errors are {"error":{code,message,messageZh,field,rule,requestId}}.',
			},
			servers: [{ url: deps.config.publicUrl }],
			tags: [
				{ name: "certificates", description: "Certificates (证书)" },
				{ name: "reports", description: "Test reports (检验检测报告)" },
				{ name: "organizations", description: "Bodies, labs and enterprises (机构与企业)" },
				{ name: "qualifications", description: "CB approvals and CMA qualifications (资质)" },
				{ name: "capabilities", description: "Labs' capability lists and proposals (能力表)" },
				{ name: "people", description: "Auditors, inspectors, experts, signatories (人员)" },
				{ name: "reference", description: "Codes and names (代码表)" },
				{ name: "auth", description: "Signing in (登录)" },
				{ name: "accounts", description: "Accounts, for administrators (账号)" },
				{ name: "api-keys", description: "API keys for bodies' own systems (API密钥)" },
				{ name: "audit", description: "The audit trail (审计日志)" },
				{ name: "log", description: "The transparency log: checkpoints and proofs (透明日志)" },
				{ name: "spot checks", description: "Double random, one public spot checks (双随机、一公开)" },
				{ name: "credit", description: "Integrity files (诚信档案)" },
				{ name: "complaints", description: "Complaints and reports from the public (投诉举报)" },
				{ name: "notifications", description: "Webhook subscriptions and deliveries (信息通报)" },
				{ name: "watchlists", description: "Buyers' watchlists of suppliers and their notices (供应商关注)" },
				{
					name: "approvals",
					description: "Qualification applications and their approval (资质认定网上审批)",
				},
				{ name: "tracing", description: "Reverse tracing, for regulators (倒查追溯)" },
				{ name: "alerts", description: "Risk alerts, handling tasks and notices (风险预警)" },
				{ name: "statistics", description: "Statistics and the annual report (统计分析)" },
				{ name: "open data", description: "Open data: datasets and the feed by log index (开放数据)" },
			],
			components: {
				securitySchemes: {
					session: {
						type: "apiKey",
						in: "cookie",
						name: SESSION_COOKIE,
						description: "Set by POST /api/v1/auth/login; writes also need the x-csrf-token header",
					},
					apiKey: { type: "http", scheme: "bearer", description: "An API key: otk_<id>_<secret>" },
				},
			},
		},
	});
	await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });

	app.get("/healthz", { schema: { hide: true } }, async (_req, reply) => {
		await sql`select 1`.execute(deps.db);
		reply.header("cache-control", "no-store");
		return { status: "ok" };
	});

	await app.register(
		async (api) => {
			await api.register(certificateRoutes(deps));
			await api.register(reportRoutes(deps));
			await api.register(withheldRoutes(deps));
			await api.register(spotCheckRoutes(deps));
			await api.register(creditRoutes(deps));
			await api.register(complaintRoutes(deps));
			await api.register(approvalRoutes(deps));
			await api.register(banRoutes(deps));
			await api.register(statsRoutes(deps));
			await api.register(alertRoutes(deps));
			await api.register(organizationRoutes(deps));
			await api.register(labRoutes(deps));
			await api.register(logApiRoutes(tlog));
			await api.register(verifyRoutes(deps.db, statements));
			await api.register(procurementRoutes(deps));
			await api.register(notificationRoutes(deps));
			await api.register(tracingRoutes(deps));
			await api.register(flagRoutes(deps));
			await api.register(referenceRoutes());
			await api.register(identityRoutes(deps));
			await api.register(auditRoutes(deps));
			await api.register(peopleRoutes(deps));
			await api.register(proposalRoutes(deps));
			await api.register(
				writeRoutes(deps, "organizations", "organizations", "organization.write", "organisation"),
			);
			await api.register(
				writeRoutes(deps, "qualifications", "qualifications", "qualification.write", "qualification"),
			);
			await api.register(
				writeRoutes(deps, "capabilities", "capabilities", "capability.write", "capability row"),
			);
			await api.register(writeRoutes(deps, "people", "people", "person.write", "person"));
			await api.register(
				writeRoutes(deps, "certificates", "certificates", "certificate.write", "certificate"),
			);
			await api.register(writeRoutes(deps, "reports", "reports", "report.write", "test report"));
			api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
		},
		{ prefix: "/api/v1" },
	);

	await app.register(logStaticRoutes(tlog));
	await app.register(webRoutes);
	await app.register(openDataRoutes(deps));
	await app.register(portalRoutes(deps));

	return app;
}
