/**
 * Certificates: report (create or update), change status within the allowed transitions, expire on the
 * end date, search and show. Every applied change writes its status history and a log entry in the same
 * transaction.
 */
import {
	CERTIFICATE_STATUS_INFO,
	type CertificateStatus,
	canTransition,
	effectiveStatus,
} from "../../core/certificate-status.ts";
import { certificateBreach } from "../../core/checks/scope-rules.ts";
import { addDays, type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import type { CertificateInput } from "../../core/records/certificate.ts";
import { personRef } from "../../core/records/person-ref.ts";
import { schemeByCode } from "../../core/schemes.ts";
import { alertsForWithdrawnCertificates } from "../alerts/alerts.service.ts";
import { type Actor, mayActOn, maySeeWithheld, SYSTEM_ACTOR } from "../auth/policy.ts";
import { auditBlocked, bannedRow, bansInForce } from "../bans/bans.service.ts";
import type { Db } from "../db/database.ts";
import type { CertificateRow, NewCertificate, OrganizationRow } from "../db/schema.ts";
import type { SearchPage } from "../db/search.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
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
import { ensureHolders } from "../organizations/organizations.service.ts";
import { refKey, resolvePersonRefs } from "../people/people.service.ts";
import { qualificationViews } from "../qualifications/qualifications.repository.ts";
import { hiddenFor, withheldError } from "../withheld/visibility.ts";
import * as repo from "./certificates.repository.ts";

type Auditor = { person_id: number; role: string };

/** The public fields of a certificate: what the API shows and what the log's record hash covers. */
export interface CertificateRecord {
	/** The audit behind the current issue, when the body reported it (absent otherwise). */
	audit?: AuditFacts;
	number: string;
	scheme: string;
	standard: string;
	cbUscc: string;
	holderUscc: string;
	holderName: string;
	scope: string;
	sites: string[];
	product: string | null;
	cccCode: string | null;
	firstIssueDate: string;
	issueDate: string;
	expiryDate: string;
	surveillanceCount: number;
	recertCount: number;
	auditTeam: { ref: string; role: string }[];
	status: string;
	statusSince: string;
	statusReason: string | null;
	/** The China date since which the record is withheld from public view (absent while public). */
	withheldSince?: string;
}

/** The audit behind a certificate's current issue, as published (members in canonical order). */
export interface AuditFacts {
	days: number | null;
	end: string | null;
	personnel: number | null;
	start: string | null;
}

/** The audit facts of a stored row, or undefined when the body reported none. */
export function auditFacts(row: {
	audit_start_date: string | null;
	audit_end_date: string | null;
	audit_days: number | null;
	personnel: number | null;
}): AuditFacts | undefined {
	if (
		row.audit_start_date === null &&
		row.audit_end_date === null &&
		row.audit_days === null &&
		row.personnel === null
	)
		return undefined;
	return {
		days: row.audit_days === null ? null : Number(row.audit_days),
		end: row.audit_end_date,
		personnel: row.personnel === null ? null : Number(row.personnel),
		start: row.audit_start_date,
	};
}

/**
 * Builds the public record from stored columns; the same function feeds the export and the log. Members
 * are written in canonical (alphabetical) order so that hashing them needs no reordering.
 */
export function certificateRecord(
	row: Omit<CertificateRow, "id" | "created_at" | "updated_at" | "cb_id" | "holder_id">,
	cbUscc: string,
	holderUscc: string,
	auditors: readonly Auditor[],
): CertificateRecord {
	// Records without audit facts hash exactly as before the facts existed.
	const audit = auditFacts(row);
	return {
		...(audit ? { audit } : {}),
		auditTeam: [...auditors]
			.sort((a, b) => a.person_id - b.person_id)
			.map((a) => ({ ref: personRef(a.person_id), role: a.role })),
		cbUscc,
		cccCode: row.ccc_code,
		expiryDate: row.expiry_date,
		firstIssueDate: row.first_issue_date,
		holderName: row.holder_name,
		holderUscc,
		issueDate: row.issue_date,
		number: row.number,
		product: row.product,
		recertCount: row.recert_count,
		scheme: row.scheme,
		scope: row.scope,
		sites: JSON.parse(row.sites_json),
		standard: row.standard,
		status: row.status,
		statusReason: row.status_reason,
		statusSince: row.status_since,
		surveillanceCount: row.surveillance_count,
		...(row.withheld_since ? { withheldSince: row.withheld_since } : {}),
	};
}

/** A public record in the import's shape (what `opentic export` writes and the write API takes). */
export function asImportRecord(rec: CertificateRecord): Record<string, unknown> {
	const { audit, auditTeam, statusSince, withheldSince: _withheld, ...rest } = rec;
	return {
		...rest,
		auditTeam: auditTeam.map((a) => `${a.ref}:${a.role}`),
		auditStartDate: audit?.start ?? null,
		auditEndDate: audit?.end ?? null,
		auditDays: audit?.days ?? null,
		personnel: audit?.personnel ?? null,
		statusDate: statusSince,
	};
}

/**
 * Changes the status of a certificate, through the same writer as every other write: the rules of
 * transition, the CB's ownership, history, log and audit all apply.
 */
export async function changeCertificateStatus(
	db: Db,
	number: string,
	issuerUscc: string | undefined,
	change: { status: string; date?: string; reason?: string | null },
	opts: { clock: Clock; actor: Actor },
): Promise<RowResult> {
	const rows = await findOne(db, number, issuerUscc);
	const c = rows[0]!;
	const team = (await repo.auditorsOf(db, [c.id])).get(c.id) ?? [];
	const record = asImportRecord(certificateRecord(c, c.cb_uscc, c.holder_uscc, team));
	return writeRecord(
		db,
		"certificates",
		{
			...record,
			status: change.status,
			statusDate: change.date ?? chinaDate(opts.clock.now()),
			statusReason: change.reason ?? null,
		},
		opts,
	);
}

/** The certificate a write names, or CERT_NOT_FOUND / CERT_NUMBER_AMBIGUOUS. */
export async function findOne(db: Db, number: string, issuerUscc: string | undefined) {
	let cbId: number | undefined;
	if (issuerUscc) {
		const cb = await orgs.findByUscc(db, issuerUscc);
		if (!cb) throw notFound(number);
		cbId = cb.id;
	}
	const rows = await repo.findByNumberWithParties(db, number, cbId);
	if (rows.length === 0) throw notFound(number);
	if (rows.length > 1) throw ambiguous(number, rows);
	return rows;
}

function sameAuditors(a: readonly Auditor[], b: readonly Auditor[]): boolean {
	const key = (l: readonly Auditor[]) =>
		[...l]
			.sort((x, y) => x.person_id - y.person_id)
			.map((x) => `${x.person_id}:${x.role}`)
			.join(",");
	return key(a) === key(b);
}

const MUTABLE: (keyof NewCertificate)[] = [
	"standard",
	"holder_name",
	"scope",
	"sites_json",
	"product",
	"ccc_code",
	"issue_date",
	"expiry_date",
	"surveillance_count",
	"recert_count",
	"audit_start_date",
	"audit_end_date",
	"audit_days",
	"personnel",
];

/** A pending change to one certificate in a batch. */
interface Pending {
	line: number;
	key: string;
	/** Set for certificates already stored. */
	id: number | null;
	row: NewCertificate & { status: CertificateStatus };
	cbUscc: string;
	holderUscc: string;
	holder: { uscc: string; name: string; district: string | null; address: string | null };
	auditors: Auditor[];
	auditorsChanged: boolean;
	fieldsChanged: boolean;
	history: Omit<NewHistory, "subject_id">[];
	eventType: string;
	/** The CB, for the audit trail. */
	cbId: number;
	/** The public record as stored before this batch (null for a new certificate). */
	before: CertificateRecord | null;
}

const NEW_CERT_CB = { zh: "颁发新证书", en: "issue new certificates" };
const NEW_CERT_HOLDER = { zh: "获得新证书", en: "be granted new certificates" };
const JOIN_AUDIT_TEAM = { zh: "加入审核组", en: "join an audit team" };

/**
 * Applies reported certificates, one result per row. A number already reported by the same CB is the
 * same certificate: identical rows change nothing; changed mutable fields update it; a status change
 * must be an allowed transition; a different holder, scheme or first-issue date under the same number is
 * refused as a conflict (a reused or bought number looks exactly like that).
 */
export async function applyCertificates(
	trx: Db,
	rows: BatchRow<CertificateInput>[],
	ctx: BatchContext,
): Promise<RowResult[]> {
	const cbs = await orgs.mapByUscc(
		trx,
		rows.map((r) => r.input.cbUscc),
	);
	const stored = await repo.findByNumbers(
		trx,
		rows.map((r) => r.input.number),
	);
	const parties = await orgs.mapById(
		trx,
		stored.flatMap((c) => [c.holder_id, c.cb_id]),
	);
	const storedAuditors = await repo.auditorsOf(
		trx,
		stored.map((c) => c.id),
	);
	const personIds = await resolvePersonRefs(
		trx,
		rows.flatMap((r) => r.input.auditTeam.map((a) => a.person)),
	);
	const approvals = await qualificationViews(
		trx,
		[...cbs.values()].map((o) => o.id),
	);
	const bans = await bansInForce(trx, ctx.today);
	const bannedHolders = bans.orgs.size
		? await orgs.mapByUscc(
				trx,
				rows.map((r) => r.input.holderUscc),
			)
		: new Map<string, OrganizationRow>();
	const blocked: Parameters<typeof auditBlocked>[2] = [];

	/** The current state of every certificate this batch touches, by `cbId:number`. */
	const current = new Map<string, Pending>();
	for (const c of stored) {
		const cb = parties.get(c.cb_id)!;
		const holder = parties.get(c.holder_id)!;
		const { id, ...row } = c;
		current.set(`${c.cb_id}:${c.number}`, {
			line: 0,
			key: `${c.cb_id}:${c.number}`,
			id,
			row: { ...row, status: c.status as CertificateStatus },
			cbUscc: cb.uscc,
			holderUscc: holder.uscc,
			holder: { uscc: holder.uscc, name: holder.name, district: holder.district, address: holder.address },
			auditors: (storedAuditors.get(id) ?? []).map(({ person_id, role }) => ({ person_id, role })),
			auditorsChanged: false,
			fieldsChanged: false,
			history: [],
			eventType: "",
			cbId: c.cb_id,
			before: certificateRecord(c, cb.uscc, holder.uscc, storedAuditors.get(id) ?? []),
		});
	}

	const results: RowResult[] = [];
	const touched = new Map<string, Pending>();
	for (const { line, input } of rows) {
		const cb = cbs.get(input.cbUscc);
		if (!cb) {
			results.push(
				rejected(
					line,
					"cbUscc",
					"CB_UNKNOWN",
					"发证认证机构未登记",
					"the certification body is not registered",
				),
			);
			continue;
		}
		if (cb.kind !== "cb") {
			results.push(
				rejected(
					line,
					"cbUscc",
					"CB_NOT_CB",
					"该机构未登记为认证机构",
					"this organisation is not registered as a certification body",
				),
			);
			continue;
		}
		if (!mayActOn(ctx.actor, "certificate.write", { orgId: cb.id, district: cb.district })) {
			results.push(
				forbidden(
					line,
					"cbUscc",
					"只能报送或修改本机构颁发的证书",
					"you may only report or change certificates your own certification body issued",
				),
			);
			continue;
		}
		const auditors: Auditor[] = [];
		const missing = input.auditTeam.find((a) => !personIds.has(refKey(a.person)));
		if (missing) {
			results.push(
				rejected(
					line,
					"auditTeam",
					"PERSON_UNKNOWN",
					`审核组成员${missing.label}未登记`,
					`audit team member ${missing.label} is not registered`,
				),
			);
			continue;
		}
		for (const a of input.auditTeam) {
			const id = personIds.get(refKey(a.person))!;
			if (!auditors.some((x) => x.person_id === id)) auditors.push({ person_id: id, role: a.role });
		}
		if (input.statusDate > ctx.today) {
			results.push(
				rejected(
					line,
					"statusDate",
					"DATE_IN_FUTURE",
					"状态变更日期不能晚于今天",
					"the status date cannot be in the future",
				),
			);
			continue;
		}
		if (input.status === "expired" && input.expiryDate >= ctx.today) {
			results.push(
				rejected(
					line,
					"status",
					"NOT_YET_EXPIRED",
					"有效期尚未届满，不能报告为过期失效",
					"the certificate cannot be expired before its end date",
				),
			);
			continue;
		}

		const key = `${cb.id}:${input.number}`;
		const fields: NewCertificate = {
			number: input.number,
			scheme: input.scheme,
			standard: input.standard,
			cb_id: cb.id,
			holder_id: 0,
			holder_name: input.holderName,
			scope: input.scope,
			sites_json: JSON.stringify(input.sites),
			product: input.product,
			ccc_code: input.cccCode,
			first_issue_date: input.firstIssueDate,
			issue_date: input.issueDate,
			expiry_date: input.expiryDate,
			surveillance_count: input.surveillanceCount,
			recert_count: input.recertCount,
			audit_start_date: input.auditStartDate,
			audit_end_date: input.auditEndDate,
			audit_days: input.auditDays,
			personnel: input.personnel,
			status: "valid",
			status_since: input.issueDate,
			status_reason: null,
			created_at: ctx.now,
			updated_at: ctx.now,
		};
		const holder = {
			uscc: input.holderUscc,
			name: input.holderName,
			district: input.holderDistrict,
			address: input.holderAddress,
		};
		const existing = current.get(key);
		// A ban forbids a banned body's new certificates, a banned holder's, and a banned auditor added.
		const target = { type: "certificate", key: `${input.cbUscc}/${input.number}` };
		const holderBan = bannedHolders.get(input.holderUscc);
		const ban = existing
			? null
			: bans.orgs.has(cb.id)
				? { field: "cbUscc", subject: "organization" as const, ban: bans.orgs.get(cb.id)!, what: NEW_CERT_CB }
				: holderBan && bans.orgs.has(holderBan.id)
					? {
							field: "holderUscc",
							subject: "organization" as const,
							ban: bans.orgs.get(holderBan.id)!,
							what: NEW_CERT_HOLDER,
						}
					: null;
		const bannedAuditor = auditors.find(
			(a) => bans.people.has(a.person_id) && !existing?.auditors.some((x) => x.person_id === a.person_id),
		);
		const refused =
			ban ??
			(bannedAuditor
				? {
						field: "auditTeam",
						subject: "person" as const,
						ban: bans.people.get(bannedAuditor.person_id)!,
						what: JOIN_AUDIT_TEAM,
					}
				: null);
		if (refused) {
			results.push(bannedRow(line, refused.field, refused.subject, refused.ban, refused.what));
			blocked.push({ ban: refused.ban, target, orgId: cb.id });
			continue;
		}
		// A new certificate must lie within its CB's approval (core/checks/scope-rules.ts).
		const breach = existing
			? null
			: certificateBreach(approvals.get(cb.id) ?? [], input.scheme, input.issueDate);
		if (breach) {
			results.push(rejected(line, breach.field, breach.rule, breach.zh, breach.en));
			continue;
		}
		let next: Pending;
		if (existing) {
			const conflicts: string[] = [];
			if (existing.holderUscc !== input.holderUscc) conflicts.push("holderUscc");
			if (existing.row.scheme !== input.scheme) conflicts.push("scheme");
			if (existing.row.first_issue_date !== input.firstIssueDate) conflicts.push("firstIssueDate");
			if (conflicts.length > 0) {
				results.push(
					rejected(
						line,
						"number",
						"CERT_DUPLICATE_CONFLICT",
						`该机构已登记编号相同但内容不同的证书（${conflicts.join("、")}不一致）；证书编号不能重复使用`,
						`this CB already registered this number with a different ${conflicts.join(", ")}; a certificate number cannot be reused`,
					),
				);
				continue;
			}
			// A row that says nothing of the audit (an older file, a status update) keeps the audit facts.
			if (
				input.auditStartDate === null &&
				input.auditEndDate === null &&
				input.auditDays === null &&
				input.personnel === null
			) {
				fields.audit_start_date = existing.row.audit_start_date;
				fields.audit_end_date = existing.row.audit_end_date;
				fields.audit_days = existing.row.audit_days;
				fields.personnel = existing.row.personnel;
			}
			const row = { ...existing.row };
			let fieldsChanged = false;
			for (const k of MUTABLE) {
				if (row[k] !== fields[k]) {
					(row as Record<string, unknown>)[k] = fields[k];
					fieldsChanged = true;
				}
			}
			const auditorsChanged = !sameAuditors(existing.auditors, auditors);
			const history: Pending["history"] = [...existing.history];
			const from = existing.row.status;
			let to: CertificateStatus = input.status;
			if (to !== from) {
				if (!canTransition(from, to)) {
					results.push(
						rejected(
							line,
							"status",
							"CERT_STATUS_TRANSITION",
							`证书状态不能从“${CERTIFICATE_STATUS_INFO[from].zh}”变为“${CERTIFICATE_STATUS_INFO[to].zh}”`,
							`a certificate cannot go from ${from} to ${to}`,
						),
					);
					continue;
				}
				if (input.statusDate < existing.row.status_since) {
					results.push(statusDateTooEarly(line));
					continue;
				}
				history.push(historyRow(from, to, input.statusDate, input.statusReason, ctx));
				row.status = to;
				row.status_since = input.statusDate;
				row.status_reason = input.statusReason;
			}
			to = row.status;
			if (to === "valid" && row.expiry_date < ctx.today) {
				const since = addDays(row.expiry_date, 1);
				history.push(historyRow("valid", "expired", since, null, { ...ctx, source: "system" }));
				row.status = "expired";
				row.status_since = since;
				row.status_reason = null;
			}
			if (!fieldsChanged && !auditorsChanged && row.status === from) {
				results.push({ line, outcome: "unchanged" });
				continue;
			}
			row.updated_at = ctx.now;
			next = {
				...existing,
				line,
				row,
				auditors,
				auditorsChanged: existing.auditorsChanged || auditorsChanged,
				fieldsChanged: existing.fieldsChanged || fieldsChanged,
				history,
				eventType:
					existing.id === null
						? "certificate.issued"
						: fieldsChanged || auditorsChanged
							? "certificate.updated"
							: "certificate.status",
			};
			results.push({ line, outcome: "updated" });
		} else {
			const row = { ...fields, status: "valid" as CertificateStatus };
			// Status history records changes after issue; the issue itself is the certificate row.
			const history: Pending["history"] = [];
			if (input.status !== "valid") {
				history.push(historyRow("valid", input.status, input.statusDate, input.statusReason, ctx));
				row.status = input.status;
				row.status_since = input.statusDate;
				row.status_reason = input.statusReason;
			} else if (input.expiryDate < ctx.today) {
				const since = addDays(input.expiryDate, 1);
				history.push(historyRow("valid", "expired", since, null, { ...ctx, source: "system" }));
				row.status = "expired";
				row.status_since = since;
			}
			next = {
				line,
				key,
				id: null,
				row,
				cbUscc: cb.uscc,
				holderUscc: input.holderUscc,
				holder,
				auditors,
				auditorsChanged: false,
				fieldsChanged: false,
				history,
				eventType: "certificate.issued",
				cbId: cb.id,
				before: null,
			};
			results.push({ line, outcome: "created" });
		}
		current.set(key, next);
		touched.set(key, next);
	}

	await auditBlocked(trx, ctx, blocked);
	// Writes: holders first (new enterprises are registered), then risk alerts, certificates, teams,
	// history, log. The certificates' log indices are reserved before their rows are written, so each
	// row is stored once with the index of its entry.
	const pending = [...touched.values()];
	const holders = await ensureHolders(
		trx,
		pending.filter((p) => p.id === null).map((p) => p.holder),
		ctx,
	);
	// A stored certificate withdrawn (撤销) raises a risk alert, in the batch's transaction and logged just
	// before the certificates' own entries; certificates first reported already withdrawn are history, not
	// news, and the seed raises none.
	if (ctx.source !== "seed")
		await alertsForWithdrawnCertificates(
			trx,
			pending
				.filter((p) => p.before !== null && p.history.some((h) => h.to_status === "withdrawn"))
				.map((p) => ({
					number: p.row.number,
					cbUscc: p.cbUscc,
					cbName: cbs.get(p.cbUscc)?.name ?? p.cbUscc,
					holderUscc: p.holderUscc,
					holderName: p.holder.name,
					holderDistrict: p.holder.district,
					product: p.row.product ?? null,
					reason: p.row.status_reason ?? null,
					auditors: p.auditors,
				})),
			ctx,
		);
	const firstIdx = await lockLog(trx);
	pending.forEach((p, i) => {
		p.row.log_idx = firstIdx + i;
	});
	const inserts = pending.filter((p) => p.id === null);
	const updates = pending.filter((p) => p.id !== null);
	for (const p of inserts) p.row.holder_id = holderId(holders, p.holder.uscc);
	const ids = await repo.insertMany(
		trx,
		inserts.map((p) => p.row),
	);
	const newAuditors: { certificate_id: number; person_id: number; role: string }[] = [];
	for (const p of inserts) {
		p.id = ids.get(p.key)!;
		for (const a of p.auditors) newAuditors.push({ certificate_id: p.id, ...a });
	}
	await repo.insertAuditors(trx, newAuditors);
	for (const p of updates) {
		const {
			created_at: _c,
			number: _n,
			cb_id: _cb,
			holder_id: _h,
			scheme: _s,
			first_issue_date: _f,
			...patch
		} = p.row;
		await repo.update(trx, p.id!, patch);
		if (p.auditorsChanged) await repo.replaceAuditors(trx, p.id!, p.auditors);
	}
	await insertHistory(
		trx,
		pending.flatMap((p) => p.history.map((h) => ({ ...h, subject_id: p.id! }))),
	);
	await logEvents(
		trx,
		pending.map((p) => ({
			...certificateEvent(p.eventType, p.row, p.cbUscc, p.holderUscc, p.auditors),
			before: p.before,
			subjectOrgId: p.cbId,
			row: { table: "certificates" as const, id: p.id!, written: true as const },
		})),
		ctx,
		firstIdx,
	);
	return results;
}

function holderId(holders: Map<string, number>, uscc: string): number {
	return holders.get(uscc)!;
}

function historyRow(
	from: CertificateStatus | null,
	to: CertificateStatus,
	date: string,
	reason: string | null,
	ctx: BatchContext,
): Omit<NewHistory, "subject_id"> {
	return {
		subject_type: "certificate",
		from_status: from,
		to_status: to,
		effective_date: date,
		reason,
		source: ctx.source,
		recorded_at: ctx.now,
	};
}

/** The log event of a certificate written or changed. */
export function certificateEvent(
	type: string,
	row: NewCertificate,
	cbUscc: string,
	holderUscc: string,
	auditors: readonly Auditor[],
): LogEvent {
	const record = certificateRecord(row as CertificateRow, cbUscc, holderUscc, auditors);
	return {
		type,
		subject: { issuer: cbUscc, kind: "certificate", number: row.number },
		by: cbUscc,
		facts: { expiryDate: record.expiryDate, status: record.status, statusSince: record.statusSince },
		record,
	};
}

/**
 * Moves valid certificates past their end date to 过期失效, in batches, each with its history row and
 * log entry. Runs at start and periodically; readers already see the effective status before it runs.
 */
export async function expireDue(db: Db, clock: Clock, batchSize = 1000): Promise<number> {
	let total = 0;
	for (;;) {
		const now = clock.now();
		const ctx: BatchContext = {
			now: isoInstant(now),
			today: chinaDate(now),
			source: "system",
			actor: SYSTEM_ACTOR,
		};
		const n = await db.transaction().execute(async (trx) => {
			const due = await repo.findDueForExpiry(trx, ctx.today, batchSize);
			if (due.length === 0) return 0;
			const parties = await orgs.mapById(
				trx,
				due.flatMap((c) => [c.cb_id, c.holder_id]),
			);
			const auditors = await repo.auditorsOf(
				trx,
				due.map((c) => c.id),
			);
			const history: NewHistory[] = [];
			const events: LogEvent[] = [];
			for (const c of due) {
				const since = addDays(c.expiry_date, 1);
				await repo.update(trx, c.id, {
					status: "expired",
					status_since: since,
					status_reason: null,
					updated_at: ctx.now,
				});
				history.push({ ...historyRow("valid", "expired", since, null, ctx), subject_id: c.id });
				const row = { ...c, status: "expired", status_since: since, status_reason: null };
				const cbUscc = parties.get(c.cb_id)!.uscc;
				const holderUscc = parties.get(c.holder_id)!.uscc;
				const team = auditors.get(c.id) ?? [];
				events.push({
					...certificateEvent("certificate.status", row, cbUscc, holderUscc, team),
					before: certificateRecord(c, cbUscc, holderUscc, team),
					subjectOrgId: c.cb_id,
					row: { table: "certificates", id: c.id },
				});
			}
			await insertHistory(trx, history);
			await logEvents(trx, events, ctx);
			return due.length;
		});
		total += n;
		if (n < batchSize) return total;
	}
}

/** A certificate as the public API lists it. */
export interface CertificateSummary {
	number: string;
	scheme: string;
	standard: string;
	cb: { uscc: string; name: string };
	holder: { uscc: string; name: string; district: string | null };
	scope: string;
	product: string | null;
	issueDate: string;
	expiryDate: string;
	status: CertificateStatus;
	statusSince: string;
}

/** The list view of a certificate, with its effective status. */
export function presentSummary(c: repo.CertificateWithParties, today: string): CertificateSummary {
	const eff = effectiveStatus(c.status as CertificateStatus, c.status_since, c.expiry_date, today);
	return {
		number: c.number,
		scheme: c.scheme,
		standard: c.standard,
		cb: { uscc: c.cb_uscc, name: c.cb_name },
		holder: { uscc: c.holder_uscc, name: c.holder_name, district: c.holder_district },
		scope: c.scope,
		product: c.product,
		issueDate: c.issue_date,
		expiryDate: c.expiry_date,
		status: eff.status,
		statusSince: eff.since,
	};
}

/** Searches certificates, leaving out those withheld from the reader (by default, the public). */
export async function searchCertificates(
	db: Db,
	filter: repo.CertificateFilter,
	offset: number,
	limit: number,
	reader: Actor | null = null,
): Promise<SearchPage<CertificateSummary>> {
	const hidden = filter.hidden ?? (await hiddenFor(db, "certificate", reader));
	const page = await repo.search(db, { ...filter, hidden }, offset, limit);
	return { ...page, items: page.items.map((c) => presentSummary(c, filter.today)) };
}

/** Everything public about one certificate. */
export interface CertificateDetail extends CertificateSummary {
	schemeKind: string | null;
	sites: string[];
	cccCode: string | null;
	firstIssueDate: string;
	surveillanceCount: number;
	recertCount: number;
	statusReason: string | null;
	/** Since when the record is withheld from public view (only readers who may see it get it). */
	withheldSince: string | null;
	audit: AuditFacts | null;
	auditTeam: { ref: string; name: string; role: string }[];
	history: { from: string | null; to: string; date: string; reason: string | null; source: string }[];
	logIndex: number | null;
}

/** Everything stored about the certificates with one number (usually one; numbers are per CB). */
export interface CertificateData {
	rows: repo.CertificateWithParties[];
	auditors: Map<number, { person_id: number; role: string; name: string }[]>;
	history: Map<number, Awaited<ReturnType<typeof historyOf>>>;
	/** Presented details by issuer and day; shared, so callers must not mutate them. */
	presented: Map<string, CertificateDetail>;
}

/** Loads the certificates with this number, with their audit teams and histories. */
export async function loadCertificates(db: Db, number: string): Promise<CertificateData> {
	const rows = await repo.findByNumberWithParties(db, number);
	const auditors = rows.length
		? await repo.auditorsOf(
				db,
				rows.map((r) => r.id),
			)
		: new Map();
	const history = new Map<number, Awaited<ReturnType<typeof historyOf>>>();
	for (const r of rows) history.set(r.id, await historyOf(db, "certificate", r.id));
	return { rows, auditors, history, presented: new Map() };
}

/** The log entries that make a cached certificate stale: its own, and any change to a party or person. */
export function certificateKeysTouched(entry: { subject?: Record<string, string> }): string[] | "all" {
	const kind = entry.subject?.kind;
	if (kind === "certificate") return [entry.subject!.number!];
	return kind === "organization" || kind === "person" ? "all" : [];
}

/**
 * Finds one certificate by number (and issuer, when numbers collide across CBs). A certificate withheld
 * from public view is found only by readers who may see it (regulators, its CB); others get
 * CERT_WITHHELD.
 */
export async function getCertificate(
	db: Db,
	number: string,
	issuerUscc: string | undefined,
	today: string,
	data?: CertificateData,
	reader: Actor | null = null,
): Promise<CertificateDetail> {
	return presentCertificate(data ?? (await loadCertificates(db, number)), number, issuerUscc, today, reader);
}

/**
 * The detail of the certificate a number names among its loaded records, as of a day and for a reader:
 * CERT_NOT_FOUND, CERT_WITHHELD or CERT_NUMBER_AMBIGUOUS when there is not exactly one it may see.
 * Details are kept with the records, so a cached record is presented once a day.
 */
export function presentCertificate(
	all: CertificateData,
	number: string,
	issuerUscc: string | undefined,
	today: string,
	reader: Actor | null,
): CertificateDetail {
	// The common case, one certificate under the number that anyone may see, without building lists.
	const only = all.rows.length === 1 && !issuerUscc && !all.rows[0]!.withheld_since ? all.rows[0]! : null;
	const shown = only ? all.presented.get(`${only.id}|${today}`) : undefined;
	if (shown) return shown;
	const named = issuerUscc ? all.rows.filter((r) => r.cb_uscc === issuerUscc) : all.rows;
	const rows = named.filter((r) => !r.withheld_since || maySeeWithheld(reader, r.cb_id));
	if (rows.length === 0) {
		const withheld = named.find((r) => r.withheld_since);
		throw withheld ? withheldError("certificate", number, withheld.withheld_since!) : notFound(number);
	}
	if (rows.length > 1) throw ambiguous(number, rows);
	const c = rows[0]!;
	const memo = `${c.id}|${today}`;
	const done = all.presented.get(memo);
	if (done) return done;
	const auditors = all.auditors;
	const history = all.history.get(c.id) ?? [];
	const summary = presentSummary(c, today);
	const timeline = [
		{
			from: null as string | null,
			to: "valid",
			date: c.issue_date,
			reason: null as string | null,
			source: "issued",
		},
	];
	for (const h of history)
		timeline.push({
			from: h.from_status,
			to: h.to_status,
			date: h.effective_date,
			reason: h.reason,
			source: h.source,
		});
	if (summary.status === "expired" && c.status === "valid")
		timeline.push({
			from: "valid",
			to: "expired",
			date: summary.statusSince,
			reason: null,
			source: "system",
		});
	const detail: CertificateDetail = {
		...summary,
		schemeKind: schemeByCode(c.scheme)?.kind ?? null,
		sites: JSON.parse(c.sites_json),
		cccCode: c.ccc_code,
		firstIssueDate: c.first_issue_date,
		surveillanceCount: c.surveillance_count,
		recertCount: c.recert_count,
		statusReason: summary.status === c.status ? c.status_reason : null,
		withheldSince: c.withheld_since,
		audit: auditFacts(c) ?? null,
		auditTeam: (auditors.get(c.id) ?? []).map((a) => ({
			ref: personRef(a.person_id),
			name: a.name,
			role: a.role,
		})),
		history: timeline,
		logIndex: c.log_idx === null ? null : Number(c.log_idx),
	};
	if (all.presented.size < 8) all.presented.set(memo, detail);
	return detail;
}

/** CERT_NUMBER_AMBIGUOUS: several CBs use the number; the error lists them for the caller to choose. */
export function ambiguous(number: string, rows: repo.CertificateWithParties[]): ConflictError {
	return new ConflictError(
		"CERT_NUMBER_AMBIGUOUS",
		`${rows.length} certification bodies use the number ${number}; give issuer=<USCC>`,
		`${rows.length}家认证机构使用了编号 ${number}，请用 issuer 参数指明发证机构`,
		"issuer",
		undefined,
		{ issuers: rows.map((r) => ({ uscc: r.cb_uscc, name: r.cb_name })) },
	);
}

function notFound(number: string): NotFoundError {
	return new NotFoundError(
		"CERT_NOT_FOUND",
		`no certificate with number ${number} is registered`,
		`登记库中没有编号为 ${number} 的证书`,
		"number",
	);
}
