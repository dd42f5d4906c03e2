/**
 * Bar charts as data: the bars' geometry computed once, then drawn as inline SVG (the annual report's
 * HTML, the portal's statistics page: no script) or into a PDF page. Values are counts, so the axis
 * starts at zero.
 */
import { type Html, html } from "../portal/html.ts";

export interface Bar {
	label: string;
	value: number;
}

export interface ChartBox {
	width: number;
	height: number;
	/** Room left of the bars for labels (horizontal charts) or under them (vertical). */
	labelRoom: number;
}

/** A "nice" top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(max: number): number {
	if (max <= 0) return 1;
	const p = 10 ** Math.floor(Math.log10(max));
	for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
	return 10 * p;
}

/** Groups digits the Chinese way for display (thousands separators). */
export function grouped(n: number): string {
	return n.toLocaleString("en-US");
}

/** A vertical bar chart (months, years) as SVG; `title` labels it for screen readers. */
export function columnsSvg(bars: readonly Bar[], title: string, box: Partial<ChartBox> = {}): Html {
	const width = box.width ?? 640;
	const height = box.height ?? 220;
	const bottom = box.labelRoom ?? 28;
	const top = 18;
	const left = 8;
	const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
	const plotH = height - bottom - top;
	const slot = bars.length ? (width - left * 2) / bars.length : 0;
	const barW = Math.max(2, slot * 0.62);
	const cols = bars.map((b, i) => {
		const h = (b.value / max) * plotH;
		const x = left + i * slot + (slot - barW) / 2;
		const y = top + plotH - h;
		return html`<g><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="#2f6f9f"><title>${b.label}: ${grouped(b.value)}</title></rect><text x="${(x + barW / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" font-size="10" text-anchor="middle" fill="#333">${b.value ? grouped(b.value) : ""}</text><text x="${(x + barW / 2).toFixed(1)}" y="${(height - bottom + 16).toFixed(1)}" font-size="11" text-anchor="middle" fill="#333">${b.label}</text></g>`;
	});
	return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg"><title>${title}</title><line x1="${left}" x2="${width - left}" y1="${top + plotH}" y2="${top + plotH}" stroke="#999" stroke-width="1"/>${cols}</svg>`;
}

/** A horizontal bar chart (districts, schemes, fields) as SVG, largest first as given. */
export function barsSvg(bars: readonly Bar[], title: string, box: Partial<ChartBox> = {}): Html {
	const width = box.width ?? 640;
	const labelRoom = box.labelRoom ?? 130;
	const rowH = 22;
	const height = Math.max(rowH, bars.length * rowH) + 8;
	const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
	const plotW = width - labelRoom - 70;
	const rows = bars.map((b, i) => {
		const y = 4 + i * rowH;
		const w = (b.value / max) * plotW;
		return html`<g><text x="${labelRoom - 8}" y="${y + 15}" font-size="12" text-anchor="end" fill="#333">${b.label}</text><rect x="${labelRoom}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="#2f6f9f"><title>${b.label}: ${grouped(b.value)}</title></rect><text x="${(labelRoom + w + 6).toFixed(1)}" y="${y + 15}" font-size="11" fill="#333">${grouped(b.value)}</text></g>`;
	});
	return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${rows}</svg>`;
}
