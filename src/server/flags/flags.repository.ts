/** Flags for regulators: upserted by the checks, listed and counted, decided by reviewers. */
import { sql } from "kysely";
import type { CapabilityView, Finding } from "../../core/checks/scope-rules.ts";
import type { Db } from "../db/database.ts";
import type { FlagRow } from "../db/schema.ts";
import { chunks } from "../import/batch.ts";

export interface NewFlag {
	kind: string;
	/** certificate, report, organization, or scheme:<code> (a body's work in one scheme). */
	subjectType: string;
	subjectId: number;
	subjectKey: string;
	orgId: number;
	finding: Pick<Finding, "zh" | "en" | "evidence">;
}

/**
 * Records findings made at `at`: new ones open; known ones keep their review status (a dismissed flag
 * stays dismissed) with the newest message and evidence; cleared ones open again.
 */
export async function upsertFlags(db: Db, flags: readonly NewFlag[], at: string): Promise<void> {
	for (const part of chunks(flags, 400)) {
		if (part.length === 0) continue;
		await db
			.insertInto("flags")
			.values(
				part.map((f) => ({
					kind: f.kind,
					subject_type: f.subjectType,
					subject_id: f.subjectId,
					subject_key: f.subjectKey,
					org_id: f.orgId,
					message_zh: f.finding.zh,
					message_en: f.finding.en,
					evidence_json: JSON.stringify(f.finding.evidence),
					status: "open",
					found_at: at,
					checked_at: at,
				})),
			)
			.onConflict((oc) =>
				oc.columns(["kind", "subject_type", "subject_id"]).doUpdateSet({
					message_zh: (eb) => eb.ref("excluded.message_zh"),
					message_en: (eb) => eb.ref("excluded.message_en"),
					evidence_json: (eb) => eb.ref("excluded.evidence_json"),
					checked_at: (eb) => eb.ref("excluded.checked_at"),
					status: sql<string>`case when flags.status = 'cleared' then 'open' else flags.status end`,
				}),
			)
			.execute();
	}
}

/** The identity of a flag: one per kind and record. */
export function flagKey(kind: string, subjectType: string, subjectId: number): string {
	return `${kind}|${subjectType}|${subjectId}`;
}

/**
 * Clears the open flags of these kinds that a run starting at `at` did not make again (`found` holds their
 * keys): the finding no longer holds. Flags recorded after the run began (by a write meanwhile) stay.
 */
export async function clearUnfound(
	db: Db,
	kinds: readonly string[],
	found: ReadonlySet<string>,
	at: string,
): Promise<number> {
	const open = await db
		.selectFrom("flags")
		.select(["id", "kind", "subject_type", "subject_id"])
		.where("status", "=", "open")
		.where("kind", "in", kinds)
		.where("checked_at", "<=", at)
		.execute();
	const stale = open
		.filter((f) => !found.has(flagKey(f.kind, f.subject_type, Number(f.subject_id))))
		.map((f) => Number(f.id));
	for (const part of chunks(stale, 500))
		if (part.length)
			await db.updateTable("flags").set({ status: "cleared" }).where("id", "in", part).execute();
	return stale.length;
}

export interface FlagFilter {
	status?: string;
	kind?: string;
	orgId?: number;
	/** Officers: only bodies in these districts. */
	districts?: readonly string[];
}

function filtered(db: Db, f: FlagFilter) {
	let q = db.selectFrom("flags as f").innerJoin("organizations as o", "o.id", "f.org_id");
	if (f.status) q = q.where("f.status", "=", f.status);
	if (f.kind) q = q.where("f.kind", "=", f.kind);
	if (f.orgId !== undefined) q = q.where("f.org_id", "=", f.orgId);
	if (f.districts) q = q.where("o.district", "in", f.districts.length ? [...f.districts] : [""]);
	return q;
}

export type FlagWithOrg = FlagRow & { org_uscc: string; org_name: string; org_district: string | null };

export async function listFlags(db: Db, f: FlagFilter, offset: number, limit: number) {
	const [items, total] = await Promise.all([
		filtered(db, f)
			.selectAll("f")
			.select(["o.uscc as org_uscc", "o.name as org_name", "o.district as org_district"])
			.orderBy("f.id", "desc")
			.offset(offset)
			.limit(limit)
			.execute() as Promise<FlagWithOrg[]>,
		filtered(db, f)
			.select((eb) => eb.fn.countAll<number>().as("n"))
			.executeTakeFirstOrThrow(),
	]);
	return { items, total: Number(total.n) };
}

/** Flags per body and kind (by status filter), most first. */
export async function flagCounts(db: Db, f: FlagFilter, limit: number) {
	const rows = await filtered(db, f)
		.select(["o.uscc as uscc", "o.name as name", "f.kind as kind"])
		.select((eb) => eb.fn.countAll<number>().as("n"))
		.groupBy(["o.uscc", "o.name", "f.kind"])
		.orderBy("n", "desc")
		.limit(limit)
		.execute();
	return rows.map((r) => ({ uscc: r.uscc, name: r.name, kind: r.kind, count: Number(r.n) }));
}

export async function findFlag(db: Db, id: number): Promise<FlagWithOrg | undefined> {
	return (await db
		.selectFrom("flags as f")
		.innerJoin("organizations as o", "o.id", "f.org_id")
		.selectAll("f")
		.select(["o.uscc as org_uscc", "o.name as org_name", "o.district as org_district"])
		.where("f.id", "=", id)
		.executeTakeFirst()) as FlagWithOrg | undefined;
}

export async function decideFlag(
	db: Db,
	id: number,
	patch: { status: string; decided_at: string; decided_by: string; decision_reason: string },
): Promise<void> {
	await db.updateTable("flags").set(patch).where("id", "=", id).execute();
}

/** A lab's capability rows (all its CMA qualifications) with their signatories, as the rules read them. */
export async function capabilityViews(db: Db, labId: number): Promise<CapabilityView[]> {
	const rows = await db
		.selectFrom("capabilities")
		.select(["id", "parameter", "standard", "status"])
		.where("org_id", "=", labId)
		.execute();
	const sigs = new Map<number, number[]>();
	for (const part of chunks(
		rows.map((r) => Number(r.id)),
		500,
	)) {
		if (part.length === 0) continue;
		for (const s of await db
			.selectFrom("capability_signatories")
			.select(["capability_id", "person_id"])
			.where("capability_id", "in", part)
			.execute()) {
			const list = sigs.get(Number(s.capability_id)) ?? [];
			list.push(Number(s.person_id));
			sigs.set(Number(s.capability_id), list);
		}
	}
	return rows.map((r) => ({
		parameter: r.parameter,
		standard: r.standard,
		status: r.status,
		signatories: sigs.get(Number(r.id)) ?? [],
	}));
}
