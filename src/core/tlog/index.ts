/**
 * The transparency-log core: pure, synchronous, browser-safe (no node: imports), one spec per file.
 *
 * - errors.ts      — TlogError and its stable codes.
 * - hash.ts        — RFC 9162 §2.1.1 leaf/node hashing with an injectable SHA-256; constant-time compare;
 *                    canonical base64 (RFC 4648 §4), hex, strict UTF-8.
 * - tree.ts        — RFC 9162 §2.1.1 MTH, §2.1.3.1 inclusion and §2.1.4.1 consistency proof generation over
 *                    stored complete-subtree hashes; Frontier (compact range) for bulk appends; MemoryTree.
 * - proof.ts       — RFC 9162 §2.1.3.2 inclusion and §2.1.4.2 consistency proof verification.
 * - note.ts        — c2sp.org/signed-note: parse, open (verify), sign; key IDs; Ed25519 vkey/skey strings.
 * - checkpoint.ts  — c2sp.org/tlog-checkpoint: note text parse/format; opening under a log/witness policy.
 * - cosignature.ts — c2sp.org/tlog-cosignature, Ed25519 cosignature/v1 (key type 0x04) for witnesses
 *                    (c2sp.org/tlog-witness cosigns with it).
 * - tiles.ts       — c2sp.org/tlog-tiles (height 8): tile paths, tile sets, hash tiles, entry bundles,
 *                    node location, a NodeReader over tiles; Go's stored-hash index.
 * - tlog-proof.ts  — c2sp.org/tlog-proof: offline proof files, format/parse/verify.
 * - witness.ts     — c2sp.org/tlog-witness: add-checkpoint bodies, a witness's decision, answers.
 *
 * Tested against the transparency-dev/merkle, CCTV, C2SP and transparency-dev/formats vectors in
 * test/fixtures/tlog/.
 */
export {
	type Checkpoint,
	type CheckpointPolicy,
	formatCheckpoint,
	type OpenedCheckpoint,
	openCheckpoint,
	parseCheckpoint,
} from "./checkpoint.ts";
export {
	type Clock,
	COSIGNATURE_V1_KEY_TYPE,
	cosign,
	cosignatureMessage,
	cosignatureSigner,
	cosignatureTimestamp,
	cosignatureVerifier,
	encodeCosignatureVerifierKey,
	generateCosignatureKey,
	parseCosignatureSignerKey,
	parseCosignatureVerifierKey,
} from "./cosignature.ts";
export { TlogError, type TlogErrorCode } from "./errors.ts";
export {
	concatBytes,
	createHasher,
	defaultHasher,
	EMPTY_ROOT,
	equalBytes,
	fromBase64,
	fromHex,
	fromUtf8,
	HASH_SIZE,
	type Hasher,
	isHash,
	type Sha256,
	toBase64,
	toHex,
	utf8,
} from "./hash.ts";
export {
	decodeSignerKey,
	decodeVerifierKey,
	ED25519_KEY_TYPE,
	ed25519Signer,
	ed25519Verifier,
	encodeSignerKey,
	encodeVerifierKey,
	formatNote,
	formatSignatureLine,
	generateKey,
	isValidKeyName,
	keyId,
	MAX_NOTE_SIGNATURES,
	type Note,
	type NoteSignature,
	type NoteSigner,
	type NoteVerifier,
	type OpenedNote,
	openNote,
	parseNote,
	parseSignatureLine,
	parseSignerKey,
	parseVerifierKey,
	randomSeed,
	signNote,
	type VerifierKey,
} from "./note.ts";
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from "./proof.ts";
export {
	decodeEntryBundle,
	decodeHashTile,
	encodeEntryBundle,
	encodeHashTile,
	MAX_ENTRY_SIZE,
	type NodeLocation,
	newTiles,
	parseTilePath,
	splitStoredHashIndex,
	storedHashCount,
	storedHashIndex,
	TILE_HEIGHT,
	TILE_WIDTH,
	type TileId,
	type TileSource,
	tileForNode,
	tileHashes,
	tileNodeReader,
	tilePath,
	tilesForNodes,
	tilesForSize,
	tileWidth,
} from "./tiles.ts";
export {
	formatTlogProof,
	parseTlogProof,
	TLOG_PROOF_HEADER,
	type TlogProof,
	type VerifiedTlogProof,
	verifyTlogProof,
} from "./tlog-proof.ts";
export {
	checkCount,
	consistencyProof,
	consistencyProofNodes,
	Frontier,
	inclusionProof,
	inclusionProofNodes,
	MemoryTree,
	type NodeId,
	type NodeReader,
	type NodeSink,
	readerFromNodes,
	rootHash,
	rootNodes,
} from "./tree.ts";
export {
	ADD_CHECKPOINT_PATH,
	type AddCheckpointRequest,
	decideAddCheckpoint,
	formatAddCheckpoint,
	formatSizeAnswer,
	MAX_ADD_CHECKPOINT_BYTES,
	MAX_PROOF_LINES,
	openCosignatures,
	parseAddCheckpoint,
	parseSizeAnswer,
	refusalAnswer,
	TLOG_SIZE_CONTENT_TYPE,
	type WitnessAnswer,
	type WitnessDecision,
	type WitnessPolicy,
	type WitnessRefusal,
	type WitnessRefusalCode,
	type WitnessState,
} from "./witness.ts";
