/** An application over a test database, driven with app.inject() (no sockets). */
import type { FastifyInstance } from "fastify";
import type { Clock } from "../../src/core/dates.ts";
import { buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import type { DatabaseKind } from "../../src/server/db/database.ts";
import { type TestDb, testDb } from "./db.ts";
import { clock as defaultClock } from "./factories.ts";

export interface TestApp {
	app: FastifyInstance;
	db: TestDb;
	/** GET a path and parse the JSON body. */
	// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
	get(path: string): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
	close(): Promise<void>;
}

export async function testApp(kind: DatabaseKind, clock: Clock = defaultClock): Promise<TestApp> {
	const db = await testDb(kind);
	const config = loadConfig({
		OPENTIC_DATA_DIR: "/tmp/opentic-test-unused",
		OPENTIC_PUBLIC_URL: "http://opentic.test",
	});
	const app = await buildApp({ db: db.db, dbKind: kind, clock, config });
	return {
		app,
		db,
		async get(path) {
			const res = await app.inject({ method: "GET", url: path });
			const type = String(res.headers["content-type"] ?? "");
			return {
				status: res.statusCode,
				body: type.includes("json") ? res.json() : res.body,
				headers: res.headers,
			};
		},
		async close() {
			await app.close();
			await db.destroy();
		},
	};
}
