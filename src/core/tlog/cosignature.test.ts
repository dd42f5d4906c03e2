import assert from "node:assert/strict";
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { formatCheckpoint, parseCheckpoint } from "./checkpoint.ts";
import {
	COSIGNATURE_V1_KEY_TYPE,
	cosign,
	cosignatureMessage,
	cosignatureSigner,
	cosignatureTimestamp,
	cosignatureVerifier,
	generateCosignatureKey,
	parseCosignatureSignerKey,
	parseCosignatureVerifierKey,
} from "./cosignature.ts";
import { TlogError } from "./errors.ts";
import { fromBase64, fromHex, toHex, utf8 } from "./hash.ts";
import {
	decodeVerifierKey,
	ed25519Signer,
	encodeVerifierKey,
	formatNote,
	keyId,
	openNote,
	parseNote,
	parseSignatureLine,
	parseVerifierKey,
	signNote,
} from "./note.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/tlog");
const VKEYS = fs
	.readFileSync(path.join(FIXTURES, "transparency-dev-formats/cosigv1-vkeys.txt"), "utf8")
	.split("\n")
	.filter((l) => l.trim() !== "");

function code(c: string) {
	return (e: unknown) => e instanceof TlogError && e.code === c;
}

const SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const seed = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"); // RFC 8032 test 1

/** Ed25519 verification by node:crypto, independent of @noble/curves. */
function nodeEd25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
	const key = createPublicKey({
		key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKey).toString("base64url") },
		format: "jwk",
	});
	return nodeVerify(null, message, key, signature);
}

describe("witness key IDs (type 0x04)", () => {
	it("every vkey of transparency-dev/formats has the key ID SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]", () => {
		assert.ok(VKEYS.length >= 1);
		for (const vkey of VKEYS) {
			const k = decodeVerifierKey(vkey);
			assert.equal(k.type, COSIGNATURE_V1_KEY_TYPE, vkey);
			assert.equal(vkey.split("+")[1], keyId(k.name, 0x04, k.publicKey).toString(16).padStart(8, "0"));
			const v = parseCosignatureVerifierKey(vkey);
			assert.equal(v.keyId, k.keyId);
			assert.equal(encodeVerifierKey(v.name, 0x04, v.publicKey), vkey);
			// The same key as a plain Ed25519 note key has another ID: the type byte separates the domains.
			assert.notEqual(keyId(k.name, 0x01, k.publicKey), k.keyId);
		}
		const remora = parseCosignatureVerifierKey(VKEYS[0]!);
		assert.equal(remora.name, "remora.n621.de");
		assert.equal(remora.keyId, 0xda77ade7);
	});

	it("a plain Ed25519 key (0x01) is not a witness key, and a witness key with the 0x01 ID is refused", () => {
		const note = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
		assert.throws(() => parseCosignatureVerifierKey(note), code("TLOG_KEY_INVALID"));
		const k = decodeVerifierKey(VKEYS[0]!);
		const wrongId = VKEYS[0]!.replace(
			/\+[0-9a-f]{8}\+/,
			`+${keyId(k.name, 0x01, k.publicKey).toString(16).padStart(8, "0")}+`,
		);
		assert.throws(() => parseCosignatureVerifierKey(wrongId), code("TLOG_KEY_INVALID"));
	});
});

describe("cosignature/v1 signatures", () => {
	it("reads the timestamp of transparency-dev/formats' sample cosignature and of the spec's example", () => {
		// note_cosigv1_test.go TestCoSigV1Timestamp: 4-byte key ID, then u64 1727964367.
		const raw = fromBase64(
			"ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==",
		);
		assert.equal(cosignatureTimestamp(raw.slice(4)), 1727964367);
		// Its "wrong type of signature": a plain 64-byte Ed25519 signature.
		const plain = fromBase64(
			"eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=",
		);
		assert.throws(() => cosignatureTimestamp(plain.slice(4)), code("TLOG_BAD_INPUT"));
		// c2sp.org/tlog-cosignature: the example line, signed at "time 1679315147".
		const line =
			"— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";
		assert.equal(cosignatureTimestamp(parseSignatureLine(line)), 1679315147);
	});

	it("signs 'cosignature/v1\\ntime <t>\\n' + the checkpoint, as timestamp ‖ Ed25519 signature", () => {
		const signer = cosignatureSigner("witness.example/w1", seed, () => 1679315147);
		const sig = cosign(SPEC_BODY, signer);
		assert.equal(sig.signature.length, 72);
		assert.equal(toHex(sig.signature.slice(0, 8)), "000000006418 50cb".replace(" ", ""));
		const message = cosignatureMessage(1679315147, SPEC_BODY);
		assert.equal(new TextDecoder().decode(message), `cosignature/v1\ntime 1679315147\n${SPEC_BODY}`);
		// Checked by node:crypto's Ed25519, not only by the code that made it.
		assert.ok(nodeEd25519Verify(signer.publicKey, message, sig.signature.slice(8)));
		assert.ok(parseCosignatureVerifierKey(signer.verifierKey).verify(utf8(SPEC_BODY), sig.signature));
	});

	it("cosignatures verify inside notes next to the log's signature, and cover extension lines", () => {
		const log = ed25519Signer("example.com/behind-the-sofa", seed);
		const witness = cosignatureSigner("w.example", fromHex("11".repeat(32)), () => 1700000000);
		const body = `${SPEC_BODY}extension\n`;
		const note = formatNote({
			text: body,
			signatures: [...parseNote(signNote(body, [log])).signatures, cosign(body, witness)],
		});
		const opened = openNote(note, [
			parseVerifierKey(log.verifierKey),
			parseCosignatureVerifierKey(witness.verifierKey),
		]);
		assert.equal(opened.verified.length, 2);
		// transparency-dev/formats TestSigCoversExtensionLines.
		const changed = note.replace("extension\n", "extensioN\n");
		assert.throws(
			() => openNote(changed, [parseCosignatureVerifierKey(witness.verifierKey)]),
			code("TLOG_SIGNATURE_INVALID"),
		);
	});

	it("a cosignature does not verify as a plain signature, nor a plain one as a cosignature", () => {
		const w = cosignatureSigner("w.example", seed, () => 1);
		const plainVerifier = ed25519Signer("w.example", seed); // same key, type 0x01
		const sig = cosign(SPEC_BODY, w);
		assert.equal(plainVerifier.keyId === w.keyId, false);
		const asPlain = { ...sig, keyId: plainVerifier.keyId };
		assert.throws(
			() =>
				openNote(formatNote({ text: SPEC_BODY, signatures: [asPlain] }), [
					parseVerifierKey(plainVerifier.verifierKey),
				]),
			code("TLOG_SIGNATURE_INVALID"),
		);
		const plain = parseNote(signNote(SPEC_BODY, [plainVerifier])).signatures[0]!;
		assert.equal(
			cosignatureVerifier("w.example", w.publicKey).verify(utf8(SPEC_BODY), plain.signature),
			false,
		);
	});

	it("refuses changed timestamps, other lengths, huge timestamps, and notes that are not checkpoints", () => {
		const w = cosignatureSigner("w.example", seed, () => 1700000000);
		const v = cosignatureVerifier("w.example", w.publicKey);
		const sig = cosign(SPEC_BODY, w).signature;
		assert.ok(v.verify(utf8(SPEC_BODY), sig));
		const later = sig.slice();
		later[7]! ^= 1;
		assert.equal(v.verify(utf8(SPEC_BODY), later), false);
		assert.equal(v.verify(utf8(SPEC_BODY), sig.slice(0, 71)), false);
		const huge = sig.slice();
		huge[0] = 0x7f;
		assert.equal(v.verify(utf8(SPEC_BODY), huge), false);
		assert.throws(() => cosignatureTimestamp(huge), code("TLOG_BAD_INPUT"));
		assert.equal(v.verify(utf8("hello\n"), sig), false);
		assert.equal(v.verify(Uint8Array.of(0xff), sig), false);
		assert.throws(() => cosign("hello\n", w), code("TLOG_CHECKPOINT_MALFORMED"));
		assert.throws(() => w.sign(utf8("hello\n")), code("TLOG_CHECKPOINT_MALFORMED"));
		const badClock = cosignatureSigner("w.example", seed, () => -1);
		assert.throws(() => cosign(SPEC_BODY, badClock), code("TLOG_BAD_INPUT"));
	});

	it("stamps with the system clock unless a clock is injected", () => {
		const before = Math.floor(Date.now() / 1000);
		const sig = cosign(SPEC_BODY, cosignatureSigner("w.example", seed));
		const t = cosignatureTimestamp(sig);
		assert.ok(t >= before && t <= Math.floor(Date.now() / 1000), String(t));
	});

	it("writes timestamps up to 2^53 − 1 as big-endian u64", () => {
		const w = cosignatureSigner("w.example", seed, () => Number.MAX_SAFE_INTEGER);
		const sig = cosign(SPEC_BODY, w).signature;
		assert.equal(toHex(sig.slice(0, 8)), "001fffffffffffff");
		assert.equal(cosignatureTimestamp(sig), Number.MAX_SAFE_INTEGER);
		assert.ok(cosignatureVerifier("w.example", w.publicKey).verify(utf8(SPEC_BODY), sig));
	});
});

describe("witness keys", () => {
	it("generates, writes and reads witness key pairs", () => {
		const k = generateCosignatureKey("witness.opentic.example", seed);
		assert.deepEqual(generateCosignatureKey("witness.opentic.example", seed), k);
		assert.match(k.verifierKey, /^witness\.opentic\.example\+[0-9a-f]{8}\+B/); // base64 of 0x04 ‖ …
		const signer = parseCosignatureSignerKey(k.signerKey, () => 42);
		assert.equal(signer.verifierKey, k.verifierKey);
		const body = formatCheckpoint({ ...parseCheckpoint(SPEC_BODY), origin: "opentic.example/log" });
		const note = formatNote({ text: body, signatures: [cosign(body, signer)] });
		assert.equal(openNote(note, [parseCosignatureVerifierKey(k.verifierKey)]).verified.length, 1);
		assert.notEqual(generateCosignatureKey("w").signerKey, generateCosignatureKey("w").signerKey);
		// A note signing key (0x01) is not a witness signing key.
		const noteKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
		assert.throws(() => parseCosignatureSignerKey(noteKey), code("TLOG_KEY_INVALID"));
		assert.throws(() => cosignatureVerifier("bad name", signer.publicKey), code("TLOG_KEY_INVALID"));
	});
});
