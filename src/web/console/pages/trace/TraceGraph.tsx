/**
 * The trace as a force-directed graph (ECharts graph series). ECharts is loaded when the graph is first
 * drawn, so no other page pays for it; the table beside it says the same in words for those who cannot
 * use a canvas. Clicking a node asks the page to trace from it.
 */
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n/i18n.tsx";
import { KIND_COLORS } from "./colors.ts";
import { kindKey, TRACE_KINDS, type TraceResult } from "./types.ts";

/** Above this many nodes names are drawn only on hover, or the picture becomes unreadable. */
const LABEL_LIMIT = 150;

export default function TraceGraph({
	result,
	onPick,
}: {
	result: TraceResult;
	onPick(nodeId: string): void;
}) {
	const i = useI18n();
	const box = useRef<HTMLDivElement>(null);
	const pick = useRef(onPick);
	pick.current = onPick;
	const [failed, setFailed] = useState(false);

	useEffect(() => {
		const el = box.current;
		if (!el) return;
		let disposed = false;
		let dispose = () => {};
		(async () => {
			const { init } = await import("./echarts-graph.ts");
			if (disposed) return;
			const chart = init(el);
			const categories = TRACE_KINDS.map((k) => ({
				name: i.t(kindKey(k)),
				itemStyle: { color: KIND_COLORS[k] },
			}));
			const showLabels = result.nodes.length <= LABEL_LIMIT;
			chart.setOption({
				animationDurationUpdate: 300,
				tooltip: {
					formatter: (p: { dataType?: string; data?: { name?: string; kindName?: string; hop?: number } }) =>
						p.dataType === "node" && p.data
							? `${escapeHtml(p.data.kindName ?? "")}<br/>${escapeHtml(p.data.name ?? "")}<br/>${escapeHtml(i.t("trace.hop"))} ${p.data.hop}`
							: "",
				},
				legend: [
					{ data: categories.map((c) => c.name), top: 0, z: 10, backgroundColor: "rgba(255,255,255,0.9)" },
				],
				series: [
					{
						type: "graph",
						layout: "force",
						roam: true,
						draggable: true,
						top: 40,
						categories,
						force: { repulsion: 160, edgeLength: [50, 110], gravity: 0.08 },
						label: { show: showLabels, position: "right", fontSize: 11, width: 160, overflow: "truncate" },
						emphasis: { focus: "adjacency", label: { show: true } },
						edgeSymbol: ["none", "arrow"],
						edgeSymbolSize: 6,
						lineStyle: { color: "source", opacity: 0.5, curveness: 0.05 },
						data: result.nodes.map((n) => ({
							id: n.id,
							name: n.label,
							kindName: i.t(kindKey(n.kind)),
							hop: n.hop,
							category: TRACE_KINDS.indexOf(n.kind),
							symbolSize: n.hop === 0 ? 26 : Math.max(9, 18 - n.hop * 3),
							...(n.hop === 0 ? { label: { show: true, fontWeight: "bold" } } : {}),
						})),
						links: result.edges.map((e) => ({ source: e.from, target: e.to })),
					},
				],
			});
			chart.on("click", (p) => {
				const id = (p.data as { id?: string } | undefined)?.id;
				if (p.dataType === "node" && id) pick.current(id);
			});
			const resize = new ResizeObserver(() => chart.resize());
			resize.observe(el);
			dispose = () => {
				resize.disconnect();
				chart.dispose();
			};
		})().catch(() => {
			if (!disposed) setFailed(true);
		});
		return () => {
			disposed = true;
			dispose();
		};
	}, [result, i]);

	if (failed) return <p className="muted">{i.t("trace.graphFailed")}</p>;
	return (
		<div
			ref={box}
			className="trace-graph"
			role="img"
			aria-label={i.t("trace.graphLabel", { nodes: result.nodes.length, edges: result.edges.length })}
		/>
	);
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
