/** SQL for accounts, sessions and API keys. */
import type { Insertable, Updateable } from "kysely";
import type { Db } from "../db/database.ts";
import type { AccountRow, AccountsTable, ApiKeyRow, ApiKeysTable, SessionsTable } from "../db/schema.ts";

export type AccountWithOrg = AccountRow & {
	org_uscc: string | null;
	org_kind: string | null;
	org_district: string | null;
};

function accounts(db: Db) {
	return db
		.selectFrom("accounts as a")
		.leftJoin("organizations as o", "o.id", "a.org_id")
		.selectAll("a")
		.select(["o.uscc as org_uscc", "o.kind as org_kind", "o.district as org_district"]);
}

export async function findAccountByUsername(db: Db, username: string): Promise<AccountWithOrg | undefined> {
	return accounts(db).where("a.username", "=", username).executeTakeFirst();
}

export async function findAccountById(db: Db, id: number): Promise<AccountWithOrg | undefined> {
	return accounts(db).where("a.id", "=", id).executeTakeFirst();
}

export async function listAccounts(db: Db, orgId?: number): Promise<AccountWithOrg[]> {
	let q = accounts(db);
	if (orgId !== undefined) q = q.where("a.org_id", "=", orgId);
	return q.orderBy("a.id").execute();
}

export async function insertAccount(db: Db, row: Insertable<AccountsTable>): Promise<number> {
	const r = await db.insertInto("accounts").values(row).returning("id").executeTakeFirstOrThrow();
	return Number(r.id);
}

export async function updateAccount(db: Db, id: number, patch: Updateable<AccountsTable>): Promise<void> {
	await db.updateTable("accounts").set(patch).where("id", "=", id).execute();
}

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
	await db.insertInto("sessions").values(row).execute();
}

/** A live session with its account, or nothing. */
export async function findSession(db: Db, id: string, now: string) {
	return db
		.selectFrom("sessions as s")
		.innerJoin("accounts as a", "a.id", "s.account_id")
		.leftJoin("organizations as o", "o.id", "a.org_id")
		.select([
			"s.id as session_id",
			"s.csrf_token",
			"s.last_seen_at",
			"s.expires_at",
			"s.created_at as session_created_at",
		])
		.selectAll("a")
		.select(["o.uscc as org_uscc", "o.kind as org_kind", "o.district as org_district"])
		.where("s.id", "=", id)
		.where("s.revoked_at", "is", null)
		.where("s.expires_at", ">", now)
		.executeTakeFirst();
}

export async function touchSession(db: Db, id: string, lastSeen: string, expires: string): Promise<void> {
	await db
		.updateTable("sessions")
		.set({ last_seen_at: lastSeen, expires_at: expires })
		.where("id", "=", id)
		.execute();
}

export async function revokeSession(db: Db, id: string, at: string): Promise<void> {
	await db
		.updateTable("sessions")
		.set({ revoked_at: at })
		.where("id", "=", id)
		.where("revoked_at", "is", null)
		.execute();
}

export async function revokeSessionsOf(db: Db, accountId: number, at: string): Promise<void> {
	await db
		.updateTable("sessions")
		.set({ revoked_at: at })
		.where("account_id", "=", accountId)
		.where("revoked_at", "is", null)
		.execute();
}

export type ApiKeyWithOrg = ApiKeyRow & { org_uscc: string; org_kind: string; org_district: string | null };

function keys(db: Db) {
	return db
		.selectFrom("api_keys as k")
		.innerJoin("organizations as o", "o.id", "k.org_id")
		.selectAll("k")
		.select(["o.uscc as org_uscc", "o.kind as org_kind", "o.district as org_district"]);
}

export async function insertApiKey(db: Db, row: Insertable<ApiKeysTable>): Promise<number> {
	const r = await db.insertInto("api_keys").values(row).returning("id").executeTakeFirstOrThrow();
	return Number(r.id);
}

export async function findApiKey(db: Db, keyId: string): Promise<ApiKeyWithOrg | undefined> {
	return keys(db).where("k.key_id", "=", keyId).executeTakeFirst();
}

export async function listApiKeys(db: Db, orgId?: number): Promise<ApiKeyWithOrg[]> {
	let q = keys(db);
	if (orgId !== undefined) q = q.where("k.org_id", "=", orgId);
	return q.orderBy("k.id").execute();
}

export async function updateApiKey(db: Db, id: number, patch: Updateable<ApiKeysTable>): Promise<void> {
	await db.updateTable("api_keys").set(patch).where("id", "=", id).execute();
}
