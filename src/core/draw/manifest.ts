/**
 * What a spot-check batch publishes before its draw (双随机 — the manifest), and the hashes that bind it.
 *
 * A manifest names the batch and its draw date, the mode, the strata with a proportion or a count each,
 * the exclusions with their reasons, the team size and the conflict rules, and the random sources to be
 * used — the last of them a value nobody knows yet when the manifest is published (a future beacon
 * round, or commitments to be revealed). The pool of objects, the inspector pool and the conflict pairs
 * are long lists published beside it; the manifest carries their SHA-256 and sizes, so its own hash binds
 * them. Once logged, a manifest cannot change.
 *
 * What the lists reveal is kept to what the draw needs. An object appears by a commitment to its code
 * (objectCommitment), so the pool does not publish which organisation sits in which credit stratum (an
 * internal reference, not a public rating); a drawn object's code and salt are published with its result,
 * and any organisation can be given its own opening to see that it was in the pool. Inspectors appear by
 * public reference with their employer and districts. Conflicts of interest (own employer, a declared
 * relation, an inspection of the same organisation within N months) appear only as (inspector, object)
 * pairs, without the reason, which may be personal.
 *
 * Pure and synchronous: runs in the CLI, the server and the browser.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { canonicalJson, type JsonValue } from "../canonical-json.ts";
import { toHex, utf8 } from "../tlog/hash.ts";
import { DrawError } from "./rfc3797.ts";

export const MANIFEST_FORMAT = "opentic/draw-manifest/v1";

/** One inspection object: an organisation, a certificate or a product, in the pool's order. */
export interface PoolObject {
	/** Its key in the pool: a commitment to its code (objectCommitment), or the code itself. */
	id: string;
	/** The stratum it falls in (a credit grade, a risk class). */
	stratum: string;
	/** Its district code (GB/T 2260), when known. */
	district: string | null;
}

/** One inspector or expert, by public reference, never by name or identity number. */
export interface PoolInspector {
	/** Public reference, e.g. P00000042. */
	id: string;
	/** The employer (no two members of a team from one employer): a USCC, or a commitment to one. */
	employer: string | null;
	/** The district office the inspector belongs to. */
	home: string | null;
	/** Districts the inspector may work in (empty: anywhere). */
	districts: string[];
	/** Inspections already carried this year (the load the assignment balances). */
	load: number;
}

/** An inspector who may not inspect an object (own employer, declared relation, recent inspection). */
export interface ConflictPair {
	inspector: string;
	/** The object's id in the pool. */
	object: string;
}

export interface Stratum {
	name: string;
	/** Share of the stratum's eligible objects to draw (0–1), rounded up; or… */
	proportion?: number;
	/** …an exact number. */
	count?: number;
}

export interface Exclusion {
	id: string;
	reason: string;
}

export interface ConflictRules {
	/** The conflict pairs include each inspector's own employer… */
	sameEmployer: boolean;
	/** …the organisations they declared a relation with… */
	declaredRelations: boolean;
	/** …and those they inspected within this many months before the draw date (0: none). */
	recentMonths: number;
	/** "avoid-home": not in their home district; "within-coverage": only in the districts they cover. */
	district: "none" | "avoid-home" | "within-coverage";
	/** No two members of a team from the same employer. */
	distinctEmployers: boolean;
}

/** The rules most batches use: every conflict counted, 12 months, not in one's own district, one employer per team. */
export const STANDARD_RULES: ConflictRules = Object.freeze({
	sameEmployer: true,
	declaredRelations: true,
	recentMonths: 12,
	district: "avoid-home",
	distinctEmployers: true,
});

export interface SourceSpec {
	name: string;
	kind: "lottery" | "beacon" | "commitment" | "other";
	/** Where and when the value will be known, in words (a beacon's round, a lottery's date). */
	description: string;
	/** For commitments: SHA-256 (hex) of the value to be revealed. */
	commitment?: string;
}

export type DrawMode = "modern" | "rfc3797";

/** What the pool's objects are: organisations, or certificates (inspected at their holders). */
export const POOL_OBJECTS = ["organizations", "certificates"] as const;
export type PoolObjects = (typeof POOL_OBJECTS)[number];

/**
 * How the pool was taken from the register, so a reader knows what it stands for: its objects, the kinds
 * of organisation (the holders', for certificates), the districts and the certification schemes (the
 * field: organisations holding, approved for, or certificates of these schemes); empty lists mean all.
 */
export interface PoolScope {
	objects: PoolObjects;
	kinds: string[];
	districts: string[];
	schemes: string[];
}

export interface Manifest {
	format: typeof MANIFEST_FORMAT;
	batch: string;
	title: string;
	/** The China date the draw is made on (the recent-inspection window ends here). */
	drawDate: string;
	mode: DrawMode;
	/** How the pool was selected (absent in batches published before pools were described). */
	scope?: PoolScope;
	pool: { size: number; sha256: string };
	inspectors: { size: number; sha256: string };
	conflicts: { size: number; sha256: string };
	strata: Stratum[];
	exclusions: Exclusion[];
	teamSize: number;
	rules: ConflictRules;
	sources: SourceSpec[];
}

/** The long lists a manifest binds. */
export interface DrawInputs {
	objects: PoolObject[];
	inspectors: PoolInspector[];
	conflicts: ConflictPair[];
}

/** An incremental SHA-256: @noble/hashes by default (runs anywhere); the CLI passes node:crypto's. */
export type Sha256Stream = () => { update(data: Uint8Array): unknown; digest(): Uint8Array };
export const nobleSha256: Sha256Stream = () => sha256.create();

/**
 * SHA-256 of a list, one JSON array per line, in order: cheap to stream, easy to recompute. The rows hold
 * only strings, numbers, null and arrays of those, for which JSON.stringify writes exactly RFC 8785.
 */
export function listSha256<T>(
	items: readonly T[],
	row: (item: T) => JsonValue[],
	hasher: Sha256Stream = nobleSha256,
): string {
	const h = hasher();
	let chunk = "";
	for (const item of items) {
		chunk += `${JSON.stringify(row(item))}\n`;
		if (chunk.length > 1 << 16) {
			h.update(utf8(chunk));
			chunk = "";
		}
	}
	if (chunk) h.update(utf8(chunk));
	return toHex(h.digest());
}

export const objectRow = (o: PoolObject): JsonValue[] => [o.id, o.stratum, o.district];
export const inspectorRow = (p: PoolInspector): JsonValue[] => [
	p.id,
	p.employer,
	p.home,
	[...p.districts],
	p.load,
];
export const conflictRow = (c: ConflictPair): JsonValue[] => [c.inspector, c.object];

/** The pool key of an object: SHA-256 over a label, a per-object random salt (hex) and its code, hex. */
export function objectCommitment(salt: string, code: string): string {
	return toHex(sha256(utf8(`OpenTIC draw object v1\n${salt}\n${code}`)));
}

/** The list hashes and sizes a manifest carries for these inputs. */
export function bindInputs(
	inputs: DrawInputs,
	hasher: Sha256Stream = nobleSha256,
): Pick<Manifest, "pool" | "inspectors" | "conflicts"> {
	return {
		pool: { size: inputs.objects.length, sha256: listSha256(inputs.objects, objectRow, hasher) },
		inspectors: {
			size: inputs.inspectors.length,
			sha256: listSha256(inputs.inspectors, inspectorRow, hasher),
		},
		conflicts: { size: inputs.conflicts.length, sha256: listSha256(inputs.conflicts, conflictRow, hasher) },
	};
}

/** SHA-256 (hex) of the manifest's canonical JSON: what the log records and the draw is bound to. */
export function manifestSha256(m: Manifest): string {
	return toHex(sha256(utf8(canonicalJson(m as unknown as JsonValue))));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a manifest's shape and rules; throws DrawError naming the field. */
export function checkManifest(m: Manifest): void {
	const bad = (field: string, rule: string) => {
		throw new DrawError("MANIFEST_INVALID", `${field}: ${rule}`);
	};
	if (m.format !== MANIFEST_FORMAT) bad("format", `must be ${MANIFEST_FORMAT}`);
	if (!m.batch?.trim()) bad("batch", "required");
	if (!DATE.test(m.drawDate ?? "")) bad("drawDate", "must be YYYY-MM-DD");
	if (m.mode !== "modern" && m.mode !== "rfc3797") bad("mode", "must be modern or rfc3797");
	if (m.scope !== undefined) {
		if (!(POOL_OBJECTS as readonly string[]).includes(m.scope.objects))
			bad("scope.objects", `one of ${POOL_OBJECTS.join(", ")}`);
		for (const k of ["kinds", "districts", "schemes"] as const)
			if (!Array.isArray(m.scope[k]) || m.scope[k].some((x) => typeof x !== "string"))
				bad(`scope.${k}`, "a list of codes");
	}
	if (!Number.isInteger(m.teamSize) || m.teamSize < 2) bad("teamSize", "a team has at least 2 inspectors");
	if (!Array.isArray(m.strata) || m.strata.length === 0) bad("strata", "at least one stratum");
	const names = new Set<string>();
	for (const [i, s] of m.strata.entries()) {
		if (!s.name) bad(`strata[${i}].name`, "required");
		if (names.has(s.name)) bad(`strata[${i}].name`, `"${s.name}" appears twice`);
		names.add(s.name);
		const hasP = s.proportion !== undefined;
		const hasC = s.count !== undefined;
		if (hasP === hasC) bad(`strata[${i}]`, "give either a proportion or a count");
		if (hasP && !(s.proportion! >= 0 && s.proportion! <= 1)) bad(`strata[${i}].proportion`, "from 0 to 1");
		if (hasC && !(Number.isInteger(s.count) && s.count! >= 0))
			bad(`strata[${i}].count`, "a whole number ≥ 0");
	}
	if (!Array.isArray(m.sources) || m.sources.length === 0) bad("sources", "at least one random source");
	const last = m.sources[m.sources.length - 1]!;
	if (last.kind !== "beacon" && last.kind !== "commitment" && last.kind !== "lottery")
		bad("sources", "the last source must be a future public value (a beacon, a lottery or a commitment)");
	for (const [i, s] of m.sources.entries())
		if (s.kind === "commitment" && !/^[0-9a-f]{64}$/.test(s.commitment ?? ""))
			bad(`sources[${i}].commitment`, "a commitment is the SHA-256 (64 lower-case hex digits) of the value");
	if (m.rules.recentMonths < 0 || !Number.isInteger(m.rules.recentMonths))
		bad("rules.recentMonths", "a whole number ≥ 0");
}
