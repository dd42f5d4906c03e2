/**
 * Withholding a record from public view. A regulator may take a certificate or a test report out of the
 * public register (a court order, an investigation that publication would harm, national security)
 * without deleting or changing it: public reads then answer that the record is withheld, verification
 * answers not_found with the reason "withheld", searches and the export leave it out. The issuer and
 * regulators still see it. Withholding and releasing are public facts in their own right: each is a log
 * entry (its record hash covers `withheldSince`), appended in the same transaction; the reason given
 * goes to the audit trail only, since it may itself be what must not be published.
 */
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import type { Actor } from "../auth/policy.ts";
import * as certRepo from "../certificates/certificates.repository.ts";
import {
	certificateEvent,
	certificateRecord,
	findOne as findCertificate,
} from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, InputError } from "../errors.ts";
import { type LogEvent, logEvents } from "../log/journal.service.ts";
import type * as reportRepo from "../reports/reports.repository.ts";
import { findOne as findReport, reportEvent, reportRecord } from "../reports/reports.service.ts";

import { KIND_NAMES, type WithheldKind } from "./visibility.ts";

export const WITHHOLD_REASON_MAX = 500;

export interface WithholdChange {
	/** true to withhold, false to release. */
	withheld: boolean;
	reason: string;
}

export interface WithholdResult {
	number: string;
	issuer: string;
	withheldSince: string | null;
	logIndex: number;
}

/** Withholds or releases one record, logged and audited in one transaction. */
export async function setWithheld(
	db: Db,
	kind: WithheldKind,
	number: string,
	issuerUscc: string | undefined,
	change: WithholdChange,
	opts: { clock: Clock; actor: Actor },
): Promise<WithholdResult> {
	const reason = change.reason.normalize("NFC").trim();
	if (!reason)
		throw new InputError(
			"WITHHOLD_REASON_REQUIRED",
			"reason: say why the record is withheld or released (kept in the audit trail, not published)",
			"reason：请说明不予公开或恢复公开的理由（记入审计日志，不公开）",
			"reason",
			"REQUIRED",
		);
	if (reason.length > WITHHOLD_REASON_MAX)
		throw new InputError(
			"WITHHOLD_REASON_TOO_LONG",
			`reason: at most ${WITHHOLD_REASON_MAX} characters`,
			`reason：最多${WITHHOLD_REASON_MAX}个字符`,
			"reason",
			"MAX_LENGTH",
		);
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today: chinaDate(now), source: "api", actor: opts.actor };
	return db.transaction().execute(async (trx) => {
		// The same lookup, and the same errors, as every other write on the record.
		const rows =
			kind === "certificate"
				? await findCertificate(trx, number, issuerUscc)
				: await findReport(trx, number, issuerUscc);
		const row = rows[0]!;
		if (Boolean(row.withheld_since) === change.withheld)
			throw new ConflictError(
				change.withheld ? "ALREADY_WITHHELD" : "NOT_WITHHELD",
				change.withheld
					? `${KIND_NAMES[kind].en} ${number} is already withheld from public view (since ${row.withheld_since})`
					: `${KIND_NAMES[kind].en} ${number} is not withheld; there is nothing to release`,
				change.withheld
					? `${KIND_NAMES[kind].zh} ${number} 已于 ${row.withheld_since} 起不予公开`
					: `${KIND_NAMES[kind].zh} ${number} 当前是公开的，无需恢复`,
				"withheld",
			);
		const since = change.withheld ? ctx.today : null;
		const table = kind === "certificate" ? "certificates" : "reports";
		await trx
			.updateTable(table)
			.set({ withheld_since: since, updated_at: ctx.now })
			.where("id", "=", row.id)
			.execute();
		const type = `${kind}.${change.withheld ? "withheld" : "released"}`;
		let event: LogEvent;
		let issuer: string;
		let orgId: number;
		if (kind === "certificate") {
			const c = row as certRepo.CertificateWithParties;
			const team = (await certRepo.auditorsOf(trx, [c.id])).get(c.id) ?? [];
			const after = { ...c, withheld_since: since };
			event = {
				...certificateEvent(type, after, c.cb_uscc, c.holder_uscc, team),
				before: certificateRecord(c, c.cb_uscc, c.holder_uscc, team),
			};
			issuer = c.cb_uscc;
			orgId = c.cb_id;
		} else {
			const r = row as reportRepo.ReportWithLab;
			event = {
				...reportEvent(type, { ...r, withheld_since: since }, r.lab_uscc),
				before: reportRecord(r, r.lab_uscc),
			};
			issuer = r.lab_uscc;
			orgId = r.lab_id;
		}
		// The entry states the fact (withheld since, or released); the reason stays in the audit trail.
		event.facts = { withheldSince: since };
		const index = await logEvents(
			trx,
			[{ ...event, subjectOrgId: orgId, row: { table, id: row.id }, auditDetail: { reason } }],
			ctx,
		);
		return { number: row.number, issuer, withheldSince: since, logIndex: index };
	});
}
