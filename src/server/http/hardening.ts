/**
 * Protections every response gets: rate limits per client address (on by default, configurable),
 * security headers (a strict Content-Security-Policy, no MIME sniffing, no framing), and CORS only for
 * the origins configured — none by default, so browsers on other sites cannot call the API.
 */
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import { RateLimitedError } from "../errors.ts";

/** The policy for the API and every page; the API docs page needs its own (see app.ts). */
export const CONTENT_SECURITY_POLICY =
	"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export async function installHardening(app: FastifyInstance, config: Config): Promise<void> {
	await app.register(rateLimit, {
		global: config.rateLimit > 0,
		max: Math.max(1, config.rateLimit),
		timeWindow: "1 minute",
		// Health checks come from the load balancer, not from the public.
		allowList: (req: FastifyRequest) => req.url === "/healthz",
		// Thrown, and answered by the error handler like every other error.
		errorResponseBuilder: (_req, ctx) =>
			new RateLimitedError(
				"RATE_LIMITED",
				`too many requests: at most ${ctx.max} a minute; retry after ${ctx.after}`,
				`请求过于频繁：每分钟至多${ctx.max}次，请于${ctx.after}后重试`,
			) as unknown as object,
	});

	// A callback hook, as every per-request hook (app.ts).
	app.addHook("onSend", (req, reply, payload, done) => {
		reply.header("x-content-type-options", "nosniff");
		reply.header("x-frame-options", "DENY");
		reply.header("referrer-policy", "strict-origin-when-cross-origin");
		reply.header("cross-origin-opener-policy", "same-origin");
		reply.header("permissions-policy", "camera=(), microphone=(), geolocation=()");
		if (!reply.hasHeader("content-security-policy") && !req.url.startsWith("/docs"))
			reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
		if (config.publicUrl.startsWith("https://"))
			reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
		const origin = req.headers.origin;
		if (origin && config.corsOrigins.includes(origin)) {
			reply.header("access-control-allow-origin", origin);
			reply.header("vary", "Origin");
		}
		done(null, payload);
	});

	// Preflight requests: answered only for configured origins; the rest get no CORS headers.
	app.options("*", { config: { auth: { public: true } }, schema: { hide: true } }, async (req, reply) => {
		const origin = req.headers.origin;
		if (origin && config.corsOrigins.includes(origin)) {
			reply.header("access-control-allow-methods", "GET, POST, OPTIONS");
			reply.header("access-control-allow-headers", "authorization, content-type, x-csrf-token, x-request-id");
			reply.header("access-control-max-age", "600");
		}
		return reply.status(204).send();
	});
}
