/**
 * The one error type of the transparency-log core. Every rejection of hostile or malformed input is a
 * TlogError with a stable code (style habit 4), never a TypeError or RangeError from deep inside, so the
 * server can map codes to statuses and a browser can show why a proof failed.
 */

/** Stable codes; the server maps them to HTTP statuses in one place. */
export type TlogErrorCode =
	/** An argument is out of range or of the wrong shape: sizes, indexes, hash lengths, key material. */
	| "TLOG_BAD_INPUT"
	/** An inclusion proof does not lead from the leaf to the root (RFC 9162 §2.1.3.2). */
	| "TLOG_PROOF_INVALID"
	/** A consistency proof does not link the two tree heads (RFC 9162 §2.1.4.2). */
	| "TLOG_INCONSISTENT"
	/** Signed-note syntax is broken (c2sp.org/signed-note "Format"). */
	| "TLOG_NOTE_MALFORMED"
	/** No signature by a required known key, or too few witness cosignatures. */
	| "TLOG_NOTE_UNVERIFIED"
	/** A signature by a known key does not verify; the whole note is rejected (c2sp.org/signed-note). */
	| "TLOG_SIGNATURE_INVALID"
	/** A verifier or signer key string does not parse, or its key ID does not match its key. */
	| "TLOG_KEY_INVALID"
	/** A checkpoint body breaks c2sp.org/tlog-checkpoint "Note text". */
	| "TLOG_CHECKPOINT_MALFORMED"
	/** A checkpoint is for another log than the one expected. */
	| "TLOG_ORIGIN_MISMATCH"
	/** A tile path, hash tile or entry bundle breaks c2sp.org/tlog-tiles. */
	| "TLOG_TILE_MALFORMED"
	/** A proof file breaks c2sp.org/tlog-proof "Format". */
	| "TLOG_PROOF_MALFORMED";

/** A coded failure of the transparency-log core. */
export class TlogError extends Error {
	constructor(
		readonly code: TlogErrorCode,
		message: string,
	) {
		super(message);
		this.name = "TlogError";
	}
}

/** Throws a TlogError; a helper so guards read as one line. */
export function fail(code: TlogErrorCode, message: string): never {
	throw new TlogError(code, message);
}
