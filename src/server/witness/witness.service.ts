/**
 * The witness's rule (c2sp.org/tlog-witness "add-checkpoint"): decide over the stored state with the pure
 * core (core/tlog/witness.ts), then record the new state by compare-and-swap. A lost swap means another
 * request moved the state meanwhile, so the request is decided again over the new state — which then
 * usually answers 409 with the new size. Cosignatures leave only after their state is durable.
 */
import { type NoteVerifier, parseVerifierKey } from "../../core/tlog/note.ts";
import {
	decideAddCheckpoint,
	refusalAnswer,
	type WitnessAnswer,
	type WitnessPolicy,
	type WitnessRefusalCode,
} from "../../core/tlog/witness.ts";
import type { WitnessStore } from "./witness.store.ts";
import type { WitnessSigner } from "./witness-key.ts";

/** Refusals that a log's own signature makes into evidence against it. */
const EVIDENCE: ReadonlySet<WitnessRefusalCode> = new Set(["WITNESS_FORK", "WITNESS_INCONSISTENT"]);

/** Decisions tried per request before giving up on a state that keeps moving. */
const ATTEMPTS = 3;

/** The logs witnessed, by origin, from their verifier key strings; each origin is its key's name. */
export function logsByOrigin(vkeys: readonly string[]): Map<string, NoteVerifier[]> {
	const logs = new Map<string, NoteVerifier[]>();
	for (const vkey of vkeys) {
		const v = parseVerifierKey(vkey);
		const keys = logs.get(v.name) ?? [];
		// Two keys with one name and key ID would make openNote refuse every note of that log.
		if (!keys.some((k) => k.keyId === v.keyId)) keys.push(v);
		logs.set(v.name, keys);
	}
	return logs;
}

/** An outcome, for the server's log: what was cosigned or refused, and why. */
export interface WitnessOutcome extends WitnessAnswer {
	readonly origin?: string;
	readonly size?: number;
	readonly code?: WitnessRefusalCode;
}

export class Witness {
	readonly policy: WitnessPolicy;

	constructor(
		readonly store: WitnessStore,
		readonly signer: WitnessSigner,
		logs: ReadonlyMap<string, readonly NoteVerifier[]>,
		readonly now: () => Date = () => new Date(),
	) {
		this.policy = { logs, signers: [signer] };
	}

	/** The witness's verifier key string (give it to the logs it witnesses). */
	get verifierKey(): string {
		return this.signer.verifierKey;
	}

	/** Answers one add-checkpoint request body. Never throws on hostile input. */
	addCheckpoint(body: Uint8Array): WitnessOutcome {
		for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
			// Synchronous from decision to swap: in one process nothing interleaves; the swap guards the
			// file against other processes.
			const d = decideAddCheckpoint(body, this.policy, (origin) => this.store.get(origin));
			const at = this.now().toISOString();
			if (!d.ok) {
				const r = d.refusal;
				if (EVIDENCE.has(r.code) && r.origin !== undefined)
					this.store.keepEvidence(r.origin, r.code, Buffer.from(body).toString("utf8"), at);
				return {
					...refusalAnswer(r),
					code: r.code,
					...(r.origin !== undefined ? { origin: r.origin } : {}),
					...(r.size !== undefined ? { size: r.size } : {}),
				};
			}
			if (this.store.compareAndSwap(d.origin, d.previous, d.next, at))
				return {
					status: 200,
					contentType: "text/plain; charset=utf-8",
					body: d.cosignatures,
					origin: d.origin,
					size: d.next.size,
				};
		}
		return {
			status: 503,
			contentType: "text/plain; charset=utf-8",
			body: "the log's state kept changing; try again\n",
		};
	}
}
