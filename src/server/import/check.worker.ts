/** The worker side of check-worker.ts: pulls input chunks, decodes, parses and checks, sends batches. */
import { parentPort, workerData } from "node:worker_threads";
import { CHECKS, type CheckedRow, checkedBatches, type ImportKind } from "./checks.ts";
import { type Encoding, type Format, ImportFileError, readRecords } from "./sources.ts";

export interface WorkerSetup {
	module: string;
	kind: ImportKind;
	format: Format;
	encoding: Encoding | null;
	batchSize: number;
}

/** Messages from the worker to the main thread. */
export type WorkerMessage =
	| { type: "more" }
	| { type: "batch"; rows: CheckedRow[] }
	| { type: "fileError"; rule: string; messageZh: string; messageEn: string; line?: number }
	| { type: "error"; message: string }
	| { type: "done" };

/** Batches sent and not yet taken by the writer, at most. */
const AHEAD = 3;

const port = parentPort;
if (port) {
	const setup = workerData as WorkerSetup;
	const chunks: (Uint8Array | null)[] = [];
	let inFlight = 0;
	let wake: (() => void) | null = null;
	port.on("message", (m: { type: "chunk"; data: Uint8Array } | { type: "end" } | { type: "ack" }) => {
		if (m.type === "chunk") chunks.push(m.data);
		else if (m.type === "end") chunks.push(null);
		else inFlight--;
		wake?.();
		wake = null;
	});
	const waitFor = async (ready: () => boolean) => {
		while (!ready()) await new Promise<void>((resolve) => (wake = resolve));
	};
	async function* input(): AsyncGenerator<Buffer> {
		for (;;) {
			port!.postMessage({ type: "more" } satisfies WorkerMessage);
			await waitFor(() => chunks.length > 0);
			const c = chunks.shift()!;
			if (c === null) return;
			yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
		}
	}
	const spec = CHECKS[setup.kind];
	const send = (m: WorkerMessage) => port.postMessage(m);
	try {
		const records = readRecords(input(), {
			format: setup.format,
			encoding: setup.encoding,
			allowed: spec.fields,
			required: spec.required,
		});
		for await (const rows of checkedBatches(records, setup.kind, setup.batchSize)) {
			inFlight++;
			send({ type: "batch", rows });
			await waitFor(() => inFlight < AHEAD);
		}
		send({ type: "done" });
	} catch (e) {
		if (e instanceof ImportFileError)
			send({
				type: "fileError",
				rule: e.rule,
				messageZh: e.messageZh,
				messageEn: e.messageEn,
				...(e.line !== undefined ? { line: e.line } : {}),
			});
		else send({ type: "error", message: e instanceof Error ? e.message : String(e) });
	}
}
