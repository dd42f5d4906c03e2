/**
 * The write API of the register, one shape for every kind of record, on the same path as `opentic
 * import`: POST /api/v1/{kind} writes one record (matched by its natural key: new ones are created,
 * known ones updated, identical ones left alone) and POST /api/v1/{kind}/batch writes many — a JSON
 * array, or a CSV or JSON Lines file sent as the body — with a result for every row.
 */
import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type TSchema, Type } from "typebox";
import type { Problem } from "../../core/problem.ts";
import type { Action } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { type AppError, ConflictError, ForbiddenError, InputError } from "../errors.ts";
import { ErrorBody } from "../http/schemas.ts";
import type { RowResult } from "./batch.ts";
import { CHECKS, type ImportKind } from "./checks.ts";
import { importRecords, runImport, writeRecord } from "./import.service.ts";
import { type Format, parseEncoding } from "./sources.ts";

/** Rows a JSON batch may carry (files may carry more). */
export const MAX_JSON_ROWS = 10_000;
/** Bytes a batch body may have. */
export const MAX_BATCH_BYTES = 50 * 1024 * 1024;
/** Rejected rows listed in a batch answer (all are counted). */
const MAX_LISTED_ERRORS = 1000;

/** Rules that mean "conflicts with what is on record" rather than "malformed". */
const CONFLICT_RULES = new Set([
	"CERT_DUPLICATE_CONFLICT",
	"REPORT_DUPLICATE_CONFLICT",
	"CERT_STATUS_TRANSITION",
	"REPORT_STATUS_TRANSITION",
	"ORG_KIND_CONFLICT",
	"QUALIFICATION_ORG_CONFLICT",
]);

/** The error a rejected single write answers with. */
export function rowError(kind: ImportKind, problems: Problem[]): AppError {
	const first = problems[0]!;
	if (first.rule === "FORBIDDEN")
		return new ForbiddenError(
			"FORBIDDEN",
			`${first.field}: ${first.messageEn}`,
			`${first.field}：${first.messageZh}`,
			first.field,
			first.rule,
		);
	if (CONFLICT_RULES.has(first.rule))
		return new ConflictError(
			`${kind.toUpperCase()}_CONFLICT`,
			`${first.field}: ${first.messageEn}`,
			`${first.field}：${first.messageZh}`,
			first.field,
			first.rule,
			{
				problems,
			},
		);
	return InputError.fromProblems(`${kind.toUpperCase()}_INVALID`, problems);
}

/**
 * One record, as a body: the import's columns, each a text, number, list or null. The values are left to
 * the import's own checks, which name the field and the rule (as for a JSON Lines row): a schema union here
 * would meet Ajv's array coercion, which unwraps a one-element list before the list branch sees it.
 */
export function recordBody(kind: ImportKind) {
	const value = Type.Unknown({ description: "text, number, list or null, as the import's column" });
	return Type.Object(
		Object.fromEntries(CHECKS[kind].fields.map((f) => [f, Type.Optional(value)])) as Record<string, TSchema>,
		{
			additionalProperties: false,
		},
	);
}

export const WriteResult = Type.Object({
	outcome: Type.Union([Type.Literal("created"), Type.Literal("updated"), Type.Literal("unchanged")]),
});

const BatchResult = Type.Object({
	summary: Type.Object({
		rows: Type.Integer(),
		created: Type.Integer(),
		updated: Type.Integer(),
		unchanged: Type.Integer(),
		rejected: Type.Integer(),
	}),
	fileError: Type.Union([
		Type.Object({
			line: Type.Integer(),
			rule: Type.String(),
			messageZh: Type.String(),
			messageEn: Type.String(),
		}),
		Type.Null(),
	]),
	errors: Type.Array(
		Type.Object({
			line: Type.Integer(),
			field: Type.String(),
			rule: Type.String(),
			messageZh: Type.String(),
			messageEn: Type.String(),
		}),
		{
			description:
				"Rejected rows (the first 1,000); `line` is the file line, or the 1-based position in a JSON array",
		},
	),
	results: Type.Optional(
		Type.Array(Type.Object({ line: Type.Integer(), outcome: Type.String() }), {
			description: "Every row's outcome (JSON arrays)",
		}),
	),
});

/** The answer to a single write: its outcome, or the error of its row. */
export function singleWriteAnswer(
	kind: ImportKind,
	result: RowResult,
): { outcome: "created" | "updated" | "unchanged" } {
	if (result.outcome === "rejected") throw rowError(kind, result.problems ?? []);
	return { outcome: result.outcome };
}

/** Registers POST /{path} and POST /{path}/batch for a kind. */
export function writeRoutes(
	deps: Deps,
	kind: ImportKind,
	path: string,
	action: Action,
	label: string,
): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.post(
			`/${path}`,
			{
				config: { auth: { action } },
				bodyLimit: 1024 * 1024,
				schema: {
					tags: [path.split("/")[0]!],
					summary: `Create or update one ${label}`,
					description: `Fields as in \`opentic import --kind ${kind}\`. A record with a known natural key is updated; an identical one is left alone.`,
					body: recordBody(kind),
					response: {
						200: WriteResult,
						201: WriteResult,
						400: ErrorBody,
						401: ErrorBody,
						403: ErrorBody,
						409: ErrorBody,
					},
				},
			},
			async (req, reply) => {
				const r = singleWriteAnswer(
					kind,
					await writeRecord(deps.db, kind, req.body as Record<string, unknown>, {
						clock: deps.clock,
						actor: req.actor!,
					}),
				);
				return reply.status(r.outcome === "created" ? 201 : 200).send(r);
			},
		);

		app.post(
			`/${path}/batch`,
			{
				config: { auth: { action } },
				bodyLimit: MAX_BATCH_BYTES,
				schema: {
					tags: [path.split("/")[0]!],
					summary: `Write many ${label}s: a JSON array, or a CSV or JSON Lines file as the body`,
					description:
						"Content-Type application/json (an array of records), text/csv (UTF-8 or GB18030; `?encoding=` to say which) or application/x-ndjson. Each row is applied or rejected on its own; rows outside your remit are rejected with rule FORBIDDEN.",
					querystring: Type.Object({ encoding: Type.Optional(Type.String({ maxLength: 20 })) }),
					response: { 200: BatchResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody },
				},
			},
			async (req) => {
				const errors: { line: number; field: string; rule: string; messageZh: string; messageEn: string }[] =
					[];
				const results: { line: number; outcome: string }[] = [];
				const common = {
					kind,
					clock: deps.clock,
					actor: req.actor!,
					source: "api",
					onError: (e: (typeof errors)[number]) => {
						if (errors.length < MAX_LISTED_ERRORS) errors.push(e);
					},
				};
				const type = String(req.headers["content-type"] ?? "")
					.split(";")[0]!
					.trim();
				let summary: Awaited<ReturnType<typeof importRecords>>;
				if (type === "application/json") {
					const body = req.body;
					if (!Array.isArray(body))
						throw new InputError(
							"BATCH_INVALID",
							"body: a JSON array of records",
							"请求体应为记录组成的JSON数组",
							"body",
							"TYPE",
						);
					if (body.length === 0 || body.length > MAX_JSON_ROWS)
						throw new InputError(
							"BATCH_INVALID",
							`body: 1 to ${MAX_JSON_ROWS} records (send larger sets as a file)`,
							`请求体应包含1至${MAX_JSON_ROWS}条记录（更多请以文件提交）`,
							"body",
							"BATCH_SIZE",
						);
					const records = body.map((raw, i) => {
						const line = i + 1;
						if (typeof raw !== "object" || raw === null || Array.isArray(raw))
							return {
								line,
								problems: [
									{
										field: "(row)",
										rule: "JSON_NOT_OBJECT",
										messageZh: "每条记录应为JSON对象",
										messageEn: "each record must be a JSON object",
									},
								],
							};
						const unknown = Object.keys(raw).filter((k) => !CHECKS[kind].fields.includes(k));
						if (unknown.length)
							return {
								line,
								problems: [
									{
										field: unknown[0]!,
										rule: "UNKNOWN_FIELD",
										messageZh: `未知字段：${unknown.join(", ")}`,
										messageEn: `unknown field(s): ${unknown.join(", ")}`,
									},
								],
							};
						return { line, raw: raw as Record<string, unknown> };
					});
					summary = await importRecords(deps.db, records, {
						...common,
						onRow: (r) => results.push({ line: r.line, outcome: r.outcome }),
					});
				} else {
					const format: Format = type === "text/csv" ? "csv" : "jsonl";
					const encoding = req.query.encoding ? parseEncoding(req.query.encoding) : null;
					if (req.query.encoding && !encoding)
						throw new InputError(
							"BATCH_INVALID",
							"encoding: utf-8 or gb18030",
							"encoding：取值应为 utf-8 或 gb18030",
							"encoding",
							"ENUM",
						);
					summary = await runImport(deps.db, Readable.from([req.body as Buffer]), {
						...common,
						format,
						encoding,
					});
				}
				return {
					summary: {
						rows: summary.rows,
						created: summary.created,
						updated: summary.updated,
						unchanged: summary.unchanged,
						rejected: summary.rejected,
					},
					fileError: summary.fileError
						? {
								line: summary.fileError.line,
								rule: summary.fileError.rule,
								messageZh: summary.fileError.messageZh,
								messageEn: summary.fileError.messageEn,
							}
						: null,
					errors: errors.filter((e) => e.field !== "(file)"),
					...(type === "application/json" ? { results } : {}),
				};
			},
		);
	};
}
