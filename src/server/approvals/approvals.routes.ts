/**
 * Qualification approval over HTTP (资质认定网上审批): a lab's operator drafts an application, files its
 * materials and follows it; regulators of its district and reviewers on its team take the workflow's steps
 * (one route per action, each with its body); anyone reads an application's progress by its number.
 * Routes validate, call one service function and answer what it presents.
 */
import { type FastifyPluginAsyncTypebox, type TSchema, Type } from "@fastify/type-provider-typebox";
import {
	type Action,
	APPLICATION_TYPES,
	APPROVAL_PATHS,
	CHANGE_KINDS,
	MATERIAL_CODES,
	STEPS,
	TRANSITIONS,
} from "../../core/approval/index.ts";
import { Workdays } from "../../core/workdays.ts";
import type { Actor } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { districtParam, paging } from "../http/params.ts";
import { ErrorBody, Nullable, PagingQuery, ReadErrors, WriteErrors } from "../http/schemas.ts";
import {
	APPROVAL_FILE_LIMITS,
	actOn,
	addFile,
	applicationProgress,
	draftApplication,
	getApplication,
	jointReview,
	listApplications,
	proposeReviewTeam,
	readFile,
	slaDashboard,
} from "./approvals.service.ts";

const NumberParam = Type.Object({
	number: Type.String({
		minLength: 1,
		maxLength: 40,
		description: "The application number, e.g. ZR2026000001",
	}),
});

const Label = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
const Day = Type.String({ format: "date" });
const Text = (description: string, maxLength = 1000) => Type.String({ maxLength, description });
const Refs = (description: string) =>
	Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50, description });

const Row = Type.Object(
	{
		field: Type.String({ maxLength: 200 }),
		product: Type.String({ maxLength: 200 }),
		parameter: Type.String({ maxLength: 200 }),
		standard: Type.String({ maxLength: 200 }),
	},
	{ additionalProperties: false },
);

const Draft = Type.Object(
	{
		labUscc: Type.Optional(
			Type.String({ maxLength: 40, description: "The lab (an operator's own by default)" }),
		),
		type: Type.String({ maxLength: 20, description: APPLICATION_TYPES.join(", ") }),
		path: Type.String({ maxLength: 20, description: APPROVAL_PATHS.join(", ") }),
		changes: Type.Optional(
			Type.Array(Type.String({ maxLength: 40 }), {
				maxItems: CHANGE_KINDS.length,
				description: `For a change: ${CHANGE_KINDS.join(", ")}`,
			}),
		),
		capabilities: Type.Optional(
			Type.Array(Row, { maxItems: 2000, description: "The capability rows applied for" }),
		),
		signatories: Type.Optional(Refs("Signatories to be assessed, by person reference (P + 8 digits)")),
		qualificationNumber: Type.Optional(
			Type.String({
				maxLength: 20,
				description: "The CMA qualification concerned (12 digits): all but first applications",
			}),
		),
		newName: Type.Optional(
			Text("For a change of name: the lab's new name in Chinese (required then, refused otherwise)"),
		),
		newAddress: Type.Optional(
			Text(
				"For a change of address or a site moved: the new address in Chinese (required then, refused otherwise)",
			),
		),
	},
	{ additionalProperties: false },
);

const FileBody = Type.Object(
	{
		code: Type.String({
			maxLength: 40,
			description: `The material's catalogue code: ${MATERIAL_CODES.join(", ")}`,
		}),
		filename: Type.Optional(Type.String({ maxLength: 400 })),
		data: Type.String({
			description: `The file's bytes in base64: a PDF, PNG or JPEG (checked by its bytes) of at most ${APPROVAL_FILE_LIMITS.bytes / 1024 / 1024} MB`,
		}),
	},
	{ additionalProperties: false },
);

/** Each action's body; the core checks each value and names the field and rule it breaks. */
const BODIES: Record<Action, TSchema> = {
	submit: Type.Object({}, { additionalProperties: false }),
	withdraw: Type.Object({ reason: Type.Optional(Text("Why (internal)")) }, { additionalProperties: false }),
	request_completion: Type.Object(
		{
			items: Type.Array(Type.String({ maxLength: 40 }), {
				maxItems: 30,
				description: "Material codes, all at once (一次告知)",
			}),
		},
		{ additionalProperties: false },
	),
	complete: Type.Object({}, { additionalProperties: false }),
	not_accept: Type.Object(
		{ reason: Type.Optional(Text("Why, in writing")) },
		{ additionalProperties: false },
	),
	accept: Type.Object({}, { additionalProperties: false }),
	start_review: Type.Object(
		{ team: Refs("The assessment team, by person reference") },
		{ additionalProperties: false },
	),
	start_assessment: Type.Object(
		{ mode: Type.String({ maxLength: 10, description: "onsite or remote" }) },
		{ additionalProperties: false },
	),
	report_nonconformities: Type.Object(
		{
			items: Type.Array(
				Type.Object(
					{ id: Type.String({ maxLength: 40 }), item: Type.String({ maxLength: 200 }) },
					{ additionalProperties: false },
				),
				{ maxItems: 200 },
			),
		},
		{ additionalProperties: false },
	),
	submit_corrections: Type.Object(
		{
			corrected: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
			final: Type.Optional(Type.Boolean({ description: "Ends the corrections: the items still open fail" })),
		},
		{ additionalProperties: false },
	),
	close_corrections: Type.Object({}, { additionalProperties: false }),
	conclude_review: Type.Object(
		{
			outcome: Type.String({ maxLength: 10, description: "pass, partial or fail" }),
			failedItems: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
		},
		{ additionalProperties: false },
	),
	decide: Type.Object(
		{ grant: Type.Boolean(), reason: Type.Optional(Text("Required to refuse (internal)")) },
		{ additionalProperties: false },
	),
	issue_certificate: Type.Object(
		{
			certificateNumber: Type.Optional(
				Type.String({
					maxLength: 12,
					description:
						"The CMA number (12 digits); by default the qualification concerned, or the next free one",
				}),
			),
		},
		{ additionalProperties: false },
	),
	schedule_verification: Type.Object(
		{ scheduledOn: Day, team: Refs("The verification team, by person reference") },
		{ additionalProperties: false },
	),
	record_verification: Type.Object(
		{ truthful: Type.Boolean(), findings: Type.Optional(Text("Required when false (internal)", 4000)) },
		{ additionalProperties: false },
	),
};

const ACTION_HELP: Partial<Record<Action, string>> = {
	submit:
		"Sends the materials filed so far; what the register holds and what earlier accepted applications filed is reused",
	complete: "Sends the materials filed since the completion was requested",
	submit_corrections: "Sends the corrections with the evidence filed since the nonconformities were notified",
	accept:
		"On the commitment path this also grants the qualification at once: it enters the register (logged)",
	decide:
		"A paper change granted takes effect at once: the lab's new name or address enters the register (logged)",
	issue_certificate:
		"General path: the qualification and its capability rows enter the register (logged); a change reviewed technically takes effect (new address, standards, signatories)",
	record_verification:
		"Found false: the qualification is revoked and a false-commitment event enters the lab's integrity file (logged)",
};

/** The full view: the core's document with the plan of materials, the files, the clocks and the caller's next actions. */
const Full = Type.Object({
	number: Type.String(),
	lab: Type.Object({ uscc: Type.String(), name: Type.String() }),
	district: Nullable(Type.String()),
	type: Label,
	path: Label,
	changes: Type.Array(Type.String()),
	capabilities: Type.Array(Row),
	qualification: Nullable(Type.Object({ number: Type.String(), expiresOn: Type.String() })),
	permit: Type.String(),
	step: Label,
	createdOn: Day,
	certificateNumber: Nullable(Type.String()),
	materials: Type.Array(Type.Unknown(), {
		description:
			"Each material needed: `reused` with its source (the register, or an earlier application's number, SHA-256 and validity) or `needed` with the reason",
	}),
	files: Type.Array(
		Type.Object({
			id: Type.Integer(),
			code: Type.String(),
			sha256: Type.String(),
			filename: Type.String(),
			contentType: Type.String(),
			size: Type.Integer(),
			filedAt: Type.String(),
			submitted: Type.Boolean(),
		}),
	),
	history: Type.Array(Type.Unknown()),
	completion: Type.Unknown(),
	reason: Nullable(Type.String()),
	signatories: Type.Array(Type.String()),
	newName: Nullable(Type.String({ description: "For a change of name: the new name applied for" })),
	newAddress: Nullable(Type.String({ description: "For a change of address: the new address applied for" })),
	team: Type.Array(Type.String()),
	assessmentMode: Nullable(Type.String()),
	nonconformities: Type.Array(Type.Unknown()),
	correction: Type.Unknown(),
	conclusion: Type.Unknown(),
	decision: Type.Unknown(),
	verification: Type.Unknown(),
	creditEvent: Type.Unknown(),
	progress: Type.Unknown({ description: "The clocks (core/approval/deadlines.ts progressOf)" }),
	nextActions: Type.Array(Type.String(), { description: "What the caller may do next" }),
});

const Progress = Type.Object({
	number: Type.String(),
	type: Label,
	path: Label,
	step: Label,
	waitingForApplicant: Type.Boolean({
		description: "Waiting for the lab: the regulator's clock stands still",
	}),
	usedWorkdays: Nullable(Type.Integer()),
	remainingWorkdays: Nullable(Type.Integer()),
	dueOn: Nullable(Day),
	overdue: Type.Boolean(),
	statutory: Type.Object({ usedWorkdays: Type.Integer(), limitWorkdays: Type.Integer() }),
	history: Type.Array(Type.Object({ step: Label, on: Day })),
});

const QueueItem = Type.Object({
	number: Type.String(),
	lab: Type.Object({ uscc: Type.String(), name: Type.String() }),
	district: Nullable(Type.String()),
	type: Label,
	path: Label,
	step: Label,
	createdOn: Day,
	dueOn: Nullable(Day),
	remainingWorkdays: Nullable(Type.Integer()),
	waitingForApplicant: Type.Boolean(),
	overdue: Type.Boolean(),
	nearDue: Type.Boolean(),
});

const SlaFigures = {
	open: Type.Integer({ description: "Filed and not finished" }),
	overdue: Type.Integer({ description: "Open, past the running stage's due day" }),
	nearDue: Type.Integer({ description: "Open, due within the configured near-due working days" }),
	waitingForApplicant: Type.Integer({
		description: "Open, waiting for the lab (补正, 整改): the clock stands still",
	}),
	decided: Type.Integer({ description: "Decided in the 365 days up to asOf" }),
	decidedOnTime: Type.Integer({
		description: "Of those, decided with every statutory stage (acceptance, decision) within its limit",
	}),
	medianStatutoryUsed: Type.Union([Type.Number(), Type.Null()], {
		description: "The median statutory working days those decisions used; null when none",
	}),
};

const Sla = Type.Object({
	asOf: Day,
	byDistrict: Type.Array(Type.Object({ district: Nullable(Type.String()), ...SlaFigures })),
	byOfficer: Type.Array(
		Type.Object({
			officer: Type.String({
				description: "The username of the account that accepted the applications; `unassigned` before",
			}),
			...SlaFigures,
		}),
	),
});

const JointBody = Type.Object(
	{
		numbers: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
			minItems: 1,
			maxItems: 20,
			description: "Application numbers of one lab",
		}),
		apply: Type.Optional(
			Type.Boolean({
				description:
					"Start it: each joined application goes to technical review with the team, then to its assessment",
			}),
		),
		team: Type.Optional(Refs("The assessment team, by person reference (with apply)")),
		mode: Type.Optional(Type.String({ maxLength: 10, description: "onsite or remote (with apply)" })),
	},
	{ additionalProperties: false },
);

const JointPlan = Type.Object({
	lab: Type.Object({ uscc: Type.String(), name: Type.String() }),
	joint: Type.Boolean({ description: "More than one application joins" }),
	joined: Type.Array(Type.String()),
	left: Type.Array(
		Type.Object({ number: Type.String(), code: Type.String(), zh: Type.String(), en: Type.String() }),
	),
	items: Type.Array(
		Type.Object({
			kind: Type.String({ description: "element, special_requirements, signatory or capability" }),
			key: Type.String(),
			capability: Nullable(Row),
			applications: Type.Array(Type.String(), { description: "The applications this content serves" }),
		}),
	),
	applied: Type.Boolean({ description: "Whether the review and assessments were started" }),
});

/** A file name for content-disposition: an ASCII fallback, and the name itself in UTF-8 (RFC 6266, RFC 8187). */
function disposition(filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]|["\\;]/g, "_");
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** Bytes a filing may have: one file of the largest size as base64, and its name. */
const FILE_BODY_LIMIT = Math.ceil((APPROVAL_FILE_LIMITS.bytes * 4) / 3) + 64 * 1024;

export function approvalRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	const workdays = new Workdays(deps.config.workdayCalendar);
	const opts = (actor: Actor | null) => ({
		clock: deps.clock,
		actor: actor!,
		workdays,
		config: deps.config.approval,
	});
	return async (app) => {
		app.post(
			"/applications",
			{
				config: { auth: { action: "approval.apply" } },
				schema: {
					tags: ["approvals"],
					summary: "Draft a qualification application (资质认定) for your lab; answers it with its number",
					body: Draft,
					response: { 201: Full, ...WriteErrors },
				},
			},
			async (req, reply) => {
				const o = opts(req.actor);
				const number = await draftApplication(deps.db, req.body, o);
				reply.code(201);
				return getApplication(deps.db, number, o);
			},
		);

		app.post(
			"/applications/:number/files",
			{
				bodyLimit: FILE_BODY_LIMIT,
				config: { auth: { action: "approval.apply" } },
				schema: {
					tags: ["approvals"],
					summary: "File one material with a draft, a completion or corrections (JSON, the bytes in base64)",
					description:
						"The file is stored with its SHA-256 and goes to the regulator with the next submit, complete or submit_corrections.",
					params: NumberParam,
					body: FileBody,
					response: {
						201: Type.Object({
							id: Type.Integer(),
							code: Type.String(),
							sha256: Type.String(),
							filename: Type.String(),
							contentType: Type.String(),
							size: Type.Integer(),
						}),
						...WriteErrors,
						413: ErrorBody,
					},
				},
			},
			async (req, reply) => {
				const r = await addFile(deps.db, req.params.number, req.body, opts(req.actor));
				reply.code(201);
				return r;
			},
		);

		app.get(
			"/applications/sla",
			{
				config: { auth: { action: "approval.handle" } },
				schema: {
					tags: ["approvals"],
					summary:
						"Regulators: the deadline dashboard (办理时限看板) of their districts, per district and per accepting officer",
					description:
						"As of today: applications open, overdue, near due and waiting for the lab; decided in the last 365 days, decided within the statutory limits, and the median statutory working days used.",
					response: { 200: Sla, ...ReadErrors },
				},
			},
			async (req, reply) => {
				reply.header("cache-control", "no-store");
				return slaDashboard(deps.db, opts(req.actor));
			},
		);

		app.post(
			"/applications/joint-review",
			{
				config: { auth: { action: "approval.handle" } },
				schema: {
					tags: ["approvals"],
					summary:
						"Plan (and with apply, start) a joint review (联合评审) of one lab's applications: each piece of content assessed once",
					description:
						"Only applications accepted or in document review join; the plan says why the others cannot. With apply, every joined application goes to technical review with the same team and on to its assessment, in one transaction.",
					body: JointBody,
					response: { 200: JointPlan, ...WriteErrors },
				},
			},
			async (req) => jointReview(deps.db, req.body, opts(req.actor)),
		);

		app.get(
			"/applications/:number/files/:id",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["approvals"],
					summary:
						"A filed material's bytes, for the lab's operators, the officers of its district and the team (the read is audited)",
					params: Type.Object({
						number: NumberParam.properties.number,
						id: Type.Integer({ minimum: 1, description: "The file's id, as the application lists it" }),
					}),
					response: {
						200: Type.Unknown({ description: "The file's bytes (PDF, PNG or JPEG)" }),
						...ReadErrors,
					},
				},
			},
			async (req, reply) => {
				const f = await readFile(deps.db, req.params.number, req.params.id, opts(req.actor));
				reply
					.header("content-type", f.contentType)
					.header("content-disposition", disposition(f.filename))
					.header("x-content-type-options", "nosniff")
					.header("content-security-policy", "default-src 'none'; sandbox")
					.header("cache-control", "private, no-store")
					.header("etag", `"${f.sha256}"`);
				return reply.send(f.data);
			},
		);

		app.get(
			"/applications/:number",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["approvals"],
					summary:
						"An application in full, for its lab and the regulators and reviewers who handle it: the materials reused and from where, the clocks, what you may do next",
					params: NumberParam,
					response: { 200: Full, ...ReadErrors },
				},
			},
			async (req, reply) => {
				reply.header("cache-control", "no-store");
				return getApplication(deps.db, req.params.number, opts(req.actor));
			},
		);

		app.post(
			"/applications/:number/review-team/draw",
			{
				config: { auth: { action: "approval.handle" } },
				schema: {
					tags: ["approvals"],
					summary:
						"Propose a technical review team by a fresh draw from the expert pool: none of the lab's own or related people, nobody banned, one employer per team, the least-loaded first",
					params: NumberParam,
					body: Type.Object(
						{ size: Type.Optional(Type.Integer({ minimum: 2, maximum: 7, default: 2 })) },
						{ additionalProperties: false },
					),
					response: {
						200: Type.Object({
							team: Type.Array(Type.String(), { description: "Empty when no valid team exists" }),
							pool: Type.Integer({ description: "Experts and inspectors in the pool" }),
							eligible: Type.Integer({ description: "Those free of conflicts with this lab" }),
							excluded: Type.Record(Type.String(), Type.Integer(), {
								description: "How many each rule excluded: employer, relation, banned",
							}),
						}),
						...WriteErrors,
					},
				},
			},
			async (req) =>
				proposeReviewTeam(
					deps.db,
					req.params.number,
					(req.body as { size?: number }).size ?? 2,
					opts(req.actor),
				),
		);

		app.get(
			"/applications/:number/progress",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["approvals"],
					summary:
						"An application's public progress: type, path, step, working days used and left, the due day, the steps taken",
					description: "Never names, the team, reasons, findings or materials.",
					params: NumberParam,
					response: { 200: Progress, ...ReadErrors },
				},
			},
			async (req, reply) => {
				reply.header("cache-control", "no-store");
				return applicationProgress(deps.db, req.params.number, {
					clock: deps.clock,
					workdays,
					config: deps.config.approval,
				});
			},
		);

		app.get(
			"/applications",
			{
				config: { auth: { signedIn: true } },
				schema: {
					tags: ["approvals"],
					summary:
						"Regulators: the queue of their districts, the nearest due day first, overdue and near-due flagged; a lab: its own; a reviewer: their teams'",
					querystring: Type.Object({
						step: Type.Optional(Type.Enum(STEPS)),
						type: Type.Optional(Type.Enum(APPLICATION_TYPES)),
						path: Type.Optional(Type.Enum(APPROVAL_PATHS)),
						district: Type.Optional(Type.String({ maxLength: 20 })),
						overdue: Type.Optional(Type.Boolean({ description: "Only those past their due day" })),
						...PagingQuery,
					}),
					response: {
						200: Type.Object({
							items: Type.Array(QueueItem),
							page: Type.Integer(),
							pageSize: Type.Integer(),
							total: Type.Integer({ description: "Matching applications, counted up to 1,000" }),
							totalExact: Type.Boolean({ description: "False when more than 1,000 match" }),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => {
				const p = paging(req.query.page, req.query.pageSize);
				const { page, pageSize, district, ...rest } = req.query;
				const r = await listApplications(
					deps.db,
					{ ...rest, ...(district ? { district: districtParam(district) } : {}) },
					opts(req.actor),
					p.offset,
					p.limit,
				);
				return { ...r, page: p.page, pageSize: p.pageSize };
			},
		);

		for (const action of Object.keys(TRANSITIONS) as Action[]) {
			const t = TRANSITIONS[action];
			app.post(
				`/applications/:number/actions/${action}`,
				{
					config: { auth: { signedIn: true } },
					schema: {
						tags: ["approvals"],
						summary: `${t.en} (${t.zh}) — by the ${t.roles.join(" or ")}`,
						...(ACTION_HELP[action] ? { description: ACTION_HELP[action] } : {}),
						params: NumberParam,
						body: BODIES[action],
						response: { 200: Full, ...WriteErrors },
					},
				},
				async (req) =>
					actOn(
						deps.db,
						req.params.number,
						action,
						(req.body ?? {}) as Record<string, unknown>,
						opts(req.actor),
					),
			);
		}
	};
}
