/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the note text of a log's signed tree head — origin,
 * decimal tree size, base64 root hash, optional extension lines — parsed strictly and written back
 * byte for byte, and opened against the log's key and a witness policy.
 */
import { fail } from "./errors.ts";
import { fromBase64, hasControl, isHash, isWellFormed, toBase64 } from "./hash.ts";
import { type NoteSignature, type NoteVerifier, type OpenedNote, openNote, parseNote } from "./note.ts";
import { checkCount } from "./tree.ts";

/** A log's tree head as its checkpoint states it. */
export interface Checkpoint {
	/** The log's identity, e.g. `opentic.example/log`. */
	readonly origin: string;
	/** The number of leaves. */
	readonly size: number;
	/** The RFC 9162 Merkle tree hash of the first `size` leaves. */
	readonly rootHash: Uint8Array;
	/** Opaque extension lines (NOT RECOMMENDED by the spec; unsigned by ML-DSA cosigners). */
	readonly extensions: readonly string[];
}

/** Decimal without leading zeroes; 16 digits bound the work before the 2^53 check. */
const SIZE = /^(?:0|[1-9][0-9]{0,15})$/;

function malformed(message: string): never {
	return fail("TLOG_CHECKPOINT_MALFORMED", message);
}

function checkLine(line: string, what: string): void {
	if (typeof line !== "string" || line.length === 0) malformed(`the ${what} must be non-empty`);
	if (hasControl(line, false) || !isWellFormed(line)) malformed(`the ${what} contains a control character`);
}

/**
 * Parses a checkpoint's note text ("Note text"): at least three non-empty newline-terminated lines — a
 * non-empty origin, the tree size in ASCII decimal without leading zeroes (at most 2^53−1 here), the
 * canonical base64 of a 32-byte root hash — then non-empty extension lines.
 */
export function parseCheckpoint(text: string): Checkpoint {
	if (typeof text !== "string" || !text.endsWith("\n")) malformed("the checkpoint must end with a newline");
	const lines = text.slice(0, -1).split("\n");
	if (lines.length < 3) malformed("a checkpoint has at least three lines");
	const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
	checkLine(origin, "origin");
	if (!SIZE.test(size)) malformed("the tree size must be decimal without leading zeroes");
	const n = Number(size);
	if (!Number.isSafeInteger(n)) malformed("the tree size is beyond 2^53-1");
	const rootHash = fromBase64(root, "TLOG_CHECKPOINT_MALFORMED");
	if (!isHash(rootHash)) malformed("the root hash must be 32 bytes");
	for (const e of extensions) checkLine(e, "extension line");
	return { origin, size: n, rootHash, extensions };
}

/** Writes a checkpoint's note text (to be signed with signNote). */
export function formatCheckpoint(cp: Checkpoint): string {
	checkLine(cp.origin, "origin");
	checkCount(cp.size, "tree size");
	if (!isHash(cp.rootHash)) fail("TLOG_BAD_INPUT", "the root hash must be 32 bytes");
	const ext = cp.extensions ?? [];
	for (const e of ext) checkLine(e, "extension line");
	return `${[cp.origin, String(cp.size), toBase64(cp.rootHash), ...ext].join("\n")}\n`;
}

/** Who is trusted to sign a checkpoint: the log's key(s), and optionally a witness quorum. */
export interface CheckpointPolicy {
	/** The origin the checkpoint must carry (c2sp.org/tlog-checkpoint: clients know the log's origin). */
	readonly origin: string;
	/** The log's verifiers; at least one must have signed. Several allow key rotation. */
	readonly logKeys: readonly NoteVerifier[];
	/** Witness cosignature verifiers (see cosignature.ts). */
	readonly witnesses?: readonly NoteVerifier[];
	/** How many distinct witnesses must have cosigned (default 0). */
	readonly quorum?: number;
}

/** An opened checkpoint: the tree head, the note, and which log key and witnesses signed it. */
export interface OpenedCheckpoint {
	readonly checkpoint: Checkpoint;
	readonly note: OpenedNote;
	/** The verified signatures by log keys. */
	readonly logSignatures: readonly NoteSignature[];
	/** The verified cosignatures by witnesses (one per witness). */
	readonly cosignatures: readonly NoteSignature[];
}

/**
 * Opens a signed checkpoint under a policy: every signature by a known key must verify (openNote), one
 * must be by a log key (else TLOG_NOTE_UNVERIFIED), at least `quorum` witnesses must have cosigned, the
 * body must parse and its origin must be the expected one (TLOG_ORIGIN_MISMATCH).
 */
export function openCheckpoint(msg: string | Uint8Array, policy: CheckpointPolicy): OpenedCheckpoint {
	const witnesses = policy.witnesses ?? [];
	const quorum = policy.quorum ?? 0;
	checkCount(quorum, "witness quorum");
	if (quorum > witnesses.length) fail("TLOG_BAD_INPUT", "the quorum exceeds the number of witnesses");
	// Parse the body before any signature work: a malformed checkpoint is refused cheaply.
	const checkpoint = parseCheckpoint(parseNote(msg).text);
	const note = openNote(msg, [...policy.logKeys, ...witnesses]);
	const isOneOf = (keys: readonly NoteVerifier[]) => (s: NoteSignature) =>
		keys.some((k) => k.name === s.name && k.keyId === s.keyId);
	const logSignatures = note.verified.filter(isOneOf(policy.logKeys));
	const cosignatures = note.verified.filter(isOneOf(witnesses));
	if (logSignatures.length === 0) fail("TLOG_NOTE_UNVERIFIED", "the checkpoint is not signed by the log");
	if (checkpoint.origin !== policy.origin)
		fail("TLOG_ORIGIN_MISMATCH", `the checkpoint is for ${JSON.stringify(checkpoint.origin)}`);
	if (cosignatures.length < quorum)
		fail("TLOG_NOTE_UNVERIFIED", `${cosignatures.length} of the ${quorum} required witness cosignatures`);
	return { checkpoint, note, logSignatures, cosignatures };
}
