import type { TraceKind } from "./types.ts";

/** One colour per kind, the same in the graph's legend and nodes and in the table's tags. */
export const KIND_COLORS: Record<TraceKind, string> = {
	organization: "#1677ff",
	certificate: "#389e0d",
	report: "#d46b08",
	person: "#722ed1",
	product: "#08979c",
};
