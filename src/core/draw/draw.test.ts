import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
	assignTeams,
	makeDraw,
	monthsBefore,
	quota,
	Stream,
	type Transcript,
	verifyTranscript,
} from "./draw.ts";
import { canonicalSource, KeyStringError, keyString } from "./keystring.ts";
import {
	bindInputs,
	type ConflictPair,
	type DrawInputs,
	MANIFEST_FORMAT,
	type Manifest,
	manifestSha256,
	objectCommitment,
	type PoolInspector,
	type PoolObject,
	STANDARD_RULES,
} from "./manifest.ts";
import { DrawError, rfc3797Select } from "./rfc3797.ts";

// RFC 3797 §6, the fully worked example: a pool of 25, ten selected.
const RFC_SOURCES = ["9319", "2 5 12 8 10", "9 18 26 34 41 45"];
const RFC_KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./";
const RFC_DIGESTS = [
	"990DD0A5692A029A98B5E01AA28F3459",
	"3691E55CB63FCC37914430B2F70B5EC6",
	"FE814EDF564C190AC1D25753979990FA",
	"1863CCACEB568C31D7DDBDF1D4E91387",
	"F4AB33DF4889F0AF29C513905BE1D758",
	"13EAEB529F61ACFB9A29D0BA3A60DE4A",
	"992DB77C382CA2BDB9727001F3CDCCD9",
	"63AB4258ECA922976811C7F55C383CE7",
	"DFBC5AC97CED01B3A6E348E3CC63F40D",
	"31CB111C4A4EBE9287CEAE16FE51B909",
];
const RFC_SELECTED = [17, 7, 2, 16, 25, 23, 8, 24, 19, 13];

describe("RFC 3797", () => {
	it("builds the worked example's key string", () => {
		assert.equal(keyString(RFC_SOURCES), RFC_KEY);
		assert.equal(canonicalSource(" 007 3,1 "), "1.3.7./");
		assert.equal(canonicalSource("3.1400"), "3.14/");
		assert.throws(() => canonicalSource("3.14 2.5"), KeyStringError);
		assert.equal(canonicalSource("drand quicknet 0xAb-cd"), "DRANDQUICKNET0XABCD/");
		assert.throws(() => canonicalSource("  "), KeyStringError);
		assert.throws(() => canonicalSource("1 2.5"), KeyStringError);
	});

	it("reproduces the worked example: every digest, divisor and selection", () => {
		const steps = rfc3797Select(RFC_KEY, 25, 10);
		assert.deepEqual(
			steps.map((s) => s.md5),
			RFC_DIGESTS,
		);
		assert.deepEqual(
			steps.map((s) => s.remaining),
			[25, 24, 23, 22, 21, 20, 19, 18, 17, 16],
		);
		assert.deepEqual(
			steps.map((s) => s.selected),
			RFC_SELECTED,
		);
	});

	it("refuses pools and counts the two-byte counter cannot serve", () => {
		assert.throws(() => rfc3797Select(RFC_KEY, 70_000, 1), DrawError);
		assert.throws(() => rfc3797Select(RFC_KEY, 5, 6), DrawError);
		assert.throws(() => rfc3797Select(RFC_KEY, 5, 0), DrawError);
	});
});

describe("the modern stream", () => {
	it("is deterministic, separated by label, and unbiased in range", () => {
		const seed = new Uint8Array(32).fill(7);
		const a = new Stream(seed, "x");
		const b = new Stream(seed, "x");
		const c = new Stream(seed, "y");
		const xs = Array.from({ length: 20 }, () => a.next());
		assert.deepEqual(
			Array.from({ length: 20 }, () => b.next()),
			xs,
		);
		assert.notDeepEqual(
			Array.from({ length: 20 }, () => c.next()),
			xs,
		);
		// The first word is the first 4 bytes of SHA-256(seed ‖ "x" ‖ 0x00 ‖ counter 0).
		const block = Buffer.concat([Buffer.from(seed), Buffer.from("x"), Buffer.from([0]), Buffer.alloc(8)]);
		assert.equal(xs[0], createHash("sha256").update(block).digest().readUInt32BE(0));
		const counts = new Array(3).fill(0);
		const s = new Stream(seed, "count");
		for (let i = 0; i < 30_000; i++) counts[s.below(3)]++;
		for (const n of counts) assert.ok(Math.abs(n - 10_000) < 500, String(counts));
	});

	it("rounds a proportion up, in whole numbers", () => {
		assert.equal(quota({ name: "A", proportion: 0.05 }, 1000), 50);
		assert.equal(quota({ name: "A", proportion: 0.05 }, 1001), 51);
		assert.equal(quota({ name: "A", proportion: 0.07 }, 100), 7);
		assert.equal(quota({ name: "A", count: 10 }, 4), 4);
		assert.equal(quota({ name: "A", proportion: 0 }, 4), 0);
	});

	it("counts months on the calendar", () => {
		assert.equal(monthsBefore("2026-11-25", 12), "2025-11-25");
		assert.equal(monthsBefore("2026-03-31", 1), "2026-02-28");
		assert.equal(monthsBefore("2026-01-15", 1), "2025-12-15");
	});
});

function org(i: number): string {
	return `ORG${String(i).padStart(5, "0")}`;
}

function inputs(objects: number, inspectors: number, employers = 40): DrawInputs {
	const districts = ["310101", "310104", "310115", "310112"];
	const o: PoolObject[] = Array.from({ length: objects }, (_, i) => ({
		id: org(i),
		stratum: ["A", "B", "C", "D"][i % 4]!,
		district: districts[i % districts.length]!,
	}));
	const p: PoolInspector[] = Array.from({ length: inspectors }, (_, i) => ({
		id: `P${String(i + 1).padStart(8, "0")}`,
		employer: org(i % employers),
		home: districts[i % districts.length]!,
		districts: [],
		load: i % 3,
	}));
	// Own employer, a declared relation (every 7th inspector with the next organisation), a recent inspection.
	const conflicts: ConflictPair[] = [
		...p.map((x) => ({ inspector: x.id, object: x.employer! })),
		...p.flatMap((x, i) => (i % 7 === 0 ? [{ inspector: x.id, object: org(i + 1) }] : [])),
		{ inspector: "P00000002", object: org(1) },
	];
	return { objects: o, inspectors: p, conflicts };
}

function manifest(inp: DrawInputs, over: Partial<Manifest> = {}): Manifest {
	return {
		format: MANIFEST_FORMAT,
		batch: "2026-SH-01",
		title: "2026年第一批认证机构双随机抽查",
		drawDate: "2026-11-25",
		mode: "modern",
		...bindInputs(inp),
		strata: [
			{ name: "A", proportion: 0.05 },
			{ name: "B", proportion: 0.1 },
			{ name: "C", proportion: 0.3 },
			{ name: "D", count: 7 },
		],
		exclusions: [{ id: org(3), reason: "正在立案调查" }],
		teamSize: 2,
		rules: { ...STANDARD_RULES },
		sources: [
			{
				name: "福利彩票双色球 2026136 期",
				kind: "lottery",
				description: "中国福利彩票 2026年11月24日开奖号码",
			},
			{ name: "drand quicknet", kind: "beacon", description: "drand quicknet round 20000000" },
		],
		...over,
	};
}

const SOURCES = [
	{ name: "福利彩票双色球 2026136 期", value: "03 11 17 22 28 31 09" },
	{ name: "drand quicknet", value: "a3f1c09e5b7d4e2f8a6b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f" },
];

describe("a stratified draw with teams", () => {
	const inp = inputs(400, 60);
	const m = manifest(inp);
	const t = makeDraw(m, inp, SOURCES);

	it("draws each stratum's quota from its eligible objects, never an excluded one", () => {
		assert.deepEqual(
			t.strata.map((s) => [s.name, s.eligible, s.count]),
			[
				["A", 100, 5],
				["B", 100, 10],
				["C", 100, 30],
				// ORG00003, in stratum D, is excluded (under investigation).
				["D", 99, 7],
			],
		);
		for (const s of t.strata) {
			assert.equal(new Set(s.selected).size, s.count);
			assert.ok(s.selected.every((id) => inp.objects.find((o) => o.id === id)!.stratum === s.name));
		}
		assert.ok(!t.strata.flatMap((s) => s.selected).includes(org(3)));
	});

	it("gives every object a team of two with no conflict, least loaded first", () => {
		const pairs = new Set(inp.conflicts.map((c) => `${c.inspector}|${c.object}`));
		const people = new Map(inp.inspectors.map((p) => [p.id, p]));
		const objects = new Map(inp.objects.map((o) => [o.id, o]));
		for (const a of t.assignments) {
			assert.equal(a.team.length, 2, JSON.stringify(a));
			const o = objects.get(a.object)!;
			const [x, y] = a.team.map((id) => people.get(id)!);
			assert.notEqual(x!.employer, y!.employer, "team members from one employer");
			for (const p of [x!, y!]) {
				assert.ok(!pairs.has(`${p.id}|${o.id}`), `${p.id} has a conflict with ${o.id}`);
				assert.notEqual(p.home, o.district, "home district");
			}
		}
		// 52 objects × 2 = 104 places for 60 inspectors who start at loads 0, 1, 2: the busiest are
		// used last, so nobody ends more than one assignment above the least loaded eligible colleague.
		const loads = new Map(inp.inspectors.map((p) => [p.id, p.load]));
		for (const a of t.assignments) for (const id of a.team) loads.set(id, loads.get(id)! + 1);
		const final = [...loads.values()];
		assert.ok(Math.max(...final) - Math.min(...final) <= 2, String(final));
	});

	it("is recomputed and confirmed from the transcript alone, and refuted when anything is changed", () => {
		const round: Transcript = JSON.parse(JSON.stringify(t));
		assert.deepEqual(verifyTranscript(round), {
			ok: true,
			problems: [],
			cannot: verifyTranscript(round).cannot,
		});
		assert.ok(verifyTranscript(round).cannot.some((c) => c.includes("drand quicknet")));

		const swapped: Transcript = JSON.parse(JSON.stringify(t));
		swapped.strata[0]!.selected[0] = org(400 - 4);
		assert.match(verifyTranscript(swapped).problems.join(), /strata\[0\] \(A\)/);

		const team: Transcript = JSON.parse(JSON.stringify(t));
		team.assignments[0]!.team.reverse();
		assert.match(verifyTranscript(team).problems.join(), /assignments\[0\]/);

		const pool: Transcript = JSON.parse(JSON.stringify(t));
		pool.inputs.objects.pop();
		assert.match(
			verifyTranscript(pool).problems.join(),
			/pool: the list given is not the one the manifest published/,
		);

		const late: Transcript = JSON.parse(JSON.stringify(t));
		late.sources[1]!.value = "ffff";
		const r = verifyTranscript(late);
		assert.equal(r.ok, false);
		assert.match(r.problems.join(), /keyString|seed|strata/);
	});

	it("depends on every input: another beacon value or another manifest draws differently", () => {
		const other = makeDraw(m, inp, [SOURCES[0]!, { name: "drand quicknet", value: "00" }]);
		assert.notDeepEqual(other.strata[2]!.selected, t.strata[2]!.selected);
		const m2 = manifest(inp, { batch: "2026-SH-02" });
		assert.notEqual(manifestSha256(m2), t.manifestSha256);
		assert.notDeepEqual(makeDraw(m2, inp, SOURCES).strata[2]!.selected, t.strata[2]!.selected);
	});

	it("opens commitments and refuses a value that does not match", () => {
		const secret = "监管部门提交的随机数 8f1e";
		const commitment = createHash("sha256").update(secret).digest("hex");
		const mc = manifest(inp, {
			sources: [{ name: "市局承诺值", kind: "commitment", description: "开奖后公布", commitment }],
		});
		assert.equal(makeDraw(mc, inp, [{ name: "市局承诺值", value: secret }]).strata.length, 4);
		assert.throws(() => makeDraw(mc, inp, [{ name: "市局承诺值", value: "别的值" }]), /commitment/);
		assert.throws(() => makeDraw(m, inp, [SOURCES[1]!, SOURCES[0]!]), /manifest's order/);
	});

	it("draws in RFC 3797 mode, bound to the manifest, and verifies the same way", () => {
		const mr = manifest(inp, { mode: "rfc3797" });
		const tr = makeDraw(mr, inp, SOURCES);
		assert.deepEqual(
			tr.strata.map((s) => s.count),
			[5, 10, 30, 7],
		);
		assert.notDeepEqual(tr.strata[2]!.selected, t.strata[2]!.selected);
		assert.ok(verifyTranscript(JSON.parse(JSON.stringify(tr))).ok);
	});
});

describe("object commitments", () => {
	it("hide the code in the pool and open only with the salt", () => {
		const c = objectCommitment("9f2c", "91310115MA1K3BTP2B");
		assert.match(c, /^[0-9a-f]{64}$/);
		assert.equal(objectCommitment("9f2c", "91310115MA1K3BTP2B"), c);
		assert.notEqual(objectCommitment("9f2d", "91310115MA1K3BTP2B"), c);
		assert.equal(
			c,
			createHash("sha256").update("OpenTIC draw object v1\n9f2c\n91310115MA1K3BTP2B").digest("hex"),
		);
	});
});

describe("team assignment when the rules leave too few", () => {
	it("says which rule made a valid team impossible", () => {
		const inp = inputs(8, 3, 3);
		// Everyone lives in the objects' one district: the home-district rule leaves nobody.
		for (const p of inp.inspectors) p.home = "310101";
		for (const o of inp.objects) o.district = "310101";
		const m = manifest(inp, {
			strata: ["A", "B", "C", "D"].map((name) => ({ name, count: 1 })),
			exclusions: [],
		});
		const [first] = assignTeams(m, inp, [inp.objects[0]!], new Stream(new Uint8Array(32), "assign"));
		assert.deepEqual(first!.team, []);
		// Each inspector is counted under the first rule that excludes them: P1 works for the object itself.
		assert.deepEqual(first!.infeasible, {
			eligible: 0,
			needed: 2,
			excluded: { conflict: 1, district: 2 },
		});
	});

	it("refuses a manifest whose teams are smaller than two", () => {
		const inp = inputs(8, 3);
		assert.throws(() => makeDraw(manifest(inp, { teamSize: 1 }), inp, SOURCES), /teamSize/);
	});
});
