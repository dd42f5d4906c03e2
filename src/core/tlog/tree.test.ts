import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TlogError } from "./errors.ts";
import { defaultHasher, EMPTY_ROOT, equalBytes, toHex, utf8 } from "./hash.ts";
import { verifyConsistency, verifyInclusion } from "./proof.ts";
import {
	consistencyProof,
	consistencyProofNodes,
	Frontier,
	inclusionProof,
	inclusionProofNodes,
	MemoryTree,
	type NodeId,
	readerFromNodes,
	rootHash,
	rootNodes,
} from "./tree.ts";

const entry = (i: number) => utf8(`entry ${i}`);

function memoryTree(size: number): MemoryTree {
	const t = new MemoryTree();
	for (let i = 0; i < size; i++) t.append(entry(i));
	return t;
}

/** RFC 9162 §2.1.1 MTH written as the recursive definition, as an independent reference. */
function mth(leaves: Uint8Array[]): Uint8Array {
	if (leaves.length === 0) return EMPTY_ROOT;
	if (leaves.length === 1) return defaultHasher.leafHash(leaves[0]!);
	let k = 1;
	while (k * 2 < leaves.length) k *= 2;
	return defaultHasher.nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

// Independent BigInt transcriptions of PATH (§2.1.3.1) and SUBPROOF (§2.1.4.1) that return, for each
// proof element, the leaf range [lo, hi) whose MTH it is. Used to check the number-based planner on sizes
// far beyond 2^32.
type Range = [bigint, bigint];
function split(n: bigint): bigint {
	let k = 1n;
	while (k * 2n < n) k *= 2n;
	return k;
}
function pathRanges(m: bigint, lo: bigint, hi: bigint): Range[] {
	if (hi - lo <= 1n) return [];
	const k = split(hi - lo);
	return m - lo < k
		? [...pathRanges(m, lo, lo + k), [lo + k, hi]]
		: [...pathRanges(m, lo + k, hi), [lo, lo + k]];
}
function subproofRanges(m: bigint, lo: bigint, hi: bigint, b: boolean): Range[] {
	if (m === hi) return b ? [] : [[lo, hi]];
	const k = split(hi - lo);
	return m - lo <= k
		? [...subproofRanges(m, lo, lo + k, b), [lo + k, hi]]
		: [...subproofRanges(m, lo + k, hi, false), [lo, lo + k]];
}
/** The leaf range a run of complete subtrees covers, checking that they are adjacent and aligned. */
function coverage(nodes: NodeId[]): Range {
	let lo: bigint | undefined;
	let at = 0n;
	for (const n of nodes) {
		const width = 2n ** BigInt(n.level);
		const start = BigInt(n.index) * width;
		if (lo === undefined) lo = start;
		else assert.equal(start, at, "nodes are adjacent");
		at = start + width;
	}
	return [lo!, at];
}
/** The planner's nodes regrouped per proof element (each element is a run of decreasing subtrees). */
function groups(nodes: NodeId[], ranges: Range[]): Range[] {
	const out: Range[] = [];
	let i = 0;
	for (const [lo, hi] of ranges) {
		const run: NodeId[] = [];
		let covered = lo;
		while (covered < hi) {
			const n = nodes[i++]!;
			run.push(n);
			covered = BigInt(n.index + 1) * 2n ** BigInt(n.level);
		}
		out.push(coverage(run));
		assert.deepEqual(out.at(-1), [lo, hi]);
	}
	assert.equal(i, nodes.length, "no nodes left over");
	return out;
}

/** A tree of identical leaves of any size: every complete subtree at one level has the same hash. */
function uniformReader(): (level: number, index: number) => Uint8Array {
	const byLevel = [defaultHasher.leafHash(utf8("same"))];
	return (level) => {
		while (byLevel.length <= level) byLevel.push(defaultHasher.nodeHash(byLevel.at(-1)!, byLevel.at(-1)!));
		return byLevel[level]!;
	};
}

describe("Merkle tree hash (RFC 9162 §2.1.1)", () => {
	it("the empty tree's root is SHA-256 of nothing", () => {
		assert.equal(toHex(EMPTY_ROOT), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		assert.ok(equalBytes(new MemoryTree().root(), EMPTY_ROOT));
		assert.ok(equalBytes(new Frontier().root(), EMPTY_ROOT));
		assert.ok(
			equalBytes(
				rootHash(0, () => assert.fail("nothing to read")),
				EMPTY_ROOT,
			),
		);
	});

	it("MemoryTree and Frontier agree with the recursive definition for sizes 0..70", () => {
		const leaves = Array.from({ length: 70 }, (_, i) => entry(i));
		const tree = memoryTree(70);
		const f = new Frontier();
		for (let n = 0; n <= 70; n++) {
			const want = mth(leaves.slice(0, n));
			assert.ok(equalBytes(tree.root(n), want), `tree ${n}`);
			assert.ok(equalBytes(f.root(), want), `frontier ${n}`);
			if (n < 70) f.append(leaves[n]!);
		}
	});
});

describe("Frontier (compact range of the right edge)", () => {
	it("reports exactly the complete subtrees each append creates, smallest first", () => {
		const tree = memoryTree(300);
		const f = new Frontier();
		const seen = new Map<string, Uint8Array>();
		for (let i = 0; i < 300; i++) {
			const created: NodeId[] = [];
			f.append(entry(i), (level, index, hash) => {
				created.push({ level, index });
				seen.set(`${level}/${index}`, hash);
			});
			// Leaf i completes one subtree per trailing 1 bit of i.
			let ones = 0;
			for (let x = i; x % 2 === 1; x = (x - 1) / 2) ones++;
			assert.equal(created.length, 1 + ones);
			created.forEach((n, level) => {
				assert.equal(n.level, level);
				assert.equal(n.index, Math.floor(i / 2 ** level));
			});
		}
		// Every complete subtree of the 300-leaf tree was reported once, with the right hash.
		let count = 0;
		for (let level = 0; 2 ** level <= 300; level++)
			for (let index = 0; (index + 1) * 2 ** level <= 300; index++) {
				assert.ok(equalBytes(seen.get(`${level}/${index}`)!, tree.read(level, index)));
				count++;
			}
		assert.equal(seen.size, count);
	});

	it("keeps one hash per set bit of the size and resumes from stored nodes", () => {
		const tree = memoryTree(300);
		for (const size of [0, 1, 2, 3, 7, 8, 100, 255, 256, 257, 299]) {
			const f = Frontier.fromReader(size, tree.read);
			assert.equal(f.size, size);
			assert.equal(f.hashes.length, rootNodes(size).length);
			assert.ok(equalBytes(f.root(), tree.root(size)));
			for (let i = size; i < 300; i++) f.appendLeafHash(tree.read(0, i));
			assert.ok(equalBytes(f.root(), tree.root()), `resumed at ${size}`);
			// A copy of the hashes resumes the same way.
			assert.ok(equalBytes(new Frontier(f.size, f.hashes).root(), tree.root()));
		}
	});

	it("refuses a hash list that does not fit the size, and non-hash leaves", () => {
		const h = defaultHasher.leafHash(entry(0));
		for (const [size, hashes] of [
			[3, [h]],
			[1, []],
			[1, [h, h]],
			[1, [new Uint8Array(31)]],
			[-1, []],
			[2 ** 53, [h]],
		] as [number, Uint8Array[]][]) {
			assert.throws(() => new Frontier(size, hashes), { code: "TLOG_BAD_INPUT" });
		}
		assert.throws(() => new Frontier(1, "x" as unknown as Uint8Array[]), { code: "TLOG_BAD_INPUT" });
		assert.throws(() => new Frontier().appendLeafHash(new Uint8Array(33)), { code: "TLOG_BAD_INPUT" });
		const full = new Frontier(
			Number.MAX_SAFE_INTEGER,
			Array.from({ length: 53 }, () => h),
		);
		assert.throws(() => full.appendLeafHash(h), { code: "TLOG_BAD_INPUT" });
	});
});

describe("proof planning: the nodes a server fetches before assembling a proof", () => {
	it("matches a BigInt transcription of the RFC on random sizes up to 2^53 − 1", () => {
		let seed = 12345;
		const next = () => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		const sizes = [
			1,
			2,
			3,
			2 ** 32 - 1,
			2 ** 32,
			2 ** 32 + 1,
			2 ** 40 + 12345,
			2 ** 52,
			Number.MAX_SAFE_INTEGER,
		];
		for (let i = 0; i < 40; i++) sizes.push(1 + Math.floor(next() * Number.MAX_SAFE_INTEGER));
		for (const size of sizes) {
			const n = BigInt(size);
			for (const index of [0, size - 1, Math.floor(next() * size), Math.floor(size / 2)]) {
				const ranges = pathRanges(BigInt(index), 0n, n);
				assert.deepEqual(groups(inclusionProofNodes(index, size), ranges), ranges, `${index}/${size}`);
			}
			for (const m of [1, size, Math.max(1, Math.floor(next() * size)), Math.max(1, size - 1)]) {
				const ranges = subproofRanges(BigInt(m), 0n, n, true);
				assert.deepEqual(groups(consistencyProofNodes(m, size), ranges), ranges, `${m}→${size}`);
			}
			assert.deepEqual(coverage(rootNodes(size)), [0n, n]);
		}
	});

	it("proofs on a uniform tree of 2^53 − 1 leaves verify (no 32-bit truncation anywhere)", () => {
		const read = uniformReader();
		const size = Number.MAX_SAFE_INTEGER;
		const root = rootHash(size, read);
		for (const index of [0, 1, 2 ** 31, 2 ** 32 + 5, 2 ** 52 + 3, size - 2, size - 1]) {
			verifyInclusion(index, size, read(0, 0), inclusionProof(index, size, read), root);
		}
		for (const m of [1, 2 ** 31 + 1, 2 ** 32, 2 ** 52, size - 1]) {
			verifyConsistency(m, size, consistencyProof(m, size, read), rootHash(m, read), root);
		}
	});

	it("a reader over fetched nodes gives the same proofs as the whole tree", () => {
		const tree = memoryTree(100);
		for (const [i, n] of [
			[0, 1],
			[5, 6],
			[37, 100],
			[99, 100],
		] as const) {
			const nodes = inclusionProofNodes(i, n);
			const read = readerFromNodes(
				nodes,
				nodes.map((x) => tree.read(x.level, x.index)),
			);
			assert.deepEqual(inclusionProof(i, n, read), tree.inclusionProof(i, n));
		}
		for (const [m, n] of [
			[1, 1],
			[3, 7],
			[64, 100],
			[99, 100],
		] as const) {
			const nodes = consistencyProofNodes(m, n);
			const read = readerFromNodes(
				nodes,
				nodes.map((x) => tree.read(x.level, x.index)),
			);
			assert.deepEqual(consistencyProof(m, n, read), tree.consistencyProof(m, n));
		}
		const read = readerFromNodes([], []);
		assert.throws(() => inclusionProof(3, 7, read), { code: "TLOG_BAD_INPUT" });
		assert.throws(() => readerFromNodes([{ level: 0, index: 0 }], []), { code: "TLOG_BAD_INPUT" });
	});

	it("refuses impossible requests and readers that return garbage", () => {
		const tree = memoryTree(10);
		for (const run of [
			() => inclusionProofNodes(10, 10),
			() => inclusionProofNodes(0, 0),
			() => inclusionProofNodes(-1, 10),
			() => consistencyProofNodes(0, 10),
			() => consistencyProofNodes(11, 10),
			() => consistencyProofNodes(1, 2 ** 53),
			() => rootNodes(1.5),
			() => tree.root(11),
			() => tree.inclusionProof(0, 11),
			() => tree.consistencyProof(1, 11),
			() => tree.read(0, 10),
			() => tree.read(4, 0),
			() => rootHash(3, () => new Uint8Array(31)),
			() => inclusionProof(0, 2, () => "not a hash" as unknown as Uint8Array),
		])
			assert.throws(run, (e) => e instanceof TlogError && e.code === "TLOG_BAD_INPUT");
		assert.deepEqual(tree.consistencyProof(10), []);
	});
});
