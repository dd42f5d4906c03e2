/**
 * Identity, access and audit: accounts (people), sessions, API keys (machines), capability proposals by
 * labs, and the append-only audit trail. Frozen in time.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pgDb = isPostgres(db);
	const ref = pgDb ? ("bigint" as const) : ("integer" as const);
	const table = (name: string) =>
		db.schema
			.createTable(name)
			.addColumn("id", ref, (c) =>
				pgDb ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
			);

	await table("accounts")
		.addColumn("username", "text", (c) => c.notNull().unique())
		.addColumn("display_name", "text", (c) => c.notNull())
		.addColumn("role", "text", (c) => c.notNull())
		.addColumn("org_id", ref, (c) => c.references("organizations.id"))
		/** JSON array of district codes (regulator officers). */
		.addColumn("districts_json", "text", (c) => c.notNull())
		/** scrypt$<log2 N>$<r>$<p>$<salt base64>$<key base64> */
		.addColumn("password_hash", "text", (c) => c.notNull())
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("failed_logins", "integer", (c) => c.notNull())
		.addColumn("locked_until", "text")
		.addColumn("must_change_password", "integer", (c) => c.notNull())
		.addColumn("last_login_at", "text")
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("updated_at", "text", (c) => c.notNull())
		.addCheckConstraint(
			"accounts_role",
			sql`role in ('regulator_admin', 'regulator_officer', 'inspector', 'cb_operator', 'lab_operator', 'enterprise_user')`,
		)
		.addCheckConstraint("accounts_status", sql`status in ('active', 'disabled')`)
		.execute();

	await db.schema
		.createTable("sessions")
		/** SHA-256 of the session token (hex); the token itself exists only in the browser's cookie. */
		.addColumn("id", "text", (c) => c.primaryKey())
		.addColumn("account_id", ref, (c) => c.notNull().references("accounts.id"))
		.addColumn("csrf_token", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("last_seen_at", "text", (c) => c.notNull())
		.addColumn("expires_at", "text", (c) => c.notNull())
		.addColumn("ip", "text")
		.addColumn("user_agent", "text")
		.addColumn("revoked_at", "text")
		.execute();
	await db.schema.createIndex("sessions_account_idx").on("sessions").column("account_id").execute();

	await table("api_keys")
		/** The public part of the key (otk_<key_id>_<secret>), for lookup and display. */
		.addColumn("key_id", "text", (c) => c.notNull().unique())
		/** SHA-256 of the secret part (hex). */
		.addColumn("secret_hash", "text", (c) => c.notNull())
		.addColumn("name", "text", (c) => c.notNull())
		.addColumn("org_id", ref, (c) => c.notNull().references("organizations.id"))
		.addColumn("permissions_json", "text", (c) => c.notNull())
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("expires_at", "text")
		.addColumn("revoked_at", "text")
		.addColumn("last_used_at", "text")
		.execute();

	await table("capability_proposals")
		.addColumn("lab_id", ref, (c) => c.notNull().references("organizations.id"))
		/** The proposed capability rows, as import records (JSON array). */
		.addColumn("rows_json", "text", (c) => c.notNull())
		.addColumn("note", "text")
		/** pending | approved | rejected */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("proposed_by", "text", (c) => c.notNull())
		.addColumn("decided_by", "text")
		.addColumn("decision_note", "text")
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("decided_at", "text")
		.execute();
	await db.schema
		.createIndex("capability_proposals_lab_idx")
		.on("capability_proposals")
		.columns(["lab_id", "status"])
		.execute();

	await table("audit_log")
		.addColumn("at", "text", (c) => c.notNull())
		/** account | api_key | cli | system | anonymous */
		.addColumn("actor_type", "text", (c) => c.notNull())
		.addColumn("actor_id", "text")
		/** Username, key id or operator name, for reading without joins. */
		.addColumn("actor_label", "text")
		/** The organisation the actor acts for, and the one the record belongs to. */
		.addColumn("actor_org_id", ref)
		.addColumn("subject_org_id", ref)
		/** The session (hash prefix) or API key the write came through. */
		.addColumn("via", "text")
		.addColumn("action", "text", (c) => c.notNull())
		/** ok | denied | rejected | error */
		.addColumn("outcome", "text", (c) => c.notNull())
		.addColumn("target_type", "text")
		.addColumn("target_key", "text")
		.addColumn("before_sha256", "text")
		.addColumn("after_sha256", "text")
		.addColumn("ip", "text")
		.addColumn("request_id", "text")
		/** A short JSON note (rule broken, reason given); never personal data. */
		.addColumn("detail", "text")
		.execute();
	await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
	await db.schema
		.createIndex("audit_log_target_idx")
		.on("audit_log")
		.columns(["target_type", "target_key"])
		.execute();
	await db.schema
		.createIndex("audit_log_subject_org_idx")
		.on("audit_log")
		.columns(["subject_org_id", "id"])
		.execute();
	await db.schema
		.createIndex("audit_log_actor_idx")
		.on("audit_log")
		.columns(["actor_type", "actor_id"])
		.execute();

	// Append-only: the database itself refuses to change or remove an audit entry.
	if (pgDb) {
		await sql`create function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$`.execute(
			db,
		);
		await sql`create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(
			db,
		);
	} else {
		await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
			db,
		);
		await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
			db,
		);
	}
}

export async function down(db: AnyDb): Promise<void> {
	const pgDb = isPostgres(db);
	await db.schema.dropTable("audit_log").execute();
	if (pgDb) await sql`drop function if exists audit_log_append_only()`.execute(db);
	for (const t of ["capability_proposals", "api_keys", "sessions", "accounts"])
		await db.schema.dropTable(t).execute();
}
