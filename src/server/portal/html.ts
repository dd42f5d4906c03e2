/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is itself markup made
 * by `html`, so text from the register (names, scopes, reasons) can never become markup.
 */

/** Markup that is safe to include as it is. */
export class Html {
	constructor(readonly value: string) {}
	toString(): string {
		return this.value;
	}
}

const ESCAPES: Record<string, string> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
};

/** Text escaped for HTML content and attribute values. */
export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
	if (value instanceof Html) return value.value;
	if (value === null || value === undefined || value === false) return "";
	if (Array.isArray(value)) return value.map(render).join("");
	return escapeHtml(String(value));
}

/** The template with its values escaped (arrays joined, null/undefined/false left out). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
	let out = strings[0]!;
	for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
	return new Html(out);
}

/** Markup written by the application itself (never anything from a request or the register). */
export function trusted(markup: string): Html {
	return new Html(markup);
}

/** A query string from the values given (empty ones left out), with a leading "?" when not empty. */
export function query(params: Record<string, string | number | undefined | null>): string {
	const s = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== undefined && v !== null && v !== "") s.set(k, String(v));
	const text = s.toString();
	return text ? `?${text}` : "";
}
