/** SQL for qualifications (CB approvals, CMA) and capability lists. */

import type { Insertable, Selectable } from "kysely";
import type { QualificationView } from "../../core/checks/scope-rules.ts";
import type { Db } from "../db/database.ts";
import type { CapabilityProposalsTable, CapabilityRow, QualificationRow } from "../db/schema.ts";
import { indexable, pageOf, type SearchPage, textSearch } from "../db/search.ts";
import { chunks } from "../import/batch.ts";

const Q_COLUMNS = [
	"id",
	"org_id",
	"type",
	"number",
	"issuer",
	"valid_from",
	"valid_until",
	"status",
	"scope_json",
	"note",
	"created_at",
	"updated_at",
] as const;

const C_COLUMNS = [
	"id",
	"qualification_id",
	"org_id",
	"field",
	"product",
	"parameter",
	"standard",
	"limitation",
	"status",
	"created_at",
	"updated_at",
] as const;

/** Qualifications by number (any type). */
export async function findByNumbers(db: Db, numbers: readonly string[]): Promise<QualificationRow[]> {
	const out: QualificationRow[] = [];
	for (const part of chunks([...new Set(numbers)], 500)) {
		if (part.length === 0) continue;
		out.push(
			...(await db.selectFrom("qualifications").select(Q_COLUMNS).where("number", "in", part).execute()),
		);
	}
	return out;
}

/** Qualifications of some organisations. */
export async function findByOrgIds(db: Db, orgIds: readonly number[]): Promise<QualificationRow[]> {
	const out: QualificationRow[] = [];
	for (const part of chunks([...new Set(orgIds)], 500)) {
		if (part.length === 0) continue;
		out.push(
			...(await db
				.selectFrom("qualifications")
				.select(Q_COLUMNS)
				.where("org_id", "in", part)
				.orderBy("id")
				.execute()),
		);
	}
	return out;
}

export type NewQualification = Omit<QualificationRow, "id">;

export async function insertQualification(db: Db, row: NewQualification): Promise<number> {
	const r = await db.insertInto("qualifications").values(row).returning("id").executeTakeFirstOrThrow();
	return Number(r.id);
}

export async function updateQualification(
	db: Db,
	id: number,
	patch: Omit<NewQualification, "org_id" | "type" | "number" | "created_at">,
): Promise<void> {
	await db.updateTable("qualifications").set(patch).where("id", "=", id).execute();
}

/** Every capability row of some qualifications, with its signatory ids. */
export async function capabilitiesOf(
	db: Db,
	qualificationIds: readonly number[],
): Promise<(CapabilityRow & { signatoryIds: number[] })[]> {
	const rows: CapabilityRow[] = [];
	for (const part of chunks([...new Set(qualificationIds)], 500)) {
		if (part.length === 0) continue;
		rows.push(
			...(await db
				.selectFrom("capabilities")
				.select(C_COLUMNS)
				.where("qualification_id", "in", part)
				.orderBy("id")
				.execute()),
		);
	}
	const sigs = await signatoriesOf(
		db,
		rows.map((r) => r.id),
	);
	return rows.map((r) => ({ ...r, signatoryIds: sigs.get(r.id) ?? [] }));
}

/** Signatory person ids per capability id. */
export async function signatoriesOf(
	db: Db,
	capabilityIds: readonly number[],
): Promise<Map<number, number[]>> {
	const out = new Map<number, number[]>();
	for (const part of chunks(capabilityIds, 500)) {
		if (part.length === 0) continue;
		const rows = await db
			.selectFrom("capability_signatories")
			.select(["capability_id", "person_id"])
			.where("capability_id", "in", part)
			.orderBy("person_id")
			.execute();
		for (const r of rows) {
			const list = out.get(Number(r.capability_id)) ?? [];
			list.push(Number(r.person_id));
			out.set(Number(r.capability_id), list);
		}
	}
	return out;
}

export type NewCapability = Omit<CapabilityRow, "id">;

export async function insertCapability(db: Db, row: NewCapability): Promise<number> {
	const r = await db.insertInto("capabilities").values(row).returning("id").executeTakeFirstOrThrow();
	return Number(r.id);
}

export async function updateCapability(
	db: Db,
	id: number,
	patch: Pick<CapabilityRow, "field" | "limitation" | "status" | "updated_at">,
): Promise<void> {
	await db.updateTable("capabilities").set(patch).where("id", "=", id).execute();
}

export async function setSignatories(db: Db, capabilityId: number, personIds: number[]): Promise<void> {
	await db.deleteFrom("capability_signatories").where("capability_id", "=", capabilityId).execute();
	if (personIds.length > 0)
		await db
			.insertInto("capability_signatories")
			.values(personIds.map((person_id) => ({ capability_id: capabilityId, person_id })))
			.execute();
}

/** One lab's capability list, paged, optionally searched. */
export async function searchCapabilities(
	db: Db,
	orgId: number,
	q: string | undefined,
	offset: number,
	limit: number,
): Promise<SearchPage<CapabilityRow>> {
	let query = db.selectFrom("capabilities").where("org_id", "=", orgId);
	if (q) query = query.where(textSearch(db, "capabilities", q));
	return pageOf(query, {
		base: db.selectFrom("capabilities"),
		id: "capabilities.id",
		select: (x) => x.select(C_COLUMNS),
		order: "asc",
		offset,
		limit,
		text: indexable(q),
		db,
	});
}

export type ProposalRow = Selectable<CapabilityProposalsTable> & {
	uscc: string;
	name: string;
	district: string | null;
};

function proposals(db: Db) {
	return db
		.selectFrom("capability_proposals as p")
		.innerJoin("organizations as o", "o.id", "p.lab_id")
		.selectAll("p")
		.select(["o.uscc", "o.name", "o.district"]);
}

export async function insertProposal(db: Db, row: Insertable<CapabilityProposalsTable>): Promise<number> {
	return Number(
		(await db.insertInto("capability_proposals").values(row).returning("id").executeTakeFirstOrThrow()).id,
	);
}

export async function findProposal(db: Db, id: number): Promise<ProposalRow | undefined> {
	return proposals(db).where("p.id", "=", id).executeTakeFirst();
}

/** Proposals, newest first, optionally of one lab, of labs in some districts, or in one status. */
export async function listProposals(
	db: Db,
	f: { status?: string; labId?: number; districts?: readonly string[] },
	limit: number,
): Promise<ProposalRow[]> {
	let q = proposals(db);
	if (f.status) q = q.where("p.status", "=", f.status);
	if (f.labId !== undefined) q = q.where("p.lab_id", "=", f.labId);
	if (f.districts) q = q.where("o.district", "in", f.districts.length ? [...f.districts] : ["-"]);
	return q.orderBy("p.id", "desc").limit(limit).execute();
}

export async function decideProposal(
	db: Db,
	id: number,
	patch: Pick<CapabilityProposalsTable, "status" | "decided_by" | "decided_at" | "decision_note">,
): Promise<void> {
	await db.updateTable("capability_proposals").set(patch).where("id", "=", id).execute();
}

/** Qualifications by organisation id, as the scope rules read them (core/checks/scope-rules.ts). */
export async function qualificationViews(
	db: Db,
	orgIds: readonly number[],
): Promise<Map<number, QualificationView[]>> {
	const out = new Map<number, QualificationView[]>();
	for (const q of await findByOrgIds(db, orgIds)) {
		const list = out.get(Number(q.org_id)) ?? [];
		list.push({
			type: q.type,
			number: q.number,
			status: q.status,
			validFrom: q.valid_from,
			validUntil: q.valid_until,
			scope: JSON.parse(q.scope_json) as string[],
		});
		out.set(Number(q.org_id), list);
	}
	return out;
}
