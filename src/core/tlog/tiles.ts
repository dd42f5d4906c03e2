/**
 * C2SP tlog-tiles (c2sp.org/tlog-tiles) with tile height 8 (256 hashes per tile): tile paths, which tiles
 * a tree has, where a node lives, hash tiles and entry bundles, and a NodeReader over tiles so that anyone
 * holding only tiles can recompute roots and proofs with tree.ts.
 *
 * Tile n at level l holds MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l]) for i = 0..255, i.e. the
 * complete-subtree hashes at tree level 8·l; the seven tree levels in between are rebuilt by hashing.
 */
import { fail } from "./errors.ts";
import { defaultHasher, HASH_SIZE, type Hasher, isHash } from "./hash.ts";
import { checkCount, type NodeId, type NodeReader } from "./tree.ts";

/** Tree levels per tile level ("tile height"). */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile; entries in a full bundle. */
export const TILE_WIDTH = 256;
/** Largest entry an entry bundle can carry (its length prefix is a big-endian uint16). */
export const MAX_ENTRY_SIZE = 0xffff;
/** Highest tile level a path may name ("between 0 and 63"). */
const MAX_TILE_LEVEL = 63;

/** A hash tile (level 0–63) or an entry bundle (level "entries"); width 256 is full, 1–255 partial. */
export interface TileId {
	readonly level: number | "entries";
	readonly index: number;
	readonly width: number;
}

/** Where a complete-subtree node is found: `count` hashes from position `start` of `tile`. */
export interface NodeLocation {
	readonly tile: TileId;
	readonly start: number;
	readonly count: number;
}

function malformed(message: string): never {
	return fail("TLOG_TILE_MALFORMED", message);
}

function checkTileId(tile: TileId): void {
	const { level, index, width } = tile;
	if (level !== "entries" && !(Number.isInteger(level) && level >= 0 && level <= MAX_TILE_LEVEL))
		fail("TLOG_BAD_INPUT", "a tile level is 0 to 63 or entries");
	checkCount(index, "tile index");
	if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH)
		fail("TLOG_BAD_INPUT", "a tile width is 1 to 256");
}

/** `<N>` of a tile path: 3-digit groups, all but the last prefixed with `x` (1234067 → x001/x234/067). */
function encodeIndex(n: number): string {
	const groups: string[] = [];
	do {
		groups.unshift(String(n % 1000).padStart(3, "0"));
		n = Math.floor(n / 1000);
	} while (n > 0);
	return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join("/");
}

/** The path of a tile below the log prefix: `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`. */
export function tilePath(tile: TileId): string {
	checkTileId(tile);
	const partial = tile.width === TILE_WIDTH ? "" : `.p/${tile.width}`;
	return `tile/${tile.level}/${encodeIndex(tile.index)}${partial}`;
}

// Level without leading zeroes; at most five x-groups (2^53 has 16 digits); W 1–255 without leading zeroes.
const TILE_PATH =
	/^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/){0,5})([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/**
 * Parses a tile path strictly, so that each tile has exactly one accepted path: level 0–63 or `entries`
 * without leading zeroes, N in canonical groups (no leading `x000/`), W from 1 to 255.
 */
export function parseTilePath(path: string): TileId {
	const m = typeof path === "string" ? TILE_PATH.exec(path) : null;
	if (!m) malformed("not a tile path");
	const [, levelText, xGroups, lastGroup, widthText] = m as unknown as [
		string,
		string,
		string,
		string,
		string?,
	];
	const level = levelText === "entries" ? "entries" : Number(levelText);
	if (level !== "entries" && level > MAX_TILE_LEVEL) malformed("a tile level is at most 63");
	if (xGroups.startsWith("x000/")) malformed("the tile index has a leading zero group");
	const index = Number(xGroups.replaceAll("x", "").replaceAll("/", "") + lastGroup);
	if (!Number.isSafeInteger(index)) malformed("the tile index is beyond 2^53-1");
	const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
	if (widthText !== undefined && width >= TILE_WIDTH) malformed("a partial tile is 1 to 255 wide");
	return { level, index, width };
}

/** 256^level, exact in floating point for every level (a power of two). */
function span(level: number): number {
	return TILE_WIDTH ** level;
}

/**
 * The width of hash tile (level, index) in a tree of `size` leaves: 256 when full, 1–255 when partial,
 * 0 when the tree has no such tile. The partial tile at level l has floor(size / 256^l) mod 256 hashes.
 */
export function tileWidth(level: number, index: number, size: number): number {
	checkCount(size, "tree size");
	checkCount(index, "tile index");
	const hashes = Math.floor(size / span(level));
	return Math.max(0, Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH));
}

/**
 * The hash tiles that exist at newSize but not (with that width) at oldSize: what a log writes when it
 * grows. Level by level, index by index. Entry bundles are the level-0 ones with level "entries".
 */
export function newTiles(oldSize: number, newSize: number): TileId[] {
	checkCount(oldSize, "old tree size");
	checkCount(newSize, "new tree size");
	if (oldSize > newSize) fail("TLOG_BAD_INPUT", "a log does not shrink");
	const out: TileId[] = [];
	for (let level = 0; level <= MAX_TILE_LEVEL; level++) {
		const nNew = Math.floor(newSize / span(level));
		if (nNew === 0) break;
		const nOld = Math.floor(oldSize / span(level));
		for (let index = Math.floor(nOld / TILE_WIDTH); index * TILE_WIDTH < nNew; index++) {
			const wNew = Math.min(TILE_WIDTH, nNew - index * TILE_WIDTH);
			const wOld = Math.max(0, Math.min(TILE_WIDTH, nOld - index * TILE_WIDTH));
			if (wNew !== wOld) out.push({ level, index, width: wNew });
		}
	}
	return out;
}

/** Every hash tile of a tree of `size` leaves (c2sp.org/tlog-tiles "Partial Tiles"). */
export function tilesForSize(size: number): TileId[] {
	return newTiles(0, size);
}

/**
 * Which tile holds the complete subtree (level, index) of a tree of `size` leaves: tile level
 * floor(level / 8), and 2^(level mod 8) consecutive hashes there, whose subtree hash is the node.
 * TLOG_BAD_INPUT if that node is not complete in the tree.
 */
export function tileForNode(level: number, index: number, size: number): NodeLocation {
	if (!Number.isInteger(level) || level < 0 || level >= (MAX_TILE_LEVEL + 1) * TILE_HEIGHT)
		fail("TLOG_BAD_INPUT", "a node level is 0 to 511");
	checkCount(index, "node index");
	checkCount(size, "tree size");
	const tileLevel = Math.floor(level / TILE_HEIGHT);
	const count = 2 ** (level - tileLevel * TILE_HEIGHT);
	const first = index * count; // position among the hashes at tree level 8·tileLevel
	const tileIndex = Math.floor(first / TILE_WIDTH);
	const start = first - tileIndex * TILE_WIDTH;
	const width = tileWidth(tileLevel, tileIndex, size);
	if (start + count > width)
		fail("TLOG_BAD_INPUT", `node (${level}, ${index}) is not complete in a tree of ${size} leaves`);
	return { tile: { level: tileLevel, index: tileIndex, width }, start, count };
}

/** The distinct tiles needed to read `nodes` (e.g. from inclusionProofNodes), to fetch in parallel. */
export function tilesForNodes(nodes: readonly NodeId[], size: number): TileId[] {
	const tiles = new Map<string, TileId>();
	for (const n of nodes) {
		const { tile } = tileForNode(n.level, n.index, size);
		tiles.set(tilePath(tile), tile);
	}
	return [...tiles.values()];
}

/** A hash tile's bytes: the concatenated 32-byte hashes (1 to 256 of them). */
export function encodeHashTile(hashes: readonly Uint8Array[]): Uint8Array {
	if (hashes.length < 1 || hashes.length > TILE_WIDTH) fail("TLOG_BAD_INPUT", "a tile has 1 to 256 hashes");
	const out = new Uint8Array(hashes.length * HASH_SIZE);
	hashes.forEach((h, i) => {
		if (!isHash(h)) fail("TLOG_BAD_INPUT", "a tile holds 32-byte hashes");
		out.set(h, i * HASH_SIZE);
	});
	return out;
}

/** Splits a hash tile into its hashes; with `width`, the tile must be exactly that wide. */
export function decodeHashTile(data: Uint8Array, width?: number): Uint8Array[] {
	if (!(data instanceof Uint8Array) || data.length === 0 || data.length % HASH_SIZE !== 0)
		malformed("a hash tile is a non-empty multiple of 32 bytes");
	const n = data.length / HASH_SIZE;
	if (n > TILE_WIDTH) malformed("a hash tile has at most 256 hashes");
	if (width !== undefined && n !== width) malformed(`the tile has ${n} hashes, not ${width}`);
	const out: Uint8Array[] = [];
	for (let i = 0; i < n; i++) out.push(data.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
	return out;
}

/** An entry bundle's bytes: each entry prefixed with its length as a big-endian uint16. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
	if (entries.length < 1 || entries.length > TILE_WIDTH)
		fail("TLOG_BAD_INPUT", "a bundle has 1 to 256 entries");
	let n = 0;
	for (const e of entries) {
		if (!(e instanceof Uint8Array) || e.length > MAX_ENTRY_SIZE)
			fail("TLOG_BAD_INPUT", "an entry is at most 65535 bytes");
		n += 2 + e.length;
	}
	const out = new Uint8Array(n);
	let o = 0;
	for (const e of entries) {
		out[o] = e.length >> 8;
		out[o + 1] = e.length & 255;
		out.set(e, o + 2);
		o += 2 + e.length;
	}
	return out;
}

/** Splits an entry bundle; truncation, trailing bytes or more than 256 entries are TLOG_TILE_MALFORMED. */
export function decodeEntryBundle(data: Uint8Array, width?: number): Uint8Array[] {
	if (!(data instanceof Uint8Array)) malformed("an entry bundle is bytes");
	const out: Uint8Array[] = [];
	let o = 0;
	while (o < data.length) {
		if (out.length === TILE_WIDTH) malformed("an entry bundle has at most 256 entries");
		if (o + 2 > data.length) malformed("the entry bundle ends inside a length prefix");
		const len = (data[o]! << 8) | data[o + 1]!;
		if (o + 2 + len > data.length) malformed("the entry bundle ends inside an entry");
		out.push(data.slice(o + 2, o + 2 + len));
		o += 2 + len;
	}
	if (out.length === 0) malformed("an entry bundle is not empty");
	if (width !== undefined && out.length !== width)
		malformed(`the bundle has ${out.length} entries, not ${width}`);
	return out;
}

/** The hashes of a hash tile, read from a store of level-8·L node hashes (what a log writes). */
export function tileHashes(tile: TileId, read: NodeReader): Uint8Array[] {
	checkTileId(tile);
	if (tile.level === "entries") fail("TLOG_BAD_INPUT", "an entry bundle holds entries, not hashes");
	const out: Uint8Array[] = [];
	for (let i = 0; i < tile.width; i++) {
		const h = read(tile.level * TILE_HEIGHT, tile.index * TILE_WIDTH + i);
		if (!isHash(h)) fail("TLOG_BAD_INPUT", "a node reader returned something that is not a 32-byte hash");
		out.push(h);
	}
	return out;
}

/** The bytes served at tilePath(tile); a full tile may be returned for a partial one (its prefix is used). */
export type TileSource = (tile: TileId) => Uint8Array;

/**
 * A NodeReader over tiles of a tree of `size` leaves, for rootHash / inclusionProof / consistencyProof.
 * Each tile is fetched once and checked for its width; nodes above a tile's bottom row are hashed from it.
 * The result is only as good as the tiles: compare the root with a verified checkpoint.
 */
export function tileNodeReader(
	size: number,
	getTile: TileSource,
	hasher: Hasher = defaultHasher,
): NodeReader {
	checkCount(size, "tree size");
	const cache = new Map<string, Uint8Array[]>();
	return (level, index) => {
		const { tile, start, count } = tileForNode(level, index, size);
		const path = tilePath(tile);
		let hashes = cache.get(path);
		if (!hashes) {
			hashes = decodeHashTile(getTile(tile));
			// c2sp.org/tlog-tiles lets clients fall back to the full tile when a partial one is gone.
			if (hashes.length !== tile.width && hashes.length !== TILE_WIDTH)
				malformed(`tile ${path} has ${hashes.length} hashes`);
			cache.set(path, hashes);
		}
		let row = hashes.slice(start, start + count);
		while (row.length > 1) {
			const up: Uint8Array[] = [];
			for (let i = 0; i < row.length; i += 2) up.push(hasher.nodeHash(row[i]!, row[i + 1]!));
			row = up;
		}
		return row[0]!;
	};
}

/**
 * Go's stored-hash index (golang.org/x/mod/sumdb/tlog StoredHashIndex, after Crosby & Wallach §3.3): a
 * dense order of all complete-subtree hashes in which each leaf's hash is followed by the hashes it
 * completes, for logs that keep hashes in one sequential table.
 */
export function storedHashIndex(level: number, index: number): number {
	if (!Number.isInteger(level) || level < 0 || level > 53) fail("TLOG_BAD_INPUT", "a node level is 0 to 53");
	checkCount(index, "node index");
	// Level L's n-th hash is written right after level L+1's (2n+1)-th: move down to level 0.
	let n = index;
	for (let l = level; l > 0; l--) n = 2 * n + 1;
	// Level 0's n-th hash is at n + n/2 + n/4 + … .
	let i = 0;
	for (; n > 0; n = Math.floor(n / 2)) i += n;
	const result = i + level;
	if (!Number.isSafeInteger(result)) fail("TLOG_BAD_INPUT", "the stored hash index is beyond 2^53-1");
	return result;
}

function trailingOnes(n: number): number {
	let c = 0;
	for (; n % 2 === 1; n = (n - 1) / 2) c++;
	return c;
}

/** The inverse of storedHashIndex. */
export function splitStoredHashIndex(stored: number): NodeId {
	checkCount(stored, "stored hash index");
	// StoredHashIndex(0, n) < 2n, so the leaf n we want is in [stored/2, stored/2 + log2(stored)].
	let n = Math.floor(stored / 2);
	let indexN = storedHashIndex(0, n);
	for (;;) {
		// Leaf n + 1 adds its own hash and one per subtree it completes.
		const next = indexN + 1 + trailingOnes(n);
		if (next > stored) break;
		n++;
		indexN = next;
	}
	const level = stored - indexN;
	return { level, index: Math.floor(n / 2 ** level) };
}

/** The number of stored hashes of a tree of `size` leaves. */
export function storedHashCount(size: number): number {
	checkCount(size, "tree size");
	if (size === 0) return 0;
	return storedHashIndex(0, size - 1) + 1 + trailingOnes(size - 1);
}
