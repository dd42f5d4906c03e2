/**
 * Batch uploads: a CSV or JSON Lines file sent as the raw body of POST /api/v1/{kind}/batch. XHR rather
 * than fetch, because only XHR reports upload progress, which a 50 MB file needs.
 */
import { API_BASE, ApiError, currentCsrfToken, networkError, noteStatus, toApiError } from "./client.ts";
import type { BatchResult } from "./types.ts";

/** The content type the server reads the file as. */
export function uploadType(file: File): "text/csv" | "application/x-ndjson" | null {
	const name = file.name.toLowerCase();
	if (name.endsWith(".csv") || file.type === "text/csv") return "text/csv";
	if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || file.type === "application/x-ndjson")
		return "application/x-ndjson";
	return null;
}

/** A running upload: its answer, and a way to stop it. */
export interface Upload {
	result: Promise<BatchResult>;
	abort(): void;
}

/** Sends a file; `onProgress` gets the fraction sent (0–1), then 1 while the server checks the rows. */
export function uploadBatch(
	path: string,
	file: File,
	type: string,
	encoding: string | null,
	onProgress: (fraction: number) => void,
): Upload {
	const xhr = new XMLHttpRequest();
	const url = `${API_BASE}${path}${encoding ? `?encoding=${encodeURIComponent(encoding)}` : ""}`;
	const result = new Promise<BatchResult>((resolve, reject) => {
		xhr.open("POST", url);
		xhr.setRequestHeader("content-type", type);
		xhr.setRequestHeader("accept", "application/json");
		const token = currentCsrfToken();
		if (token) xhr.setRequestHeader("x-csrf-token", token);
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) onProgress(e.loaded / e.total);
		};
		xhr.onload = () => {
			noteStatus(xhr.status, path);
			let body: unknown = null;
			try {
				body = JSON.parse(xhr.responseText);
			} catch {
				body = null;
			}
			if (xhr.status >= 200 && xhr.status < 300) resolve(body as BatchResult);
			else reject(toApiError(xhr.status, body));
		};
		xhr.onerror = () => reject(networkError());
		xhr.onabort = () => reject(new ApiError(0, "ABORTED", "upload cancelled", "已取消上传"));
		xhr.send(file);
	});
	return { result, abort: () => xhr.abort() };
}
