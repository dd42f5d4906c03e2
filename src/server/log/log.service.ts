/**
 * The transparency log's tree and checkpoints. Entries are appended with the register changes they record
 * (journal.service.ts); this module folds them into the RFC 9162 Merkle tree, signs checkpoints
 * (c2sp.org/tlog-checkpoint), serves tiles (c2sp.org/tlog-tiles) and proofs.
 *
 * Signing is batched: a writer waits for the next checkpoint that covers its entries, and one run serves
 * everyone who was waiting when it began. A run holds the log's lock (an advisory lock on PostgreSQL, the
 * write lock on SQLite), rebuilds the right edge of the tree from what is stored, checks it against the
 * last signed root, adds the new leaves, stores the completed tile-boundary nodes, and signs — all in one
 * transaction, so a crash anywhere leaves the last checkpoint as it was. It never signs a smaller tree, nor
 * a tree whose stored edge disagrees with what it signed before.
 *
 * With witnesses configured (witnesses.ts), each signing run is followed by a round of cosignature
 * requests, after the transaction and outside the lock, which nobody waits for.
 */
import { hash } from "node:crypto";
import type { Clock } from "../../core/dates.ts";
import { isoInstant } from "../../core/dates.ts";
import { formatCheckpoint } from "../../core/tlog/checkpoint.ts";
import { createHasher, equalBytes, type Hasher, toBase64, utf8 } from "../../core/tlog/hash.ts";
import { signNote } from "../../core/tlog/note.ts";
import {
	encodeEntryBundle,
	encodeHashTile,
	TILE_HEIGHT,
	TILE_WIDTH,
	type TileId,
	tileForNode,
	tileNodeReader,
	tilePath,
	tilesForNodes,
	tileWidth,
} from "../../core/tlog/tiles.ts";
import {
	consistencyProof,
	consistencyProofNodes,
	Frontier,
	inclusionProof,
	inclusionProofNodes,
	type NodeId,
	type NodeReader,
	rootNodes,
} from "../../core/tlog/tree.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { InputError, LogUnavailableError, NotFoundError } from "../errors.ts";
import { logSize } from "./journal.repository.ts";
import {
	type CheckpointRow,
	checkpointAt,
	entryTexts,
	insertCheckpoint,
	insertLeafTiles,
	insertNodes,
	latestCheckpoint,
	leafTile,
	lockCheckpoints,
	nodeHashes,
} from "./log.repository.ts";
import type { LogIdentity } from "./log-key.ts";
import { logWitnesses, WitnessCollector, type WitnessCollectorOptions } from "./witnesses.ts";

/** SHA-256 through node:crypto: several times noble's speed on entry-sized inputs. */
export const nodeHasher: Hasher = createHasher(
	(data) => hash("sha256", data, "buffer") as unknown as Uint8Array,
);

/** Leaves read per query while folding a backlog into the tree. */
const CHUNK = 20_000;

/** Leaf hashes of entries [from, to), hashed from their stored texts. */
async function hashedLeaves(db: Db, from: number, to: number, hasher: Hasher): Promise<Uint8Array[]> {
	return (await entryTexts(db, from, to)).map((t) => hasher.leafHash(utf8(t)));
}

/** Level-4 nodes stored after the leaves of each full level-0 tile (migration 0008). */
const TILE_NODE_LEVEL = 4;
const TILE_NODES = TILE_WIDTH >> TILE_NODE_LEVEL;
/** Bytes of a stored level-0 tile: 256 leaf hashes, then the 16 level-4 nodes over them. */
export const STORED_LEAF_TILE_BYTES = (TILE_WIDTH + TILE_NODES) * 32;

/** The sixteen level-4 nodes of a full tile, each present. */
function completeNodes(nodes: readonly (Uint8Array | undefined)[]): Uint8Array[] {
	const out = nodes.slice(0, TILE_NODES);
	if (out.length !== TILE_NODES || out.some((n) => n === undefined))
		throw new Error("a full leaf tile lacks one of its level-4 nodes");
	return out as Uint8Array[];
}

function subtreeHash(hashes: readonly Uint8Array[], hasher: Hasher): Uint8Array {
	let row = hashes;
	while (row.length > 1) {
		const up: Uint8Array[] = [];
		for (let i = 0; i < row.length; i += 2) up.push(hasher.nodeHash(row[i]!, row[i + 1]!));
		row = up;
	}
	return row[0]!;
}

/**
 * The stored bytes behind a tile (hash tile or entry bundle) of a tree of at least its extent: a full
 * level-0 tile is one row, its leaf hashes followed by its level-4 nodes; a partial one (the right edge,
 * under 256 leaves) is hashed from its entries.
 */
async function storedTile(db: Db, tile: TileId, hasher: Hasher): Promise<Uint8Array> {
	const from = tile.index * TILE_WIDTH;
	const to = from + tile.width;
	if (tile.level === "entries") {
		const texts = await entryTexts(db, from, to);
		if (texts.length !== tile.width) throw new Error(`log entries ${from}–${to} are not all stored`);
		return encodeEntryBundle(texts.map(utf8));
	}
	if (tile.level === 0 && tile.width === TILE_WIDTH) {
		const stored = await leafTile(db, tile.index);
		if (!stored || stored.length !== STORED_LEAF_TILE_BYTES)
			throw new Error(`log tile ${tilePath(tile)} is not stored`);
		return stored;
	}
	const hashes =
		tile.level === 0
			? await hashedLeaves(db, from, to, hasher)
			: await nodeHashes(db, tile.level * TILE_HEIGHT, from, to);
	if (hashes.length !== tile.width) throw new Error(`log tile ${tilePath(tile)} is not all stored`);
	return encodeHashTile(hashes);
}

/** The tile's own bytes, as /log/tile/… serves them. */
function servedPart(tile: TileId, stored: Uint8Array): Uint8Array {
	return tile.level === 0 ? stored.subarray(0, tile.width * 32) : stored;
}

/** The bytes of a tile (hash tile or entry bundle) of a tree of at least its extent. */
export async function readTile(db: Db, tile: TileId, hasher: Hasher = nodeHasher): Promise<Uint8Array> {
	return servedPart(tile, await storedTile(db, tile, hasher));
}

/**
 * Tiles and complete nodes never change, so a process may keep the ones it read or hashed: the upper
 * levels serve every proof. A partial tile never changes either (its path names its width); the right
 * edge's partial tiles serve every proof against their checkpoint, so they are kept too, and make way
 * for the next checkpoint's in the ordinary turnover.
 */
export class TileCache {
	readonly #tiles = new Map<string, Uint8Array>();
	/** Complete nodes at level 8 and above (each stands for 256+ leaves; they never change). */
	readonly #nodes = new Map<string, Uint8Array>();
	constructor(private readonly max = 4096) {}

	node(level: number, index: number): Uint8Array | undefined {
		return level >= TILE_HEIGHT ? this.#nodes.get(`${level}/${index}`) : undefined;
	}

	keepNode(level: number, index: number, hash: Uint8Array): void {
		if (level < TILE_HEIGHT || this.max === 0) return;
		if (this.#nodes.size >= this.max * 64) this.#nodes.delete(this.#nodes.keys().next().value!);
		this.#nodes.set(`${level}/${index}`, hash);
	}

	get(path: string): Uint8Array | undefined {
		return this.#tiles.get(path);
	}

	set(tile: TileId, path: string, bytes: Uint8Array): void {
		// A full level-0 tile is one indexed row, and proofs pick among all of them: keeping them would
		// only churn the heap (each is 8.5 KB), so only upper and partial tiles are kept.
		if (this.max === 0 || (tile.level === 0 && tile.width === TILE_WIDTH)) return;
		if (this.#tiles.size >= this.max) this.#tiles.delete(this.#tiles.keys().next().value!);
		this.#tiles.set(path, bytes);
	}
}

/** A reader for `nodes` of the tree of `size` leaves: their tiles are fetched together first. */
export async function readerFor(
	db: Db,
	nodes: readonly NodeId[],
	size: number,
	hasher: Hasher,
	cache?: TileCache,
): Promise<NodeReader> {
	// Nodes already known need no tile.
	const tiles = tilesForNodes(cache ? nodes.filter((n) => !cache.node(n.level, n.index)) : nodes, size);
	const bytes = await Promise.all(
		tiles.map(async (t) => {
			const path = tilePath(t);
			const known = cache?.get(path);
			if (known) return known;
			const b = await storedTile(db, t, hasher);
			cache?.set(t, path, b);
			return b;
		}),
	);
	const byPath = new Map(tiles.map((t, i) => [tilePath(t), bytes[i]!]));
	const stored = (t: TileId) => {
		const b = byPath.get(tilePath(t));
		if (!b) throw new Error(`tile ${tilePath(t)} was not fetched`);
		return b;
	};
	const fromTiles = tileNodeReader(size, (t) => servedPart(t, stored(t)), hasher);
	// Nodes at levels 4–7 of a full level-0 tile rise from its stored level-4 nodes, not its 256 leaves.
	const read: NodeReader = (level, index) => {
		if (level < TILE_NODE_LEVEL || level >= TILE_HEIGHT) return fromTiles(level, index);
		const { tile, start, count } = tileForNode(level, index, size);
		if (tile.width !== TILE_WIDTH) return fromTiles(level, index);
		const b = stored(tile);
		const first = TILE_WIDTH + (start >> TILE_NODE_LEVEL);
		const nodes: Uint8Array[] = [];
		for (let i = first; i < first + (count >> TILE_NODE_LEVEL); i++)
			nodes.push(b.subarray(i * 32, i * 32 + 32));
		return subtreeHash(nodes, hasher);
	};
	if (!cache) return read;
	return (level, index) => {
		const known = cache.node(level, index);
		if (known) return known;
		const h = read(level, index);
		cache.keepNode(level, index, h);
		return h;
	};
}

/**
 * Folds every entry appended since the last checkpoint into the tree and signs a checkpoint for the new
 * size; returns the newest checkpoint (the last one when nothing is new).
 */
export async function signPending(db: Db, identity: LogIdentity, clock: Clock, hasher: Hasher = nodeHasher) {
	return db.transaction().execute(async (trx): Promise<CheckpointRow | undefined> => {
		await lockCheckpoints(trx);
		const last = await latestCheckpoint(trx);
		const from = last?.size ?? 0;
		const size = await logSize(trx);
		if (size === from) return last;
		if (size < from)
			throw new LogUnavailableError(
				"TLOG_INCONSISTENT",
				`the log holds ${size} entries but a checkpoint for ${from} was signed; refusing to sign`,
				`日志仅有 ${size} 条，但已签署 ${from} 条的检查点；拒绝签署`,
			);
		const frontier =
			from === 0
				? new Frontier(0, [], hasher)
				: Frontier.fromReader(from, await readerFor(trx, rootNodes(from), from, hasher), hasher);
		if (last && !equalBytes(frontier.root(), last.root_hash))
			throw new LogUnavailableError(
				"TLOG_INCONSISTENT",
				`the stored tree of size ${from} no longer has the root its checkpoint signed; refusing to sign`,
				`已签署检查点（${from} 条）的树根与存储的数据不一致；拒绝签署`,
			);
		let nodes: { level: number; idx: number; hash: Buffer }[] = [];
		// The level-4 nodes of the tile being filled, as the frontier completes them (by index in the tile).
		let tileL4: (Uint8Array | undefined)[] = [];
		const keep = (level: number, idx: number, h: Uint8Array) => {
			if (level === TILE_NODE_LEVEL) tileL4[idx % TILE_NODES] = h;
			else if (level > 0 && level % TILE_HEIGHT === 0) nodes.push({ level, idx, hash: Buffer.from(h) });
		};
		// Leaves of the level-0 tile being filled: the ones signed before (hashed again from their entries),
		// then the new ones; each tile is stored as one row once its 256 leaves are in.
		const edge = from - (from % TILE_WIDTH);
		let tileLeaves: Uint8Array[] = await hashedLeaves(trx, edge, from, hasher);
		// Runs of 16 completed before this run began are not completed again: hash them from their leaves.
		for (let g = 0; (g + 1) << TILE_NODE_LEVEL <= tileLeaves.length; g++)
			tileL4[g] = subtreeHash(tileLeaves.slice(g << TILE_NODE_LEVEL, (g + 1) << TILE_NODE_LEVEL), hasher);
		let tiles: { idx: number; hashes: Buffer }[] = [];
		for (let at = from; at < size; at += CHUNK) {
			const end = Math.min(size, at + CHUNK);
			const leaves = await hashedLeaves(trx, at, end, hasher);
			if (leaves.length !== end - at)
				throw new LogUnavailableError(
					"TLOG_INCONSISTENT",
					`log entries ${at}–${end} have a gap; refusing to sign`,
					`日志条目 ${at}–${end} 不连续；拒绝签署`,
				);
			for (const h of leaves) {
				frontier.appendLeafHash(h, keep);
				tileLeaves.push(h);
				if (tileLeaves.length === TILE_WIDTH) {
					tiles.push({
						idx: (frontier.size - TILE_WIDTH) / TILE_WIDTH,
						hashes: Buffer.concat([...tileLeaves, ...completeNodes(tileL4)]),
					});
					tileLeaves = [];
					tileL4 = [];
				}
			}
			if (nodes.length >= 2_000 || tiles.length >= 64) {
				await insertNodes(trx, nodes);
				await insertLeafTiles(trx, tiles);
				nodes = [];
				tiles = [];
			}
		}
		await insertNodes(trx, nodes);
		await insertLeafTiles(trx, tiles);
		const root = frontier.root();
		const text = formatCheckpoint({ origin: identity.origin, size, rootHash: root, extensions: [] });
		const row: CheckpointRow = {
			size,
			root_hash: Buffer.from(root),
			note: signNote(text, [identity.signer]),
			created_at: isoInstant(clock.now()),
		};
		await insertCheckpoint(trx, row);
		return row;
	});
}

/** A published checkpoint, as the API and receipts present it. */
export interface PublishedCheckpoint {
	size: number;
	rootHash: string;
	note: string;
}

function published(row: CheckpointRow): PublishedCheckpoint {
	return { size: row.size, rootHash: toBase64(row.root_hash), note: row.note };
}

/** A number parameter within bounds, or a 400 naming it. */
function checkIndex(value: number, field: string, max: number, maxText: string): void {
	if (!Number.isSafeInteger(value) || value < 0 || value > max)
		throw new InputError(
			"TLOG_RANGE",
			`${field}: must be a whole number from 0 to ${maxText}`,
			`${field}：应为 0 至 ${maxText} 的整数`,
			field,
			"RANGE",
		);
}

/** The log as one server process uses it: signing on demand, proofs and tiles. */
export class TransparencyLog {
	#latest: CheckpointRow | undefined;
	#running: Promise<CheckpointRow | undefined> | null = null;
	#witnesses: WitnessCollector | null = null;
	readonly #tiles = new TileCache();

	constructor(
		readonly db: Db,
		readonly identity: LogIdentity,
		readonly clock: Clock,
		readonly hasher: Hasher = nodeHasher,
	) {}

	/** The witnesses asked to cosign each new checkpoint; null when none are configured. */
	get witnesses(): WitnessCollector | null {
		return this.#witnesses;
	}

	/**
	 * Asks the configured witnesses (OPENTIC_LOG_WITNESSES) to cosign every checkpoint from now on, and
	 * serves /log/checkpoint under their quorum. Nothing changes when none are configured.
	 */
	attachWitnesses(
		config: Pick<Config, "logWitnesses" | "logWitnessQuorum">,
		options: Pick<WitnessCollectorOptions, "report" | "timeoutMs" | "fetch"> = {},
	): void {
		if (config.logWitnesses.length === 0) return;
		this.#witnesses = new WitnessCollector({
			...options,
			db: this.db,
			witnesses: logWitnesses(config.logWitnesses),
			quorum: config.logWitnessQuorum,
			proof: (from, to) => this.#consistencyProof(from, to),
			clock: this.clock,
		});
	}

	async #consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
		const read = await readerFor(this.db, consistencyProofNodes(from, to), to, this.hasher);
		return consistencyProof(from, to, read, this.hasher);
	}

	/** Signs what is pending now; concurrent callers share one run. */
	signPending(): Promise<CheckpointRow | undefined> {
		if (!this.#running)
			this.#running = signPending(this.db, this.identity, this.clock, this.hasher)
				.then((cp) => {
					if (cp && (!this.#latest || cp.size > this.#latest.size)) this.#latest = cp;
					// The run has committed and released the lock: witnesses are asked now, in the background.
					if (cp && this.#witnesses) void this.#witnesses.collect(cp.size);
					return cp;
				})
				.finally(() => {
					this.#running = null;
				});
		return this.#running;
	}

	/** Resolves once a signed checkpoint covers the first `size` entries (they must be committed). */
	async covering(size: number): Promise<PublishedCheckpoint> {
		// A run that began before these entries were committed may not include them: wait it out, then
		// start (or join) the next. Two runs at most.
		for (let attempt = 0; attempt < 3; attempt++) {
			if (this.#latest && this.#latest.size >= size) return published(this.#latest);
			const running = this.#running;
			if (running) await running.catch(() => undefined);
			else await this.signPending();
		}
		if (this.#latest && this.#latest.size >= size) return published(this.#latest);
		throw new Error(`no checkpoint covers ${size} entries after signing`);
	}

	/** The newest signed checkpoint (from the database: another instance may have signed since). */
	async latest(): Promise<PublishedCheckpoint | undefined> {
		const row = await latestCheckpoint(this.db);
		this.#latestReadAt = Date.now();
		if (row && (!this.#latest || row.size > this.#latest.size)) this.#latest = row;
		return row && published(row);
	}

	/**
	 * The size of the newest checkpoint this process knows, read again from the database when older than
	 * `maxAgeMs` (0 when there is none): for caches keyed by the checkpoint, which may lag another instance's
	 * signing by that long. This process's own signing is seen at once.
	 */
	async latestSize(maxAgeMs: number): Promise<number> {
		if (Date.now() - this.#latestReadAt > maxAgeMs) await this.latest();
		return this.#latest?.size ?? 0;
	}
	#latestReadAt = 0;

	/**
	 * The signed note /log/checkpoint serves. With witnesses, the newest checkpoint that met their quorum
	 * (undefined while none has), with the cosignature lines collected for it appended; else the newest.
	 */
	async servedCheckpoint(): Promise<string | undefined> {
		if (!this.#witnesses) return (await this.latest())?.note;
		return this.#witnesses.served();
	}

	async #latestOrFail(): Promise<PublishedCheckpoint> {
		const cp = await this.latest();
		if (!cp) throw new NotFoundError("TLOG_EMPTY", "the log has no checkpoint yet", "日志尚无检查点");
		return cp;
	}

	/** The bytes of a tile, if the latest checkpoint's tree has it at that width or wider. */
	async tile(tile: TileId): Promise<Uint8Array | undefined> {
		const cp = await this.latest();
		if (!cp) return undefined;
		const have =
			tile.level === "entries"
				? tileWidth(0, tile.index, cp.size)
				: tileWidth(tile.level, tile.index, cp.size);
		if (have < tile.width) return undefined;
		return readTile(this.db, tile);
	}

	/** RFC 9162 inclusion proof of entry `index` in the tree of `size` (default: the latest checkpoint). */
	async inclusion(index: number, size?: number) {
		const cp = await this.#latestOrFail();
		const treeSize = size ?? cp.size;
		checkIndex(treeSize, "size", cp.size, `${cp.size}（最新检查点）`);
		checkIndex(index, "index", treeSize - 1, String(treeSize - 1));
		// The leaf itself comes from the same level-0 tile as its siblings.
		const read = await readerFor(
			this.db,
			[...inclusionProofNodes(index, treeSize), { level: 0, index }],
			treeSize,
			this.hasher,
			this.#tiles,
		);
		const proof = inclusionProof(index, treeSize, read, this.hasher);
		const at =
			treeSize === cp.size ? cp : await checkpointAt(this.db, treeSize).then((r) => r && published(r));
		return {
			index,
			size: treeSize,
			leafHash: toBase64(read(0, index)),
			proof: proof.map(toBase64),
			checkpoint: at ?? null,
		};
	}

	/** RFC 9162 consistency proof between the trees of `from` and `to` (default: the latest checkpoint). */
	async consistency(from: number, to?: number) {
		const cp = await this.#latestOrFail();
		const size2 = to ?? cp.size;
		checkIndex(size2, "to", cp.size, `${cp.size}（最新检查点）`);
		checkIndex(from, "from", size2, String(size2));
		if (from === 0)
			throw new InputError(
				"TLOG_RANGE",
				"from: a consistency proof starts from a tree of at least one entry",
				"from：一致性证明须从至少一条记录的树开始",
				"from",
				"RANGE",
			);
		const proof =
			from === size2
				? []
				: consistencyProof(
						from,
						size2,
						await readerFor(this.db, consistencyProofNodes(from, size2), size2, this.hasher, this.#tiles),
						this.hasher,
					);
		const [a, b] = await Promise.all([checkpointAt(this.db, from), checkpointAt(this.db, size2)]);
		return {
			from,
			to: size2,
			proof: proof.map(toBase64),
			fromCheckpoint: a ? published(a) : null,
			toCheckpoint: b ? published(b) : null,
		};
	}
}
