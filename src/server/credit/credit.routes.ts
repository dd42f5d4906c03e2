/** GET /organizations/{uscc}/credit: an organisation's integrity file (诚信档案). */
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { CREDIT_GRADES, DEFAULT_SUPERVISION, type GradingModel } from "../../core/credit/grading.ts";
import { type Actor, mayActOn } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { NotFoundError } from "../errors.ts";
import { noBody, usccParam } from "../http/params.ts";
import { ReadErrors, WriteErrors } from "../http/schemas.ts";
import { getOrganizationRow } from "../organizations/organizations.service.ts";
import { appealsOf, decideAppeal, fileAppeal, pendingAppeals } from "./appeals.service.ts";
import {
	organizationCreditFile,
	personCreditFile,
	publishSelfReport,
	RECORDED_KINDS,
	recordCreditEvent,
} from "./credit.service.ts";
import { activateModel, activeModel, compareModel, draftModel, listModels } from "./grading.service.ts";

const CreditEvent = Type.Object({
	kind: Type.String({ description: "spot_check, penalty, complaint, certificate_withdrawn, …" }),
	kindText: Type.Object({ zh: Type.String(), en: Type.String() }),
	occurredOn: Type.String({ format: "date" }),
	source: Type.String({ description: "Where the event came from, e.g. the spot-check task 2026-SH-01#12" }),
	outcome: Type.Union([Type.String(), Type.Null()]),
	summary: Type.String(),
	detail: Type.Record(Type.String(), Type.Unknown()),
	status: Type.String({ description: "active, or withdrawn (an appeal upheld)" }),
	logIndex: Type.Union([Type.Integer(), Type.Null()], { description: "The log entry that made it public" }),
	withdrawal: Type.Optional(
		Type.Union(
			[
				Type.Object({
					on: Type.String({ description: "The day the appeal was upheld" }),
					note: Type.String({ description: "The regulator's reasons, as published" }),
					logIndex: Type.Union([Type.Integer(), Type.Null()], { description: "The withdrawal's log entry" }),
				}),
				Type.Null(),
			],
			{ description: "For a withdrawn event, why it was withdrawn; otherwise null" },
		),
	),
});

const Contribution = Type.Object({
	factor: Type.String(),
	zh: Type.String(),
	en: Type.String(),
	points: Type.Number(),
	basis: Type.Array(Type.String(), { description: "The events, schemes or dates the factor counted" }),
});

const GradeExplanation = Type.Object({
	grade: Type.String({ description: "A (low risk) … D (high risk)" }),
	score: Type.Number(),
	model: Type.String({ description: "The model version that made it" }),
	thresholds: Type.Object({ A: Type.Number(), B: Type.Number(), C: Type.Number() }),
	gradedOn: Type.String({ format: "date" }),
	changedOn: Type.String({ format: "date" }),
	contributions: Type.Array(Contribution),
	floor: Type.Union([
		Type.Object({
			zh: Type.String(),
			en: Type.String(),
			atLeast: Type.String(),
			basis: Type.Array(Type.String()),
		}),
		Type.Null(),
	]),
});

const Version = Type.Object({ version: Type.String({ pattern: "^\\d{4}\\.\\d{1,3}$" }) });

export function creditRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/organizations/:uscc/credit",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["credit"],
					summary: "An organisation's integrity file (诚信档案): its credit events, newest first",
					description:
						"Every event was made public by a log entry (`logIndex`). The credit-risk grade is a regulator's internal reference, not a public rating: it appears (`grade`) only for regulators.",
					params: Type.Object({ uscc: Type.String({ maxLength: 40 }) }),
					response: {
						200: Type.Object({
							organization: Type.Object({
								uscc: Type.String(),
								name: Type.String(),
								kind: Type.String(),
								district: Type.Union([Type.String(), Type.Null()]),
							}),
							grade: Type.Optional(
								Type.Union([GradeExplanation, Type.Null()], {
									description: "Regulators only: the grade with each factor's contribution",
								}),
							),
							events: Type.Array(CreditEvent),
							bans: Type.Array(Type.Unknown(), { description: "Bans and restrictions, in force or lifted" }),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => organizationCreditFile(deps.db, usccParam(req.params.uscc, "uscc"), req.actor ?? null),
		);

		const opts = (req: { actor?: unknown }) => ({ clock: deps.clock, actor: req.actor as Actor });

		app.post(
			"/organizations/:uscc/credit-events",
			{
				config: { auth: { action: "credit.record" } },
				schema: {
					tags: ["credit"],
					summary:
						"Record a decision in an organisation's integrity file (an administrative penalty, a false commitment, a confirmed scope violation): a public log entry, and the grade recomputed",
					params: Type.Object({ uscc: Type.String({ maxLength: 40 }) }),
					body: Type.Object(
						{
							kind: Type.Union(RECORDED_KINDS.map((k) => Type.Literal(k))),
							occurredOn: Type.String({ format: "date", description: "The day of the decision" }),
							reference: Type.String({
								minLength: 1,
								maxLength: 100,
								description: "The decision's document number, e.g. 沪市监处〔2026〕310115000123号",
							}),
							authority: Type.String({ minLength: 1, maxLength: 100 }),
							summary: Type.String({
								minLength: 1,
								maxLength: 2000,
								description: "What was decided and why, as published (no person's personal data)",
							}),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req, reply) => {
				const file = await recordCreditEvent(
					deps.db,
					usccParam(req.params.uscc, "uscc"),
					req.body,
					opts(req),
				);
				return reply.status(201).send(file);
			},
		);

		app.post(
			"/organizations/:uscc/credit/appeals",
			{
				config: { auth: { action: "credit.appeal" } },
				schema: {
					tags: ["credit"],
					summary:
						"Appeal one of your organisation's credit events (by kind and source), or without an event its grade",
					params: Type.Object({ uscc: Type.String({ maxLength: 40 }) }),
					body: Type.Object(
						{
							event: Type.Optional(
								Type.Object(
									{ kind: Type.String({ maxLength: 40 }), source: Type.String({ maxLength: 200 }) },
									{ additionalProperties: false },
								),
							),
							reason: Type.String({ maxLength: 4000 }),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Object({ id: Type.Integer(), status: Type.String() }), ...WriteErrors },
				},
			},
			async (req, reply) =>
				reply
					.status(201)
					.send(await fileAppeal(deps.db, usccParam(req.params.uscc, "uscc"), req.body, opts(req))),
		);

		app.get(
			"/organizations/:uscc/credit/appeals",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["credit"],
					summary: "An organisation's appeals and their decisions (its own operators and regulators)",
					params: Type.Object({ uscc: Type.String({ maxLength: 40 }) }),
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async (req) => {
				const org = await getOrganizationRow(deps.db, usccParam(req.params.uscc, "uscc"));
				const actor = req.actor!;
				const own = mayActOn(actor, "credit.appeal", { orgId: org.id, district: org.district });
				if (!own && !mayActOn(actor, "credit.record", { orgId: org.id, district: org.district }))
					throw new NotFoundError("NOT_FOUND", "no such record", "没有该记录");
				return { items: await appealsOf(deps.db, org.id) };
			},
		);

		app.get(
			"/credit/appeals",
			{
				config: { auth: { action: "credit.record" } },
				schema: {
					tags: ["credit"],
					summary: "Appeals waiting for a decision in your districts, oldest first",
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async (req) => ({ items: await pendingAppeals(deps.db, req.actor!) }),
		);

		app.post(
			"/credit/appeals/:id/decide",
			{
				config: { auth: { action: "credit.record" } },
				schema: {
					tags: ["credit"],
					summary:
						"Uphold or reject an appeal; upholding one against an event withdraws the event (logged) and regrades",
					params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
					body: Type.Object(
						{ upheld: Type.Boolean(), note: Type.String({ maxLength: 4000 }) },
						{ additionalProperties: false },
					),
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => decideAppeal(deps.db, req.params.id, req.body, opts(req)),
		);

		app.post(
			"/organizations/:uscc/credit/self-reports",
			{
				config: { auth: { action: "credit.appeal" } },
				schema: {
					tags: ["credit"],
					summary:
						"Publish your organisation's own credit or social-responsibility report in its file (a public fact, logged)",
					params: Type.Object({ uscc: Type.String({ maxLength: 40 }) }),
					body: Type.Object(
						{
							year: Type.Integer(),
							title: Type.String({ maxLength: 200 }),
							url: Type.String({
								maxLength: 500,
								description: "An https address where the report can be read",
							}),
							sha256: Type.String({ maxLength: 64, description: "The document's SHA-256 (hex)" }),
						},
						{ additionalProperties: false },
					),
					response: { 201: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req, reply) =>
				reply
					.status(201)
					.send(await publishSelfReport(deps.db, usccParam(req.params.uscc, "uscc"), req.body, opts(req))),
		);

		app.get(
			"/people/:ref/credit",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["credit"],
					summary: "A person's integrity file: bans on them and events about them (no personal data)",
					params: Type.Object({ ref: Type.String({ maxLength: 20 }) }),
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req) => personCreditFile(deps.db, req.params.ref),
		);

		app.get(
			"/credit/supervision",
			{
				config: { auth: { action: "credit.read" } },
				schema: {
					tags: ["credit"],
					summary:
						"Classified supervision (分类监管) under the model in force: for each grade, the share of its organisations a year's spot checks draw and how often",
					response: {
						200: Type.Object({
							model: Type.String(),
							grades: Type.Array(
								Type.Object({
									grade: Type.String(),
									min: Type.Number(),
									max: Type.Number(),
									usual: Type.Number(),
									frequencyZh: Type.String(),
									frequencyEn: Type.String(),
								}),
							),
						}),
						...ReadErrors,
					},
				},
			},
			async () => {
				const m = await activeModel(deps.db);
				const table = m.supervision ?? DEFAULT_SUPERVISION;
				return { model: m.version, grades: CREDIT_GRADES.map((g) => ({ grade: g, ...table[g] })) };
			},
		);

		app.get(
			"/credit/models",
			{
				config: { auth: { action: "credit.read" } },
				schema: {
					tags: ["credit"],
					summary: "Every version of the grading model, the one in force marked active",
					response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }), ...ReadErrors },
				},
			},
			async () => listModels(deps.db),
		);

		app.post(
			"/credit/models",
			{
				config: { auth: { action: "credit.model" } },
				schema: {
					tags: ["credit"],
					summary: "Store a new version of the grading model as a draft (not in force until activated)",
					body: Type.Object({ model: Type.Unknown() }, { additionalProperties: false }),
					response: { 201: Type.Object({ items: Type.Array(Type.Unknown()) }), ...WriteErrors },
				},
			},
			async (req, reply) => {
				const list = await draftModel(deps.db, req.body.model as GradingModel, opts(req));
				return reply.status(201).send(list);
			},
		);

		app.get(
			"/credit/models/:version/compare",
			{
				config: { auth: { action: "credit.model" } },
				schema: {
					tags: ["credit"],
					summary: "What would change if a draft model took effect today: grade moves and examples",
					params: Version,
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req) => compareModel(deps.db, req.params.version, deps.clock),
		);

		app.post(
			"/credit/models/:version/activate",
			{
				config: { auth: { action: "credit.model" } },
				schema: {
					tags: ["credit"],
					summary:
						"Put a draft model in force: logged, the previous one retired, every organisation regraded",
					params: Version,
					response: { 200: Type.Unknown(), ...WriteErrors },
				},
			},
			async (req) => {
				noBody(req.body);
				return activateModel(deps.db, req.params.version, opts(req));
			},
		);
	};
}
