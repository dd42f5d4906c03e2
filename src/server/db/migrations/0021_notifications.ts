/**
 * Notifications (信息通报): webhook subscriptions, buyers' watchlists, and the outbox they share.
 *
 * The transparency log is the outbox: `notify_state` holds the dispatcher's cursor (the next log index
 * it reads; null until the first subscription or watchlist exists). For each entry it reads, the
 * dispatcher writes `notify_deliveries` (one per subscription or watchlist webhook the entry matches,
 * unique per target and entry) and `notify_notices` (console notices for watchlists), and moves the
 * cursor, in one transaction. `notify_attempts` records every HTTP attempt. Frozen in time.
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
		.createTable("notify_subscriptions")
		.addColumn("id", ref, id)
		.addColumn("name", "text", (c) => c.notNull())
		/** district | region | procurement | other */
		.addColumn("subscriber_kind", "text", (c) => c.notNull())
		.addColumn("url", "text", (c) => c.notNull())
		/** The HMAC key (hex), kept to sign; shown once when made or rotated. */
		.addColumn("secret", "text", (c) => c.notNull())
		/** JSON arrays: event type prefixes, district codes, USCCs; empty: no filter. */
		.addColumn("event_types_json", "text", (c) => c.notNull())
		.addColumn("districts_json", "text", (c) => c.notNull())
		.addColumn("orgs_json", "text", (c) => c.notNull())
		/** low | medium | high | serious: alert entries below it are not sent; null: all. */
		.addColumn("min_severity", "text")
		/** active | paused */
		.addColumn("status", "text", (c) => c.notNull())
		.addColumn("created_by", "text", (c) => c.notNull())
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("updated_at", "text", (c) => c.notNull())
		.addCheckConstraint(
			"notify_subscriptions_kind",
			sql`subscriber_kind in ('district', 'region', 'procurement', 'other')`,
		)
		.addCheckConstraint("notify_subscriptions_status", sql`status in ('active', 'paused')`)
		.execute();

	await db.schema
		.createTable("watchlists")
		.addColumn("id", ref, id)
		/** The account that keeps it (`account:<id>`), or the operator for the command line. */
		.addColumn("owner", "text", (c) => c.notNull())
		.addColumn("name", "text", (c) => c.notNull())
		/** Optional webhook, signed with `secret` like a subscription's. */
		.addColumn("url", "text")
		.addColumn("secret", "text")
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("updated_at", "text", (c) => c.notNull())
		.execute();
	await db.schema.createIndex("watchlists_owner_idx").on("watchlists").column("owner").execute();

	await db.schema
		.createTable("watchlist_items")
		.addColumn("watchlist_id", ref, (c) => c.notNull().references("watchlists.id").onDelete("cascade"))
		.addColumn("org_id", ref, (c) => c.notNull().references("organizations.id"))
		.addColumn("uscc", "text", (c) => c.notNull())
		.addColumn("added_at", "text", (c) => c.notNull())
		.addPrimaryKeyConstraint("watchlist_items_pk", ["watchlist_id", "org_id"])
		.execute();
	// The dispatcher's lookup: which lists watch these organisations.
	await db.schema.createIndex("watchlist_items_uscc_idx").on("watchlist_items").column("uscc").execute();

	await db.schema
		.createTable("notify_deliveries")
		.addColumn("id", ref, id)
		/** subscription | watchlist */
		.addColumn("target_kind", "text", (c) => c.notNull())
		.addColumn("target_id", ref, (c) => c.notNull())
		.addColumn("log_idx", ref, (c) => c.notNull())
		.addColumn("event_type", "text", (c) => c.notNull())
		/** The JSON body, fixed when the delivery is made, so a retry sends the same bytes. */
		.addColumn("body", "text", (c) => c.notNull())
		/** pending | delivered | dead */
		.addColumn("state", "text", (c) => c.notNull())
		.addColumn("attempts", "integer", (c) => c.notNull())
		.addColumn("next_attempt_at", "text", (c) => c.notNull())
		.addColumn("last_status", "integer")
		.addColumn("last_error", "text")
		.addColumn("created_at", "text", (c) => c.notNull())
		.addColumn("delivered_at", "text")
		.addCheckConstraint("notify_deliveries_state", sql`state in ('pending', 'delivered', 'dead')`)
		.addCheckConstraint("notify_deliveries_target", sql`target_kind in ('subscription', 'watchlist')`)
		.addUniqueConstraint("notify_deliveries_once", ["target_kind", "target_id", "log_idx"])
		.execute();
	// The due queue, and a target's list by state.
	await db.schema
		.createIndex("notify_deliveries_due_idx")
		.on("notify_deliveries")
		.columns(["state", "next_attempt_at"])
		.execute();
	await db.schema
		.createIndex("notify_deliveries_target_idx")
		.on("notify_deliveries")
		.columns(["target_kind", "target_id", "state", "id"])
		.execute();

	await db.schema
		.createTable("notify_attempts")
		.addColumn("id", ref, id)
		.addColumn("delivery_id", ref, (c) => c.notNull().references("notify_deliveries.id").onDelete("cascade"))
		.addColumn("at", "text", (c) => c.notNull())
		/** The HTTP status, or null when no answer came (then `error` says why). */
		.addColumn("status", "integer")
		.addColumn("error", "text")
		.addColumn("duration_ms", "integer", (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("notify_attempts_delivery_idx")
		.on("notify_attempts")
		.column("delivery_id")
		.execute();

	await db.schema
		.createTable("notify_notices")
		.addColumn("id", ref, id)
		.addColumn("watchlist_id", ref, (c) => c.notNull().references("watchlists.id").onDelete("cascade"))
		.addColumn("log_idx", ref, (c) => c.notNull())
		.addColumn("uscc", "text", (c) => c.notNull())
		.addColumn("org_name", "text", (c) => c.notNull())
		.addColumn("event_type", "text", (c) => c.notNull())
		.addColumn("text_zh", "text", (c) => c.notNull())
		.addColumn("text_en", "text", (c) => c.notNull())
		.addColumn("at", "text", (c) => c.notNull())
		.addColumn("read_at", "text")
		.addUniqueConstraint("notify_notices_once", ["watchlist_id", "log_idx", "uscc"])
		.execute();
	await db.schema
		.createIndex("notify_notices_list_idx")
		.on("notify_notices")
		.columns(["watchlist_id", "read_at", "id"])
		.execute();

	await db.schema
		.createTable("notify_state")
		.addColumn("id", "integer", (c) => c.primaryKey())
		/** The next log index to read; null until there is something to notify. */
		.addColumn("cursor", ref)
		.execute();
	await db.insertInto("notify_state").values({ id: 1, cursor: null }).execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable("notify_state").execute();
	await db.schema.dropTable("notify_notices").execute();
	await db.schema.dropTable("notify_attempts").execute();
	await db.schema.dropTable("notify_deliveries").execute();
	await db.schema.dropTable("watchlist_items").execute();
	await db.schema.dropTable("watchlists").execute();
	await db.schema.dropTable("notify_subscriptions").execute();
}
