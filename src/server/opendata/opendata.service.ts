/**
 * Open data (开放数据): the register's public records as datasets — organisations, qualifications,
 * certificates, reports, published spot-check results and published alerts — in CSV (UTF-8 with a BOM, so
 * Excel reads the Chinese) and JSON Lines, gzip, regenerated daily by the server and kept in the database
 * with their SHA-256 and the log size they were made at; a schema document describes every column. The
 * feed (`/open-data/feed?after=N`) gives the log entries after an index with the current public record
 * each one is about, a page at a time, so a mirror that loaded a file keeps up from the file's log size.
 *
 * Only public columns are read (opendata.repository.ts), withheld records never; as a last guard, a text
 * value that holds something shaped like an identity or mobile number is left empty (`holdsPersonalData`).
 */
import { createHash } from "node:crypto";
import { createGzip } from "node:zlib";
import { spreadsheetCell } from "../../core/csv.ts";
import { type Clock, isoInstant } from "../../core/dates.ts";
import { holdsPersonalData } from "../../core/id-number.ts";
import type { Db } from "../db/database.ts";
import { InputError, NotFoundError } from "../errors.ts";
import { logSize, readEntries } from "../log/journal.repository.ts";
import {
	alertsPresent,
	certificatesByKey,
	datasetPage,
	datasetRowsById,
	getFile,
	listFiles,
	organizationsByUscc,
	putFile,
	type Row,
	reportsByKey,
} from "./opendata.repository.ts";

/** One column of a dataset, as the schema document describes it. */
export interface Column {
	name: string;
	/** The row's column it comes from. */
	from: string;
	type: "string" | "integer" | "date" | "datetime" | "json";
	zh: string;
	en: string;
}

export interface Dataset {
	name: string;
	titleZh: string;
	titleEn: string;
	descriptionZh: string;
	columns: Column[];
}

const c = (name: string, from: string, type: Column["type"], zh: string, en: string): Column => ({
	name,
	from,
	type,
	zh,
	en,
});

/** The datasets and their columns (the schema document). */
export const DATASETS: readonly Dataset[] = [
	{
		name: "organizations",
		titleZh: "机构与企业",
		titleEn: "Organisations",
		descriptionZh: "认证机构、检验检测机构和获证企业（不含监管部门）。",
		columns: [
			c("uscc", "uscc", "string", "统一社会信用代码", "Unified social credit code"),
			c("kind", "kind", "string", "类型（cb 认证机构、lab 检验检测机构、enterprise 企业）", "Kind"),
			c("name", "name", "string", "名称", "Name"),
			c("nameEn", "name_en", "string", "英文名称", "English name"),
			c("district", "district", "string", "所在区（行政区划代码）", "District code"),
			c("status", "status", "string", "状态", "Status"),
			c("registeredAt", "created_at", "datetime", "登记时间", "Registered at"),
		],
	},
	{
		name: "qualifications",
		titleZh: "资质",
		titleEn: "Qualifications",
		descriptionZh: "认证机构批准书与检验检测机构资质认定证书。",
		columns: [
			c("type", "type", "string", "类型（cb_approval 认证机构批准、cma 资质认定）", "Type"),
			c("number", "number", "string", "编号", "Number"),
			c("orgUscc", "org_uscc", "string", "机构统一社会信用代码", "Organisation's USCC"),
			c("orgName", "org_name", "string", "机构名称", "Organisation"),
			c("issuer", "issuer", "string", "发证机关", "Issued by"),
			c("validFrom", "valid_from", "date", "有效期起", "Valid from"),
			c("validUntil", "valid_until", "date", "有效期至", "Valid until"),
			c("status", "status", "string", "状态", "Status"),
			c("scope", "scope_json", "json", "批准范围（认证项目代码）", "Approved schemes"),
		],
	},
	{
		name: "certificates",
		titleZh: "认证证书",
		titleEn: "Certificates",
		descriptionZh: "认证机构颁发的认证证书（依法暂不公开的除外）。",
		columns: [
			c("number", "number", "string", "证书编号", "Certificate number"),
			c("scheme", "scheme", "string", "认证项目代码", "Scheme"),
			c("standard", "standard", "string", "认证依据", "Standard"),
			c("cbUscc", "cb_uscc", "string", "认证机构统一社会信用代码", "CB's USCC"),
			c("cbName", "cb_name", "string", "认证机构", "Certification body"),
			c("holderUscc", "holder_uscc", "string", "获证组织统一社会信用代码", "Holder's USCC"),
			c("holderName", "holder_name", "string", "获证组织", "Holder"),
			c("holderDistrict", "holder_district", "string", "获证组织所在区", "Holder's district"),
			c("scope", "scope", "string", "认证范围", "Scope"),
			c("product", "product", "string", "产品", "Product"),
			c("cccCode", "ccc_code", "string", "CCC产品代码", "CCC product code"),
			c("firstIssueDate", "first_issue_date", "date", "初次发证日期", "First issued"),
			c("issueDate", "issue_date", "date", "本次发证日期", "Issued"),
			c("expiryDate", "expiry_date", "date", "有效期至", "Expires"),
			c("status", "status", "string", "状态", "Status"),
			c("statusSince", "status_since", "date", "状态日期", "Status since"),
			c("logIndex", "log_idx", "integer", "最新透明日志条目序号", "Newest log entry"),
		],
	},
	{
		name: "reports",
		titleZh: "检验检测报告",
		titleEn: "Test reports",
		descriptionZh: "检验检测机构出具的报告的关键信息（依法暂不公开的除外）。",
		columns: [
			c("number", "number", "string", "报告编号", "Report number"),
			c("labUscc", "lab_uscc", "string", "检验检测机构统一社会信用代码", "Lab's USCC"),
			c("labName", "lab_name", "string", "检验检测机构", "Lab"),
			c("clientName", "client_name", "string", "委托单位", "Client"),
			c("product", "product", "string", "样品/产品", "Product"),
			c("conclusion", "conclusion", "string", "结论（pass 合格、fail 不合格、none 不判定）", "Conclusion"),
			c("issueDate", "issue_date", "date", "签发日期", "Issued"),
			c("status", "status", "string", "状态", "Status"),
			c("statusSince", "status_since", "date", "状态日期", "Status since"),
			c("replacedBy", "replaced_by", "string", "替代报告编号", "Replaced by"),
			c("docSha256", "doc_sha256", "string", "报告文件 SHA-256", "SHA-256 of the document"),
			c("logIndex", "log_idx", "integer", "最新透明日志条目序号", "Newest log entry"),
		],
	},
	{
		name: "spot-check-results",
		titleZh: "监督抽查结果",
		titleEn: "Spot-check results",
		descriptionZh: "“双随机、一公开”抽查已公开的结果。",
		columns: [
			c("batch", "batch", "string", "抽查批次", "Batch"),
			c("seq", "seq", "integer", "序号", "Sequence"),
			c("orgUscc", "org_uscc", "string", "被检查单位统一社会信用代码", "Inspected organisation's USCC"),
			c("orgName", "org_name", "string", "被检查单位", "Inspected organisation"),
			c("district", "district", "string", "所在区", "District"),
			c(
				"result",
				"result",
				"string",
				"结果（pass 合格、fail 不合格、rectify 责令整改、unable 无法检查）",
				"Result",
			),
			c("inspectedOn", "inspected_on", "date", "检查日期", "Inspected on"),
			c("publishedAt", "published_at", "datetime", "公开时间", "Published at"),
			c("rectifyBy", "rectify_by", "date", "整改期限", "Rectify by"),
			c("rectifiedOn", "rectified_on", "date", "整改完成日期", "Rectified on"),
			c("logIndex", "log_idx", "integer", "透明日志条目序号", "Log entry"),
		],
	},
	{
		name: "alerts",
		titleZh: "风险预警",
		titleEn: "Risk alerts",
		descriptionZh: "已公开发布的风险预警。",
		columns: [
			c("number", "number", "string", "预警编号", "Alert number"),
			c("title", "title", "string", "标题", "Title"),
			c("titleEn", "title_en", "string", "英文标题", "English title"),
			c("severity", "severity", "string", "等级", "Severity"),
			c("source", "source", "string", "来源", "Source"),
			c("status", "status", "string", "状态", "Status"),
			c("publishedAt", "published_at", "datetime", "发布时间", "Published at"),
			c("districts", "districts", "string", "涉及的区（逗号分隔）", "Districts"),
			c("description", "description", "string", "内容", "Description"),
			c("logIndex", "log_idx", "integer", "透明日志条目序号", "Log entry"),
		],
	},
];

export const FORMATS = ["csv", "jsonl"] as const;
export type Format = (typeof FORMATS)[number];

/** The datasets this register has (alerts only once their table exists). */
export async function availableDatasets(db: Db): Promise<Dataset[]> {
	const alerts = await alertsPresent(db);
	return DATASETS.filter((d) => d.name !== "alerts" || alerts);
}

/** A row as published: the dataset's columns, personal data blanked. */
export function publicRecord(d: Dataset, row: Row): Record<string, string | number | null> {
	const out: Record<string, string | number | null> = {};
	for (const col of d.columns) {
		const v = row[col.from];
		if (v === null || v === undefined) out[col.name] = null;
		else if (col.type === "integer") out[col.name] = Number(v);
		else {
			const s = String(v);
			out[col.name] = holdsPersonalData(s) ? null : s;
		}
	}
	return out;
}

const PAGE = 5_000;

/** Writes one dataset in one format, gzip, into the database; returns its row count. */
export async function generateFile(db: Db, d: Dataset, format: Format, clock: Clock): Promise<number> {
	const size = await logSize(db);
	const gzip = createGzip({ level: 6 });
	const chunks: Buffer[] = [];
	gzip.on("data", (b: Buffer) => chunks.push(b));
	const done = new Promise<void>((resolve, reject) => {
		gzip.on("end", resolve);
		gzip.on("error", reject);
	});
	const write = (s: string) =>
		new Promise<void>((resolve) => {
			if (gzip.write(s)) resolve();
			else gzip.once("drain", resolve);
		});
	if (format === "csv") await write(`\ufeff${d.columns.map((col) => col.name).join(",")}\r\n`);
	let after = 0;
	let rows = 0;
	for (;;) {
		const page = await datasetPage(db, d.name, after, PAGE);
		if (!page.length) break;
		let text = "";
		for (const row of page) {
			const rec = publicRecord(d, row);
			text +=
				format === "csv"
					? `${d.columns.map((col) => spreadsheetCell(rec[col.name] ?? null)).join(",")}\r\n`
					: `${JSON.stringify(rec)}\n`;
		}
		await write(text);
		rows += page.length;
		after = page[page.length - 1]!.id;
		if (page.length < PAGE) break;
	}
	gzip.end();
	await done;
	const data = Buffer.concat(chunks);
	await putFile(db, {
		name: fileName(d.name, format),
		dataset: d.name,
		format,
		rows,
		bytes: data.length,
		sha256: createHash("sha256").update(data).digest("hex"),
		log_size: size,
		generated_at: isoInstant(clock.now()),
		data,
	});
	return rows;
}

/** The file name of a dataset in a format. */
export function fileName(dataset: string, format: Format): string {
	return `${dataset}.${format}.gz`;
}

/** Regenerates every dataset in both formats (the nightly job, `opentic open-data`). */
export async function generateAll(db: Db, clock: Clock): Promise<{ name: string; rows: number }[]> {
	const out: { name: string; rows: number }[] = [];
	for (const d of await availableDatasets(db))
		for (const f of FORMATS)
			out.push({ name: fileName(d.name, f), rows: await generateFile(db, d, f, clock) });
	return out;
}

/** The catalogue: each dataset with its schema and its stored files. */
export async function catalogue(db: Db) {
	const files = await listFiles(db);
	return (await availableDatasets(db)).map((d) => ({
		...d,
		files: files
			.filter((f) => f.dataset === d.name)
			.map((f) => ({
				name: f.name,
				format: f.format,
				rows: f.rows,
				bytes: f.bytes,
				sha256: f.sha256,
				logSize: f.log_size,
				generatedAt: f.generated_at,
			})),
	}));
}

/** A stored file's bytes, or 404. */
export async function openDataFile(db: Db, name: string) {
	const f = await getFile(db, name);
	if (!f)
		throw new NotFoundError(
			"OPEN_DATA_NOT_FOUND",
			`no open-data file ${name} (files are generated daily)`,
			`没有开放数据文件 ${name}（文件每日生成）`,
			"name",
		);
	return f;
}

export const FEED_MAX = 500;

/**
 * Log entries after index `after` (exclusive; -1 from the start), at most `limit`, each with the current
 * public record it is about (certificates, reports, organisations); `next` continues.
 */
export async function feed(db: Db, after: number, limit = 100) {
	if (!Number.isSafeInteger(after) || after < -1)
		throw new InputError(
			"FEED_AFTER_INVALID",
			"after: a log index (0 or more), or -1 for the start",
			"after：应为日志序号（0 或以上），或 -1 表示从头开始",
			"after",
			"RANGE",
		);
	if (!Number.isSafeInteger(limit) || limit < 1 || limit > FEED_MAX)
		throw new InputError(
			"FEED_LIMIT_INVALID",
			`limit: from 1 to ${FEED_MAX}`,
			`limit：应为 1 至 ${FEED_MAX}`,
			"limit",
			"RANGE",
		);
	const size = await logSize(db);
	const rows = await readEntries(db, after + 1, limit);
	const entries = rows.map((r) => ({
		idx: Number(r.idx),
		entry: JSON.parse(r.entry) as { type: string; subject: Record<string, string> },
	}));
	const certKeys: { number: string; issuer: string }[] = [];
	const reportKeys: { number: string; lab: string }[] = [];
	const orgKeys: string[] = [];
	for (const { entry } of entries) {
		const s = entry.subject ?? {};
		if (s.kind === "certificate" && s.number && s.issuer)
			certKeys.push({ number: s.number, issuer: s.issuer });
		else if (s.kind === "report" && s.number && s.issuer)
			reportKeys.push({ number: s.number, lab: s.issuer });
		else if (s.kind === "organization" && s.uscc) orgKeys.push(s.uscc);
	}
	const ds = (name: string) => DATASETS.find((d) => d.name === name)!;
	const records = {
		certificates: (await datasetRowsById(db, "certificates", await certificatesByKey(db, certKeys))).map(
			(r) => publicRecord(ds("certificates"), r),
		),
		reports: (await datasetRowsById(db, "reports", await reportsByKey(db, reportKeys))).map((r) =>
			publicRecord(ds("reports"), r),
		),
		organizations: (await datasetRowsById(db, "organizations", await organizationsByUscc(db, orgKeys))).map(
			(r) => publicRecord(ds("organizations"), r),
		),
	};
	const last = entries.length ? entries[entries.length - 1]!.idx : after;
	return { after, size, entries, records, next: last + 1 < size ? last : null };
}
