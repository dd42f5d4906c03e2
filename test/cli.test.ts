import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { cliEnv, DIALECTS, type TestDb, testDb } from "./helpers/db.ts";
import { applyOk, makeCb, newUscc } from "./helpers/factories.ts";

const BIN = path.resolve(import.meta.dirname, "../bin/opentic.mjs");

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
	const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", timeout: 120_000 });
	return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("opentic uscc check", () => {
	it("exits 0 for a valid code and 1 with the reason for an invalid one", () => {
		const ok = run(["uscc", "check", "91350100M000100Y43"]);
		assert.equal(ok.code, 0);
		assert.match(ok.out, /valid/);
		const bad = run(["uscc", "check", "91350100M000100Y42"]);
		assert.equal(bad.code, 1);
		assert.match(bad.out, /should be '3'/);
		assert.match(bad.out, /校验码/);
	});
});

for (const kind of DIALECTS) {
	describe(`opentic import, export and crash safety [${kind}]`, () => {
		let dir: string;
		let db: TestDb;
		let env: NodeJS.ProcessEnv;
		let cb: string;
		before(async () => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-cli-"));
			db = await testDb(kind, { sqliteFile: path.join(dir, "opentic.sqlite") });
			env = cliEnv(db, dir);
			cb = await makeCb(db.db);
		});
		after(async () => {
			await db.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		});

		it("applies good rows, lists bad ones in an error file and exits 1, then 0 once all apply", async () => {
			const file = path.join(dir, "certs.csv");
			const h = newUscc();
			const good = `000126Q0500001R0M,${cb},${h},上海命令行测试有限公司,QMS,软件开发,2025-01-01,2027-12-31`;
			const bad = `000126Q0500002R0M,${cb},${h},上海命令行测试有限公司,QMS,软件开发,2025-01-01,2024-12-31`;
			fs.writeFileSync(
				file,
				`number,cbUscc,holderUscc,holderName,scheme,scope,issueDate,expiryDate\n${good}\n${bad}\n`,
			);
			const first = run(["import", "--kind", "certificates", file], env);
			assert.equal(first.code, 1, first.err);
			assert.match(first.out, /1 created.*1 rejected/);
			const errors = fs.readFileSync(`${file}.errors.csv`, "utf8");
			assert.match(
				errors,
				/^\ufeffline,field,rule,message_zh,message_en\n3,expiryDate,DATE_ORDER,有效期截止日期必须晚于发证日期,/,
			);
			fs.writeFileSync(
				file,
				`number,cbUscc,holderUscc,holderName,scheme,scope,issueDate,expiryDate\n${good}\n`,
			);
			const second = run(["import", "--kind", "certificates", file], env);
			assert.equal(second.code, 0, second.err);
			assert.match(second.out, /0 created.*1 unchanged.*0 rejected/);
			const missing = run(["import", "--kind", "certificates", path.join(dir, "nope.csv")], env);
			assert.equal(missing.code, 2);
		});

		it("exports records that import back unchanged", async () => {
			await applyOk(db.db, "organizations", [
				{ uscc: newUscc(), kind: "enterprise", name: "上海导出测试有限公司", district: "310101" },
			]);
			for (const k of ["organizations", "qualifications", "certificates"]) {
				const out = path.join(dir, `${k}.jsonl`);
				const e = run(["export", "--kind", k, "--out", out], env);
				assert.equal(e.code, 0, e.err);
				const lines = fs.readFileSync(out, "utf8").trim().split("\n");
				assert.ok(lines.length > 0);
				assert.doesNotMatch(fs.readFileSync(out, "utf8"), /idNumber|phone/);
				const back = run(["import", "--kind", k, out], env);
				assert.equal(back.code, 0, back.out + back.err);
				assert.match(
					back.out,
					new RegExp(`${lines.length} rows read, 0 created, 0 updated, ${lines.length} unchanged`),
				);
			}
		});

		it("manages accounts and API keys from the command line", async () => {
			const runIn = (args: string[], input?: string) => {
				const r = spawnSync(process.execPath, [BIN, ...args], {
					env,
					encoding: "utf8",
					input,
					timeout: 60_000,
				});
				return { code: r.status, out: r.stdout, err: r.stderr };
			};
			const created = runIn([
				"user",
				"create",
				"--username",
				"cli.operator",
				"--role",
				"cb_operator",
				"--org",
				cb,
				"--name",
				"命令行操作员",
			]);
			assert.equal(created.code, 0, created.err);
			const password = /password: (\S+)/.exec(created.out)?.[1];
			assert.ok(password && password.length >= 10);
			const weak = runIn(
				[
					"user",
					"create",
					"--username",
					"cli.weak",
					"--role",
					"cb_operator",
					"--org",
					cb,
					"--password-stdin",
				],
				"short\n",
			);
			assert.equal(weak.code, 1);
			assert.match(weak.err, /PASSWORD_WEAK|password/);
			const list = runIn(["user", "list"]);
			assert.match(list.out, /cli\.operator\s+cb_operator/);
			const reset = runIn(
				["user", "reset-password", "cli.operator", "--password-stdin"],
				"a-New-password-9\n",
			);
			assert.equal(reset.code, 0, reset.err);
			const account = await db.db
				.selectFrom("accounts")
				.selectAll()
				.where("username", "=", "cli.operator")
				.executeTakeFirstOrThrow();
			assert.equal(account.must_change_password, 1);
			assert.equal(runIn(["user", "disable", "cli.operator"]).code, 0);
			assert.equal(
				(
					await db.db
						.selectFrom("accounts")
						.select("status")
						.where("username", "=", "cli.operator")
						.executeTakeFirstOrThrow()
				).status,
				"disabled",
			);
			const key = runIn([
				"apikey",
				"create",
				"--org",
				cb,
				"--name",
				"ERP",
				"--permissions",
				"certificates:write",
			]);
			assert.equal(key.code, 0, key.err);
			const keyId = /^otk_([A-Za-z0-9]{12})_/m.exec(key.out)?.[1];
			assert.ok(keyId);
			assert.match(runIn(["apikey", "list"]).out, new RegExp(`${keyId}.*last used never`));
			assert.equal(runIn(["apikey", "revoke", keyId!]).code, 0);
			assert.match(runIn(["apikey", "list"]).out, new RegExp(`${keyId}.*revoked`));
			const trail = await db.db
				.selectFrom("audit_log")
				.select(["action", "actor_type"])
				.where("actor_type", "=", "cli")
				.execute();
			assert.deepEqual(
				[...new Set(trail.map((a) => a.action))]
					.filter((a) => a.startsWith("account") || a.startsWith("apikey"))
					.sort(),
				["account.create", "account.disable", "account.reset_password", "apikey.create", "apikey.revoke"],
			);
		});

		it("leaves no half-applied row when killed mid-import, and a re-run completes the file", async () => {
			const file = path.join(dir, "big.csv");
			const n = 40_000;
			const rows = ["number,cbUscc,holderUscc,holderName,holderDistrict,scheme,scope,issueDate,expiryDate"];
			for (let i = 0; i < n; i++)
				rows.push(
					`000126Q6${String(i).padStart(6, "0")}R0M,${cb},${newUscc()},上海断电测试${i}有限公司,310115,QMS,断电测试范围,2025-01-01,2027-12-31`,
				);
			fs.writeFileSync(file, `${rows.join("\n")}\n`);
			const child: ChildProcess = spawn(process.execPath, [BIN, "import", "--kind", "certificates", file], {
				env,
				stdio: "ignore",
			});
			// Kill it once some batches are in, well before the end.
			const started = Date.now();
			for (;;) {
				await new Promise((r) => setTimeout(r, 50));
				const c = await sql<{
					n: number;
				}>`select count(*) as n from certificates where scope = '断电测试范围'`.execute(db.db);
				if (Number(c.rows[0]!.n) >= 2000 || Date.now() - started > 60_000) break;
			}
			child.kill("SIGKILL");
			await new Promise((r) => child.once("exit", r));
			const applied = Number(
				(
					await sql<{
						n: number;
					}>`select count(*) as n from certificates where scope = '断电测试范围'`.execute(db.db)
				).rows[0]!.n,
			);
			assert.ok(applied > 0 && applied < n, `killed after ${applied} rows`);
			assert.equal(applied % 1000, 0, "only whole batches are committed");
			const orphanHolders = await sql<{
				n: number;
			}>`select count(*) as n from organizations o where o.name like '上海断电测试%' and not exists (select 1 from certificates c where c.holder_id = o.id)`.execute(
				db.db,
			);
			assert.equal(Number(orphanHolders.rows[0]!.n), 0, "no holder registered without its certificate");
			const issued = await sql<{
				n: number;
			}>`select count(*) as n from log_entries where entry like '%"type":"certificate.issued"%' and entry like '%"number":"000126Q6%'`.execute(
				db.db,
			);
			assert.equal(
				Number(issued.rows[0]!.n),
				applied,
				"every committed certificate has its log entry, and no other",
			);
			const log = await sql<{
				n: number;
				size: number;
			}>`select (select count(*) from log_entries) as n, (select size from log_state) as size`.execute(db.db);
			assert.equal(Number(log.rows[0]!.n), Number(log.rows[0]!.size));
			// The log restarts from what was committed: sign it, finish the file, and the audit finds the
			// tree whole, every checkpoint (the one after the crash included) consistent with the entries.
			const signed = run(["log", "checkpoint"], env);
			assert.equal(signed.code, 0, signed.err);
			assert.match(signed.out, new RegExp(`^opentic\\.test/log\n${log.rows[0]!.size}\n`));
			const rerun = run(["import", "--kind", "certificates", file], env);
			assert.equal(rerun.code, 0, rerun.err);
			assert.match(
				rerun.out,
				new RegExp(`${n} rows read, ${n - applied} created, 0 updated, ${applied} unchanged, 0 rejected`),
			);
			assert.match(rerun.out, /transparency log: checkpoint signed at [\d,]+ entries/);
			const audit = run(["log", "audit"], env);
			assert.equal(audit.code, 0, audit.out + audit.err);
			assert.match(audit.out, /no discrepancies/);
		});
	});
}
