/**
 * The key that signs verification statements. It is derived from the log's signing key (SHA-256 over a
 * fixed label and the log key's seed), so an instance needs no second secret, while the two keys stay
 * apart: a checkpoint signature can never pass for a statement's, nor the reverse. Its name is the log's
 * origin with `/log` replaced by `/verify` (e.g. `opentic.example/verify`); the platform publishes the
 * verifier key at /api/v1/verify/key.
 */
import { createHash, createPrivateKey, sign } from "node:crypto";
import {
	decodeSignerKey,
	ED25519_KEY_TYPE,
	ed25519PublicKey,
	encodeVerifierKey,
} from "../../core/tlog/note.ts";

export interface StatementSigner {
	/** The c2sp.org/signed-note verifier key string statements name. */
	readonly verifierKey: string;
	sign(message: Uint8Array): Uint8Array;
}

const LABEL = "OpenTIC verification statement key v1\n";
/** PKCS #8 DER prefix of a raw 32-byte Ed25519 seed (RFC 8410). */
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");

export function statementSignerFor(logSignerKey: string): StatementSigner {
	const { name, seed } = decodeSignerKey(logSignerKey);
	const derived = createHash("sha256").update(LABEL).update(seed).digest();
	const key = createPrivateKey({
		key: Buffer.concat([PKCS8_ED25519, derived]),
		format: "der",
		type: "pkcs8",
	});
	const keyName = `${name.replace(/\/log$/, "")}/verify`;
	return {
		verifierKey: encodeVerifierKey(keyName, ED25519_KEY_TYPE, ed25519PublicKey(derived)),
		sign: (message) => new Uint8Array(sign(null, message, key)),
	};
}
