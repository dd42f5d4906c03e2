import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCheckpoint, openCheckpoint, parseCheckpoint } from "./checkpoint.ts";
import { cosign, cosignatureSigner, parseCosignatureVerifierKey } from "./cosignature.ts";
import { TlogError } from "./errors.ts";
import { EMPTY_ROOT, fromHex, toBase64 } from "./hash.ts";
import { ed25519Signer, formatNote, parseNote, parseVerifierKey, signNote } from "./note.ts";

function code(c: string) {
	return (e: unknown) => e instanceof TlogError && e.code === c;
}

// The example of c2sp.org/tlog-checkpoint.
const SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
const seed = (n: number) => fromHex(n.toString(16).padStart(2, "0").repeat(32));

describe("checkpoint note text (c2sp.org/tlog-checkpoint)", () => {
	it("parses the spec's example and writes it back byte for byte", () => {
		const cp = parseCheckpoint(SPEC_BODY);
		assert.equal(cp.origin, "example.com/behind-the-sofa");
		assert.equal(cp.size, 20852163);
		assert.equal(toBase64(cp.rootHash), ROOT);
		assert.deepEqual(cp.extensions, []);
		assert.equal(formatCheckpoint(cp), SPEC_BODY);
	});

	it("round-trips extension lines, the empty tree and the largest size", () => {
		for (const body of [
			`${SPEC_BODY}ext one\n— not a signature\n`,
			`opentic.example/log\n0\n${toBase64(EMPTY_ROOT)}\n`,
			`检测 log\n9007199254740991\n${ROOT}\n`,
		])
			assert.equal(formatCheckpoint(parseCheckpoint(body)), body);
	});

	const malformed: [string, string][] = [
		["no final newline", SPEC_BODY.slice(0, -1)],
		["two lines", "example.com/log\n5\n"],
		["empty origin", `\n5\n${ROOT}\n`],
		["leading zero", `o\n05\n${ROOT}\n`],
		["negative size", `o\n-1\n${ROOT}\n`],
		["plus sign", `o\n+1\n${ROOT}\n`],
		["space", `o\n 1\n${ROOT}\n`],
		["decimal point", `o\n1.0\n${ROOT}\n`],
		["exponent", `o\n1e3\n${ROOT}\n`],
		["hex", `o\n0x10\n${ROOT}\n`],
		["2^53", `o\n9007199254740992\n${ROOT}\n`],
		["20 digits", `o\n18446744073709551615\n${ROOT}\n`],
		["empty size", `o\n\n${ROOT}\n`],
		["root of 31 bytes", `o\n1\n${toBase64(new Uint8Array(31))}\n`],
		["root of 33 bytes", `o\n1\n${toBase64(new Uint8Array(33))}\n`],
		["unpadded root", `o\n1\n${ROOT.slice(0, -1)}\n`],
		["non-canonical root", `o\n1\n${ROOT.slice(0, -2)}J=\n`],
		["URL-safe base64 root", `o\n1\n${"_".repeat(43)}=\n`],
		["empty extension line", `${SPEC_BODY}\nmore\n`],
		["trailing empty line", `${SPEC_BODY}\n`],
		["control character in origin", `o\u0007\n1\n${ROOT}\n`],
		["CRLF", SPEC_BODY.replaceAll("\n", "\r\n")],
		["lone surrogate in origin", `o\ud800\n1\n${ROOT}\n`],
	];
	for (const [what, body] of malformed)
		it(`refuses: ${what}`, () =>
			assert.throws(() => parseCheckpoint(body), code("TLOG_CHECKPOINT_MALFORMED")));

	it("refuses to write what it would refuse to read", () => {
		const cp = parseCheckpoint(SPEC_BODY);
		assert.throws(() => formatCheckpoint({ ...cp, origin: "a\nb" }), code("TLOG_CHECKPOINT_MALFORMED"));
		assert.throws(() => formatCheckpoint({ ...cp, origin: "" }), code("TLOG_CHECKPOINT_MALFORMED"));
		assert.throws(() => formatCheckpoint({ ...cp, extensions: [""] }), code("TLOG_CHECKPOINT_MALFORMED"));
		assert.throws(() => formatCheckpoint({ ...cp, extensions: ["a\nb"] }), code("TLOG_CHECKPOINT_MALFORMED"));
		assert.throws(() => formatCheckpoint({ ...cp, size: -1 }), code("TLOG_BAD_INPUT"));
		assert.throws(() => formatCheckpoint({ ...cp, size: 2 ** 53 }), code("TLOG_BAD_INPUT"));
		assert.throws(() => formatCheckpoint({ ...cp, rootHash: new Uint8Array(31) }), code("TLOG_BAD_INPUT"));
	});
});

describe("opening a signed checkpoint under a log and witness policy", () => {
	const origin = "opentic.example/log";
	const log = ed25519Signer(origin, seed(1));
	const nextLog = ed25519Signer(origin, seed(2));
	const w1 = cosignatureSigner("w1.example", seed(3), () => 1700000000);
	const w2 = cosignatureSigner("w2.example", seed(4), () => 1700000001);
	const w3 = cosignatureSigner("w3.example", seed(5), () => 1700000002);
	const body = formatCheckpoint({
		origin,
		size: 20852163,
		rootHash: parseCheckpoint(SPEC_BODY).rootHash,
		extensions: [],
	});
	const signed = signNote(body, [log]);
	const cosigned = formatNote({
		text: body,
		signatures: [...parseNote(signed).signatures, cosign(body, w1), cosign(body, w2)],
	});
	const logKey = parseVerifierKey(log.verifierKey);
	const nextLogKey = parseVerifierKey(nextLog.verifierKey);
	const witnesses = [w1, w2, w3].map((w) => parseCosignatureVerifierKey(w.verifierKey));
	const policy = { origin, logKeys: [logKey], witnesses, quorum: 2 };

	it("accepts the log's signature with a quorum of witness cosignatures", () => {
		const o = openCheckpoint(cosigned, policy);
		assert.equal(o.checkpoint.size, 20852163);
		assert.deepEqual(
			o.logSignatures.map((s) => s.name),
			[origin],
		);
		assert.deepEqual(
			o.cosignatures.map((s) => s.name),
			["w1.example", "w2.example"],
		);
		assert.equal(openCheckpoint(signed, { origin, logKeys: [logKey] }).cosignatures.length, 0);
	});

	it("accepts a rotated log key when the policy lists both", () => {
		const rotated = signNote(body, [nextLog]);
		assert.throws(() => openCheckpoint(rotated, { origin, logKeys: [logKey] }), code("TLOG_NOTE_UNVERIFIED"));
		openCheckpoint(rotated, { origin, logKeys: [logKey, nextLogKey] });
	});

	it("refuses too few cosignatures, a missing log signature, another origin, a quorum above the witnesses", () => {
		assert.throws(() => openCheckpoint(signed, policy), code("TLOG_NOTE_UNVERIFIED"));
		const onlyWitnesses = formatNote({ text: body, signatures: [cosign(body, w1), cosign(body, w2)] });
		assert.throws(() => openCheckpoint(onlyWitnesses, policy), code("TLOG_NOTE_UNVERIFIED"));
		assert.throws(
			() => openCheckpoint(cosigned, { ...policy, origin: "other.example/log" }),
			code("TLOG_ORIGIN_MISMATCH"),
		);
		assert.throws(() => openCheckpoint(cosigned, { ...policy, quorum: 4 }), code("TLOG_BAD_INPUT"));
		assert.throws(() => openCheckpoint(cosigned, { ...policy, quorum: -1 }), code("TLOG_BAD_INPUT"));
	});

	it("refuses a changed tree head, and a note that is not a checkpoint", () => {
		const forged = cosigned.replace("20852163", "20852164");
		assert.throws(() => openCheckpoint(forged, policy), code("TLOG_SIGNATURE_INVALID"));
		const notCheckpoint = signNote("hello\n", [log]);
		assert.throws(
			() => openCheckpoint(notCheckpoint, { origin, logKeys: [logKey] }),
			code("TLOG_CHECKPOINT_MALFORMED"),
		);
		assert.throws(
			() => openCheckpoint("garbage", { origin, logKeys: [logKey] }),
			code("TLOG_NOTE_MALFORMED"),
		);
	});
});
