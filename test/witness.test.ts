/**
 * Witnesses (c2sp.org/tlog-witness, c2sp.org/tlog-cosignature) end to end: independent witness servers on
 * loopback ports, one of them stopped; the register keeps answering writes; the running witness cosigns;
 * /log/checkpoint opens under a witness quorum as an outsider would open it; the witness refuses stale
 * sizes, strangers' checkpoints and forks, and remembers what it cosigned across a restart.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { formatCheckpoint, openCheckpoint } from "../src/core/tlog/checkpoint.ts";
import { cosignatureSigner, parseCosignatureVerifierKey } from "../src/core/tlog/cosignature.ts";
import { TlogError } from "../src/core/tlog/errors.ts";
import { EMPTY_ROOT, utf8 } from "../src/core/tlog/hash.ts";
import {
	ed25519Signer,
	parseNote,
	parseSignerKey,
	parseVerifierKey,
	signNote,
} from "../src/core/tlog/note.ts";
import { verifyTlogProof } from "../src/core/tlog/tlog-proof.ts";
import { MemoryTree } from "../src/core/tlog/tree.ts";
import { formatAddCheckpoint, parseAddCheckpoint } from "../src/core/tlog/witness.ts";
import { ConfigError, loadConfig } from "../src/server/config.ts";
import { newestWitnessedSizeQuery } from "../src/server/log/witnesses.repository.ts";
import { type RunningWitness, startWitness } from "../src/server/witness/witness.app.ts";
import { loadWitnessSettings } from "../src/server/witness/witness.config.ts";
import { logsByOrigin, Witness } from "../src/server/witness/witness.service.ts";
import { WitnessStore } from "../src/server/witness/witness.store.ts";
import { generatedWitnessKeyFile, resolveWitnessKey } from "../src/server/witness/witness-key.ts";
import { makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS, testDb } from "./helpers/db.ts";
import { cert, clock, makeCb, TEST_LOG_KEY } from "./helpers/factories.ts";

const LOG = parseSignerKey(TEST_LOG_KEY);
const ORIGIN = LOG.name;
const logVerifier = parseVerifierKey(LOG.verifierKey);

function tmpDir(name: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), `opentic-${name}-`));
}

/** A witness of the test log on a loopback port, its state and key in `dir`. */
function witnessAt(dir: string, opts: { port?: number; name?: string; logs?: string[] } = {}) {
	return startWitness(
		loadWitnessSettings(
			{
				port: String(opts.port ?? 0),
				host: "127.0.0.1",
				dataDir: dir,
				name: opts.name ?? "w.test",
				log: opts.logs ?? [LOG.verifierKey],
			},
			{},
		),
	);
}

/** POSTs an add-checkpoint body to a witness, on a connection of its own (witnesses restart here). */
function add(w: RunningWitness | string, body: string) {
	const url = new URL(`${typeof w === "string" ? w : w.url}/add-checkpoint`);
	return new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
		const req = http.request(url, { method: "POST", agent: false }, (res) => {
			let text = "";
			res.setEncoding("utf8");
			res.on("data", (d) => {
				text += d;
			});
			res.on("end", () =>
				resolve({ status: res.statusCode!, type: res.headers["content-type"], body: text }),
			);
		});
		req.on("error", reject);
		req.end(body);
	});
}

/** A checkpoint of the test log's origin, signed with the test log's key unless told otherwise. */
function logCheckpoint(size: number, root: Uint8Array, key: Parameters<typeof signNote>[1][number] = LOG) {
	return signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash: root, extensions: [] }), [key]);
}

const randomHash = () => crypto.getRandomValues(new Uint8Array(32));

for (const kind of DIALECTS) {
	describe(`witnesses [${kind}]`, () => {
		let t: TestApp;
		let w1: RunningWitness;
		let w1Port: number;
		let w2Url: string;
		let w2Key: string;
		let dirs: string[];
		let as: { cookie: string; csrf: string };
		let cb: string;

		const write = async () => {
			const res = await t.request("POST", "/api/v1/certificates", { as, body: cert(cb) });
			assert.equal(res.status, 201, res.raw);
			return res;
		};
		const collect = () => t.app.tlog.witnesses!.collect();
		const outcome = async (witnessName: string) => {
			const results = await collect();
			return results.find((r) => r.witness.startsWith(`${witnessName}+`));
		};
		const stateOfW1 = () => w1.witness.store.get(ORIGIN);

		before(async () => {
			dirs = [tmpDir("w1"), tmpDir("w2")];
			w1 = await witnessAt(dirs[0]!, { name: "w1.test" });
			w1Port = Number(new URL(w1.url).port);
			// The second witness runs once, long enough to have a key and an address, then stops.
			const w2 = await witnessAt(dirs[1]!, { name: "w2.test" });
			w2Url = w2.url;
			w2Key = w2.witness.verifierKey;
			await w2.close();
			t = await testApp(kind, clock, {
				OPENTIC_LOG_WITNESSES: `${w1.witness.verifierKey}@${w1.url}/,\n${w2Key}@${w2Url}`,
				OPENTIC_LOG_WITNESS_QUORUM: "1",
			});
			cb = await makeCb(t.db.db);
			await makeAccount(t, "witness-cb", "cb_operator", cb);
			as = await t.signIn("witness-cb");
		});
		after(async () => {
			await t.close();
			await w1.close();
			for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
		});

		it("finds the checkpoint to serve by reading the cosignatures' primary key backwards", async () => {
			const db = await testDb(kind);
			try {
				// Enough rows that a planner prefers the index, as it will in production.
				const series =
					kind === "postgres"
						? sql`generate_series(1, 20000) as g(g)`
						: sql`(with recursive s(g) as (select 1 union all select g + 1 from s where g < 20000) select g from s)`;
				await sql`insert into log_cosignatures (size, witness, line, created_at)
					select g, w, 'line', 't' from ${series}, (select 'a' as w union all select 'b') as ws`.execute(
					db.db,
				);
				await sql`analyze`.execute(db.db);
				const q = newestWitnessedSizeQuery(db.db, ["a", "b"], 2).compile();
				const explain = kind === "postgres" ? "explain " : "explain query plan ";
				const plan = await db.db.executeQuery<Record<string, string>>({ ...q, sql: explain + q.sql });
				const text = plan.rows.map((r) => r["QUERY PLAN"] ?? r.detail).join("\n");
				if (kind === "sqlite") assert.match(text, /COVERING INDEX sqlite_autoindex_log_cosignatures/);
				else assert.match(text, /Index Only Scan Backward using log_cosignatures_pk/);
				assert.doesNotMatch(text, /TEMP B-TREE|Sort/, text);
			} finally {
				await db.destroy();
			}
		});

		it("answers writes while one witness is stopped, and serves the checkpoint the running one cosigned", async () => {
			const res = await write();
			const receiptSize = Number(res.headers["opentic-log-size"]);
			const results = await collect();
			assert.equal(results.length, 2);
			const [one, two] = results;
			assert.match(one!.outcome, /^(cosigned|current)$/, JSON.stringify(results));
			assert.match(two!.outcome, /^(failed|waiting)$/, JSON.stringify(results));

			const cp = await t.app.inject({ method: "GET", url: "/log/checkpoint" });
			assert.equal(cp.statusCode, 200, cp.body);
			assert.match(String(cp.headers["content-type"]), /^text\/plain/);
			const w1v = parseCosignatureVerifierKey(w1.witness.verifierKey);
			const w2v = parseCosignatureVerifierKey(w2Key);
			const opened = openCheckpoint(cp.body, {
				origin: ORIGIN,
				logKeys: [logVerifier],
				witnesses: [w1v, w2v],
				quorum: 1,
			});
			assert.ok(opened.checkpoint.size >= receiptSize);
			assert.deepEqual(
				opened.cosignatures.map((s) => s.name),
				["w1.test"],
			);
			// Two witnesses are more than this checkpoint has.
			assert.throws(
				() =>
					openCheckpoint(cp.body, {
						origin: ORIGIN,
						logKeys: [logVerifier],
						witnesses: [w1v, w2v],
						quorum: 2,
					}),
				(e) => e instanceof TlogError && e.code === "TLOG_NOTE_UNVERIFIED",
			);
			// The witness's state is the checkpoint it cosigned.
			assert.equal(stateOfW1()?.size, opened.checkpoint.size);
			// The JSON API presents the log's own note, and beside it the witnessed one /log/checkpoint serves.
			const api = await t.get("/api/v1/log/checkpoint");
			assert.equal(parseNote(api.body.checkpoint.note).signatures.length, 1);
			assert.equal(api.body.witnessed, (await t.app.inject({ method: "GET", url: "/log/checkpoint" })).body);
			assert.equal(parseNote(api.body.witnessed).signatures.length, 2);
			// A record's proof file carries the witnessed checkpoint and checks under the quorum, offline.
			const { number } = await t.db.db
				.selectFrom("certificates")
				.select("number")
				.orderBy("id", "desc")
				.limit(1)
				.executeTakeFirstOrThrow();
			const proof = (await t.get(`/api/v1/certificates/${number}/proof`)).body;
			const checked = verifyTlogProof(
				proof.tlogProof,
				{ entry: utf8(proof.entry) },
				{ origin: ORIGIN, logKeys: [logVerifier], witnesses: [w1v, w2v], quorum: 1 },
			);
			assert.equal(checked.checkpoint.size, opened.checkpoint.size);
			assert.deepEqual(
				checked.cosignatures.map((s) => s.name),
				["w1.test"],
			);
		});

		it("holds /log/checkpoint back until a checkpoint meets the quorum, while writes still answer", async () => {
			const solo = await testApp(kind, clock, {
				OPENTIC_LOG_WITNESSES: `${w2Key}@${w2Url}`,
				OPENTIC_LOG_WITNESS_QUORUM: "1",
			});
			try {
				const soloCb = await makeCb(solo.db.db);
				await makeAccount(solo, "solo-cb", "cb_operator", soloCb);
				const soloAs = await solo.signIn("solo-cb");
				const res = await solo.request("POST", "/api/v1/certificates", { as: soloAs, body: cert(soloCb) });
				assert.equal(res.status, 201, res.raw);
				assert.ok(res.headers["opentic-log-size"]);
				const results = await solo.app.tlog.witnesses!.collect();
				assert.match(results[0]!.outcome, /^(failed|waiting)$/);
				const cp = await solo.app.inject({ method: "GET", url: "/log/checkpoint" });
				assert.equal(cp.statusCode, 404);
				assert.match(cp.body, /quorum/);
			} finally {
				await solo.close();
			}
		});

		it("asks a witness again after a 409, from the size the witness says it has", async () => {
			// The log forgets what the witness cosigned: its request says old 0, the witness answers 409 with
			// its size, and the retry from that size (an empty proof: the same checkpoint) is cosigned again.
			const have = stateOfW1()!.size;
			assert.equal((await t.app.tlog.latest())?.size, have);
			await t.db.db.deleteFrom("log_witnesses").execute();
			await t.db.db.deleteFrom("log_cosignatures").execute();
			const r = await outcome("w1.test");
			assert.equal(r?.outcome, "cosigned", JSON.stringify(r));
			const remembered = await t.db.db.selectFrom("log_witnesses").selectAll().execute();
			assert.deepEqual(
				remembered.map((x) => [x.witness.split("+")[0], Number(x.size)]),
				[["w1.test", have]],
			);
			// And from there, a new checkpoint is sent with a consistency proof from that size.
			await write();
			await collect();
			assert.ok(stateOfW1()!.size > have);
			const rows = await t.db.db.selectFrom("log_cosignatures").select("size").orderBy("size").execute();
			assert.deepEqual(
				rows.map((x) => Number(x.size)),
				[have, stateOfW1()!.size],
			);
		});

		it("refuses a stale old size with 409 and its size as text/x.tlog.size", async () => {
			const latest = (await t.app.tlog.latest())!;
			const res = await add(w1, formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: latest.note }));
			assert.equal(res.status, 409);
			assert.equal(res.type, "text/x.tlog.size");
			assert.equal(res.body, `${stateOfW1()!.size}\n`);
		});

		it("refuses a checkpoint signed by a key it does not trust (403) or of a log it does not witness (404)", async () => {
			const stranger = ed25519Signer(ORIGIN, new Uint8Array(32).fill(42));
			const forged = logCheckpoint(3, randomHash(), stranger);
			const res = await add(w1, formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: forged }));
			assert.equal(res.status, 403, res.body);
			const other = ed25519Signer("other.test/log", new Uint8Array(32).fill(43));
			const otherCp = signNote(
				formatCheckpoint({ origin: other.name, size: 0, rootHash: EMPTY_ROOT, extensions: [] }),
				[other],
			);
			assert.equal(
				(await add(w1, formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: otherCp }))).status,
				404,
			);
			assert.equal((await add(w1, "old 0\n")).status, 400);
			assert.equal((await add(w1, "")).status, 400);
		});

		it("refuses a fork — its size with another root (409), or a proof that does not verify (422) — and keeps it", async () => {
			const have = stateOfW1()!;
			const evidence = w1.witness.store.evidence().length;
			const sameSize = await add(
				w1,
				formatAddCheckpoint({
					oldSize: have.size,
					proof: [],
					checkpoint: logCheckpoint(have.size, randomHash()),
				}),
			);
			assert.equal(sameSize.status, 409);
			assert.notEqual(sameSize.type, "text/x.tlog.size", "a fork is not a stale size");
			const bigger = await add(
				w1,
				formatAddCheckpoint({
					oldSize: have.size,
					proof: [randomHash(), randomHash()],
					checkpoint: logCheckpoint(have.size + 5, randomHash()),
				}),
			);
			assert.equal(bigger.status, 422, bigger.body);
			assert.deepEqual(stateOfW1(), have, "nothing was recorded");
			const kept = w1.witness.store.evidence().slice(evidence);
			assert.deepEqual(
				kept.map((e) => e.code),
				["WITNESS_FORK", "WITNESS_INCONSISTENT"],
			);
			assert.equal(parseAddCheckpoint(kept[1]!.request).oldSize, have.size);
		});

		it("keeps its key and state across a restart, and cosigns the log's next checkpoint", async () => {
			const before = stateOfW1()!;
			const vkey = w1.witness.verifierKey;
			await w1.close();
			w1 = await witnessAt(dirs[0]!, { port: w1Port, name: "w1.test" });
			assert.equal(w1.witness.verifierKey, vkey);
			assert.deepEqual(stateOfW1(), before);
			const latest = (await t.app.tlog.latest())!;
			const stale = await add(w1, formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: latest.note }));
			assert.equal(stale.body, `${before.size}\n`);
			// The write's own signing run asks the witnesses in the background; collect waits for that round.
			t.app.tlog.witnesses!.retryNow();
			await write();
			assert.match(String((await outcome("w1.test"))?.outcome), /^(cosigned|current)$/);
			assert.ok(stateOfW1()!.size > before.size);
			assert.equal(stateOfW1()!.size, (await t.app.tlog.latest())!.size);
		});
	});
}

describe("a witness under concurrent requests", () => {
	it("lets exactly one of several requests from one old size win, and never rolls its size back", async () => {
		const dir = tmpDir("wc");
		const logKey = ed25519Signer("concurrent.test/log", new Uint8Array(32).fill(5));
		const w = await witnessAt(dir, { name: "wc.test", logs: [logKey.verifierKey] });
		try {
			const tree = new MemoryTree();
			for (let i = 0; i < 40; i++) tree.append(utf8(`entry ${i}`));
			const cp = (size: number) =>
				signNote(formatCheckpoint({ origin: logKey.name, size, rootHash: tree.root(size), extensions: [] }), [
					logKey,
				]);
			const from = (old: number, size: number) =>
				formatAddCheckpoint({
					oldSize: old,
					proof: old === 0 ? [] : tree.consistencyProof(old, size),
					checkpoint: cp(size),
				});
			const first = await Promise.all(Array.from({ length: 12 }, (_, i) => add(w, from(0, i + 1))));
			const won = first.filter((r) => r.status === 200);
			assert.equal(won.length, 1, JSON.stringify(first.map((r) => r.status)));
			const size = w.witness.store.get(logKey.name)!.size;
			for (const r of first.filter((x) => x.status !== 200))
				assert.deepEqual([r.status, r.body], [409, `${size}\n`]);
			// From the winner's size, larger and smaller checkpoints race; the size only grows.
			const second = await Promise.all(
				[size + 10, size + 20, size + 5].map((n) => add(w, from(size, Math.min(n, 40)))),
			);
			assert.equal(second.filter((r) => r.status === 200).length, 1);
			assert.ok(w.witness.store.get(logKey.name)!.size > size);
		} finally {
			await w.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it("refuses a swap from a state that another process changed meanwhile", () => {
		const dir = tmpDir("ws");
		const file = path.join(dir, "witness.sqlite");
		const a = new WitnessStore(file);
		const b = new WitnessStore(file);
		try {
			const s1 = { size: 1, rootHash: randomHash() };
			assert.equal(a.compareAndSwap("o", null, s1, "t"), true);
			assert.equal(b.compareAndSwap("o", null, s1, "t"), false, "two first checkpoints cannot both win");
			const seen = b.get("o")!;
			assert.equal(a.compareAndSwap("o", seen, { size: 9, rootHash: randomHash() }, "t"), true);
			assert.equal(b.compareAndSwap("o", seen, { size: 5, rootHash: randomHash() }, "t"), false);
			assert.equal(
				b.compareAndSwap("o", b.get("o")!, { size: 3, rootHash: randomHash() }, "t"),
				false,
				"never back",
			);
			assert.equal(b.get("o")!.size, 9);
		} finally {
			a.close();
			b.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it("answers every request from its own decision over one store", () => {
		const store = new WitnessStore(":memory:");
		const signer = cosignatureSigner("wm.test", new Uint8Array(32).fill(6));
		const w = new Witness(store, signer, logsByOrigin([LOG.verifierKey, LOG.verifierKey]));
		const tree = new MemoryTree();
		tree.append(utf8("x"));
		const ok = w.addCheckpoint(
			utf8(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: logCheckpoint(1, tree.root()) })),
		);
		assert.equal(ok.status, 200, ok.body);
		assert.match(ok.body, /^— wm\.test /);
		store.close();
	});
});

describe("witness configuration", () => {
	const w = cosignatureSigner("w.example", new Uint8Array(32).fill(1)).verifierKey;
	const w2 = cosignatureSigner("w2.example", new Uint8Array(32).fill(2)).verifierKey;
	const problems = (env: Record<string, string>) => {
		try {
			loadConfig({ OPENTIC_LOG_KEY: TEST_LOG_KEY, ...env });
			return [];
		} catch (e) {
			assert.ok(e instanceof ConfigError);
			return e.problems;
		}
	};

	it("reads OPENTIC_LOG_WITNESSES separated by commas or newlines, and a quorum", () => {
		const c = loadConfig({
			OPENTIC_LOG_WITNESSES: ` ${w}@https://w.example/witness/ \n${w2}@http://127.0.0.1:9000`,
			OPENTIC_LOG_WITNESS_QUORUM: "2",
		});
		assert.deepEqual(c.logWitnesses, [
			{ verifierKey: w, url: "https://w.example/witness" },
			{ verifierKey: w2, url: "http://127.0.0.1:9000" },
		]);
		assert.equal(c.logWitnessQuorum, 2);
		const none = loadConfig({});
		assert.deepEqual([none.logWitnesses, none.logWitnessQuorum], [[], 0]);
	});

	it("names every bad entry and a quorum larger than the witnesses", () => {
		const found = problems({
			OPENTIC_LOG_WITNESSES: [
				"no-at-sign",
				`${w}@ftp://w.example`,
				`${LOG.verifierKey}@https://log-key.example`,
				`${w}@https://user:pw@w.example`,
				`${w}@https://w.example`,
				`${w}@https://again.example`,
			].join(","),
			OPENTIC_LOG_WITNESS_QUORUM: "7",
		});
		assert.equal(found.length, 6, found.join("\n"));
		assert.match(found[0]!, /no-at-sign.*<witness verifier key>@<base URL>/);
		assert.match(found[1]!, /ftp:\/\/w\.example/);
		assert.match(found[2]!, /not a witness's cosignature verifier key/);
		assert.match(found[3]!, /without query or credentials/);
		assert.match(found[4]!, /listed twice/);
		assert.match(found[5]!, /OPENTIC_LOG_WITNESS_QUORUM=7/);
		assert.match(problems({ OPENTIC_LOG_WITNESS_QUORUM: "1" })[0]!, /more than the 0 witnesses/);
		assert.match(problems({ OPENTIC_LOG_WITNESS_QUORUM: "-1" })[0]!, /OPENTIC_LOG_WITNESS_QUORUM/);
	});

	it("checks the witness server's settings field by field", () => {
		assert.throws(
			() => loadWitnessSettings({}, {}),
			(e) => e instanceof ConfigError && /at least one log/.test(e.message),
		);
		try {
			loadWitnessSettings(
				{ port: "70000", name: "has space", log: ["nonsense", LOG.verifierKey, LOG.verifierKey] },
				{ OPENTIC_WITNESS_KEY: "nope" },
			);
			assert.fail("the settings were accepted");
		} catch (e) {
			assert.ok(e instanceof ConfigError);
			assert.equal(e.problems.length, 5, e.problems.join("\n"));
		}
		const s = loadWitnessSettings(
			{},
			{ OPENTIC_WITNESS_LOGS: `${LOG.verifierKey}\n`, OPENTIC_WITNESS_PORT: "9001" },
		);
		assert.deepEqual([s.port, s.logs], [9001, [LOG.verifierKey]]);
	});

	it("generates the witness's key on first run, says so, and reuses it", () => {
		const dir = tmpDir("wk");
		try {
			const said: string[] = [];
			const settings = { dataDir: dir, key: null, keyFile: null, name: "wk.test" };
			const first = resolveWitnessKey(settings, (m) => said.push(m));
			assert.equal(said.length, 1);
			assert.match(said[0]!, new RegExp(first.verifierKey.replace(/[+/]/g, "\\$&")));
			assert.equal((fs.statSync(generatedWitnessKeyFile(settings)).mode & 0o777).toString(8), "600");
			const again = resolveWitnessKey(settings, (m) => said.push(m));
			assert.equal(again.verifierKey, first.verifierKey);
			assert.equal(said.length, 1, "a reused key is not announced again");
			assert.throws(() => resolveWitnessKey({ ...settings, name: "renamed.test" }), ConfigError);
			assert.throws(() => resolveWitnessKey({ ...settings, key: "PRIVATE+KEY+x" }), ConfigError);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe("opentic witness", () => {
	// The commands as main.ts registers them, on a program of their own.
	const ROOT = path.resolve(import.meta.dirname, "..");
	const PROGRAM = [
		"--import",
		"tsx",
		"-e",
		`const { Command } = await import("commander");
		const { registerWitnessCommands } = await import("./src/cli/witness.command.ts");
		const program = new Command().name("opentic");
		registerWitnessCommands(program);
		await program.parseAsync(process.argv.slice(1), { from: "user" });`,
	];
	const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
		spawnSync(process.execPath, [...PROGRAM, ...args], {
			cwd: ROOT,
			encoding: "utf8",
			timeout: 60_000,
			env: { ...process.env, ...env },
		});

	it("keygen prints a cosigning key and its verifier key", () => {
		const r = cli(["witness", "keygen", "--name", "cli.test"]);
		assert.equal(r.status, 0, r.stderr);
		const signer = resolveWitnessKey({
			dataDir: "/nonexistent",
			key: r.stdout.trim(),
			keyFile: null,
			name: null,
		});
		assert.equal(signer.name, "cli.test");
		assert.match(r.stderr, new RegExp(signer.verifierKey.replace(/[+/]/g, "\\$&")));
		assert.equal(cli(["witness", "keygen", "--name", "two words"]).status, 2);
	});

	it("serve stops with the list of problems, or runs and answers add-checkpoint", async () => {
		const bad = cli(["witness", "serve", "--port", "x"], { OPENTIC_WITNESS_LOGS: "" });
		assert.equal(bad.status, 2);
		assert.match(bad.stderr, /OPENTIC_WITNESS_PORT[\s\S]*at least one log/);

		const dir = tmpDir("wcli");
		let child: ChildProcess | undefined;
		try {
			child = spawn(
				process.execPath,
				[
					...PROGRAM,
					"witness",
					"serve",
					"--port",
					"0",
					"--host",
					"127.0.0.1",
					"--data-dir",
					dir,
					"--log",
					LOG.verifierKey,
				],
				{
					cwd: ROOT,
					env: { ...process.env, OPENTIC_LOG_LEVEL: "silent" },
					stdio: ["ignore", "ignore", "pipe"],
				},
			);
			let err = "";
			const url = await new Promise<string>((resolve, reject) => {
				child!.stderr!.on("data", (d) => {
					err += String(d);
					const m = /running on (http:\/\/\S+?)\/add-checkpoint/.exec(err);
					if (m) resolve(m[1]!);
				});
				child!.on("exit", () => reject(new Error(`witness serve exited: ${err}`)));
			});
			assert.match(err, /generated a new witness key/);
			const root = new MemoryTree();
			root.append(utf8("one"));
			const res = await add(
				url,
				formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: logCheckpoint(1, root.root()) }),
			);
			assert.equal(res.status, 200, res.body);
		} finally {
			if (child?.pid && child.exitCode === null) {
				const exited = new Promise((r) => child!.once("exit", r));
				child.kill("SIGTERM");
				await exited;
			}
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
