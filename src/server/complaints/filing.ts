/**
 * How a filing arrives over HTTP, for the API and the portal's form alike: a JSON body with files as
 * base64, or a multipart/form-data body (a plain HTML form with file inputs), read with the parser Node
 * already has (the Fetch API's `Request.formData()`), so no dependency is added. And one stricter rate
 * limit per client address for every filing, through either door.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../deps.ts";
import { InputError, RateLimitedError } from "../errors.ts";
import { COMPLAINT_LIMITS } from "./complaints.service.ts";

/** Filings per client address in each window. */
export const FILING_RATE_LIMIT = { max: 10, windowMinutes: 10 } as const;

/**
 * Bytes a filing may have: three files of the largest size as base64 (4/3 of their bytes), and the text.
 */
export const FILING_BODY_LIMIT =
	Math.ceil((COMPLAINT_LIMITS.attachments * COMPLAINT_LIMITS.attachmentBytes * 4) / 3) + 256 * 1024;

/** The field of a multipart form that carries files. */
export const ATTACHMENTS_FIELD = "attachments";

/**
 * Reads a multipart/form-data body: text fields by name (the last of a repeated name wins), the files
 * of `attachments` as `{filename, contentType, data}` with the bytes in base64, as the JSON body has them.
 * File inputs left empty are skipped.
 */
export async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, unknown>> {
	let form: FormData;
	try {
		form = await new Request("http://opentic.invalid/", {
			method: "POST",
			headers: { "content-type": contentType },
			// Buffer's type names ArrayBufferLike; the bytes are an ArrayBuffer's.
			body: body as Uint8Array<ArrayBuffer>,
		}).formData();
	} catch {
		throw new InputError(
			"BODY_INVALID_MULTIPART",
			"body: not a valid multipart/form-data body",
			"body：请求体不是有效的multipart/form-data格式",
			"body",
			"MULTIPART",
		);
	}
	const fields: Record<string, unknown> = {};
	const files: { filename: string; contentType: string; data: string }[] = [];
	const entries: [string, FormDataEntryValue][] = [];
	form.forEach((value, name) => {
		entries.push([name, value]);
	});
	for (const [name, value] of entries) {
		if (typeof value === "string") {
			if (name !== ATTACHMENTS_FIELD) fields[name] = value;
			continue;
		}
		if (value.size === 0 && !value.name) continue;
		files.push({
			filename: value.name,
			contentType: value.type,
			data: Buffer.from(await value.arrayBuffer()).toString("base64"),
		});
	}
	if (files.length) fields[ATTACHMENTS_FIELD] = files;
	return fields;
}

/** Adds the multipart parser, with the filing's body limit, to the (encapsulated) instance given. */
export function installMultipart(app: FastifyInstance): void {
	app.addContentTypeParser(
		"multipart/form-data",
		{ parseAs: "buffer", bodyLimit: FILING_BODY_LIMIT },
		(req, body, done) => {
			parseMultipart(String(req.headers["content-type"]), body as Buffer).then(
				(v) => done(null, v),
				(e: Error) => done(e),
			);
		},
	);
}

type Limiter = ReturnType<FastifyInstance["createRateLimit"]>;
const limiters = new WeakMap<Deps, Limiter>();

/** The seconds a refused client should wait, as the error carries them (for `retry-after`). */
export function retryAfter(err: RateLimitedError): string {
	return String((err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60);
}

/**
 * Counts a filing from the request's address: null while under the limit, else the error to answer
 * (429). One counter per application, shared by the API and the portal's form.
 */
export function filingLimiter(
	app: FastifyInstance,
	deps: Deps,
): (req: FastifyRequest) => Promise<RateLimitedError | null> {
	let limit = limiters.get(deps);
	if (!limit) {
		limit = app.createRateLimit({
			max: FILING_RATE_LIMIT.max,
			timeWindow: FILING_RATE_LIMIT.windowMinutes * 60_000,
		});
		limiters.set(deps, limit);
	}
	const counter = limit;
	return async (req) => {
		const r = await counter(req);
		if (r.isAllowed || !r.isExceeded) return null;
		const minutes = Math.max(1, Math.ceil(r.ttlInSeconds / 60));
		const { max, windowMinutes } = FILING_RATE_LIMIT;
		return new RateLimitedError(
			"COMPLAINT_RATE_LIMITED",
			`too many filings from your address: at most ${max} in ${windowMinutes} minutes; try again in ${minutes} minutes`,
			`提交过于频繁：同一网络地址每${windowMinutes}分钟最多提交${max}次，请约${minutes}分钟后再试`,
			undefined,
			undefined,
			{ retryAfterSeconds: r.ttlInSeconds },
		);
	};
}
