/**
 * Recomputes a spot-check draw in the reader's browser: downloads the batch's transcript and runs
 * verifyTranscript (src/core/draw, the same code `opentic draw verify` runs) — the selection in every
 * stratum and every team, from the manifest, the pools and the announced random values.
 */
import { type Transcript, verifyTranscript } from "../../core/draw/draw.ts";

function fill(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

export function recomputeBox(box: HTMLElement): void {
	const d = box.dataset;
	const button = box.querySelector<HTMLButtonElement>("button");
	const status = box.querySelector<HTMLElement>(".log-status");
	if (!button || !status || !d.draw) return;
	const lang = d.lang === "en" ? "en" : "zh-CN";
	button.addEventListener("click", async () => {
		button.disabled = true;
		box.classList.remove("ok", "failed");
		status.textContent = d.msgChecking ?? "";
		try {
			const res = await fetch(d.draw!, { headers: { accept: "application/json" } });
			if (!res.ok) throw new Error(`HTTP ${res.status}`);
			const t = (await res.json()) as Transcript;
			// Let the status paint before the work starts.
			await new Promise((r) => setTimeout(r, 0));
			const r = verifyTranscript(t);
			if (!r.ok) throw new Error(r.problems.slice(0, 3).join("; "));
			const objects = t.strata.reduce((n, s) => n + s.count, 0);
			status.textContent = fill(d.msgOk ?? "", {
				objects: objects.toLocaleString(lang),
				teams: t.assignments.filter((a) => a.team.length > 0).length.toLocaleString(lang),
			});
			box.classList.add("ok");
		} catch (e) {
			status.textContent = fill(d.msgFailed ?? "", { reason: e instanceof Error ? e.message : String(e) });
			box.classList.add("failed");
		} finally {
			button.disabled = false;
		}
	});
	// The page ships the button disabled: it works once this script is here to answer it.
	button.disabled = false;
}
