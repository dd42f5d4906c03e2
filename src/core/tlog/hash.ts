/**
 * RFC 9162 §2.1.1 hashing (leaf SHA-256(0x00‖entry), node SHA-256(0x01‖left‖right)), constant-time
 * comparison, and the strict encodings the C2SP formats are written in: canonical RFC 4648 §4 base64,
 * lower-case hex and UTF-8.
 *
 * SHA-256 is injectable: the default is @noble/hashes (pure JS, synchronous, runs in a browser); the
 * server, which appends ~100k entries/s, passes one built on node:crypto through createHasher.
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { fail, type TlogErrorCode } from "./errors.ts";

/** Size of every Merkle tree hash in bytes (SHA-256). */
export const HASH_SIZE = 32;

/** A synchronous SHA-256. It must not keep or change its input: hashers reuse one scratch buffer. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** The RFC 9162 §2.1.1 hash functions of one tree, plus the SHA-256 they are built on. */
export interface Hasher {
	/** SHA-256(0x00 ‖ entry): the leaf hash of a log entry. */
	leafHash(entry: Uint8Array): Uint8Array;
	/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
	nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
	/** The plain SHA-256 the hasher is built on (used for key IDs). */
	readonly sha256: Sha256;
}

/** Builds a Hasher from any synchronous SHA-256, e.g. `(d) => createHash("sha256").update(d).digest()`. */
export function createHasher(sha256: Sha256): Hasher {
	// One 65-byte buffer per hasher for node hashes: at 100k appends/s the allocation shows.
	const node = new Uint8Array(1 + 2 * HASH_SIZE);
	node[0] = 0x01;
	return {
		sha256,
		leafHash(entry) {
			const data = new Uint8Array(1 + entry.length);
			data.set(entry, 1); // data[0] is already 0x00, the RFC 9162 leaf prefix
			return sha256(data);
		},
		nodeHash(left, right) {
			if (left.length !== HASH_SIZE || right.length !== HASH_SIZE)
				fail("TLOG_BAD_INPUT", "node hash inputs must be 32-byte hashes");
			node.set(left, 1);
			node.set(right, 1 + HASH_SIZE);
			return sha256(node);
		},
	};
}

/** The default hasher, on @noble/hashes SHA-256 (synchronous, browser-safe). */
export const defaultHasher: Hasher = createHasher((data) => nobleSha256(data));

/** MTH({}) = SHA-256() — the root of the empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = nobleSha256(new Uint8Array(0));

/** Whether x is a 32-byte hash. */
export function isHash(x: unknown): x is Uint8Array {
	return x instanceof Uint8Array && x.length === HASH_SIZE;
}

/**
 * Compares two byte strings in time that depends only on their lengths, not on where they differ, so a
 * remote party cannot learn a secret hash byte by byte. Anything that is not a Uint8Array is unequal.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}

/** Concatenates byte strings. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	let n = 0;
	for (const p of parts) n += p.length;
	const out = new Uint8Array(n);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

const HEX = "0123456789abcdef";

/** Lower-case hex, the form of key IDs in verifier keys (golang.org/x/mod/sumdb/note writes %08x). */
export function toHex(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
	return s;
}

/** Decodes lower-case hex; anything else (upper case, odd length, other characters) fails with `code`. */
export function fromHex(hex: string, code: TlogErrorCode = "TLOG_BAD_INPUT"): Uint8Array {
	if (typeof hex !== "string" || hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex))
		fail(code, "not lower-case hex");
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** Standard padded base64 (RFC 4648 §4), the encoding of every C2SP format. */
export function toBase64(bytes: Uint8Array): string {
	let s = "";
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
		s += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
	}
	if (i + 1 === bytes.length) {
		const n = bytes[i]! << 16;
		s += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}==`;
	} else if (i + 2 === bytes.length) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
		s += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
	}
	return s;
}

function b64(s: string, i: number): number {
	const c = s.charCodeAt(i);
	return c < 128 ? B64_VALUE[c]! : -1;
}

/**
 * Decodes canonical standard base64 only: padded to a multiple of 4, the RFC 4648 §4 alphabet, no white
 * space, and zero padding bits (§3.5), so every byte string has exactly one accepted encoding and a
 * signed or hashed text cannot be re-encoded unnoticed. Failures carry `code`.
 */
export function fromBase64(s: string, code: TlogErrorCode = "TLOG_BAD_INPUT"): Uint8Array {
	if (typeof s !== "string" || s.length % 4 !== 0) fail(code, "base64 length is not a multiple of 4");
	const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
	const out = new Uint8Array((s.length / 4) * 3 - pad);
	let o = 0;
	for (let i = 0; i < s.length; i += 4) {
		const last = i + 4 === s.length;
		const a = b64(s, i);
		const b = b64(s, i + 1);
		const c = last && pad === 2 ? 0 : b64(s, i + 2);
		const d = last && pad > 0 ? 0 : b64(s, i + 3);
		if ((a | b | c | d) < 0) fail(code, "not canonical base64: a character outside the alphabet");
		// RFC 4648 §3.5: the bits that padding leaves over must be zero for the encoding to be canonical.
		if (last && ((pad === 2 && (b & 15) !== 0) || (pad === 1 && (c & 3) !== 0)))
			fail(code, "not canonical base64: non-zero padding bits");
		const n = (a << 18) | (b << 12) | (c << 6) | d;
		out[o++] = n >> 16;
		if (o < out.length) out[o++] = (n >> 8) & 255;
		if (o < out.length) out[o++] = n & 255;
	}
	return out;
}

const encoder = new TextEncoder();
// fatal: malformed UTF-8 is an error, not U+FFFD; ignoreBOM: a leading BOM is text and stays, so what is
// verified is byte for byte what was signed.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
	return encoder.encode(s);
}

/** Decodes strict UTF-8 (malformed sequences fail with `code`). */
export function fromUtf8(bytes: Uint8Array, code: TlogErrorCode = "TLOG_BAD_INPUT"): string {
	try {
		return decoder.decode(bytes);
	} catch {
		return fail(code, "not valid UTF-8");
	}
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether s has an ASCII control character (below U+0020), newline excepted when `newlineOk`. */
export function hasControl(s: string, newlineOk: boolean): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x20 && !(newlineOk && c === 0x0a)) return true;
	}
	return false;
}

/** Whether a JavaScript string is well-formed Unicode, i.e. has a UTF-8 encoding (no lone surrogates). */
export function isWellFormed(s: string): boolean {
	return !LONE_SURROGATE.test(s);
}
