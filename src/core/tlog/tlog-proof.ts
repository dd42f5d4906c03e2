/**
 * C2SP tlog-proof (c2sp.org/tlog-proof): an offline-verifiable proof that an entry is in a log — the
 * header `c2sp.org/tlog-proof@v1`, optional `extra <base64>`, `index <N>`, the RFC 9162 inclusion proof
 * one base64 hash per line, an empty line, then the signed checkpoint verbatim. OpenTIC offers one as a
 * download for every record, so that it can be checked years later without our servers.
 */
import { type CheckpointPolicy, type OpenedCheckpoint, openCheckpoint } from "./checkpoint.ts";
import { fail } from "./errors.ts";
import { defaultHasher, fromBase64, fromUtf8, type Hasher, isHash, toBase64 } from "./hash.ts";
import { parseNote } from "./note.ts";
import { verifyInclusion } from "./proof.ts";
import { checkCount } from "./tree.ts";

/** The first line of every v1 proof. */
export const TLOG_PROOF_HEADER = "c2sp.org/tlog-proof@v1";

/** No inclusion proof in a tree of at most 2^53 leaves is longer. */
const MAX_PROOF_HASHES = 64;
const INDEX = /^index (0|[1-9][0-9]{0,15})$/;

/** The parts of a proof file. */
export interface TlogProof {
	/** The entry's zero-based index in the log. */
	readonly index: number;
	/** The inclusion proof, from the leaf's sibling up to the root's child (RFC 9162 §2.1.3.1). */
	readonly proof: readonly Uint8Array[];
	/** The signed checkpoint note, verbatim (with its signatures and any cosignatures). */
	readonly checkpoint: string;
	/** Optional opaque application data; NOT authenticated by anything in the proof. */
	readonly extra?: Uint8Array;
}

function malformed(message: string): never {
	return fail("TLOG_PROOF_MALFORMED", message);
}

/** Writes a proof file; zero bytes of `extra` give an empty `extra ` line, as Go's Marshal writes them. */
export function formatTlogProof(p: TlogProof): string {
	checkCount(p.index, "entry index");
	if (!Array.isArray(p.proof) || p.proof.length > MAX_PROOF_HASHES || !p.proof.every(isHash))
		fail("TLOG_BAD_INPUT", "the proof is at most 64 hashes of 32 bytes");
	if (p.extra !== undefined && !(p.extra instanceof Uint8Array))
		fail("TLOG_BAD_INPUT", "extra data is bytes");
	parseNote(p.checkpoint); // never write a proof that parseTlogProof would refuse
	const extra = p.extra === undefined ? "" : `extra ${toBase64(p.extra)}\n`;
	const hashes = p.proof.map((h) => `${toBase64(h)}\n`).join("");
	return `${TLOG_PROOF_HEADER}\n${extra}index ${p.index}\n${hashes}\n${p.checkpoint}`;
}

/**
 * Parses a proof file strictly ("Format"): exact header; optional `extra` with canonical base64; `index`
 * in decimal without leading zeroes (≤ 2^53−1); at most 64 proof lines of canonical base64 32-byte
 * hashes; an empty line; then a syntactically valid signed note. Signatures are checked by verifyTlogProof.
 */
export function parseTlogProof(input: string | Uint8Array): TlogProof {
	const text = typeof input === "string" ? input : fromUtf8(input, "TLOG_PROOF_MALFORMED");
	if (typeof text !== "string") malformed("a proof is text");
	let at = 0;
	const line = (): string => {
		const end = text.indexOf("\n", at);
		if (end < 0) malformed("the proof ends before its checkpoint");
		const l = text.slice(at, end);
		at = end + 1;
		return l;
	};
	if (line() !== TLOG_PROOF_HEADER) malformed(`the first line must be ${TLOG_PROOF_HEADER}`);
	let next = line();
	let extra: Uint8Array | undefined;
	if (next.startsWith("extra ")) {
		extra = fromBase64(next.slice(6), "TLOG_PROOF_MALFORMED");
		next = line();
	}
	const m = INDEX.exec(next);
	if (!m) malformed("expected `index <N>` in decimal without leading zeroes");
	const index = Number(m[1]);
	if (!Number.isSafeInteger(index)) malformed("the index is beyond 2^53-1");
	const proof: Uint8Array[] = [];
	for (let l = line(); l !== ""; l = line()) {
		if (proof.length === MAX_PROOF_HASHES) malformed("more than 64 proof hashes");
		const h = fromBase64(l, "TLOG_PROOF_MALFORMED");
		if (!isHash(h)) malformed("a proof hash must be 32 bytes");
		proof.push(h);
	}
	const checkpoint = text.slice(at);
	try {
		parseNote(checkpoint);
	} catch (e) {
		malformed(`the checkpoint is not a signed note: ${(e as Error).message}`);
	}
	return extra === undefined ? { index, proof, checkpoint } : { index, proof, checkpoint, extra };
}

/** What a verified proof states. */
export interface VerifiedTlogProof extends OpenedCheckpoint {
	readonly index: number;
	/** Unauthenticated; see TlogProof.extra. */
	readonly extra?: Uint8Array;
}

/**
 * Verifies a proof file for an entry (or its leaf hash): the checkpoint must open under `policy` (log
 * signature, origin, witness quorum), the index must be inside the checkpointed tree, and the inclusion
 * proof must lead from the entry's leaf hash to the checkpoint's root (RFC 9162 §2.1.3.2).
 */
export function verifyTlogProof(
	input: string | Uint8Array | TlogProof,
	entry: { readonly entry: Uint8Array } | { readonly leafHash: Uint8Array },
	policy: CheckpointPolicy,
	hasher: Hasher = defaultHasher,
): VerifiedTlogProof {
	const p = typeof input === "string" || input instanceof Uint8Array ? parseTlogProof(input) : input;
	checkCount(p.index, "entry index");
	const opened = openCheckpoint(p.checkpoint, policy);
	const leafHash = "entry" in entry ? hasher.leafHash(entry.entry) : entry.leafHash;
	const { size, rootHash } = opened.checkpoint;
	if (p.index >= size)
		fail("TLOG_PROOF_INVALID", `index ${p.index} is not in the checkpointed tree of ${size}`);
	verifyInclusion(p.index, size, leafHash, p.proof, rootHash, hasher);
	return p.extra === undefined
		? { ...opened, index: p.index }
		: { ...opened, index: p.index, extra: p.extra };
}
