/**
 * The log's side of c2sp.org/tlog-witness: after a checkpoint is signed, every configured witness
 * (OPENTIC_LOG_WITNESSES) is sent the newest checkpoint with a consistency proof from the size it last
 * cosigned; the cosignature lines it answers are verified with its key and stored (log_cosignatures), and
 * /log/checkpoint serves the checkpoint with them appended (c2sp.org/signed-note allows extra signature
 * lines; clients ignore keys they do not know).
 *
 * - The old size: the log remembers, per witness, the size it last cosigned (log_witnesses). On a 409
 *   `text/x.tlog.size` the witness's own size is learned from the body and the request is retried once
 *   with a proof from that size ("If a client doesn't have information on the latest cosigned checkpoint,
 *   it MAY initially make a request with an old size of zero to obtain it").
 * - Nobody waits for witnesses: collection runs after the signing transaction has committed, outside the
 *   log's lock, one round at a time (a checkpoint signed meanwhile starts one more round); each request
 *   has a timeout, and a witness that fails is left alone for a while (doubling, up to five minutes).
 * - Writes answer on the log's own signature even under a quorum. Witnesses are third parties: making a
 *   register change wait for them would hand the register's availability to the slowest witness of the
 *   quorum, and the change is committed either way. Nothing is lost by answering first: the receipt
 *   (index, size, root) is a tree the log signed, and every later witnessed checkpoint provably extends it
 *   (a consistency proof from the receipt's size). The quorum governs what /log/checkpoint tells
 *   outsiders is the log's state: the newest checkpoint that enough witnesses vouch for, which may lag the
 *   newest signed one by a round.
 * - Each round reads the newest checkpoint and the witnesses' sizes from the database, so several server
 *   instances on one PostgreSQL database may collect side by side: a witness refuses all but one of two
 *   identical requests with a 409, which the other turns into a plain re-cosigning.
 */
import type { Clock as DateClock } from "../../core/dates.ts";
import { parseCosignatureVerifierKey } from "../../core/tlog/cosignature.ts";
import { formatSignatureLine, type NoteVerifier, type VerifierKey } from "../../core/tlog/note.ts";
import {
	ADD_CHECKPOINT_PATH,
	formatAddCheckpoint,
	openCosignatures,
	parseSizeAnswer,
	TLOG_SIZE_CONTENT_TYPE,
} from "../../core/tlog/witness.ts";
import type { LogWitnessConfig } from "../config.ts";
import type { Db } from "../db/database.ts";
import { type CheckpointRow, checkpointAt, latestCheckpoint } from "./log.repository.ts";
import {
	cosignatureLines,
	cosignedAt,
	insertCosignature,
	newestWitnessedSize,
	setWitnessSize,
	witnessSizes,
} from "./witnesses.repository.ts";

/** How long one add-checkpoint request may take before the witness counts as down. */
export const WITNESS_TIMEOUT_MS = 5_000;
/** The first pause after a witness failed; it doubles with each failure in a row. */
const RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;
/** The largest answer read from a witness: a few signature lines; anything longer is not one. */
const MAX_ANSWER_BYTES = 16 * 1024;

/** A witness the log asks: its key and where. */
export interface LogWitness {
	/** `<name>+<hex key ID>`: how the database and the signature lines name it. */
	readonly id: string;
	readonly verifierKey: string;
	readonly verifier: NoteVerifier & VerifierKey;
	/** The add-checkpoint URL. */
	readonly endpoint: string;
}

/** The witnesses of the configuration, parsed (config.ts checked them already). */
export function logWitnesses(config: readonly LogWitnessConfig[]): LogWitness[] {
	return config.map((w) => {
		const verifier = parseCosignatureVerifierKey(w.verifierKey);
		return {
			id: `${verifier.name}+${verifier.keyId.toString(16).padStart(8, "0")}`,
			verifierKey: w.verifierKey,
			verifier,
			endpoint: `${w.url}${ADD_CHECKPOINT_PATH}`,
		};
	});
}

/** How a round went for one witness, for the server's log and for tests. */
export type WitnessResult =
	| { readonly witness: string; readonly outcome: "cosigned"; readonly size: number }
	| { readonly witness: string; readonly outcome: "current" | "waiting" | "ahead"; readonly size?: number }
	| { readonly witness: string; readonly outcome: "failed"; readonly error: string };

export interface WitnessCollectorOptions {
	readonly db: Db;
	readonly witnesses: readonly LogWitness[];
	/** Cosignatures a checkpoint needs before /log/checkpoint serves it (0: serve the newest). */
	readonly quorum: number;
	/** The RFC 9162 consistency proof between two sizes of the log's tree. */
	readonly proof: (from: number, to: number) => Promise<Uint8Array[]>;
	readonly clock: DateClock;
	readonly timeoutMs?: number;
	/** fetch, replaceable in tests. */
	readonly fetch?: typeof fetch;
	/** Told about witnesses that fail or refuse; the server logs it. */
	readonly report?: (result: WitnessResult) => void;
}

/** A witness's answer that is not one: too large, or not UTF-8. */
class WitnessFailure extends Error {}

/** Reads at most `max` bytes of a response body as UTF-8. */
async function readCapped(res: Response, max: number): Promise<string> {
	const length = Number(res.headers.get("content-length") ?? "0");
	if (length > max) throw new WitnessFailure(`the answer is ${length} bytes, more than ${max}`);
	if (!res.body) return "";
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > max) {
			await reader.cancel();
			throw new WitnessFailure(`the answer is more than ${max} bytes`);
		}
		chunks.push(value);
	}
	return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
}

/** Asks witnesses to cosign the log's checkpoints and says which cosigned checkpoint to serve. */
export class WitnessCollector {
	readonly witnesses: readonly LogWitness[];
	readonly quorum: number;
	readonly #o: WitnessCollectorOptions;
	readonly #fetch: typeof fetch;
	readonly #timeoutMs: number;
	readonly #closing = new AbortController();
	/** Per witness: the newest size it is known here to have cosigned. */
	readonly #cosigned = new Map<string, number>();
	/** Per witness: failures in a row, and until when it is left alone. */
	readonly #failures = new Map<string, { count: number; until: number }>();
	#running: Promise<WitnessResult[]> | null = null;
	#next: Promise<WitnessResult[]> | null = null;

	constructor(options: WitnessCollectorOptions) {
		this.#o = options;
		this.witnesses = options.witnesses;
		this.quorum = options.quorum;
		this.#fetch = options.fetch ?? fetch;
		this.#timeoutMs = options.timeoutMs ?? WITNESS_TIMEOUT_MS;
	}

	/**
	 * Brings every witness up to the newest checkpoint. Concurrent calls share a round; a call during a
	 * round gets the next one. With `size` (a checkpoint just signed), returns at once when every witness
	 * has cosigned that size already or is being left alone after failing. Never rejects.
	 */
	collect(size?: number): Promise<WitnessResult[]> {
		if (this.#closing.signal.aborted) return Promise.resolve([]);
		if (size !== undefined && !this.#running && this.witnesses.every((w) => this.#settled(w, size)))
			return Promise.resolve([]);
		if (this.#running) {
			this.#next ??= this.#running.then(() => {
				this.#next = null;
				return this.collect();
			});
			return this.#next;
		}
		const round = this.#round().catch((e: unknown) => {
			// The database failed (or closed under a round): say so once, and try again next time.
			const results = this.witnesses.map(
				(w): WitnessResult => ({ witness: w.id, outcome: "failed", error: (e as Error).message }),
			);
			if (results[0] && !this.#closing.signal.aborted) this.#o.report?.(results[0]);
			return results;
		});
		this.#running = round.finally(() => {
			this.#running = null;
		});
		return this.#running;
	}

	/** Forgets the pauses after failures, so the next round asks every witness (tests, operators). */
	retryNow(): void {
		this.#failures.clear();
	}

	/** Stops: aborts requests in flight and waits for the round to end. */
	async close(): Promise<void> {
		this.#closing.abort();
		await this.#next?.catch(() => undefined);
		await this.#running?.catch(() => undefined);
	}

	#settled(w: LogWitness, size: number): boolean {
		return (this.#cosigned.get(w.id) ?? -1) >= size || (this.#failures.get(w.id)?.until ?? 0) > Date.now();
	}

	async #round(): Promise<WitnessResult[]> {
		const cp = await latestCheckpoint(this.#o.db);
		if (!cp) return [];
		const ids = this.witnesses.map((w) => w.id);
		const [sizes, done] = await Promise.all([witnessSizes(this.#o.db), cosignedAt(this.#o.db, cp.size, ids)]);
		const results = await Promise.all(
			this.witnesses.map(async (w): Promise<WitnessResult> => {
				const known = sizes.get(w.id) ?? 0;
				if (done.has(w.id)) {
					this.#cosigned.set(w.id, cp.size);
					return { witness: w.id, outcome: "current", size: cp.size };
				}
				// Another instance got it further than the newest checkpoint read here: nothing to do.
				if (known > cp.size) return { witness: w.id, outcome: "ahead", size: known };
				if ((this.#failures.get(w.id)?.until ?? 0) > Date.now()) return { witness: w.id, outcome: "waiting" };
				try {
					const result = await this.#ask(w, cp, known);
					this.#failures.delete(w.id);
					return result;
				} catch (e) {
					const count = (this.#failures.get(w.id)?.count ?? 0) + 1;
					const pause = Math.min(MAX_RETRY_MS, RETRY_MS * 2 ** (count - 1));
					this.#failures.set(w.id, { count, until: Date.now() + pause });
					return { witness: w.id, outcome: "failed", error: (e as Error).message };
				}
			}),
		);
		for (const r of results) if (r.outcome === "failed") this.#o.report?.(r);
		return results;
	}

	/** One add-checkpoint exchange, and its one retry after a 409 that names the witness's size. */
	async #ask(w: LogWitness, cp: CheckpointRow, known: number): Promise<WitnessResult> {
		let old = known;
		for (let attempt = 0; ; attempt++) {
			const res = await this.#post(w, cp, old);
			if (res.status === 200) {
				const sigs = openCosignatures(cp.note, res.body, [w.verifier]);
				const line = formatSignatureLine(sigs[0]!).slice(0, -1);
				await insertCosignature(this.#o.db, {
					size: cp.size,
					witness: w.id,
					line,
					created_at: this.#now(),
				});
				this.#cosigned.set(w.id, cp.size);
				return { witness: w.id, outcome: "cosigned", size: cp.size };
			}
			if (res.status === 409 && res.contentType?.trim().toLowerCase() === TLOG_SIZE_CONTENT_TYPE) {
				const theirs = parseSizeAnswer(res.contentType, res.body);
				await setWitnessSize(this.#o.db, w.id, theirs, this.#now());
				if (theirs > cp.size) return { witness: w.id, outcome: "ahead", size: theirs };
				if (attempt === 0 && theirs !== old) {
					old = theirs;
					continue;
				}
			}
			throw new WitnessFailure(
				`${w.endpoint} answered ${res.status} to a checkpoint of size ${cp.size} from size ${old}: ${res.body.slice(0, 200).trim()}`,
			);
		}
	}

	async #post(w: LogWitness, cp: CheckpointRow, old: number) {
		const proof = old === 0 || old === cp.size ? [] : await this.#o.proof(old, cp.size);
		const body = formatAddCheckpoint({ oldSize: old, proof, checkpoint: cp.note });
		const send = () =>
			this.#fetch(w.endpoint, {
				method: "POST",
				headers: { "content-type": "text/plain; charset=utf-8" },
				body,
				signal: AbortSignal.any([this.#closing.signal, AbortSignal.timeout(this.#timeoutMs)]),
				redirect: "error",
			});
		let res: Response;
		try {
			res = await send();
		} catch (e) {
			// A kept-alive connection that the witness closed (a restart) fails before any answer: one more
			// try on a fresh connection. Timeouts and aborts are not retried.
			if (!(e instanceof TypeError) || this.#closing.signal.aborted) throw e;
			res = await send();
		}
		return {
			status: res.status,
			contentType: res.headers.get("content-type"),
			body: await readCapped(res, MAX_ANSWER_BYTES),
		};
	}

	#now(): string {
		return this.#o.clock.now().toISOString();
	}

	/**
	 * The checkpoint to publish, with the cosignature lines collected for it appended: with a quorum, the
	 * newest checkpoint that reached it (undefined if none has); without one, the newest checkpoint.
	 */
	async served(): Promise<string | undefined> {
		const ids = this.witnesses.map((w) => w.id);
		let cp: CheckpointRow | undefined;
		if (this.quorum > 0) {
			const size = await newestWitnessedSize(this.#o.db, ids, this.quorum);
			cp = size === undefined ? undefined : await checkpointAt(this.#o.db, size);
		} else cp = await latestCheckpoint(this.#o.db);
		if (!cp) return undefined;
		const lines = await cosignatureLines(this.#o.db, cp.size, ids);
		return cp.note + lines.map((l) => `${l}\n`).join("");
	}
}
