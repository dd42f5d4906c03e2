/**
 * Checks, in the reader's browser, that the record on this page is in the transparency log: fetches the
 * record's tlog-proof, opens the checkpoint with the log's verifier key printed in the page, hashes the
 * entry as a leaf, follows the inclusion proof to the signed root (src/core/tlog, the same code the
 * server and any outside verifier run), and checks that the entry names this record. Then it says what it
 * verified and as of which checkpoint — or that the check failed, and why.
 */
import { utf8 } from "../../core/tlog/hash.ts";
import { parseVerifierKey } from "../../core/tlog/note.ts";
import { verifyTlogProof } from "../../core/tlog/tlog-proof.ts";

interface RecordProof {
	index: number;
	entry: string;
	tlogProof: string;
}

function fill(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/** Verifies one `[data-log-proof]` box and writes the outcome into its status line. */
export async function verifyRecord(box: HTMLElement): Promise<void> {
	const d = box.dataset;
	const status = box.querySelector<HTMLElement>(".log-status");
	if (!status || !d.logProof || !d.logKey) return;
	const lang = d.lang === "en" ? "en" : "zh-CN";
	status.textContent = d.msgChecking ?? "";
	box.classList.remove("ok", "failed");
	try {
		const res = await fetch(d.logProof, { headers: { accept: "application/json" } });
		if (!res.ok) throw new Error(`HTTP ${res.status}`);
		const proof = (await res.json()) as RecordProof;
		const key = parseVerifierKey(d.logKey);
		const verified = verifyTlogProof(
			proof.tlogProof,
			{ entry: utf8(proof.entry) },
			{ origin: key.name, logKeys: [key] },
		);
		const entry = JSON.parse(proof.entry) as { type?: string; at?: string; subject?: { number?: string } };
		if (entry.subject?.number !== d.number) throw new Error("the entry is about another record");
		const at = entry.at ? new Date(entry.at).toLocaleString(lang, { timeZone: "Asia/Shanghai" }) : "";
		const types = JSON.parse(d.types ?? "{}") as Record<string, string>;
		status.textContent = fill(d.msgOk ?? "", {
			index: verified.index.toLocaleString(lang),
			type: types[entry.type ?? ""] ?? entry.type ?? "",
			at,
			origin: verified.checkpoint.origin,
			size: verified.checkpoint.size.toLocaleString(lang),
		});
		box.classList.add("ok");
	} catch (e) {
		status.textContent = fill(d.msgFailed ?? "", { reason: e instanceof Error ? e.message : String(e) });
		box.classList.add("failed");
	}
}
