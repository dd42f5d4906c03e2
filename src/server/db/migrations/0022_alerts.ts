/**
 * Risk alerts (风险预警、快速处置、信息通报): an alert raised by hand or by a triggering fact (a failed spot
 * check, a withdrawn certificate, a confirmed fraud signal, a failed product, another region's alert), the
 * records found connected to its trigger when it was raised (a snapshot, so the alert keeps saying what
 * was known then), the handling tasks with their deadlines, and the other regions whose signed alerts are
 * accepted — each signature once. Frozen in time.
 */
import { type ColumnDefinitionBuilder, type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	const ref = pg ? ("bigint" as const) : ("integer" as const);
	const id = (c: ColumnDefinitionBuilder) =>
		pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
	await db.schema
		.createTable("alert_peers")
		.addColumn("id", ref, id)
		/** The region's code, as it names itself in the signature's key id (e.g. "jiangsu"). */
		.addColumn("code", "text", (c) => c.notNull().unique())
		.addColumn("name", "text", (c) => c.notNull())
		/** The shared HMAC secret; needed in clear to check signatures, so only administrators set it. */
		.addColumn("secret", "text", (c) => c.notNull())
		/** active | disabled */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addCheckConstraint("alert_peers_status", sql`status in ('active', 'disabled')`)
		.execute();
	await db.schema
		.createTable("alerts")
		.addColumn("id", ref, id)
		/** YJ-YYYY-NNNNNN */
		.addColumn("number", "text", (c) => c.notNull().unique())
		.addColumn("title", "text", (c) => c.notNull())
		.addColumn("title_en", "text")
		/** serious | high | medium | low */
		.addColumn("severity", "text", (c) => c.notNull())
		/** manual | spotcheck_failed | certificate_withdrawn | fraud_signal | other_region | product_failed */
		.addColumn("source", "text", (c) => c.notNull())
		/** The triggering record: organization | certificate | report | person | product, and its key. */
		.addColumn("trigger_kind", "text", (c) => c.notNull())
		.addColumn("trigger_key", "text", (c) => c.notNull())
		/** Public. */
		.addColumn("description", "text", (c) => c.notNull())
		/** Regulators only. */
		.addColumn("internal_note", "text")
		/** open | handling | closed */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("published", "integer", (c) => c.notNull().defaultTo(0))
		.addColumn("published_at", "text")
		/** Comma-separated USCCs and district codes of the affected organisations (filters, log facts). */
		.addColumn("orgs", "text", (c) => c.notNull())
		.addColumn("districts", "text", (c) => c.notNull())
		/** Inbound alerts: the sending region and its own number for the alert. */
		.addColumn("peer_id", ref, (c) => c.references("alert_peers.id"))
		.addColumn("peer_ref", "text")
		.addColumn("raised_by", "text", (c) => c.notNull())
		.addColumn("raised_at", "text", (c) => c.notNull())
		.addColumn("updated_at", "text", (c) => c.notNull())
		.addColumn("closed_at", "text")
		.addColumn("closed_by", "text")
		.addColumn("conclusion", "text")
		/** Index of the newest log entry about the alert. */
		.addColumn("log_idx", ref)
		.addCheckConstraint("alerts_severity", sql`severity in ('serious', 'high', 'medium', 'low')`)
		.addCheckConstraint("alerts_status", sql`status in ('open', 'handling', 'closed')`)
		.addCheckConstraint(
			"alerts_source",
			sql`source in ('manual', 'spotcheck_failed', 'certificate_withdrawn', 'fraud_signal', 'other_region', 'product_failed')`,
		)
		.execute();
	// The board: newest first, by status; the portal: published ones.
	await db.schema
		.createIndex("alerts_board_idx")
		.on("alerts")
		.columns(["status", "raised_at", "id"])
		.execute();
	await db.schema.createIndex("alerts_raised_idx").on("alerts").columns(["raised_at", "id"]).execute();
	await db.schema
		.createIndex("alerts_trigger_idx")
		.on("alerts")
		.columns(["trigger_kind", "trigger_key"])
		.execute();
	await db.schema
		.createIndex("alerts_peer_ref_idx")
		.on("alerts")
		.columns(["peer_id", "peer_ref"])
		.unique()
		.where(sql.ref("peer_id"), "is not", null)
		.execute();
	await db.schema
		.createTable("alert_affected")
		.addColumn("id", ref, id)
		.addColumn("alert_id", ref, (c) => c.notNull().references("alerts.id").onDelete("cascade"))
		/** `${kind}:${key}` as tracing names it. */
		.addColumn("node_id", "text", (c) => c.notNull())
		.addColumn("kind", "text", (c) => c.notNull())
		.addColumn("key", "text", (c) => c.notNull())
		.addColumn("label", "text", (c) => c.notNull())
		.addColumn("status", "text")
		.addColumn("district", "text")
		.addColumn("hop", "integer", (c) => c.notNull())
		/** JSON array of node ids from the trigger to this record. */
		.addColumn("path_json", "text", (c) => c.notNull())
		/** How it is linked to the record before it on the path (holds, issued, audited, tested, signed…). */
		.addColumn("relation", "text")
		.execute();
	await db.schema
		.createIndex("alert_affected_alert_idx")
		.on("alert_affected")
		.columns(["alert_id", "node_id"])
		.unique()
		.execute();
	await db.schema.createIndex("alert_affected_node_idx").on("alert_affected").column("node_id").execute();
	await db.schema
		.createTable("alert_tasks")
		.addColumn("id", ref, id)
		.addColumn("alert_id", ref, (c) => c.notNull().references("alerts.id").onDelete("cascade"))
		.addColumn("seq", "integer", (c) => c.notNull())
		/** organization (a body or enterprise, by USCC) | district (its office, by code) | officer (by username) */
		.addColumn("assignee_kind", "text", (c) => c.notNull())
		.addColumn("assignee_key", "text", (c) => c.notNull())
		.addColumn("assignee_label", "text", (c) => c.notNull())
		/** The organisation assigned, so its accounts find the task. */
		.addColumn("org_id", ref, (c) => c.references("organizations.id"))
		.addColumn("action", "text", (c) => c.notNull())
		/** The rule that generated the task (cb_verify, lab_review, district_recall), null when added by hand. */
		.addColumn("rule", "text")
		/** China date, counted in working days from the day it was set. */
		.addColumn("deadline", "text", (c) => c.notNull())
		/** open | done (overdue is derived: open past the deadline) */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("done_note", "text")
		.addColumn("done_by", "text")
		.addColumn("done_at", "text")
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addCheckConstraint("alert_tasks_kind", sql`assignee_kind in ('organization', 'district', 'officer')`)
		.addCheckConstraint("alert_tasks_status", sql`status in ('open', 'done')`)
		.execute();
	await db.schema
		.createIndex("alert_tasks_alert_idx")
		.on("alert_tasks")
		.columns(["alert_id", "seq"])
		.unique()
		.execute();
	await db.schema
		.createIndex("alert_tasks_assignee_idx")
		.on("alert_tasks")
		.columns(["assignee_kind", "assignee_key", "status"])
		.execute();
	await db.schema
		.createTable("alert_inbound")
		.addColumn("id", ref, id)
		.addColumn("peer_id", ref, (c) => c.notNull().references("alert_peers.id"))
		/** The v1 signature, once: a replayed request is refused. */
		.addColumn("signature", "text", (c) => c.notNull().unique())
		.addColumn("signed_at", "integer", (c) => c.notNull())
		.addColumn("received_at", "text", (c) => c.notNull())
		.addColumn("alert_id", ref, (c) => c.references("alerts.id").onDelete("cascade"))
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("alert_inbound").execute();
	await db.schema.dropTable("alert_tasks").execute();
	await db.schema.dropTable("alert_affected").execute();
	await db.schema.dropTable("alerts").execute();
	await db.schema.dropTable("alert_peers").execute();
}
