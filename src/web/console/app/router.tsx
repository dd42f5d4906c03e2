/**
 * A tiny router on the History API: the console lives under /console/, the server answers every path
 * there with the same page, and this file maps the rest of the path to a page of the registry
 * (pages/index.ts). Links are real <a href> elements, so they open in a new tab, show their target
 * and work with the keyboard like any link.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

/** Where the console is served. */
export const BASE = "/console";
const CHANGE = "opentic:navigate";

function subscribe(onChange: () => void): () => void {
	window.addEventListener("popstate", onChange);
	window.addEventListener(CHANGE, onChange);
	return () => {
		window.removeEventListener("popstate", onChange);
		window.removeEventListener(CHANGE, onChange);
	};
}

/** The path inside the console ("/certificates/…"), without the base. */
function currentPath(): string {
	const p = window.location.pathname;
	const rest = p.startsWith(BASE) ? p.slice(BASE.length) : p;
	return rest === "" ? "/" : rest.length > 1 && rest.endsWith("/") ? rest.slice(0, -1) : rest;
}

/** The current path; re-renders on navigation. */
export function usePath(): string {
	return useSyncExternalStore(subscribe, currentPath);
}

/** The current query string (as text, so that React can compare it). */
export function useSearch(): string {
	return useSyncExternalStore(subscribe, () => window.location.search);
}

/** The current query parameters. */
export function useQuery(): URLSearchParams {
	return new URLSearchParams(useSearch());
}

/** The full URL of a console path. */
export function href(to: string): string {
	return BASE + (to === "/" ? "/" : to);
}

/** Goes to a console path ("/certificates?page=2"). */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
	const url = href(to);
	if (url === window.location.pathname + window.location.search) return;
	if (opts.replace) window.history.replaceState(null, "", url);
	else window.history.pushState(null, "", url);
	window.dispatchEvent(new Event(CHANGE));
	if (!opts.replace) window.scrollTo(0, 0);
}

/** Replaces the query of the current page (filters, paging) without a new history entry per keystroke. */
export function setQuery(values: Record<string, string | number | undefined | null>, push = true): void {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(values))
		if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
	const s = q.toString();
	navigate(`${currentPath()}${s ? `?${s}` : ""}`, { replace: !push });
}

/** Matches "/certificates/:number" against a path; returns the parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
	const a = pattern.split("/").filter(Boolean);
	const b = path.split("/").filter(Boolean);
	if (a.length !== b.length) return null;
	const params: Record<string, string> = {};
	for (let i = 0; i < a.length; i++) {
		const seg = a[i]!;
		const val = b[i]!;
		if (seg.startsWith(":")) {
			try {
				params[seg.slice(1)] = decodeURIComponent(val);
			} catch {
				return null;
			}
		} else if (seg !== val) return null;
	}
	return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string };

/** A link inside the console: a plain click navigates in place, anything else is the browser's. */
export function Link({ to, onClick, ...rest }: LinkProps) {
	const handle = (e: MouseEvent<HTMLAnchorElement>) => {
		onClick?.(e);
		if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
		if (rest.target && rest.target !== "_self") return;
		e.preventDefault();
		navigate(to);
	};
	return <a href={href(to)} onClick={handle} {...rest} />;
}
