import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { TlogError } from "./errors.ts";
import { fromBase64, fromHex, toHex, utf8 } from "./hash.ts";
import {
	decodeSignerKey,
	decodeVerifierKey,
	ed25519Signer,
	ed25519Verifier,
	encodeVerifierKey,
	formatNote,
	formatSignatureLine,
	generateKey,
	keyId,
	MAX_NOTE_SIGNATURES,
	type NoteSigner,
	openNote,
	parseNote,
	parseSignatureLine,
	parseSignerKey,
	parseVerifierKey,
	signNote,
} from "./note.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/tlog");
const C2SP_VKEY = fs.readFileSync(path.join(FIXTURES, "c2sp/signed-note-example.vkey"), "utf8").trim();
const C2SP_NOTE = fs.readFileSync(path.join(FIXTURES, "c2sp/signed-note-example.note"), "utf8");

// The worked example of golang.org/x/mod/sumdb/note (note.go package doc and note_test.go).
const PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT =
	"If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
	"— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG =
	"— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

function code(c: string) {
	return (e: unknown) => e instanceof TlogError && e.code === c;
}

describe("the C2SP signed-note example", () => {
	it("its verifier key parses, and its key ID is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]", () => {
		const v = parseVerifierKey(C2SP_VKEY);
		assert.equal(v.name, "example.com/foo");
		assert.equal(v.keyId, 0x530d903a);
		assert.equal(v.type, 0x01);
		assert.equal(toHex(v.publicKey), "e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4");
		assert.equal(keyId(v.name, 0x01, v.publicKey), 0x530d903a);
		assert.equal(encodeVerifierKey(v.name, v.type, v.publicKey), C2SP_VKEY);
	});

	it("the note verifies with it, and only the text is returned as signed", () => {
		const n = openNote(C2SP_NOTE, [parseVerifierKey(C2SP_VKEY)]);
		assert.equal(n.text, "This is an example message.\n");
		assert.deepEqual(
			n.verified.map((s) => s.name),
			["example.com/foo"],
		);
		assert.equal(formatNote(n), C2SP_NOTE);
		// The same note as bytes.
		assert.equal(openNote(utf8(C2SP_NOTE), [parseVerifierKey(C2SP_VKEY)]).text, n.text);
	});

	it("the note does not verify once its text changes", () => {
		const tampered = C2SP_NOTE.replace("example message", "example massage");
		assert.throws(() => openNote(tampered, [parseVerifierKey(C2SP_VKEY)]), code("TLOG_SIGNATURE_INVALID"));
	});
});

describe("golang.org/x/mod/sumdb/note compatibility", () => {
	const peter = parseVerifierKey(PETER_VKEY);
	const enoch = parseVerifierKey(ENOCH_VKEY);

	it("signs the package example byte for byte (Ed25519 is deterministic)", () => {
		const signer = parseSignerKey(PETER_SKEY);
		assert.equal(signer.verifierKey, PETER_VKEY);
		assert.equal(signNote(TEXT, [signer]), `${TEXT}\n${PETER_SIG}`);
		// An existing signature by the same key is replaced, others are kept in front.
		const bad = { name: "PeterNeumann", keyId: 0xc74f20a3, signature: utf8("BADSIGN") };
		const enochSig = parseSignatureLine(ENOCH_SIG.slice(0, -1));
		assert.equal(signNote(TEXT, [signer], [bad, enochSig]), `${TEXT}\n${ENOCH_SIG}${PETER_SIG}`);
	});

	it("opens notes with one, both or none of the signers known", () => {
		const msg = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
		const one = openNote(msg, [peter]);
		assert.equal(one.text, TEXT);
		assert.deepEqual(
			one.verified.map((s) => [s.name, s.keyId]),
			[["PeterNeumann", 0xc74f20a3]],
		);
		assert.equal(one.signatures.length, 2);
		const both = openNote(msg, [peter, enoch]);
		assert.deepEqual(
			both.verified.map((s) => s.name),
			["PeterNeumann", "EnochRoot"],
		);
		assert.throws(() => openNote(msg, []), code("TLOG_NOTE_UNVERIFIED"));
	});

	it("lists a key that signed twice once, and ignores unknown keys however often they appear", () => {
		const enochABCD = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
		const n = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochABCD}`, [peter]);
		assert.equal(n.verified.length, 1);
		assert.equal(n.signatures.length, 5);
	});

	it("refuses the whole note when a known key's signature is bad", () => {
		const badPeter = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
		assert.throws(() => openNote(`${TEXT}\n${badPeter}`, [peter]), code("TLOG_SIGNATURE_INVALID"));
		// Even when another signature by the same key is good (the spec: known keys MUST be verified).
		assert.throws(
			() => openNote(`${TEXT}\n${PETER_SIG}${badPeter}`, [peter]),
			code("TLOG_SIGNATURE_INVALID"),
		);
	});

	it("ignores a signature whose name or key ID (not both) matches a known key", () => {
		const otherName = PETER_SIG.replace("PeterNeumann", "PeterNeuman");
		assert.throws(() => openNote(`${TEXT}\n${otherName}`, [peter]), code("TLOG_NOTE_UNVERIFIED"));
		const otherId = PETER_SIG.replace("x08g", "xxxx");
		assert.throws(() => openNote(`${TEXT}\n${otherId}`, [peter]), code("TLOG_NOTE_UNVERIFIED"));
	});

	it("refuses a verifier list with two keys of one name and key ID", () => {
		assert.throws(() => openNote(`${TEXT}\n${PETER_SIG}`, [peter, enoch, peter]), code("TLOG_BAD_INPUT"));
	});

	it("refuses every truncation and every single-character change of a verifier or signer key", () => {
		for (const key of [PETER_VKEY, PETER_SKEY]) {
			const parse = key === PETER_VKEY ? parseVerifierKey : parseSignerKey;
			for (let i = 0; i <= key.length; i++)
				for (let j = i + 1; j <= key.length; j++)
					if (i !== 0 || j !== key.length)
						assert.throws(() => parse(key.slice(i, j)), code("TLOG_KEY_INVALID"));
			for (let i = 0; i < key.length; i++) {
				const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
				assert.throws(() => parse(changed), code("TLOG_KEY_INVALID"), changed);
			}
		}
		// note_test.go's hand-made bad keys: a wrong-length key and an unknown algorithm, each with a
		// matching key ID.
		for (const bad of [
			"PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
			"PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		])
			assert.throws(() => decodeVerifierKey(bad), code("TLOG_KEY_INVALID"));
		// Upper-case key IDs are not the canonical form.
		assert.throws(
			() => parseVerifierKey(PETER_VKEY.replace("c74f20a3", "C74F20A3")),
			code("TLOG_KEY_INVALID"),
		);
	});

	it("reads a key string whose base64 contains plus signs", () => {
		// transparency-dev/formats note_cosigv1_test.go: "TEST+7997405c+AQcC+FTV…".
		const v = parseVerifierKey("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
		assert.equal(v.name, "TEST");
		assert.equal(v.keyId, 0x7997405c);
	});
});

describe("malformed notes are refused with TLOG_NOTE_MALFORMED", () => {
	const cases: [string, string | Uint8Array][] = [
		// golang.org/x/mod/sumdb/note TestOpen "Invalid encoded message syntax"
		["text only", TEXT],
		["text and blank line, no signatures", `${TEXT}\n`],
		["last signature line without newline", `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
		["control character", `\u0001${TEXT}\n${PETER_SIG}`],
		["invalid UTF-8", Uint8Array.from([0xff, ...utf8(`${TEXT}\n${PETER_SIG}`)])],
		[
			"space in key name",
			`${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
		],
		["a line after the signatures", `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
		// More of the format's rules
		["hyphen instead of em dash", `${TEXT}\n${PETER_SIG.replace("—", "-")}`],
		["en dash instead of em dash", `${TEXT}\n${PETER_SIG.replace("—", "–")}`],
		["no space after the dash", `${TEXT}\n${PETER_SIG.replace("— ", "—")}`],
		["two spaces before the signature", `${TEXT}\n${PETER_SIG.replace(" x08go", "  x08go")}`],
		["trailing space", `${TEXT}\n${PETER_SIG.replace("=\n", "= \n")}`],
		["plus in key name", `${TEXT}\n${PETER_SIG.replace("PeterNeumann", "Peter+Neumann")}`],
		["no-break space in key name", `${TEXT}\n${PETER_SIG.replace("PeterNeumann", "Peter\u00a0Neumann")}`],
		["ideographic space in key name", `${TEXT}\n${PETER_SIG.replace("PeterNeumann", "Peter\u3000Neumann")}`],
		["empty key name", `${TEXT}\n— ${PETER_SIG.slice(PETER_SIG.indexOf(" x08"))}`],
		["no signature", `${TEXT}\n— PeterNeumann \n`],
		["non-canonical base64", `${TEXT}\n${PETER_SIG.replace("AM=\n", "AN=\n")}`],
		["unpadded base64", `${TEXT}\n${PETER_SIG.replace("AM=\n", "AM\n")}`],
		[
			"signature of 4 bytes (key ID only)",
			`${TEXT}\n— PeterNeumann x08go/Q=\n`.replace("x08go/Q=", "x08gow=="),
		],
		["CRLF line ends", `${TEXT}\n${PETER_SIG}`.replaceAll("\n", "\r\n")],
		["tab in text", `a\tb\n\n${PETER_SIG}`],
		["lone surrogate", `a\ud800b\n\n${PETER_SIG}`],
		["empty", ""],
		["only a blank line", "\n\n"],
		["too many signatures", `${TEXT}\n${PETER_SIG.repeat(MAX_NOTE_SIGNATURES + 1)}`],
	];
	for (const [what, msg] of cases)
		it(what, () => {
			assert.throws(() => parseNote(msg), code("TLOG_NOTE_MALFORMED"));
			assert.throws(() => openNote(msg, [parseVerifierKey(PETER_VKEY)]), code("TLOG_NOTE_MALFORMED"));
		});

	it("but accepts exactly the maximum number of signatures", () => {
		const n = openNote(`${TEXT}\n${PETER_SIG.repeat(MAX_NOTE_SIGNATURES)}`, [parseVerifierKey(PETER_VKEY)]);
		assert.equal(n.signatures.length, MAX_NOTE_SIGNATURES);
		assert.equal(n.verified.length, 1);
	});

	it("and texts with blank lines: the signatures start after the last one", () => {
		const signer = parseSignerKey(PETER_SKEY);
		for (const text of ["\n", "Note\n\n", "a\n\nb\n", "\n\n\n"]) {
			const n = openNote(signNote(text, [signer]), [parseVerifierKey(PETER_VKEY)]);
			assert.equal(n.text, text);
		}
		// A blank line after a signature line makes that line part of the text, signed by nobody.
		const n = parseNote(`${TEXT}\n${PETER_SIG}\n${ENOCH_SIG}`);
		assert.equal(n.text, `${TEXT}\n${PETER_SIG}`);
		assert.deepEqual(
			n.signatures.map((s) => s.name),
			["EnochRoot"],
		);
		assert.throws(
			() => openNote(`${TEXT}\n${PETER_SIG}\n${ENOCH_SIG}`, [parseVerifierKey(PETER_VKEY)]),
			code("TLOG_NOTE_UNVERIFIED"),
		);
	});
});

describe("signing and keys", () => {
	const seed = fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

	it("generates a key pair from a seed deterministically, and randomly without one", () => {
		const a = generateKey("opentic.example/log", seed);
		const b = generateKey("opentic.example/log", seed);
		assert.deepEqual(a, b);
		assert.match(a.signerKey, /^PRIVATE\+KEY\+opentic\.example\/log\+[0-9a-f]{8}\+A/);
		assert.match(a.verifierKey, /^opentic\.example\/log\+[0-9a-f]{8}\+A/);
		const signer = parseSignerKey(a.signerKey);
		assert.equal(signer.verifierKey, a.verifierKey);
		const d = decodeSignerKey(a.signerKey);
		assert.deepEqual(d.seed, seed);
		assert.equal(d.type, 0x01);
		const r = generateKey("opentic.example/log");
		assert.notEqual(r.signerKey, a.signerKey);
		assert.equal(parseSignerKey(r.signerKey).verifierKey, r.verifierKey);
	});

	it("signs Chinese text and a leading BOM byte for byte", () => {
		const signer = ed25519Signer("opentic.example/log", seed);
		const verifier = parseVerifierKey(signer.verifierKey);
		for (const text of ["检验检测机构 证书 CNAS L0001\n", "\ufeffwith BOM\n"]) {
			const signed = signNote(text, [signer]);
			assert.equal(openNote(signed, [verifier]).text, text);
			assert.equal(openNote(utf8(signed), [verifier]).text, text);
		}
	});

	it("refuses to sign what it would refuse to open", () => {
		const signer = ed25519Signer("opentic.example/log", seed);
		assert.throws(() => signNote("abc", [signer]), code("TLOG_NOTE_MALFORMED"));
		assert.throws(() => signNote("a\u0000\n", [signer]), code("TLOG_NOTE_MALFORMED"));
		assert.throws(() => signNote("a\n", []), code("TLOG_NOTE_MALFORMED"));
		const badName: NoteSigner = { name: "bad name", keyId: 1, sign: () => new Uint8Array(64) };
		assert.throws(() => signNote("a\n", [badName]), code("TLOG_BAD_INPUT"));
		assert.throws(
			() => formatNote({ text: "a\n", signatures: [{ name: "x", keyId: -1, signature: new Uint8Array(1) }] }),
			code("TLOG_NOTE_MALFORMED"),
		);
		assert.throws(
			() =>
				formatNote({
					text: "a\n",
					signatures: [{ name: "x", keyId: 2 ** 32, signature: new Uint8Array(1) }],
				}),
			code("TLOG_NOTE_MALFORMED"),
		);
		assert.throws(
			() => formatNote({ text: "a\n", signatures: [{ name: "x", keyId: 1, signature: new Uint8Array(0) }] }),
			code("TLOG_NOTE_MALFORMED"),
		);
		assert.throws(
			() => formatSignatureLine({ name: "", keyId: 1, signature: new Uint8Array(1) }),
			code("TLOG_NOTE_MALFORMED"),
		);
	});

	it("refuses bad key material and names", () => {
		assert.throws(() => ed25519Signer("log", new Uint8Array(31)), code("TLOG_KEY_INVALID"));
		assert.throws(() => ed25519Signer("a log", seed), code("TLOG_KEY_INVALID"));
		assert.throws(() => ed25519Verifier("log", new Uint8Array(33)), code("TLOG_KEY_INVALID"));
		assert.throws(() => encodeVerifierKey("log", 0x02, new Uint8Array(32)), code("TLOG_KEY_INVALID"));
		assert.throws(() => generateKey("log+1", seed), code("TLOG_KEY_INVALID"));
		// A signer key whose key ID is not that of its public key.
		const { signerKey } = generateKey("log", seed);
		const wrongId = signerKey.replace(/\+[0-9a-f]{8}\+/, "+00000000+");
		assert.throws(() => parseSignerKey(wrongId), code("TLOG_KEY_INVALID"));
		// A key for cosignatures (type 0x04) is not a note signing key, and vice versa.
		const cosigner = encodeVerifierKey("w", 0x04, parseVerifierKey(PETER_VKEY).publicKey);
		assert.throws(() => parseVerifierKey(cosigner), code("TLOG_KEY_INVALID"));
		// Error messages never carry the secret.
		try {
			parseSignerKey(wrongId);
		} catch (e) {
			assert.ok(!(e as Error).message.includes(signerKey.split("+").at(-1)!));
		}
	});

	it("verifiers say false, never throw, on malformed signatures", () => {
		const v = parseVerifierKey(PETER_VKEY);
		const sig = fromBase64(PETER_SIG.split(" ")[2]!.trim()).slice(4);
		assert.ok(v.verify(utf8(TEXT), sig));
		for (const bad of [
			sig.slice(1),
			new Uint8Array(0),
			new Uint8Array(64),
			new Uint8Array(65).fill(255),
			"x",
		])
			assert.equal(v.verify(utf8(TEXT), bad as Uint8Array), false);
		// A signature with S ≥ L (non-canonical) is refused in strict RFC 8032 mode.
		const highS = sig.slice();
		highS.set(new Uint8Array(32).fill(0xff), 32);
		assert.equal(v.verify(utf8(TEXT), highS), false);
	});
});
