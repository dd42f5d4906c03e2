import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCheckpoint } from "./checkpoint.ts";
import { cosign, cosignatureSigner, parseCosignatureVerifierKey } from "./cosignature.ts";
import { TlogError } from "./errors.ts";
import { fromHex, toBase64, utf8 } from "./hash.ts";
import { ed25519Signer, formatNote, parseNote, parseVerifierKey, signNote } from "./note.ts";
import { formatTlogProof, parseTlogProof, TLOG_PROOF_HEADER, verifyTlogProof } from "./tlog-proof.ts";
import { MemoryTree } from "./tree.ts";

function code(c: string) {
	return (e: unknown) => e instanceof TlogError && e.code === c;
}

const origin = "opentic.example/log";
const log = ed25519Signer(origin, fromHex("01".repeat(32)));
const witness = cosignatureSigner("witness.example/w1", fromHex("02".repeat(32)), () => 1700000000);
const policy = {
	origin,
	logKeys: [parseVerifierKey(log.verifierKey)],
	witnesses: [parseCosignatureVerifierKey(witness.verifierKey)],
	quorum: 1,
};

const entries = Array.from({ length: 109 }, (_, i) => utf8(`{"event":"certificate.issued","seq":${i}}`));
const tree = new MemoryTree();
for (const e of entries) tree.append(e);

/** The log's cosigned checkpoint at `size`. */
function checkpointAt(size: number, withWitness = true): string {
	const body = formatCheckpoint({ origin, size, rootHash: tree.root(size), extensions: [] });
	const signatures = [...parseNote(signNote(body, [log])).signatures];
	if (withWitness) signatures.push(cosign(body, witness));
	return formatNote({ text: body, signatures });
}

const CHECKPOINT = checkpointAt(109);
const proofFile = (index: number, extra?: Uint8Array) =>
	formatTlogProof({ index, proof: tree.inclusionProof(index, 109), checkpoint: CHECKPOINT, extra });

describe("tlog-proof files (c2sp.org/tlog-proof)", () => {
	it("have the spec's layout: header, extra, index, hashes, blank line, checkpoint", () => {
		const text = proofFile(73, utf8("age-v1.2.1"));
		const lines = text.split("\n");
		assert.equal(lines[0], TLOG_PROOF_HEADER);
		assert.equal(lines[1], `extra ${toBase64(utf8("age-v1.2.1"))}`);
		assert.equal(lines[2], "index 73");
		const proof = tree.inclusionProof(73, 109);
		assert.deepEqual(lines.slice(3, 3 + proof.length), proof.map(toBase64));
		assert.equal(lines[3 + proof.length], "");
		assert.equal(lines.slice(4 + proof.length).join("\n"), CHECKPOINT);
	});

	it("round-trip byte for byte, with and without extra data, and with no hashes", () => {
		for (const text of [proofFile(0), proofFile(108, utf8("x")), proofFile(5, new Uint8Array(0))]) {
			assert.equal(formatTlogProof(parseTlogProof(text)), text);
			assert.equal(formatTlogProof(parseTlogProof(utf8(text))), text);
		}
		const single = formatTlogProof({ index: 0, proof: [], checkpoint: CHECKPOINT });
		assert.equal(parseTlogProof(single).proof.length, 0);
		assert.equal(parseTlogProof(proofFile(5, new Uint8Array(0))).extra?.length, 0);
		assert.equal(parseTlogProof(proofFile(5)).extra, undefined);
	});

	it("verify for every entry of the log, from the entry or from its leaf hash", () => {
		for (let i = 0; i < entries.length; i++) {
			const v = verifyTlogProof(proofFile(i), { entry: entries[i]! }, policy);
			assert.equal(v.index, i);
			assert.equal(v.checkpoint.size, 109);
			assert.equal(v.cosignatures.length, 1);
		}
		verifyTlogProof(utf8(proofFile(3)), { leafHash: tree.read(0, 3) }, policy);
		verifyTlogProof(parseTlogProof(proofFile(3, utf8("ctx"))), { entry: entries[3]! }, policy);
		assert.deepEqual(
			verifyTlogProof(proofFile(3, utf8("ctx")), { entry: entries[3]! }, policy).extra,
			utf8("ctx"),
		);
	});

	it("are refused when the entry, the proof, the index or the checkpoint is tampered with", () => {
		const p = parseTlogProof(proofFile(40));
		const verify =
			(text: string | typeof p, entry = entries[40]!) =>
			() =>
				verifyTlogProof(text, { entry }, policy);
		assert.throws(verify(p, entries[41]!), code("TLOG_PROOF_INVALID"));
		assert.throws(verify(p, utf8("")), code("TLOG_PROOF_INVALID"));
		const flipped = p.proof.map((h, i) =>
			i === 2 ? Uint8Array.from(h, (b, j) => (j === 0 ? b ^ 1 : b)) : h,
		);
		assert.throws(verify({ ...p, proof: flipped }), code("TLOG_PROOF_INVALID"));
		assert.throws(verify({ ...p, proof: p.proof.slice(1) }), code("TLOG_PROOF_INVALID"));
		assert.throws(verify({ ...p, index: 41 }), code("TLOG_PROOF_INVALID"));
		assert.throws(verify({ ...p, index: 109 }), code("TLOG_PROOF_INVALID"));
		assert.throws(verify({ ...p, index: 2 ** 60 }), code("TLOG_BAD_INPUT"));
		// Another genuine checkpoint of another size: the proof no longer leads to its root.
		assert.throws(verify({ ...p, checkpoint: checkpointAt(108) }), code("TLOG_PROOF_INVALID"));
		// A checkpoint whose tree head was edited.
		const forged = p.checkpoint.replace("\n109\n", "\n110\n");
		assert.throws(verify({ ...p, checkpoint: forged }), code("TLOG_SIGNATURE_INVALID"));
		// No witness cosignature, while the policy asks for one.
		assert.throws(verify({ ...p, checkpoint: checkpointAt(109, false) }), code("TLOG_NOTE_UNVERIFIED"));
		assert.throws(
			() =>
				verifyTlogProof(proofFile(40), { entry: entries[40]! }, { ...policy, origin: "other.example/log" }),
			code("TLOG_ORIGIN_MISMATCH"),
		);
		// The extra data is not authenticated: changing it does not break the proof.
		verifyTlogProof(proofFile(40, utf8("anything")), { entry: entries[40]! }, policy);
	});

	const good = proofFile(73, utf8("x"));
	const [header, extra, index, first] = good.split("\n") as [string, string, string, string];
	const rest = good.slice(header.length + extra.length + index.length + first.length + 4);
	const malformed: [string, string | Uint8Array][] = [
		["wrong version", good.replace("@v1", "@v2")],
		["header with trailing space", good.replace("@v1\n", "@v1 \n")],
		["no index line", `${header}\n${extra}\n${first}\n${rest}`],
		["index with a leading zero", good.replace("index 73", "index 073")],
		["negative index", good.replace("index 73", "index -73")],
		["index with two spaces", good.replace("index 73", "index  73")],
		["index in hex", good.replace("index 73", "index 0x49")],
		["index of 2^53", good.replace("index 73", "index 9007199254740992")],
		["index of 2^64", good.replace("index 73", "index 18446744073709551616")],
		["extra without space", good.replace("extra ", "extra")],
		["extra in non-canonical base64", good.replace(`extra ${toBase64(utf8("x"))}`, "extra eR==")],
		["extra after index", `${header}\n${index}\n${extra}\n${first}\n${rest}`],
		["hash of 31 bytes", good.replace(first, toBase64(new Uint8Array(31)))],
		[
			"hash with a URL-safe base64 character",
			good.replace(first, `${first.slice(0, 10)}-${first.slice(11)}`),
		],
		["hash with trailing space", good.replace(first, `${first} `)],
		["65 hashes", `${header}\n${index}\n${`${first}\n`.repeat(65)}\n${CHECKPOINT}`],
		["no blank line before the checkpoint", `${header}\n${index}\n${first}\n`],
		["no checkpoint", `${header}\n${index}\n${first}\n\n`],
		[
			"checkpoint that is not a signed note",
			`${header}\n${index}\n${first}\n\nexample.com/log\n5\n${first}\n`,
		],
		["CRLF", good.replaceAll("\n", "\r\n")],
		["invalid UTF-8", Uint8Array.from([...utf8(good), 0xff])],
		["empty", ""],
	];
	for (const [what, text] of malformed)
		it(`refuses: ${what}`, () => assert.throws(() => parseTlogProof(text), code("TLOG_PROOF_MALFORMED")));

	it("refuses to write what it would refuse to read", () => {
		const p = parseTlogProof(good);
		assert.throws(() => formatTlogProof({ ...p, index: -1 }), code("TLOG_BAD_INPUT"));
		assert.throws(() => formatTlogProof({ ...p, proof: [new Uint8Array(31)] }), code("TLOG_BAD_INPUT"));
		assert.throws(() => formatTlogProof({ ...p, proof: Array(65).fill(p.proof[0]) }), code("TLOG_BAD_INPUT"));
		assert.throws(
			() => formatTlogProof({ ...p, extra: "x" as unknown as Uint8Array }),
			code("TLOG_BAD_INPUT"),
		);
		assert.throws(() => formatTlogProof({ ...p, checkpoint: "not a note\n" }), code("TLOG_NOTE_MALFORMED"));
	});
});
