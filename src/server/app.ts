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
import { certificateRoutes } from "./certificates/certificates.routes.ts";
import type { Deps } from "./deps.ts";
import { installErrorHandling } from "./http/error-handler.ts";
import { organizationRoutes } from "./organizations/organizations.routes.ts";
import { referenceRoutes } from "./reference/reference.routes.ts";
import { reportRoutes } from "./reports/reports.routes.ts";

export interface AppOptions {
	/** Pino logger options, or false for none (tests). */
	logger?: boolean | object;
}

const VERSION = "0.1.0";
/** Requests slower than this are logged. */
const SLOW_REQUEST_MS = 1000;

/** Builds the application. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
	const app = Fastify({
		logger: opts.logger ?? false,
		genReqId: (req) => {
			const given = req.headers["x-request-id"];
			return typeof given === "string" && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
		},
		requestIdHeader: false,
		ajv: { customOptions: { coerceTypes: "array", removeAdditional: false, allErrors: false } },
		trustProxy: true,
		// Access logs belong to the reverse proxy; the application logs failures and slow requests only
		// (below), which keeps the log readable and the hot path fast.
		logController: new LogController({ disableRequestLogging: true }),
	}).withTypeProvider<TypeBoxTypeProvider>();

	app.addHook("onResponse", async (req, reply) => {
		const ms = reply.elapsedTime;
		if (reply.statusCode >= 500 || ms > SLOW_REQUEST_MS)
			req.log.warn(
				{ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(ms) },
				"request",
			);
	});

	app.addHook("onSend", async (req, reply) => {
		reply.header("x-request-id", String(req.id));
	});

	installErrorHandling(app);

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
				{ name: "reference", description: "Codes and names (代码表)" },
			],
		},
	});
	await app.register(swaggerUi, { routePrefix: "/docs" });

	app.get("/healthz", { schema: { hide: true } }, async (_req, reply) => {
		await sql`select 1`.execute(deps.db);
		reply.header("cache-control", "no-store");
		return { status: "ok" };
	});

	await app.register(
		async (api) => {
			await api.register(certificateRoutes(deps));
			await api.register(reportRoutes(deps));
			await api.register(organizationRoutes(deps));
			await api.register(referenceRoutes());
			api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
		},
		{ prefix: "/api/v1" },
	);

	return app;
}
