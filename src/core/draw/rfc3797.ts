/**
 * RFC 3797 §4 selection, exactly as the RFC's reference code makes it: for the i-th selection (i from 0),
 * MD5 over the 2-byte big-endian counter i, the key string, and the counter again; the 128-bit digest,
 * read as a big-endian unsigned integer, modulo the number of items still in the pool, plus one, picks
 * that item among those remaining (in pool order), which is then struck off.
 *
 * Pure and synchronous (MD5 from @noble/hashes): runs in the CLI, the server and the browser.
 */
import { md5 } from "@noble/hashes/legacy.js";
import { toHex, utf8 } from "../tlog/hash.ts";

/** The RFC's counter is two bytes: at most 65,535 selections, from a pool of at most 65,535. */
export const RFC3797_MAX = 0xffff;

export interface Rfc3797Step {
	/** 1-based selection number. */
	index: number;
	/** MD5 of counter ‖ key ‖ counter, upper-case hex as the RFC prints it. */
	md5: string;
	/** Items remaining before this selection (the divisor). */
	remaining: number;
	/** The 1-based position in the original pool that was selected. */
	selected: number;
}

export class DrawError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = "DrawError";
	}
}

/** MD5(counter ‖ key ‖ counter) for selection `i` (0-based). */
export function rfc3797Digest(key: string, i: number): Uint8Array {
	const k = utf8(key);
	const buf = new Uint8Array(k.length + 4);
	buf[0] = (i >> 8) & 0xff;
	buf[1] = i & 0xff;
	buf.set(k, 2);
	buf[k.length + 2] = (i >> 8) & 0xff;
	buf[k.length + 3] = i & 0xff;
	return md5(buf);
}

/** The digest as an unsigned big-endian integer, modulo `divisor`. */
export function remainder(digest: Uint8Array, divisor: number): number {
	let n = 0n;
	for (const b of digest) n = (n << 8n) | BigInt(b);
	return Number(n % BigInt(divisor));
}

/**
 * Selects `count` of the positions 1…`pool` from the key string, in the order selected, with every
 * derived value (the transcript of the RFC's worked example has exactly these columns).
 */
export function rfc3797Select(key: string, pool: number, count: number): Rfc3797Step[] {
	if (!Number.isInteger(pool) || pool < 1 || pool > RFC3797_MAX)
		throw new DrawError(
			"POOL_SIZE",
			`pool: must be an integer from 1 to ${RFC3797_MAX} (RFC 3797's 2-byte counter)`,
		);
	if (!Number.isInteger(count) || count < 1 || count > pool)
		throw new DrawError("COUNT", `count: must be an integer from 1 to the pool size ${pool}`);
	const left = Array.from({ length: pool }, (_, i) => i + 1);
	const steps: Rfc3797Step[] = [];
	for (let i = 0; i < count; i++) {
		const digest = rfc3797Digest(key, i);
		const remaining = left.length;
		const k = remainder(digest, remaining);
		const [selected] = left.splice(k, 1);
		steps.push({ index: i + 1, md5: toHex(digest).toUpperCase(), remaining, selected: selected! });
	}
	return steps;
}
