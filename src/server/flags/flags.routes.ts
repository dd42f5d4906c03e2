/**
 * Flags for regulators: the findings of the scope cross-checks (and later the fraud signals), listed
 * with their evidence, counted per body, and dismissed or escalated with a reason. Administrators see
 * every flag; officers those about bodies in their districts. Every decision is in the audit trail.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { FLAG_STATUSES } from "../../core/checks/flag-kinds.ts";
import { chinaDate, isoInstant } from "../../core/dates.ts";
import { alertForConfirmedFlag } from "../alerts/alerts.service.ts";
import { audit } from "../audit/audit.service.ts";
import { type Actor, mayActOn } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { ConflictError, InputError, NotFoundError } from "../errors.ts";
import { paging, usccParam } from "../http/params.ts";
import { ErrorBody, Nullable, PagingQuery } from "../http/schemas.ts";
import * as orgRepo from "../organizations/organizations.repository.ts";
import {
	decideFlag,
	type FlagFilter,
	type FlagWithOrg,
	findFlag,
	flagCounts,
	listFlags,
} from "./flags.repository.ts";

const Flag = Type.Object({
	id: Type.Integer(),
	kind: Type.String(),
	subjectType: Type.String(),
	subjectKey: Type.String({ description: "The certificate or report number, or the USCC" }),
	organization: Type.Object({ uscc: Type.String(), name: Type.String(), district: Nullable(Type.String()) }),
	message: Type.String(),
	messageZh: Type.String(),
	evidence: Type.Unknown(),
	status: Type.String({ enum: [...FLAG_STATUSES] }),
	foundAt: Type.String(),
	checkedAt: Type.String(),
	decidedAt: Nullable(Type.String()),
	decidedBy: Nullable(Type.String()),
	decisionReason: Nullable(Type.String()),
});

function present(f: FlagWithOrg) {
	return {
		id: Number(f.id),
		kind: f.kind,
		subjectType: f.subject_type,
		subjectKey: f.subject_key,
		organization: { uscc: f.org_uscc, name: f.org_name, district: f.org_district },
		message: f.message_en,
		messageZh: f.message_zh,
		evidence: JSON.parse(f.evidence_json) as unknown,
		status: f.status,
		foundAt: f.found_at,
		checkedAt: f.checked_at,
		decidedAt: f.decided_at,
		decidedBy: f.decided_by,
		decisionReason: f.decision_reason,
	};
}

/** What an actor may see: officers, bodies in their districts. */
function scopeOf(actor: Actor): Pick<FlagFilter, "districts"> {
	return actor.role === "regulator_officer" ? { districts: actor.districts } : {};
}

const Filters = {
	status: Type.Optional(Type.String({ enum: [...FLAG_STATUSES] })),
	kind: Type.Optional(Type.String({ maxLength: 40, pattern: "^[A-Z_]+$" })),
	org: Type.Optional(Type.String({ maxLength: 40, description: "The body's USCC" })),
};

export function flagRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		const filterOf = async (actor: Actor, q: { status?: string; kind?: string; org?: string }) => {
			const filter: FlagFilter = { ...scopeOf(actor) };
			if (q.status) filter.status = q.status;
			if (q.kind) filter.kind = q.kind;
			if (q.org) {
				const org = await orgRepo.findByUscc(deps.db, usccParam(q.org, "org"));
				filter.orgId = org ? org.id : -1;
			}
			return filter;
		};

		app.get(
			"/flags",
			{
				config: { auth: { action: "flag.review" } },
				schema: {
					tags: ["flags"],
					summary: "Findings of the cross-checks for regulators, newest first",
					querystring: Type.Object({ ...Filters, ...PagingQuery }),
					response: {
						200: Type.Object({
							items: Type.Array(Flag),
							total: Type.Integer(),
							page: Type.Integer(),
							pageSize: Type.Integer(),
						}),
						400: ErrorBody,
						401: ErrorBody,
						403: ErrorBody,
					},
				},
			},
			async (req) => {
				const { offset, limit, page, pageSize } = paging(req.query.page, req.query.pageSize);
				const { items, total } = await listFlags(
					deps.db,
					await filterOf(req.actor!, req.query),
					offset,
					limit,
				);
				return { items: items.map(present), total, page, pageSize };
			},
		);

		app.get(
			"/flags/summary",
			{
				config: { auth: { action: "flag.review" } },
				schema: {
					tags: ["flags"],
					summary: "Flags per body and kind, most first",
					querystring: Type.Object(Filters),
					response: {
						200: Type.Object({
							items: Type.Array(
								Type.Object({
									uscc: Type.String(),
									name: Type.String(),
									kind: Type.String(),
									count: Type.Integer(),
								}),
							),
						}),
						400: ErrorBody,
						401: ErrorBody,
						403: ErrorBody,
					},
				},
			},
			async (req) => ({ items: await flagCounts(deps.db, await filterOf(req.actor!, req.query), 200) }),
		);

		app.post(
			"/flags/:id/decision",
			{
				config: { auth: { action: "flag.review" } },
				schema: {
					tags: ["flags"],
					summary: "Dismiss or escalate a flag, with a reason (audited)",
					params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
					body: Type.Object({
						decision: Type.String({ enum: ["dismissed", "escalated"] }),
						reason: Type.String({ maxLength: 500 }),
					}),
					response: {
						200: Flag,
						400: ErrorBody,
						401: ErrorBody,
						403: ErrorBody,
						404: ErrorBody,
						409: ErrorBody,
					},
				},
			},
			async (req) => {
				const actor = req.actor!;
				const reason = req.body.reason.normalize("NFC").trim();
				if (!reason)
					throw new InputError(
						"FLAG_REASON_REQUIRED",
						"reason: say why the flag is dismissed or escalated",
						"reason：请说明驳回或上报的理由",
						"reason",
						"REQUIRED",
					);
				const flag = await findFlag(deps.db, req.params.id);
				// A flag about a body outside an officer's districts is not theirs to see.
				if (
					!flag ||
					!mayActOn(actor, "flag.review", { orgId: Number(flag.org_id), district: flag.org_district })
				)
					throw new NotFoundError("FLAG_NOT_FOUND", "no such flag", "没有该线索");
				if (flag.status === "cleared")
					throw new ConflictError(
						"FLAG_CLEARED",
						"the checks no longer make this finding; there is nothing to decide",
						"核查已不再发现该问题，无需处理",
						"decision",
					);
				const at = isoInstant(deps.clock.now());
				await deps.db.transaction().execute(async (trx) => {
					await decideFlag(trx, flag.id, {
						status: req.body.decision,
						decided_at: at,
						decided_by: actor.label,
						decision_reason: reason,
					});
					await audit(trx, actor, at, [
						{
							action: `flag.${req.body.decision}`,
							outcome: "ok",
							target: { type: "flag", key: `${flag.id}:${flag.kind}:${flag.subject_key}` },
							subjectOrgId: Number(flag.org_id),
							detail: { from: flag.status, reason },
						},
					]);
					// A fraud signal confirmed (escalated) raises a risk alert, in the same transaction.
					if (req.body.decision === "escalated" && flag.status !== "escalated")
						await alertForConfirmedFlag(
							trx,
							{ ...flag, id: Number(flag.id), subject_id: Number(flag.subject_id) },
							reason,
							{ now: at, today: chinaDate(deps.clock.now()), source: "api", actor },
						);
				});
				return present((await findFlag(deps.db, flag.id))!);
			},
		);
	};
}
