/** What routes and jobs are given: plain values, no container. */
import type { Clock } from "../core/dates.ts";
import type { Config } from "./config.ts";
import type { DatabaseKind, Db } from "./db/database.ts";

export interface Deps {
	db: Db;
	dbKind: DatabaseKind;
	clock: Clock;
	config: Config;
}
