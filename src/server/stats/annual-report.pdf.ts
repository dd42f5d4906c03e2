/**
 * The annual report as an A4 PDF, drawn with server/pdf: a cover, the chapters of the HTML version with
 * its tables (ruled, figures right-aligned) and its bar charts drawn as filled rectangles, and the note on
 * sources and the log checkpoint. The Chinese font is embedded (server/pdf/font.ts) when the system has
 * Noto CJK; otherwise the document names Adobe's standard STSong-Light, which every reader supplies.
 */
import { pdfDocumentEmbedded } from "../pdf/embedded.ts";
import { type FlowOptions, gapRow, PdfFlow, type Row, textRows } from "../pdf/flow.ts";
import { embeddedCjkFont } from "../pdf/font.ts";
import { A4, type PdfPage, pdfDocument, textWidth, wrapText } from "../pdf/pdf.ts";
import type { AnnualData, Compared } from "./annual-report.service.ts";
import { beijingTime, change, reportTitle } from "./annual-report.service.ts";
import { type Bar, grouped, niceMax } from "./charts.ts";

const SIZE = 9;
const BLUE = "0.184 0.435 0.624";

function fill(page: PdfPage, x: number, y: number, w: number, h: number, rgb = BLUE): void {
	page.ops.push(`q ${rgb} rg ${x.toFixed(2)} ${y.toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)} re f Q`);
}

/** One table line: the first column left-aligned, the others right-aligned in equal columns. */
function tableRow(
	cells: readonly string[],
	width: number,
	firstWidth: number,
	opts: { bold?: boolean; rule?: number } = {},
): Row {
	const height = SIZE * 1.9;
	const others = cells.length - 1;
	const colW = others ? (width - firstWidth) / others : 0;
	return {
		height,
		draw: (page, left, top) => {
			const base = top - SIZE - 3;
			if (opts.bold) fill(page, left, top - height, width, height, "0.957 0.945 0.925");
			page.text(left + 2, base, SIZE, cells[0]!);
			for (let i = 1; i < cells.length; i++) {
				const s = cells[i]!;
				const right = left + firstWidth + colW * i - 3;
				page.text(right - textWidth(s, SIZE), base, SIZE, s);
			}
			page.rule(left, left + width, top - height, opts.rule ?? 0.3, opts.rule ? 0 : 0.6);
		},
	};
}

function comparedTable(rows: readonly Compared[], head: string, year: string, width: number): Row[] {
	return [
		tableRow([head, `${year}年`, `${Number(year) - 1}年`, "同比"], width, width * 0.46, {
			bold: true,
			rule: 0.8,
		}),
		...rows.map((r) =>
			tableRow([r.label, grouped(r.value), grouped(r.previous), change(r)], width, width * 0.46),
		),
	];
}

/** Vertical bars (months), as one row. */
function columnsRow(bars: readonly Bar[], width: number, height = 150): Row {
	return {
		height,
		draw: (page, left, top) => {
			const bottom = top - height + 18;
			const plotH = height - 36;
			const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
			const slot = width / Math.max(1, bars.length);
			const barW = slot * 0.6;
			page.rule(left, left + width, bottom, 0.5, 0.5);
			for (const [i, b] of bars.entries()) {
				const h = (b.value / max) * plotH;
				const x = left + i * slot + (slot - barW) / 2;
				if (h > 0) fill(page, x, bottom, barW, h);
				const v = b.value ? grouped(b.value) : "";
				page.text(x + barW / 2 - textWidth(v, 7) / 2, bottom + h + 3, 7, v, 0.2);
				page.text(x + barW / 2 - textWidth(b.label, 8) / 2, bottom - 11, 8, b.label, 0.2);
			}
		},
	};
}

/** Horizontal bars (districts, statuses), one row each. */
function barRows(bars: readonly Bar[], width: number, labelRoom = 90): Row[] {
	const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
	const plotW = width - labelRoom - 60;
	return bars.map((b) => ({
		height: 15,
		draw: (page: PdfPage, left: number, top: number) => {
			const w = (b.value / max) * plotW;
			page.text(left + labelRoom - 6 - textWidth(b.label, 8), top - 11, 8, b.label);
			if (w > 0) fill(page, left + labelRoom, top - 13, w, 10);
			page.text(left + labelRoom + w + 4, top - 11, 8, grouped(b.value), 0.2);
		},
	}));
}

/**
 * A figure or table with its caption above: kept on one page (a chart, a short table), or — for a table
 * that may run long — the caption with its first rows, so a caption never ends a page alone.
 */
function captioned(flow: PdfFlow, s: string, rows: Row[], whole = true, before: Row[] = []): void {
	const w = textWidth(s, 10);
	const head: Row[] = [
		gapRow(6),
		{ height: 16, draw: (page, left, top) => page.text(left + (flow.width - w) / 2, top - 11, 10, s) },
	];
	if (whole) flow.keep([...before, ...head, ...rows]);
	else {
		flow.keep([...before, ...head, ...rows.slice(0, 4)]);
		flow.add(rows.slice(4));
	}
}

/** A chapter heading's rows, to keep with what follows it (`captioned`'s `before`). */
function headingRows(s: string, width: number): Row[] {
	return [gapRow(9), ...textRows(s, width, { size: 15, leading: 1.6 })];
}

/** The PDF bytes. */
export function renderAnnualPdf(d: AnnualData): Buffer {
	const title = reportTitle(d.year);
	const opts: FlowOptions = {
		margin: 56,
		header: title,
		footer: (n, count) => `${title}　　第 ${n} 页，共 ${count} 页`,
	};
	const flow = new PdfFlow(opts);
	const W = flow.width;
	const centred = (s: string, size: number, gray = 0): Row => ({
		height: size * 1.8,
		draw: (page, left, top) => page.text(left + (W - textWidth(s, size)) / 2, top - size, size, s, gray),
	});
	// The cover, then the rest of its page left empty: the body is what the first page holds below the
	// margin and above the footer (flow.ts), so the next row starts page 2.
	const cover = [
		gapRow(170),
		centred("上海市市场监督管理局", 14, 0.3),
		gapRow(30),
		centred(title, 22),
		gapRow(10),
		centred(`Annual Report on Testing, Inspection and Certification in Shanghai, ${d.year}`, 10, 0.35),
		gapRow(200),
		centred(`数据截至 ${d.generatedOn}`, 11, 0.3),
	];
	const body = A4.h - 2 * (opts.margin ?? 50) - 24;
	flow.add([...cover, gapRow(body - cover.reduce((h, r) => h + r.height, 0) - 0.5)]);
	// A paragraph with its first line indented two characters (the wrapper would trim leading spaces).
	const para = (s: string) => {
		const size = 10.5;
		const first = wrapText(s, size, W - 2 * size)[0]!;
		const rest = s.slice(first.length).trimStart();
		const rows = textRows(first, W, { size, leading: 1.8, indent: 2 * size });
		flow.add([...rows, ...(rest ? textRows(rest, W, { size, leading: 1.8 }) : []), gapRow(4)]);
	};
	const lead = d.headline;
	const pct = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)}%`);
	flow.heading("一、总体情况", 15);
	para(
		`${d.year}年，本市登记在册且状态正常的认证机构${grouped(d.total.bodies)}家、检验检测机构${grouped(d.total.labs)}家；全年颁发认证证书${grouped(lead[0]!.value)}张（同比${change(lead[0]!)}），出具检验检测报告${grouped(lead[1]!.value)}份（同比${change(lead[1]!)}）；开展监督抽查${grouped(lead[3]!.value)}项，其中不合格${grouped(lead[4]!.value)}项；资质认定作出决定${grouped(lead[5]!.value)}件，法定时限内办结率${pct(d.total.approvalsOnTime)}；受理投诉举报${grouped(lead[6]!.value)}件。截至报告日，有效认证证书${grouped(d.total.validCertificates)}张。`,
	);
	captioned(flow, "表1　主要指标", comparedTable(d.headline, "指标", d.year, W));

	captioned(
		flow,
		`图1　${d.year}年各月颁发认证证书（张）`,
		[columnsRow(d.certificateMonths, W)],
		true,
		headingRows("二、认证", W),
	);
	captioned(flow, "表2　按认证项目统计的颁证数量", comparedTable(d.schemes, "认证项目", d.year, W), false);
	captioned(flow, "图2　认证证书状态分布（截至报告日，张）", barRows(d.certificateStatus, W));

	captioned(
		flow,
		`图3　${d.year}年各月出具检验检测报告（份）`,
		[columnsRow(d.reportMonths, W)],
		true,
		headingRows("三、检验检测", W),
	);
	captioned(flow, "表3　按领域统计的检验检测报告", comparedTable(d.fields, "领域", d.year, W), false);

	captioned(
		flow,
		`图4　各区${d.year}年颁发认证证书（张）`,
		barRows(
			[...d.districts]
				.sort((a, b) => b.certificatesIssued - a.certificatesIssued)
				.map((r) => ({ label: r.nameZh, value: r.certificatesIssued })),
			W,
		),
		true,
		headingRows("四、各区比较", W),
	);
	const head = [
		"区",
		"认证机构",
		"检测机构",
		"有效证书",
		"年内颁证",
		"年内报告",
		"抽查任务",
		"覆盖率",
		"按时办结率",
	];
	const line = (r: AnnualData["total"]) => [
		r.nameZh,
		grouped(r.bodies),
		grouped(r.labs),
		grouped(r.validCertificates),
		grouped(r.certificatesIssued),
		grouped(r.reportsIssued),
		grouped(r.spotTasks),
		pct(r.spotCoverage),
		pct(r.approvalsOnTime),
	];
	captioned(flow, "表4　各区主要指标（区级绩效评价）", [
		tableRow(head, W, 62, { bold: true, rule: 0.8 }),
		...d.districts.map((r) => tableRow(line(r), W, 62)),
		tableRow(line(d.total), W, 62, { bold: true, rule: 0.8 }),
	]);

	flow.heading("五、数据来源与说明", 15);
	para(
		"本报告全部数据取自上海市检验检测认证公共登记平台（OpenTIC）登记在册的记录，未使用抽样调查数据。统计口径：认证证书按当前一次发证日期计入月份，按持证组织所在区统计；检验检测报告按签发日期计入月份，按检验检测机构所在区统计，领域取该机构能力表中对应产品的领域；依法暂不公开的记录不计入；抽查覆盖率为年内被抽取的组织数占该区状态正常的组织数之比；同比为与上年同口径数据相比。",
	);
	para(
		`统计数据按透明日志第 ${grouped(d.asOf.logSize)} 条记录时的登记状态计算（计算于北京时间 ${beijingTime(d.asOf.refreshedAt)}）。`,
	);
	if (d.checkpoint) {
		para(
			`最新签名检查点：树大小 ${grouped(d.checkpoint.size)}，签署于北京时间 ${beijingTime(d.checkpoint.createdAt)}，根哈希（Base64）：`,
		);
		flow.add(textRows(d.checkpoint.rootHash, W, { size: 9, indent: 21 }));
		para("任何人可通过平台的 /log/checkpoint 与一致性证明核对该检查点，并逐条核对其中的记录。");
	} else para("透明日志尚无签名检查点。");
	const font = embeddedCjkFont();
	const pages = flow.finish();
	return font ? pdfDocumentEmbedded(pages, { title }, font) : pdfDocument(pages, { title });
}
