/**
 * One place maps errors to HTTP: AppError subclasses carry their status and stable code; request
 * validation failures become REQUEST_INVALID naming the field; unknown routes ROUTE_NOT_FOUND; anything
 * else is logged in full and answered as a generic INTERNAL error that reveals nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { ApprovalError } from "../../core/approval/errors.ts";
import { AppError, fromApprovalError } from "../errors.ts";

interface Body {
	code: string;
	message: string;
	messageZh: string;
	field?: string;
	rule?: string;
	details?: unknown;
}

function send(reply: FastifyReply, request: FastifyRequest, status: number, body: Body) {
	return reply.status(status).send({ error: { ...body, requestId: String(request.id) } });
}

/** The field named by an Ajv error: `/pageSize` → pageSize; a missing property → its name. */
function validationField(err: FastifyError): string | undefined {
	const v = err.validation?.[0];
	if (!v) return undefined;
	const params = v.params as { missingProperty?: string; additionalProperty?: string } | undefined;
	if (params?.missingProperty) return params.missingProperty;
	if (params?.additionalProperty) return params.additionalProperty;
	const path = v.instancePath.replace(/^\//, "").replace(/\//g, ".");
	// The whole body (or query) is at fault: name it.
	return path || (err.validationContext === "body" ? "body" : err.validationContext) || undefined;
}

/** Renders an HTML page for a person's browser (the portal), for a missing page or a failure. */
export type HtmlFallback = (request: FastifyRequest, reply: FastifyReply, status: 404 | 500) => FastifyReply;

/** True for a browser asking for a page (not the API, not a script). */
function wantsPage(request: FastifyRequest): boolean {
	return (
		request.method === "GET" &&
		!request.url.startsWith("/api/") &&
		String(request.headers.accept ?? "").includes("text/html")
	);
}

/** Installs the error and not-found handlers; browsers asking for a page get `htmlFallback`'s page. */
export function installErrorHandling(app: FastifyInstance, log: Logger, htmlFallback?: HtmlFallback): void {
	app.setErrorHandler((thrown: FastifyError, request, reply) => {
		// The approval core's refusals carry their own codes; they are answered like the server's errors.
		const err =
			thrown instanceof ApprovalError ? (fromApprovalError(thrown) as unknown as FastifyError) : thrown;
		if (err instanceof AppError) {
			return send(reply, request, err.status, {
				code: err.code,
				message: err.messageEn,
				messageZh: err.messageZh,
				...(err.field ? { field: err.field } : {}),
				...(err.rule ? { rule: err.rule } : {}),
				...(err.details !== undefined ? { details: err.details } : {}),
			});
		}
		if (err.validation) {
			const field = validationField(err);
			const where = err.validationContext ?? "request";
			return send(reply, request, 400, {
				code: "REQUEST_INVALID",
				message: `${where}${field ? ` ${field}` : ""}: ${err.validation[0]?.message ?? "invalid"}`,
				messageZh: `请求参数不符合要求${field ? `：${field}` : ""}（${err.validation[0]?.message ?? "invalid"}）`,
				...(field ? { field } : {}),
				rule: err.validation[0]?.keyword?.toUpperCase(),
			});
		}
		if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
			// Fastify's own client errors (bad JSON, body too large, unsupported media type).
			return send(reply, request, err.statusCode, {
				code: err.code ?? "BAD_REQUEST",
				message: err.message,
				messageZh: "请求无法处理",
			});
		}
		log.error(
			{ err, reqId: request.id, method: request.method, route: request.routeOptions.url ?? "(none)" },
			"unhandled error",
		);
		if (htmlFallback && wantsPage(request)) return htmlFallback(request, reply, 500);
		return send(reply, request, 500, {
			code: "INTERNAL",
			message: "internal error; quote the request id when reporting it",
			messageZh: "服务器内部错误；报告问题时请提供请求编号",
		});
	});
	app.setNotFoundHandler((request, reply) =>
		htmlFallback && wantsPage(request)
			? htmlFallback(request, reply, 404)
			: send(reply, request, 404, {
					code: "ROUTE_NOT_FOUND",
					message: `no route ${request.method} ${request.url.split("?")[0]}`,
					messageZh: "没有这个地址",
				}),
	);
}
