/**
 * Test reports: every report a lab issues, with its key fields and the hash of the document. A report's
 * content never changes once registered; only its status does (replaced or revoked), with history and
 * a log entry in the same transaction.
 */
import { reportBreach } from "../../core/checks/scope-rules.ts";
import { type Clock, chinaDate } from "../../core/dates.ts";
import { personRef } from "../../core/records/person-ref.ts";
import type { ReportInput } from "../../core/records/report.ts";
import {
	type Conclusion,
	canReportTransition,
	REPORT_STATUS_INFO,
	type ReportStatus,
} from "../../core/report-status.ts";
import { type Actor, mayActOn, maySeeWithheld } from "../auth/policy.ts";
import { auditBlocked, bannedRow, bansInForce } from "../bans/bans.service.ts";
import type { Db } from "../db/database.ts";
import type { NewReport, ReportRow } from "../db/schema.ts";
import type { SearchPage } from "../db/search.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { flagNewReports } from "../flags/scope-checks.ts";
import { historyOf, insertHistory, type NewHistory } from "../history/history.repository.ts";
import {
	type BatchContext,
	type BatchRow,
	forbidden,
	type RowResult,
	rejected,
	statusDateTooEarly,
} from "../import/batch.ts";
import { writeRecord } from "../import/import.service.ts";
import { lockLog } from "../log/journal.repository.ts";
import { type LogEvent, logEvents } from "../log/journal.service.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import * as people from "../people/people.repository.ts";
import { refKey, resolvePersonRefs } from "../people/people.service.ts";
import { qualificationViews } from "../qualifications/qualifications.repository.ts";
import { hiddenFor, withheldError } from "../withheld/visibility.ts";
import * as repo from "./reports.repository.ts";

/** The public fields of a report, as shown and as hashed into the log. */
export interface ReportRecord {
	number: string;
	labUscc: string;
	clientName: string;
	clientUscc: string | null;
	product: string;
	items: { parameter: string; standard: string; result: string | null; conclusion: Conclusion | null }[];
	conclusion: string;
	issueDate: string;
	signatory: string | null;
	docSha256: string;
	status: string;
	statusSince: string;
	statusReason: string | null;
	replacedBy: string | null;
	/** The China date since which the record is withheld from public view (absent while public). */
	withheldSince?: string;
}

/** Builds the public record from stored columns, members in canonical (alphabetical) order. */
export function reportRecord(
	row: Omit<ReportRow, "id" | "created_at" | "updated_at">,
	labUscc: string,
): ReportRecord {
	return {
		clientName: row.client_name,
		clientUscc: row.client_uscc,
		conclusion: row.conclusion,
		docSha256: row.doc_sha256,
		issueDate: row.issue_date,
		items: JSON.parse(row.items_json),
		labUscc,
		number: row.number,
		product: row.product,
		replacedBy: row.replaced_by,
		signatory: row.signatory_id === null ? null : personRef(row.signatory_id),
		status: row.status,
		statusReason: row.status_reason,
		statusSince: row.status_since,
		...(row.withheld_since ? { withheldSince: row.withheld_since } : {}),
	};
}

/** Content that may never change under the same number, with the field name it is reported under. */
const IMMUTABLE: [keyof NewReport, string][] = [
	["client_name", "clientName"],
	["client_uscc", "clientUscc"],
	["product", "product"],
	["items_json", "items"],
	["conclusion", "conclusion"],
	["issue_date", "issueDate"],
	["signatory_id", "signatory"],
	["doc_sha256", "docSha256"],
];

interface Pending {
	key: string;
	id: number | null;
	row: NewReport;
	labUscc: string;
	history: Omit<NewHistory, "subject_id">[];
	eventType: string;
	/** The public record as stored before this batch (null for a new report). */
	before: ReportRecord | null;
}

/** Applies reported test reports, one result per row. */
export async function applyReports(
	trx: Db,
	rows: BatchRow<ReportInput>[],
	ctx: BatchContext,
): Promise<RowResult[]> {
	const labs = await orgs.mapByUscc(
		trx,
		rows.map((r) => r.input.labUscc),
	);
	const stored = await repo.findByNumbers(
		trx,
		rows.map((r) => r.input.number),
	);
	const storedLabs = await orgs.mapById(
		trx,
		stored.map((r) => r.lab_id),
	);
	const personIds = await resolvePersonRefs(
		trx,
		rows.flatMap((r) => (r.input.signatory ? [r.input.signatory] : [])),
	);
	const qualifications = await qualificationViews(
		trx,
		[...labs.values()].map((o) => o.id),
	);
	const employerOf = new Map(
		(await people.findByIds(trx, [...personIds.values()])).map((p) => [p.id, p.employer_id]),
	);
	const bans = await bansInForce(trx, ctx.today);
	const blocked: Parameters<typeof auditBlocked>[2] = [];

	const current = new Map<string, Pending>();
	for (const r of stored) {
		const { id, ...row } = r;
		const key = `${r.lab_id}:${r.number}`;
		const labUscc = storedLabs.get(r.lab_id)!.uscc;
		current.set(key, { key, id, row, labUscc, history: [], eventType: "", before: reportRecord(r, labUscc) });
	}
	const touched = new Map<string, Pending>();
	const results: RowResult[] = [];
	for (const { line, input } of rows) {
		const lab = labs.get(input.labUscc);
		if (!lab) {
			results.push(
				rejected(line, "labUscc", "LAB_UNKNOWN", "检验检测机构未登记", "the lab is not registered"),
			);
			continue;
		}
		if (lab.kind !== "lab") {
			results.push(
				rejected(
					line,
					"labUscc",
					"LAB_NOT_LAB",
					"该机构未登记为检验检测机构",
					"this organisation is not registered as a lab",
				),
			);
			continue;
		}
		if (!mayActOn(ctx.actor, "report.write", { orgId: lab.id, district: lab.district })) {
			results.push(
				forbidden(
					line,
					"labUscc",
					"只能报送或修改本机构出具的报告",
					"you may only report or change reports your own lab issued",
				),
			);
			continue;
		}
		let signatoryId: number | null = null;
		if (input.signatory) {
			const id = personIds.get(refKey(input.signatory));
			if (id === undefined) {
				results.push(
					rejected(line, "signatory", "PERSON_UNKNOWN", "签字人未登记", "the signatory is not registered"),
				);
				continue;
			}
			if (employerOf.get(id) !== lab.id) {
				results.push(
					rejected(
						line,
						"signatory",
						"SIGNATORY_NOT_STAFF",
						"签字人不是本机构人员",
						"the signatory is not employed by this lab",
					),
				);
				continue;
			}
			signatoryId = id;
		}
		if (input.issueDate > ctx.today || input.statusDate > ctx.today) {
			const field = input.issueDate > ctx.today ? "issueDate" : "statusDate";
			results.push(
				rejected(line, field, "DATE_IN_FUTURE", "日期不能晚于今天", "the date cannot be in the future"),
			);
			continue;
		}
		const key = `${lab.id}:${input.number}`;
		const fields: NewReport = {
			number: input.number,
			lab_id: lab.id,
			client_name: input.clientName,
			client_uscc: input.clientUscc,
			product: input.product,
			// Item members in canonical order: the log hashes them as stored.
			items_json: JSON.stringify(
				input.items.map((i) => ({
					conclusion: i.conclusion,
					parameter: i.parameter,
					result: i.result,
					standard: i.standard,
				})),
			),
			conclusion: input.conclusion,
			issue_date: input.issueDate,
			signatory_id: signatoryId,
			doc_sha256: input.docSha256,
			status: "valid",
			status_since: input.issueDate,
			status_reason: null,
			replaced_by: null,
			created_at: ctx.now,
			updated_at: ctx.now,
		};
		const existing = current.get(key);
		// A ban forbids a banned lab's new reports and a banned signatory newly named.
		const labBan = existing ? undefined : bans.orgs.get(lab.id);
		const signatoryBan =
			signatoryId !== null && existing?.row.signatory_id !== signatoryId
				? bans.people.get(signatoryId)
				: undefined;
		if (labBan || signatoryBan) {
			results.push(
				labBan
					? bannedRow(line, "labUscc", "organization", labBan, { zh: "出具新报告", en: "issue new reports" })
					: bannedRow(line, "signatory", "person", signatoryBan!, {
							zh: "担任授权签字人",
							en: "sign reports",
						}),
			);
			blocked.push({
				ban: (labBan ?? signatoryBan)!,
				target: { type: "report", key: `${input.labUscc}/${input.number}` },
				orgId: lab.id,
			});
			continue;
		}
		// A new report needs a CMA qualification in force (core/checks/scope-rules.ts).
		const breach = existing ? null : reportBreach(qualifications.get(lab.id) ?? [], input.issueDate);
		if (breach) {
			results.push(rejected(line, breach.field, breach.rule, breach.zh, breach.en));
			continue;
		}
		if (existing) {
			const differs = IMMUTABLE.filter(([col]) => existing.row[col] !== fields[col]).map(([, name]) => name);
			if (differs.length > 0) {
				results.push(
					rejected(
						line,
						"number",
						"REPORT_DUPLICATE_CONFLICT",
						`该机构已登记编号相同但内容不同的报告（${differs.join("、")}不一致）；报告签发后内容不能修改，更正须出具新报告并将原报告标为已替代`,
						`this lab already registered this number with a different ${differs.join(", ")}; a report cannot change after issue — issue a new report and mark this one replaced`,
					),
				);
				continue;
			}
			const from = existing.row.status as ReportStatus;
			const to = input.status;
			if (from === to) {
				results.push({ line, outcome: "unchanged" });
				continue;
			}
			if (!canReportTransition(from, to)) {
				results.push(
					rejected(
						line,
						"status",
						"REPORT_STATUS_TRANSITION",
						`报告状态不能从“${REPORT_STATUS_INFO[from].zh}”变为“${REPORT_STATUS_INFO[to].zh}”`,
						`a report cannot go from ${from} to ${to}`,
					),
				);
				continue;
			}
			if (input.statusDate < existing.row.status_since) {
				results.push(statusDateTooEarly(line));
				continue;
			}
			const row = {
				...existing.row,
				status: to,
				status_since: input.statusDate,
				status_reason: input.statusReason,
				replaced_by: input.replacedBy,
				updated_at: ctx.now,
			};
			const next: Pending = {
				...existing,
				row,
				history: [...existing.history, historyRow(from, to, input.statusDate, input.statusReason, ctx)],
				eventType: existing.id === null ? "report.issued" : "report.status",
			};
			current.set(key, next);
			touched.set(key, next);
			results.push({ line, outcome: "updated" });
		} else {
			const row = { ...fields };
			// Status history records changes after issue; the issue itself is the report row.
			const history: Pending["history"] = [];
			if (input.status !== "valid") {
				history.push(historyRow("valid", input.status, input.statusDate, input.statusReason, ctx));
				row.status = input.status;
				row.status_since = input.statusDate;
				row.status_reason = input.statusReason;
				row.replaced_by = input.replacedBy;
			}
			const next: Pending = {
				key,
				id: null,
				row,
				labUscc: lab.uscc,
				history,
				eventType: "report.issued",
				before: null,
			};
			current.set(key, next);
			touched.set(key, next);
			results.push({ line, outcome: "created" });
		}
	}

	await auditBlocked(trx, ctx, blocked);
	const pending = [...touched.values()];
	// Log indices are reserved first, so each row is written once with the index of its entry.
	const firstIdx = await lockLog(trx);
	pending.forEach((p, i) => {
		p.row.log_idx = firstIdx + i;
	});
	const inserts = pending.filter((p) => p.id === null);
	const updates = pending.filter((p) => p.id !== null);
	const ids = await repo.insertMany(
		trx,
		inserts.map((p) => p.row),
	);
	for (const p of inserts) p.id = ids.get(p.key)!;
	// New reports' soft findings (items outside the capability list, unauthorised signatory) are flagged
	// for regulators at once; the nightly checks keep them current.
	await flagNewReports(
		trx,
		inserts.map((p) => ({
			id: p.id!,
			number: p.row.number,
			labId: p.row.lab_id,
			items: JSON.parse(p.row.items_json) as { parameter: string; standard: string }[],
			signatory: p.row.signatory_id ?? null,
		})),
		ctx.now,
	);
	for (const p of updates) {
		await repo.updateStatus(trx, p.id!, {
			status: p.row.status!,
			status_since: p.row.status_since,
			status_reason: p.row.status_reason ?? null,
			replaced_by: p.row.replaced_by ?? null,
			updated_at: p.row.updated_at,
			log_idx: p.row.log_idx ?? null,
		});
	}
	await insertHistory(
		trx,
		pending.flatMap((p) => p.history.map((h) => ({ ...h, subject_id: p.id! }))),
	);
	await logEvents(
		trx,
		pending.map((p) => ({
			...reportEvent(p.eventType, p.row, p.labUscc),
			before: p.before,
			subjectOrgId: p.row.lab_id,
			row: { table: "reports" as const, id: p.id!, written: true as const },
		})),
		ctx,
		firstIdx,
	);
	return results;
}

function historyRow(
	from: ReportStatus | null,
	to: ReportStatus,
	date: string,
	reason: string | null,
	ctx: BatchContext,
): Omit<NewHistory, "subject_id"> {
	return {
		subject_type: "report",
		from_status: from,
		to_status: to,
		effective_date: date,
		reason,
		source: ctx.source,
		recorded_at: ctx.now,
	};
}

/** The log event of a report written or changed. */
export function reportEvent(type: string, row: NewReport, labUscc: string): LogEvent {
	const record = reportRecord(row as ReportRow, labUscc);
	return {
		type,
		subject: { issuer: labUscc, kind: "report", number: row.number },
		by: labUscc,
		facts: { status: record.status, statusSince: record.statusSince },
		record,
	};
}

/** A report as the public API lists it. */
export interface ReportSummary {
	number: string;
	lab: { uscc: string; name: string };
	clientName: string;
	product: string;
	conclusion: Conclusion;
	issueDate: string;
	status: ReportStatus;
	statusSince: string;
}

function presentSummary(r: repo.ReportWithLab): ReportSummary {
	return {
		number: r.number,
		lab: { uscc: r.lab_uscc, name: r.lab_name },
		clientName: r.client_name,
		product: r.product,
		conclusion: r.conclusion as Conclusion,
		issueDate: r.issue_date,
		status: r.status as ReportStatus,
		statusSince: r.status_since,
	};
}

/** Searches reports, leaving out those withheld from the reader (by default, the public). */
export async function searchReports(
	db: Db,
	f: repo.ReportFilter,
	offset: number,
	limit: number,
	reader: Actor | null = null,
): Promise<SearchPage<ReportSummary>> {
	const hidden = f.hidden ?? (await hiddenFor(db, "report", reader));
	const page = await repo.search(db, { ...f, hidden }, offset, limit);
	return { ...page, items: page.items.map(presentSummary) };
}

export interface ReportDetail extends ReportSummary {
	clientUscc: string | null;
	items: ReportRecord["items"];
	signatory: { ref: string; name: string } | null;
	docSha256: string;
	statusReason: string | null;
	replacedBy: string | null;
	/** Since when the report is withheld from public view (only readers who may see it get it). */
	withheldSince: string | null;
	history: { from: string | null; to: string; date: string; reason: string | null; source: string }[];
	logIndex: number | null;
}

/** One report by number (and lab, when numbers collide across labs). */
/**
 * The report a request names, or REPORT_NOT_FOUND / REPORT_NUMBER_AMBIGUOUS; with a reader, a report
 * withheld from that reader's view answers REPORT_WITHHELD.
 */
export async function findOne(db: Db, number: string, labUscc: string | undefined, reader?: Actor | null) {
	let labId: number | undefined;
	if (labUscc) {
		const lab = await orgs.findByUscc(db, labUscc);
		if (!lab) throw notFound(number);
		labId = lab.id;
	}
	const named = await repo.findByNumberWithLab(db, number, labId);
	const rows =
		reader === undefined
			? named
			: named.filter((r) => !r.withheld_since || maySeeWithheld(reader, Number(r.lab_id)));
	if (rows.length === 0) {
		const withheld = named.find((r) => r.withheld_since);
		throw withheld ? withheldError("report", number, withheld.withheld_since!) : notFound(number);
	}
	if (rows.length > 1)
		throw new ConflictError(
			"REPORT_NUMBER_AMBIGUOUS",
			`${rows.length} labs use the report number ${number}; give lab=<USCC>`,
			`${rows.length}家检验检测机构使用了报告编号 ${number}，请用 lab 参数指明出具机构`,
			"lab",
			undefined,
			{ labs: rows.map((r) => ({ uscc: r.lab_uscc, name: r.lab_name })) },
		);
	return rows;
}

/** A public record in the import's shape (what `opentic export` writes and the write API takes). */
export function reportAsImport(rec: ReportRecord): Record<string, unknown> {
	const { statusSince, withheldSince: _withheld, ...rest } = rec;
	return { ...rest, statusDate: statusSince };
}

/** Replaces or revokes a report through the report writer (the lab's ownership and the rules apply). */
export async function changeReportStatus(
	db: Db,
	number: string,
	labUscc: string | undefined,
	change: { status: string; date?: string; reason?: string | null; replacedBy?: string | null },
	opts: { clock: Clock; actor: Actor },
): Promise<RowResult> {
	const r = (await findOne(db, number, labUscc))[0]!;
	return writeRecord(
		db,
		"reports",
		{
			...reportAsImport(reportRecord(r, r.lab_uscc)),
			status: change.status,
			statusDate: change.date ?? chinaDate(opts.clock.now()),
			statusReason: change.reason ?? null,
			replacedBy: change.replacedBy ?? null,
		},
		opts,
	);
}

/** One report by number (and lab, when numbers collide across labs), as this reader (default: the public) may see it. */
export async function getReport(
	db: Db,
	number: string,
	labUscc: string | undefined,
	reader: Actor | null = null,
): Promise<ReportDetail> {
	const rows = await findOne(db, number, labUscc, reader);
	const r = rows[0]!;
	const history = await historyOf(db, "report", r.id);
	return {
		...presentSummary(r),
		clientUscc: r.client_uscc,
		items: JSON.parse(r.items_json),
		signatory:
			r.signatory_id === null ? null : { ref: personRef(r.signatory_id), name: r.signatory_name ?? "" },
		docSha256: r.doc_sha256,
		statusReason: r.status_reason,
		replacedBy: r.replaced_by,
		withheldSince: r.withheld_since,
		history: [
			{ from: null, to: "valid", date: r.issue_date, reason: null, source: "issued" },
			...history.map((h) => ({
				from: h.from_status,
				to: h.to_status,
				date: h.effective_date,
				reason: h.reason,
				source: h.source,
			})),
		],
		logIndex: r.log_idx === null ? null : Number(r.log_idx),
	};
}

function notFound(number: string): NotFoundError {
	return new NotFoundError(
		"REPORT_NOT_FOUND",
		`no test report with number ${number} is registered`,
		`登记库中没有编号为 ${number} 的检验检测报告`,
		"number",
	);
}
