/** What routes and jobs are given: plain values, no container. */
import type SQLite from "better-sqlite3";
import type { Clock } from "../core/dates.ts";
import type { Config } from "./config.ts";
import type { DatabaseKind, Db } from "./db/database.ts";
import type { TransparencyLog } from "./log/log.service.ts";

export interface Deps {
	db: Db;
	dbKind: DatabaseKind;
	clock: Clock;
	config: Config;
	/** The raw connection under `db` when the register is on SQLite, for the few synchronous reads. */
	sqlite?: SQLite.Database;
	/** The transparency log; built from the configuration when absent. */
	tlog?: TransparencyLog;
}
