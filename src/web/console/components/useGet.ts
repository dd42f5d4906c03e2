/**
 * Loads a JSON document for a page and keeps it while the next one loads, so a table does not flash
 * empty between pages. A newer request always wins over an older one still in flight.
 */
import { useCallback, useEffect, useState } from "react";
import { type ApiError, apiGet } from "../api/client.ts";

export interface Loaded<T> {
	data: T | undefined;
	error: ApiError | undefined;
	loading: boolean;
	reload(): void;
}

/** GETs `path` (nothing while it is null) and again whenever it changes. */
export function useGet<T>(path: string | null): Loaded<T> {
	const [data, setData] = useState<T>();
	const [error, setError] = useState<ApiError>();
	const [loading, setLoading] = useState(path !== null);
	const [round, setRound] = useState(0);

	// biome-ignore lint/correctness/useExhaustiveDependencies: `round` is how reload() asks for a new request.
	useEffect(() => {
		if (path === null) {
			setLoading(false);
			return;
		}
		const ctl = new AbortController();
		setLoading(true);
		apiGet<T>(path, undefined, ctl.signal).then(
			(d) => {
				if (ctl.signal.aborted) return;
				setData(d);
				setError(undefined);
				setLoading(false);
			},
			(e: unknown) => {
				if (ctl.signal.aborted) return;
				setError(e as ApiError);
				setLoading(false);
			},
		);
		return () => ctl.abort();
	}, [path, round]);

	const reload = useCallback(() => setRound((r) => r + 1), []);
	return { data, error, loading, reload };
}
