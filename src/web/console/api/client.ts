/**
 * The console's only door to the server: the JSON API under /api/v1, with the session cookie the
 * browser keeps and the CSRF token every cookie-authenticated write must carry. Errors come back as
 * ApiError with both languages' messages, so each page shows them in the reader's language.
 */
import type { Problem } from "../../../core/problem.ts";

const BASE = "/api/v1";

/** A failed request, as the API describes it (`{error:{code,message,messageZh,field,rule,details}}`). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly messageEn: string,
		readonly messageZh: string,
		readonly field: string | undefined = undefined,
		readonly rule: string | undefined = undefined,
		readonly details: unknown = undefined,
		readonly requestId: string | undefined = undefined,
	) {
		super(messageEn);
	}

	/** Every field problem the answer lists (`details.problems`), or the one it names. */
	get problems(): Problem[] {
		const list = (this.details as { problems?: Problem[] } | undefined)?.problems;
		if (Array.isArray(list) && list.length) return list;
		if (this.field)
			return [
				{
					field: this.field,
					rule: this.rule ?? this.code,
					messageZh: stripField(this.messageZh, this.field),
					messageEn: stripField(this.messageEn, this.field),
				},
			];
		return [];
	}
}

/** "holderUscc：必填" → "必填": the form already shows which field. */
function stripField(message: string, field: string): string {
	for (const sep of [": ", "："])
		if (message.startsWith(`${field}${sep}`)) return message.slice(field.length + sep.length);
	return message;
}

let csrfToken: string | null = null;
/** Remembers the session's CSRF token (from sign-in or /auth/me) for every later write. */
export function setCsrfToken(token: string | null): void {
	csrfToken = token;
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();
/** Called when the server says the session is gone (signed out elsewhere, idle too long). */
export function onSessionExpired(listener: Listener): () => void {
	expiredListeners.add(listener);
	return () => expiredListeners.delete(listener);
}

/** Query values; empty ones are left out so filters read naturally in the URL. */
export type Query = Record<string, string | number | undefined | null>;

/** The path with its query string. */
export function withQuery(path: string, query?: Query): string {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(query ?? {}))
		if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
	const s = q.toString();
	return s ? `${path}?${s}` : path;
}

/** Turns an error answer (or a network failure) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
	const e = (body as { error?: Record<string, unknown> } | null)?.error;
	if (e && typeof e.code === "string")
		return new ApiError(
			status,
			e.code,
			String(e.message ?? e.code),
			String(e.messageZh ?? e.message ?? e.code),
			typeof e.field === "string" ? e.field : undefined,
			typeof e.rule === "string" ? e.rule : undefined,
			e.details,
			typeof e.requestId === "string" ? e.requestId : undefined,
		);
	return new ApiError(status, `HTTP_${status}`, `the server answered ${status}`, `服务器返回 ${status}`);
}

/** The error a request that never reached the server gets. */
export function networkError(): ApiError {
	return new ApiError(
		0,
		"NETWORK",
		"the server could not be reached; check the connection and try again",
		"无法连接服务器，请检查网络后重试",
	);
}

/** Notes an answer's status: a 401 on anything but sign-in means the session is over. */
export function noteStatus(status: number, path: string): void {
	if (status === 401 && !path.startsWith("/auth/login")) for (const l of expiredListeners) l();
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
	const headers: Record<string, string> = { accept: "application/json" };
	if (body !== undefined) headers["content-type"] = "application/json";
	if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
	let res: Response;
	try {
		res = await fetch(BASE + path, {
			method,
			headers,
			credentials: "same-origin",
			...(body !== undefined ? { body: JSON.stringify(body) } : {}),
			...(signal ? { signal } : {}),
		});
	} catch (e) {
		if ((e as Error).name === "AbortError") throw e;
		throw networkError();
	}
	noteStatus(res.status, path);
	const text = await res.text();
	let json: unknown = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = null;
	}
	if (!res.ok) throw toApiError(res.status, json);
	return json as T;
}

/** GET a JSON document. */
export function apiGet<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
	return request<T>("GET", withQuery(path, query), undefined, signal);
}

/** POST a JSON body (or none). */
export function apiPost<T>(path: string, body?: unknown): Promise<T> {
	return request<T>("POST", path, body);
}

/** PATCH a JSON body. */
export function apiPatch<T>(path: string, body: unknown): Promise<T> {
	return request<T>("PATCH", path, body);
}

/** DELETE a resource. */
export function apiDelete<T>(path: string): Promise<T> {
	return request<T>("DELETE", path);
}

/** The CSRF token writes carry (uploads send it themselves). */
export function currentCsrfToken(): string | null {
	return csrfToken;
}

export const API_BASE = BASE;
