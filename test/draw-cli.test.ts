/**
 * `opentic draw` as a citizen or an officer uses it, with no database and no network: the RFC 3797
 * worked example, a batch drawn from its manifest and revealed sources, and its transcript confirmed —
 * or refuted once anything in it is changed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
	bindInputs,
	type DrawInputs,
	MANIFEST_FORMAT,
	type Manifest,
	STANDARD_RULES,
} from "../src/core/draw/manifest.ts";

const BIN = path.resolve(import.meta.dirname, "../bin/opentic.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opentic-draw-"));

function run(args: string[]) {
	const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
	return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("opentic draw", () => {
	after(() => fs.rmSync(dir, { recursive: true, force: true }));

	it("prints the RFC 3797 worked example's selection", () => {
		const r = run([
			"draw",
			"rfc3797",
			"--pool",
			"25",
			"--count",
			"10",
			"9319",
			"2 5 12 8 10",
			"9 18 26 34 41 45",
		]);
		assert.equal(r.code, 0, r.err);
		assert.equal(r.out, "17 7 2 16 25 23 8 24 19 13\n");
		const table = run([
			"draw",
			"rfc3797",
			"--pool",
			"25",
			"--count",
			"2",
			"--table",
			"9319",
			"2 5 12 8 10",
			"9 18 26 34 41 45",
		]);
		assert.match(table.out, /990DD0A5692A029A98B5E01AA28F3459 +25 +17/);
		const tooBig = run(["draw", "rfc3797", "--pool", "70000", "--count", "1", "1"]);
		assert.equal(tooBig.code, 2);
		assert.match(tooBig.err, /pool: must be an integer from 1 to 65535/);
	});

	it("draws a batch from its manifest and sources, and verifies the transcript; a changed one fails", () => {
		const inputs: DrawInputs = {
			objects: Array.from({ length: 300 }, (_, i) => ({
				id: `ORG${i}`,
				stratum: i % 3 === 0 ? "C" : "B",
				district: i % 2 ? "310115" : "310104",
			})),
			inspectors: Array.from({ length: 30 }, (_, i) => ({
				id: `P${String(i + 1).padStart(8, "0")}`,
				employer: `EMP${i % 6}`,
				home: i % 2 ? "310115" : "310101",
				districts: [],
				load: 0,
			})),
			conflicts: [{ inspector: "P00000001", object: "ORG0" }],
		};
		const manifest: Manifest = {
			format: MANIFEST_FORMAT,
			batch: "2026-PD-03",
			title: "浦东新区2026年第三批检验检测机构抽查",
			drawDate: "2026-11-25",
			mode: "modern",
			...bindInputs(inputs),
			strata: [
				{ name: "B", proportion: 0.05 },
				{ name: "C", proportion: 0.2 },
			],
			exclusions: [],
			teamSize: 2,
			rules: { ...STANDARD_RULES },
			sources: [{ name: "drand quicknet", kind: "beacon", description: "drand quicknet round 20000000" }],
		};
		const mFile = path.join(dir, "manifest.json");
		const iFile = path.join(dir, "inputs.json");
		const tFile = path.join(dir, "transcript.json");
		fs.writeFileSync(mFile, JSON.stringify(manifest));
		fs.writeFileSync(iFile, JSON.stringify(inputs));
		const bound = run(["draw", "bind", iFile]);
		assert.deepEqual(JSON.parse(bound.out), bindInputs(inputs));

		const made = run(["draw", "run", mFile, iFile, "--source", "drand quicknet=5f0e9a", "--out", tFile]);
		assert.equal(made.code, 0, made.err);
		assert.match(made.err, /draw 2026-PD-03: 30 objects selected in 2 strata, 30 teams assigned/);
		const ok = run(["draw", "verify", tFile]);
		assert.equal(ok.code, 0, ok.out);
		assert.match(ok.out, /stratum B: 10 of 200 eligible/);
		assert.match(ok.out, /^ok /m);
		assert.match(ok.out, /not established: that "drand quicknet" really had the value given/);

		const t = JSON.parse(fs.readFileSync(tFile, "utf8"));
		t.assignments[3].team = [t.assignments[3].team[0], "P00000030"];
		fs.writeFileSync(tFile, JSON.stringify(t));
		const bad = run(["draw", "verify", tFile]);
		assert.equal(bad.code, 1);
		assert.match(bad.out, /FAIL assignments\[3\]/);

		const wrong = run(["draw", "run", mFile, iFile, "--source", "别的来源=1"]);
		assert.equal(wrong.code, 2);
		assert.match(wrong.err, /expected "drand quicknet"/);
		fs.writeFileSync(tFile, "not json");
		assert.equal(run(["draw", "verify", tFile]).code, 2);
	});
});
