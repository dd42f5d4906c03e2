/** SQL for people. Personal data (person_private) is read only by the functions named for it. */
import type { Db } from "../db/database.ts";
import type { PersonRow } from "../db/schema.ts";
import { chunks } from "../import/batch.ts";

export const PERSON_COLUMNS = [
	"id",
	"name",
	"employer_id",
	"roles_json",
	"qualifications_json",
	"districts_json",
	"status",
	"salt",
	"created_at",
	"updated_at",
] as const;

/** People by id (public columns only). */
export async function findByIds(db: Db, ids: readonly number[]): Promise<PersonRow[]> {
	const out: PersonRow[] = [];
	for (const part of chunks([...new Set(ids)], 500)) {
		if (part.length === 0) continue;
		out.push(...(await db.selectFrom("people").select(PERSON_COLUMNS).where("id", "in", part).execute()));
	}
	return out;
}

/** Person ids by identity number (personal data: used to resolve references, never returned). */
export async function idsByIdNumbers(db: Db, idNumbers: readonly string[]): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	for (const part of chunks([...new Set(idNumbers)], 500)) {
		if (part.length === 0) continue;
		const rows = await db
			.selectFrom("person_private")
			.select(["person_id", "id_number"])
			.where("id_number", "in", part)
			.execute();
		for (const r of rows) out.set(r.id_number, Number(r.person_id));
	}
	return out;
}

/** People with their private columns, by identity number: only for the import of people. */
export async function findWithPrivateByIdNumbers(db: Db, idNumbers: readonly string[]) {
	const out = [];
	for (const part of chunks([...new Set(idNumbers)], 500)) {
		if (part.length === 0) continue;
		out.push(
			...(await db
				.selectFrom("people")
				.innerJoin("person_private", "person_private.person_id", "people.id")
				.select([
					...PERSON_COLUMNS.map((c) => `people.${c}` as const),
					"person_private.id_number",
					"person_private.phone",
				])
				.where("person_private.id_number", "in", part)
				.execute()),
		);
	}
	return out;
}

export type NewPerson = Omit<PersonRow, "id">;

/** Inserts people with their private columns; returns ids in order. */
export async function insertMany(
	db: Db,
	rows: { person: NewPerson; idNumber: string; phone: string | null }[],
): Promise<number[]> {
	const ids: number[] = [];
	for (const part of chunks(rows, 300)) {
		const res = await db
			.insertInto("people")
			.values(part.map((p) => p.person))
			.returning("id")
			.execute();
		const partIds = res.map((r) => Number(r.id));
		await db
			.insertInto("person_private")
			.values(part.map((p, i) => ({ person_id: partIds[i]!, id_number: p.idNumber, phone: p.phone })))
			.execute();
		ids.push(...partIds);
	}
	return ids;
}

/** Updates a person and their private columns. */
export async function update(
	db: Db,
	id: number,
	patch: Omit<NewPerson, "created_at">,
	phone: string | null,
): Promise<void> {
	await db.updateTable("people").set(patch).where("id", "=", id).execute();
	await db.updateTable("person_private").set({ phone }).where("person_id", "=", id).execute();
}

/** People employed by an organisation, paged in id order. */
export async function listByEmployer(
	db: Db,
	employerId: number,
	offset: number,
	limit: number,
): Promise<PersonRow[]> {
	return db
		.selectFrom("people")
		.select(PERSON_COLUMNS)
		.where("employer_id", "=", employerId)
		.orderBy("id")
		.offset(offset)
		.limit(limit)
		.execute();
}

/** One person's personal data (audited by the caller). */
export async function findPrivate(db: Db, personId: number) {
	return db
		.selectFrom("person_private")
		.select(["person_id", "id_number", "phone"])
		.where("person_id", "=", personId)
		.executeTakeFirst();
}
