/**
 * Complaints and reports (投诉举报): the public files one and follows it by its tracking number; the
 * regulators who handle complaint.handle work the queue of their districts.
 */
import {
	type FastifyPluginAsyncTypebox,
	type Static,
	type TObject,
	Type,
} from "@fastify/type-provider-typebox";
import { chinaDate } from "../../core/dates.ts";
import { Workdays } from "../../core/workdays.ts";
import type { Deps } from "../deps.ts";
import { districtParam, paging } from "../http/params.ts";
import { ErrorBody, Nullable, PagingQuery, ReadErrors, WriteErrors } from "../http/schemas.ts";
import {
	ACCEPT_WITHIN_WORKDAYS,
	acceptComplaint,
	assignComplaint,
	CLOSE_WITHIN_WORKDAYS,
	COMPLAINT_KINDS,
	COMPLAINT_LIMITS,
	COMPLAINT_STATUSES,
	closeComplaint,
	complaintAttachment,
	complaintProgress,
	fileComplaint,
	listComplaints,
	managedComplaint,
	OUTCOMES,
	publicActor,
	type queueItem,
	rejectComplaint,
	startInvestigation,
} from "./complaints.service.ts";
import {
	FILING_BODY_LIMIT,
	FILING_RATE_LIMIT,
	filingLimiter,
	installMultipart,
	retryAfter,
} from "./filing.ts";

const Tracking = Type.Object({
	tracking: Type.String({
		minLength: 1,
		maxLength: 40,
		description: "The tracking number, e.g. TS20260601K7M2Q9XD",
	}),
});

const L = COMPLAINT_LIMITS;

/** Lenient on purpose: the service names each problem in Chinese and English (Ajv would not). */
const Filing = Type.Object(
	{
		kind: Type.Optional(Type.String({ maxLength: 20, description: "complaint (投诉) or report (举报)" })),
		description: Type.Optional(
			Type.String({
				maxLength: 20_000,
				description: `What happened: ${L.descriptionMin}–${L.descriptionMax} characters`,
			}),
		),
		subjectUscc: Type.Optional(
			Type.String({
				maxLength: 40,
				description: "The organisation's USCC (checked, check character included)",
			}),
		),
		subjectName: Type.Optional(
			Type.String({ maxLength: 400, description: "The organisation's name, when the USCC is not known" }),
		),
		recordNumber: Type.Optional(
			Type.String({ maxLength: 200, description: "A certificate or report number" }),
		),
		district: Type.Optional(
			Type.String({ maxLength: 20, description: "Where it happened: a district code or name" }),
		),
		anonymous: Type.Optional(
			Type.Boolean({
				description: "Reports (举报) only: file without a name; contact fields are then not kept",
			}),
		),
		name: Type.Optional(Type.String({ maxLength: 200 })),
		phone: Type.Optional(Type.String({ maxLength: 40 })),
		email: Type.Optional(Type.String({ maxLength: 200 })),
		attachments: Type.Optional(
			Type.Array(
				Type.Object(
					{
						filename: Type.Optional(Type.String({ maxLength: 400 })),
						contentType: Type.Optional(Type.String({ maxLength: 100 })),
						data: Type.String({ description: "The file's bytes in base64" }),
					},
					{ additionalProperties: false },
				),
				{
					maxItems: 20,
					description: `Up to ${L.attachments} PNG, JPEG or PDF files of at most ${L.attachmentBytes / 1024 / 1024} MB each (checked by their bytes)`,
				},
			),
		),
	},
	{ additionalProperties: false },
);

const Subject = Nullable(Type.Object({ uscc: Type.String(), name: Type.String() }));
const RecordRef = Nullable(Type.Object({ type: Nullable(Type.String()), number: Type.String() }));

const Progress = Type.Object({
	tracking: Type.String(),
	kind: Type.Enum(COMPLAINT_KINDS),
	status: Type.Enum(COMPLAINT_STATUSES),
	receivedOn: Type.String({ format: "date" }),
	acceptBy: Type.String({
		format: "date",
		description: `${ACCEPT_WITHIN_WORKDAYS} working days after receipt`,
	}),
	acceptedOn: Nullable(Type.String({ format: "date" })),
	closeBy: Nullable(
		Type.String({ format: "date", description: `${CLOSE_WITHIN_WORKDAYS} working days after acceptance` }),
	),
	closedOn: Nullable(Type.String({ format: "date" })),
	overdue: Type.Boolean(),
	subject: Subject,
	record: RecordRef,
	outcome: Nullable(Type.Enum(OUTCOMES)),
	publicText: Nullable(Type.String()),
	steps: Type.Array(
		Type.Object({
			status: Type.Enum(COMPLAINT_STATUSES),
			on: Type.String({ format: "date" }),
			note: Nullable(Type.String()),
		}),
	),
});

const QueueItem = Type.Object({
	tracking: Type.String(),
	kind: Type.String(),
	status: Type.String(),
	district: Nullable(Type.String()),
	subject: Subject,
	subjectGiven: Nullable(Type.String({ description: "The organisation as the complainant named it" })),
	record: RecordRef,
	assignee: Nullable(Type.String()),
	receivedOn: Type.String(),
	acceptBy: Type.String(),
	acceptedOn: Nullable(Type.String()),
	closeBy: Nullable(Type.String()),
	closedOn: Nullable(Type.String()),
	outcome: Nullable(Type.String()),
	overdue: Type.Boolean(),
});

const Note = Type.Optional(
	Type.String({ maxLength: 4000, description: "A note the complainant reads (public)" }),
);

export function complaintRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	const workdays = new Workdays(deps.config.workdayCalendar);
	return async (app) => {
		installMultipart(app);
		const limited = filingLimiter(app, deps);
		const today = () => chinaDate(deps.clock.now());
		const opts = (req: { actor: unknown }) => ({
			clock: deps.clock,
			actor: req.actor as NonNullable<Parameters<typeof managedComplaint>[2]["actor"]>,
			workdays,
		});

		app.post(
			"/complaints",
			{
				bodyLimit: FILING_BODY_LIMIT,
				config: { auth: { public: true } },
				// Counted before the body is read: a client past the limit does not get to upload.
				onRequest: async (req, reply) => {
					const err = await limited(req);
					if (!err) return;
					reply.header("retry-after", retryAfter(err));
					throw err;
				},
				schema: {
					tags: ["complaints"],
					summary:
						"File a complaint (投诉) or report (举报), without signing in; answers the tracking number",
					description: `JSON, with files as base64 in \`attachments\`; or multipart/form-data with the same field names and the files in \`attachments\` (anonymous=true for an anonymous report). At most ${FILING_RATE_LIMIT.max} filings per address every ${FILING_RATE_LIMIT.windowMinutes} minutes. Each problem is named (\`field\`, \`rule\`, \`messageZh\`), all of them in \`details.problems\`; nothing is stored when there is one.`,
					body: Filing,
					response: {
						201: Type.Object({
							tracking: Type.String({
								description: "The only key to the complaint: keep it to follow its progress",
							}),
							status: Type.Enum(COMPLAINT_STATUSES),
							acceptBy: Type.String({ format: "date" }),
						}),
						400: ErrorBody,
						403: ErrorBody,
						413: ErrorBody,
						429: ErrorBody,
					},
				},
			},
			async (req, reply) => {
				const r = await fileComplaint(deps.db, req.body, {
					clock: deps.clock,
					actor: req.actor ?? publicActor(req.ip ?? null, String(req.id)),
					workdays,
				});
				reply.code(201);
				return r;
			},
		);

		app.get(
			"/complaints/:tracking",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["complaints"],
					summary:
						"A complaint's progress by its tracking number: status, deadlines, each step's public note, the outcome",
					description: "Never the complainant's name or contact, what they wrote, or who handles it.",
					params: Tracking,
					response: { 200: Progress, ...ReadErrors },
				},
			},
			async (req, reply) => {
				reply.header("cache-control", "no-store");
				return complaintProgress(deps.db, req.params.tracking, today());
			},
		);

		app.get(
			"/complaints",
			{
				config: { auth: { action: "complaint.handle" } },
				schema: {
					tags: ["complaints"],
					summary: "The complaints queue (regulators; officers see their districts'), oldest first",
					querystring: Type.Object({
						status: Type.Optional(Type.Enum(COMPLAINT_STATUSES)),
						district: Type.Optional(Type.String({ maxLength: 20 })),
						overdue: Type.Optional(Type.Boolean({ description: "Only those past their deadline" })),
						...PagingQuery,
					}),
					response: {
						200: Type.Object({
							items: Type.Array(QueueItem),
							page: Type.Integer(),
							pageSize: Type.Integer(),
							total: Type.Integer(),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => {
				const p = paging(req.query.page, req.query.pageSize);
				const r = await listComplaints(
					deps.db,
					req.actor!,
					{
						...(req.query.status ? { status: req.query.status } : {}),
						...(req.query.district ? { district: districtParam(req.query.district) } : {}),
						...(req.query.overdue ? { overdue: true } : {}),
					},
					today(),
					p.offset,
					p.limit,
				);
				return { ...r, page: p.page, pageSize: p.pageSize };
			},
		);

		app.get(
			"/complaints/:tracking/manage",
			{
				config: { auth: { action: "complaint.handle" } },
				schema: {
					tags: ["complaints"],
					summary:
						"A complaint in full for the regulators who handle it, the complainant's contact included (each read is audited)",
					params: Tracking,
					response: { 200: Type.Unknown(), ...ReadErrors },
				},
			},
			async (req, reply) => {
				reply.header("cache-control", "no-store");
				return managedComplaint(deps.db, req.params.tracking, opts(req));
			},
		);

		app.get(
			"/complaints/:tracking/attachments/:id",
			{
				config: { auth: { action: "complaint.handle" } },
				schema: {
					tags: ["complaints"],
					summary: "A file filed with a complaint (regulators; each read is audited)",
					params: Type.Object({
						tracking: Type.String({ minLength: 1, maxLength: 40 }),
						id: Type.Integer({ minimum: 1 }),
					}),
					response: { 200: Type.Unknown({ description: "The file: PNG, JPEG or PDF" }), ...ReadErrors },
				},
			},
			async (req, reply) => {
				const f = await complaintAttachment(deps.db, req.params.tracking, req.params.id, opts(req));
				return reply
					.type(f.contentType)
					.header("cache-control", "no-store")
					.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
					.header("x-content-sha256", f.sha256)
					.send(f.data);
			},
		);

		const stepRoute = <S extends TObject>(
			path: string,
			summary: string,
			body: S,
			run: (
				tracking: string,
				body: Static<S>,
				o: ReturnType<typeof opts>,
			) => Promise<ReturnType<typeof queueItem>>,
		) =>
			app.post(
				`/complaints/:tracking/${path}`,
				{
					config: { auth: { action: "complaint.handle" } },
					schema: {
						tags: ["complaints"],
						summary,
						params: Tracking,
						body,
						response: { 200: QueueItem, ...WriteErrors },
					},
				},
				async (req) => run(req.params.tracking, (req.body ?? {}) as Static<S>, opts(req)),
			);

		stepRoute(
			"accept",
			`Accept (受理) a received complaint; it must be closed within ${CLOSE_WITHIN_WORKDAYS} working days. Triage may set the district and the organisation`,
			Type.Object(
				{
					district: Type.Optional(Type.String({ maxLength: 20 })),
					subjectUscc: Type.Optional(Type.String({ maxLength: 40 })),
					note: Note,
				},
				{ additionalProperties: false },
			),
			(t, b, o) => acceptComplaint(deps.db, t, b, o),
		);
		stepRoute(
			"reject",
			"Reject (不予受理) a received complaint, with the reason the complainant reads",
			Type.Object(
				{ reason: Type.Optional(Type.String({ maxLength: 4000 })) },
				{ additionalProperties: false },
			),
			(t, b, o) => rejectComplaint(deps.db, t, b, o),
		);
		stepRoute(
			"assign",
			"Assign an accepted complaint to an officer of its district (never shown to the public)",
			Type.Object(
				{ username: Type.Optional(Type.String({ maxLength: 40 })), note: Note },
				{ additionalProperties: false },
			),
			(t, b, o) => assignComplaint(deps.db, t, b, o),
		);
		stepRoute(
			"investigate",
			"Record that the investigation (调查核实) of an assigned complaint has begun",
			Type.Object({ note: Note }, { additionalProperties: false }),
			(t, b, o) => startInvestigation(deps.db, t, b, o),
		);
		stepRoute(
			"close",
			"Close (办结) with the outcome and the text the complainant reads; upheld about an organisation, it is logged and enters its integrity file",
			Type.Object(
				{
					outcome: Type.Optional(Type.String({ maxLength: 20, description: OUTCOMES.join(", ") })),
					publicText: Type.Optional(
						Type.String({ maxLength: 4000, description: "Public: no personal data" }),
					),
				},
				{ additionalProperties: false },
			),
			(t, b, o) => closeComplaint(deps.db, t, b, o),
		);
	};
}
