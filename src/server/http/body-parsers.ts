/**
 * Request bodies. JSON must be valid UTF-8 and may not repeat a member name (see core/strict-json.ts);
 * CSV and JSON Lines bodies (the batch write routes) arrive as bytes and are decoded like files.
 */
import type { FastifyInstance } from "fastify";
import { parseStrictJson, type StrictJsonError } from "../../core/strict-json.ts";
import { InputError } from "../errors.ts";

/** Bytes a body may have unless a route allows more. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function installBodyParsers(app: FastifyInstance): void {
	app.removeContentTypeParser("application/json");
	app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => {
		let text: string;
		try {
			text = new TextDecoder("utf-8", { fatal: true }).decode(body as Buffer);
		} catch {
			return done(
				new InputError("BODY_ENCODING", "body: not valid UTF-8", "请求体不是有效的UTF-8编码", "body", "UTF8"),
			);
		}
		if (text.trim() === "") return done(null, undefined);
		try {
			done(null, parseStrictJson(text));
		} catch (e) {
			const err = e as StrictJsonError;
			done(
				err.rule === "JSON_DUPLICATE_KEY"
					? new InputError(
							"BODY_DUPLICATE_KEY",
							`body.${err.path}: ${err.message}`,
							`请求体中字段“${err.path}”重复`,
							err.path,
							err.rule,
						)
					: new InputError(
							"BODY_INVALID_JSON",
							`body: ${err.message}`,
							`请求体不是有效的JSON：${err.message}`,
							"body",
							err.rule,
						),
			);
		}
	});
	// Portal forms (bulk verification) post URL-encoded fields; the last value of a repeated name wins.
	app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "buffer" }, (_req, body, done) => {
		try {
			const text = new TextDecoder("utf-8", { fatal: true }).decode(body as Buffer);
			done(null, Object.fromEntries(new URLSearchParams(text)));
		} catch {
			done(
				new InputError("BODY_ENCODING", "body: not valid UTF-8", "请求体不是有效的UTF-8编码", "body", "UTF8"),
			);
		}
	});
	app.addContentTypeParser(
		["text/csv", "application/x-ndjson", "application/jsonl"],
		{ parseAs: "buffer" },
		(_req, body, done) => done(null, body),
	);
}
