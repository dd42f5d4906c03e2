/**
 * Merkle tree hashes and proof generation, RFC 9162 §2.1: MTH (§2.1.1), inclusion proofs PATH(m, D[n])
 * (§2.1.3.1) and consistency proofs PROOF(m, D[n]) (§2.1.4.1), ordered leaf side first and byte-identical
 * to the RFC.
 *
 * Every hash these need is a fold of *complete* subtrees (2^level leaves starting at a multiple of
 * 2^level), which are exactly what a log stores: leaf hashes, node hashes, or tile rows. Proofs are
 * therefore planned as lists of complete-subtree nodes (`*Nodes`), which a server can fetch in one batch
 * from wherever it keeps them, and then assembled synchronously through a NodeReader.
 */
import { fail } from "./errors.ts";
import { defaultHasher, EMPTY_ROOT, type Hasher, isHash } from "./hash.ts";

/** A complete subtree: the 2^level leaves starting at leaf index·2^level (level 0 = one leaf). */
export interface NodeId {
	readonly level: number;
	readonly index: number;
}

/** Returns the hash of the complete subtree (level, index); throws if the store does not have it. */
export type NodeReader = (level: number, index: number) => Uint8Array;

/** Called for each complete subtree an append creates, smallest first, so the server can store it. */
export type NodeSink = (level: number, index: number, hash: Uint8Array) => void;

/**
 * Throws TLOG_BAD_INPUT unless n is an integer in 0..2^53−1. Sizes and indexes are JavaScript numbers;
 * above 2^53 they stop being exact, so such input is refused rather than silently rounded.
 */
export function checkCount(n: unknown, what: string): asserts n is number {
	if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
		fail("TLOG_BAD_INPUT", `${what} must be an integer from 0 to 2^53-1`);
}

/** The largest power of two strictly below n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
function splitPoint(n: number): number {
	let k = 1;
	while (k * 2 < n) k *= 2;
	return k;
}

/** The number of set bits of n (arithmetic, because bit operators truncate to 32 bits). */
function popCount(n: number): number {
	let c = 0;
	for (; n > 0; n = Math.floor(n / 2)) c += n % 2;
	return c;
}

/**
 * The maximal complete subtrees covering leaves [lo, hi), left to right. For every range the RFC recursion
 * produces, lo is a multiple of the largest power of two ≤ hi − lo, so the right fold of these nodes is
 * MTH(D[lo:hi]).
 */
function rangeNodes(lo: number, hi: number): NodeId[] {
	const out: NodeId[] = [];
	while (lo < hi) {
		let k = 1;
		let level = 0;
		while (k * 2 <= hi - lo && lo % (k * 2) === 0) {
			k *= 2;
			level++;
		}
		out.push({ level, index: lo / k });
		lo += k;
	}
	return out;
}

/** MTH of consecutive complete subtrees, largest first: H(n1, H(n2, … H(nk−1, nk))) (§2.1.1). */
function fold(hashes: Uint8Array[], hasher: Hasher): Uint8Array {
	let h = hashes[hashes.length - 1]!;
	for (let i = hashes.length - 2; i >= 0; i--) h = hasher.nodeHash(hashes[i]!, h);
	return h;
}

function readNode(read: NodeReader, node: NodeId): Uint8Array {
	const h = read(node.level, node.index);
	if (!isHash(h)) fail("TLOG_BAD_INPUT", `node (${node.level}, ${node.index}) is not a 32-byte hash`);
	return h;
}

function assemble(plan: NodeId[][], read: NodeReader, hasher: Hasher): Uint8Array[] {
	return plan.map((nodes) =>
		fold(
			nodes.map((n) => readNode(read, n)),
			hasher,
		),
	);
}

/** The complete subtrees whose fold is the root of a tree of `size` leaves, largest first. */
export function rootNodes(size: number): NodeId[] {
	checkCount(size, "tree size");
	return rangeNodes(0, size);
}

/** MTH(D[0:size]) from stored complete-subtree hashes; the empty tree's root is SHA-256() (§2.1.1). */
export function rootHash(size: number, read: NodeReader, hasher: Hasher = defaultHasher): Uint8Array {
	const nodes = rootNodes(size);
	return nodes.length === 0
		? EMPTY_ROOT.slice()
		: fold(
				nodes.map((n) => readNode(read, n)),
				hasher,
			);
}

/** PATH(m, D[n]) of §2.1.3.1, each element as the complete subtrees it folds, leaf side first. */
function inclusionPlan(index: number, size: number): NodeId[][] {
	checkCount(index, "leaf index");
	checkCount(size, "tree size");
	if (index >= size) fail("TLOG_BAD_INPUT", `leaf index ${index} is not below tree size ${size}`);
	const siblings: NodeId[][] = [];
	let lo = 0;
	let hi = size;
	while (hi - lo > 1) {
		const k = splitPoint(hi - lo);
		// m < k: PATH(m, D[0:k]) : MTH(D[k:n]); otherwise PATH(m − k, D[k:n]) : MTH(D[0:k]).
		if (index < lo + k) {
			siblings.push(rangeNodes(lo + k, hi));
			hi = lo + k;
		} else {
			siblings.push(rangeNodes(lo, lo + k));
			lo += k;
		}
	}
	// Siblings were found root first; the proof lists them from the leaf up.
	return siblings.reverse();
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of §2.1.4.1, as complete subtrees, old-tree side first. */
function consistencyPlan(size1: number, size2: number): NodeId[][] {
	checkCount(size1, "old tree size");
	checkCount(size2, "new tree size");
	if (size1 === 0) fail("TLOG_BAD_INPUT", "there is no consistency proof from the empty tree");
	if (size1 > size2) fail("TLOG_BAD_INPUT", `old tree size ${size1} exceeds new tree size ${size2}`);
	const siblings: NodeId[][] = [];
	let lo = 0;
	let hi = size2;
	let whole = true; // the RFC's b: is D[lo:hi] still a prefix that the verifier knows the root of?
	while (size1 !== hi) {
		const k = splitPoint(hi - lo);
		// m ≤ k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); m > k: SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k]).
		if (size1 <= lo + k) {
			siblings.push(rangeNodes(lo + k, hi));
			hi = lo + k;
		} else {
			siblings.push(rangeNodes(lo, lo + k));
			lo += k;
			whole = false;
		}
	}
	// m = n: SUBPROOF is empty when b is true, else MTH(D[m:n]) of the reached subtree.
	const head = whole ? [] : [rangeNodes(lo, hi)];
	return [...head, ...siblings.reverse()];
}

/** The complete subtrees an inclusion proof is built from, to fetch in one batch before inclusionProof. */
export function inclusionProofNodes(index: number, size: number): NodeId[] {
	return inclusionPlan(index, size).flat();
}

/** The complete subtrees a consistency proof is built from, to fetch before consistencyProof. */
export function consistencyProofNodes(size1: number, size2: number): NodeId[] {
	return consistencyPlan(size1, size2).flat();
}

/** The RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(
	index: number,
	size: number,
	read: NodeReader,
	hasher: Hasher = defaultHasher,
): Uint8Array[] {
	return assemble(inclusionPlan(index, size), read, hasher);
}

/** The RFC 9162 §2.1.4.1 consistency proof from size1 to size2 (empty when the sizes are equal). */
export function consistencyProof(
	size1: number,
	size2: number,
	read: NodeReader,
	hasher: Hasher = defaultHasher,
): Uint8Array[] {
	return assemble(consistencyPlan(size1, size2), read, hasher);
}

/** A NodeReader over hashes fetched for a list of nodes (e.g. the result of inclusionProofNodes). */
export function readerFromNodes(nodes: readonly NodeId[], hashes: readonly Uint8Array[]): NodeReader {
	if (nodes.length !== hashes.length) fail("TLOG_BAD_INPUT", "one hash per node is needed");
	const map = new Map<string, Uint8Array>();
	nodes.forEach((n, i) => {
		map.set(`${n.level}/${n.index}`, hashes[i]!);
	});
	return (level, index) =>
		map.get(`${level}/${index}`) ?? fail("TLOG_BAD_INPUT", `node (${level}, ${index}) was not fetched`);
}

/**
 * The right edge of a tree (a compact range over [0, size)): the hashes of its maximal complete subtrees,
 * largest first — one per set bit of the size. That is all an appender needs to keep: each append combines
 * at most log2(size) of them, yields the new complete subtrees for storage, and the root is their fold.
 */
export class Frontier {
	#size: number;
	readonly #stack: Uint8Array[];
	readonly #hasher: Hasher;

	/** Resumes at `size` from the hashes of rootNodes(size), largest first. */
	constructor(size = 0, hashes: readonly Uint8Array[] = [], hasher: Hasher = defaultHasher) {
		checkCount(size, "tree size");
		if (!Array.isArray(hashes) || hashes.length !== popCount(size) || !hashes.every(isHash))
			fail("TLOG_BAD_INPUT", `a frontier of size ${size} needs ${popCount(size)} 32-byte hashes`);
		this.#size = size;
		this.#stack = hashes.map((h) => h.slice()); // our own copies: callers may reuse their buffers
		this.#hasher = hasher;
	}

	/** Resumes from stored node hashes. */
	static fromReader(size: number, read: NodeReader, hasher: Hasher = defaultHasher): Frontier {
		return new Frontier(
			size,
			rootNodes(size).map((n) => readNode(read, n)),
			hasher,
		);
	}

	/** The number of leaves appended so far. */
	get size(): number {
		return this.#size;
	}

	/** The hashes of rootNodes(size), largest first (a copy). */
	get hashes(): Uint8Array[] {
		return [...this.#stack];
	}

	/** Appends one leaf hash, reporting every complete subtree it completes (the leaf itself first). */
	appendLeafHash(leafHash: Uint8Array, onNode?: NodeSink): void {
		if (!isHash(leafHash)) fail("TLOG_BAD_INPUT", "a leaf hash must be 32 bytes");
		if (this.#size >= Number.MAX_SAFE_INTEGER) fail("TLOG_BAD_INPUT", "the tree is full");
		let h: Uint8Array = leafHash.slice();
		let index = this.#size;
		let level = 0;
		onNode?.(0, index, h);
		// Each trailing 1 bit of the old size is a complete left sibling waiting on the stack.
		while (index % 2 === 1) {
			h = this.#hasher.nodeHash(this.#stack.pop()!, h);
			index = (index - 1) / 2;
			level++;
			onNode?.(level, index, h);
		}
		this.#stack.push(h);
		this.#size++;
	}

	/** Appends one entry (hashing it as a leaf) and returns its leaf hash. */
	append(entry: Uint8Array, onNode?: NodeSink): Uint8Array {
		const h = this.#hasher.leafHash(entry);
		this.appendLeafHash(h, onNode);
		return h;
	}

	/** MTH of the tree so far. */
	root(): Uint8Array {
		return this.#stack.length === 0 ? EMPTY_ROOT.slice() : fold(this.#stack, this.#hasher);
	}
}

/**
 * A whole tree in memory, keeping every complete subtree hash (about 2 per leaf). For tests, tools and
 * small logs; its `read` is a NodeReader for the proof functions above.
 */
export class MemoryTree {
	readonly #levels: Uint8Array[][] = [[]];
	readonly #frontier: Frontier;
	readonly #hasher: Hasher;

	constructor(hasher: Hasher = defaultHasher) {
		this.#hasher = hasher;
		this.#frontier = new Frontier(0, [], hasher);
	}

	/** The number of leaves. */
	get size(): number {
		return this.#frontier.size;
	}

	/** Appends an entry; returns its index. */
	append(entry: Uint8Array): number {
		return this.appendLeafHash(this.#hasher.leafHash(entry));
	}

	/** Appends a leaf hash; returns its index. */
	appendLeafHash(leafHash: Uint8Array): number {
		const index = this.size;
		this.#frontier.appendLeafHash(leafHash, (level, i, h) => {
			const row = this.#levels[level] ?? [];
			this.#levels[level] = row;
			row[i] = h;
		});
		return index;
	}

	/** Reads a stored complete-subtree hash. */
	readonly read: NodeReader = (level, index) => {
		const h = this.#levels[level]?.[index];
		return h ?? fail("TLOG_BAD_INPUT", `node (${level}, ${index}) is not in the tree`);
	};

	/** The root of the tree at `size` (default: now). */
	root(size = this.size): Uint8Array {
		if (size > this.size) fail("TLOG_BAD_INPUT", `the tree has only ${this.size} leaves`);
		return rootHash(size, this.read, this.#hasher);
	}

	/** Inclusion proof of leaf `index` in the tree at `size` (default: now). */
	inclusionProof(index: number, size = this.size): Uint8Array[] {
		if (size > this.size) fail("TLOG_BAD_INPUT", `the tree has only ${this.size} leaves`);
		return inclusionProof(index, size, this.read, this.#hasher);
	}

	/** Consistency proof from size1 to size2 (default: now). */
	consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
		if (size2 > this.size) fail("TLOG_BAD_INPUT", `the tree has only ${this.size} leaves`);
		return consistencyProof(size1, size2, this.read, this.#hasher);
	}
}
