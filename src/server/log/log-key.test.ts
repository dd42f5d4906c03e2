import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { generateKey } from "../../core/tlog/note.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { generatedKeyFile, resolveLogIdentity } from "./log-key.ts";

describe("the log's signing key", () => {
	it("is generated into the data folder on first run on the embedded database, said aloud, and reused", () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-key-"));
		const config = loadConfig({ OPENTIC_DATA_DIR: dir, PORT: "8123" });
		const said: string[] = [];
		const first = resolveLogIdentity(config, (m) => said.push(m));
		assert.equal(first.origin, "localhost:8123/log");
		assert.equal(said.length, 1);
		assert.match(said[0]!, /generated a new log signing key/);
		assert.equal(fs.statSync(generatedKeyFile(config)).mode & 0o777, 0o600);
		const again = resolveLogIdentity(config, (m) => said.push(m));
		assert.equal(again.verifierKey, first.verifierKey);
		assert.equal(said.length, 1, "a reused key is not announced again");
	});

	it("must be configured on PostgreSQL, where every instance signs with the same key", () => {
		const config = loadConfig({ DATABASE_URL: "postgres://u@db/opentic", OPENTIC_DATA_DIR: "/nonexistent" });
		assert.throws(
			() => resolveLogIdentity(config),
			(e: unknown) => e instanceof ConfigError && /OPENTIC_LOG_KEY/.test(e.message),
		);
	});

	it("comes from the environment or a file, and must be named after the origin", () => {
		const { signerKey, verifierKey } = generateKey("register.example.gov.cn/log");
		const fromEnv = resolveLogIdentity(
			loadConfig({ DATABASE_URL: "postgres://u@db/x", OPENTIC_LOG_KEY: signerKey }),
		);
		assert.equal(fromEnv.verifierKey, verifierKey);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "opentic-key-")), "log.key");
		fs.writeFileSync(file, `${signerKey}\n`);
		assert.equal(
			resolveLogIdentity(loadConfig({ OPENTIC_LOG_KEY_FILE: file })).origin,
			"register.example.gov.cn/log",
		);
		assert.throws(
			() =>
				resolveLogIdentity(
					loadConfig({ OPENTIC_LOG_KEY: signerKey, OPENTIC_LOG_ORIGIN: "other.example/log" }),
				),
			/named after its origin/,
		);
		assert.throws(() => loadConfig({ OPENTIC_LOG_KEY: "not-a-key" }), /OPENTIC_LOG_KEY/);
		assert.throws(
			() => resolveLogIdentity(loadConfig({ OPENTIC_LOG_KEY: `${signerKey.slice(0, -4)}AAA=` })),
			(e: unknown) => e instanceof ConfigError && !e.message.includes(signerKey.split("+")[4]!),
			"a bad key is refused without printing it",
		);
		assert.throws(
			() => resolveLogIdentity(loadConfig({ OPENTIC_LOG_KEY_FILE: "/nonexistent/log.key" })),
			/cannot read/,
		);
	});
});
