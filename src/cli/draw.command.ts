/**
 * `opentic draw …`: the spot-check draw, with no database and no network.
 * - `draw rfc3797 --pool N --count K SOURCE...` prints the selected 1-based positions, in order, as
 *   RFC 3797 §4 selects them (`--table` prints the RFC's columns: index, MD5, divisor, selected);
 * - `draw bind INPUTS` prints the hashes a manifest carries for its pool, inspectors and conflict pairs;
 * - `draw run MANIFEST INPUTS --source NAME=VALUE…` makes the draw and writes its transcript;
 * - `draw verify TRANSCRIPT` recomputes a transcript and confirms or refutes it (exit 0 / 1; 2 when the
 *   file cannot be read).
 */
import fs from "node:fs";
import type { Command } from "commander";
import { makeDraw, type RevealedSource, type Transcript, verifyTranscript } from "../core/draw/draw.ts";
import { KeyStringError, keyString } from "../core/draw/keystring.ts";
import { bindInputs, type DrawInputs, type Manifest, manifestSha256 } from "../core/draw/manifest.ts";
import { DrawError, rfc3797Select } from "../core/draw/rfc3797.ts";
import { nodeSha256 } from "../server/spotchecks/spotchecks.service.ts";

function readJson<T>(file: string, what: string): T | null {
	try {
		return JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "")) as T;
	} catch (e) {
		process.stderr.write(`opentic: cannot read ${what} ${file} as JSON (${(e as Error).message})\n`);
		process.exitCode = 2;
		return null;
	}
}

function fail(e: unknown): void {
	if (e instanceof DrawError || e instanceof KeyStringError) {
		process.stderr.write(`opentic: ${e.message}\n`);
		process.exitCode = 2;
		return;
	}
	throw e;
}

const positiveInt = (name: string) => (v: string) => {
	if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${name} must be a whole number ≥ 1, not "${v}"`);
	return Number(v);
};

export function registerDrawCommands(program: Command): void {
	const draw = program
		.command("draw")
		.description("make and check publicly verifiable spot-check draws (双随机)");

	draw
		.command("rfc3797")
		.description("select COUNT of positions 1…POOL exactly as RFC 3797 §4 does; prints them in order")
		.requiredOption("--pool <n>", "size of the pool (at most 65,535)", positiveInt("pool"))
		.requiredOption("--count <k>", "how many to select", positiveInt("count"))
		.option("--table", "print the RFC's columns: index, MD5, divisor, selected")
		.argument("<source...>", 'the random sources, one argument each, e.g. "9319" "2 5 12 8 10"')
		.action((sources: string[], opts: { pool: number; count: number; table?: boolean }) => {
			try {
				const key = keyString(sources);
				const steps = rfc3797Select(key, opts.pool, opts.count);
				if (opts.table) {
					process.stdout.write(`key: ${key}\nindex  hex value of MD5                   div  selected\n`);
					for (const s of steps)
						process.stdout.write(
							`${String(s.index).padStart(5)}  ${s.md5}  ${String(s.remaining).padStart(4)}  ${String(s.selected).padStart(8)}\n`,
						);
				} else process.stdout.write(`${steps.map((s) => s.selected).join(" ")}\n`);
			} catch (e) {
				fail(e);
			}
		});

	draw
		.command("bind")
		.description(
			"print the sizes and SHA-256 a manifest carries for its inputs (objects, inspectors, conflicts)",
		)
		.argument("<inputs>", "JSON {objects, inspectors, conflicts}")
		.action((file: string) => {
			const inputs = readJson<DrawInputs>(file, "inputs");
			if (inputs) process.stdout.write(`${JSON.stringify(bindInputs(inputs, nodeSha256), null, "\t")}\n`);
		});

	draw
		.command("run")
		.description(
			"make the draw from a published manifest, its inputs and the revealed sources; writes the transcript",
		)
		.argument("<manifest>", "the manifest (JSON)")
		.argument("<inputs>", "JSON {objects, inspectors, conflicts}, as the manifest's hashes bind them")
		.requiredOption(
			"--source <name=value>",
			"a revealed source, in the manifest's order (repeat)",
			(v: string, acc: RevealedSource[]) => {
				const at = v.indexOf("=");
				if (at < 1) throw new Error(`--source must be NAME=VALUE, not "${v}"`);
				return [...acc, { name: v.slice(0, at), value: v.slice(at + 1) }];
			},
			[] as RevealedSource[],
		)
		.option("--out <file>", "where to write the transcript (default: standard output)")
		.action((mFile: string, iFile: string, opts: { source: RevealedSource[]; out?: string }) => {
			const m = readJson<Manifest>(mFile, "manifest");
			const inputs = readJson<DrawInputs>(iFile, "inputs");
			if (!m || !inputs) return;
			try {
				const t = makeDraw(m, inputs, opts.source, nodeSha256);
				const text = `${JSON.stringify(t)}\n`;
				if (opts.out) {
					fs.writeFileSync(opts.out, text);
					const selected = t.strata.reduce((n, s) => n + s.count, 0);
					const short = t.assignments.filter((a) => a.infeasible).length;
					process.stderr.write(
						`draw ${m.batch}: ${selected.toLocaleString("en")} objects selected in ${t.strata.length} strata, ${(t.assignments.length - short).toLocaleString("en")} teams assigned${short ? `, ${short} without a valid team` : ""}; transcript in ${opts.out}\n`,
					);
				} else process.stdout.write(text);
			} catch (e) {
				fail(e);
			}
		});

	draw
		.command("verify")
		.description(
			"recompute a draw transcript with no database and no network; exit 0 when it holds, 1 when not",
		)
		.argument("<transcript>", "the transcript (JSON), as the batch's public page offers it")
		.action((file: string) => {
			const t = readJson<Transcript>(file, "transcript");
			if (!t) return;
			const r = verifyTranscript(t, nodeSha256);
			const m = t.manifest;
			process.stdout.write(
				`batch ${m?.batch ?? "?"} (${m?.mode ?? "?"} mode), manifest ${t.manifestSha256 ?? "?"}${m ? ` (recomputed ${safeHash(m)})` : ""}\n`,
			);
			for (const s of t.strata ?? [])
				process.stdout.write(`  stratum ${s.name}: ${s.count} of ${s.eligible} eligible\n`);
			process.stdout.write(`  ${t.assignments?.length ?? 0} team assignments\n`);
			if (r.ok)
				process.stdout.write(
					"ok   the selection and every team follow from the manifest, its inputs and the sources\n",
				);
			for (const p of r.problems) process.stdout.write(`FAIL ${p}\n`);
			for (const c of r.cannot) process.stdout.write(`not established: ${c}\n`);
			process.exitCode = r.ok ? 0 : 1;
		});
}

function safeHash(m: Manifest): string {
	try {
		return manifestSha256(m);
	} catch {
		return "?";
	}
}
