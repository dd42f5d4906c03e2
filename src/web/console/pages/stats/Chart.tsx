/**
 * One ECharts chart. ECharts is loaded on first use (its own chunk), with only the bar and pie charts and
 * the SVG renderer, so no other page pays for it; the chart follows its container's width.
 */
import { useEffect, useRef } from "react";

export type ChartKind = "bar" | "barH" | "pie";

export interface ChartProps {
	kind: ChartKind;
	/** Category labels and values, in display order. */
	data: { label: string; value: number }[];
	/** What the chart shows, for screen readers. */
	label: string;
	height?: number;
}

type Echarts = typeof import("echarts/core");
let loading: Promise<Echarts> | null = null;

function loadEcharts(): Promise<Echarts> {
	loading ??= Promise.all([
		import("echarts/core"),
		import("echarts/charts"),
		import("echarts/components"),
		import("echarts/renderers"),
	]).then(([core, charts, components, renderers]) => {
		core.use([
			charts.BarChart,
			charts.PieChart,
			components.GridComponent,
			components.TooltipComponent,
			components.AriaComponent,
			renderers.SVGRenderer,
		]);
		return core;
	});
	return loading;
}

const BLUE = "#2f6f9f";

function optionOf({ kind, data, label }: ChartProps) {
	const base = { aria: { enabled: true, label: { description: label } }, tooltip: {} };
	if (kind === "pie")
		return {
			...base,
			tooltip: { trigger: "item" },
			series: [
				{
					type: "pie",
					radius: ["35%", "65%"],
					data: data.map((d) => ({ name: d.label, value: d.value })),
					label: { formatter: "{b}: {c}" },
				},
			],
		};
	const horizontal = kind === "barH";
	// Every name on a horizontal chart; months along the bottom thin out by themselves ("auto").
	const categories = {
		type: "category",
		data: data.map((d) => d.label),
		axisLabel: horizontal ? { interval: 0 } : { interval: "auto", hideOverlap: true },
	};
	const values = { type: "value", minInterval: 1 };
	return {
		...base,
		grid: { left: horizontal ? 110 : 40, right: 30, top: 20, bottom: 30 },
		xAxis: horizontal ? values : categories,
		yAxis: horizontal ? { ...categories, inverse: true } : values,
		series: [
			{
				type: "bar",
				data: data.map((d) => d.value),
				itemStyle: { color: BLUE },
				label: { show: data.length <= 16, position: horizontal ? "right" : "top" },
			},
		],
	};
}

export function Chart(props: ChartProps) {
	const ref = useRef<HTMLDivElement>(null);
	const chart = useRef<ReturnType<Echarts["init"]> | null>(null);
	const option = optionOf(props);
	const key = JSON.stringify(option);

	useEffect(() => {
		let gone = false;
		const observer = new ResizeObserver(() => chart.current?.resize());
		void loadEcharts().then((echarts) => {
			if (gone || !ref.current) return;
			chart.current = echarts.init(ref.current, undefined, { renderer: "svg" });
			chart.current.setOption(JSON.parse(key));
			observer.observe(ref.current);
		});
		return () => {
			gone = true;
			observer.disconnect();
			chart.current?.dispose();
			chart.current = null;
		};
	}, [key]);

	const height = props.height ?? (props.kind === "barH" ? Math.max(160, props.data.length * 26 + 50) : 260);
	return (
		<div
			ref={ref}
			className="stats-chart"
			role="img"
			aria-label={props.label}
			style={{ height, width: "100%" }}
		/>
	);
}
