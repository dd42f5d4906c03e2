/**
 * The transparency log over HTTP.
 *
 * - `/log/checkpoint`, `/log/tile/<L>/<N>[.p/<W>]`, `/log/tile/entries/<N>[.p/<W>]`: the static read API of
 *   c2sp.org/tlog-tiles, which any C2SP-speaking verifier reads without our code. Tiles never change once
 *   served (a partial tile is a prefix of its full one), so they are cached for good; the checkpoint is
 *   revalidated on every use.
 * - `/log/key`: the log's verifier key (c2sp.org/signed-note), one line.
 * - `/api/v1/log/…`: the latest checkpoint as JSON, inclusion and consistency proofs, single entries.
 */

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { toBase64, utf8 } from "../../core/tlog/hash.ts";
import { parseTilePath, type TileId } from "../../core/tlog/tiles.ts";
import { NotFoundError } from "../errors.ts";
import { Nullable, ReadErrors } from "../http/schemas.ts";
import { entryAt } from "./log.repository.ts";
import type { TransparencyLog } from "./log.service.ts";
import type { RecordProof } from "./record-proof.ts";

const TEXT = "text/plain; charset=utf-8";
const IMMUTABLE = "public, max-age=31536000, immutable";

/** The static read API, at the site's root. */
export function logStaticRoutes(log: TransparencyLog) {
	return async (app: FastifyInstance): Promise<void> => {
		// With witnesses, the checkpoint carries their cosignature lines after the log's own signature, and
		// under a quorum it is the newest checkpoint that met it (log.service.ts servedCheckpoint).
		app.get("/log/checkpoint", { schema: { hide: true } }, async (_req, reply) => {
			const note = await log.servedCheckpoint();
			reply.header("cache-control", "no-cache").header("access-control-allow-origin", "*");
			if (!note)
				return reply
					.status(404)
					.type(TEXT)
					.send(
						log.witnesses?.quorum ? "no checkpoint has met the witness quorum yet\n" : "no checkpoint yet\n",
					);
			return reply.type(TEXT).send(note);
		});

		app.get("/log/key", { schema: { hide: true } }, async (_req, reply) =>
			reply
				.header("cache-control", "public, max-age=3600")
				.header("access-control-allow-origin", "*")
				.type(TEXT)
				.send(`${log.identity.verifierKey}\n`),
		);

		app.get("/log/tile/*", { schema: { hide: true } }, async (req, reply) => {
			let tile: TileId;
			try {
				tile = parseTilePath(`tile/${(req.params as { "*": string })["*"]}`);
			} catch {
				return reply.status(404).type(TEXT).send("not a tile path (c2sp.org/tlog-tiles)\n");
			}
			const bytes = await log.tile(tile);
			reply.header("access-control-allow-origin", "*");
			if (!bytes)
				return reply.status(404).header("cache-control", "no-cache").type(TEXT).send("no such tile yet\n");
			return reply
				.header("cache-control", IMMUTABLE)
				.type("application/octet-stream")
				.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
		});
	};
}

const Checkpoint = Type.Object({
	size: Type.Integer({ description: "Number of entries in the tree" }),
	rootHash: Type.String({ description: "RFC 9162 Merkle tree hash, base64" }),
	note: Type.String({
		description: "The signed checkpoint (c2sp.org/tlog-checkpoint), with the log's own signature",
	}),
});

const Count = (description: string) =>
	Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

/** Proofs and entries under /api/v1/log. */
export function logApiRoutes(log: TransparencyLog): FastifyPluginAsyncTypebox {
	return async (app) => {
		app.get(
			"/log/checkpoint",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["log"],
					summary: "The latest signed checkpoint and the log's verifier key",
					response: {
						200: Type.Object({
							origin: Type.String(),
							verifierKey: Type.String({ description: "c2sp.org/signed-note verifier key" }),
							checkpoint: Checkpoint,
							witnessed: Nullable(
								Type.String({
									description:
										"The note /log/checkpoint serves: with witnesses, the newest checkpoint that met their quorum with their cosignature lines (null while none has); without, the latest",
								}),
							),
						}),
						...ReadErrors,
					},
				},
			},
			async (_req, reply) => {
				const cp = await log.latest();
				if (!cp) throw new NotFoundError("TLOG_EMPTY", "the log has no checkpoint yet", "日志尚无检查点");
				reply.header("cache-control", "no-cache");
				return {
					origin: log.identity.origin,
					verifierKey: log.identity.verifierKey,
					checkpoint: cp,
					witnessed: (await log.servedCheckpoint()) ?? null,
				};
			},
		);

		app.get(
			"/log/proof/inclusion",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["log"],
					summary: "RFC 9162 inclusion proof of an entry",
					description:
						"Proves that entry `index` is in the tree of `size` entries (default: the latest checkpoint). `checkpoint` is the signed checkpoint of that size when one was published.",
					querystring: Type.Object({ index: Count("Entry index"), size: Type.Optional(Count("Tree size")) }),
					response: {
						200: Type.Object({
							index: Type.Integer(),
							size: Type.Integer(),
							leafHash: Type.String({ description: "SHA-256(0x00 ‖ entry), base64" }),
							proof: Type.Array(Type.String(), { description: "Hashes from the leaf up, base64" }),
							checkpoint: Type.Union([Checkpoint, Type.Null()]),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => log.inclusion(req.query.index, req.query.size),
		);

		app.get(
			"/log/proof/consistency",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["log"],
					summary: "RFC 9162 consistency proof between two tree sizes",
					description:
						"Proves that the tree of `to` entries (default: the latest checkpoint) extends the tree of `from`.",
					querystring: Type.Object({
						from: Count("Older tree size, at least 1"),
						to: Type.Optional(Count("Newer tree size")),
					}),
					response: {
						200: Type.Object({
							from: Type.Integer(),
							to: Type.Integer(),
							proof: Type.Array(Type.String(), { description: "Hashes, base64" }),
							fromCheckpoint: Type.Union([Checkpoint, Type.Null()]),
							toCheckpoint: Type.Union([Checkpoint, Type.Null()]),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => log.consistency(req.query.from, req.query.to),
		);

		app.get(
			"/log/entries/:index",
			{
				config: { auth: { public: true } },
				schema: {
					tags: ["log"],
					summary: "One log entry",
					description: "The entry's canonical JSON text, exactly the bytes its leaf hash covers.",
					params: Type.Object({ index: Count("Entry index") }),
					response: {
						200: Type.Object({
							index: Type.Integer(),
							entry: Type.String({ description: "Canonical JSON (RFC 8785)" }),
							leafHash: Type.String(),
							appendedAt: Type.String(),
						}),
						...ReadErrors,
					},
				},
			},
			async (req) => {
				const cp = await log.latest();
				const row = cp && req.params.index < cp.size ? await entryAt(log.db, req.params.index) : undefined;
				if (!row)
					throw new NotFoundError(
						"TLOG_NO_ENTRY",
						"no such entry in a signed checkpoint",
						"已签署的检查点中没有该条目",
					);
				return {
					index: Number(row.idx),
					entry: row.entry,
					leafHash: toBase64(log.hasher.leafHash(utf8(row.entry))),
					appendedAt: (JSON.parse(row.entry) as { at: string }).at,
				};
			},
		);
	};
}

/** A record's proof, as GET /certificates/{number}/proof and /reports/{number}/proof answer it. */
export const RecordProofBody = Type.Object(
	{
		index: Type.Integer({ description: "Index of the record's newest log entry" }),
		entry: Type.String({ description: "The entry, canonical JSON (RFC 8785)" }),
		tlogProof: Type.String({
			description:
				"c2sp.org/tlog-proof file for the entry in the latest checkpoint; its `extra` line is the entry itself",
		}),
		origin: Type.String(),
		verifierKey: Type.String(),
		size: Type.Integer({ description: "Size of the checkpoint the proof is against" }),
	},
	{ title: "RecordProof" },
);

/** `format=tlog-proof` downloads the proof file itself. */
export const ProofFormat = Type.Optional(
	Type.Union([Type.Literal("json"), Type.Literal("tlog-proof")], {
		description: "json (default) or tlog-proof: the proof file as a download",
	}),
);

/** Answers a record proof as JSON, or as a downloadable tlog-proof file. */
export function answerRecordProof(
	reply: FastifyReply,
	proof: RecordProof,
	format: "json" | "tlog-proof" | undefined,
	fileStem: string,
) {
	reply.header("cache-control", "no-cache");
	if (format !== "tlog-proof") return proof;
	const name = `${fileStem}.tlog-proof`;
	return reply
		.type(TEXT)
		.header(
			"content-disposition",
			`attachment; filename="${name.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
		)
		.send(proof.tlogProof);
}
