import assert from "node:assert/strict";
import { hash } from "node:crypto";
import { describe, it } from "node:test";
import { TlogError } from "./errors.ts";
import { createHasher, equalBytes, type Hasher, utf8 } from "./hash.ts";
import {
	decodeEntryBundle,
	decodeHashTile,
	encodeEntryBundle,
	encodeHashTile,
	MAX_ENTRY_SIZE,
	newTiles,
	parseTilePath,
	splitStoredHashIndex,
	storedHashCount,
	storedHashIndex,
	type TileId,
	tileForNode,
	tileHashes,
	tileNodeReader,
	tilePath,
	tilesForNodes,
	tilesForSize,
	tileWidth,
} from "./tiles.ts";
import {
	consistencyProof,
	consistencyProofNodes,
	Frontier,
	inclusionProof,
	inclusionProofNodes,
	MemoryTree,
	rootHash,
	rootNodes,
} from "./tree.ts";

function code(c: string) {
	return (e: unknown) => e instanceof TlogError && e.code === c;
}

/** mulberry32, seeded. */
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

const hasher: Hasher = createHasher((d) => {
	const b = hash("sha256", d, "buffer");
	return new Uint8Array(b.buffer, b.byteOffset, b.length);
});

const describeTiles = (tiles: TileId[]) => tiles.map((t) => `${t.level}/${t.index}/${t.width}`);

describe("tile paths (c2sp.org/tlog-tiles)", () => {
	it("writes N in x-prefixed 3-digit groups and partial widths as .p/W", () => {
		assert.equal(tilePath({ level: 0, index: 1234067, width: 256 }), "tile/0/x001/x234/067");
		assert.equal(tilePath({ level: 0, index: 1234067, width: 8 }), "tile/0/x001/x234/067.p/8");
		assert.equal(tilePath({ level: 2, index: 0, width: 1 }), "tile/2/000.p/1");
		assert.equal(tilePath({ level: 63, index: 999, width: 256 }), "tile/63/999");
		assert.equal(tilePath({ level: 1, index: 1000, width: 256 }), "tile/1/x001/000");
		assert.equal(tilePath({ level: "entries", index: 5, width: 255 }), "tile/entries/005.p/255");
		assert.equal(
			tilePath({ level: 0, index: Number.MAX_SAFE_INTEGER, width: 256 }),
			"tile/0/x009/x007/x199/x254/x740/991",
		);
		for (const bad of [
			{ level: 64, index: 0, width: 256 },
			{ level: -1, index: 0, width: 256 },
			{ level: 0, index: -1, width: 256 },
			{ level: 0, index: 2 ** 53, width: 256 },
			{ level: 0, index: 0, width: 0 },
			{ level: 0, index: 0, width: 257 },
			{ level: 0.5, index: 0, width: 1 },
			{ level: "hashes", index: 0, width: 1 },
		])
			assert.throws(() => tilePath(bad as TileId), code("TLOG_BAD_INPUT"), JSON.stringify(bad));
	});

	it("parses exactly the paths it writes", () => {
		const r = prng(1);
		for (let i = 0; i < 2000; i++) {
			const tile: TileId = {
				level: r(10) === 0 ? "entries" : r(64),
				index: [r(1000), r(1_000_000), r(2 ** 31) * r(2 ** 22), Number.MAX_SAFE_INTEGER][r(4)]!,
				width: r(3) === 0 ? 256 : 1 + r(255),
			};
			assert.deepEqual(parseTilePath(tilePath(tile)), tile);
		}
	});

	const bad = [
		"tile/00/000",
		"tile/01/000",
		"tile/64/000",
		"tile/-1/000",
		"tile/1/1",
		"tile/1/01",
		"tile/1/0000",
		"tile/1/x000/001",
		"tile/1/x001",
		"tile/1/x001/",
		"tile/1/001/",
		"tile/1/001.p/0",
		"tile/1/001.p/256",
		"tile/1/001.p/01",
		"tile/1/001.p/",
		"tile/1/001.p",
		"tile/1/001.P/5",
		"tile/1/001.p/5/",
		"tile/1/y001/002",
		"tile/1/X001/002",
		"/tile/1/001",
		"tile//001",
		"tile/entry/001",
		"tile/entries/001.p/300",
		"tile/0/x009/x007/x199/x254/x740/992",
		"tile/0/x001/x009/x007/x199/x254/x740/991",
		"tile/1/\u0661\u0662\u0663",
		"tile/1/001\n",
		"tile/1/001?x=1",
		"tile/1/00a",
		"",
	];
	for (const path of bad)
		it(`refuses ${JSON.stringify(path)}`, () =>
			assert.throws(() => parseTilePath(path), code("TLOG_TILE_MALFORMED")));
});

describe("which tiles a tree has", () => {
	it("matches the spec's examples: sizes 70,000 and 256", () => {
		const t = tilesForSize(70000);
		const at = (level: number) => t.filter((x) => x.level === level);
		assert.equal(at(0).filter((x) => x.width === 256).length, 273);
		assert.deepEqual(describeTiles(at(0).filter((x) => x.width < 256)), ["0/273/112"]);
		assert.deepEqual(describeTiles(at(1)), ["1/0/256", "1/1/17"]);
		assert.deepEqual(describeTiles(at(2)), ["2/0/1"]);
		assert.equal(t.length, 273 + 1 + 2 + 1);
		assert.deepEqual(describeTiles(tilesForSize(256)), ["0/0/256", "1/0/1"]);
		assert.deepEqual(tilesForSize(0), []);
		assert.deepEqual(describeTiles(tilesForSize(1)), ["0/0/1"]);
		assert.equal(tileWidth(0, 273, 70000), 112);
		assert.equal(tileWidth(0, 274, 70000), 0);
		assert.equal(tileWidth(2, 0, 70000), 1);
		assert.equal(tileWidth(3, 0, 70000), 0);
	});

	it("newTiles lists exactly the tiles that appear or widen as a log grows", () => {
		const r = prng(2);
		let size = 0;
		const seen = new Set<string>();
		for (let step = 0; step < 120; step++) {
			const next = size + [0, 1, r(10), r(300), r(5000), 65536 - (size % 65536)][r(6)]!;
			const before = new Set(tilesForSize(size).map(tilePath));
			const after = new Set(tilesForSize(next).map(tilePath));
			const fresh = newTiles(size, next).map(tilePath);
			assert.deepEqual(
				new Set(fresh),
				new Set([...after].filter((p) => !before.has(p))),
				`${size} → ${next}`,
			);
			for (const p of fresh) seen.add(p);
			size = next;
		}
		for (const t of tilesForSize(size)) assert.ok(seen.has(tilePath(t)));
		assert.throws(() => newTiles(10, 9), code("TLOG_BAD_INPUT"));
		// Near 2^53: the last leaf only widens its level-0 tile; the tree reaches up to a level-6 tile.
		const max = Number.MAX_SAFE_INTEGER;
		assert.deepEqual(describeTiles(newTiles(max - 1, max)), ["0/35184372088831/255"]);
		assert.deepEqual(describeTiles(newTiles(max - 256, max - 255)), [
			"0/35184372088830/256",
			"1/137438953471/255",
		]);
		assert.equal(tileWidth(6, 0, max), 31);
		assert.equal(tileWidth(7, 0, max), 0);
	});
});

describe("where a node lives", () => {
	it("finds the tile, the first hash and how many hashes fold into it", () => {
		assert.deepEqual(tileForNode(0, 300, 1000), {
			tile: { level: 0, index: 1, width: 256 },
			start: 44,
			count: 1,
		});
		assert.deepEqual(tileForNode(3, 5, 70000), {
			tile: { level: 0, index: 0, width: 256 },
			start: 40,
			count: 8,
		});
		assert.deepEqual(tileForNode(8, 1, 70000), {
			tile: { level: 1, index: 0, width: 256 },
			start: 1,
			count: 1,
		});
		assert.deepEqual(tileForNode(12, 0, 70000), {
			tile: { level: 1, index: 0, width: 256 },
			start: 0,
			count: 16,
		});
		assert.deepEqual(tileForNode(9, 135, 70000), {
			tile: { level: 1, index: 1, width: 17 },
			start: 14,
			count: 2,
		});
		assert.deepEqual(tileForNode(16, 0, 70000), {
			tile: { level: 2, index: 0, width: 1 },
			start: 0,
			count: 1,
		});
		assert.deepEqual(tileForNode(0, 69999, 70000), {
			tile: { level: 0, index: 273, width: 112 },
			start: 111,
			count: 1,
		});
		for (const [level, index, size] of [
			[1, 2, 5],
			[0, 5, 5],
			[8, 1, 511],
			[9, 136, 70000],
			[-1, 0, 10],
			[512, 0, 10],
		] as const)
			assert.throws(() => tileForNode(level, index, size), code("TLOG_BAD_INPUT"));
	});

	it("orders stored hashes as Go's tlog does: each leaf followed by the subtrees it completes", () => {
		const f = new Frontier(0, [], hasher);
		let position = 0;
		for (let i = 0; i < 2000; i++) {
			f.append(utf8(String(i)), (level, index) => {
				assert.equal(storedHashIndex(level, index), position);
				assert.deepEqual(splitStoredHashIndex(position), { level, index });
				position++;
			});
			assert.equal(storedHashCount(i + 1), position);
		}
		assert.equal(storedHashCount(0), 0);
		assert.equal(storedHashIndex(0, 2 ** 51), 2 ** 52 - 1);
		assert.throws(() => storedHashIndex(0, Number.MAX_SAFE_INTEGER), code("TLOG_BAD_INPUT"));
		assert.throws(() => storedHashIndex(54, 0), code("TLOG_BAD_INPUT"));
	});
});

describe("hash tiles and entry bundles", () => {
	const h = (i: number) => hasher.leafHash(utf8(String(i)));

	it("hash tiles are concatenated hashes, 1 to 256 of them", () => {
		const hashes = Array.from({ length: 256 }, (_, i) => h(i));
		const data = encodeHashTile(hashes);
		assert.equal(data.length, 8192);
		assert.deepEqual(decodeHashTile(data, 256), hashes);
		assert.deepEqual(decodeHashTile(data.subarray(0, 64)), hashes.slice(0, 2));
		for (const [bytes, width] of [
			[new Uint8Array(0), undefined],
			[new Uint8Array(33), undefined],
			[new Uint8Array(257 * 32), undefined],
			[new Uint8Array(64), 3],
		] as const)
			assert.throws(() => decodeHashTile(bytes, width), code("TLOG_TILE_MALFORMED"));
		assert.throws(() => encodeHashTile([]), code("TLOG_BAD_INPUT"));
		assert.throws(() => encodeHashTile([new Uint8Array(31)]), code("TLOG_BAD_INPUT"));
		assert.throws(() => encodeHashTile(Array.from({ length: 257 }, () => h(0))), code("TLOG_BAD_INPUT"));
	});

	it("entry bundles are uint16-length-prefixed entries, and hash to the level-0 tile", () => {
		const entries = [
			new Uint8Array(0),
			utf8("检测报告"),
			new Uint8Array(MAX_ENTRY_SIZE).fill(7),
			Uint8Array.of(0),
		];
		const data = encodeEntryBundle(entries);
		assert.equal(data.length, 2 * 4 + 0 + 12 + MAX_ENTRY_SIZE + 1);
		assert.deepEqual([...data.subarray(0, 4)], [0, 0, 0, 12]);
		assert.deepEqual(decodeEntryBundle(data, 4), entries);
		const tile = encodeHashTile(entries.map((e) => hasher.leafHash(e)));
		assert.deepEqual(
			decodeEntryBundle(data).map((e) => hasher.leafHash(e)),
			decodeHashTile(tile),
		);
		for (const [bytes, width] of [
			[new Uint8Array(0), undefined],
			[Uint8Array.of(0), undefined],
			[Uint8Array.of(0, 2, 1), undefined],
			[Uint8Array.of(0, 0, 0), undefined],
			[data, 3],
			[encodeEntryBundle(Array.from({ length: 256 }, () => new Uint8Array(0))).slice(0, 510), 256],
			[new Uint8Array(257 * 2), undefined],
		] as const)
			assert.throws(() => decodeEntryBundle(bytes, width), code("TLOG_TILE_MALFORMED"));
		assert.throws(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)]), code("TLOG_BAD_INPUT"));
		assert.throws(() => encodeEntryBundle([]), code("TLOG_BAD_INPUT"));
		assert.throws(
			() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(0))),
			code("TLOG_BAD_INPUT"),
		);
	});
});

describe("roots and proofs from tiles alone", () => {
	// One tree of 70,000 random-length entries; each test size uses its prefix.
	const r = prng(3);
	const FULL = 70000;
	const tree = new MemoryTree(hasher);
	for (let i = 0; i < FULL; i++) tree.append(Uint8Array.from({ length: r(64) }, () => r(256)));

	/** What a log would publish at `size`: every tile's bytes by path. */
	function publish(size: number): Map<string, Uint8Array> {
		const files = new Map<string, Uint8Array>();
		for (const t of tilesForSize(size)) files.set(tilePath(t), encodeHashTile(tileHashes(t, tree.read)));
		return files;
	}

	function reader(size: number, files: Map<string, Uint8Array>, fetched?: Set<string>) {
		return tileNodeReader(
			size,
			(t) => {
				fetched?.add(tilePath(t));
				return files.get(tilePath(t)) ?? assert.fail(`no tile ${tilePath(t)}`);
			},
			hasher,
		);
	}

	for (const size of [1, 2, 3, 255, 256, 257, 511, 512, 513, 1000, 65535, 65536, 65537, FULL, 1 + r(FULL)]) {
		it(`size ${size}: the root, inclusion and consistency proofs rebuilt from tiles equal the tree's`, () => {
			const files = publish(size);
			const read = reader(size, files);
			assert.ok(equalBytes(rootHash(size, read, hasher), tree.root(size)));
			const indexes = new Set([0, size - 1, Math.floor(size / 2), r(size), r(size), r(size)]);
			for (const i of indexes)
				assert.deepEqual(inclusionProof(i, size, read, hasher), tree.inclusionProof(i, size));
			for (const m of new Set([1, size, Math.max(1, size - 1), 1 + r(size), 1 + r(size)]))
				assert.deepEqual(consistencyProof(m, size, read, hasher), tree.consistencyProof(m, size));
		});
	}

	it("a verifier fetches only the few tiles a proof needs, and can list them up front", () => {
		const size = FULL;
		const files = publish(size);
		for (const i of [0, 12345, 69999]) {
			const nodes = inclusionProofNodes(i, size);
			const planned = new Set(tilesForNodes(nodes, size).map(tilePath));
			const fetched = new Set<string>();
			inclusionProof(i, size, reader(size, files, fetched), hasher);
			assert.deepEqual(fetched, planned);
			assert.ok(planned.size <= 4, `${planned.size} tiles`);
		}
		const nodes = [...rootNodes(size), ...consistencyProofNodes(1000, size)];
		assert.ok(tilesForNodes(nodes, size).length <= 5);
	});

	it("uses the full tile when a partial one was replaced by it", () => {
		// At size 600 tile 0/1 is full; a verifier at size 400 asks for 0/1.p/144 and gets the full one.
		const files = publish(600);
		const read = tileNodeReader(
			400,
			(t) =>
				files.get(tilePath({ ...t, width: t.level === 0 && t.index === 1 ? 256 : t.width })) ??
				publish(400).get(tilePath(t))!,
			hasher,
		);
		assert.ok(equalBytes(rootHash(400, read, hasher), tree.root(400)));
	});

	it("refuses tiles of the wrong width, and a changed tile changes the root", () => {
		const files = publish(1000);
		const wrong = tileNodeReader(1000, (t) => files.get(tilePath(t))!.subarray(32), hasher);
		assert.throws(() => rootHash(1000, wrong, hasher), code("TLOG_TILE_MALFORMED"));
		const tampered = tileNodeReader(
			1000,
			(t) => {
				const data = files.get(tilePath(t))!.slice();
				data[0]! ^= 1;
				return data;
			},
			hasher,
		);
		assert.ok(!equalBytes(rootHash(1000, tampered, hasher), tree.root(1000)));
		assert.throws(
			() => tileHashes({ level: "entries", index: 0, width: 1 }, tree.read),
			code("TLOG_BAD_INPUT"),
		);
		assert.throws(
			() => tileHashes({ level: 0, index: 0, width: 1 }, () => new Uint8Array(1)),
			code("TLOG_BAD_INPUT"),
		);
	});
});
