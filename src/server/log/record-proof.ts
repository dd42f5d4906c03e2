/**
 * A record's proof: its newest log entry, and a c2sp.org/tlog-proof file showing that entry in the latest
 * signed checkpoint. The file's `extra` line carries the entry itself (its canonical JSON), so the file
 * alone is enough to check it offline with the log's verifier key: the leaf hash of `extra` must lead to
 * the signed root. (tlog-proof leaves `extra` unauthenticated; here the inclusion proof authenticates it.)
 */

import { parseCheckpoint } from "../../core/tlog/checkpoint.ts";
import { fromBase64, utf8 } from "../../core/tlog/hash.ts";
import { parseNote } from "../../core/tlog/note.ts";
import { formatTlogProof } from "../../core/tlog/tlog-proof.ts";
import { NotFoundError } from "../errors.ts";
import { entryAt } from "./log.repository.ts";
import type { TransparencyLog } from "./log.service.ts";

export interface RecordProof {
	index: number;
	/** The entry's canonical JSON. */
	entry: string;
	/** The tlog-proof file. */
	tlogProof: string;
	origin: string;
	verifierKey: string;
	/** The size of the checkpoint the proof is against. */
	size: number;
}

/** The proof for the record whose newest entry is `index` (null: a record older than the log index). */
export async function recordProof(
	tlog: TransparencyLog,
	index: number | null,
	what: string,
): Promise<RecordProof> {
	if (index === null)
		throw new NotFoundError("TLOG_NO_ENTRY", `${what} has no log entry on record`, `${what}没有透明日志记录`);
	// A record written a moment ago may not be signed yet: signing what is committed is always allowed.
	await tlog.covering(index + 1);
	const row = await entryAt(tlog.db, index);
	if (!row) throw new Error(`log entry ${index} is missing`);
	// Prove against the checkpoint /log/checkpoint serves (with its witnesses' cosignatures) when it
	// already covers the entry; else against the newest one the log signed.
	const served = await tlog.servedCheckpoint();
	const servedSize = served ? parseCheckpoint(parseNote(served).text).size : 0;
	const inclusion = await tlog.inclusion(index, servedSize > index ? servedSize : undefined);
	const checkpoint =
		served && servedSize > index
			? { size: servedSize, note: served }
			: (inclusion.checkpoint ?? (await tlog.latest()));
	if (!checkpoint || checkpoint.size !== inclusion.size)
		throw new Error("no checkpoint for the proof's tree");
	return {
		index,
		entry: row.entry,
		tlogProof: formatTlogProof({
			index,
			proof: inclusion.proof.map((h) => fromBase64(h)),
			checkpoint: checkpoint.note,
			extra: utf8(row.entry),
		}),
		origin: tlog.identity.origin,
		verifierKey: tlog.identity.verifierKey,
		size: inclusion.size,
	};
}
