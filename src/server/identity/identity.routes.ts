/** Sign-in, accounts (administrators) and API keys (bodies' own systems). */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { SESSION_COOKIE } from "../auth/auth.plugin.ts";
import { ACTIONS, mayAttempt, ROLES } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { noBody, usccParam } from "../http/params.ts";
import { ErrorBody, Nullable, WriteErrors } from "../http/schemas.ts";
import * as repo from "./identity.repository.ts";
import {
	changeOwnPassword,
	createAccount,
	createApiKey,
	listAccounts,
	listApiKeys,
	login,
	logout,
	presentAccount,
	resetPassword,
	revokeApiKey,
	SESSION_IDLE_MS,
	setAccountStatus,
} from "./identity.service.ts";

const Account = Type.Object({
	username: Type.String(),
	displayName: Type.String(),
	role: Type.Enum(ROLES),
	organization: Nullable(Type.Object({ uscc: Type.String(), kind: Type.String() })),
	districts: Type.Array(Type.String()),
	person: Nullable(
		Type.String({ description: "Inspectors: the person in the inspector pool (P + 8 digits)" }),
	),
	status: Type.String(),
	mustChangePassword: Type.Boolean(),
	lastLoginAt: Nullable(Type.String()),
});

const ApiKey = Type.Object({
	keyId: Type.String(),
	name: Type.String(),
	organization: Type.Object({ uscc: Type.String(), kind: Type.String() }),
	permissions: Type.Array(Type.String()),
	createdBy: Type.String(),
	createdAt: Type.String(),
	expiresAt: Nullable(Type.String()),
	revokedAt: Nullable(Type.String()),
	lastUsedAt: Nullable(Type.String()),
});

const Username = Type.Object({ username: Type.String({ minLength: 1, maxLength: 40 }) });

export function identityRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		const secure = deps.config.publicUrl.startsWith("https://");

		app.post(
			"/auth/login",
			{
				config: {
					auth: { public: true, csrfExempt: true },
					rateLimit: { max: deps.config.loginRateLimit, timeWindow: "1 minute" },
				},
				schema: {
					tags: ["auth"],
					summary: "Sign in; sets an HttpOnly session cookie and returns the CSRF token for writes",
					body: Type.Object(
						{
							username: Type.String({ minLength: 1, maxLength: 40 }),
							password: Type.String({ minLength: 1, maxLength: 200 }),
						},
						{ additionalProperties: false },
					),
					response: {
						200: Type.Object({ account: Account, csrfToken: Type.String(), expiresAt: Type.String() }),
						400: ErrorBody,
						401: ErrorBody,
						429: ErrorBody,
					},
				},
			},
			async (req, reply) => {
				const r = await login(
					deps.db,
					{
						...req.body,
						ip: req.ip ?? null,
						userAgent: req.headers["user-agent"] ?? null,
						requestId: String(req.id),
					},
					deps.clock,
				);
				reply.setCookie(SESSION_COOKIE, r.token, {
					path: "/",
					httpOnly: true,
					sameSite: "strict",
					secure,
					maxAge: Math.floor(SESSION_IDLE_MS / 1000),
				});
				return { account: r.account, csrfToken: r.csrfToken, expiresAt: r.expiresAt };
			},
		);

		app.post(
			"/auth/logout",
			{
				config: { auth: { person: true } },
				schema: {
					tags: ["auth"],
					summary: "Sign out",
					response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody },
				},
			},
			async (req, reply) => {
				noBody(req.body);
				if (req.session) await logout(deps.db, req.session.id, req.actor!, deps.clock);
				reply.clearCookie(SESSION_COOKIE, { path: "/" });
				return reply.status(204).send(null);
			},
		);

		app.get(
			"/auth/me",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["auth"],
					summary: "Who you are signed in as, and the CSRF token for writes",
					response: {
						200: Type.Object({
							actor: Type.Object({
								type: Type.String(),
								label: Type.String(),
								role: Nullable(Type.String()),
								organization: Nullable(Type.String()),
								districts: Type.Array(Type.String()),
								actions: Type.Array(Type.Enum(ACTIONS), {
									description:
										"What you may attempt; each record still decides (your own body, your districts)",
								}),
							}),
							account: Nullable(Account),
							csrfToken: Nullable(Type.String()),
						}),
						401: ErrorBody,
					},
				},
			},
			async (req) => {
				const a = req.actor!;
				const account =
					a.type === "account" && a.id ? await repo.findAccountById(deps.db, Number(a.id)) : undefined;
				return {
					actor: {
						type: a.type,
						label: a.label,
						role: a.role,
						organization: a.orgUscc,
						districts: [...a.districts],
						actions: ACTIONS.filter((action) => mayAttempt(a, action)),
					},
					account: account ? presentAccount(account) : null,
					csrfToken: req.session?.csrfToken ?? null,
				};
			},
		);

		app.post(
			"/auth/password",
			{
				config: { auth: { person: true } },
				schema: {
					tags: ["auth"],
					summary: "Change your own password",
					body: Type.Object(
						{
							currentPassword: Type.String({ maxLength: 200 }),
							newPassword: Type.String({ maxLength: 200 }),
						},
						{ additionalProperties: false },
					),
					response: { 204: Type.Null(), ...WriteErrors },
				},
			},
			async (req, reply) => {
				await changeOwnPassword(
					deps.db,
					req.actor!,
					req.body.currentPassword,
					req.body.newPassword,
					deps.clock,
				);
				return reply.status(204).send(null);
			},
		);

		app.get(
			"/accounts",
			{
				config: { auth: { action: "account.manage" } },
				schema: {
					tags: ["accounts"],
					summary: "All accounts",
					response: { 200: Type.Object({ items: Type.Array(Account) }), ...WriteErrors },
				},
			},
			async (req) => ({ items: await listAccounts(deps.db, req.actor!) }),
		);

		app.post(
			"/accounts",
			{
				config: { auth: { action: "account.manage" } },
				schema: {
					tags: ["accounts"],
					summary: "Create an account",
					body: Type.Object(
						{
							username: Type.String({ maxLength: 40 }),
							displayName: Type.String({ maxLength: 100 }),
							role: Type.Enum(ROLES),
							organization: Type.Optional(
								Type.String({
									maxLength: 18,
									description: "USCC of the organisation the account belongs to",
								}),
							),
							districts: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 16 })),
							person: Type.Optional(
								Type.String({
									maxLength: 20,
									description: "Inspectors: the person in the inspector pool (P + 8 digits)",
								}),
							),
							password: Type.String({ maxLength: 200 }),
						},
						{ additionalProperties: false },
					),
					response: { 201: Account, ...WriteErrors },
				},
			},
			async (req, reply) => {
				const b = req.body;
				const account = await createAccount(
					deps.db,
					{
						username: b.username,
						displayName: b.displayName,
						role: b.role,
						orgUscc: b.organization ? usccParam(b.organization, "organization") : null,
						districts: b.districts ?? [],
						person: b.person ?? null,
						password: b.password,
					},
					req.actor!,
					deps.clock,
				);
				return reply.status(201).send(account);
			},
		);

		for (const [suffix, status] of [
			["disable", "disabled"],
			["enable", "active"],
		] as const)
			app.post(
				`/accounts/:username/${suffix}`,
				{
					config: { auth: { action: "account.manage" } },
					schema: {
						tags: ["accounts"],
						summary: `${suffix === "disable" ? "Disable" : "Re-enable"} an account`,
						params: Username,
						response: { 200: Account, ...WriteErrors },
					},
				},
				async (req) => {
					noBody(req.body);
					return setAccountStatus(deps.db, req.params.username, status, req.actor!, deps.clock);
				},
			);

		app.post(
			"/accounts/:username/reset-password",
			{
				config: { auth: { action: "account.manage" } },
				schema: {
					tags: ["accounts"],
					summary: "Set a new password (the owner must change it at next sign-in)",
					params: Username,
					body: Type.Object({ password: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
					response: { 200: Account, ...WriteErrors },
				},
			},
			async (req) => resetPassword(deps.db, req.params.username, req.body.password, req.actor!, deps.clock),
		);

		app.get(
			"/api-keys",
			{
				config: { auth: { action: "apikey.manage" } },
				schema: {
					tags: ["api-keys"],
					summary: "API keys of your organisation",
					response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...WriteErrors },
				},
			},
			async (req) => ({ items: await listApiKeys(deps.db, req.actor!) }),
		);

		app.post(
			"/api-keys",
			{
				config: { auth: { action: "apikey.manage" } },
				schema: {
					tags: ["api-keys"],
					summary: "Create an API key for your organisation's systems; the key is shown only in this answer",
					body: Type.Object(
						{
							organization: Type.String({ maxLength: 18 }),
							name: Type.String({ maxLength: 100 }),
							permissions: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 10 }),
							expiresAt: Type.Optional(Type.String({ format: "date-time" })),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Object({ key: Type.String(), apiKey: ApiKey }), ...WriteErrors },
				},
			},
			async (req, reply) => {
				const r = await createApiKey(
					deps.db,
					{
						orgUscc: usccParam(req.body.organization, "organization"),
						name: req.body.name,
						permissions: req.body.permissions,
						expiresAt: req.body.expiresAt ?? null,
					},
					req.actor!,
					deps.clock,
				);
				return reply.status(201).send(r);
			},
		);

		app.post(
			"/api-keys/:keyId/revoke",
			{
				config: { auth: { action: "apikey.manage" } },
				schema: {
					tags: ["api-keys"],
					summary: "Revoke an API key",
					params: Type.Object({ keyId: Type.String({ maxLength: 20 }) }),
					response: { 200: ApiKey, ...WriteErrors },
				},
			},
			async (req) => {
				noBody(req.body);
				return revokeApiKey(deps.db, req.params.keyId, req.actor!, deps.clock);
			},
		);
	};
}
