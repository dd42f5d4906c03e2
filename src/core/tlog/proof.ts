/**
 * Verification of inclusion and consistency proofs, RFC 9162 §2.1.3.2 and §2.1.4.2, step by step. Every
 * input is treated as hostile: sizes beyond 2^53, indexes outside the tree, hashes that are not 32 bytes,
 * proofs of the wrong length or with non-hash elements all end in a coded TlogError, never a crash.
 *
 * The RFC's bit operations are written as arithmetic (x % 2, Math.floor(x / 2)) because JavaScript's bit
 * operators truncate to 32 bits and tree sizes go beyond that.
 */
import { fail, type TlogErrorCode } from "./errors.ts";
import { defaultHasher, equalBytes, type Hasher, isHash } from "./hash.ts";
import { checkCount } from "./tree.ts";

/** No proof for a tree of at most 2^53 leaves has more elements; longer ones are refused unread. */
const MAX_PROOF_LENGTH = 64;

function checkProof(proof: unknown, code: TlogErrorCode): asserts proof is Uint8Array[] {
	if (!Array.isArray(proof)) fail("TLOG_BAD_INPUT", "a proof must be an array of hashes");
	if (proof.length > MAX_PROOF_LENGTH) fail(code, `a proof of ${proof.length} hashes is too long`);
	if (!proof.every(isHash)) fail(code, "every proof element must be a 32-byte hash");
}

function checkHash(h: unknown, what: string): asserts h is Uint8Array {
	if (!isHash(h)) fail("TLOG_BAD_INPUT", `${what} must be a 32-byte hash`);
}

const shift = (x: number) => Math.floor(x / 2);
const odd = (x: number) => x % 2 === 1;

/**
 * The root an inclusion proof leads to from `leafHash` at `index` in a tree of `size` leaves
 * (RFC 9162 §2.1.3.2 steps 1–5, without the final comparison). Throws if the proof has the wrong shape.
 */
export function rootFromInclusionProof(
	index: number,
	size: number,
	leafHash: Uint8Array,
	proof: readonly Uint8Array[],
	hasher: Hasher = defaultHasher,
): Uint8Array {
	checkCount(index, "leaf index");
	checkCount(size, "tree size");
	checkHash(leafHash, "the leaf hash");
	checkProof(proof, "TLOG_PROOF_INVALID");
	// 1. leaf_index must be below tree_size.
	if (index >= size) fail("TLOG_BAD_INPUT", `leaf index ${index} is not below tree size ${size}`);
	// 2.–3. fn = leaf_index, sn = tree_size − 1, r = hash.
	let fn = index;
	let sn = size - 1;
	let r = leafHash;
	// 4. Walk up the tree, one proof element per level that has a sibling.
	for (const p of proof) {
		// 4a. sn = 0 means the root is reached: the proof is too long.
		if (sn === 0) fail("TLOG_PROOF_INVALID", "the inclusion proof is too long");
		if (odd(fn) || fn === sn) {
			// 4b. A left sibling: r = HASH(0x01 ‖ p ‖ r); then, if fn was the last node of its level, skip
			// the levels where it has no sibling (until LSB(fn) is set or fn is 0).
			r = hasher.nodeHash(p, r);
			while (!odd(fn) && fn !== 0) {
				fn = shift(fn);
				sn = shift(sn);
			}
		} else {
			// A right sibling: r = HASH(0x01 ‖ r ‖ p).
			r = hasher.nodeHash(r, p);
		}
		// 4c.
		fn = shift(fn);
		sn = shift(sn);
	}
	// 5. sn must have reached 0, else the proof is too short.
	if (sn !== 0) fail("TLOG_PROOF_INVALID", "the inclusion proof is too short");
	return r;
}

/**
 * Verifies that `leafHash` is the leaf at `index` of the tree of `size` leaves with root `root`
 * (RFC 9162 §2.1.3.2). Returns nothing; throws TLOG_PROOF_INVALID or TLOG_BAD_INPUT.
 */
export function verifyInclusion(
	index: number,
	size: number,
	leafHash: Uint8Array,
	proof: readonly Uint8Array[],
	root: Uint8Array,
	hasher: Hasher = defaultHasher,
): void {
	checkHash(root, "the root hash");
	const r = rootFromInclusionProof(index, size, leafHash, proof, hasher);
	if (!equalBytes(r, root)) fail("TLOG_PROOF_INVALID", "the inclusion proof leads to another root");
}

/**
 * Verifies that the tree of size2 leaves with root2 extends the tree of size1 leaves with root1
 * (RFC 9162 §2.1.4.2). Equal sizes need an empty proof and equal roots; a proof from the empty tree does
 * not exist (size1 = 0 is TLOG_BAD_INPUT, as in the transparency-dev test vectors). Throws
 * TLOG_INCONSISTENT when the proof fails.
 */
export function verifyConsistency(
	size1: number,
	size2: number,
	proof: readonly Uint8Array[],
	root1: Uint8Array,
	root2: Uint8Array,
	hasher: Hasher = defaultHasher,
): void {
	checkCount(size1, "old tree size");
	checkCount(size2, "new tree size");
	checkHash(root1, "the old root hash");
	checkHash(root2, "the new root hash");
	checkProof(proof, "TLOG_INCONSISTENT");
	if (size1 === 0) fail("TLOG_BAD_INPUT", "there is no consistency proof from the empty tree");
	if (size1 > size2) fail("TLOG_BAD_INPUT", `old tree size ${size1} exceeds new tree size ${size2}`);
	if (size1 === size2) {
		// §2.1.4.1: the proof between equal trees is empty, and then the roots must agree.
		if (proof.length !== 0) fail("TLOG_INCONSISTENT", "equal tree sizes need an empty proof");
		if (!equalBytes(root1, root2)) fail("TLOG_INCONSISTENT", "equal tree sizes with different roots");
		return;
	}
	// 1. An empty proof proves nothing between different sizes.
	if (proof.length === 0) fail("TLOG_INCONSISTENT", "the consistency proof is empty");
	// 2. If first is an exact power of 2, prepend first_hash to the path.
	const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
	// 3. fn = first − 1, sn = second − 1.
	let fn = size1 - 1;
	let sn = size2 - 1;
	// 4. Skip the levels where the old tree's last node is a right child.
	while (odd(fn)) {
		fn = shift(fn);
		sn = shift(sn);
	}
	// 5. fr = sr = the first path element.
	let fr = path[0]!;
	let sr = path[0]!;
	// 6. Fold in the rest.
	for (let i = 1; i < path.length; i++) {
		const c = path[i]!;
		// 6a.
		if (sn === 0) fail("TLOG_INCONSISTENT", "the consistency proof is too long");
		if (odd(fn) || fn === sn) {
			// 6b. c is a left sibling on both paths.
			fr = hasher.nodeHash(c, fr);
			sr = hasher.nodeHash(c, sr);
			while (!odd(fn) && fn !== 0) {
				fn = shift(fn);
				sn = shift(sn);
			}
		} else {
			// c is a right sibling that only the new tree has.
			sr = hasher.nodeHash(sr, c);
		}
		// 6c.
		fn = shift(fn);
		sn = shift(sn);
	}
	// 7. Both roots must be reproduced and the path fully used.
	if (sn !== 0) fail("TLOG_INCONSISTENT", "the consistency proof is too short");
	if (!equalBytes(fr, root1)) fail("TLOG_INCONSISTENT", "the proof does not lead to the old root");
	if (!equalBytes(sr, root2)) fail("TLOG_INCONSISTENT", "the proof does not lead to the new root");
}

function isPowerOfTwo(n: number): boolean {
	while (n > 1 && n % 2 === 0) n /= 2;
	return n === 1;
}
