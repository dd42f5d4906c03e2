/**
 * The public portal's enhancements: suggestions while typing in the search box (certificates and
 * bodies whose names contain what was typed), and on record pages a check of the record's log proof in
 * the browser (verify.ts, loaded only there). Every page works without them; the form still submits to
 * /search; a spot-check batch's page recomputes its draw on request (recompute-draw.ts). The list follows the ARIA combobox pattern: arrows move, Enter opens, Escape closes.
 */

interface Suggestion {
	group: string;
	label: string;
	detail: string;
	href: string;
}

const MIN_CHARS = 2;
const DELAY_MS = 150;

async function fetchSuggestions(q: string, labels: DOMStringMap, signal: AbortSignal): Promise<Suggestion[]> {
	const get = async (url: string) => {
		const res = await fetch(url, { signal, headers: { accept: "application/json" } });
		return res.ok ? ((await res.json()) as { items: Record<string, unknown>[] }).items : [];
	};
	const enc = encodeURIComponent(q);
	const [certs, orgs] = await Promise.all([
		get(`/api/v1/certificates?q=${enc}&pageSize=5`),
		get(`/api/v1/organizations?q=${enc}&pageSize=3`),
	]);
	const out: Suggestion[] = [];
	for (const c of certs as {
		number: string;
		holder: { name: string };
		cb: { uscc: string };
		scope: string;
	}[])
		out.push({
			group: labels.labelCertificates ?? "",
			label: c.holder.name,
			detail: c.number,
			href: `/certificates/${encodeURIComponent(c.number)}?issuer=${c.cb.uscc}`,
		});
	for (const o of orgs as { uscc: string; name: string }[])
		out.push({
			group: labels.labelOrganizations ?? "",
			label: o.name,
			detail: o.uscc,
			href: `/organizations/${encodeURIComponent(o.uscc)}`,
		});
	return out;
}

function enhance(form: HTMLFormElement): void {
	const input = form.querySelector<HTMLInputElement>('input[name="q"]');
	if (!input) return;
	const box = input.parentElement!;
	const list = document.createElement("ul");
	list.id = `${input.id}-suggest`;
	list.className = "suggest";
	list.setAttribute("role", "listbox");
	list.setAttribute("aria-label", form.dataset.labelSuggestions ?? "");
	list.hidden = true;
	box.append(list);
	input.setAttribute("role", "combobox");
	input.setAttribute("aria-autocomplete", "list");
	input.setAttribute("aria-controls", list.id);
	input.setAttribute("aria-expanded", "false");

	let items: Suggestion[] = [];
	let active = -1;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let pending: AbortController | undefined;

	const close = () => {
		list.hidden = true;
		input.setAttribute("aria-expanded", "false");
		input.removeAttribute("aria-activedescendant");
		active = -1;
	};
	const render = () => {
		list.replaceChildren();
		let group = "";
		items.forEach((s, i) => {
			if (s.group !== group) {
				group = s.group;
				const h = document.createElement("li");
				h.className = "group";
				h.setAttribute("role", "presentation");
				h.textContent = group;
				list.append(h);
			}
			const li = document.createElement("li");
			li.id = `${list.id}-${i}`;
			li.setAttribute("role", "option");
			li.setAttribute("aria-selected", String(i === active));
			const a = document.createElement("a");
			a.href = s.href;
			a.tabIndex = -1;
			a.textContent = `${s.label} · ${s.detail}`;
			li.append(a);
			list.append(li);
		});
		list.hidden = items.length === 0;
		input.setAttribute("aria-expanded", String(items.length > 0));
		if (active >= 0) input.setAttribute("aria-activedescendant", `${list.id}-${active}`);
		else input.removeAttribute("aria-activedescendant");
	};

	input.addEventListener("input", () => {
		clearTimeout(timer);
		const q = input.value.trim();
		if ([...q].length < MIN_CHARS) {
			items = [];
			close();
			return;
		}
		timer = setTimeout(async () => {
			pending?.abort();
			pending = new AbortController();
			try {
				items = await fetchSuggestions(q, form.dataset, pending.signal);
				active = -1;
				render();
			} catch {
				// A newer keystroke aborted this one, or the network failed: the form still works.
			}
		}, DELAY_MS);
	});
	input.addEventListener("keydown", (e) => {
		if (list.hidden || items.length === 0) return;
		if (e.key === "ArrowDown" || e.key === "ArrowUp") {
			e.preventDefault();
			const last = items.length - 1;
			if (e.key === "ArrowDown") active = active < last ? active + 1 : 0;
			else active = active > 0 ? active - 1 : last;
			render();
		} else if (e.key === "Enter" && active >= 0) {
			e.preventDefault();
			location.href = items[active]!.href;
		} else if (e.key === "Escape") {
			close();
		}
	});
	input.addEventListener("blur", () => setTimeout(close, 150));
}

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-suggest]")) enhance(form);

// Record pages: check the record's log proof in the browser (the verifier loads only where it is needed).
const proofBox = document.querySelector<HTMLElement>("[data-log-proof]");
if (proofBox) void import("./verify.ts").then((m) => m.verifyRecord(proofBox));
// Verification pages: check the signed statement the page shows.
const statementBox = document.querySelector<HTMLElement>("[data-statement-key]");
if (statementBox) void import("./verify-statement.ts").then((m) => m.verifyStatementBox(statementBox));
const drawBox = document.querySelector<HTMLElement>("[data-draw]");
if (drawBox) void import("./recompute-draw.ts").then((m) => m.recomputeBox(drawBox));
// Bulk verification: a chosen CSV file fills the list (the form works without scripts by pasting).
const bulk = document.querySelector<HTMLFormElement>("form[data-bulk]");
const file = bulk?.querySelector<HTMLInputElement>('input[type="file"]');
const lines = bulk?.querySelector<HTMLTextAreaElement>("textarea");
if (bulk && file && lines)
	file.addEventListener("change", async () => {
		const chosen = file.files?.[0];
		if (!chosen) return;
		lines.value = bulk.dataset.msgReading ?? "";
		const bytes = new Uint8Array(await chosen.arrayBuffer());
		// Spreadsheets in China often save CSV as GB18030; UTF-8 is tried first.
		let text: string;
		try {
			text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
		} catch {
			text = new TextDecoder("gb18030").decode(bytes);
		}
		lines.value = text.replace(/^\uFEFF/, "");
	});
