/**
 * Checks, in the reader's browser, the signed verification statement the page was made from (embedded
 * in the page as JSON): the platform's signature, the log proof of its entry, that the record shown is
 * the one the entry hashes and that the result follows from it (src/core/verify, the same code
 * `opentic verify-statement` runs). Then it says what it verified — or that the check failed, and why.
 */
import { checkStatement } from "../../core/verify/statement.ts";

function fill(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

export function verifyStatementBox(box: HTMLElement): void {
	const d = box.dataset;
	const status = box.querySelector<HTMLElement>(".log-status");
	const source = document.getElementById("v-statement");
	if (!status || !source || !d.statementKey || !d.logKey) return;
	const lang = d.lang === "en" ? "en" : "zh-CN";
	status.textContent = d.msgChecking ?? "";
	box.classList.remove("ok", "failed");
	try {
		const statement = JSON.parse(source.textContent ?? "") as { log?: { index: number } | null };
		const r = checkStatement(statement, { statementKeys: [d.statementKey], logKeys: [d.logKey] });
		const failed = r.findings.find((f) => !f.ok);
		if (failed) throw new Error(lang === "en" ? failed.en : failed.zh);
		status.textContent = r.checkpoint
			? fill(d.msgOk ?? "", {
					index: (statement.log?.index ?? 0).toLocaleString(lang),
					origin: r.checkpoint.origin,
					size: r.checkpoint.size.toLocaleString(lang),
				})
			: (d.msgNotfound ?? "");
		box.classList.add("ok");
	} catch (e) {
		status.textContent = fill(d.msgFailed ?? "", { reason: e instanceof Error ? e.message : String(e) });
		box.classList.add("failed");
	}
}
