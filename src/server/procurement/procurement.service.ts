/**
 * The procurement adoption check (政府采购供应商资格核验): a buyer or bid evaluator pastes suppliers' USCCs
 * and gets, line by line and in order, whether each code is well formed (GB 32100), who it names, the
 * certificates it holds that are valid today by scheme, and the bans in force today that keep it out of
 * government purchasing — a `procurement` ban, or a `tic` ban, which also bars it. The reads are a fixed
 * number of queries whatever the list's length; a code given twice is looked up once and answered on
 * each of its lines.
 */
import { spreadsheetCell } from "../../core/csv.ts";
import { schemeByCode } from "../../core/schemes.ts";
import { checkUscc, type UsccFailure } from "../../core/uscc.ts";
import type { Db } from "../db/database.ts";
import { InputError } from "../errors.ts";
import { bulkLines } from "../verify/bulk.ts";
import {
	creditGradesOf,
	organizationsByUscc,
	purchasingBansOf,
	validCertificatesOf,
} from "./procurement.repository.ts";

/** Lines a check takes at a time. */
export const MAX_PROCUREMENT_LINES = 1_000;
/** Certificate numbers listed per scheme; `count` gives them all. */
export const MAX_NUMBERS_PER_SCHEME = 20;

export interface SchemeHolding {
	scheme: string;
	nameZh: string;
	nameEn: string;
	count: number;
	/** Newest first, at most MAX_NUMBERS_PER_SCHEME. */
	numbers: string[];
}

export interface PurchasingBan {
	reference: string;
	authority: string;
	startsOn: string;
	/** Null: for life. */
	endsOn: string | null;
	reason: string;
}

export interface ProcurementLine {
	uscc: string;
	valid: boolean;
	problem?: { rule: UsccFailure; message: string; messageZh: string };
	/** Null when the code is malformed or names no registered organisation. */
	organization: { name: string; kind: string; district: string | null } | null;
	certificates: SchemeHolding[];
	procurementBans: PurchasingBan[];
	/** A ban in force keeps the supplier out of government purchasing. */
	excluded: boolean;
	/** The credit-risk grade, for regulators only (it is an internal reference, never public). */
	creditGrade?: string | null;
}

export interface CheckOptions {
	/** Add each organisation's credit-risk grade: only for a reader who may read credit files. */
	withGrades?: boolean;
}

/** Answers each USCC in order, as of `today` (a China date). */
export async function checkSuppliers(
	db: Db,
	usccs: readonly string[],
	today: string,
	opts: CheckOptions = {},
): Promise<ProcurementLine[]> {
	const checked = usccs.map((u) => checkUscc(u));
	const codes = [...new Set(checked.flatMap((c) => (c.valid ? [c.code] : [])))];
	const orgs = codes.length ? await organizationsByUscc(db, codes) : [];
	const ids = orgs.map((o) => Number(o.id));
	const [certs, bans, grades] = ids.length
		? await Promise.all([
				validCertificatesOf(db, ids, today),
				purchasingBansOf(db, ids, today),
				opts.withGrades ? creditGradesOf(db, ids) : [],
			])
		: [[], [], []];
	const gradeOf = new Map(grades.map((g) => [Number(g.id), g.credit_grade]));

	const holdings = new Map<number, Map<string, SchemeHolding>>();
	for (const c of certs) {
		const holder = Number(c.holder_id);
		const bySchemes = holdings.get(holder) ?? new Map<string, SchemeHolding>();
		holdings.set(holder, bySchemes);
		let h = bySchemes.get(c.scheme);
		if (!h) {
			const s = schemeByCode(c.scheme);
			h = {
				scheme: c.scheme,
				nameZh: s?.nameZh ?? c.scheme,
				nameEn: s?.nameEn ?? c.scheme,
				count: 0,
				numbers: [],
			};
			bySchemes.set(c.scheme, h);
		}
		h.count++;
		if (h.numbers.length < MAX_NUMBERS_PER_SCHEME) h.numbers.push(c.number);
	}
	const bansOf = new Map<number, PurchasingBan[]>();
	for (const b of bans) {
		const org = Number(b.org_id);
		const list = bansOf.get(org) ?? [];
		list.push({
			reference: b.reference,
			authority: b.authority,
			startsOn: b.starts_on,
			endsOn: b.ends_on,
			reason: b.reason,
		});
		bansOf.set(org, list);
	}
	const byCode = new Map(orgs.map((o) => [o.uscc, o]));

	return checked.map((c): ProcurementLine => {
		if (!c.valid)
			return {
				uscc: c.code,
				valid: false,
				problem: { rule: c.failure, message: c.messageEn, messageZh: c.messageZh },
				organization: null,
				certificates: [],
				procurementBans: [],
				excluded: false,
			};
		const o = byCode.get(c.code);
		if (!o)
			return {
				uscc: c.code,
				valid: true,
				organization: null,
				certificates: [],
				procurementBans: [],
				excluded: false,
			};
		const id = Number(o.id);
		const procurementBans = bansOf.get(id) ?? [];
		return {
			uscc: c.code,
			valid: true,
			organization: { name: o.name, kind: o.kind, district: o.district },
			certificates: [...(holdings.get(id)?.values() ?? [])],
			procurementBans,
			excluded: procurementBans.length > 0,
			...(opts.withGrades ? { creditGrade: gradeOf.get(id) ?? null } : {}),
		};
	});
}

/** A pasted or uploaded list, as the portal's form takes it: one code per line, its first cell. */
export interface SupplierListLine {
	line: number;
	uscc: string;
}

/**
 * Reads the portal form's text (codes one per line, or a CSV file's first column, an optional header)
 * into lines; a list longer than a check takes is refused whole, naming the field.
 */
export function supplierLines(text: string): SupplierListLine[] {
	const lines = bulkLines(text);
	if (lines instanceof InputError) {
		if (lines.code === "VERIFY_BULK_EMPTY")
			throw new InputError(
				"PROCUREMENT_EMPTY",
				"usccs: give at least one supplier's unified social credit code",
				"供应商代码：请至少填写一个统一社会信用代码",
				"usccs",
				"REQUIRED",
			);
		if (lines.code !== "VERIFY_BULK_TOO_MANY") throw lines;
	}
	const list = lines instanceof InputError ? null : lines;
	if (!list || list.length > MAX_PROCUREMENT_LINES)
		throw new InputError(
			"PROCUREMENT_TOO_MANY",
			`usccs: at most ${MAX_PROCUREMENT_LINES} suppliers at a time`,
			`供应商代码：每次最多核验 ${MAX_PROCUREMENT_LINES} 家供应商`,
			"usccs",
			"MAX_ITEMS",
		);
	return list.map((l) => ({ line: l.line, uscc: l.cells[0]! }));
}

/** The check's answer as CSV for a spreadsheet: one row per supplier, UTF-8 with a BOM. */
export function procurementCsv(
	lines: readonly SupplierListLine[],
	result: readonly ProcurementLine[],
): string {
	const head = [
		"line",
		"uscc",
		"code_valid",
		"name",
		"district",
		"excluded",
		"valid_certificates",
		"schemes",
		"bans",
		"problem",
	];
	const rows = result.map((r, i) =>
		[
			lines[i]?.line ?? i + 1,
			r.uscc,
			r.valid ? "yes" : "no",
			r.organization?.name ?? "",
			r.organization?.district ?? "",
			r.excluded ? "yes" : "no",
			r.certificates.reduce((n, h) => n + h.count, 0),
			r.certificates.map((h) => `${h.nameZh} ${h.count}`).join("; "),
			r.procurementBans.map((b) => `${b.reference} ${b.startsOn}—${b.endsOn ?? "终身"}`).join("; "),
			r.problem
				? `${r.problem.messageZh} / ${r.problem.message}`
				: r.organization
					? ""
					: "未在登记簿中找到 / not registered",
		]
			.map(spreadsheetCell)
			.join(","),
	);
	return `\uFEFF${[head.join(","), ...rows].join("\r\n")}\r\n`;
}
