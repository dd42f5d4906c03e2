// Public test vectors, copied unchanged into test/fixtures/tlog/ (see the README there for sources).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { TlogError } from "./errors.ts";
import { defaultHasher, fromBase64, fromHex, toBase64, toHex, utf8 } from "./hash.ts";
import { verifyConsistency, verifyInclusion } from "./proof.ts";
import { Frontier, MemoryTree } from "./tree.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/tlog");
const MERKLE = path.join(FIXTURES, "transparency-dev-merkle");

interface InclusionVector {
	leafIdx: number;
	treeSize: number;
	root: string;
	leafHash: string;
	proof: string[] | null;
	desc: string;
	wantErr: boolean;
}

interface ConsistencyVector {
	size1: number;
	size2: number;
	root1: string;
	root2: string;
	proof: string[] | null;
	desc: string;
	wantErr: boolean;
}

function jsonFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { recursive: true, encoding: "utf8" })
		.filter((f) => f.endsWith(".json"))
		.sort()
		.map((f) => path.join(dir, f));
}

function load<T>(file: string): T {
	return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

// Go writes a nil proof as JSON null; it means "no hashes".
const hashes = (proof: string[] | null) => (proof ?? []).map((h) => fromBase64(h));

/** The eight leaves of the RFC 6962 reference tests that the numbered vector directories are built from. */
const RFC6962_LEAVES = [
	"",
	"00",
	"10",
	"2021",
	"3031",
	"40414243",
	"5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
].map((h) => fromHex(h));

function rfc6962Tree(): MemoryTree {
	const tree = new MemoryTree();
	for (const leaf of RFC6962_LEAVES) tree.append(leaf);
	return tree;
}

/**
 * The one vector marked valid that we refuse: its roots are the 12-byte placeholder "don't care 2".
 * transparency-dev/merkle's Go verifier compares equal-size roots without looking at their length; we
 * refuse any root that is not a 32-byte SHA-256 hash (TLOG_BAD_INPUT) before comparing, because a root
 * of another length can only come from a bug or an attacker.
 */
const PLACEHOLDER_VECTOR = "additional/sizes-are-equal-one-and-proof-is-empty.json";

describe("transparency-dev/merkle inclusion vectors (RFC 9162 §2.1.3.2)", () => {
	const files = jsonFiles(path.join(MERKLE, "inclusion"));

	it("has all 98 cases", () => assert.equal(files.length, 98));

	for (const file of files) {
		const v = load<InclusionVector>(file);
		const name = path.relative(MERKLE, file);
		it(`${name}: ${v.desc} → ${v.wantErr ? "rejected" : "accepted"}`, () => {
			const run = () =>
				verifyInclusion(v.leafIdx, v.treeSize, fromBase64(v.leafHash), hashes(v.proof), fromBase64(v.root));
			if (!v.wantErr) return run();
			assert.throws(run, (e) => {
				assert.ok(e instanceof TlogError, String(e));
				assert.match(e.code, /^TLOG_(BAD_INPUT|PROOF_INVALID)$/);
				return true;
			});
		});
	}

	it("2^64 − 1 as an index (leafIdx-sub-@1) arrives as an unsafe number and is refused as bad input", () => {
		const v = load<InclusionVector>(path.join(MERKLE, "inclusion/1/leafIdx-sub-@1.json"));
		assert.equal(Number.isSafeInteger(v.leafIdx), false);
		assert.throws(
			() =>
				verifyInclusion(v.leafIdx, v.treeSize, fromBase64(v.leafHash), hashes(v.proof), fromBase64(v.root)),
			{ code: "TLOG_BAD_INPUT" },
		);
	});

	it("our generator writes the happy-path proofs byte for byte", () => {
		const tree = rfc6962Tree();
		let checked = 0;
		for (const file of files.filter((f) => f.endsWith("happy-path.json"))) {
			const v = load<InclusionVector>(file);
			assert.equal(toBase64(tree.root(v.treeSize)), v.root, file);
			assert.equal(toBase64(tree.read(0, v.leafIdx)), v.leafHash, file);
			assert.deepEqual(tree.inclusionProof(v.leafIdx, v.treeSize).map(toBase64), v.proof ?? [], file);
			checked++;
		}
		assert.equal(checked, 5);
	});
});

describe("transparency-dev/merkle consistency vectors (RFC 9162 §2.1.4.2)", () => {
	const files = jsonFiles(path.join(MERKLE, "consistency"));

	it("has all 98 cases", () => assert.equal(files.length, 98));

	for (const file of files) {
		const v = load<ConsistencyVector>(file);
		const name = path.relative(path.join(MERKLE, "consistency"), file);
		const run = () =>
			verifyConsistency(v.size1, v.size2, hashes(v.proof), fromBase64(v.root1), fromBase64(v.root2));
		if (name === PLACEHOLDER_VECTOR) {
			it(`${name}: marked valid, but its roots are 12-byte placeholders → refused as bad input`, () => {
				assert.equal(v.wantErr, false);
				assert.equal(fromBase64(v.root1).length, 12);
				assert.throws(run, { code: "TLOG_BAD_INPUT" });
				// The same case with real 32-byte roots is accepted.
				const root = defaultHasher.leafHash(utf8("x"));
				verifyConsistency(1, 1, [], root, root);
			});
			continue;
		}
		it(`${name}: ${v.desc} → ${v.wantErr ? "rejected" : "accepted"}`, () => {
			if (!v.wantErr) return run();
			assert.throws(run, (e) => {
				assert.ok(e instanceof TlogError, String(e));
				assert.match(e.code, /^TLOG_(BAD_INPUT|INCONSISTENT)$/);
				return true;
			});
		});
	}

	it("our generator writes the happy-path proofs byte for byte", () => {
		const tree = rfc6962Tree();
		let checked = 0;
		for (const file of files.filter((f) => f.endsWith("happy-path.json"))) {
			const v = load<ConsistencyVector>(file);
			assert.equal(toBase64(tree.root(v.size1)), v.root1, file);
			assert.equal(toBase64(tree.root(v.size2)), v.root2, file);
			assert.deepEqual(tree.consistencyProof(v.size1, v.size2).map(toBase64), v.proof ?? [], file);
			checked++;
		}
		assert.equal(checked, 5);
	});

	it("the size-8 root of the RFC 6962 leaves is the published one", () => {
		assert.equal(
			toHex(rfc6962Tree().root()),
			"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
		);
	});
});

describe("CCTV tree-head vectors (leaves a, b, c, …)", () => {
	const vectors = load<{ leaf_data: string; leaf_hash: string; root_hash: string }[]>(
		path.join(FIXTURES, "cctv-merkle/merkle_tree.json"),
	);

	it("every leaf hash and every root after each append match", () => {
		assert.ok(vectors.length >= 16);
		const frontier = new Frontier();
		const tree = new MemoryTree();
		for (const v of vectors) {
			const h = frontier.append(utf8(v.leaf_data));
			tree.append(utf8(v.leaf_data));
			assert.equal(toBase64(h), v.leaf_hash, v.leaf_data);
			assert.equal(toBase64(frontier.root()), v.root_hash, v.leaf_data);
		}
		// And every earlier root again from the stored nodes, with consistency proofs between all of them.
		vectors.forEach((v, i) => {
			assert.equal(toBase64(tree.root(i + 1)), v.root_hash);
			for (let j = i + 1; j <= vectors.length; j++) {
				verifyConsistency(i + 1, j, tree.consistencyProof(i + 1, j), tree.root(i + 1), tree.root(j));
			}
		});
	});
});
