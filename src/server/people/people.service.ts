/**
 * People: auditors, inspectors, experts and signatories. Their identity numbers and phones are
 * personal data: stored in person_private, used to match records, never presented or logged.
 */
import { randomBytes } from "node:crypto";
import type { PersonInput } from "../../core/records/person.ts";
import { type PersonRef, personRef } from "../../core/records/person-ref.ts";
import { mayActOn } from "../auth/policy.ts";
import { auditBlocked, bannedRow, bansInForce } from "../bans/bans.service.ts";
import type { Db } from "../db/database.ts";
import type { OrganizationRow, PersonRow } from "../db/schema.ts";
import { type BatchContext, type BatchRow, forbidden, type RowResult, rejected } from "../import/batch.ts";
import { type LogEvent, logEvents } from "../log/journal.service.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import * as repo from "./people.repository.ts";

/** What the public may see of a person. */
export interface PublicPerson {
	ref: string;
	name: string;
	employer: { uscc: string; name: string } | null;
	roles: string[];
	qualifications: { type: string; number: string }[];
	districts: string[];
	status: string;
}

/** The public view of a person. */
export function presentPerson(row: PersonRow, employer: OrganizationRow | undefined): PublicPerson {
	return {
		ref: personRef(row.id),
		name: row.name,
		employer: employer ? { uscc: employer.uscc, name: employer.name } : null,
		roles: JSON.parse(row.roles_json),
		qualifications: JSON.parse(row.qualifications_json),
		districts: JSON.parse(row.districts_json),
		status: row.status,
	};
}

function personEvent(type: string, row: PersonRow, employer: OrganizationRow | undefined): LogEvent {
	return {
		type,
		subject: { kind: "person", ref: personRef(row.id) },
		...(employer ? { by: employer.uscc } : {}),
		subjectOrgId: employer?.id ?? null,
		record: personCommitment(row, employer?.uscc ?? null),
	};
}

/**
 * What a person's log entry commits to: a salt and the public fields, the employer by its code only
 * (renaming an organisation does not change its staff's records). Without the salt the hash confirms
 * nothing about the person, so a name cannot be tested against the public log.
 */
export function personCommitment(row: PersonRow, employerUscc: string | null) {
	return {
		salt: row.salt,
		ref: personRef(row.id),
		name: row.name,
		employer: employerUscc,
		roles: JSON.parse(row.roles_json) as string[],
		qualifications: JSON.parse(row.qualifications_json) as unknown[],
		districts: JSON.parse(row.districts_json) as string[],
		status: row.status,
	};
}

/** Registers or updates people, matched by identity number. */
export async function applyPeople(
	trx: Db,
	rows: BatchRow<PersonInput>[],
	ctx: BatchContext,
): Promise<RowResult[]> {
	const employers = await orgs.mapByUscc(
		trx,
		rows.flatMap((r) => (r.input.employerUscc ? [r.input.employerUscc] : [])),
	);
	const existing = new Map(
		(
			await repo.findWithPrivateByIdNumbers(
				trx,
				rows.map((r) => r.input.idNumber),
			)
		).map((p) => [p.id_number, p]),
	);
	const previousEmployers = await orgs.mapById(
		trx,
		[...existing.values()].flatMap((p) => (p.employer_id ? [p.employer_id] : [])),
	);
	const subjectOf = (o: OrganizationRow | undefined) => ({
		orgId: o?.id ?? null,
		district: o?.district ?? null,
	});
	const orgById = (id: number | null) =>
		id === null ? undefined : (previousEmployers.get(id) ?? [...employers.values()].find((o) => o.id === id));
	const results: RowResult[] = [];
	const events: LogEvent[] = [];
	const bans = await bansInForce(trx, ctx.today);
	const blocked: Parameters<typeof auditBlocked>[2] = [];
	for (const { line, input } of rows) {
		const employer = input.employerUscc ? employers.get(input.employerUscc) : undefined;
		const known = existing.get(input.idNumber);
		const previous = orgById(known?.employer_id ?? null);
		if (input.employerUscc && !employer) {
			results.push(
				rejected(
					line,
					"employerUscc",
					"EMPLOYER_UNKNOWN",
					"所在单位未在登记库中，请先导入该机构",
					"the employer is not registered; import the organisation first",
				),
			);
			continue;
		}
		if (
			!mayActOn(ctx.actor, "person.write", subjectOf(employer)) ||
			(known && !mayActOn(ctx.actor, "person.write", subjectOf(previous)))
		) {
			results.push(
				forbidden(
					line,
					"employerUscc",
					"无权登记或修改该人员（机构只能管理本机构人员，监管部门限于辖区）",
					"you may not register or change this person (bodies manage their own staff; regulators their districts)",
				),
			);
			continue;
		}
		// A banned person is caught by identity: no new employer, no new role in testing and certification.
		const ban = known ? bans.people.get(known.id) : undefined;
		if (
			ban &&
			known &&
			((employer?.id ?? null) !== known.employer_id ||
				input.roles.some((r) => !(JSON.parse(known.roles_json) as string[]).includes(r)))
		) {
			results.push(
				bannedRow(line, "roles", "person", ban, {
					zh: "受聘于新单位或承担新的检验检测认证职责",
					en: "take up a new employer or a new role in testing and certification",
				}),
			);
			blocked.push({
				ban,
				target: { type: "person", key: personRef(known.id) },
				orgId: employer?.id ?? null,
			});
			continue;
		}
		const fields = {
			name: input.name,
			employer_id: employer?.id ?? null,
			roles_json: JSON.stringify(input.roles),
			qualifications_json: JSON.stringify(input.qualifications),
			districts_json: JSON.stringify(input.districts),
			status: input.status,
		};
		if (known) {
			const same =
				known.name === fields.name &&
				known.employer_id === fields.employer_id &&
				known.roles_json === fields.roles_json &&
				known.qualifications_json === fields.qualifications_json &&
				known.districts_json === fields.districts_json &&
				known.status === fields.status &&
				known.phone === input.phone;
			if (same) {
				results.push({ line, outcome: "unchanged" });
				continue;
			}
			const next = { ...known, ...fields, updated_at: ctx.now, phone: input.phone };
			await repo.update(trx, known.id, { ...fields, salt: known.salt, updated_at: ctx.now }, input.phone);
			existing.set(input.idNumber, next);
			events.push({
				...personEvent("person.updated", next, employer),
				before: personCommitment(known, previous?.uscc ?? null),
			});
			results.push({ line, outcome: "updated" });
		} else {
			const person = {
				...fields,
				salt: randomBytes(16).toString("hex"),
				created_at: ctx.now,
				updated_at: ctx.now,
			};
			const [id] = await repo.insertMany(trx, [{ person, idNumber: input.idNumber, phone: input.phone }]);
			const row = { ...person, id: id! };
			existing.set(input.idNumber, { ...row, id_number: input.idNumber, phone: input.phone });
			events.push({ ...personEvent("person.registered", row, employer), before: null });
			results.push({ line, outcome: "created" });
		}
	}
	await auditBlocked(trx, ctx, blocked);
	await logEvents(trx, events, ctx);
	return results;
}

/**
 * Resolves person references (public refs or identity numbers) to ids. Unknown ones are absent from
 * the map; callers name the field in their error.
 */
export async function resolvePersonRefs(db: Db, refs: PersonRef[]): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	const ids = refs.flatMap((r) => (r.kind === "ref" ? [r.id] : []));
	for (const p of await repo.findByIds(db, ids)) out.set(refKey({ kind: "ref", id: p.id }), p.id);
	const byIdNumber = await repo.idsByIdNumbers(
		db,
		refs.flatMap((r) => (r.kind === "idNumber" ? [r.idNumber] : [])),
	);
	for (const [n, id] of byIdNumber) out.set(refKey({ kind: "idNumber", idNumber: n }), id);
	return out;
}

/** A map key for a person reference. */
export function refKey(r: PersonRef): string {
	return r.kind === "ref" ? `ref:${r.id}` : `id:${r.idNumber}`;
}
