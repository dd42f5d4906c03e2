/**
 * The spot-check draw: a stratified 5 % draw from 1,000,000 objects (four credit-grade strata) with
 * teams of 2 from 5,000 inspectors under the conflict rules (same employer, declared relations, the same
 * object within 12 months, home district, one employer per team), then the transcript verified from its
 * JSON text. Baseline: hashing the same object list alone (what any check of the pool must do), in the
 * same run.
 */

import { makeDraw, type Transcript, verifyTranscript } from "../src/core/draw/draw.ts";
import {
	bindInputs,
	type DrawInputs,
	listSha256,
	MANIFEST_FORMAT,
	type Manifest,
	objectRow,
	type PoolObject,
	STANDARD_RULES,
} from "../src/core/draw/manifest.ts";
import { nodeSha256 } from "../src/server/spotchecks/spotchecks.service.ts";
import { report, time } from "./common.ts";

const OBJECTS = Number(process.env.BENCH_DRAW_OBJECTS ?? 1_000_000);
const INSPECTORS = Number(process.env.BENCH_DRAW_INSPECTORS ?? 5_000);
const DISTRICTS = [
	"310101",
	"310104",
	"310105",
	"310106",
	"310107",
	"310109",
	"310110",
	"310112",
	"310113",
	"310114",
	"310115",
	"310116",
	"310117",
	"310118",
	"310120",
	"310151",
];

function uscc(i: number): string {
	return `91310000${String(i).padStart(9, "0")}X`;
}

function inputs(): DrawInputs {
	const objects: PoolObject[] = [];
	for (let i = 0; i < OBJECTS; i++)
		objects.push({
			id: uscc(i),
			// Grades A–D, most bodies in B.
			stratum: i % 10 < 2 ? "A" : i % 10 < 7 ? "B" : i % 10 < 9 ? "C" : "D",
			district: DISTRICTS[(i * 7) % DISTRICTS.length]!,
		});
	const inspectors = Array.from({ length: INSPECTORS }, (_, i) => ({
		id: `P${String(i + 1).padStart(8, "0")}`,
		employer: uscc((i * 7919) % OBJECTS),
		home: DISTRICTS[i % DISTRICTS.length]!,
		districts: [],
		load: i % 4,
	}));
	// Own employer, two declared relations each, 20,000 recent inspections: as (inspector, object) pairs.
	const conflicts = [
		...inspectors.flatMap((p, i) => [
			{ inspector: p.id, object: p.employer },
			{ inspector: p.id, object: uscc((i * 104729) % OBJECTS) },
			{ inspector: p.id, object: uscc((i * 1299709) % OBJECTS) },
		]),
		...Array.from({ length: 20_000 }, (_, i) => ({
			inspector: inspectors[i % INSPECTORS]!.id,
			object: uscc((i * 15485863) % OBJECTS),
		})),
	];
	return { objects, inspectors, conflicts };
}

export async function benchDraw(): Promise<void> {
	const inp = inputs();
	const baseline = await time(() => listSha256(inp.objects, objectRow, nodeSha256));
	const manifest: Manifest = {
		format: MANIFEST_FORMAT,
		batch: "BENCH-2026-01",
		title: "基准：全市认证检测机构双随机抽查",
		drawDate: "2026-11-25",
		mode: "modern",
		...bindInputs(inp, nodeSha256),
		strata: ["A", "B", "C", "D"].map((name) => ({ name, proportion: 0.05 })),
		exclusions: [],
		teamSize: 2,
		rules: { ...STANDARD_RULES },
		sources: [{ name: "drand quicknet", kind: "beacon", description: "drand quicknet round 20000000" }],
	};
	const sources = [
		{ name: "drand quicknet", value: "a3f1c09e5b7d4e2f8a6b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f" },
	];
	const inputsText = JSON.stringify(inp);
	let transcript: Transcript | undefined;
	const made = await time(() => {
		transcript = makeDraw(manifest, JSON.parse(inputsText) as DrawInputs, sources, nodeSha256);
		return JSON.stringify(transcript);
	});
	const text = made.value;
	const checked = await time(() => verifyTranscript(JSON.parse(text) as Transcript, nodeSha256));
	if (!checked.value.ok)
		throw new Error(`the transcript does not verify: ${checked.value.problems.join("; ")}`);
	const selected = transcript!.strata.reduce((n, s) => n + s.count, 0);
	const short = transcript!.assignments.filter((a) => a.infeasible).length;
	process.stdout.write(
		`draw: ${selected.toLocaleString("en")} of ${OBJECTS.toLocaleString("en")} objects, teams of 2 from ${INSPECTORS.toLocaleString("en")} inspectors (${short} without a valid team); transcript ${(text.length / 1e6).toFixed(0)} MB\n`,
	);
	report("draw.make (5 % of 1M, teams)", made.ms / 1000, "s", baseline.ms / 1000, "pool SHA-256", "≤ 2 s");
	report("draw.verify (from JSON)", checked.ms / 1000, "s", made.ms / 1000, "draw.make", "≤ draw.make");
}
