/**
 * Queries compiled once and run many times with new parameters, for the hottest reads (a certificate by
 * number is the public API's busiest request). Building and compiling a Kysely query costs more than
 * SQLite takes to answer a primary-key lookup; the compiled SQL is the same every time, so keep it.
 */
import type { Compilable, CompiledQuery } from "kysely";
import type { Db } from "./database.ts";

/**
 * Wraps a query builder: `build(db)` is called once per database with placeholder values, and each call
 * runs the compiled SQL with `params` in place of the placeholders, in the order they appear in the SQL.
 */
export function prepared<P extends readonly unknown[], R>(build: (db: Db) => Compilable<R>) {
	const compiled = new WeakMap<Db, CompiledQuery<R>>();
	return async (db: Db, ...params: P): Promise<R[]> => {
		let c = compiled.get(db);
		if (!c) {
			c = build(db).compile();
			if (c.parameters.length !== params.length)
				throw new Error(`prepared query takes ${c.parameters.length} parameters, given ${params.length}`);
			compiled.set(db, c);
		}
		const result = await db.executeQuery<R>({ ...c, parameters: params });
		return result.rows;
	};
}
