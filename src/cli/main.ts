/**
 * The `opentic` command: serve, migrate, seed, import, export, draw, uscc check. It runs on the same code as
 * the server and reads the same environment (see src/server/config.ts).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import cliProgress from "cli-progress";
import { Command, InvalidArgumentError, Option } from "commander";
import { csvField } from "../core/csv.ts";
import { chinaDate, isValidDate, systemClock } from "../core/dates.ts";
import { generateKey } from "../core/tlog/note.ts";
import { checkUscc } from "../core/uscc.ts";
import { buildApp } from "../server/app.ts";
import { cliActor, KEY_PERMISSIONS, ROLES } from "../server/auth/policy.ts";
import { type Config, ConfigError, loadConfig } from "../server/config.ts";
import { regradeAll } from "../server/credit/grading.service.ts";
import { migrateDown, migrateToLatest } from "../server/db/migrate.ts";
import { indexAll, pendingRows } from "../server/db/search-index.ts";
import { AppError } from "../server/errors.ts";
import { exportRecords } from "../server/export/export.service.ts";
import { runScopeChecks } from "../server/flags/scope-checks.ts";
import { runSignals } from "../server/flags/signals.ts";
import { createLogger } from "../server/http/logging.ts";
import {
	createAccount,
	createApiKey,
	listAccounts,
	listApiKeys,
	resetPassword,
	revokeApiKey,
	setAccountStatus,
} from "../server/identity/identity.service.ts";
import { IMPORT_KINDS, type ImportKind, runImport } from "../server/import/import.service.ts";
import { type Encoding, type Format, parseEncoding } from "../server/import/sources.ts";
import { TransparencyLog } from "../server/log/log.service.ts";
import { auditLog } from "../server/log/log-audit.service.ts";
import { resolveLogIdentity } from "../server/log/log-key.ts";
import { Dispatcher } from "../server/notifications/dispatcher.ts";
import { openConfigured, prepare, signLog, startJobs } from "../server/runtime.ts";
import { SCALES, type Scale } from "../server/seed/generator.ts";
import { seed } from "../server/seed/seed.service.ts";
import { ensureWebBuilt } from "../server/web/web-build.ts";
import { registerDrawCommands } from "./draw.command.ts";
import { registerNotifyCommands } from "./notify.command.ts";
import { registerReportCommands } from "./report.command.ts";
import { registerVerifyCommands } from "./verify.command.ts";
import { registerWitnessCommands } from "./witness.command.ts";

function config(): Config {
	try {
		return loadConfig();
	} catch (e) {
		if (e instanceof ConfigError) {
			process.stderr.write(`${e.message}\n`);
			process.exit(2);
		}
		throw e;
	}
}

/** Who runs the command, for the audit trail: the operating-system user on this machine. */
function operator(): string {
	try {
		return `cli:${os.userInfo().username}@${os.hostname()}`;
	} catch {
		return "cli";
	}
}

function describeDb(c: Config): string {
	return c.databaseKind === "sqlite"
		? `SQLite ${path.relative(process.cwd(), c.sqliteFile) || c.sqliteFile}`
		: "PostgreSQL";
}

/** A progress bar on a terminal; nothing when output is piped. */
function progressBar(label: string) {
	if (!process.stderr.isTTY) return null;
	const bar = new cliProgress.SingleBar(
		{
			format: `${label} [{bar}] {percentage}% | {value}/{total} {unit}`,
			stream: process.stderr,
			hideCursor: true,
		},
		cliProgress.Presets.shades_classic,
	);
	return bar;
}

const program = new Command();
program
	.name("opentic")
	.description("OpenTIC — the open register of testing, inspection and certification")
	.showHelpAfterError();

program
	.command("serve")
	.description("start the server (API, docs and health check) on PORT")
	.action(async () => {
		const c = config();
		const log = createLogger(c.logLevel);
		const handle = openConfigured(c);
		const say = (m: string) => process.stderr.write(`${m}\n`);
		await prepare(handle, c, say);
		const tlog = new TransparencyLog(handle.db, resolveLogIdentity(c, say), systemClock);
		const signed = Date.now();
		const cp = await tlog.signPending();
		if (cp)
			say(
				`transparency log ${tlog.identity.origin}: ${cp.size.toLocaleString("en")} entries signed (${((Date.now() - signed) / 1000).toFixed(1)} s); verifier key ${tlog.identity.verifierKey}`,
			);
		await ensureWebBuilt(say);
		const app = await buildApp(
			{
				db: handle.db,
				dbKind: handle.kind,
				clock: systemClock,
				config: c,
				tlog,
				...(handle.sqlite ? { sqlite: handle.sqlite } : {}),
			},
			{ logger: log },
		);
		const stopJobs = startJobs(handle, systemClock, (e) => log.error({ err: e }, "background job failed"), {
			checkpoint: () => tlog.signPending(),
		});
		// Webhooks and watchlist notices: the log is the outbox (notifications/dispatcher.ts).
		const notifier = new Dispatcher(handle.db, {
			clock: systemClock,
			allowLocal: c.webhookLocal,
			onError: (e) => log.error({ err: e }, "notification dispatcher failed"),
		});
		notifier.start();
		const shutdown = async (signal: string) => {
			log.info(`${signal}: shutting down`);
			stopJobs();
			await notifier.stop();
			await app.close();
			await handle.close();
			process.exit(0);
		};
		process.once("SIGINT", () => void shutdown("SIGINT"));
		process.once("SIGTERM", () => void shutdown("SIGTERM"));
		await app.listen({ port: c.port, host: c.host });
		process.stderr.write(
			`OpenTIC is running on ${describeDb(c)}: ${c.publicUrl}/  (API ${c.publicUrl}/api/v1, docs ${c.publicUrl}/docs)\n`,
		);
	});

program
	.command("migrate")
	.description("bring the database schema up to date (or --down one step)")
	.option("--down", "revert the last migration")
	.action(async (opts: { down?: boolean }) => {
		const c = config();
		const handle = openConfigured(c);
		try {
			const ran = opts.down ? await migrateDown(handle.db) : await migrateToLatest(handle.db);
			process.stdout.write(
				ran.length ? `${opts.down ? "reverted" : "applied"}: ${ran.join(", ")}\n` : "schema is up to date\n",
			);
		} finally {
			await handle.close();
		}
	});

function dateArg(v: string): string {
	if (!isValidDate(v)) throw new InvalidArgumentError("must be a date written YYYY-MM-DD");
	return v;
}

program
	.command("seed")
	.description(
		"load a deterministic dataset: demo (seconds), shanghai (~160k certificates, 1M reports) or national (~4M certificates)",
	)
	.addOption(new Option("--scale <scale>", "dataset size").choices(SCALES).default("demo"))
	.option(
		"--as-of <date>",
		"the date the dataset is built around (YYYY-MM-DD, default today in China)",
		dateArg,
	)
	.option("--without-reports", "skip test reports (a register of bodies and certificates only)")
	.action(async (opts: { scale: Scale; asOf?: string; withoutReports?: boolean }) => {
		const c = config();
		const handle = openConfigured(c);
		try {
			await migrateToLatest(handle.db);
			const asOf = opts.asOf ?? chinaDate(new Date());
			const bar = progressBar("seed");
			let step = "";
			const r = await seed(
				handle.db,
				opts.scale,
				asOf,
				(p) => {
					if (!bar) return;
					if (p.step !== step) {
						if (step) bar.stop();
						step = p.step;
						bar.start(p.total, 0, { unit: p.step });
					}
					bar.setTotal(p.total);
					bar.update(p.done, { unit: p.step });
				},
				{ withoutReports: opts.withoutReports ?? false },
			);
			bar?.stop();
			for (const s of r.steps)
				process.stdout.write(
					`${s.step.padEnd(28)} ${String(s.rows).padStart(9)} rows  ${String(s.created).padStart(9)} new  ${String(s.updated).padStart(7)} updated  ${String(s.unchanged).padStart(9)} unchanged  ${(s.durationMs / 1000).toFixed(1)} s\n`,
				);
			if (r.indexed) process.stdout.write(`search index: ${r.indexed} rows\n`);
			process.stdout.write(
				`seeded ${opts.scale} as of ${asOf} into ${describeDb(c)} in ${(r.durationMs / 1000).toFixed(1)} s\n`,
			);
			await signLog(handle, c, (m) => process.stdout.write(`${m}\n`));
		} finally {
			await handle.close();
		}
	});

program
	.command("import")
	.description("import a CSV or JSON Lines file; rows that cannot be applied are listed in an error file")
	.addOption(new Option("--kind <kind>", "what the file holds").choices(IMPORT_KINDS).makeOptionMandatory())
	.addOption(
		new Option("--format <format>", "file format (default: from the file name)").choices(["csv", "jsonl"]),
	)
	.option("--encoding <encoding>", "utf-8 or gb18030 (default: detected)", (v) => {
		const e = parseEncoding(v);
		if (!e) throw new InvalidArgumentError("must be utf-8, gb18030, utf-16le or utf-16be");
		return e;
	})
	.option("--errors <file>", "where to write rejected rows (default: FILE.errors.csv)")
	.option("--dry-run", "check and apply every row, then roll back")
	.argument("<file>", "the file to import")
	.action(
		async (
			file: string,
			opts: { kind: ImportKind; format?: Format; encoding?: Encoding; errors?: string; dryRun?: boolean },
		) => {
			const c = config();
			if (!fs.existsSync(file)) {
				process.stderr.write(`import: no such file: ${file}\n`);
				process.exit(2);
			}
			const format: Format = opts.format ?? (/\.(jsonl|ndjson|json)$/i.test(file) ? "jsonl" : "csv");
			const errorsPath = opts.errors ?? `${file}.errors.csv`;
			const handle = openConfigured(c);
			let errorsOut: fs.WriteStream | null = null;
			const bar = progressBar(`import ${opts.kind}`);
			const size = fs.statSync(file).size;
			let read = 0;
			try {
				await migrateToLatest(handle.db);
				bar?.start(size, 0, { unit: "bytes" });
				// Count bytes as they are pulled (a "data" listener would switch the stream to flowing mode
				// and race the reader).
				async function* counted() {
					for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
						read += (chunk as Buffer).length;
						yield chunk as Buffer;
					}
				}
				const summary = await runImport(handle.db, counted(), {
					kind: opts.kind,
					format,
					encoding: opts.encoding ?? null,
					clock: systemClock,
					dryRun: opts.dryRun ?? false,
					parallel: true,
					actor: cliActor(operator()),
					onProgress: () => bar?.update(read),
					onError: (e) => {
						if (!errorsOut) {
							errorsOut = fs.createWriteStream(errorsPath);
							// A BOM so that spreadsheet programs open the Chinese messages correctly.
							errorsOut.write("\ufeffline,field,rule,message_zh,message_en\n");
						}
						errorsOut.write(
							`${[String(e.line), e.field, e.rule, e.messageZh, e.messageEn].map(csvField).join(",")}\n`,
						);
					},
				});
				bar?.update(size);
				bar?.stop();
				// Make the new rows searchable before returning (a running server would catch up too).
				let indexed = 0;
				const indexStarted = Date.now();
				if (!opts.dryRun) {
					const pending = Object.values(await pendingRows(handle.db)).reduce((a, b) => a + b, 0);
					const ibar = pending > 0 ? progressBar("search index") : null;
					ibar?.start(pending, 0, { unit: "rows" });
					indexed = await indexAll(handle.db, (done) => ibar?.update(done));
					ibar?.stop();
				}
				const ok = summary.rejected === 0 && !summary.fileError;
				process.stdout.write(
					`${opts.dryRun ? "[dry run, nothing kept] " : ""}${opts.kind}: ${summary.rows} rows read, ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected in ${(summary.durationMs / 1000).toFixed(1)} s (${Math.round((summary.rows / Math.max(1, summary.durationMs)) * 1000)} rows/s)\n`,
				);
				if (!opts.dryRun && summary.created + summary.updated > 0)
					await signLog(handle, c, (m) => process.stdout.write(`${m}\n`));
				if (indexed > 0)
					process.stdout.write(
						`search index: ${indexed} rows indexed in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s\n`,
					);
				if (summary.fileError)
					process.stderr.write(
						`file error${summary.fileError.line ? ` at line ${summary.fileError.line}` : ""} [${summary.fileError.rule}]: ${summary.fileError.messageZh} / ${summary.fileError.messageEn}\n`,
					);
				if (!ok) process.stderr.write(`rejected rows are listed in ${errorsPath}\n`);
				process.exitCode = ok ? 0 : 1;
			} finally {
				bar?.stop();
				await new Promise<void>((resolve) =>
					errorsOut ? (errorsOut as fs.WriteStream).end(resolve) : resolve(),
				);
				await handle.close();
			}
		},
	);

program
	.command("export")
	.description(
		"export one kind of record as JSON Lines (public fields only; records withheld from public view are left out)",
	)
	.addOption(new Option("--kind <kind>", "what to export").choices(IMPORT_KINDS).makeOptionMandatory())
	.option("--out <file>", "output file (default: standard output)")
	.action(async (opts: { kind: ImportKind; out?: string }) => {
		const c = config();
		const handle = openConfigured(c);
		try {
			await migrateToLatest(handle.db);
			const out = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
			async function* lines() {
				for await (const rec of exportRecords(handle.db, opts.kind)) yield `${JSON.stringify(rec)}\n`;
			}
			await pipeline(lines(), out, { end: !!opts.out });
		} finally {
			await handle.close();
		}
	});

/** Reads a secret from standard input (first line). */
async function readStdinLine(): Promise<string> {
	let text = "";
	for await (const chunk of process.stdin) text += chunk;
	return text.split(/\r?\n/)[0] ?? "";
}

/** Runs an identity command against the configured database as the machine's operator. */
async function withDatabase<T>(fn: (db: ReturnType<typeof openConfigured>["db"]) => Promise<T>): Promise<T> {
	const c = config();
	const handle = openConfigured(c);
	try {
		await migrateToLatest(handle.db);
		return await fn(handle.db);
	} catch (e) {
		if (e instanceof AppError) {
			process.stderr.write(`${e.code}: ${e.messageEn} / ${e.messageZh}\n`);
			process.exit(1);
		}
		throw e;
	} finally {
		await handle.close();
	}
}

const user = program.command("user").description("accounts for people (the consoles and the write API)");
user
	.command("create")
	.description("create an account; prints a generated password unless --password-stdin")
	.requiredOption("--username <name>", "3–40 lower-case letters, digits, '.', '_' or '-'")
	.addOption(new Option("--role <role>", "the account's role").choices(ROLES).makeOptionMandatory())
	.option("--org <uscc>", "the organisation the account belongs to (required except for regulators)")
	.option(
		"--districts <codes>",
		"districts a regulator officer supervises, comma-separated (e.g. 310115,浦东新区)",
	)
	.option("--name <display name>", "the name shown in the consoles")
	.option("--person <ref>", "inspectors: the person in the inspector pool (P + 8 digits)")
	.option("--password-stdin", "read the password from standard input")
	.action(
		async (opts: {
			username: string;
			role: string;
			org?: string;
			districts?: string;
			person?: string;
			name?: string;
			passwordStdin?: boolean;
		}) => {
			const password = opts.passwordStdin ? await readStdinLine() : generatedPassword();
			const a = await withDatabase((db) =>
				createAccount(
					db,
					{
						username: opts.username,
						displayName: opts.name ?? opts.username,
						role: opts.role,
						orgUscc: opts.org ?? null,
						districts: opts.districts ? opts.districts.split(",") : [],
						person: opts.person ?? null,
						password,
					},
					cliActor(operator()),
					systemClock,
				),
			);
			process.stdout.write(
				`created ${a.username} (${a.role}${a.organization ? `, ${a.organization.uscc}` : ""})\n`,
			);
			if (!opts.passwordStdin)
				process.stdout.write(
					`password: ${password}\n(shown once; the owner should change it after signing in)\n`,
				);
		},
	);
for (const [cmd, status] of [
	["disable", "disabled"],
	["enable", "active"],
] as const)
	user
		.command(cmd)
		.description(`${cmd} an account${cmd === "disable" ? " (its sessions end at once)" : ""}`)
		.argument("<username>")
		.action(async (username: string) => {
			const a = await withDatabase((db) =>
				setAccountStatus(db, username, status, cliActor(operator()), systemClock),
			);
			process.stdout.write(`${a.username}: ${a.status}\n`);
		});
user
	.command("reset-password")
	.description("set a new password (generated unless --password-stdin); the owner must change it")
	.argument("<username>")
	.option("--password-stdin", "read the password from standard input")
	.action(async (username: string, opts: { passwordStdin?: boolean }) => {
		const password = opts.passwordStdin ? await readStdinLine() : generatedPassword();
		const a = await withDatabase((db) =>
			resetPassword(db, username, password, cliActor(operator()), systemClock),
		);
		process.stdout.write(`${a.username}: password reset\n`);
		if (!opts.passwordStdin) process.stdout.write(`password: ${password}\n`);
	});
user
	.command("list")
	.description("list accounts")
	.action(async () => {
		const list = await withDatabase((db) => listAccounts(db, cliActor(operator())));
		for (const a of list)
			process.stdout.write(
				`${a.username.padEnd(20)} ${a.role.padEnd(18)} ${(a.organization?.uscc ?? "").padEnd(18)} ${a.status}\n`,
			);
	});

const apikey = program.command("apikey").description("API keys for bodies' own systems");
apikey
	.command("create")
	.description("create an API key; the key is printed once")
	.requiredOption("--org <uscc>", "the organisation (a CB or a lab)")
	.requiredOption("--name <name>", "what the key is for, e.g. 'ERP certificate sync'")
	.requiredOption("--permissions <list>", `comma-separated: ${Object.keys(KEY_PERMISSIONS).join(", ")}`)
	.action(async (opts: { org: string; name: string; permissions: string }) => {
		const r = await withDatabase((db) =>
			createApiKey(
				db,
				{ orgUscc: opts.org, name: opts.name, permissions: opts.permissions.split(",").map((p) => p.trim()) },
				cliActor(operator()),
				systemClock,
			),
		);
		process.stdout.write(`${r.key}\n(shown once; store it in the system that will use it)\n`);
	});
apikey
	.command("revoke")
	.description("revoke an API key")
	.argument("<keyId>")
	.action(async (keyId: string) => {
		const k = await withDatabase((db) => revokeApiKey(db, keyId, cliActor(operator()), systemClock));
		process.stdout.write(`${k.keyId}: revoked ${k.revokedAt}\n`);
	});
apikey
	.command("list")
	.description("list API keys")
	.action(async () => {
		const list = await withDatabase((db) => listApiKeys(db, cliActor(operator())));
		for (const k of list)
			process.stdout.write(
				`${k.keyId}  ${k.organization.uscc}  ${k.permissions.join(",").padEnd(40)} ${k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? "never"}`}  ${k.name}\n`,
			);
	});

/** A random password that satisfies the password rules. */
function generatedPassword(): string {
	return `Ot-${randomBytes(12).toString("base64url")}`;
}

const logCmd = program.command("log").description("the transparency log");
logCmd
	.command("keygen")
	.description(
		"make a new Ed25519 signing key for the log: the secret (for OPENTIC_LOG_KEY) and its verifier key",
	)
	.requiredOption("--origin <origin>", "the log's origin, e.g. register.example.gov.cn/log")
	.action((opts: { origin: string }) => {
		if (!/^[^\s+]+$/.test(opts.origin)) {
			process.stderr.write("log keygen: --origin must have no spaces or '+'\n");
			process.exit(2);
		}
		const { signerKey, verifierKey } = generateKey(opts.origin);
		process.stdout.write(`${signerKey}\n`);
		process.stderr.write(
			`verifier key (publish it; /log/key serves it): ${verifierKey}\nkeep the first line secret: set it as OPENTIC_LOG_KEY, or store it in a file named by OPENTIC_LOG_KEY_FILE\n`,
		);
	});
logCmd
	.command("checkpoint")
	.description("sign a checkpoint over every entry appended so far and print it")
	.action(async () => {
		const c = config();
		const handle = openConfigured(c);
		try {
			await migrateToLatest(handle.db);
			const tlog = new TransparencyLog(
				handle.db,
				resolveLogIdentity(c, (m) => process.stderr.write(`${m}\n`)),
				systemClock,
			);
			const cp = await tlog.signPending();
			process.stdout.write(cp ? cp.note : "the log is empty\n");
		} finally {
			await handle.close();
		}
	});

/** One progress bar per phase of a long job (the audit, the checks), each started as its phase begins. */
function phasedProgress(label: string, unit: (phase: string) => string) {
	let bar: ReturnType<typeof progressBar> = null;
	let phase = "";
	return {
		update(p: { phase: string; done: number; total: number }) {
			if (p.phase !== phase) {
				bar?.stop();
				phase = p.phase;
				bar = progressBar(`${label} ${p.phase}`);
				bar?.start(p.total, 0, { unit: unit(p.phase) });
			}
			bar?.update(p.done);
		},
		stop() {
			bar?.stop();
		},
	};
}

logCmd
	.command("audit")
	.description(
		"check the whole log (entries, tree, checkpoints) and the register against it; exit 1 naming every discrepancy",
	)
	.action(async () => {
		const c = config();
		const handle = openConfigured(c);
		try {
			await migrateToLatest(handle.db);
			const identity = resolveLogIdentity(c, (m) => process.stderr.write(`${m}\n`));
			const progress = phasedProgress("audit", (phase) => (phase === "log" ? "entries" : phase));
			const r = await auditLog(handle.db, identity, systemClock, progress.update);
			progress.stop();
			for (const d of r.discrepancies) process.stdout.write(`${d.code.padEnd(20)} ${d.message}\n`);
			if (r.unlisted) process.stdout.write(`… and ${r.unlisted} more\n`);
			const n = r.discrepancies.length + r.unlisted;
			process.stdout.write(
				`log audit of ${identity.origin}: ${r.entries.toLocaleString("en")} entries, ${r.checkpoints.toLocaleString("en")} checkpoints, ${r.certificates.toLocaleString("en")} certificates, ${r.reports.toLocaleString("en")} reports, ${r.organizations.toLocaleString("en")} organisations, ${r.people.toLocaleString("en")} people, ${r.qualifications.toLocaleString("en")} qualifications, ${r.capabilities.toLocaleString("en")} capability rows checked in ${(r.durationMs / 1000).toFixed(1)} s — ${n === 0 ? "no discrepancies" : `${n} discrepanc${n === 1 ? "y" : "ies"}`}\n`,
			);
			process.exitCode = n === 0 ? 0 : 1;
		} finally {
			await handle.close();
		}
	});

const checkCmd = program
	.command("check")
	.description("cross-checks and fraud signals over the whole register");
checkCmd
	.command("scope")
	.description(
		"check every certificate against its CB's approvals and every report against its lab's CMA, capability list and signatories; findings become flags for regulators",
	)
	.action(async () => {
		const c = config();
		const handle = openConfigured(c);
		try {
			await migrateToLatest(handle.db);
			const progress = phasedProgress("scope", (phase) => phase);
			const r = await runScopeChecks(handle.db, systemClock, progress.update);
			progress.stop();
			process.stdout.write(
				`scope checks: ${r.certificates.toLocaleString("en")} certificates and ${r.reports.toLocaleString("en")} reports in ${(r.ms / 1000).toFixed(1)} s — ${r.findings.toLocaleString("en")} findings flagged, ${r.cleared.toLocaleString("en")} flags cleared\n`,
			);
		} finally {
			await handle.close();
		}
	});

checkCmd
	.command("signals")
	.description(
		"look for fraud signals (one certificate number from several CBs, a lab's volume beyond its signatories, a CB's burst in a scheme it rarely served, audit time below IAF MD 5, a certificate issued the day its audit ended, one auditor at distant sites on the same day); findings become flags",
	)
	.action(async () => {
		const c = config();
		const handle = openConfigured(c);
		try {
			await migrateToLatest(handle.db);
			const progress = phasedProgress("signals", (phase) => phase);
			const r = await runSignals(handle.db, systemClock, progress.update);
			progress.stop();
			process.stdout.write(
				`fraud signals: ${r.findings.toLocaleString("en")} findings flagged, ${r.cleared.toLocaleString("en")} flags cleared in ${(r.ms / 1000).toFixed(1)} s\n`,
			);
		} finally {
			await handle.close();
		}
	});

const creditCmd = program.command("credit").description("credit-risk grades (internal to regulators)");
creditCmd
	.command("regrade")
	.description(
		"grade every organisation under the model in force, as of today (the server does this nightly); prints how many moved",
	)
	.action(async () => {
		const c = config();
		const handle = openConfigured(c);
		try {
			await migrateToLatest(handle.db);
			const started = performance.now();
			const r = await regradeAll(handle.db, { clock: systemClock });
			const s = ((performance.now() - started) / 1000).toFixed(1);
			process.stdout.write(
				`credit grades (model ${r.model}, as of ${r.asOf}): ${r.graded.toLocaleString("en")} organisations in ${s} s, ${r.changed.toLocaleString("en")} changed — A ${r.byGrade.A.toLocaleString("en")}, B ${r.byGrade.B.toLocaleString("en")}, C ${r.byGrade.C.toLocaleString("en")}, D ${r.byGrade.D.toLocaleString("en")}\n`,
			);
		} finally {
			await handle.close();
		}
	});

const uscc = program.command("uscc").description("Unified Social Credit Code tools");
uscc
	.command("check")
	.description("check a USCC (exit 0 valid, 1 invalid with the reason)")
	.argument("<code>", "the 18-character code")
	.action((code: string) => {
		const r = checkUscc(code);
		if (r.valid) {
			process.stdout.write(
				`${r.code}: valid${r.warnings.length ? ` (warning: ${r.warnings.join("; ")})` : ""}\n`,
			);
			process.exitCode = 0;
		} else {
			process.stdout.write(`${r.code || "(empty)"}: invalid — ${r.messageEn} / ${r.messageZh}\n`);
			process.exitCode = 1;
		}
	});

registerWitnessCommands(program);
registerVerifyCommands(program);
registerReportCommands(program);
registerDrawCommands(program);
registerNotifyCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
	process.stderr.write(`opentic: ${e instanceof Error ? e.message : String(e)}\n`);
	process.exit(1);
});
