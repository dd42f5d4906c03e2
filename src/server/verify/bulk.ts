/**
 * Bulk verification, for buyers and bid evaluators: a pasted list or a CSV of certificate (or report)
 * numbers, each optionally followed by its issuer's USCC, or of suppliers' USCCs. A number gives its
 * statement; a USCC gives the statement of every certificate the organisation holds (or every report
 * issued to it as client), newest first. Each line is answered on its own: a bad line says why and the
 * others still run.
 */
import { parseCsv, spreadsheetCell } from "../../core/csv.ts";
import { checkUscc } from "../../core/uscc.ts";
import {
	RESULTS,
	type VerificationResult,
	type VerificationStatement,
	type VerifyType,
} from "../../core/verify/statement.ts";
import type { Db } from "../db/database.ts";
import { AppError, InputError } from "../errors.ts";
import type { StatementService } from "./verify.service.ts";

export const MAX_BULK_LINES = 2_000;
/** Records listed per organisation named by USCC. */
export const MAX_PER_ORGANIZATION = 50;

export interface BulkRow {
	/** The line of the input (1-based). */
	line: number;
	input: string;
	kind: "number" | "uscc";
	statements: VerificationStatement[];
	/** Why the line gave no statement. */
	error: { code: string; zh: string; en: string } | null;
	/** For a USCC: the organisation's name when registered. */
	organization: string | null;
}

export interface BulkResult {
	type: VerifyType;
	rows: BulkRow[];
	/** Statements by result, and lines in error. */
	counts: Record<VerificationResult | "error", number>;
}

const HEADER = /^(number|no\.?|编号|证书编号|报告编号|uscc|统一社会信用代码|code)$/i;

/** Splits the input into lines of cells: CSV, or cells separated by tabs, spaces or Chinese commas. */
export function bulkLines(text: string): { line: number; cells: string[] }[] | InputError {
	const out: { line: number; cells: string[] }[] = [];
	for (const r of parseCsv(text.replace(/^\uFEFF/, ""))) {
		if (r.error)
			return new InputError(
				"VERIFY_BULK_CSV",
				`line ${r.line}: ${r.error.messageEn}`,
				`第 ${r.line} 行：${r.error.messageZh}`,
				"lines",
				r.error.rule,
			);
		const cells = r.fields
			.flatMap((f) => f.split(/[\t ;；，、]+/))
			.map((c) => c.normalize("NFC").trim())
			.filter((c) => c !== "");
		if (cells.length === 0) continue;
		if (out.length === 0 && HEADER.test(cells[0]!)) continue;
		out.push({ line: r.line, cells });
	}
	if (out.length === 0)
		return new InputError(
			"VERIFY_BULK_EMPTY",
			"lines: give at least one certificate number or USCC",
			"lines：请至少填写一个证书编号或统一社会信用代码",
			"lines",
			"REQUIRED",
		);
	if (out.length > MAX_BULK_LINES)
		return new InputError(
			"VERIFY_BULK_TOO_MANY",
			`lines: at most ${MAX_BULK_LINES} lines at a time (${out.length} given)`,
			`lines：每次最多 ${MAX_BULK_LINES} 行（本次 ${out.length} 行）`,
			"lines",
			"MAX_ITEMS",
		);
	return out;
}

export async function verifyBulk(
	db: Db,
	service: StatementService,
	type: VerifyType,
	text: string,
): Promise<BulkResult> {
	const lines = bulkLines(text);
	if (lines instanceof InputError) throw lines;
	const counts = Object.fromEntries([...RESULTS, "error"].map((r) => [r, 0])) as BulkResult["counts"];
	const rows: BulkRow[] = [];
	for (const { line, cells } of lines) {
		const first = cells[0]!;
		const uscc = checkUscc(first);
		const row: BulkRow = {
			line,
			input: cells.join(" "),
			kind: uscc.valid ? "uscc" : "number",
			statements: [],
			error: null,
			organization: null,
		};
		try {
			if (uscc.valid) {
				const org = await db
					.selectFrom("organizations")
					.select(["id", "name"])
					.where("uscc", "=", uscc.code)
					.executeTakeFirst();
				if (!org)
					row.error = {
						code: "ORG_NOT_REGISTERED",
						zh: `统一社会信用代码 ${uscc.code} 未在登记库中登记`,
						en: `no organisation with USCC ${uscc.code} is registered`,
					};
				else {
					row.organization = org.name;
					for (const r of await recordsOf(db, type, org.id, uscc.code))
						row.statements.push(await service.statement({ type, number: r.number, issuer: r.issuer }));
					if (row.statements.length === 0)
						row.error = {
							code: "ORG_HOLDS_NONE",
							zh: `${org.name} 已登记，但名下没有${type === "certificate" ? "证书" : "以其为委托方的报告"}`,
							en: `${org.name} is registered but holds no ${type === "certificate" ? "certificates" : "reports as client"}`,
						};
				}
			} else if (uscc.failure === "CHECK" || uscc.failure === "ORG_CHECK") {
				// Shaped like a USCC (length, characters, structure) with a wrong check character: a typo.
				row.kind = "uscc";
				row.error = {
					code: "USCC_CHECK_FAILED",
					zh: `${first} 形似统一社会信用代码，但${uscc.messageZh}`,
					en: `${first} looks like a USCC, but ${uscc.messageEn}`,
				};
			} else {
				const issuer = cells[1] && checkUscc(cells[1]).valid ? cells[1] : null;
				row.statements.push(await service.statement({ type, number: first, issuer }));
			}
		} catch (e) {
			if (!(e instanceof AppError)) throw e;
			const issuers = (e.details as { issuers?: { uscc: string; name: string }[] } | undefined)?.issuers;
			const choices = issuers ? issuers.map((i) => `${i.name} ${i.uscc}`).join("；") : "";
			row.error = {
				code: e.code,
				zh: choices ? `${e.messageZh}：${choices}` : e.messageZh,
				en: choices ? `${e.messageEn}: ${choices}` : e.messageEn,
			};
		}
		for (const s of row.statements) counts[s.result]++;
		if (row.error) counts.error++;
		rows.push(row);
	}
	return { type, rows, counts };
}

/** The public records an organisation holds (certificates) or was issued as client (reports), newest first. */
async function recordsOf(db: Db, type: VerifyType, orgId: number, uscc: string) {
	if (type === "certificate")
		return db
			.selectFrom("certificates as c")
			.innerJoin("organizations as cb", "cb.id", "c.cb_id")
			.select(["c.number as number", "cb.uscc as issuer"])
			.where("c.holder_id", "=", orgId)
			.where("c.withheld_since", "is", null)
			.orderBy("c.issue_date", "desc")
			.orderBy("c.id", "desc")
			.limit(MAX_PER_ORGANIZATION)
			.execute();
	return db
		.selectFrom("reports as r")
		.innerJoin("organizations as l", "l.id", "r.lab_id")
		.select(["r.number as number", "l.uscc as issuer"])
		.where("r.client_uscc", "=", uscc)
		.where("r.withheld_since", "is", null)
		.orderBy("r.issue_date", "desc")
		.orderBy("r.id", "desc")
		.limit(MAX_PER_ORGANIZATION)
		.execute();
}

/** Result names for people. */
export const RESULT_TEXT: Record<VerificationResult, { zh: string; en: string }> = {
	valid: { zh: "有效", en: "valid" },
	suspended: { zh: "暂停", en: "suspended" },
	withdrawn: { zh: "撤销", en: "withdrawn" },
	cancelled: { zh: "注销", en: "cancelled" },
	expired: { zh: "过期失效", en: "expired" },
	replaced: { zh: "已替代", en: "replaced" },
	revoked: { zh: "已撤销", en: "revoked" },
	not_found: { zh: "未找到", en: "not found" },
};

export const REASON_TEXT: Record<string, { zh: string; en: string }> = {
	unknown_number: { zh: "登记库中无此编号", en: "no such number in the register" },
	malformed_number: { zh: "编号不符合编号规则", en: "the number does not follow the numbering rule" },
	issuer_not_registered: { zh: "所称发证机构未登记", en: "the issuer named is not registered" },
	withheld: { zh: "经监管部门决定不予公开", en: "withheld from public view by the regulator" },
};

/** The CSV of a bulk result: one line per statement, and one per line in error. */
export function bulkCsv(result: BulkResult): string {
	const head = [
		"line",
		"input",
		"type",
		"number",
		"result",
		"结论",
		"reason",
		"since",
		"issuer_uscc",
		"issuer_name",
		"holder_uscc",
		"holder_name",
		"scope",
		"log_index",
		"checkpoint_size",
		"url",
		"made_at",
		"error",
	];
	const lines = [head.join(",")];
	for (const r of result.rows) {
		for (const s of r.statements)
			lines.push(
				[
					r.line,
					r.input,
					s.type,
					s.query.number,
					s.result,
					RESULT_TEXT[s.result].zh,
					s.reason ?? "",
					s.since ?? "",
					s.issuer?.uscc,
					s.issuer?.name,
					s.holder?.uscc,
					s.holder?.name,
					s.scope,
					s.log?.index,
					s.proof ? checkpointSize(s.checkpoint) : "",
					s.url,
					s.madeAt,
					"",
				]
					.map(spreadsheetCell)
					.join(","),
			);
		if (r.error)
			lines.push(
				[
					r.line,
					r.input,
					result.type,
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					"",
					`${r.error.zh} / ${r.error.en}`,
				]
					.map(spreadsheetCell)
					.join(","),
			);
	}
	return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function checkpointSize(note: string | null): string {
	return note?.split("\n")[1] ?? "";
}
