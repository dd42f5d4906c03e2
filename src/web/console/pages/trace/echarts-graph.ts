/**
 * The part of ECharts the trace graph needs — the graph series, tooltip and legend on a canvas — and
 * nothing else, so the chunk TraceGraph loads stays small. Imported dynamically only.
 */
import { GraphChart } from "echarts/charts";
import { LegendComponent, TooltipComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([GraphChart, TooltipComponent, LegendComponent, CanvasRenderer]);

export { init };
