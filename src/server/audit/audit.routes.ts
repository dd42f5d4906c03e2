/**
 * Searching the audit trail. Administrators see everything; officers what concerns organisations in their
 * districts; a body's operators what concerns their own organisation. Nobody can change it.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Deps } from "../deps.ts";
import { paging } from "../http/params.ts";
import { ErrorBody, Nullable, PagingQuery } from "../http/schemas.ts";
import { type AuditFilter, searchAudit } from "./audit.repository.ts";

const Entry = Type.Object({
	id: Type.Integer(),
	at: Type.String({ format: "date-time" }),
	actorType: Type.String(),
	actor: Nullable(Type.String()),
	via: Nullable(Type.String()),
	action: Type.String(),
	outcome: Type.String(),
	targetType: Nullable(Type.String()),
	targetKey: Nullable(Type.String()),
	beforeSha256: Nullable(Type.String()),
	afterSha256: Nullable(Type.String()),
	ip: Nullable(Type.String()),
	requestId: Nullable(Type.String()),
	detail: Nullable(Type.Unknown()),
});

export function auditRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/audit",
			{
				config: { auth: { action: "audit.read" } },
				schema: {
					tags: ["audit"],
					summary: "Search the audit trail (newest first)",
					querystring: Type.Object({
						action: Type.Optional(Type.String({ maxLength: 60 })),
						outcome: Type.Optional(Type.Enum(["ok", "denied", "rejected", "error"])),
						actor: Type.Optional(Type.String({ maxLength: 100 })),
						targetType: Type.Optional(Type.String({ maxLength: 40 })),
						target: Type.Optional(Type.String({ maxLength: 200 })),
						from: Type.Optional(Type.String({ format: "date-time" })),
						to: Type.Optional(Type.String({ format: "date-time" })),
						...PagingQuery,
					}),
					response: {
						200: Type.Object({ items: Type.Array(Entry), page: Type.Integer(), pageSize: Type.Integer() }),
						400: ErrorBody,
						401: ErrorBody,
						404: ErrorBody,
					},
				},
			},
			async (req) => {
				const actor = req.actor!;
				const q = req.query;
				const filter: AuditFilter = {
					...(q.action ? { action: q.action } : {}),
					...(q.outcome ? { outcome: q.outcome } : {}),
					...(q.actor ? { actorLabel: q.actor } : {}),
					...(q.targetType ? { targetType: q.targetType } : {}),
					...(q.target ? { targetKey: q.target } : {}),
					...(q.from ? { from: q.from } : {}),
					...(q.to ? { to: q.to } : {}),
				};
				if (actor.role === "regulator_officer") {
					filter.districts = [...actor.districts];
					if (actor.id) filter.ownActorId = actor.id;
				} else if (actor.role !== "regulator_admin" && actor.type === "account")
					filter.orgIds = actor.orgId ? [actor.orgId] : [];
				const { offset, limit, page, pageSize } = paging(q.page, q.pageSize);
				const rows = await searchAudit(deps.db, filter, offset, limit);
				return {
					items: rows.map((r) => ({
						id: Number(r.id),
						at: r.at,
						actorType: r.actor_type,
						actor: r.actor_label,
						via: r.via,
						action: r.action,
						outcome: r.outcome,
						targetType: r.target_type,
						targetKey: r.target_key,
						beforeSha256: r.before_sha256,
						afterSha256: r.after_sha256,
						ip: r.ip,
						requestId: r.request_id,
						detail: r.detail ? JSON.parse(r.detail) : null,
					})),
					page,
					pageSize,
				};
			},
		);
	};
}
