/** Small, named dialect checks for the few places where SQLite and PostgreSQL must differ. */
import { type Kysely, PostgresAdapter } from "kysely";

/** True when this Kysely instance talks to PostgreSQL. */
// biome-ignore lint/suspicious/noExplicitAny: works on any schema, typed or not
export function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}
