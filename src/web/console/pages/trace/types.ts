/** The trace as GET /api/v1/trace answers it (server: src/server/tracing/tracing.service.ts). */
export type TraceKind = "organization" | "certificate" | "report" | "person" | "product";

export const TRACE_KINDS: readonly TraceKind[] = [
	"organization",
	"certificate",
	"report",
	"person",
	"product",
];

export interface TraceNode {
	id: string;
	kind: TraceKind;
	key: string;
	label: string;
	status: string | null;
	hop: number;
	path: string[];
	detail: Record<string, string | null>;
}

export interface TraceEdge {
	from: string;
	to: string;
	relation: string;
}

export interface TraceResult {
	root: TraceNode;
	depth: number;
	nodes: TraceNode[];
	edges: TraceEdge[];
	truncated: boolean;
	counts: Record<TraceKind, number>;
}

/** The console path that traces from a record. */
export function tracePath(kind: TraceKind, key: string, depth?: number): string {
	const q = new URLSearchParams({ kind, key });
	if (depth !== undefined) q.set("depth", String(depth));
	return `/trace?${q.toString()}`;
}

/** The message key naming a kind. */
export function kindKey(k: TraceKind) {
	return `trace.kind.${k}` as const;
}
