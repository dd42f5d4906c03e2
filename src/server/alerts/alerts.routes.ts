/**
 * Risk alerts over HTTP. Reading is open: regulators (alert.manage) see every alert whole; anyone else the
 * published ones, public part only. Raising and handling need alert.manage; a body completes the tasks
 * assigned to it; other regions send alerts signed with their shared secret; administrators register them.
 */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { chinaDate } from "../../core/dates.ts";
import { Workdays } from "../../core/workdays.ts";
import type { Actor } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { noBody, paging } from "../http/params.ts";
import { Nullable, PagingQuery, ReadErrors, WriteErrors } from "../http/schemas.ts";
import {
	addPeer,
	addTask,
	alertDetail,
	changeTask,
	closeAlert,
	completeTask,
	listAlerts,
	listPeers,
	myTasks,
	raiseAlert,
	receiveInbound,
	SEVERITIES,
	SOURCES,
	STATUSES,
	setPublished,
	TRIGGER_KINDS,
	updateAlert,
} from "./alerts.service.ts";

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const NumberParam = Type.Object({ number: Type.String({ maxLength: 20, description: "YJ-YYYY-NNNNNN" }) });
const TaskParam = Type.Object({ number: Type.String({ maxLength: 20 }), seq: Type.Integer({ minimum: 1 }) });
const Trigger = Type.Object(
	{
		kind: lit(TRIGGER_KINDS),
		key: Type.String({
			minLength: 1,
			maxLength: 300,
			description:
				"USCC, certificate number (number@issuer USCC when several CBs used it), report number, person reference (P + 8 digits) or product name",
		}),
	},
	{ additionalProperties: false },
);
const Assignee = Type.Object(
	{
		kind: lit(["organization", "district", "officer"] as const),
		key: Type.String({ minLength: 1, maxLength: 60, description: "USCC, district code or username" }),
	},
	{ additionalProperties: false },
);

export function alertRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	const workdays = new Workdays(deps.config.workdayCalendar);
	return async (app) => {
		const opts = (req: { actor?: unknown }) => ({ clock: deps.clock, actor: req.actor as Actor, workdays });
		const today = () => chinaDate(deps.clock.now());

		app.get(
			"/alerts",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["alerts"],
					summary:
						"Risk alerts (风险预警), newest first: every alert for regulators (with open and overdue task counts), the published ones for anyone else",
					querystring: Type.Object({
						status: Type.Optional(lit(STATUSES)),
						severity: Type.Optional(lit(SEVERITIES)),
						source: Type.Optional(lit(SOURCES)),
						district: Type.Optional(Type.String({ pattern: "^\\d{6}$" })),
						q: Type.Optional(
							Type.String({
								maxLength: 100,
								description: "Alert number, words of the title, a USCC or the trigger's key",
							}),
						),
						...PagingQuery,
					}),
					response: {
						200: Type.Object({
							items: Type.Array(Type.Unknown()),
							page: Type.Integer(),
							pageSize: Type.Integer(),
							total: Type.Integer(),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => {
				const { page: p, pageSize: ps, q, ...f } = req.query;
				const { offset, limit, page, pageSize } = paging(p, ps);
				const text = q?.normalize("NFC").trim();
				const found = await listAlerts(
					deps.db,
					{ ...f, ...(text ? { q: text } : {}) },
					req.actor,
					today(),
					offset,
					limit,
				);
				return { ...found, page, pageSize };
			},
		);

		app.get(
			"/alerts/tasks/mine",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["alerts"],
					summary:
						"Alert tasks assigned to me: my organisation's (bodies, enterprises), or for regulators their own and their districts' offices'",
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async (req) => ({ items: await myTasks(deps.db, req.actor!, today()) }),
		);

		app.get(
			"/alerts/:number",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["alerts"],
					summary:
						"An alert. Regulators: affected records grouped by kind with their trace paths, tasks, history. Anyone else: a published alert's public part (no people)",
					params: NumberParam,
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req) => alertDetail(deps.db, req.params.number, req.actor, today()),
		);

		app.post(
			"/alerts",
			{
				config: { auth: { action: "alert.manage" } },
				schema: {
					tags: ["alerts"],
					summary:
						"Raise an alert by hand (source manual) or mark a product failed (source product_failed, from a report or a product): traced, tasks generated, logged",
					body: Type.Object(
						{
							source: Type.Optional(lit(["manual", "product_failed"] as const)),
							severity: Type.Optional(Nullable(lit(SEVERITIES))),
							title: Type.String({ maxLength: 200 }),
							titleEn: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
							description: Type.String({ maxLength: 4000, description: "Public: no personal data" }),
							internalNote: Type.Optional(
								Nullable(Type.String({ maxLength: 4000, description: "Regulators only" })),
							),
							trigger: Trigger,
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req, reply) => reply.status(201).send(await raiseAlert(deps.db, req.body, opts(req))),
		);

		app.patch(
			"/alerts/:number",
			{
				config: { auth: { action: "alert.manage" } },
				schema: {
					tags: ["alerts"],
					summary: "Change an alert's severity, status (open, handling), title, description or internal note",
					params: NumberParam,
					body: Type.Object(
						{
							severity: Type.Optional(lit(SEVERITIES)),
							status: Type.Optional(lit(["open", "handling"] as const)),
							title: Type.Optional(Type.String({ maxLength: 200 })),
							titleEn: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
							description: Type.Optional(Type.String({ maxLength: 4000 })),
							internalNote: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
						},
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => updateAlert(deps.db, req.params.number, req.body, opts(req)),
		);

		for (const [path, publish] of [
			["publish", true],
			["unpublish", false],
		] as const)
			app.post(
				`/alerts/:number/${path}`,
				{
					config: { auth: { action: "alert.manage" } },
					schema: {
						tags: ["alerts"],
						summary: publish
							? "Publish an alert on the portal (its public part): logged"
							: "Take an alert off the portal: logged",
						params: NumberParam,
						response: { 200: Type.Unknown(), ...WriteErrors },
					},
				},
				async (req) => {
					noBody(req.body);
					return setPublished(deps.db, req.params.number, publish, opts(req));
				},
			);

		app.post(
			"/alerts/:number/close",
			{
				config: { auth: { action: "alert.manage" } },
				schema: {
					tags: ["alerts"],
					summary: "Close an alert with its conclusion (published with it): logged",
					params: NumberParam,
					body: Type.Object(
						{ conclusion: Type.String({ maxLength: 4000 }) },
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => closeAlert(deps.db, req.params.number, req.body, opts(req)),
		);

		app.post(
			"/alerts/:number/tasks",
			{
				config: { auth: { action: "alert.manage" } },
				schema: {
					tags: ["alerts"],
					summary:
						"Add a handling task: assigned to an organisation, a district office or an officer, due on a date or in working days (default 5)",
					params: NumberParam,
					body: Type.Object(
						{
							assignee: Assignee,
							action: Type.String({ maxLength: 1000 }),
							deadline: Type.Optional(Nullable(Type.String({ format: "date" }))),
							days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 90 }))),
						},
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => addTask(deps.db, req.params.number, req.body, opts(req)),
		);

		app.patch(
			"/alerts/:number/tasks/:seq",
			{
				config: { auth: { action: "alert.manage" } },
				schema: {
					tags: ["alerts"],
					summary: "Reassign an open task, or change its action or deadline",
					params: TaskParam,
					body: Type.Object(
						{
							assignee: Type.Optional(Assignee),
							action: Type.Optional(Type.String({ maxLength: 1000 })),
							deadline: Type.Optional(Nullable(Type.String({ format: "date" }))),
							days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 90 }))),
						},
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => changeTask(deps.db, req.params.number, req.params.seq, req.body, opts(req)),
		);

		app.post(
			"/alerts/:number/tasks/:seq/complete",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["alerts"],
					summary:
						"Complete a task with a note: regulators any task, a body the tasks assigned to it. The action taken is logged; the note is for regulators",
					params: TaskParam,
					body: Type.Object({ note: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => completeTask(deps.db, req.params.number, req.params.seq, req.body, opts(req)),
		);

		app.get(
			"/alert-peers",
			{
				config: { auth: { action: "notify.manage" } },
				schema: {
					tags: ["alerts"],
					summary: "The other regions whose signed alerts are accepted",
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async () => ({ items: await listPeers(deps.db) }),
		);

		app.post(
			"/alert-peers",
			{
				config: { auth: { action: "notify.manage" } },
				schema: {
					tags: ["alerts"],
					summary: "Register another region and the shared secret its alerts are signed with",
					body: Type.Object(
						{
							code: Type.String({ maxLength: 40 }),
							name: Type.String({ maxLength: 100 }),
							secret: Type.String({ minLength: 32, maxLength: 200 }),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req, reply) => reply.status(201).send(await addPeer(deps.db, req.body, opts(req))),
		);

		// The signature covers the body's exact bytes, so this route reads them unparsed.
		await app.register(async (inbound) => {
			inbound.removeContentTypeParser("application/json");
			inbound.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) =>
				done(null, body),
			);
			inbound.post(
				"/alerts/inbound",
				{
					config: { auth: { public: true, csrfExempt: true } },
					schema: {
						tags: ["alerts"],
						summary:
							"Receive another region's alert, signed: OpenTIC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> with the region's shared secret; within 5 minutes; a signature is accepted once. Body: {ref, title, titleEn?, severity?, description, trigger: {kind, key}}",
						headers: Type.Object({ "opentic-signature": Type.Optional(Type.String({ maxLength: 200 })) }),
						response: {
							201: Type.Unknown(),
							401: WriteErrors[401],
							400: WriteErrors[400],
							409: WriteErrors[409],
						},
					},
				},
				async (req, reply) => {
					const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
					const sig = req.headers["opentic-signature"];
					return reply
						.status(201)
						.send(await receiveInbound(deps.db, body, typeof sig === "string" ? sig : undefined, deps.clock));
				},
			);
		});
	};
}
