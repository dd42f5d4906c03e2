/**
 * The verification API: `GET /verify` answers one signed statement, `POST /verify/bulk` a list of them
 * (JSON or CSV), `GET /verify/key` the keys that check them offline.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@fastify/type-provider-typebox";
import { NOT_FOUND_REASONS, RESULTS, VERIFY_TYPES, type VerifyType } from "../../core/verify/statement.ts";
import type { Db } from "../db/database.ts";
import { InputError } from "../errors.ts";
import { Nullable, ReadErrors } from "../http/schemas.ts";
import { bulkCsv, MAX_BULK_LINES, verifyBulk } from "./bulk.ts";
import { parseVerifyType, type StatementService } from "./verify.service.ts";

const Check = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
const Party = Type.Object({ uscc: Type.Union([Type.String(), Type.Null()]), name: Type.String() });

/** The statement, for the documentation; answers are sent exactly as signed. */
export const Statement = Type.Object(
	{
		format: Type.String(),
		type: Type.String({ enum: [...VERIFY_TYPES] }),
		query: Type.Object({
			number: Type.String(),
			issuer: Nullable(Type.String()),
			scheme: Nullable(Type.String()),
		}),
		result: Type.String({ enum: [...RESULTS] }),
		reason: Nullable(
			Type.String({
				enum: [...NOT_FOUND_REASONS],
				description:
					"Why not found: unknown_number, malformed_number, issuer_not_registered, withheld (registered, but withheld from public view by the regulator; `since` says since when)",
			}),
		),
		since: Nullable(Type.String({ description: "The status date" })),
		asOf: Type.String({ description: "The China date the status was evaluated on" }),
		issuer: Nullable(Party),
		holder: Nullable(Party),
		scope: Nullable(Type.String()),
		record: Nullable(
			Type.Object({}, { additionalProperties: true, description: "The public fields the log entry hashes" }),
		),
		log: Nullable(
			Type.Object({
				origin: Type.String(),
				verifierKey: Type.String(),
				index: Type.Integer(),
				entry: Type.String({ description: "The record's newest log entry (canonical JSON)" }),
			}),
		),
		checkpoint: Nullable(Type.String({ description: "The signed checkpoint the proof is against" })),
		proof: Nullable(
			Type.String({ description: "c2sp.org/tlog-proof of the entry; its extra data is the entry" }),
		),
		checks: Type.Object({ performed: Type.Array(Check), notPerformed: Type.Array(Check) }),
		url: Type.String({ description: "The record's verification page" }),
		madeAt: Type.String(),
		signature: Type.Object({
			key: Type.String({ description: "The statement key (c2sp.org/signed-note verifier key string)" }),
			value: Type.String({
				description: "Ed25519 over the canonical JSON (RFC 8785) of every other member, base64",
			}),
		}),
	},
	{ additionalProperties: true },
);

const TypeParam = Type.Union([Type.Literal("certificate"), Type.Literal("report")], {
	description: "certificate or report",
});

export function verifyRoutes(db: Db, statements: StatementService): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/verify",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["verify"],
					summary: "A signed verification statement for a certificate or a test report",
					description:
						"The result (valid, suspended, withdrawn, cancelled, expired, replaced, revoked, or not_found with its reason), since when, issuer, holder, scope, the record's newest log entry with a proof against the signed checkpoint, the checks made and not made, signed by the platform. Check it offline with `opentic verify-statement FILE`. A number that several issuers use needs issuer= (409 lists them).",
					querystring: Type.Object({
						type: Type.String({ description: "certificate or report" }),
						number: Type.String({ maxLength: 200 }),
						issuer: Type.Optional(Type.String({ maxLength: 40, description: "The CB's or lab's USCC" })),
						scheme: Type.Optional(
							Type.String({ maxLength: 20, description: "The certificate's scheme code, e.g. CCC" }),
						),
					}),
					response: { 200: Statement, 409: ReadErrors[404], ...ReadErrors },
				},
			},
			async (req, reply) => {
				const s = await statements.statement(req.query);
				const json = statements.json(s);
				reply.header("cache-control", "no-cache").header("access-control-allow-origin", "*");
				reply.type("application/json; charset=utf-8").serializer(() => json);
				return s;
			},
		);

		app.get(
			"/verify/key",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["verify"],
					summary: "The keys that check statements offline: the statement key and the log's",
					response: {
						200: Type.Object({
							statementKey: Type.String(),
							logKey: Type.String(),
							logOrigin: Type.String(),
						}),
					},
				},
			},
			async (_req, reply) => {
				reply.header("cache-control", "public, max-age=3600").header("access-control-allow-origin", "*");
				return {
					statementKey: statements.key,
					logKey: app.tlog.identity.verifierKey,
					logOrigin: app.tlog.identity.origin,
				};
			},
		);

		app.post(
			"/verify/bulk",
			{
				// Changes nothing: a signed-in reader's browser may post it without the CSRF token.
				config: { auth: { public: true, csrfExempt: true } },
				bodyLimit: 512 * 1024,
				schema: {
					tags: ["verify"],
					summary: `Statements for up to ${MAX_BULK_LINES} certificate or report numbers, or suppliers' USCCs`,
					description:
						"Body: JSON {type, lines} (lines: the text of a list or CSV), or a CSV file (text/csv) with ?type=. Each line is a number, optionally followed by its issuer's USCC, or a USCC (every certificate that organisation holds, or every report issued to it as client). `format=csv` answers a CSV (UTF-8 with BOM).",
					querystring: Type.Object({
						type: Type.Optional(TypeParam),
						format: Type.Optional(Type.Union([Type.Literal("json"), Type.Literal("csv")])),
					}),
					response: { ...ReadErrors },
				},
			},
			async (req, reply) => {
				let type: VerifyType = req.query.type ?? "certificate";
				let text: string;
				if (Buffer.isBuffer(req.body)) text = decode(req.body);
				else {
					const body = req.body as { type?: unknown; lines?: unknown } | undefined;
					if (typeof body?.lines !== "string")
						throw new InputError(
							"VERIFY_BULK_LINES",
							"lines: a text of numbers or USCCs, one per line",
							"lines：须为文本，每行一个编号或统一社会信用代码",
							"lines",
							"TYPE",
						);
					if (body.type !== undefined) type = parseVerifyType(body.type);
					text = body.lines;
				}
				const result = await verifyBulk(db, statements, type, text);
				if (req.query.format === "csv")
					return reply
						.type("text/csv; charset=utf-8")
						.header("content-disposition", `attachment; filename="opentic-verification-${type}.csv"`)
						.send(bulkCsv(result) as never);
				return reply.type("application/json; charset=utf-8").send(JSON.stringify(result) as never);
			},
		);
	};
}

function decode(body: Buffer): string {
	try {
		return new TextDecoder("utf-8", { fatal: true }).decode(body);
	} catch {
		throw new InputError(
			"BODY_ENCODING",
			"body: not valid UTF-8 (save the CSV as UTF-8)",
			"请求体不是有效的UTF-8编码（请将CSV另存为UTF-8）",
			"body",
			"UTF8",
		);
	}
}
