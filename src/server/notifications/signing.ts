/**
 * Webhook signatures. A receiver recomputes `HMAC-SHA256(secret, "<t>.<body>")` over the exact bytes it
 * received and compares it, in constant time, with `v1` in the `OpenTIC-Signature: t=<unix seconds>,v1=<hex>`
 * header; it should also refuse a `t` far from its own clock (replays). The scheme is the one most
 * webhook senders use (the timestamp is signed with the body, so it cannot be swapped).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "OpenTIC-Signature";
export const EVENT_ID_HEADER = "OpenTIC-Event-Id";
export const LOG_INDEX_HEADER = "OpenTIC-Log-Index";

/** A new secret: 32 random bytes, hex, prefixed so that it is recognisable in a receiver's settings. */
export function newSecret(): string {
	return `whsec_${randomBytes(32).toString("hex")}`;
}

/** The hex HMAC of "<t>.<body>" (a received body as its exact bytes). */
export function hmacHex(secret: string, t: number, body: string | Buffer): string {
	return createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
}

/** The signature header's value for a body sent at unix second `t`. */
export function signatureHeader(secret: string, t: number, body: string): string {
	return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/** Checks a signature header against a body (what a receiver does); constant-time on the MAC. */
export function verifySignature(secret: string, header: string, body: string): boolean {
	const parts = new Map(
		header.split(",").map((p) => {
			const i = p.indexOf("=");
			return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
		}),
	);
	const t = Number(parts.get("t"));
	const v1 = parts.get("v1") ?? "";
	if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
	return timingSafeEqual(Buffer.from(v1, "hex"), Buffer.from(hmacHex(secret, t, body), "hex"));
}
