/**
 * The draw of a spot-check batch, and its transcript.
 *
 * Modern mode: seed = SHA-256("OpenTIC draw v1\n" ‖ manifest hash ‖ RFC 3797 key string of the revealed
 * sources). Each stratum, in the manifest's order, reads its own stream — SHA-256(seed ‖ "stratum:" name ‖
 * 0x00 ‖ 8-byte big-endian counter), 32-bit words, rejection sampling for an unbiased choice in [0, n) —
 * and selects by a partial Fisher–Yates shuffle of its eligible objects (pool order, exclusions removed).
 *
 * RFC 3797 mode: each stratum is drawn exactly as RFC 3797 §4 draws, with the key string of the sources
 * preceded by the manifest hash and followed by the stratum's name as two more sources (so strata differ
 * and the draw is bound to the manifest).
 *
 * Either way, the teams are then assigned from the stream "assign": for each selected object in turn, the
 * least-loaded inspectors with no conflict (no conflict pair with the object, the district rule, no second
 * member from one employer), scanning each load level from a random start; when no valid team exists, the
 * transcript says how many inspectors each rule excluded.
 *
 * Anyone can recompute a transcript (verifyTranscript): no database, no network.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, fromHex, toHex, utf8 } from "../tlog/hash.ts";
import { canonicalSource, keyString } from "./keystring.ts";
import {
	bindInputs,
	checkManifest,
	type DrawInputs,
	type Manifest,
	manifestSha256,
	nobleSha256,
	type PoolInspector,
	type PoolObject,
	type Sha256Stream,
} from "./manifest.ts";
import { DrawError, rfc3797Select } from "./rfc3797.ts";

export const TRANSCRIPT_FORMAT = "opentic/draw-transcript/v1";
const SEED_PREFIX = "OpenTIC draw v1\n";

/** A revealed random source: its value as announced, matched to the manifest's source of that name. */
export interface RevealedSource {
	name: string;
	value: string;
}

export type ConflictReason = "conflict" | "district" | "team_employer" | "already_in_team";

export interface Assignment {
	object: string;
	team: string[];
	/** Set when no valid team exists: how many inspectors each rule excluded (first failing rule). */
	infeasible?: { eligible: number; needed: number; excluded: Partial<Record<ConflictReason, number>> };
}

export interface StratumResult {
	name: string;
	/** Eligible objects in the stratum (exclusions removed). */
	eligible: number;
	count: number;
	/** Selected object ids, in the order drawn. */
	selected: string[];
}

export interface Transcript {
	format: typeof TRANSCRIPT_FORMAT;
	manifest: Manifest;
	manifestSha256: string;
	sources: RevealedSource[];
	keyString: string;
	/** Modern mode's seed (hex); the assignment stream's seed in both modes. */
	seed: string;
	strata: StratumResult[];
	assignments: Assignment[];
	inputs: DrawInputs;
}

/** A deterministic stream of unbiased choices: SHA-256 in counter mode, 32-bit words. */
export class Stream {
	#prefix: Uint8Array;
	#counter = 0n;
	#words = new Uint32Array(0);
	#pos = 0;

	constructor(seed: Uint8Array, label: string) {
		this.#prefix = concatBytes(seed, utf8(label), new Uint8Array([0]));
	}

	#refill(): void {
		const block = new Uint8Array(this.#prefix.length + 8);
		block.set(this.#prefix);
		new DataView(block.buffer).setBigUint64(this.#prefix.length, this.#counter++);
		const d = sha256(block);
		const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
		this.#words = new Uint32Array(8);
		for (let i = 0; i < 8; i++) this.#words[i] = view.getUint32(i * 4);
		this.#pos = 0;
	}

	/** The next 32-bit word. */
	next(): number {
		if (this.#pos >= this.#words.length) this.#refill();
		return this.#words[this.#pos++]!;
	}

	/** A uniform integer in [0, n), n ≤ 2^32, without modulo bias (rejection sampling). */
	below(n: number): number {
		if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new DrawError("RANGE", `cannot draw below ${n}`);
		const limit = 2 ** 32 - (2 ** 32 % n);
		for (;;) {
			const u = this.next();
			if (u < limit) return u % n;
		}
	}
}

/** The modern seed of a manifest and sources. */
export function drawSeed(manifestHash: string, key: string): Uint8Array {
	return sha256(concatBytes(utf8(SEED_PREFIX), fromHex(manifestHash), utf8(key)));
}

/** k of n positions (0-based), in the order drawn: partial Fisher–Yates, sparse. */
function sample(stream: Stream, n: number, k: number): number[] {
	const swapped = new Map<number, number>();
	const out: number[] = [];
	for (let i = 0; i < k; i++) {
		const j = i + stream.below(n - i);
		const atJ = swapped.get(j) ?? j;
		swapped.set(j, swapped.get(i) ?? i);
		out.push(atJ);
	}
	return out;
}

/** How many of a stratum's eligible objects are drawn. */
export function quota(s: Manifest["strata"][number], eligible: number): number {
	if (s.count !== undefined) return Math.min(s.count, eligible);
	// Rounded up, in integer arithmetic on a proportion given to at most 6 decimals.
	const micro = Math.round((s.proportion ?? 0) * 1_000_000);
	return Math.min(eligible, Math.ceil((micro * eligible) / 1_000_000));
}

/** Checks revealed sources against the manifest: same names in the same order, commitments opened. */
function checkSources(m: Manifest, sources: readonly RevealedSource[]): void {
	if (sources.length !== m.sources.length)
		throw new DrawError(
			"SOURCES",
			`sources: the manifest announced ${m.sources.length} random sources, ${sources.length} were given`,
		);
	for (const [i, s] of m.sources.entries()) {
		const r = sources[i]!;
		if (r.name !== s.name)
			throw new DrawError(
				"SOURCES",
				`sources[${i}]: expected "${s.name}" (the manifest's order), got "${r.name}"`,
			);
		if (s.kind === "commitment" && toHex(sha256(utf8(r.value))) !== s.commitment)
			throw new DrawError(
				"COMMITMENT",
				`sources[${i}] (${s.name}): the revealed value does not hash to the published commitment`,
			);
	}
}

/** Makes the draw: selection and teams, with the transcript that proves them. */
export function makeDraw(
	m: Manifest,
	inputs: DrawInputs,
	sources: readonly RevealedSource[],
	hasher: Sha256Stream = nobleSha256,
): Transcript {
	checkManifest(m);
	const bound = bindInputs(inputs, hasher);
	for (const k of ["pool", "inspectors", "conflicts"] as const)
		if (bound[k].sha256 !== m[k].sha256 || bound[k].size !== m[k].size)
			throw new DrawError(
				"INPUTS",
				`${k}: the list given is not the one the manifest published (size or SHA-256 differ)`,
			);
	checkSources(m, sources);
	const mHash = manifestSha256(m);
	const key = keyString(sources.map((s) => s.value));
	const seed = drawSeed(mHash, key);

	const excluded = new Set(m.exclusions.map((e) => e.id));
	const byStratum = new Map<string, PoolObject[]>(m.strata.map((s) => [s.name, []]));
	for (const o of inputs.objects) {
		if (excluded.has(o.id)) continue;
		const list = byStratum.get(o.stratum);
		if (!list)
			throw new DrawError(
				"STRATUM",
				`object ${o.id} is in stratum "${o.stratum}", which the manifest does not list`,
			);
		list.push(o);
	}
	const strata: StratumResult[] = [];
	const drawn: PoolObject[] = [];
	for (const s of m.strata) {
		const pool = byStratum.get(s.name)!;
		const count = quota(s, pool.length);
		let positions: number[];
		if (count === 0) positions = [];
		else if (m.mode === "rfc3797") {
			const k = canonicalSource(mHash) + key + canonicalSource(s.name);
			positions = rfc3797Select(k, pool.length, count).map((x) => x.selected - 1);
		} else positions = sample(new Stream(seed, `stratum:${s.name}`), pool.length, count);
		const selected = positions.map((p) => pool[p]!);
		drawn.push(...selected);
		strata.push({ name: s.name, eligible: pool.length, count, selected: selected.map((o) => o.id) });
	}
	return {
		format: TRANSCRIPT_FORMAT,
		manifest: m,
		manifestSha256: mHash,
		sources: sources.map((s) => ({ name: s.name, value: s.value })),
		keyString: key,
		seed: toHex(seed),
		strata,
		assignments: assignTeams(m, inputs, drawn, new Stream(seed, "assign")),
		inputs,
	};
}

/** The date `months` calendar months before `date` (YYYY-MM-DD), clamped to the month's last day. */
export function monthsBefore(date: string, months: number): string {
	const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
	const total = y * 12 + (mo - 1) - months;
	const ny = Math.floor(total / 12);
	const nm = total % 12;
	const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
	return `${String(ny).padStart(4, "0")}-${String(nm + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** Teams for the drawn objects, least-loaded first, with no conflicts under the manifest's rules. */
export function assignTeams(
	m: Manifest,
	inputs: DrawInputs,
	drawn: readonly PoolObject[],
	stream: Stream,
): Assignment[] {
	const people = inputs.inspectors;
	const n = people.length;
	const index = new Map<string, number>();
	people.forEach((p, i) => {
		index.set(p.id, i);
	});
	const conflicted = new Map<string, Set<number>>();
	for (const c of inputs.conflicts) {
		const i = index.get(c.inspector);
		if (i === undefined) continue;
		const s = conflicted.get(c.object);
		if (s) s.add(i);
		else conflicted.set(c.object, new Set([i]));
	}
	const coverage = people.map((p: PoolInspector) => new Set(p.districts));

	// Load levels: level[l] holds the inspectors whose load is l; pos[i] is i's place in its level.
	const load = people.map((p) => Math.max(0, Math.trunc(p.load)));
	const levels: number[][] = [];
	const pos = new Int32Array(n);
	const place = (i: number) => {
		const l = load[i]!;
		while (levels.length <= l) levels.push([]);
		pos[i] = levels[l]!.length;
		levels[l]!.push(i);
	};
	for (let i = 0; i < n; i++) place(i);
	const lift = (i: number) => {
		const list = levels[load[i]!]!;
		const at = pos[i]!;
		const lastI = list[list.length - 1]!;
		list[at] = lastI;
		pos[lastI] = at;
		list.pop();
		load[i]!++;
		place(i);
	};

	const conflict = (i: number, o: PoolObject, team: readonly number[]): ConflictReason | null => {
		const p = people[i]!;
		if (team.includes(i)) return "already_in_team";
		if (conflicted.get(o.id)?.has(i)) return "conflict";
		if (o.district !== null) {
			if (m.rules.district === "avoid-home" && p.home === o.district) return "district";
			if (m.rules.district === "within-coverage" && coverage[i]!.size > 0 && !coverage[i]!.has(o.district))
				return "district";
		}
		if (
			m.rules.distinctEmployers &&
			p.employer !== null &&
			team.some((t) => people[t]!.employer === p.employer)
		)
			return "team_employer";
		return null;
	};

	const out: Assignment[] = [];
	for (const o of drawn) {
		const team: number[] = [];
		for (let l = 0; l < levels.length && team.length < m.teamSize; l++) {
			const list = levels[l]!;
			if (list.length === 0) continue;
			const start = stream.below(list.length);
			for (let k = 0; k < list.length && team.length < m.teamSize; k++) {
				const i = list[(start + k) % list.length]!;
				if (conflict(i, o, team) === null) team.push(i);
			}
		}
		if (team.length < m.teamSize) {
			const excludedBy: Partial<Record<ConflictReason, number>> = {};
			let eligible = 0;
			for (let i = 0; i < n; i++) {
				const why = conflict(i, o, []);
				if (why === null) eligible++;
				else excludedBy[why] = (excludedBy[why] ?? 0) + 1;
			}
			out.push({
				object: o.id,
				team: [],
				infeasible: { eligible, needed: m.teamSize, excluded: excludedBy },
			});
			continue;
		}
		for (const i of team) lift(i);
		out.push({ object: o.id, team: team.map((i) => people[i]!.id) });
	}
	return out;
}

export interface TranscriptCheck {
	ok: boolean;
	/** What differs, field by field, in words (empty when ok). */
	problems: string[];
	/** What a transcript cannot establish by itself. */
	cannot: string[];
}

/** Recomputes a transcript from its manifest, inputs and sources, and compares every derived value. */
export function verifyTranscript(t: Transcript, hasher: Sha256Stream = nobleSha256): TranscriptCheck {
	const problems: string[] = [];
	const cannot = [
		"that the manifest was published before the last source was known: check its log entry's time against the source's",
	];
	for (const s of t.manifest?.sources ?? [])
		if (s.kind === "beacon" || s.kind === "lottery")
			cannot.push(`that "${s.name}" really had the value given: look it up (${s.description})`);
	if (t.format !== TRANSCRIPT_FORMAT)
		return { ok: false, problems: [`format: not ${TRANSCRIPT_FORMAT}`], cannot };
	let again: Transcript;
	try {
		again = makeDraw(t.manifest, t.inputs, t.sources, hasher);
	} catch (e) {
		return { ok: false, problems: [e instanceof Error ? e.message : String(e)], cannot };
	}
	if (again.manifestSha256 !== t.manifestSha256)
		problems.push("manifestSha256 differs from the manifest's hash");
	if (again.keyString !== t.keyString) problems.push(`keyString: expected ${again.keyString}`);
	if (again.seed !== t.seed) problems.push("seed differs");
	const sameList = (a: readonly string[], b: unknown) =>
		Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
	again.strata.forEach((s, i) => {
		const had = t.strata?.[i];
		if (
			!had ||
			had.name !== s.name ||
			had.eligible !== s.eligible ||
			had.count !== s.count ||
			!sameList(s.selected, had.selected)
		)
			problems.push(`strata[${i}] (${s.name}): the selection differs`);
	});
	if ((t.strata?.length ?? 0) !== again.strata.length) problems.push("strata: a different number of strata");
	if ((t.assignments?.length ?? 0) !== again.assignments.length)
		problems.push("assignments: a different number");
	again.assignments.forEach((a, i) => {
		const had = t.assignments?.[i];
		const same =
			had !== undefined &&
			had.object === a.object &&
			sameList(a.team, had.team) &&
			JSON.stringify(had.infeasible ?? null) === JSON.stringify(a.infeasible ?? null);
		if (!same) problems.push(`assignments[${i}] (${a.object}): the team differs`);
	});
	return { ok: problems.length === 0, problems: problems.slice(0, 50), cannot };
}
