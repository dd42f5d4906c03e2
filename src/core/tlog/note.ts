/**
 * C2SP signed notes (c2sp.org/signed-note): strict parsing, verification against known keys, Ed25519
 * signing, key IDs, and the verifier/signer key strings of golang.org/x/mod/sumdb/note
 * (`<name>+<hex key ID>+<base64(type ‖ key)>`, `PRIVATE+KEY+<name>+<hex key ID>+<base64(type ‖ seed)>`).
 *
 * Ed25519 is @noble/curves in strict RFC 8032 mode (zip215: false): non-canonical encodings and
 * small-order keys are refused. Signers and verifiers are plain interfaces, so the server can sign
 * with node:crypto while a browser verifies with this file.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { fail } from "./errors.ts";
import {
	concatBytes,
	defaultHasher,
	fromBase64,
	fromUtf8,
	type Hasher,
	hasControl,
	isWellFormed,
	toBase64,
	toHex,
	utf8,
} from "./hash.ts";

/** Signature type of plain Ed25519 note signatures (c2sp.org/signed-note "Signature types"). */
export const ED25519_KEY_TYPE = 0x01;

/**
 * Signature lines accepted in one note. The spec asks verifiers for a limit of at least 16; 100 is what
 * golang.org/x/mod/sumdb/note allows, enough for a log key and a large witness set.
 */
export const MAX_NOTE_SIGNATURES = 100;

/** One signature line: key name, 32-bit key ID, and the signature bytes after the key ID. */
export interface NoteSignature {
	readonly name: string;
	readonly keyId: number;
	readonly signature: Uint8Array;
}

/** A parsed note: the text (ending in a newline) and every signature line, verified or not. */
export interface Note {
	readonly text: string;
	readonly signatures: readonly NoteSignature[];
}

/** A note whose signatures by known keys all verified; `verified` lists them, one per key. */
export interface OpenedNote extends Note {
	readonly verified: readonly NoteSignature[];
}

/** Verifies signatures by one key, identified by name and key ID. */
export interface NoteVerifier {
	readonly name: string;
	readonly keyId: number;
	/** Whether `signature` (without the key ID) is valid for the note text `message`; never throws. */
	verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Signs note texts with one key. */
export interface NoteSigner {
	readonly name: string;
	readonly keyId: number;
	/** The signature of the note text `message` (without the key ID). */
	sign(message: Uint8Array): Uint8Array;
}

/** The parts of a verifier key string. */
export interface VerifierKey {
	readonly name: string;
	readonly keyId: number;
	readonly type: number;
	readonly publicKey: Uint8Array;
}

/** Key types whose key IDs and key strings this module reads: Ed25519 (0x01), cosignature/v1 (0x04). */
const KEY_TYPES = new Set([0x01, 0x04]);
const NAME_FORBIDDEN = /[+\p{White_Space}]/u;

/** Key names must be non-empty and contain no Unicode spaces or plus signs (c2sp.org/signed-note). */
export function isValidKeyName(name: string): boolean {
	return (
		typeof name === "string" &&
		name.length > 0 &&
		isWellFormed(name) &&
		!NAME_FORBIDDEN.test(name) &&
		!hasControl(name, false)
	);
}

/** Key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4] as a big-endian uint32 (signed-note). */
export function keyId(
	name: string,
	type: number,
	publicKey: Uint8Array,
	hasher: Hasher = defaultHasher,
): number {
	const h = hasher.sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, type), publicKey));
	return readUint32(h, 0);
}

function readUint32(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function uint32Bytes(n: number): Uint8Array {
	return Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

function hex8(n: number): string {
	return toHex(uint32Bytes(n));
}

function isKeyIdNumber(n: unknown): n is number {
	return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/** Note texts end in a newline, are well-formed Unicode and contain no control characters but newline. */
function checkText(text: string): void {
	if (typeof text !== "string" || !isWellFormed(text))
		fail("TLOG_NOTE_MALFORMED", "the note is not valid UTF-8");
	if (hasControl(text, true)) fail("TLOG_NOTE_MALFORMED", "the note contains a control character");
	if (!text.endsWith("\n")) fail("TLOG_NOTE_MALFORMED", "the note text must end with a newline");
}

/** Parses one signature line without its newline: `— <key name> <base64(key ID ‖ signature)>`. */
export function parseSignatureLine(line: string): NoteSignature {
	if (typeof line !== "string" || line.includes("\n") || hasControl(line, false) || !isWellFormed(line))
		fail("TLOG_NOTE_MALFORMED", "a signature line is one line of valid text");
	// Em dash (U+2014), space, key name, space, base64.
	if (!line.startsWith("\u2014 ")) fail("TLOG_NOTE_MALFORMED", "a signature line must start with an em dash");
	const rest = line.slice(2);
	const space = rest.indexOf(" ");
	if (space < 0) fail("TLOG_NOTE_MALFORMED", "a signature line needs a key name and a signature");
	const name = rest.slice(0, space);
	if (!isValidKeyName(name)) fail("TLOG_NOTE_MALFORMED", "a signature line has an invalid key name");
	const raw = fromBase64(rest.slice(space + 1), "TLOG_NOTE_MALFORMED");
	// Four bytes of key ID and at least one of signature.
	if (raw.length < 5) fail("TLOG_NOTE_MALFORMED", "a signature is too short");
	return { name, keyId: readUint32(raw, 0), signature: raw.slice(4) };
}

/**
 * Parses a signed note without verifying it (c2sp.org/signed-note "Format"): valid UTF-8, no control
 * characters but newline, text ending in a newline, a blank line, then 1–100 signature lines each ending
 * in a newline. The text is everything up to the last blank line. Use openNote to trust the text.
 */
export function parseNote(msg: string | Uint8Array): Note {
	const s = typeof msg === "string" ? msg : fromUtf8(msg, "TLOG_NOTE_MALFORMED");
	if (typeof s !== "string" || !isWellFormed(s)) fail("TLOG_NOTE_MALFORMED", "the note is not valid UTF-8");
	if (hasControl(s, true)) fail("TLOG_NOTE_MALFORMED", "the note contains a control character");
	const split = s.lastIndexOf("\n\n");
	if (split < 0) fail("TLOG_NOTE_MALFORMED", "the note has no signature block after a blank line");
	const text = s.slice(0, split + 1);
	const block = s.slice(split + 2);
	if (block.length === 0 || !block.endsWith("\n"))
		fail("TLOG_NOTE_MALFORMED", "the signature block must be non-empty and end with a newline");
	const lines = block.slice(0, -1).split("\n");
	if (lines.length > MAX_NOTE_SIGNATURES)
		fail("TLOG_NOTE_MALFORMED", `more than ${MAX_NOTE_SIGNATURES} signatures`);
	return { text, signatures: lines.map(parseSignatureLine) };
}

/** Writes a note: text, blank line, signature lines. Refuses what parseNote would refuse. */
export function formatNote(note: Note): string {
	checkText(note.text);
	if (note.signatures.length === 0) fail("TLOG_NOTE_MALFORMED", "a signed note needs a signature");
	if (note.signatures.length > MAX_NOTE_SIGNATURES)
		fail("TLOG_NOTE_MALFORMED", `more than ${MAX_NOTE_SIGNATURES} signatures`);
	return `${note.text}\n${note.signatures.map(formatSignatureLine).join("")}`;
}

/** Writes one signature line with its newline, e.g. a witness's answer to add-checkpoint. */
export function formatSignatureLine(sig: NoteSignature): string {
	if (!isValidKeyName(sig.name)) fail("TLOG_NOTE_MALFORMED", "invalid key name");
	if (!isKeyIdNumber(sig.keyId)) fail("TLOG_NOTE_MALFORMED", "a key ID is a 32-bit unsigned integer");
	if (!(sig.signature instanceof Uint8Array) || sig.signature.length === 0)
		fail("TLOG_NOTE_MALFORMED", "empty signature");
	return `\u2014 ${sig.name} ${toBase64(concatBytes(uint32Bytes(sig.keyId), sig.signature))}\n`;
}

/**
 * Parses a note and checks it against known keys (c2sp.org/signed-note "Signatures"): signatures by
 * unknown keys (name and key ID not both matching) are ignored; every signature by a known key must
 * verify, or the whole note is refused (TLOG_SIGNATURE_INVALID); at least one must exist
 * (TLOG_NOTE_UNVERIFIED).
 */
export function openNote(msg: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
	const known = new Map<string, NoteVerifier>();
	for (const v of verifiers) {
		const k = `${v.name}+${v.keyId}`;
		// Two keys with one name and ID make "which key signed" undecidable (golang.org/x/mod "ambiguous key").
		if (known.has(k))
			fail("TLOG_BAD_INPUT", `two verifier keys share the name and key ID ${v.name}+${hex8(v.keyId)}`);
		known.set(k, v);
	}
	const note = parseNote(msg);
	const message = utf8(note.text);
	const verified: NoteSignature[] = [];
	const seen = new Set<string>();
	for (const sig of note.signatures) {
		const k = `${sig.name}+${sig.keyId}`;
		const v = known.get(k);
		if (!v) continue;
		if (!v.verify(message, sig.signature))
			fail("TLOG_SIGNATURE_INVALID", `the signature by ${sig.name}+${hex8(sig.keyId)} does not verify`);
		if (!seen.has(k)) verified.push(sig);
		seen.add(k);
	}
	if (verified.length === 0) fail("TLOG_NOTE_UNVERIFIED", "no signature by a known key");
	return { ...note, verified };
}

/**
 * Signs a note text with each signer and returns the signed note. Signatures in `existing` are kept
 * before the new ones, except those by a key that signs now (as golang.org/x/mod/sumdb/note Sign does).
 */
export function signNote(
	text: string,
	signers: readonly NoteSigner[],
	existing: readonly NoteSignature[] = [],
): string {
	checkText(text);
	const message = utf8(text);
	const fresh = signers.map((s): NoteSignature => {
		if (!isValidKeyName(s.name)) fail("TLOG_BAD_INPUT", "a signer has an invalid key name");
		return { name: s.name, keyId: s.keyId, signature: s.sign(message) };
	});
	const replaced = new Set(fresh.map((s) => `${s.name}+${s.keyId}`));
	const kept = existing.filter((s) => !replaced.has(`${s.name}+${s.keyId}`));
	return formatNote({ text, signatures: [...kept, ...fresh] });
}

/** Writes a verifier key string `<name>+<hex key ID>+<base64(type ‖ public key)>`. */
export function encodeVerifierKey(name: string, type: number, publicKey: Uint8Array): string {
	checkKeyParts(name, type, publicKey);
	const key = toBase64(concatBytes(Uint8Array.of(type), publicKey));
	return `${name}+${hex8(keyId(name, type, publicKey))}+${key}`;
}

function checkKeyParts(name: string, type: number, key: Uint8Array): void {
	if (!isValidKeyName(name)) fail("TLOG_KEY_INVALID", "invalid key name");
	if (!KEY_TYPES.has(type)) fail("TLOG_KEY_INVALID", `unsupported key type ${type}`);
	if (!(key instanceof Uint8Array) || key.length !== 32)
		fail("TLOG_KEY_INVALID", "an Ed25519 key is 32 bytes");
}

/** Splits `a+b+rest` at the first `count` plus signs; the base64 rest may contain more of them. */
function splitPlus(s: string, count: number): string[] | undefined {
	if (typeof s !== "string") return undefined;
	const parts: string[] = [];
	let at = 0;
	for (let i = 0; i < count; i++) {
		const next = s.indexOf("+", at);
		if (next < 0) return undefined;
		parts.push(s.slice(at, next));
		at = next + 1;
	}
	parts.push(s.slice(at));
	return parts;
}

/**
 * Parses a verifier key string of type 0x01 (Ed25519) or 0x04 (cosignature/v1): valid name, key ID as
 * eight lower-case hex digits, canonical base64, a 32-byte key, and a key ID that matches the key.
 */
export function decodeVerifierKey(vkey: string): VerifierKey {
	const parts = splitPlus(vkey, 2);
	if (!parts) fail("TLOG_KEY_INVALID", "a verifier key is <name>+<key ID>+<key>");
	const [name, id, key64] = parts as [string, string, string];
	if (!/^[0-9a-f]{8}$/.test(id)) fail("TLOG_KEY_INVALID", "the key ID must be 8 lower-case hex digits");
	const key = fromBase64(key64, "TLOG_KEY_INVALID");
	if (key.length === 0) fail("TLOG_KEY_INVALID", "the key is empty");
	const type = key[0]!;
	const publicKey = key.slice(1);
	checkKeyParts(name, type, publicKey);
	const derived = keyId(name, type, publicKey);
	if (hex8(derived) !== id) fail("TLOG_KEY_INVALID", "the key ID does not match the key");
	return { name, keyId: derived, type, publicKey };
}

/** Verifies an Ed25519 signature (strict RFC 8032); false for anything malformed, never throws. */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
	if (!(signature instanceof Uint8Array) || signature.length !== 64 || publicKey.length !== 32) return false;
	try {
		return ed25519.verify(signature, message, publicKey, { zip215: false });
	} catch {
		return false;
	}
}

/** The Ed25519 public key of a 32-byte seed (RFC 8032 private key). */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
	if (!(seed instanceof Uint8Array) || seed.length !== 32)
		fail("TLOG_KEY_INVALID", "an Ed25519 seed is 32 bytes");
	return ed25519.getPublicKey(seed);
}

/** Signs with an Ed25519 seed. */
export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
	return ed25519.sign(message, seed);
}

/** A verifier for plain Ed25519 note signatures (type 0x01) by `name`. */
export function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier & VerifierKey {
	checkKeyParts(name, ED25519_KEY_TYPE, publicKey);
	const key = publicKey.slice();
	return {
		name,
		keyId: keyId(name, ED25519_KEY_TYPE, key),
		type: ED25519_KEY_TYPE,
		publicKey: key,
		verify: (message, signature) => ed25519Verify(key, message, signature),
	};
}

/** Parses an Ed25519 (type 0x01) verifier key string into a verifier. */
export function parseVerifierKey(vkey: string): NoteVerifier & VerifierKey {
	const k = decodeVerifierKey(vkey);
	if (k.type !== ED25519_KEY_TYPE) fail("TLOG_KEY_INVALID", `key type ${k.type} is not a note signing key`);
	return ed25519Verifier(k.name, k.publicKey);
}

/** A signer of plain Ed25519 note signatures from a 32-byte seed; `verifierKey` is its public key string. */
export function ed25519Signer(
	name: string,
	seed: Uint8Array,
): NoteSigner & VerifierKey & { verifierKey: string } {
	const publicKey = ed25519PublicKey(seed);
	checkKeyParts(name, ED25519_KEY_TYPE, publicKey);
	const secret = seed.slice();
	return {
		name,
		keyId: keyId(name, ED25519_KEY_TYPE, publicKey),
		type: ED25519_KEY_TYPE,
		publicKey,
		verifierKey: encodeVerifierKey(name, ED25519_KEY_TYPE, publicKey),
		sign: (message) => ed25519Sign(secret, message),
	};
}

/** Writes a signer key string `PRIVATE+KEY+<name>+<hex key ID>+<base64(type ‖ seed)>`; keep it secret. */
export function encodeSignerKey(name: string, type: number, seed: Uint8Array): string {
	const publicKey = ed25519PublicKey(seed);
	checkKeyParts(name, type, publicKey);
	const key = toBase64(concatBytes(Uint8Array.of(type), seed));
	return `PRIVATE+KEY+${name}+${hex8(keyId(name, type, publicKey))}+${key}`;
}

/**
 * Parses a signer key string of type 0x01 or 0x04; the key ID must be that of the derived public key.
 * Error messages never include the key.
 */
export function decodeSignerKey(skey: string): {
	name: string;
	keyId: number;
	type: number;
	seed: Uint8Array;
} {
	const parts = splitPlus(skey, 4);
	if (parts?.[0] !== "PRIVATE" || parts[1] !== "KEY")
		fail("TLOG_KEY_INVALID", "a signer key is PRIVATE+KEY+<name>+<key ID>+<key>");
	const [, , name, id, key64] = parts as [string, string, string, string, string];
	if (!/^[0-9a-f]{8}$/.test(id)) fail("TLOG_KEY_INVALID", "the key ID must be 8 lower-case hex digits");
	const key = fromBase64(key64, "TLOG_KEY_INVALID");
	if (key.length !== 33) fail("TLOG_KEY_INVALID", "a signer key holds a type byte and a 32-byte seed");
	const type = key[0]!;
	const seed = key.slice(1);
	const publicKey = ed25519PublicKey(seed);
	checkKeyParts(name, type, publicKey);
	const derived = keyId(name, type, publicKey);
	if (hex8(derived) !== id) fail("TLOG_KEY_INVALID", "the key ID does not match the key");
	return { name, keyId: derived, type, seed };
}

/** Parses an Ed25519 (type 0x01) signer key string into a signer. */
export function parseSignerKey(skey: string): NoteSigner & VerifierKey & { verifierKey: string } {
	const k = decodeSignerKey(skey);
	if (k.type !== ED25519_KEY_TYPE) fail("TLOG_KEY_INVALID", `key type ${k.type} is not a note signing key`);
	return ed25519Signer(k.name, k.seed);
}

/** A fresh 32-byte Ed25519 seed from the platform's cryptographic random source. */
export function randomSeed(): Uint8Array {
	return ed25519.utils.randomSecretKey();
}

/**
 * A new Ed25519 note key pair for `name` as key strings (golang.org/x/mod/sumdb/note GenerateKey). Pass a
 * 32-byte seed to derive it deterministically; by default the seed is random.
 */
export function generateKey(
	name: string,
	seed: Uint8Array = randomSeed(),
): { signerKey: string; verifierKey: string } {
	const publicKey = ed25519PublicKey(seed);
	return {
		signerKey: encodeSignerKey(name, ED25519_KEY_TYPE, seed),
		verifierKey: encodeVerifierKey(name, ED25519_KEY_TYPE, publicKey),
	};
}
