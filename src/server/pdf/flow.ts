/**
 * Flowing text onto as many A4 pages as it takes: headings, wrapped paragraphs and label–value fields go
 * down the page and continue on the next; a block kept together (one event of a report) moves whole to a
 * new page rather than split, unless it is longer than a page. Every page gets the running header (from
 * the second on) and a footer that knows the page count, drawn once the flow is finished.
 */
import { A4, PdfPage, textWidth, wrapText } from "./pdf.ts";

/** A line of the flow: its height, and how to draw it with its top at `top`. */
export interface Row {
	height: number;
	draw(page: PdfPage, left: number, top: number): void;
}

export interface FlowOptions {
	/** Page margin in points, all round. */
	margin?: number;
	/** A short line at the top of every page after the first, e.g. the document and whom it is about. */
	header?: string;
	/** The footer of page `n` of `count`. */
	footer?: (n: number, count: number) => string;
}

const LEADING = 1.5;
/** Room a heading needs below it, so that it never ends a page alone. */
const HEADING_KEEP = 48;

/** Wrapped text, one row a line; `indent` from the left margin, `gray` from 0 (black) to 1. */
export function textRows(
	s: string,
	width: number,
	opts: { size?: number; indent?: number; gray?: number; leading?: number } = {},
): Row[] {
	const size = opts.size ?? 10;
	const indent = opts.indent ?? 0;
	const height = size * (opts.leading ?? LEADING);
	return wrapText(s, size, width - indent).map((line) => ({
		height,
		draw: (page, left, top) => page.text(left + indent, top - size, size, line, opts.gray ?? 0),
	}));
}

/**
 * A label and its value side by side, the value wrapped in its column; a label wider than its column
 * puts the value on the next line.
 */
export function fieldRows(
	label: string,
	value: string,
	width: number,
	opts: { size?: number; labelWidth?: number; indent?: number } = {},
): Row[] {
	const size = opts.size ?? 10;
	const indent = opts.indent ?? 0;
	const labelWidth = opts.labelWidth ?? 120;
	const height = size * LEADING;
	const labelText = (page: PdfPage, left: number, top: number) =>
		page.text(left + indent, top - size, size, label, 0.35);
	const values = wrapText(value, size, width - indent - labelWidth);
	const valueRow = (line: string): Row => ({
		height,
		draw: (page, left, top) => page.text(left + indent + labelWidth, top - size, size, line),
	});
	if (textWidth(label, size) > labelWidth - 6) return [{ height, draw: labelText }, ...values.map(valueRow)];
	const [first, ...rest] = values.map(valueRow);
	return [
		{
			height,
			draw: (page, left, top) => {
				labelText(page, left, top);
				first!.draw(page, left, top);
			},
		},
		...rest,
	];
}

/** Vertical space. */
export function gapRow(height: number): Row {
	return { height, draw: () => {} };
}

/** A thin rule across the width, in the middle of `height`. */
export function ruleRow(width: number, height = 10, gray = 0): Row {
	return {
		height,
		draw: (page, left, top) => page.rule(left, left + width, top - height / 2, 0.5, gray),
	};
}

/** The flow itself: add rows, then `finish()` for the pages. */
export class PdfFlow {
	readonly margin: number;
	/** The width text may take. */
	readonly width: number;
	readonly #opts: FlowOptions;
	readonly #pages: PdfPage[] = [];
	#page!: PdfPage;
	#y = 0;

	constructor(opts: FlowOptions = {}) {
		this.#opts = opts;
		this.margin = opts.margin ?? 50;
		this.width = A4.w - 2 * this.margin;
		this.#newPage();
	}

	/** Where content starts on a page: below the running header after the first page. */
	#top(): number {
		return A4.h - this.margin - (this.#pages.length > 1 && this.#opts.header ? 24 : 0);
	}

	/** Where content must end: above the footer. */
	get #bottom(): number {
		return this.margin + (this.#opts.footer ? 24 : 0);
	}

	#newPage(): void {
		this.#page = new PdfPage();
		this.#pages.push(this.#page);
		this.#y = this.#top();
	}

	/** Rows down the page, each on the next page when it does not fit on this one. */
	add(rows: Row[]): void {
		for (const r of rows) {
			if (this.#y - r.height < this.#bottom && this.#y < this.#top()) this.#newPage();
			r.draw(this.#page, this.margin, this.#y);
			this.#y -= r.height;
		}
	}

	/** Rows kept on one page: a new page first when they fit on an empty one but not in what is left. */
	keep(rows: Row[]): void {
		const height = rows.reduce((h, r) => h + r.height, 0);
		if (this.#y - height < this.#bottom && height <= this.#top() - this.#bottom && this.#y < this.#top())
			this.#newPage();
		this.add(rows);
	}

	/** A section heading, moved to the next page if it would end this one. */
	heading(s: string, size = 13): void {
		const rows = [gapRow(size * 0.6), ...textRows(s, this.width, { size, leading: 1.6 })];
		const height = rows.reduce((h, r) => h + r.height, 0);
		if (this.#y - height - HEADING_KEEP < this.#bottom && this.#y < this.#top()) this.#newPage();
		this.add(this.#y === this.#top() ? rows.slice(1) : rows);
	}

	/** The pages, with their headers and footers. */
	finish(): PdfPage[] {
		const count = this.#pages.length;
		for (const [i, page] of this.#pages.entries()) {
			if (i > 0 && this.#opts.header) {
				const y = A4.h - this.margin;
				page.text(this.margin, y - 8, 8, this.#opts.header, 0.35);
				page.rule(this.margin, A4.w - this.margin, y - 14, 0.4, 0.6);
			}
			if (this.#opts.footer) {
				page.rule(this.margin, A4.w - this.margin, this.margin + 14, 0.4, 0.6);
				// One line: what does not fit is cut, so a footer never runs into the margin.
				page.text(
					this.margin,
					this.margin + 2,
					8,
					wrapText(this.#opts.footer(i + 1, count), 8, this.width)[0]!,
					0.35,
				);
			}
		}
		return this.#pages;
	}
}
