/**
 * `opentic report annual --year YYYY --out FILE`: the annual industry development report, HTML or PDF by
 * the file's extension, computed from the register (the statistics are recounted first) and stamped with
 * the log checkpoint. `opentic open-data generate`: regenerates the open-data files now (the server does
 * it nightly).
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { systemClock } from "../core/dates.ts";
import { loadConfig } from "../server/config.ts";
import { migrateToLatest } from "../server/db/migrate.ts";
import { AppError } from "../server/errors.ts";
import { generateAll } from "../server/opendata/opendata.service.ts";
import { openConfigured } from "../server/runtime.ts";
import { annualReport, reportTitle } from "../server/stats/annual-report.service.ts";

async function withRegister<T>(
	fn: (handle: ReturnType<typeof openConfigured>) => Promise<T>,
): Promise<T | undefined> {
	const handle = openConfigured(loadConfig());
	try {
		await migrateToLatest(handle.db);
		return await fn(handle);
	} catch (e) {
		if (e instanceof AppError) {
			process.stderr.write(`opentic: ${e.code}: ${e.messageEn} / ${e.messageZh}\n`);
			process.exitCode = 2;
			return undefined;
		}
		throw e;
	} finally {
		await handle.close();
	}
}

export function registerReportCommands(program: Command): void {
	const report = program.command("report").description("reports computed from the register");
	report
		.command("annual")
		.description("the annual industry development report (年度检验检测认证产业发展报告), as .pdf or .html")
		.requiredOption("--year <YYYY>", "the year reported on")
		.requiredOption("--out <file>", "where to write it; .pdf or .html")
		.action(async (opts: { year: string; out: string }) => {
			const ext = path.extname(opts.out).toLowerCase();
			if (ext !== ".pdf" && ext !== ".html" && ext !== ".htm") {
				process.stderr.write(`opentic: --out must end in .pdf or .html, not "${ext || opts.out}"\n`);
				process.exitCode = 2;
				return;
			}
			await withRegister(async (handle) => {
				const started = performance.now();
				const r = await annualReport(handle.db, systemClock, opts.year, ext === ".pdf" ? "pdf" : "html");
				fs.writeFileSync(opts.out, r.bytes);
				const cp = r.data.checkpoint;
				process.stdout.write(
					`${reportTitle(opts.year)}: ${opts.out} (${Math.ceil(r.bytes.length / 1024).toLocaleString("en")} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s — figures at log size ${r.data.asOf.logSize.toLocaleString("en")}${cp ? `, checkpoint ${cp.size.toLocaleString("en")} ${cp.rootHash}` : ", no checkpoint yet"}\n`,
				);
			});
		});

	program
		.command("open-data")
		.description("open data")
		.command("generate")
		.description("regenerate every open-data file now (the server does this nightly)")
		.action(async () => {
			await withRegister(async (handle) => {
				const started = performance.now();
				const files = await generateAll(handle.db, systemClock);
				for (const f of files) process.stdout.write(`${f.name}: ${f.rows.toLocaleString("en")} rows\n`);
				process.stdout.write(
					`open data generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
				);
			});
		});
}
