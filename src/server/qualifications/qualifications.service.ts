/**
 * Qualifications of bodies and the capability lists of labs: a CB's approval and scope (schemes it may
 * certify), a lab's CMA qualification with its rows of product × parameter × standard and the
 * signatories authorised for each row.
 */
import type { CapabilityInput } from "../../core/records/capability.ts";
import { personRef } from "../../core/records/person-ref.ts";
import {
	QUALIFICATION_TYPE_INFO,
	type QualificationInput,
	type QualificationType,
} from "../../core/records/qualification.ts";
import { mayActOn } from "../auth/policy.ts";
import { auditBlocked, bannedRow, bansInForce } from "../bans/bans.service.ts";
import type { Db } from "../db/database.ts";
import type { CapabilityRow, QualificationRow } from "../db/schema.ts";
import { type BatchContext, type BatchRow, forbidden, type RowResult, rejected } from "../import/batch.ts";
import { type LogEvent, logEvents } from "../log/journal.service.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import * as people from "../people/people.repository.ts";
import { refKey, resolvePersonRefs } from "../people/people.service.ts";
import * as repo from "./qualifications.repository.ts";

export interface PublicQualification {
	type: QualificationType;
	number: string;
	issuer: string | null;
	validFrom: string;
	validUntil: string;
	status: string;
	scope: string[];
	note: string | null;
}

/** The public view of a qualification. */
export function presentQualification(q: QualificationRow): PublicQualification {
	return {
		type: q.type as QualificationType,
		number: q.number,
		issuer: q.issuer,
		validFrom: q.valid_from,
		validUntil: q.valid_until,
		status: q.status,
		scope: JSON.parse(q.scope_json),
		note: q.note,
	};
}

export interface PublicCapability {
	field: string;
	product: string;
	parameter: string;
	standard: string;
	limitation: string | null;
	status: string;
	/** Public references of the authorised signatories. */
	signatories: string[];
}

/** The public view of a capability row. */
export function presentCapability(c: CapabilityRow, signatoryIds: number[]): PublicCapability {
	return {
		field: c.field,
		product: c.product,
		parameter: c.parameter,
		standard: c.standard,
		limitation: c.limitation,
		status: c.status,
		signatories: [...signatoryIds].sort((a, b) => a - b).map(personRef),
	};
}

/** Grants or updates qualifications. */
export async function applyQualifications(
	trx: Db,
	rows: BatchRow<QualificationInput>[],
	ctx: BatchContext,
): Promise<RowResult[]> {
	const owners = await orgs.mapByUscc(
		trx,
		rows.map((r) => r.input.orgUscc),
	);
	const known = new Map(
		(
			await repo.findByNumbers(
				trx,
				rows.map((r) => r.input.number),
			)
		).map((q) => [`${q.type}:${q.number}`, q]),
	);
	const results: RowResult[] = [];
	const events: LogEvent[] = [];
	const bans = await bansInForce(trx, ctx.today);
	const blocked: Parameters<typeof auditBlocked>[2] = [];
	for (const { line, input } of rows) {
		const owner = owners.get(input.orgUscc);
		const info = QUALIFICATION_TYPE_INFO[input.type];
		if (!owner) {
			results.push(
				rejected(
					line,
					"orgUscc",
					"ORG_UNKNOWN",
					"持证机构未登记，请先导入该机构",
					"the holder is not registered; import the organisation first",
				),
			);
			continue;
		}
		if (owner.kind !== info.orgKind) {
			results.push(
				rejected(
					line,
					"orgUscc",
					"QUALIFICATION_ORG_KIND",
					`${info.zh}只能颁发给${info.orgKind === "cb" ? "认证机构" : "检验检测机构"}`,
					`a ${info.en} belongs to a ${info.orgKind === "cb" ? "certification body" : "lab"}`,
				),
			);
			continue;
		}
		if (!mayActOn(ctx.actor, "qualification.write", { orgId: owner.id, district: owner.district })) {
			results.push(
				forbidden(
					line,
					"orgUscc",
					"无权颁发或修改该机构的资质（由监管部门在其辖区内办理）",
					"you may not grant or change this organisation's qualifications (regulators do, within their districts)",
				),
			);
			continue;
		}
		const fields = {
			issuer: input.issuer,
			valid_from: input.validFrom,
			valid_until: input.validUntil,
			status: input.status,
			scope_json: JSON.stringify(input.scope),
			note: input.note,
		};
		const key = `${input.type}:${input.number}`;
		const existing = known.get(key);
		const ban = existing ? undefined : bans.orgs.get(owner.id);
		if (ban) {
			results.push(
				bannedRow(line, "orgUscc", "organization", ban, {
					zh: "取得新的资质",
					en: "be granted a new qualification",
				}),
			);
			blocked.push({ ban, target: { type: "qualification", key }, orgId: owner.id });
			continue;
		}
		let row: QualificationRow;
		if (existing) {
			if (existing.org_id !== owner.id) {
				results.push(
					rejected(
						line,
						"number",
						"QUALIFICATION_ORG_CONFLICT",
						"该证书编号已登记在另一机构名下",
						"this number is registered to another organisation",
					),
				);
				continue;
			}
			if (
				existing.issuer === fields.issuer &&
				existing.valid_from === fields.valid_from &&
				existing.valid_until === fields.valid_until &&
				existing.status === fields.status &&
				existing.scope_json === fields.scope_json &&
				existing.note === fields.note
			) {
				results.push({ line, outcome: "unchanged" });
				continue;
			}
			row = { ...existing, ...fields, updated_at: ctx.now };
			await repo.updateQualification(trx, existing.id, { ...fields, updated_at: ctx.now });
			results.push({ line, outcome: "updated" });
		} else {
			const fresh = {
				org_id: owner.id,
				type: input.type,
				number: input.number,
				...fields,
				created_at: ctx.now,
				updated_at: ctx.now,
			};
			row = { ...fresh, id: await repo.insertQualification(trx, fresh) };
			results.push({ line, outcome: "created" });
		}
		known.set(key, row);
		events.push({
			type: existing ? "qualification.updated" : "qualification.granted",
			subject: { kind: "qualification", number: row.number, type: row.type },
			by: owner.uscc,
			facts: { status: row.status, validUntil: row.valid_until },
			record: { holder: owner.uscc, ...presentQualification(row) },
			before: existing ? { holder: owner.uscc, ...presentQualification(existing) } : null,
			subjectOrgId: owner.id,
		});
	}
	await auditBlocked(trx, ctx, blocked);
	await logEvents(trx, events, ctx);
	return results;
}

/** Adds or updates rows of labs' capability lists. */
export async function applyCapabilities(
	trx: Db,
	rows: BatchRow<CapabilityInput>[],
	ctx: BatchContext,
): Promise<RowResult[]> {
	const quals = new Map(
		(
			await repo.findByNumbers(
				trx,
				rows.map((r) => r.input.cmaNumber),
			)
		)
			.filter((q) => q.type === "cma")
			.map((q) => [q.number, q]),
	);
	const labs = await orgs.mapById(
		trx,
		[...quals.values()].map((q) => q.org_id),
	);
	const existing = new Map(
		(
			await repo.capabilitiesOf(
				trx,
				[...quals.values()].map((q) => q.id),
			)
		).map((c) => [capKey(c.qualification_id, c), c]),
	);
	const personIds = await resolvePersonRefs(
		trx,
		rows.flatMap((r) => r.input.signatories.map((s) => s.person)),
	);
	const employerOf = new Map(
		(await people.findByIds(trx, [...personIds.values()])).map((p) => [p.id, p.employer_id]),
	);
	const bans = await bansInForce(trx, ctx.today);
	const blocked: Parameters<typeof auditBlocked>[2] = [];
	const results: RowResult[] = [];
	const events: LogEvent[] = [];
	for (const { line, input } of rows) {
		const qual = quals.get(input.cmaNumber);
		if (!qual) {
			results.push(
				rejected(
					line,
					"cmaNumber",
					"CMA_UNKNOWN",
					"资质认定证书未登记，请先导入资质（qualifications）",
					"no CMA qualification with this number is registered; import it first",
				),
			);
			continue;
		}
		const lab = labs.get(qual.org_id)!;
		if (input.labUscc && input.labUscc !== lab.uscc) {
			results.push(
				rejected(
					line,
					"labUscc",
					"LAB_MISMATCH",
					"该资质认定证书属于另一检验检测机构",
					"this CMA qualification belongs to another lab",
				),
			);
			continue;
		}
		if (!mayActOn(ctx.actor, "capability.write", { orgId: lab.id, district: lab.district })) {
			results.push(
				forbidden(
					line,
					"cmaNumber",
					"无权修改该机构的能力表（机构可提出申请，由监管部门审核）",
					"you may not change this lab's capability list (labs propose changes; regulators decide)",
				),
			);
			continue;
		}
		const sigIds: number[] = [];
		let bad: RowResult | null = null;
		for (const s of input.signatories) {
			const id = personIds.get(refKey(s.person));
			if (id === undefined) {
				bad = rejected(
					line,
					"signatories",
					"PERSON_UNKNOWN",
					`授权签字人${s.label}未登记`,
					`signatory ${s.label} is not registered`,
				);
				break;
			}
			if (employerOf.get(id) !== lab.id) {
				bad = rejected(
					line,
					"signatories",
					"SIGNATORY_NOT_STAFF",
					`授权签字人${s.label}不是本机构人员`,
					`signatory ${s.label} is not employed by this lab`,
				);
				break;
			}
			if (!sigIds.includes(id)) sigIds.push(id);
		}
		if (bad) {
			results.push(bad);
			continue;
		}
		sigIds.sort((a, b) => a - b);
		const key = capKey(qual.id, input);
		const known = existing.get(key);
		// A banned person cannot be made an authorised signatory (one already authorised stays on record).
		const bannedSig = sigIds.find((id) => bans.people.has(id) && !known?.signatoryIds.includes(id));
		if (bannedSig !== undefined) {
			const ban = bans.people.get(bannedSig)!;
			results.push(
				bannedRow(line, "signatories", "person", ban, {
					zh: "担任授权签字人",
					en: "be an authorised signatory",
				}),
			);
			blocked.push({
				ban,
				target: { type: "capability", key: `${qual.number}/${input.parameter}` },
				orgId: lab.id,
			});
			continue;
		}
		let row: CapabilityRow;
		if (known) {
			if (
				known.field === input.field &&
				known.limitation === input.limitation &&
				known.status === input.status &&
				known.signatoryIds.join(",") === sigIds.join(",")
			) {
				results.push({ line, outcome: "unchanged" });
				continue;
			}
			// Only the columns that change are written: the row read carries its signatories beside the columns.
			const patch = {
				field: input.field,
				limitation: input.limitation,
				status: input.status,
				updated_at: ctx.now,
			};
			row = { ...known, ...patch };
			await repo.updateCapability(trx, known.id, patch);
			if (known.signatoryIds.join(",") !== sigIds.join(",")) await repo.setSignatories(trx, known.id, sigIds);
			results.push({ line, outcome: "updated" });
		} else {
			const fresh = {
				qualification_id: qual.id,
				org_id: lab.id,
				field: input.field,
				product: input.product,
				parameter: input.parameter,
				standard: input.standard,
				limitation: input.limitation,
				status: input.status,
				created_at: ctx.now,
				updated_at: ctx.now,
			};
			row = { ...fresh, id: await repo.insertCapability(trx, fresh) };
			await repo.setSignatories(trx, row.id, sigIds);
			results.push({ line, outcome: "created" });
		}
		existing.set(key, { ...row, signatoryIds: sigIds });
		events.push({
			type: known ? "capability.updated" : "capability.added",
			subject: {
				kind: "capability",
				cma: qual.number,
				product: row.product,
				parameter: row.parameter,
				standard: row.standard,
			},
			by: lab.uscc,
			facts: { status: row.status },
			record: presentCapability(row, sigIds),
			before: known ? presentCapability(known, known.signatoryIds) : null,
			subjectOrgId: lab.id,
		});
	}
	await auditBlocked(trx, ctx, blocked);
	await logEvents(trx, events, ctx);
	return results;
}

function capKey(
	qualificationId: number,
	c: { product: string; parameter: string; standard: string },
): string {
	return `${qualificationId}\u0000${c.product}\u0000${c.parameter}\u0000${c.standard}`;
}
