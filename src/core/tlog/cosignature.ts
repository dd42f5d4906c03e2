/**
 * C2SP tlog-cosignature, the Ed25519 `cosignature/v1` type (c2sp.org/tlog-cosignature): a witness's
 * timestamped statement that a checkpoint is the largest consistent one it has seen for the log.
 *
 * - Key ID: SHA-256(name ‖ "\n" ‖ 0x04 ‖ 32-byte Ed25519 public key)[:4]; vkeys use type byte 0x04.
 * - Signed message: "cosignature/v1\n" ‖ "time <POSIX seconds>\n" ‖ the whole checkpoint note text.
 * - Signature bytes: u64 big-endian timestamp ‖ 64-byte Ed25519 signature (RFC 8446 §3.3 encoding).
 *
 * Verifiers here are NoteVerifiers, so cosignatures are checked by openNote / openCheckpoint alongside
 * the log's own signature. ML-DSA-44 (type 0x06) is not implemented.
 */
import { parseCheckpoint } from "./checkpoint.ts";
import { fail } from "./errors.ts";
import { concatBytes, fromUtf8, utf8 } from "./hash.ts";
import {
	decodeSignerKey,
	decodeVerifierKey,
	ed25519PublicKey,
	ed25519Sign,
	ed25519Verify,
	encodeSignerKey,
	encodeVerifierKey,
	keyId,
	type NoteSignature,
	type NoteSigner,
	type NoteVerifier,
	randomSeed,
	type VerifierKey,
} from "./note.ts";
import { checkCount } from "./tree.ts";

/** Signature type of Ed25519 cosignature/v1 (c2sp.org/signed-note "Signature types"). */
export const COSIGNATURE_V1_KEY_TYPE = 0x04;

/** Length of a cosignature/v1 signature: 8-byte timestamp and 64-byte Ed25519 signature. */
const COSIGNATURE_LENGTH = 8 + 64;

/** The current time in POSIX seconds; injectable so tests and replays are reproducible. */
export type Clock = () => number;

const systemClock: Clock = () => Math.floor(Date.now() / 1000);

/**
 * The message a cosignature signs (c2sp.org/tlog-cosignature "Ed25519 signed message"). The text must be
 * a checkpoint: a witness states nothing about other notes.
 */
export function cosignatureMessage(timestamp: number, checkpointText: string): Uint8Array {
	checkCount(timestamp, "timestamp");
	parseCheckpoint(checkpointText);
	return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/** The timestamp (POSIX seconds) of a cosignature/v1 signature; TLOG_BAD_INPUT if it is not one. */
export function cosignatureTimestamp(signature: NoteSignature | Uint8Array): number {
	const sig = signature instanceof Uint8Array ? signature : signature.signature;
	if (!(sig instanceof Uint8Array) || sig.length !== COSIGNATURE_LENGTH)
		fail("TLOG_BAD_INPUT", "a cosignature/v1 signature is 72 bytes");
	const hi = ((sig[0]! << 24) | (sig[1]! << 16) | (sig[2]! << 8) | sig[3]!) >>> 0;
	const lo = ((sig[4]! << 24) | (sig[5]! << 16) | (sig[6]! << 8) | sig[7]!) >>> 0;
	// The spec allows up to 2^63 − 1; times past 2^53 s (285 million years) are refused, not rounded.
	if (hi >= 2 ** 21) fail("TLOG_BAD_INPUT", "the cosignature timestamp is beyond 2^53-1");
	return hi * 2 ** 32 + lo;
}

function uint64Bytes(n: number): Uint8Array {
	const hi = Math.floor(n / 2 ** 32);
	const lo = n % 2 ** 32;
	return Uint8Array.of(
		hi >>> 24,
		(hi >>> 16) & 255,
		(hi >>> 8) & 255,
		hi & 255,
		lo >>> 24,
		(lo >>> 16) & 255,
		(lo >>> 8) & 255,
		lo & 255,
	);
}

/** A verifier of cosignature/v1 signatures by the witness `name`; use it in a checkpoint policy. */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier & VerifierKey {
	// Encoding the key string checks the name and the key length before anything is hashed.
	encodeCosignatureVerifierKey(name, publicKey);
	const id = keyId(name, COSIGNATURE_V1_KEY_TYPE, publicKey);
	const key = publicKey.slice();
	return {
		name,
		keyId: id,
		type: COSIGNATURE_V1_KEY_TYPE,
		publicKey: key,
		verify(message, signature) {
			try {
				const timestamp = cosignatureTimestamp(signature);
				const signed = cosignatureMessage(timestamp, fromUtf8(message));
				return ed25519Verify(key, signed, signature.subarray(8));
			} catch {
				return false; // not a checkpoint, not UTF-8, or a malformed signature: simply not valid
			}
		},
	};
}

/** Parses a witness verifier key string (type 0x04) into a cosignature verifier. */
export function parseCosignatureVerifierKey(vkey: string): NoteVerifier & VerifierKey {
	const k = decodeVerifierKey(vkey);
	if (k.type !== COSIGNATURE_V1_KEY_TYPE)
		fail("TLOG_KEY_INVALID", `key type ${k.type} is not a cosignature/v1 key`);
	return cosignatureVerifier(k.name, k.publicKey);
}

/** Writes a witness verifier key string: `<name>+<hex key ID>+<base64(0x04 ‖ public key)>`. */
export function encodeCosignatureVerifierKey(name: string, publicKey: Uint8Array): string {
	return encodeVerifierKey(name, COSIGNATURE_V1_KEY_TYPE, publicKey);
}

/**
 * A witness signer from a 32-byte Ed25519 seed. `sign` takes a checkpoint note text and stamps it with
 * `clock()`; it refuses texts that are not checkpoints.
 */
export function cosignatureSigner(
	name: string,
	seed: Uint8Array,
	clock: Clock = systemClock,
): NoteSigner & VerifierKey & { verifierKey: string } {
	const publicKey = ed25519PublicKey(seed);
	const verifierKey = encodeCosignatureVerifierKey(name, publicKey);
	const secret = seed.slice();
	return {
		name,
		keyId: keyId(name, COSIGNATURE_V1_KEY_TYPE, publicKey),
		type: COSIGNATURE_V1_KEY_TYPE,
		publicKey,
		verifierKey,
		sign(message) {
			const timestamp = clock();
			const signed = cosignatureMessage(timestamp, fromUtf8(message, "TLOG_CHECKPOINT_MALFORMED"));
			return concatBytes(uint64Bytes(timestamp), ed25519Sign(secret, signed));
		},
	};
}

/** Parses a witness signer key string (`PRIVATE+KEY+…`, type 0x04). */
export function parseCosignatureSignerKey(
	skey: string,
	clock: Clock = systemClock,
): NoteSigner & VerifierKey & { verifierKey: string } {
	const k = decodeSignerKey(skey);
	if (k.type !== COSIGNATURE_V1_KEY_TYPE)
		fail("TLOG_KEY_INVALID", `key type ${k.type} is not a cosignature/v1 key`);
	return cosignatureSigner(k.name, k.seed, clock);
}

/** A new witness key pair as key strings (type 0x04); deterministic when a 32-byte seed is given. */
export function generateCosignatureKey(
	name: string,
	seed: Uint8Array = randomSeed(),
): { signerKey: string; verifierKey: string } {
	return {
		signerKey: encodeSignerKey(name, COSIGNATURE_V1_KEY_TYPE, seed),
		verifierKey: encodeCosignatureVerifierKey(name, ed25519PublicKey(seed)),
	};
}

/** Cosigns a checkpoint note text: the signature a witness returns (write it with formatSignatureLine). */
export function cosign(checkpointText: string, signer: NoteSigner): NoteSignature {
	parseCheckpoint(checkpointText);
	return { name: signer.name, keyId: signer.keyId, signature: signer.sign(utf8(checkpointText)) };
}
