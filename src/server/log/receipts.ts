/**
 * Which log entries the current request appended, so that its answer can wait for a checkpoint that
 * covers them and carry a receipt. The HTTP layer opens a scope per write request; journal.service.ts
 * records appends into it. Outside a scope (imports, jobs) nothing is recorded.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface AppendScope {
	/** The highest index appended in this scope, or -1. */
	last: number;
}

const scope = new AsyncLocalStorage<AppendScope>();

/** Runs `fn` (and everything it starts) in a fresh append scope. */
export function withAppendScope<T>(s: AppendScope, fn: () => T): T {
	return scope.run(s, fn);
}

/** Records that entries [first, first + count) were appended in the current scope. */
export function noteAppended(first: number, count: number): void {
	const s = scope.getStore();
	if (s && count > 0) s.last = Math.max(s.last, first + count - 1);
}
