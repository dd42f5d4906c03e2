// Property tests of proof generation (tree.ts) against verification (proof.ts) on random trees, with a
// seeded PRNG so that every failure reproduces.
import assert from "node:assert/strict";
import { hash } from "node:crypto";
import { describe, it } from "node:test";
import { TlogError } from "./errors.ts";
import { createHasher, defaultHasher, equalBytes, type Hasher } from "./hash.ts";
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from "./proof.ts";
import { MemoryTree } from "./tree.ts";

/** mulberry32: a small seeded PRNG, enough to pick test cases reproducibly. */
function prng(seed: number): (n: number) => number {
	let s = seed >>> 0;
	return (n) => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
	};
}

/** node:crypto one-shot SHA-256, as the server injects it; the heavy loops run on it to stay fast. */
const nodeHasher: Hasher = createHasher((d) => {
	const b = hash("sha256", d, "buffer");
	return new Uint8Array(b.buffer, b.byteOffset, b.length);
});

const MAX = 300;

function randomTree(rand: (n: number) => number, size: number, hasher: Hasher): MemoryTree {
	const tree = new MemoryTree(hasher);
	for (let i = 0; i < size; i++) tree.append(Uint8Array.from({ length: rand(40) }, () => rand(256)));
	return tree;
}

function flipBit(hashes: readonly Uint8Array[], element: number, bit: number): Uint8Array[] {
	return hashes.map((h, i) => {
		if (i !== element) return h;
		const copy = h.slice();
		copy[bit >> 3]! ^= 1 << (bit & 7);
		return copy;
	});
}

function flipped(h: Uint8Array, bit: number): Uint8Array {
	return flipBit([h], 0, bit)[0]!;
}

function rejects(run: () => void, codes: RegExp, what: string): void {
	assert.throws(run, (e) => e instanceof TlogError && codes.test(e.code), what);
}

const rand = prng(20240601);
const tree = randomTree(rand, MAX, nodeHasher);
const roots = [tree.root(0)];
for (let n = 1; n <= MAX; n++) roots.push(tree.root(n));
const leaf = (i: number) => tree.read(0, i);
// Every proof of the tree, generated once: inclusionProofs[n][i] and consistencyProofs[n][m].
const inclusionProofs: Uint8Array[][][] = [[]];
const consistencyProofs: Uint8Array[][][] = [[]];
for (let n = 1; n <= MAX; n++) {
	inclusionProofs.push(Array.from({ length: n }, (_, i) => tree.inclusionProof(i, n)));
	consistencyProofs.push(
		Array.from({ length: n + 1 }, (_, m) => (m === 0 ? [] : tree.consistencyProof(m, n))),
	);
}
const incl = (i: number, n: number) => inclusionProofs[n]![i]!;
const cons = (m: number, n: number) => consistencyProofs[n]![m]!;

describe("inclusion proofs on random trees of 1..300 leaves", () => {
	it("every proof of every leaf in every tree size verifies", () => {
		let count = 0;
		for (let n = 1; n <= MAX; n++)
			for (let i = 0; i < n; i++) {
				verifyInclusion(i, n, leaf(i), incl(i, n), roots[n]!, nodeHasher);
				count++;
			}
		assert.equal(count, (MAX * (MAX + 1)) / 2);
	});

	it("every single-bit change of proof, leaf hash or root fails (trees up to 8 leaves, all bits)", () => {
		for (let n = 1; n <= 8; n++)
			for (let i = 0; i < n; i++) {
				const proof = incl(i, n);
				for (let bit = 0; bit < 256; bit++) {
					for (let e = 0; e < proof.length; e++)
						rejects(
							() => verifyInclusion(i, n, leaf(i), flipBit(proof, e, bit), roots[n]!, nodeHasher),
							/PROOF_INVALID/,
							`${i}/${n} element ${e} bit ${bit}`,
						);
					rejects(
						() => verifyInclusion(i, n, flipped(leaf(i), bit), proof, roots[n]!, nodeHasher),
						/PROOF_INVALID/,
						`leaf bit ${bit}`,
					);
					rejects(
						() => verifyInclusion(i, n, leaf(i), proof, flipped(roots[n]!, bit), nodeHasher),
						/PROOF_INVALID/,
						`root bit ${bit}`,
					);
				}
			}
	});

	it("a random single-bit change in each element fails (a random sixteenth of all proofs)", () => {
		const r = prng(7);
		for (let n = 1; n <= MAX; n++)
			for (let i = r(8); i < n; i += 1 + r(31)) {
				const proof = incl(i, n);
				for (let e = 0; e < proof.length; e++)
					rejects(
						() => verifyInclusion(i, n, leaf(i), flipBit(proof, e, r(256)), roots[n]!, nodeHasher),
						/PROOF_INVALID/,
						`${i}/${n} element ${e}`,
					);
			}
	});

	it("truncated, extended, reordered proofs fail", () => {
		const r = prng(8);
		const extra = tree.read(0, 0);
		for (let n = 1; n <= MAX; n++)
			for (let i = r(8); i < n; i += 1 + r(31)) {
				const proof = incl(i, n);
				const bad: [string, Uint8Array[]][] = [
					["appended", [...proof, extra]],
					["prepended", [extra, ...proof]],
					["root appended", [...proof, roots[n]!]],
				];
				if (proof.length > 0) {
					bad.push(["last dropped", proof.slice(0, -1)], ["first dropped", proof.slice(1)]);
					bad.push(["first duplicated", [proof[0]!, ...proof]]);
				}
				if (proof.length > 1 && !equalBytes(proof[0]!, proof[1]!))
					bad.push(["swapped", [proof[1]!, proof[0]!, ...proof.slice(2)]]);
				for (const [what, p] of bad)
					rejects(() => verifyInclusion(i, n, leaf(i), p, roots[n]!, nodeHasher), /PROOF_INVALID/, what);
			}
	});

	it("a proof does not pass for another index, with the same or that index's leaf (trees up to 32)", () => {
		for (let n = 1; n <= 32; n++)
			for (let i = 0; i < n; i++) {
				const proof = incl(i, n);
				for (let j = 0; j < n; j++) {
					if (j === i) continue;
					rejects(
						() => verifyInclusion(j, n, leaf(i), proof, roots[n]!, nodeHasher),
						/PROOF_INVALID/,
						`${j}`,
					);
					rejects(
						() => verifyInclusion(j, n, leaf(j), proof, roots[n]!, nodeHasher),
						/PROOF_INVALID/,
						`${j}`,
					);
				}
			}
	});

	it("a proof does not pass for another tree size with that size's root", () => {
		const r = prng(9);
		for (let n = 1; n <= MAX; n++)
			for (let i = r(8); i < n; i += 1 + r(31)) {
				const proof = incl(i, n);
				for (const m of new Set([n - 1, n + 1, n + 2, 2 * n, Math.floor(n / 2), i + 1 + r(MAX - i)])) {
					if (m === n || m <= i || m > MAX) continue;
					rejects(
						() => verifyInclusion(i, m, leaf(i), proof, roots[m]!, nodeHasher),
						/PROOF_INVALID/,
						`${i}: ${n} → ${m}`,
					);
				}
				// Indexes at or past the size are bad input, not a failed proof.
				rejects(
					() => verifyInclusion(n, n, leaf(i), proof, roots[n]!, nodeHasher),
					/BAD_INPUT/,
					"index = size",
				);
			}
	});

	it("the noble and node:crypto hashers agree on every proof of a 300-leaf tree", () => {
		const noble = new MemoryTree(defaultHasher);
		for (let i = 0; i < MAX; i++) noble.appendLeafHash(leaf(i));
		assert.ok(equalBytes(noble.root(), roots[MAX]!));
		for (let i = 0; i < MAX; i++) {
			const proof = noble.inclusionProof(i);
			assert.deepEqual(
				proof.map((h) => Buffer.from(h).toString("hex")),
				tree.inclusionProof(i).map((h) => Buffer.from(h).toString("hex")),
			);
			verifyInclusion(i, MAX, leaf(i), proof, roots[MAX]!);
		}
	});
});

describe("consistency proofs on random trees of 1..300 leaves", () => {
	it("every proof between every pair of sizes 1 ≤ m ≤ n ≤ 300 verifies", () => {
		let count = 0;
		for (let n = 1; n <= MAX; n++)
			for (let m = 1; m <= n; m++) {
				const proof = cons(m, n);
				if (m === n) assert.equal(proof.length, 0);
				verifyConsistency(m, n, proof, roots[m]!, roots[n]!, nodeHasher);
				count++;
			}
		assert.equal(count, (MAX * (MAX + 1)) / 2);
	});

	it("every single-bit change of proof or roots fails (trees up to 8 leaves, all bits)", () => {
		for (let n = 1; n <= 8; n++)
			for (let m = 1; m <= n; m++) {
				const proof = cons(m, n);
				for (let bit = 0; bit < 256; bit++) {
					for (let e = 0; e < proof.length; e++)
						rejects(
							() => verifyConsistency(m, n, flipBit(proof, e, bit), roots[m]!, roots[n]!, nodeHasher),
							/INCONSISTENT/,
							`${m}→${n} element ${e} bit ${bit}`,
						);
					rejects(
						() => verifyConsistency(m, n, proof, flipped(roots[m]!, bit), roots[n]!, nodeHasher),
						/INCONSISTENT/,
						`root1 bit ${bit}`,
					);
					rejects(
						() => verifyConsistency(m, n, proof, roots[m]!, flipped(roots[n]!, bit), nodeHasher),
						/INCONSISTENT/,
						`root2 bit ${bit}`,
					);
				}
			}
	});

	it("a random single-bit change in each element fails (a random sixteenth of all proofs)", () => {
		const r = prng(10);
		for (let n = 2; n <= MAX; n++)
			for (let m = 1 + r(8); m < n; m += 1 + r(31)) {
				const proof = cons(m, n);
				for (let e = 0; e < proof.length; e++)
					rejects(
						() => verifyConsistency(m, n, flipBit(proof, e, r(256)), roots[m]!, roots[n]!, nodeHasher),
						/INCONSISTENT/,
						`${m}→${n} element ${e}`,
					);
			}
	});

	it("truncated, extended, reordered proofs fail", () => {
		const r = prng(11);
		const extra = tree.read(0, 0);
		for (let n = 1; n <= MAX; n++)
			for (let m = 1 + r(8); m <= n; m += 1 + r(31)) {
				const proof = cons(m, n);
				const bad: Uint8Array[][] = [
					[...proof, extra],
					[extra, ...proof],
					[roots[m]!, ...proof],
				];
				if (proof.length > 0) bad.push(proof.slice(0, -1), proof.slice(1), [proof[0]!, ...proof]);
				if (proof.length > 1 && !equalBytes(proof[0]!, proof[1]!))
					bad.push([proof[1]!, proof[0]!, ...proof.slice(2)]);
				for (const p of bad)
					rejects(
						() => verifyConsistency(m, n, p, roots[m]!, roots[n]!, nodeHasher),
						/INCONSISTENT/,
						`${m}→${n}`,
					);
			}
	});

	it("a proof does not pass for other sizes with those sizes' roots, nor with the roots swapped", () => {
		const r = prng(12);
		for (let n = 2; n <= MAX; n++)
			for (let m = 1 + r(8); m < n; m += 1 + r(31)) {
				const proof = cons(m, n);
				for (const m2 of new Set([m - 1, m + 1, 2 * m, Math.floor(m / 2), 1 + r(n - 1)])) {
					if (m2 === m || m2 < 1 || m2 >= n) continue;
					rejects(
						() => verifyConsistency(m2, n, proof, roots[m2]!, roots[n]!, nodeHasher),
						/INCONSISTENT/,
						`${m}→${n} as ${m2}→${n}`,
					);
				}
				for (const n2 of new Set([n - 1, n + 1, 2 * n, m + 1 + r(MAX - m)])) {
					if (n2 === n || n2 <= m || n2 > MAX) continue;
					rejects(
						() => verifyConsistency(m, n2, proof, roots[m]!, roots[n2]!, nodeHasher),
						/INCONSISTENT/,
						`${m}→${n} as ${m}→${n2}`,
					);
				}
				rejects(
					() => verifyConsistency(m, n, proof, roots[n]!, roots[m]!, nodeHasher),
					/INCONSISTENT/,
					"swapped",
				);
				rejects(() => verifyConsistency(n, m, proof, roots[n]!, roots[m]!, nodeHasher), /BAD_INPUT/, "n → m");
			}
	});
});

describe("hostile arguments to the verifiers", () => {
	const root = roots[5]!;
	const proof = tree.inclusionProof(2, 5);
	const h = leaf(2);

	it("refuse sizes and indexes that are not integers in 0..2^53−1", () => {
		for (const bad of [
			-1,
			1.5,
			Number.NaN,
			Number.POSITIVE_INFINITY,
			2 ** 53,
			2 ** 64,
			"3",
			null,
			undefined,
			3n,
		]) {
			const x = bad as unknown as number;
			rejects(() => verifyInclusion(x, 5, h, proof, root), /BAD_INPUT/, `index ${String(bad)}`);
			rejects(() => verifyInclusion(2, x, h, proof, root), /BAD_INPUT/, `size ${String(bad)}`);
			rejects(() => verifyConsistency(x, 5, [], root, root), /BAD_INPUT/, `size1 ${String(bad)}`);
			rejects(() => verifyConsistency(1, x, [], root, root), /BAD_INPUT/, `size2 ${String(bad)}`);
		}
	});

	it("refuse hashes that are not 32-byte Uint8Arrays", () => {
		for (const bad of [
			new Uint8Array(31),
			new Uint8Array(33),
			new Uint8Array(0),
			"x".repeat(32),
			[...h],
			null,
		]) {
			const x = bad as unknown as Uint8Array;
			rejects(() => verifyInclusion(2, 5, x, proof, root), /BAD_INPUT/, "leaf");
			rejects(() => verifyInclusion(2, 5, h, proof, x), /BAD_INPUT/, "root");
			rejects(() => verifyInclusion(2, 5, h, [x, ...proof.slice(1)], root), /PROOF_INVALID/, "element");
			rejects(() => verifyConsistency(2, 5, tree.consistencyProof(2, 5), x, root), /BAD_INPUT/, "root1");
			rejects(() => verifyConsistency(2, 5, tree.consistencyProof(2, 5), roots[2]!, x), /BAD_INPUT/, "root2");
			rejects(() => verifyConsistency(2, 5, [x], roots[2]!, root), /INCONSISTENT/, "element");
		}
	});

	it("refuse proofs that are not arrays, or absurdly long, without reading them", () => {
		for (const bad of [null, undefined, "proof", { length: 1, 0: h }, new Uint8Array(32)]) {
			const x = bad as unknown as Uint8Array[];
			rejects(() => verifyInclusion(2, 5, h, x, root), /BAD_INPUT/, String(bad));
			rejects(() => verifyConsistency(2, 5, x, roots[2]!, root), /BAD_INPUT/, String(bad));
		}
		const long = Array.from({ length: 1_000_000 }, () => h);
		rejects(() => verifyInclusion(2, 5, h, long, root), /PROOF_INVALID/, "long");
		rejects(() => verifyConsistency(2, 5, long, roots[2]!, root), /INCONSISTENT/, "long");
		// 64 elements pass the length screen and are then refused by the RFC walk itself.
		rejects(() => verifyInclusion(2, 5, h, long.slice(0, 64), root), /PROOF_INVALID/, "64");
	});

	it("refuse a consistency proof from size 0, a shrinking tree, and equal sizes with a proof", () => {
		rejects(() => verifyConsistency(0, 0, [], roots[0]!, roots[0]!), /BAD_INPUT/, "0 → 0");
		rejects(() => verifyConsistency(0, 5, [], roots[0]!, root), /BAD_INPUT/, "0 → 5");
		rejects(() => verifyConsistency(5, 4, [], root, roots[4]!), /BAD_INPUT/, "5 → 4");
		rejects(() => verifyConsistency(5, 5, [h], root, root), /INCONSISTENT/, "5 → 5 with a proof");
		rejects(() => verifyConsistency(4, 5, [], roots[4]!, root), /INCONSISTENT/, "empty proof");
		verifyConsistency(5, 5, [], root, root);
	});

	it("handle trees of up to 2^53 − 1 leaves without losing bits", () => {
		// Index 2^53 − 2 in a tree of 2^53 − 1 leaves: the proof is 52 elements long; a fake one of the
		// right length must fail as a proof, not as arithmetic.
		const size = Number.MAX_SAFE_INTEGER;
		const fake = Array.from({ length: 52 }, () => h);
		rejects(() => verifyInclusion(size - 1, size, h, fake, root), /PROOF_INVALID/, "huge");
		assert.equal(rootFromInclusionProof(size - 1, size, h, fake).length, 32);
		rejects(() => verifyInclusion(size - 1, size, h, fake.slice(1), root), /PROOF_INVALID/, "short");
		rejects(() => verifyInclusion(size - 1, size, h, [...fake, h], root), /PROOF_INVALID/, "long");
		rejects(() => verifyConsistency(size - 1, size, fake, root, root), /INCONSISTENT/, "huge");
	});
});
