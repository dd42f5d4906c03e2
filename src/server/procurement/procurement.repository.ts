/**
 * The procurement check's reads: three queries whatever the list's length — the organisations named,
 * the certificates they hold that are valid today, and their bans in force today. Public fields only:
 * never the credit grade, never a person.
 */
import type { Db } from "../db/database.ts";

/** Registered organisations by USCC (public fields). */
export function organizationsByUscc(db: Db, usccs: readonly string[]) {
	return db
		.selectFrom("organizations")
		.select(["id", "uscc", "name", "kind", "district"])
		.where("uscc", "in", usccs)
		.execute();
}

/**
 * Certificates the organisations hold that are valid on `today`: recorded valid, not past their expiry
 * (a valid one past its expiry is expired from the next day on, before the expiry job records it) and
 * not withheld from public view. Newest first within each holder.
 */
export function validCertificatesOf(db: Db, holderIds: readonly number[], today: string) {
	return db
		.selectFrom("certificates")
		.select(["holder_id", "scheme", "number"])
		.where("holder_id", "in", holderIds)
		.where("status", "=", "valid")
		.where("expiry_date", ">=", today)
		.where("issue_date", "<=", today)
		.where("withheld_since", "is", null)
		.orderBy("holder_id")
		.orderBy("scheme")
		.orderBy("issue_date", "desc")
		.orderBy("id", "desc")
		.execute();
}

/** Bans in force on `today` that keep the organisations out of government purchasing (`procurement` or `tic`). */
export function purchasingBansOf(db: Db, orgIds: readonly number[], today: string) {
	return db
		.selectFrom("bans")
		.select(["org_id", "reference", "authority", "starts_on", "ends_on", "reason"])
		.where("org_id", "in", orgIds)
		.where("status", "=", "active")
		.where("scope", "in", ["procurement", "tic"])
		.where("starts_on", "<=", today)
		.where((eb) => eb.or([eb("ends_on", "is", null), eb("ends_on", ">=", today)]))
		.orderBy("starts_on", "desc")
		.orderBy("id", "desc")
		.execute();
}

/** The organisations' credit-risk grades: a regulator's internal reference, read only for regulators. */
export function creditGradesOf(db: Db, orgIds: readonly number[]) {
	return db.selectFrom("organizations").select(["id", "credit_grade"]).where("id", "in", orgIds).execute();
}
