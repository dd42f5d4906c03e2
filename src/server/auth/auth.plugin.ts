/**
 * Identity and policy on every request. A request proves who it is with a session cookie (people, in a
 * browser) or `Authorization: Bearer otk_…` (machines). Every API route declares its policy in
 * `config.auth`; a route without one stops the application from starting, so nothing is exposed by
 * omission. Writes made with a session cookie must carry the session's CSRF token in `x-csrf-token`.
 * Denied reads of non-public records answer 404, denied writes 403, and denied writes are audited.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isoInstant } from "../../core/dates.ts";
import { audit } from "../audit/audit.service.ts";
import type { Deps } from "../deps.ts";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import { apiKeyIdentity, sessionIdentity } from "../identity/identity.service.ts";
import { type Action, type Actor, mayAttempt } from "./policy.ts";

/** A route's policy: public, any signed-in identity, or one that may attempt an action. */
export type RouteAuth =
	| { public: true; csrfExempt?: boolean }
	| { signedIn: true; csrfExempt?: boolean }
	/** A person signed in with a session (not an API key): their own password, their session. */
	| { person: true; csrfExempt?: boolean }
	| { action: Action; csrfExempt?: boolean };

declare module "fastify" {
	interface FastifyRequest {
		/** Who is asking; null for anonymous requests. */
		actor: Actor | null;
		/** The session behind a cookie-authenticated request. */
		session: { id: string; csrfToken: string } | null;
	}
	interface FastifyContextConfig {
		auth?: RouteAuth;
	}
}

export const SESSION_COOKIE = "opentic_session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The security requirement of an authenticated route in the OpenAPI document. */
export const SIGNED_IN_SECURITY = [{ session: [] }, { apiKey: [] }];

/** Installs identity resolution and policy enforcement. */
export async function installAuth(app: FastifyInstance, deps: Deps): Promise<void> {
	await app.register(cookie);
	app.decorateRequest("actor", null);
	app.decorateRequest("session", null);

	app.addHook("onRoute", (route) => {
		if (!route.url.startsWith("/api/v1") || route.url === "/api/v1/openapi.json") return;
		const auth = route.config?.auth;
		if (!auth) throw new Error(`route ${route.method} ${route.url} declares no auth policy (config.auth)`);
		if (route.schema) {
			const schema = route.schema as Record<string, unknown>;
			schema.security = "public" in auth ? [] : "person" in auth ? [{ session: [] }] : SIGNED_IN_SECURITY;
			if ("action" in auth)
				schema.description = `${schema.description ? `${schema.description}\n\n` : ""}Requires permission \`${auth.action}\`.`;
		}
	});

	// A callback hook (see app.ts): most requests are anonymous reads of public routes, which have nothing
	// to check and so cost neither a promise nor a lookup.
	app.addHook("onRequest", (req, reply, done) => {
		const auth = req.routeOptions.config?.auth;
		if (!auth) return done();
		if ("public" in auth && !req.headers.authorization && !req.cookies?.[SESSION_COOKIE]) return done();
		authorize(req, reply, auth, deps).then(() => done(), done);
	});
}

/** Identifies the request and applies the route's policy; throws when the request may not proceed. */
async function authorize(
	req: FastifyRequest,
	reply: FastifyReply,
	auth: RouteAuth,
	deps: Deps,
): Promise<void> {
	await identify(req, reply, deps);
	if (req.session && UNSAFE.has(req.method) && !auth.csrfExempt) {
		const sent = req.headers["x-csrf-token"];
		if (typeof sent !== "string" || sent !== req.session.csrfToken)
			throw new ForbiddenError(
				"CSRF_FAILED",
				"x-csrf-token: writes made with a session cookie must carry the session's CSRF token",
				"x-csrf-token：使用会话登录的写操作须携带会话的CSRF令牌",
				"x-csrf-token",
			);
	}
	if ("public" in auth) return;
	if (!req.actor)
		throw new UnauthenticatedError("AUTH_REQUIRED", "sign in or present an API key", "请登录或提供API密钥");
	if ("person" in auth && req.actor.type !== "account")
		throw new ForbiddenError(
			"FORBIDDEN",
			"this is for people signed in, not API keys",
			"此操作须由个人登录后进行，API密钥不可用",
		);
	if ("action" in auth && !mayAttempt(req.actor, auth.action)) {
		if (!UNSAFE.has(req.method)) throw new NotFoundError("NOT_FOUND", "no such record", "没有该记录");
		await audit(deps.db, req.actor, isoInstant(deps.clock.now()), [
			{
				action: auth.action,
				outcome: "denied",
				target: { type: "route", key: `${req.method} ${req.routeOptions.url}` },
			},
		]);
		throw new ForbiddenError("FORBIDDEN", `your role may not ${auth.action}`, "您的角色无权执行此操作");
	}
}

/** Resolves the request's identity from its API key or session cookie. */
async function identify(req: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<void> {
	const ctx = { ip: req.ip ?? null, requestId: String(req.id) };
	const header = req.headers.authorization;
	if (header) {
		const m = /^Bearer\s+(\S+)$/i.exec(header);
		const actor = m ? await apiKeyIdentity(deps.db, m[1]!, ctx, deps.clock) : null;
		if (!actor)
			throw new UnauthenticatedError(
				"API_KEY_INVALID",
				"the API key is malformed, unknown, revoked or expired",
				"API密钥无效、已撤销或已过期",
			);
		req.actor = actor;
		return;
	}
	const token = req.cookies?.[SESSION_COOKIE];
	if (!token) return;
	const found = await sessionIdentity(deps.db, token, ctx, deps.clock);
	if (!found) {
		reply.clearCookie(SESSION_COOKIE, { path: "/" });
		return;
	}
	req.actor = found.actor;
	req.session = { id: found.sessionId, csrfToken: found.csrfToken };
}
