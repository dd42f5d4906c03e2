/**
 * Spot-check batches: regulators draft, publish, draw and record results; anyone reads a published batch,
 * downloads its inputs and transcript, and recomputes the draw.
 */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { chinaDate } from "../../core/dates.ts";
import { Workdays } from "../../core/workdays.ts";
import { mayAttempt } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { NotFoundError } from "../errors.ts";
import { noBody } from "../http/params.ts";
import { ErrorBody, ReadErrors, WriteErrors } from "../http/schemas.ts";
import {
	type BatchSpec,
	batchFile,
	batchSummary,
	confirmRectification,
	createBatch,
	createPlan,
	drawBatch,
	GRADES,
	inspectorTasks,
	listBatches,
	listPlans,
	managedBatch,
	OBJECT_KINDS,
	overdueRectifications,
	overdueTasks,
	publicBatch,
	publishBatch,
	publishResult,
	RESULTS,
	recordResult,
	updateDraft,
} from "./spotchecks.service.ts";

const Code = Type.Object({ code: Type.String({ minLength: 1, maxLength: 41 }) });
const TaskParams = Type.Object({
	code: Type.String({ minLength: 1, maxLength: 41 }),
	seq: Type.Integer({ minimum: 1 }),
});

const Spec = Type.Object(
	{
		planId: Type.Optional(
			Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "The annual plan" }),
		),
		code: Type.String({ maxLength: 41, description: "The batch's code, e.g. 2026-SH-CB-01" }),
		title: Type.String({ maxLength: 200 }),
		drawDate: Type.String({ format: "date" }),
		mode: Type.Union([Type.Literal("modern"), Type.Literal("rfc3797")], { default: "modern" }),
		objects: Type.Optional(
			Type.Union([Type.Literal("organizations"), Type.Literal("certificates")], {
				description: "What is drawn: organisations (default) or certificates, each inspected at its holder",
			}),
		),
		kinds: Type.Array(Type.Enum(OBJECT_KINDS), {
			minItems: 1,
			maxItems: 3,
			description: "Kinds of organisation drawn; for certificates, of their holders",
		}),
		districts: Type.Array(Type.String({ pattern: "^\\d{6}$" }), { maxItems: 20, default: [] }),
		schemes: Type.Optional(
			Type.Array(Type.String({ maxLength: 20 }), {
				maxItems: 40,
				description:
					"The field, as certification schemes: bodies approved for, organisations holding or certificates of one of them",
			}),
		),
		strata: Type.Array(
			Type.Object(
				{
					name: Type.Enum(GRADES),
					proportion: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
					count: Type.Optional(Type.Integer({ minimum: 0 })),
				},
				{ additionalProperties: false },
			),
			{ minItems: 1, maxItems: 4 },
		),
		exclusions: Type.Array(
			Type.Object({
				uscc: Type.String({ maxLength: 18 }),
				reason: Type.String({ minLength: 1, maxLength: 200 }),
			}),
			{ maxItems: 10_000, default: [] },
		),
		teamSize: Type.Integer({ minimum: 2, maximum: 10 }),
		rules: Type.Object(
			{
				sameEmployer: Type.Boolean(),
				declaredRelations: Type.Boolean(),
				recentMonths: Type.Integer({ minimum: 0, maximum: 60 }),
				district: Type.Union([
					Type.Literal("none"),
					Type.Literal("avoid-home"),
					Type.Literal("within-coverage"),
				]),
				distinctEmployers: Type.Boolean(),
			},
			{ additionalProperties: false },
		),
		sources: Type.Array(
			Type.Object(
				{
					name: Type.String({ minLength: 1, maxLength: 100 }),
					kind: Type.Union([
						Type.Literal("lottery"),
						Type.Literal("beacon"),
						Type.Literal("commitment"),
						Type.Literal("other"),
					]),
					description: Type.String({ maxLength: 300 }),
					commitment: Type.Optional(Type.String({ pattern: "^[0-9a-f]{64}$" })),
				},
				{ additionalProperties: false },
			),
			{ minItems: 1, maxItems: 8 },
		),
	},
	{ additionalProperties: false },
);

const BatchSummary = Type.Object({
	planId: Type.Union([Type.Integer(), Type.Null()]),
	code: Type.String(),
	title: Type.String(),
	status: Type.String(),
	drawDate: Type.String(),
	publishedAt: Type.Union([Type.String(), Type.Null()]),
	drawnAt: Type.Union([Type.String(), Type.Null()]),
});

export function spotCheckRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	const workdays = new Workdays(deps.config.workdayCalendar);
	return async (app) => {
		const opts = (req: { actor?: unknown }) => ({
			clock: deps.clock,
			actor: req.actor as Parameters<typeof createBatch>[2]["actor"],
		});

		app.get(
			"/spot-batches",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["spot checks"],
					summary:
						"Published spot-check batches (双随机), newest first; `drafts=true` adds drafts (regulators)",
					querystring: Type.Object({ drafts: Type.Optional(Type.Boolean()) }),
					response: { 200: Type.Object({ items: Type.Array(BatchSummary) }), ...ReadErrors },
				},
			},
			async (req) => {
				if (req.query.drafts && !mayAttempt(req.actor ?? null, "spotcheck.manage"))
					throw new NotFoundError("NOT_FOUND", "drafts are for regulators", "抽查批次草稿仅监管部门可见");
				return { items: await listBatches(deps.db, req.query.drafts === true) };
			},
		);

		app.get(
			"/spot-plans",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["spot checks"],
					summary:
						"Annual spot-check plans with their batches (published ones; `drafts=true` adds drafts for regulators)",
					querystring: Type.Object({ drafts: Type.Optional(Type.Boolean()) }),
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async (req) => {
				if (req.query.drafts && !mayAttempt(req.actor ?? null, "spotcheck.manage"))
					throw new NotFoundError("NOT_FOUND", "drafts are for regulators", "抽查批次草稿仅监管部门可见");
				return { items: await listPlans(deps.db, req.query.drafts === true) };
			},
		);

		app.post(
			"/spot-plans",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary: "Record an annual plan: scope, number of batches, timing",
					body: Type.Object(
						{
							year: Type.Integer({ minimum: 2000, maximum: 2100 }),
							title: Type.String({ maxLength: 200 }),
							scope: Type.String({ maxLength: 2000 }),
							batchesPlanned: Type.Integer({ minimum: 1, maximum: 52 }),
							timing: Type.String({ maxLength: 500 }),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Object({ id: Type.Integer() }), ...WriteErrors },
				},
			},
			async (req, reply) => {
				const id = await createPlan(deps.db, req.body, opts(req));
				reply.code(201);
				return { id };
			},
		);

		app.post(
			"/spot-batches",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary:
						"Draft a batch: scope, strata by credit grade, exclusions, team size, conflict rules, random sources",
					body: Spec,
					response: { 201: BatchSummary, ...WriteErrors },
				},
			},
			async (req, reply) => {
				const b = await createBatch(deps.db, req.body as BatchSpec, opts(req));
				reply.code(201);
				return batchSummary(b);
			},
		);

		app.put(
			"/spot-batches/:code",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary: "Change a draft (a published batch refuses: its manifest is fixed and logged)",
					params: Code,
					body: Spec,
					response: { 200: BatchSummary, ...WriteErrors },
				},
			},
			async (req) =>
				batchSummary(await updateDraft(deps.db, req.params.code, req.body as BatchSpec, opts(req))),
		);

		app.post(
			"/spot-batches/:code/publish",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary: "Publish the manifest: the pools are taken from the register, hashed, logged and frozen",
					params: Code,
					response: { 200: BatchSummary, ...WriteErrors },
				},
			},
			async (req) => {
				noBody(req.body);
				const b = await publishBatch(deps.db, req.params.code, opts(req));
				return batchSummary(b);
			},
		);

		app.post(
			"/spot-batches/:code/draw",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary:
						"Draw, once the random sources are known: objects and teams, with a transcript anyone can recompute",
					params: Code,
					body: Type.Object(
						{
							sources: Type.Array(
								Type.Object({
									name: Type.String({ maxLength: 100 }),
									value: Type.String({ minLength: 1, maxLength: 1000 }),
								}),
								{ minItems: 1, maxItems: 8 },
							),
						},
						{ additionalProperties: false },
					),
					response: { 200: BatchSummary, ...WriteErrors },
				},
			},
			async (req) => {
				const b = await drawBatch(deps.db, req.params.code, req.body.sources, opts(req));
				return batchSummary(b);
			},
		);

		app.get(
			"/spot-batches/:code",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["spot checks"],
					summary:
						"A published batch: manifest, sources, strata, tasks with their teams and published results",
					params: Code,
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req) => publicBatch(deps.db, req.params.code),
		);

		app.get(
			"/spot-batches/:code/manage",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary:
						"A batch as its regulators work on it, drafts included: settings, tasks, results, deadlines",
					params: Code,
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req) => managedBatch(deps.db, req.params.code, chinaDate(deps.clock.now())),
		);

		for (const what of ["transcript", "inputs"] as const)
			app.get(
				`/spot-batches/:code/${what}`,
				{
					config: { auth: { public: true } },
					schema: {
						tags: ["spot checks"],
						summary:
							what === "transcript"
								? "The draw's transcript (JSON): check it with `opentic draw verify FILE` or on the batch's page"
								: "The lists the manifest binds (JSON): objects by commitment, inspectors, conflict pairs",
						params: Code,
						response: { 200: Type.String({ description: "JSON" }), 404: ErrorBody },
					},
				},
				async (req, reply) => {
					const text = await batchFile(deps.db, req.params.code, what);
					reply
						.type("application/json; charset=utf-8")
						.header("content-disposition", `attachment; filename="${req.params.code}-${what}.json"`)
						.serializer((s: unknown) => s as string);
					return text;
				},
			);

		app.get(
			"/spot-tasks/mine",
			{
				config: { auth: { action: "spotcheck.inspect" } },
				schema: {
					tags: ["spot checks"],
					summary: "Your inspection tasks (inspectors): the teams you were drawn into, open ones first",
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async (req) => ({ items: await inspectorTasks(deps.db, req.actor!, chinaDate(deps.clock.now())) }),
		);

		app.post(
			"/spot-batches/:code/tasks/:seq/result",
			{
				config: { auth: { action: "spotcheck.inspect" } },
				schema: {
					tags: ["spot checks"],
					summary:
						"Record an inspection's result (regulators, or an inspector on the task's team); it must be published within 20 working days",
					params: TaskParams,
					body: Type.Object(
						{
							result: Type.Enum(RESULTS),
							findings: Type.String({ maxLength: 4000, default: "" }),
							inspectedOn: Type.String({ format: "date" }),
							rectifyBy: Type.Optional(
								Type.String({ format: "date", description: "For an order to rectify: its deadline" }),
							),
						},
						{ additionalProperties: false },
					),
					response: {
						200: Type.Object({ seq: Type.Integer(), status: Type.String(), publishBy: Type.String() }),
						...WriteErrors,
					},
				},
			},
			async (req) => {
				const t = await recordResult(deps.db, req.params.code, req.params.seq, req.body, {
					...opts(req),
					workdays,
				});
				return { seq: t.seq, status: t.status, publishBy: t.publish_by! };
			},
		);

		app.post(
			"/spot-batches/:code/tasks/:seq/publish",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary: "Publish a recorded result (一公开): a log entry naming the organisation and the result",
					params: TaskParams,
					response: { 204: Type.Null(), ...WriteErrors },
				},
			},
			async (req, reply) => {
				noBody(req.body);
				await publishResult(deps.db, req.params.code, req.params.seq, opts(req));
				reply.code(204);
				return null;
			},
		);

		app.post(
			"/spot-batches/:code/tasks/:seq/rectified",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary: "Confirm that an ordered rectification was made (logged beside the published order)",
					params: TaskParams,
					body: Type.Object(
						{ on: Type.String({ format: "date" }), note: Type.String({ maxLength: 2000 }) },
						{ additionalProperties: false },
					),
					response: { 204: Type.Null(), ...WriteErrors },
				},
			},
			async (req, reply) => {
				await confirmRectification(deps.db, req.params.code, req.params.seq, req.body, opts(req));
				reply.code(204);
				return null;
			},
		);

		app.get(
			"/spot-tasks/overdue",
			{
				config: { auth: { action: "spotcheck.manage" } },
				schema: {
					tags: ["spot checks"],
					summary:
						"Results recorded but not published past their last day (20 working days), and orders to rectify past their deadline",
					response: {
						200: Type.Object({
							items: Type.Array(Type.Unknown()),
							rectifications: Type.Array(Type.Unknown()),
						}),
						...ReadErrors,
					},
				},
			},
			async () => {
				const today = chinaDate(deps.clock.now());
				return {
					items: await overdueTasks(deps.db, today),
					rectifications: await overdueRectifications(deps.db, today),
				};
			},
		);
	};
}
