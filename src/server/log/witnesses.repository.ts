/**
 * Witness cosignatures of the log's checkpoints (log_cosignatures) and the size each witness last
 * cosigned (log_witnesses); see migration 0004. A witness is named by its key, `<name>+<hex key ID>`.
 */
import type { Db } from "../db/database.ts";

/** Any number; PostgreSQL's bigint arrives as a string. */
const num = (v: unknown) => Number(v);

/** The size each witness last cosigned or said it had, by witness. */
export async function witnessSizes(db: Db): Promise<Map<string, number>> {
	const rows = await db.selectFrom("log_witnesses").select(["witness", "size"]).execute();
	return new Map(rows.map((r) => [r.witness, num(r.size)]));
}

/** Records the size a witness said it has (a 409's body): the witness is the authority on its own state. */
export async function setWitnessSize(db: Db, witness: string, size: number, at: string): Promise<void> {
	await db
		.insertInto("log_witnesses")
		.values({ witness, size, updated_at: at })
		.onConflict((oc) => oc.column("witness").doUpdateSet({ size, updated_at: at }))
		.execute();
}

/**
 * Stores a verified cosignature of the checkpoint of `size` and advances the witness's size to it — never
 * back, when another instance got a newer one meanwhile. One transaction.
 */
export async function insertCosignature(
	db: Db,
	row: { size: number; witness: string; line: string; created_at: string },
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto("log_cosignatures")
			.values(row)
			.onConflict((oc) => oc.columns(["size", "witness"]).doNothing())
			.execute();
		await trx
			.insertInto("log_witnesses")
			.values({ witness: row.witness, size: row.size, updated_at: row.created_at })
			.onConflict((oc) =>
				oc
					.column("witness")
					.doUpdateSet({ size: row.size, updated_at: row.created_at })
					.where("log_witnesses.size", "<", row.size),
			)
			.execute();
	});
}

/** The witnesses among `witnesses` that cosigned the checkpoint of `size`. */
export async function cosignedAt(db: Db, size: number, witnesses: readonly string[]): Promise<Set<string>> {
	if (witnesses.length === 0) return new Set();
	const rows = await db
		.selectFrom("log_cosignatures")
		.select("witness")
		.where("size", "=", size)
		.where("witness", "in", witnesses)
		.execute();
	return new Set(rows.map((r) => r.witness));
}

/** The cosignature lines of the checkpoint of `size` by `witnesses`, in the order of `witnesses`. */
export async function cosignatureLines(
	db: Db,
	size: number,
	witnesses: readonly string[],
): Promise<string[]> {
	if (witnesses.length === 0) return [];
	const rows = await db
		.selectFrom("log_cosignatures")
		.select(["witness", "line"])
		.where("size", "=", size)
		.where("witness", "in", witnesses)
		.execute();
	const byWitness = new Map(rows.map((r) => [r.witness, r.line]));
	return witnesses.flatMap((w) => byWitness.get(w) ?? []);
}

/**
 * The newest checkpoint size cosigned by at least `quorum` of `witnesses`, if any. The primary key
 * (size, witness) is read backwards and the first group that reaches the quorum ends the scan.
 */
export async function newestWitnessedSize(
	db: Db,
	witnesses: readonly string[],
	quorum: number,
): Promise<number | undefined> {
	if (witnesses.length === 0 || quorum < 1) return undefined;
	const r = await newestWitnessedSizeQuery(db, witnesses, quorum).executeTakeFirst();
	return r ? num(r.size) : undefined;
}

/** The query of newestWitnessedSize, for its plan to be checked (test/witness.test.ts). */
export function newestWitnessedSizeQuery(db: Db, witnesses: readonly string[], quorum: number) {
	return db
		.selectFrom("log_cosignatures")
		.select("size")
		.where("witness", "in", witnesses)
		.groupBy("size")
		.having((eb) => eb.fn.countAll(), ">=", quorum)
		.orderBy("size", "desc")
		.limit(1);
}
