/**
 * `opentic verify-statement FILE`: checks a saved verification statement with no network — the
 * platform's signature, the log proof, the record against its log entry, the result on its date — and
 * says what an offline check cannot establish. Exit 0 when every check passes, 1 when one fails, 2 when
 * the file cannot be read as a statement.
 */
import fs from "node:fs";
import type { Command } from "commander";
import { checkStatement } from "../core/verify/statement.ts";

export function registerVerifyCommands(program: Command): void {
	program
		.command("verify-statement")
		.description(
			"check a saved verification statement offline (signature, log proof, record, result); exit 0 when every check passes, 1 when one fails",
		)
		.argument("<file>", "the statement (JSON, as GET /api/v1/verify answers it)")
		.option("--key <verifierKey>", "the platform's statement key, as GET /api/v1/verify/key gives it")
		.option("--log-key <verifierKey>", "the log's verifier key, as GET /log/key gives it")
		.action((file: string, opts: { key?: string; logKey?: string }) => {
			let statement: unknown;
			try {
				statement = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
			} catch (e) {
				process.stderr.write(`opentic: cannot read ${file} as JSON (${(e as Error).message})\n`);
				process.exitCode = 2;
				return;
			}
			const r = checkStatement(statement, {
				...(opts.key ? { statementKeys: [opts.key.trim()] } : {}),
				...(opts.logKey ? { logKeys: [opts.logKey.trim()] } : {}),
			});
			const s = statement as { type?: string; query?: { number?: string }; madeAt?: string };
			process.stdout.write(
				`${s.type ?? "?"} ${s.query?.number ?? "?"}: ${r.result ?? "?"}${r.checkpoint ? ` — as of log checkpoint ${r.checkpoint.size} (${r.checkpoint.origin}${r.checkpoint.cosignatures.length ? `, cosigned by ${r.checkpoint.cosignatures.join(", ")}` : ""})` : ""}${s.madeAt ? `, statement made ${s.madeAt}` : ""}\n`,
			);
			for (const f of r.findings)
				process.stdout.write(
					`${f.ok ? "ok  " : "FAIL"} ${f.code.padEnd(14)} ${f.en}\n     ${"".padEnd(14)} ${f.zh}\n`,
				);
			for (const c of r.cannot) process.stdout.write(`not established: ${c.en}\n                 ${c.zh}\n`);
			process.exitCode = r.ok ? 0 : 1;
		});
}
