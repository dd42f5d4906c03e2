/**
 * Rules over the audit behind a certificate, for the fraud signals (server/flags/signals.ts):
 *
 * - audit time against IAF MD 5 (Determination of audit time of quality, environmental and OH&S
 *   management systems), Table QMS: auditor-days of an initial audit (stage 1 + stage 2) by the effective
 *   number of personnel; a recertification audit is about two thirds of it; MD 5 allows at most 30 %
 *   reduction. Applied to QMS certificates only: the EMS and OH&S tables depend on a complexity category
 *   the register does not record.
 * - a certificate issued the day its audit ended leaves no time for the technical review and the
 *   decision by someone outside the audit team (ISO/IEC 17021-1, 9.5).
 * - one auditor on two audits on the same days at sites far apart.
 */

/** Table QMS: [up to this many personnel, auditor-days]. Above the last row MD 5 continues the progression. */
export const MD5_QMS: readonly (readonly [number, number])[] = [
	[5, 1.5],
	[10, 2],
	[15, 2.5],
	[25, 3],
	[45, 4],
	[65, 5],
	[85, 6],
	[125, 7],
	[175, 8],
	[275, 9],
	[425, 10],
	[625, 11],
	[875, 12],
	[1175, 13],
	[1550, 14],
	[2025, 15],
	[2675, 16],
	[3450, 17],
	[4350, 18],
	[5450, 19],
	[6800, 20],
	[8500, 21],
	[10700, 22],
];

/** The largest reduction of the table's time MD 5 allows. */
export const MD5_MAX_REDUCTION = 0.3;

/** Share of the initial audit time a recertification audit takes. */
export const RECERT_SHARE = 2 / 3;

/** Sites at least this far apart cannot both be audited on one day by one person. */
export const DISTANT_KM = 50;

/** Table QMS's initial audit time for this many personnel (the last row above it: a floor). */
export function md5QmsDays(personnel: number): number {
	for (const [upTo, days] of MD5_QMS) if (personnel <= upTo) return days;
	return MD5_QMS[MD5_QMS.length - 1]![1];
}

/** A finding about the audit time, or null when the rule does not apply or is met. */
export interface AuditTimeFinding {
	/** Table time for this audit (initial or recertification). */
	tableDays: number;
	/** The least MD 5 allows after reductions. */
	minimumDays: number;
	reportedDays: number;
	personnel: number;
	audit: "initial" | "recertification";
}

export function auditTimeFinding(c: {
	scheme: string;
	auditDays: number | null;
	personnel: number | null;
	recertCount: number;
}): AuditTimeFinding | null {
	if (c.scheme !== "QMS" || c.auditDays === null || c.personnel === null) return null;
	const audit = c.recertCount > 0 ? "recertification" : "initial";
	const table = md5QmsDays(c.personnel) * (audit === "initial" ? 1 : RECERT_SHARE);
	const tableDays = Math.round(table * 10) / 10;
	const minimumDays = Math.round(table * (1 - MD5_MAX_REDUCTION) * 10) / 10;
	if (c.auditDays >= minimumDays) return null;
	return { tableDays, minimumDays, reportedDays: c.auditDays, personnel: c.personnel, audit };
}

/** True when the certificate was issued on the day its audit ended (or, in data written before the rule, earlier). */
export function issuedWithoutReview(c: { issueDate: string; auditEndDate: string | null }): boolean {
	return c.auditEndDate !== null && c.issueDate <= c.auditEndDate;
}

/** An audit in an auditor's diary: the days on site. */
export interface AuditSpan {
	start: string;
	end: string;
}

/** True when two audits share at least one day. */
export function overlaps(a: AuditSpan, b: AuditSpan): boolean {
	return a.start <= b.end && b.start <= a.end;
}
