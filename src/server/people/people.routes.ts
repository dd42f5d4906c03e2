/**
 * People, for those who manage them: a body lists its own staff, an officer the staff of bodies in their
 * districts. Reading a person's identity number and phone is for administrators only, and is audited.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { isoInstant } from "../../core/dates.ts";
import { parsePersonRef } from "../../core/records/person-ref.ts";
import { audit } from "../audit/audit.service.ts";
import { mayActOn } from "../auth/policy.ts";
import type { Deps } from "../deps.ts";
import { NotFoundError } from "../errors.ts";
import { paging, usccParam } from "../http/params.ts";
import { ErrorBody, Nullable, PagingQuery } from "../http/schemas.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import * as repo from "./people.repository.ts";
import { presentPerson } from "./people.service.ts";

const Person = Type.Object({
	ref: Type.String(),
	name: Type.String(),
	employer: Nullable(Type.Object({ uscc: Type.String(), name: Type.String() })),
	roles: Type.Array(Type.String()),
	qualifications: Type.Array(Type.Object({ type: Type.String(), number: Type.String() })),
	districts: Type.Array(Type.String()),
	status: Type.String(),
});

function notFound(): NotFoundError {
	return new NotFoundError("PERSON_NOT_FOUND", "no such person", "没有该人员");
}

export function peopleRoutes(deps: Deps): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/people",
			{
				config: { auth: { action: "person.write" } },
				schema: {
					tags: ["people"],
					summary: "The staff of an organisation you manage (no personal data)",
					querystring: Type.Object({
						employer: Type.String({ maxLength: 18, description: "The employer's USCC" }),
						...PagingQuery,
					}),
					response: {
						200: Type.Object({ items: Type.Array(Person), page: Type.Integer(), pageSize: Type.Integer() }),
						400: ErrorBody,
						401: ErrorBody,
						404: ErrorBody,
					},
				},
			},
			async (req) => {
				const employer = await orgs.findByUscc(deps.db, usccParam(req.query.employer, "employer"));
				if (
					!employer ||
					!mayActOn(req.actor!, "person.write", { orgId: employer.id, district: employer.district })
				)
					throw new NotFoundError(
						"ORG_NOT_FOUND",
						"no such organisation among those you manage",
						"您管理的机构中没有该机构",
						"employer",
					);
				const { offset, limit, page, pageSize } = paging(req.query.page, req.query.pageSize);
				const rows = await repo.listByEmployer(deps.db, employer.id, offset, limit);
				return { items: rows.map((p) => presentPerson(p, employer)), page, pageSize };
			},
		);

		app.get(
			"/people/:ref/private",
			{
				config: { auth: { action: "person.private.read" } },
				schema: {
					tags: ["people"],
					summary: "A person's identity number and phone (administrators; every reading is audited)",
					params: Type.Object({ ref: Type.String({ maxLength: 20 }) }),
					response: {
						200: Type.Object({
							ref: Type.String(),
							name: Type.String(),
							idNumber: Type.String(),
							phone: Nullable(Type.String()),
						}),
						401: ErrorBody,
						404: ErrorBody,
					},
				},
			},
			async (req) => {
				const ref = parsePersonRef(req.params.ref);
				if (ref?.kind !== "ref") throw notFound();
				const [person] = await repo.findByIds(deps.db, [ref.id]);
				const priv = person ? await repo.findPrivate(deps.db, person.id) : undefined;
				if (!person || !priv) throw notFound();
				await audit(deps.db, req.actor!, isoInstant(deps.clock.now()), [
					{
						action: "person.private.read",
						outcome: "ok",
						target: { type: "person", key: req.params.ref.toUpperCase() },
						subjectOrgId: person.employer_id,
					},
				]);
				return {
					ref: req.params.ref.toUpperCase(),
					name: person.name,
					idNumber: priv.id_number,
					phone: priv.phone,
				};
			},
		);
	};
}
