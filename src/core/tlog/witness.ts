/**
 * c2sp.org/tlog-witness: the `add-checkpoint` request body, a witness's decision on one, and the two
 * answers a log reads back (the cosignature lines of a 200, the size of a 409). Pure and synchronous: the
 * witness server (src/server/witness) stores the state this decides over, and the log
 * (src/server/log/witnesses.ts) sends the requests.
 *
 * Request body ("add-checkpoint"): `old <size>\n`, at most 63 lines each the base64 of one hash of an
 * RFC 9162 §2.1.4 consistency proof from the old size to the checkpoint's, an empty line, then the signed
 * checkpoint note. Each line ends in U+000A; the old size is ASCII decimal without leading zeroes.
 *
 * The witness's checks, in the spec's order and with its statuses: unknown origin 404; no signature by a
 * trusted key of that origin verifies (or one by a trusted key fails, which makes the note malformed
 * under c2sp.org/signed-note) 403; old size above the checkpoint's 400; old size not the size it last
 * cosigned 409 with that size as `text/x.tlog.size`; a consistency proof that does not verify (or is not
 * empty from size 0) 422; the same size with another root 409. Then it records the new state, atomically
 * with the check, and answers its cosignature lines.
 */
import { type Checkpoint, parseCheckpoint } from "./checkpoint.ts";
import { cosign } from "./cosignature.ts";
import { fail, TlogError } from "./errors.ts";
import { EMPTY_ROOT, equalBytes, fromBase64, fromUtf8, isHash, toBase64 } from "./hash.ts";
import {
	formatSignatureLine,
	MAX_NOTE_SIGNATURES,
	type NoteSignature,
	type NoteSigner,
	type NoteVerifier,
	openNote,
	parseNote,
	parseSignatureLine,
} from "./note.ts";
import { verifyConsistency } from "./proof.ts";
import { checkCount } from "./tree.ts";

/** The path of the call under the witness's submission prefix. */
export const ADD_CHECKPOINT_PATH = "/add-checkpoint";

/** "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_PROOF_LINES = 63;

/** The content type of a 409's body, the witness's latest cosigned size ("add-checkpoint"). */
export const TLOG_SIZE_CONTENT_TYPE = "text/x.tlog.size";

/**
 * The largest request body a witness reads: 64 proof lines of 45 bytes and a checkpoint with the most
 * signatures a note may carry fit in well under this; anything larger is not an honest request.
 */
export const MAX_ADD_CHECKPOINT_BYTES = 64 * 1024;

/** The decimal sizes of the protocol: no leading zeroes; 16 digits bound the work before the 2^53 check. */
const SIZE = /^(?:0|[1-9][0-9]{0,15})$/;

/** A parsed add-checkpoint request. */
export interface AddCheckpointRequest {
	/** The size the client believes the witness last cosigned (0: none). */
	readonly oldSize: number;
	/** The consistency proof from oldSize to the checkpoint's size, hashes in RFC 9162 order. */
	readonly proof: readonly Uint8Array[];
	/** The signed checkpoint note, byte for byte as sent (text, blank line, signature lines). */
	readonly checkpoint: string;
}

function bad(message: string): never {
	return fail("TLOG_BAD_INPUT", message);
}

function parseSize(s: string, what: string): number {
	if (!SIZE.test(s)) bad(`${what} must be decimal without leading zeroes`);
	const n = Number(s);
	if (!Number.isSafeInteger(n)) bad(`${what} is beyond 2^53-1`);
	return n;
}

/** The checkpoint of a signed note, parsed (TLOG_NOTE_MALFORMED / TLOG_CHECKPOINT_MALFORMED if not one). */
function checkpointOf(note: string): { text: string; checkpoint: Checkpoint } {
	const { text } = parseNote(note);
	return { text, checkpoint: parseCheckpoint(text) };
}

/**
 * Writes an add-checkpoint request body. Refuses what parseAddCheckpoint would refuse: a size that is not
 * a count, more than 63 proof hashes, a hash that is not 32 bytes, a note that is not a signed checkpoint.
 */
export function formatAddCheckpoint(req: AddCheckpointRequest): string {
	checkCount(req.oldSize, "old size");
	if (!Array.isArray(req.proof) || req.proof.length > MAX_PROOF_LINES)
		bad(`at most ${MAX_PROOF_LINES} consistency proof lines`);
	for (const h of req.proof) if (!isHash(h)) bad("every consistency proof line is a 32-byte hash");
	checkpointOf(req.checkpoint);
	return `old ${req.oldSize}\n${req.proof.map((h) => `${toBase64(h)}\n`).join("")}\n${req.checkpoint}`;
}

/**
 * Parses an add-checkpoint request body strictly: valid UTF-8; `old <size>` in canonical decimal; at
 * most 63 proof lines, each the canonical base64 of 32 bytes; an empty line; a signed note whose text is
 * a checkpoint. Failures are TlogErrors (TLOG_BAD_INPUT for the framing, the note's and checkpoint's own
 * codes for the rest); a witness answers all of them 400. Nothing here checks a signature or a proof.
 */
export function parseAddCheckpoint(body: string | Uint8Array): AddCheckpointRequest {
	if (body instanceof Uint8Array && body.length > MAX_ADD_CHECKPOINT_BYTES) bad("the request is too large");
	const s = typeof body === "string" ? body : fromUtf8(body, "TLOG_BAD_INPUT");
	if (s.length > MAX_ADD_CHECKPOINT_BYTES) bad("the request is too large");
	// The header ends at the first empty line: the old size line and proof lines are never empty, and the
	// checkpoint's own blank line (before its signatures) comes after it.
	const end = s.indexOf("\n\n");
	if (end < 0) bad("the request needs an empty line between the proof and the checkpoint");
	const header = s.slice(0, end).split("\n");
	if (header.length > 1 + MAX_PROOF_LINES) bad(`at most ${MAX_PROOF_LINES} consistency proof lines`);
	const [first, ...lines] = header as [string, ...string[]];
	if (!first.startsWith("old ")) bad("the request must start with an `old <size>` line");
	const oldSize = parseSize(first.slice(4), "the old size");
	const proof = lines.map((line) => {
		const h = fromBase64(line, "TLOG_BAD_INPUT");
		if (!isHash(h)) bad("every consistency proof line is the base64 of a 32-byte hash");
		return h;
	});
	const checkpoint = s.slice(end + 2);
	checkpointOf(checkpoint);
	return { oldSize, proof, checkpoint };
}

/** What a witness remembers of one log: the size and root hash of the latest checkpoint it cosigned. */
export interface WitnessState {
	readonly size: number;
	readonly rootHash: Uint8Array;
}

/** What a witness is: the logs it trusts (their keys, by origin) and the keys it cosigns with. */
export interface WitnessPolicy {
	/** The verifiers of each log's checkpoints, by origin; several allow key rotation. */
	readonly logs: ReadonlyMap<string, readonly NoteVerifier[]>;
	/** The witness's cosigners (cosignature/v1); one line each in a 200 answer. */
	readonly signers: readonly NoteSigner[];
}

/** Why a witness refuses, each with the status the spec gives it. */
export type WitnessRefusalCode =
	/** The body is malformed, or the old size exceeds the checkpoint's (400). */
	| "WITNESS_BAD_REQUEST"
	/** No signature by a key trusted for the origin verifies, or one by a trusted key fails (403). */
	| "WITNESS_UNTRUSTED"
	/** The witness does not witness this origin (404). */
	| "WITNESS_UNKNOWN_LOG"
	/** The old size is not the size the witness last cosigned; `size` says which it is (409). */
	| "WITNESS_STALE"
	/** The checkpoint has the size the witness last cosigned but another root: a fork (409). */
	| "WITNESS_FORK"
	/** The consistency proof does not lead from the witnessed tree to this one (422). */
	| "WITNESS_INCONSISTENT";

const STATUS: Record<WitnessRefusalCode, 400 | 403 | 404 | 409 | 422> = {
	WITNESS_BAD_REQUEST: 400,
	WITNESS_UNTRUSTED: 403,
	WITNESS_UNKNOWN_LOG: 404,
	WITNESS_STALE: 409,
	WITNESS_FORK: 409,
	WITNESS_INCONSISTENT: 422,
};

/** A coded refusal of an add-checkpoint request. */
export interface WitnessRefusal {
	readonly code: WitnessRefusalCode;
	readonly status: 400 | 403 | 404 | 409 | 422;
	readonly message: string;
	/** WITNESS_STALE: the size of the latest checkpoint the witness cosigned for the origin. */
	readonly size?: number;
	/**
	 * The origin, once the body parsed; with WITNESS_FORK and WITNESS_INCONSISTENT the note carried a
	 * valid log signature, so the request is evidence of the log's misbehaviour, worth keeping.
	 */
	readonly origin?: string;
}

/** The outcome of an add-checkpoint request, before the witness records anything. */
export type WitnessDecision =
	| {
			readonly ok: true;
			readonly origin: string;
			/** The state the decision was made over (null: the witness never cosigned this origin). */
			readonly previous: WitnessState | null;
			/** The state to record, atomically, only if it is still `previous`. */
			readonly next: WitnessState;
			/** The answer's body: one cosignature line per signer, each ending in a newline. */
			readonly cosignatures: string;
	  }
	| { readonly ok: false; readonly refusal: WitnessRefusal };

function refuse(code: WitnessRefusalCode, message: string, extra: { size?: number; origin?: string } = {}) {
	return { ok: false as const, refusal: { code, status: STATUS[code], message, ...extra } };
}

/**
 * Decides an add-checkpoint request (c2sp.org/tlog-witness "add-checkpoint") over the witness's state,
 * which `stateOf` reads for the request's origin (null: never cosigned). On success the caller must record
 * `next` only if the state is still `previous` (compare-and-swap), and decide again if it is not; the
 * cosignatures are stamped by the signers' clocks. Never throws on hostile input.
 */
export function decideAddCheckpoint(
	body: string | Uint8Array,
	policy: WitnessPolicy,
	stateOf: (origin: string) => WitnessState | null,
): WitnessDecision {
	let req: AddCheckpointRequest;
	let text: string;
	let cp: Checkpoint;
	try {
		req = parseAddCheckpoint(body);
		({ text, checkpoint: cp } = checkpointOf(req.checkpoint));
	} catch (e) {
		if (e instanceof TlogError) return refuse("WITNESS_BAD_REQUEST", e.message);
		throw e;
	}
	const origin = cp.origin;
	// "If the checkpoint origin is unknown, the witness MUST respond with a 404 Not Found."
	const keys = policy.logs.get(origin);
	if (!keys || keys.length === 0)
		return refuse("WITNESS_UNKNOWN_LOG", `unknown log ${JSON.stringify(origin)}`);
	// "The witness MUST verify the checkpoint signature against the public key(s) it trusts for the
	// checkpoint origin, and it MUST ignore signatures from unknown keys … If none of the signatures
	// verify against a trusted public key, … 403 Forbidden." openNote ignores unknown keys and refuses a
	// note in which a trusted key's signature fails (c2sp.org/signed-note).
	try {
		openNote(req.checkpoint, keys);
	} catch (e) {
		if (e instanceof TlogError) return refuse("WITNESS_UNTRUSTED", e.message, { origin });
		throw e;
	}
	// "The old size MUST be equal to or lower than the checkpoint size. Otherwise … 400 Bad Request."
	if (req.oldSize > cp.size)
		return refuse("WITNESS_BAD_REQUEST", `old size ${req.oldSize} exceeds the checkpoint size ${cp.size}`, {
			origin,
		});
	// "The witness MUST check that the old size matches the size of the latest checkpoint it cosigned
	// for the checkpoint's origin (or zero if it never cosigned …). If it doesn't match, … 409 Conflict."
	const previous = stateOf(origin);
	const known = previous?.size ?? 0;
	if (req.oldSize !== known)
		return refuse("WITNESS_STALE", `the latest cosigned checkpoint has size ${known}`, {
			size: known,
			origin,
		});
	// A tree of no leaves has one root, MTH({}) (RFC 9162 §2.1.1).
	if (cp.size === 0 && !equalBytes(cp.rootHash, EMPTY_ROOT))
		return refuse("WITNESS_INCONSISTENT", "a checkpoint of size 0 must have the empty tree's root", {
			origin,
		});
	if (req.oldSize === 0) {
		// "The proof MUST be empty if the old size is zero."
		if (req.proof.length !== 0)
			return refuse("WITNESS_INCONSISTENT", "the consistency proof from size 0 must be empty", { origin });
	} else if (req.oldSize === cp.size) {
		// "If the old size matches the checkpoint size, the witness MUST check that the root hashes are
		// also identical. If they don't match, … 409 Conflict."
		if (!equalBytes(previous!.rootHash, cp.rootHash))
			return refuse("WITNESS_FORK", `a checkpoint of size ${cp.size} with another root was cosigned`, {
				origin,
			});
		if (req.proof.length !== 0)
			return refuse("WITNESS_INCONSISTENT", "the consistency proof between equal sizes must be empty", {
				origin,
			});
	} else {
		// "If the Merkle Consistency Proof doesn't verify, … 422 Unprocessable Entity."
		try {
			verifyConsistency(req.oldSize, cp.size, req.proof, previous!.rootHash, cp.rootHash);
		} catch (e) {
			if (e instanceof TlogError) return refuse("WITNESS_INCONSISTENT", e.message, { origin });
			throw e;
		}
	}
	const cosignatures = policy.signers.map((s) => formatSignatureLine(cosign(text, s))).join("");
	return { ok: true, origin, previous, next: { size: cp.size, rootHash: cp.rootHash }, cosignatures };
}

/** An HTTP answer as a witness gives it. */
export interface WitnessAnswer {
	readonly status: number;
	readonly contentType: string;
	readonly body: string;
}

/**
 * The HTTP answer to a refusal. A stale old size answers its body exactly as the spec says: the size in
 * decimal and a newline, `Content-Type: text/x.tlog.size` with no parameter (clients compare it whole).
 * Other refusals answer their message as plain text; a fork's 409 deliberately does not carry a size, so a
 * client does not mistake it for a stale one and retry.
 */
export function refusalAnswer(refusal: WitnessRefusal): WitnessAnswer {
	if (refusal.code === "WITNESS_STALE" && refusal.size !== undefined)
		return { status: 409, contentType: TLOG_SIZE_CONTENT_TYPE, body: formatSizeAnswer(refusal.size) };
	return { status: refusal.status, contentType: "text/plain; charset=utf-8", body: `${refusal.message}\n` };
}

/** The body of a 409 for a stale old size: the witness's size in decimal and a newline. */
export function formatSizeAnswer(size: number): string {
	checkCount(size, "size");
	return `${size}\n`;
}

/**
 * Reads the body of a 409 answer: the witness's latest cosigned size. Strict, as a client must be to tell
 * a stale size from any other conflict: the exact content type, canonical decimal, one newline.
 */
export function parseSizeAnswer(contentType: string | null | undefined, body: string): number {
	if (contentType?.trim().toLowerCase() !== TLOG_SIZE_CONTENT_TYPE)
		bad(`a size answer has Content-Type ${TLOG_SIZE_CONTENT_TYPE}`);
	if (typeof body !== "string" || !body.endsWith("\n")) bad("a size answer ends with a newline");
	return parseSize(body.slice(0, -1), "the witness's size");
}

/**
 * Reads the body of a 200 answer against the checkpoint sent ("add-checkpoint", client side): one or
 * more signature lines, each ending in a newline. As the spec suggests, they are appended to the
 * checkpoint's text and opened with the witness keys the client trusts: lines by other keys are ignored,
 * a line by a trusted key that does not verify refuses the answer (TLOG_SIGNATURE_INVALID), and so does
 * an answer without one that verifies (TLOG_NOTE_UNVERIFIED). Returns the verified cosignatures.
 */
export function openCosignatures(
	checkpointNote: string,
	answer: string,
	witnesses: readonly NoteVerifier[],
): NoteSignature[] {
	const { text } = checkpointOf(checkpointNote);
	if (typeof answer !== "string" || answer.length === 0 || !answer.endsWith("\n"))
		fail("TLOG_NOTE_MALFORMED", "an answer is one or more signature lines, each ending in a newline");
	const lines = answer.slice(0, -1).split("\n");
	if (lines.length > MAX_NOTE_SIGNATURES) fail("TLOG_NOTE_MALFORMED", "too many signature lines");
	for (const line of lines) parseSignatureLine(line);
	return [...openNote(`${text}\n${answer}`, witnesses).verified];
}
