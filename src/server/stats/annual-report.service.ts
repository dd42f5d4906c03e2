/**
 * The annual industry development report (年度检验检测认证产业发展报告), generated from the register:
 * the year's figures and those of the year before, certificates by scheme, reports by field, the months,
 * the district comparison of the yearly evaluation, and the log checkpoint the figures were computed at,
 * so that every figure can be traced to the register. One data set, two renderings: an HTML document
 * with inline SVG charts, and an A4 PDF drawn with the same figures.
 */
import { type Clock, chinaDate } from "../../core/dates.ts";
import { schemeByCode } from "../../core/schemes.ts";
import type { Db } from "../db/database.ts";
import { InputError } from "../errors.ts";
import { latestCheckpoint } from "../log/log.repository.ts";
import { type Html, html } from "../portal/html.ts";
import { renderAnnualPdf } from "./annual-report.pdf.ts";
import { type Bar, barsSvg, columnsSvg, grouped } from "./charts.ts";
import { sumCells } from "./stats.repository.ts";
import {
	type DistrictRow,
	districtTable,
	ensureStats,
	refreshStats,
	type StatsState,
} from "./stats.service.ts";

/** A figure this year and the year before. */
export interface Compared {
	label: string;
	value: number;
	previous: number;
}

/** Everything the report shows. */
export interface AnnualData {
	year: string;
	generatedOn: string;
	headline: Compared[];
	schemes: Compared[];
	fields: Compared[];
	certificateMonths: Bar[];
	reportMonths: Bar[];
	districts: DistrictRow[];
	total: DistrictRow;
	certificateStatus: Bar[];
	asOf: StatsState;
	checkpoint: { size: number; rootHash: string; createdAt: string } | null;
}

const STATUS_ZH: Record<string, string> = {
	valid: "有效",
	suspended: "暂停",
	withdrawn: "撤销",
	cancelled: "注销",
	expired: "过期失效",
};

/**
 * The report's data for a year, all read from the cube so that every figure stands at one log size. The
 * command recounts first; the server reads the cube its job keeps current (recounting there would hold a
 * SQLite server's thread for seconds), and the report names the log size either way.
 */
export async function annualData(
	db: Db,
	clock: Clock,
	year: string,
	{ recount = true }: { recount?: boolean } = {},
): Promise<AnnualData> {
	if (!/^\d{4}$/.test(year))
		throw new InputError(
			"STATS_YEAR_INVALID",
			"year: a year is four digits (e.g. 2026)",
			"year：年份应为四位数字（如 2026）",
			"year",
			"YEAR_FORMAT",
		);
	if (recount) await refreshStats(db, clock);
	else await ensureStats(db, clock);
	const prev = String(Number(year) - 1);
	const span = { from: `${prev}-01`, to: `${year}-12` };
	const keys = ["field", "month", "k1", "k2"] as const;
	const [certs, reports, spot, apps, complaints, certsNow] = await Promise.all([
		sumCells(db, "cert", span, keys),
		sumCells(db, "report", span, keys),
		sumCells(db, "spot", span, keys),
		sumCells(db, "approval", span, keys),
		sumCells(db, "complaint", span, keys),
		sumCells(db, "cert", {}, ["k1"]),
	]);
	const inY = (y: string) => (c: { month: string }) => c.month.startsWith(`${y}-`);
	const sum = <T extends { n: number }>(xs: readonly T[], keep: (c: T) => boolean) =>
		xs.reduce((s, c) => s + (keep(c) ? c.n : 0), 0);
	const compare = <T extends { n: number; month: string }>(
		label: string,
		xs: readonly T[],
		keep: (c: T) => boolean = () => true,
	): Compared => ({
		label,
		value: sum(xs, (c) => inY(year)(c) && keep(c)),
		previous: sum(xs, (c) => inY(prev)(c) && keep(c)),
	});
	const table = await districtTable(db, clock, year);
	const byKey = (xs: readonly { field: string; n: number; month: string }[], name: (k: string) => string) => {
		const m = new Map<string, Compared>();
		for (const c of xs) {
			const row = m.get(c.field) ?? { label: name(c.field), value: 0, previous: 0 };
			if (inY(year)(c)) row.value += c.n;
			else if (inY(prev)(c)) row.previous += c.n;
			m.set(c.field, row);
		}
		return [...m.values()]
			.filter((r) => r.value || r.previous)
			.sort((a, b) => b.value - a.value || b.previous - a.previous);
	};
	const months = (xs: readonly { n: number; month: string }[]): Bar[] =>
		Array.from({ length: 12 }, (_, i) => {
			const m = `${year}-${String(i + 1).padStart(2, "0")}`;
			return { label: `${i + 1}月`, value: sum(xs, (c) => c.month === m) };
		});
	const status = new Map<string, number>();
	for (const c of certsNow) status.set(c.k1, (status.get(c.k1) ?? 0) + c.n);
	const cp = await latestCheckpoint(db);
	return {
		year,
		generatedOn: chinaDate(clock.now()),
		headline: [
			compare("颁发认证证书（张）", certs),
			compare("出具检验检测报告（份）", reports),
			compare("其中结论不合格（份）", reports, (c) => c.k2 === "fail"),
			compare("监督抽查任务（项）", spot),
			compare("抽查不合格（项）", spot, (c) => c.k2 === "fail"),
			compare("资质认定作出决定（件）", apps, (c) => c.k1 === "finished" && c.k2 !== ""),
			compare("受理投诉举报（件）", complaints),
		],
		schemes: byKey(certs, (k) => schemeByCode(k)?.nameZh ?? k),
		fields: byKey(reports, (k) => k),
		certificateMonths: months(certs),
		reportMonths: months(reports),
		districts: table.rows,
		total: table.total,
		certificateStatus: [...status]
			.map(([k, n]) => ({ label: STATUS_ZH[k] ?? k, value: n }))
			.sort((a, b) => b.value - a.value),
		asOf: table.asOf,
		checkpoint: cp
			? { size: cp.size, rootHash: cp.root_hash.toString("base64"), createdAt: cp.created_at }
			: null,
	};
}

/** Year-on-year change as text: +12.5%, −3.0%, or — when there is nothing to compare with. */
export function change(c: Compared): string {
	if (!c.previous) return c.value ? "新增" : "—";
	const pct = ((c.value - c.previous) / c.previous) * 100;
	return `${pct >= 0 ? "+" : "−"}${Math.abs(pct).toFixed(1)}%`;
}

const pct = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)}%`);
const num1 = (v: number | null) => (v === null ? "—" : v.toFixed(1));

/** An instant as China reads it: YYYY-MM-DD HH:mm, UTC+8. */
export function beijingTime(iso: string): string {
	return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** The report's title for a year. */
export function reportTitle(year: string): string {
	return `${year}年度上海市检验检测认证产业发展报告`;
}

/** The report as a standalone HTML document (print-ready: A4, page breaks between chapters). */
export function renderAnnualHtml(d: AnnualData): string {
	const cmp = (rows: readonly Compared[], head: string) => html`<table>
		<thead><tr><th scope="col">${head}</th><th scope="col" class="n">${d.year}年</th><th scope="col" class="n">${Number(d.year) - 1}年</th><th scope="col" class="n">同比</th></tr></thead>
		<tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td class="n">${grouped(r.value)}</td><td class="n">${grouped(r.previous)}</td><td class="n">${change(r)}</td></tr>`)}</tbody></table>`;
	const lead = d.headline;
	const districtRows = (rows: readonly DistrictRow[]) =>
		rows.map(
			(r) =>
				html`<tr><th scope="row">${r.nameZh}</th><td class="n">${grouped(r.bodies)}</td><td class="n">${grouped(r.labs)}</td><td class="n">${grouped(r.validCertificates)}</td><td class="n">${grouped(r.certificatesIssued)}</td><td class="n">${grouped(r.reportsIssued)}</td><td class="n">${grouped(r.spotTasks)}</td><td class="n">${pct(r.spotCoverage)}</td><td class="n">${grouped(r.applicationsDecided)}</td><td class="n">${pct(r.approvalsOnTime)}</td><td class="n">${num1(r.approvalDays)}</td><td class="n">${grouped(r.complaintsReceived)}</td></tr>`,
		);
	const body: Html = html`<header class="cover">
		<p class="org">上海市市场监督管理局</p>
		<h1>${reportTitle(d.year)}</h1>
		<p class="sub">Annual Report on the Development of Testing, Inspection and Certification in Shanghai, ${d.year}</p>
		<p class="date">数据截至 ${d.generatedOn}</p>
	</header>
	<section>
		<h2>一、总体情况</h2>
		<p>${d.year}年，本市登记在册且状态正常的认证机构${grouped(d.total.bodies)}家、检验检测机构${grouped(d.total.labs)}家；全年颁发认证证书${grouped(lead[0]!.value)}张（同比${change(lead[0]!)}），出具检验检测报告${grouped(lead[1]!.value)}份（同比${change(lead[1]!)}）；开展监督抽查${grouped(lead[3]!.value)}项，其中不合格${grouped(lead[4]!.value)}项；资质认定作出决定${grouped(lead[5]!.value)}件，法定时限内办结率${pct(d.total.approvalsOnTime)}；受理投诉举报${grouped(lead[6]!.value)}件。截至报告日，有效认证证书${grouped(d.total.validCertificates)}张。</p>
		<h3>表1　主要指标</h3>
		${cmp(d.headline, "指标")}
	</section>
	<section>
		<h2>二、认证</h2>
		<h3>图1　${d.year}年各月颁发认证证书（张）</h3>
		${columnsSvg(d.certificateMonths, `${d.year}年各月颁发认证证书`)}
		<h3>表2　按认证项目统计的颁证数量</h3>
		${cmp(d.schemes, "认证项目")}
		<h3>图2　认证证书状态分布（截至报告日，张）</h3>
		${barsSvg(d.certificateStatus, "认证证书状态分布")}
	</section>
	<section>
		<h2>三、检验检测</h2>
		<h3>图3　${d.year}年各月出具检验检测报告（份）</h3>
		${columnsSvg(d.reportMonths, `${d.year}年各月出具检验检测报告`)}
		<h3>表3　按领域统计的检验检测报告</h3>
		${cmp(d.fields, "领域")}
	</section>
	<section>
		<h2>四、各区比较</h2>
		<h3>图4　各区${d.year}年颁发认证证书（张）</h3>
		${barsSvg(
			[...d.districts]
				.sort((a, b) => b.certificatesIssued - a.certificatesIssued)
				.map((r) => ({ label: r.nameZh, value: r.certificatesIssued })),
			`各区${d.year}年颁发认证证书`,
		)}
		<h3>表4　各区主要指标（区级绩效评价）</h3>
		<table class="wide">
			<thead><tr><th scope="col">区</th><th scope="col" class="n">认证机构</th><th scope="col" class="n">检验检测机构</th><th scope="col" class="n">有效证书</th><th scope="col" class="n">年内颁证</th><th scope="col" class="n">年内报告</th><th scope="col" class="n">抽查任务</th><th scope="col" class="n">抽查覆盖率</th><th scope="col" class="n">资质决定</th><th scope="col" class="n">按时办结率</th><th scope="col" class="n">平均用时（工作日）</th><th scope="col" class="n">投诉举报</th></tr></thead>
			<tbody>${districtRows(d.districts)}</tbody>
			<tfoot>${districtRows([d.total])}</tfoot>
		</table>
	</section>
	<section class="sources">
		<h2>五、数据来源与说明</h2>
		<p>本报告全部数据取自上海市检验检测认证公共登记平台（OpenTIC）登记在册的记录，未使用抽样调查数据。统计口径：认证证书按当前一次发证日期计入月份，按持证组织所在区统计；检验检测报告按签发日期计入月份，按检验检测机构所在区统计，领域取该机构能力表中对应产品的领域；依法暂不公开的记录不计入；抽查覆盖率为年内被抽取的组织数占该区状态正常的组织数之比；同比为与上年同口径数据相比。</p>
		<p>统计数据按透明日志第 ${grouped(d.asOf.logSize)} 条记录时的登记状态计算（计算于北京时间 ${beijingTime(d.asOf.refreshedAt)}）。${
			d.checkpoint
				? html`最新签名检查点：树大小 ${grouped(d.checkpoint.size)}，根哈希 <code>${d.checkpoint.rootHash}</code>（签署于北京时间 ${beijingTime(d.checkpoint.createdAt)}）。任何人可通过平台的 /log/checkpoint 与一致性证明核对该检查点，并逐条核对其中的记录。`
				: "透明日志尚无签名检查点。"
		}</p>
	</section>`;
	return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${reportTitle(d.year)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; color: #1a1a1a; line-height: 1.75; max-width: 900px; margin: 0 auto; padding: 24px; font-size: 15px; }
.cover { text-align: center; padding: 80px 0 60px; border-bottom: 2px solid #8b0000; margin-bottom: 32px; }
.cover h1 { font-size: 28px; letter-spacing: 2px; margin: 24px 0 8px; }
.cover p { text-indent: 0; text-align: center; }
.cover .org, .cover .date { color: #555; } .cover .sub { color: #555; font-size: 13px; }
h2 { font-size: 20px; border-left: 5px solid #8b0000; padding-left: 10px; margin-top: 36px; }
h3 { font-size: 15px; text-align: center; margin: 24px 0 8px; }
p { text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border-top: 1px solid #bbb; border-bottom: 1px solid #bbb; padding: 4px 6px; text-align: left; }
thead th { border-top: 2px solid #333; background: #f4f1ec; } tbody tr:last-child > * { border-bottom: 2px solid #333; }
tfoot th, tfoot td { font-weight: bold; border-bottom: 2px solid #333; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.wide { font-size: 12px; }
svg.chart { display: block; margin: 0 auto; max-width: 720px; font-family: inherit; }
code { font-size: 12px; word-break: break-all; }
section { page-break-before: auto; } h2 { page-break-after: avoid; }
</style></head><body>${body}</body></html>`;
}

/** The report for a year as HTML or PDF bytes. */
export async function annualReport(
	db: Db,
	clock: Clock,
	year: string,
	format: "html" | "pdf",
	opts: { recount?: boolean } = {},
): Promise<{ bytes: Buffer; data: AnnualData }> {
	const data = await annualData(db, clock, year, opts);
	const bytes = format === "html" ? Buffer.from(renderAnnualHtml(data), "utf8") : renderAnnualPdf(data);
	return { bytes, data };
}
