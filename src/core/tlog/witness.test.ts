import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCheckpoint, openCheckpoint } from "./checkpoint.ts";
import { cosignatureSigner, cosignatureVerifier } from "./cosignature.ts";
import { TlogError } from "./errors.ts";
import { EMPTY_ROOT, toBase64, utf8 } from "./hash.ts";
import { ed25519Signer, ed25519Verifier, formatSignatureLine, parseNote, signNote } from "./note.ts";
import { MemoryTree } from "./tree.ts";
import {
	type AddCheckpointRequest,
	decideAddCheckpoint,
	formatAddCheckpoint,
	formatSizeAnswer,
	MAX_ADD_CHECKPOINT_BYTES,
	openCosignatures,
	parseAddCheckpoint,
	parseSizeAnswer,
	refusalAnswer,
	TLOG_SIZE_CONTENT_TYPE,
	type WitnessDecision,
	type WitnessPolicy,
	type WitnessState,
} from "./witness.ts";

function code(c: string) {
	return (e: unknown) => e instanceof TlogError && e.code === c;
}

/** The example request body of c2sp.org/tlog-witness "add-checkpoint". */
const SPEC_EXAMPLE = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

const ORIGIN = "opentic.test/log";
const logKey = ed25519Signer(ORIGIN, new Uint8Array(32).fill(1));
const otherKey = ed25519Signer(ORIGIN, new Uint8Array(32).fill(2));
const witness = cosignatureSigner("witness.test/w1", new Uint8Array(32).fill(3), () => 1_700_000_000);
const witnessVerifier = cosignatureVerifier(witness.name, witness.publicKey);
const logVerifier = ed25519Verifier(ORIGIN, logKey.publicKey);
const policy: WitnessPolicy = { logs: new Map([[ORIGIN, [logVerifier]]]), signers: [witness] };

/** A real tree of 20 leaves, so that sizes 0–20 have roots and consistency proofs. */
const tree = new MemoryTree();
for (let i = 0; i < 20; i++) tree.append(utf8(`entry ${i}`));

function signed(size: number, opts: { root?: Uint8Array; origin?: string; key?: typeof logKey } = {}) {
	const text = formatCheckpoint({
		origin: opts.origin ?? ORIGIN,
		size,
		rootHash: opts.root ?? tree.root(size),
		extensions: [],
	});
	return signNote(text, [opts.key ?? logKey]);
}

function request(oldSize: number, size: number, opts: Parameters<typeof signed>[1] = {}) {
	const proof = oldSize === 0 || oldSize === size ? [] : tree.consistencyProof(oldSize, size);
	return formatAddCheckpoint({ oldSize, proof, checkpoint: signed(size, opts) });
}

const state = (size: number): WitnessState => ({ size, rootHash: tree.root(size) });

function refused(d: WitnessDecision) {
	assert.equal(d.ok, false, "the request is refused");
	return (d as Extract<WitnessDecision, { ok: false }>).refusal;
}

function accepted(d: WitnessDecision) {
	assert.ok(d.ok, d.ok ? "" : JSON.stringify(d.refusal));
	return d;
}

describe("add-checkpoint request bodies", () => {
	it("parse the spec's example and write it back byte for byte", () => {
		const req = parseAddCheckpoint(SPEC_EXAMPLE);
		assert.equal(req.oldSize, 20852014);
		assert.equal(req.proof.length, 4);
		assert.equal(toBase64(req.proof[0]!), "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=");
		assert.equal(parseNote(req.checkpoint).signatures.length, 2);
		assert.equal(formatAddCheckpoint(req), SPEC_EXAMPLE);
		assert.deepEqual(parseAddCheckpoint(utf8(SPEC_EXAMPLE)), req);
	});

	it("carry no proof lines from size 0", () => {
		const body = request(0, 5);
		assert.ok(body.startsWith("old 0\n\n"));
		assert.deepEqual(parseAddCheckpoint(body).proof, []);
	});

	it("refuse malformed bodies with a coded error", () => {
		const cp = signed(5);
		const h = toBase64(tree.root(3));
		const cases: [string, string | Uint8Array][] = [
			["empty", ""],
			["no blank line", `old 0\n${cp.replace("\n\n", "\n")}`],
			["no old line", `\n${cp}`],
			["another keyword", `new 0\n\n${cp}`],
			["two spaces", `old  0\n\n${cp}`],
			["leading zero", `old 03\n${h}\n\n${cp}`],
			["negative", `old -1\n\n${cp}`],
			["beyond 2^53", `old 9007199254740993\n\n${cp}`],
			["trailing space", `old 3 \n${h}\n\n${cp}`],
			["CRLF", `old 3\r\n${h}\r\n\r\n${cp}`],
			["non-canonical base64", `old 3\n${h.slice(0, -2)}B=\n\n${cp}`],
			["a 31-byte hash", `old 3\n${toBase64(new Uint8Array(31))}\n\n${cp}`],
			["a hash with spaces", `old 3\n ${h}\n\n${cp}`],
			["64 proof lines", `old 3\n${`${h}\n`.repeat(64)}\n${cp}`],
			["no checkpoint", "old 0\n\n"],
			[
				"an unsigned checkpoint",
				`old 0\n\n${formatCheckpoint({ origin: ORIGIN, size: 5, rootHash: tree.root(5), extensions: [] })}`,
			],
			["a note that is no checkpoint", `old 0\n\n${signNote("hello\n", [logKey])}`],
			["invalid UTF-8", Uint8Array.of(0x6f, 0x6c, 0x64, 0x20, 0x30, 0x0a, 0x0a, 0xff)],
			["too large", new Uint8Array(MAX_ADD_CHECKPOINT_BYTES + 1)],
		];
		for (const [what, body] of cases)
			assert.throws(
				() => parseAddCheckpoint(body),
				(e) => e instanceof TlogError,
				what,
			);
		assert.throws(() => parseAddCheckpoint(`old 01\n\n${cp}`), code("TLOG_BAD_INPUT"));
		assert.throws(() => parseAddCheckpoint(42 as unknown as string), code("TLOG_BAD_INPUT"));
		assert.throws(
			() => parseAddCheckpoint(`old 0\n\n${cp.replace(ORIGIN, "")}`),
			code("TLOG_CHECKPOINT_MALFORMED"),
		);
	});

	it("are written only from valid parts", () => {
		const checkpoint = signed(5);
		const bad: [string, AddCheckpointRequest][] = [
			["negative size", { oldSize: -1, proof: [], checkpoint }],
			["fractional size", { oldSize: 1.5, proof: [], checkpoint }],
			["short hash", { oldSize: 3, proof: [new Uint8Array(31)], checkpoint }],
			["64 hashes", { oldSize: 3, proof: Array.from({ length: 64 }, () => tree.root(1)), checkpoint }],
			["not a note", { oldSize: 0, proof: [], checkpoint: "x\n" }],
		];
		for (const [what, req] of bad) assert.throws(() => formatAddCheckpoint(req), TlogError, what);
	});
});

describe("a witness's decision", () => {
	it("cosigns a log's first checkpoint from size 0 and records its size and root", () => {
		const d = accepted(decideAddCheckpoint(request(0, 5), policy, () => null));
		assert.equal(d.origin, ORIGIN);
		assert.equal(d.previous, null);
		assert.equal(d.next.size, 5);
		assert.deepEqual(d.next.rootHash, tree.root(5));
		// The answer, appended to the checkpoint, opens under the witness's key.
		const note = signed(5) + d.cosignatures;
		const opened = openCheckpoint(note, {
			origin: ORIGIN,
			logKeys: [logVerifier],
			witnesses: [witnessVerifier],
			quorum: 1,
		});
		assert.equal(opened.cosignatures.length, 1);
	});

	it("cosigns a consistent extension of what it cosigned", () => {
		const d = accepted(decideAddCheckpoint(request(5, 13), policy, () => state(5)));
		assert.deepEqual(d.previous, state(5));
		assert.equal(d.next.size, 13);
	});

	it("cosigns the checkpoint it already has again, with an empty proof", () => {
		const d = accepted(decideAddCheckpoint(request(13, 13), policy, () => state(13)));
		assert.equal(d.next.size, 13);
	});

	it("cosigns with every one of its keys, one line each", () => {
		const second = cosignatureSigner("witness.test/w1b", new Uint8Array(32).fill(4));
		const d = accepted(
			decideAddCheckpoint(request(0, 2), { ...policy, signers: [witness, second] }, () => null),
		);
		assert.equal(d.cosignatures.split("\n").length, 3);
	});

	it("accepts any of several keys of a log, and ignores signatures by keys it does not know", () => {
		const rotated: WitnessPolicy = {
			...policy,
			logs: new Map([[ORIGIN, [ed25519Verifier(ORIGIN, otherKey.publicKey), logVerifier]]]),
		};
		accepted(decideAddCheckpoint(request(0, 3), rotated, () => null));
		const stranger = ed25519Signer("someone.else", new Uint8Array(32).fill(9));
		const note = signNote(parseNote(signed(3)).text, [stranger], parseNote(signed(3)).signatures);
		accepted(
			decideAddCheckpoint(
				formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: note }),
				policy,
				() => null,
			),
		);
	});

	it("lets a failing verifier's own error through: a bug is not a refusal", () => {
		const broken = {
			...logVerifier,
			verify: () => {
				throw new Error("bug");
			},
		};
		const buggy: WitnessPolicy = { ...policy, logs: new Map([[ORIGIN, [broken]]]) };
		assert.throws(() => decideAddCheckpoint(request(0, 3), buggy, () => null), /bug/);
	});

	it("refuses malformed requests with 400", () => {
		for (const body of ["", "old 0\n", `old x\n\n${signed(3)}`, Uint8Array.of(0xff)]) {
			const r = refused(decideAddCheckpoint(body, policy, () => null));
			assert.equal(r.code, "WITNESS_BAD_REQUEST");
			assert.equal(r.status, 400);
		}
	});

	it("refuses an origin it does not witness with 404", () => {
		const r = refused(decideAddCheckpoint(request(0, 3, { origin: "other.test/log" }), policy, () => null));
		assert.equal(r.code, "WITNESS_UNKNOWN_LOG");
		assert.equal(r.status, 404);
	});

	it("refuses a checkpoint that no trusted key signed with 403", () => {
		const r = refused(decideAddCheckpoint(request(0, 3, { key: otherKey }), policy, () => null));
		assert.equal(r.code, "WITNESS_UNTRUSTED");
		assert.equal(r.status, 403);
	});

	it("refuses a note whose signature by a trusted key does not verify with 403", () => {
		const note = signed(3);
		const sig = parseNote(note).signatures[0]!;
		const broken = sig.signature.slice();
		broken[0]! ^= 1;
		const forged = `${parseNote(note).text}\n${formatSignatureLine({ ...sig, signature: broken })}`;
		const body = formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: forged });
		assert.equal(refused(decideAddCheckpoint(body, policy, () => null)).code, "WITNESS_UNTRUSTED");
	});

	it("refuses an old size above the checkpoint's with 400", () => {
		const body = formatAddCheckpoint({ oldSize: 6, proof: [], checkpoint: signed(5) });
		const r = refused(decideAddCheckpoint(body, policy, () => state(6)));
		assert.equal(r.code, "WITNESS_BAD_REQUEST");
	});

	it("refuses a stale or unknown old size with 409 and its own size", () => {
		for (const [old, have] of [
			[5, 8],
			[0, 8],
			[8, 5],
			[3, 0],
		] as const) {
			const r = refused(decideAddCheckpoint(request(old, 13), policy, () => (have ? state(have) : null)));
			assert.equal(r.code, "WITNESS_STALE");
			assert.equal(r.status, 409);
			assert.equal(r.size, have);
			assert.deepEqual(refusalAnswer(r), {
				status: 409,
				contentType: "text/x.tlog.size",
				body: `${have}\n`,
			});
		}
	});

	it("refuses a fork — the size it cosigned with another root — with 409 and no size", () => {
		const other = new MemoryTree();
		for (let i = 0; i < 13; i++) other.append(utf8(`forged ${i}`));
		const r = refused(decideAddCheckpoint(request(13, 13, { root: other.root() }), policy, () => state(13)));
		assert.equal(r.code, "WITNESS_FORK");
		assert.equal(r.status, 409);
		const answer = refusalAnswer(r);
		assert.equal(answer.status, 409);
		assert.notEqual(answer.contentType, TLOG_SIZE_CONTENT_TYPE);
	});

	it("refuses a consistency proof that does not verify with 422", () => {
		const other = new MemoryTree();
		for (let i = 0; i < 13; i++) other.append(utf8(i < 5 ? `entry ${i}` : `forged ${i}`));
		// A real proof for another tree: the same first 5 leaves, a different 13.
		const forged = formatAddCheckpoint({
			oldSize: 5,
			proof: tree.consistencyProof(5, 13),
			checkpoint: signed(13, { root: other.root() }),
		});
		for (const body of [
			forged,
			formatAddCheckpoint({ oldSize: 5, proof: [], checkpoint: signed(13) }),
			formatAddCheckpoint({
				oldSize: 5,
				proof: tree.consistencyProof(5, 13).slice(1),
				checkpoint: signed(13),
			}),
			formatAddCheckpoint({ oldSize: 13, proof: [tree.root(1)], checkpoint: signed(13) }),
		]) {
			const r = refused(decideAddCheckpoint(body, policy, () => state(body.startsWith("old 13") ? 13 : 5)));
			assert.equal(r.code, "WITNESS_INCONSISTENT");
			assert.equal(r.status, 422);
			assert.equal(r.origin, ORIGIN);
		}
		// From size 0 the proof must be empty; a size-0 checkpoint must carry the empty tree's root.
		const fromZero = formatAddCheckpoint({ oldSize: 0, proof: [tree.root(1)], checkpoint: signed(5) });
		assert.equal(refused(decideAddCheckpoint(fromZero, policy, () => null)).status, 422);
		assert.equal(
			refused(decideAddCheckpoint(request(0, 0, { root: tree.root(1) }), policy, () => null)).status,
			422,
		);
		accepted(decideAddCheckpoint(request(0, 0, { root: EMPTY_ROOT }), policy, () => null));
	});
});

describe("a witness's answers, as a log reads them", () => {
	it("read the size of a 409 strictly", () => {
		assert.equal(parseSizeAnswer("text/x.tlog.size", formatSizeAnswer(20852014)), 20852014);
		assert.equal(parseSizeAnswer("text/x.tlog.size", "0\n"), 0);
		for (const [type, body] of [
			["text/plain", "10\n"],
			["text/x.tlog.size; charset=utf-8", "10\n"],
			[null, "10\n"],
			["text/x.tlog.size", "10"],
			["text/x.tlog.size", "010\n"],
			["text/x.tlog.size", "\n"],
			["text/x.tlog.size", "10\n\n"],
			["text/x.tlog.size", "-1\n"],
		] as const)
			assert.throws(
				() => parseSizeAnswer(type, body),
				code("TLOG_BAD_INPUT"),
				`${type} ${JSON.stringify(body)}`,
			);
	});

	it("open the cosignature lines of a 200 with the witness's key, ignoring other keys", () => {
		const cp = signed(5);
		const d = accepted(decideAddCheckpoint(request(0, 5), policy, () => null));
		const sigs = openCosignatures(cp, d.cosignatures, [witnessVerifier]);
		assert.equal(sigs.length, 1);
		assert.equal(sigs[0]!.name, witness.name);
		const stranger = cosignatureSigner("witness.test/other", new Uint8Array(32).fill(8));
		const extra = formatSignatureLine({
			name: stranger.name,
			keyId: stranger.keyId,
			signature: stranger.sign(utf8(parseNote(cp).text)),
		});
		assert.equal(openCosignatures(cp, extra + d.cosignatures, [witnessVerifier]).length, 1);
	});

	it("refuse an answer without a valid cosignature by the witness", () => {
		const cp = signed(5);
		const d = accepted(decideAddCheckpoint(request(0, 5), policy, () => null));
		// A cosignature for another checkpoint does not verify for this one.
		const other = accepted(decideAddCheckpoint(request(0, 6), policy, () => null));
		assert.throws(
			() => openCosignatures(cp, other.cosignatures, [witnessVerifier]),
			code("TLOG_SIGNATURE_INVALID"),
		);
		const stranger = cosignatureVerifier("witness.test/other", new Uint8Array(32).fill(8));
		assert.throws(() => openCosignatures(cp, d.cosignatures, [stranger]), code("TLOG_NOTE_UNVERIFIED"));
		assert.throws(
			() => openCosignatures(cp, d.cosignatures.repeat(101), [witnessVerifier]),
			code("TLOG_NOTE_MALFORMED"),
		);
		assert.throws(() => formatSizeAnswer(-1), code("TLOG_BAD_INPUT"));
		for (const answer of [
			"",
			"\n",
			d.cosignatures.slice(0, -1),
			`${d.cosignatures}\n`,
			`x\n${d.cosignatures}`,
		])
			assert.throws(() => openCosignatures(cp, answer, [witnessVerifier]), TlogError, JSON.stringify(answer));
	});
});
