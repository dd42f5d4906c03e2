import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import {
	concatBytes,
	createHasher,
	defaultHasher,
	equalBytes,
	fromBase64,
	fromHex,
	fromUtf8,
	hasControl,
	isHash,
	isWellFormed,
	toBase64,
	toHex,
	utf8,
} from "./hash.ts";

const nodeSha256 = (d: Uint8Array) => new Uint8Array(createHash("sha256").update(d).digest());

describe("RFC 9162 §2.1.1 hashing", () => {
	it("leaf hash is SHA-256(0x00 ‖ entry), node hash SHA-256(0x01 ‖ left ‖ right)", () => {
		// The RFC 6962 empty-leaf hash, as in every CT test suite.
		assert.equal(
			toHex(defaultHasher.leafHash(new Uint8Array(0))),
			"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		);
		const l = defaultHasher.leafHash(utf8("a"));
		const r = defaultHasher.leafHash(utf8("b"));
		assert.deepEqual(defaultHasher.nodeHash(l, r), nodeSha256(concatBytes(Uint8Array.of(1), l, r)));
		assert.deepEqual(defaultHasher.leafHash(utf8("a")), nodeSha256(Uint8Array.of(0, 0x61)));
	});

	it("an injected node:crypto SHA-256 gives the same hashes as the noble default", () => {
		const node = createHasher(nodeSha256);
		for (let n = 0; n < 200; n += 7) {
			const e = randomBytes(n);
			assert.deepEqual(node.leafHash(e), defaultHasher.leafHash(e));
			const a = defaultHasher.leafHash(e);
			const b = node.leafHash(randomBytes(3));
			assert.deepEqual(node.nodeHash(a, b), defaultHasher.nodeHash(a, b));
		}
	});

	it("node hashes refuse inputs that are not 32 bytes", () => {
		const h = defaultHasher.leafHash(utf8("a"));
		assert.throws(() => defaultHasher.nodeHash(h, new Uint8Array(31)), { code: "TLOG_BAD_INPUT" });
		assert.throws(() => defaultHasher.nodeHash(new Uint8Array(64), h), { code: "TLOG_BAD_INPUT" });
	});

	it("reusing the node buffer does not leak between calls", () => {
		const a = defaultHasher.leafHash(utf8("a"));
		const b = defaultHasher.leafHash(utf8("b"));
		const ab = defaultHasher.nodeHash(a, b);
		const ba = defaultHasher.nodeHash(b, a);
		assert.ok(!equalBytes(ab, ba));
		assert.deepEqual(defaultHasher.nodeHash(a, b), ab);
	});
});

describe("constant-time comparison", () => {
	it("compares content and length, and treats non-bytes as unequal", () => {
		assert.ok(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2)));
		assert.ok(equalBytes(new Uint8Array(0), new Uint8Array(0)));
		assert.ok(!equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3)));
		assert.ok(!equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0)));
		assert.ok(!equalBytes(Uint8Array.of(1), [1] as unknown as Uint8Array));
		assert.ok(!equalBytes("ab" as unknown as Uint8Array, "ab" as unknown as Uint8Array));
		assert.ok(isHash(new Uint8Array(32)) && !isHash(new Uint8Array(31)) && !isHash(null));
	});
});

describe("canonical base64 (RFC 4648 §4)", () => {
	it("round-trips every length 0..100 and matches Node's encoder", () => {
		for (let n = 0; n <= 100; n++) {
			const b = randomBytes(n);
			const s = toBase64(b);
			assert.equal(s, b.toString("base64"));
			assert.deepEqual(fromBase64(s), new Uint8Array(b));
		}
	});

	it("refuses every non-canonical or foreign form", () => {
		for (const bad of [
			"A",
			"AA",
			"AAA",
			"AA=",
			"A===",
			"====",
			"AAAAA===",
			"AB==", // padding bits set: canonical is AA==
			"AAB=", // padding bits set: canonical is AAA=
			"AA==AA==",
			"A=AA",
			"AAAA\n",
			" AAAA",
			"AA AA",
			"AA-_",
			"AAA\u00e9",
			"AAAA====",
		]) {
			assert.throws(() => fromBase64(bad), { code: "TLOG_BAD_INPUT" }, JSON.stringify(bad));
		}
		assert.throws(() => fromBase64(null as unknown as string), { code: "TLOG_BAD_INPUT" });
		assert.throws(() => fromBase64("x", "TLOG_NOTE_MALFORMED"), { code: "TLOG_NOTE_MALFORMED" });
		assert.deepEqual(fromBase64(""), new Uint8Array(0));
		assert.deepEqual(fromBase64("AA=="), Uint8Array.of(0));
		assert.deepEqual(fromBase64("/w=="), Uint8Array.of(255));
	});
});

describe("hex and UTF-8", () => {
	it("hex is lower case and strict", () => {
		assert.equal(toHex(Uint8Array.of(0, 15, 16, 255)), "000f10ff");
		assert.deepEqual(fromHex("000f10ff"), Uint8Array.of(0, 15, 16, 255));
		for (const bad of ["0", "0g", "FF", "0x00", " 00"])
			assert.throws(() => fromHex(bad), { code: "TLOG_BAD_INPUT" });
	});

	it("UTF-8 decoding is fatal on malformed input and keeps a BOM as text", () => {
		assert.equal(fromUtf8(utf8("检测 ✓")), "检测 ✓");
		assert.equal(fromUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61)), "\ufeffa");
		for (const bad of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]])
			assert.throws(() => fromUtf8(Uint8Array.from(bad)), { code: "TLOG_BAD_INPUT" });
	});

	it("finds lone surrogates and control characters", () => {
		assert.ok(isWellFormed("a\ud83d\ude00b"));
		assert.ok(!isWellFormed("a\ud83db"));
		assert.ok(!isWellFormed("\ude00"));
		assert.ok(hasControl("a\tb", true) && hasControl("a\nb", false) && !hasControl("a\nb", true));
		assert.ok(!hasControl("a\u007fb", false), "DEL is not below U+0020");
	});
});
