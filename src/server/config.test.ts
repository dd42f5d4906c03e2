import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration", () => {
	it("defaults to the embedded database on port 8080 with the demo dataset", () => {
		const c = loadConfig({});
		assert.equal(c.port, 8080);
		assert.equal(c.databaseKind, "sqlite");
		assert.equal(c.sqliteFile, path.resolve("data/opentic.sqlite"));
		assert.equal(c.seedOnEmpty, "demo");
		assert.ok(Object.isFrozen(c));
	});

	it("switches to PostgreSQL on a postgres URL and does not seed it by default", () => {
		const c = loadConfig({ DATABASE_URL: "postgres://u@db:5432/opentic" });
		assert.equal(c.databaseKind, "postgres");
		assert.equal(c.seedOnEmpty, "none");
	});

	it("lists every bad value at once", () => {
		try {
			loadConfig({
				PORT: "eighty",
				DATABASE_URL: "mysql://x",
				OPENTIC_LOG_LEVEL: "loud",
				OPENTIC_SEED_ON_EMPTY: "all",
			});
			assert.fail("should throw");
		} catch (e) {
			assert.ok(e instanceof ConfigError);
			assert.equal(e.problems.length, 4);
			assert.match(e.message, /PORT="eighty"/);
			assert.match(e.message, /DATABASE_URL/);
		}
	});

	it("adds a year's working-day calendar from a file, and names a bad one", () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-cal-"));
		try {
			const good = path.join(dir, "good.json");
			fs.writeFileSync(good, JSON.stringify({ "2027": { holidays: ["2027-01-01"], workdays: [] } }));
			const c = loadConfig({ OPENTIC_WORKDAY_CALENDAR: good });
			assert.deepEqual(Object.keys(c.workdayCalendar).sort(), ["2025", "2026", "2027"]);
			const bad = path.join(dir, "bad.json");
			fs.writeFileSync(bad, JSON.stringify({ "2027": { holidays: ["2027-13-01"], workdays: [] } }));
			assert.throws(
				() => loadConfig({ OPENTIC_WORKDAY_CALENDAR: bad }),
				/OPENTIC_WORKDAY_CALENDAR=.*2027-13-01/,
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
