/**
 * Decoding, parsing and checking an import file on a worker thread, so that the thread writing to the
 * database does nothing else. The main thread reads the input and hands chunks over on request; the worker
 * sends back checked batches, at most a few ahead of the writer.
 */
import { Worker } from "node:worker_threads";
import type { WorkerMessage, WorkerSetup } from "./check.worker.ts";
import type { CheckedRow, ImportKind } from "./checks.ts";
import { type Encoding, type Format, ImportFileError } from "./sources.ts";

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);
const MODULE = new URL("./check.worker.ts", import.meta.url).href;

/** Checked batches of an input stream, produced on a worker thread. */
export async function* checkInWorker(
	input: AsyncIterable<Buffer>,
	opts: { kind: ImportKind; format: Format; encoding: Encoding | null; batchSize: number },
): AsyncGenerator<CheckedRow[]> {
	const setup: WorkerSetup = { module: MODULE, ...opts };
	const worker = new Worker(ENTRY, { workerData: setup });
	const source = input[Symbol.asyncIterator]();
	const inbox: WorkerMessage[] = [];
	let wake: (() => void) | null = null;
	let failure: unknown = null;
	const notify = () => {
		wake?.();
		wake = null;
	};
	const feed = async () => {
		try {
			const next = await source.next();
			if (next.done) worker.postMessage({ type: "end" });
			else {
				// A copy the worker can own (stream chunks may share a pooled buffer).
				const copy = new Uint8Array(next.value);
				worker.postMessage({ type: "chunk", data: copy }, [copy.buffer]);
			}
		} catch (e) {
			failure = e;
			notify();
		}
	};
	worker.on("message", (m: WorkerMessage) => {
		if (m.type === "more") void feed();
		else {
			inbox.push(m);
			notify();
		}
	});
	worker.on("error", (e) => {
		failure = e;
		notify();
	});
	worker.on("exit", (code) => {
		if (code !== 0 && !failure) failure = new Error(`import worker stopped with code ${code}`);
		notify();
	});
	try {
		for (;;) {
			while (inbox.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
			const m = inbox.shift();
			if (!m) throw failure;
			switch (m.type) {
				case "batch":
					yield m.rows;
					worker.postMessage({ type: "ack" });
					break;
				case "fileError":
					throw new ImportFileError(m.rule, m.messageZh, m.messageEn, m.line);
				case "error":
					throw new Error(m.message);
				case "done":
					return;
			}
		}
	} finally {
		await worker.terminate();
		await source.return?.();
	}
}
