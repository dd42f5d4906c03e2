/**
 * Fraud signals over the audits behind certificates (core/checks/audit-rules.ts), read in pages so the
 * nightly run keeps the server answering:
 *
 * - AUDIT_TIME_BELOW_MD5: a QMS certificate whose reported audit time is below what IAF MD 5 allows for
 *   the effective personnel, after its largest reduction;
 * - ISSUED_WITHOUT_REVIEW: a certificate issued the day its audit ended;
 * - AUDITOR_DISTANT_SITES: one auditor on two audits on the same days, at sites at least DISTANT_KM apart
 *   (the holders' districts, or for holders outside Shanghai the division in their USCC).
 */
import {
	type AuditSpan,
	auditTimeFinding,
	DISTANT_KM,
	issuedWithoutReview,
	overlaps,
} from "../../core/checks/audit-rules.ts";
import { personRef } from "../../core/records/person-ref.ts";
import { distanceKm, type Place, placeOf } from "../../core/reference/places.ts";
import type { Db } from "../db/database.ts";
import type { NewFlag } from "./flags.repository.ts";

const PAGE = 5_000;
/** People per page of the diary walk. */
const PEOPLE_PAGE = 500;
/** Conflicts listed in one flag's evidence (the count says how many there are). */
const LISTED = 10;
const yieldToRequests = () => new Promise<void>((r) => setImmediate(r));

export type AuditSignalProgress = (p: { phase: string; done: number; total: number }) => void;

/** Findings over every certificate with audit facts. */
export async function auditSignals(db: Db, onProgress?: AuditSignalProgress): Promise<NewFlag[]> {
	const flags: NewFlag[] = [];
	const total = Number(
		(
			await db
				.selectFrom("certificates")
				.select((eb) => eb.fn.countAll().as("n"))
				.where("audit_end_date", "is not", null)
				.executeTakeFirstOrThrow()
		).n,
	);
	let after = 0;
	let done = 0;
	for (;;) {
		const rows = await db
			.selectFrom("certificates")
			.select([
				"id",
				"number",
				"cb_id",
				"scheme",
				"issue_date",
				"audit_end_date",
				"audit_days",
				"personnel",
				"recert_count",
			])
			.where("id", ">", after)
			.where("audit_end_date", "is not", null)
			.orderBy("id")
			.limit(PAGE)
			.execute();
		if (rows.length === 0) break;
		after = Number(rows[rows.length - 1]!.id);
		for (const c of rows) {
			const base = {
				subjectType: "certificate",
				subjectId: Number(c.id),
				subjectKey: c.number,
				orgId: Number(c.cb_id),
			};
			const time = auditTimeFinding({
				scheme: c.scheme,
				auditDays: c.audit_days === null ? null : Number(c.audit_days),
				personnel: c.personnel === null ? null : Number(c.personnel),
				recertCount: c.recert_count,
			});
			if (time)
				flags.push({
					...base,
					kind: "AUDIT_TIME_BELOW_MD5",
					finding: {
						zh: `${time.audit === "initial" ? "初次认证" : "再认证"}审核 ${time.reportedDays} 人日，有效人数 ${time.personnel} 人：IAF MD 5 表 QMS 为 ${time.tableDays} 人日，最多减少 30% 即不少于 ${time.minimumDays} 人日`,
						en: `${time.audit} audit of ${time.reportedDays} auditor-days for ${time.personnel} effective personnel: IAF MD 5 Table QMS gives ${time.tableDays}, at most 30 % less is ${time.minimumDays}`,
						evidence: { ...time, table: "IAF MD 5 Table QMS", issueDate: c.issue_date },
					},
				});
			if (issuedWithoutReview({ issueDate: c.issue_date, auditEndDate: c.audit_end_date }))
				flags.push({
					...base,
					kind: "ISSUED_WITHOUT_REVIEW",
					finding: {
						zh: `审核 ${c.audit_end_date} 结束，证书当天颁发：没有留出技术评审和认证决定的时间`,
						en: `the audit ended on ${c.audit_end_date} and the certificate was issued the same day, leaving no time for technical review and the certification decision`,
						evidence: { auditEndDate: c.audit_end_date, issueDate: c.issue_date },
					},
				});
		}
		done += rows.length;
		onProgress?.({ phase: "audits", done, total });
		await yieldToRequests();
	}
	flags.push(...(await distantSites(db, onProgress)));
	return flags;
}

interface DiaryEntry extends AuditSpan {
	certificateId: number;
	number: string;
	cbId: number;
	place: Place | null;
}

/** Walks each auditor's audits in date order, page by page of people. */
async function distantSites(db: Db, onProgress?: AuditSignalProgress): Promise<NewFlag[]> {
	const flags: NewFlag[] = [];
	const people = await db
		.selectFrom("certificate_auditors")
		.select("person_id")
		.distinct()
		.orderBy("person_id")
		.execute();
	const ids = people.map((p) => Number(p.person_id));
	for (let i = 0; i < ids.length; i += PEOPLE_PAGE) {
		const from = ids[i]!;
		const to = ids[Math.min(ids.length, i + PEOPLE_PAGE) - 1]!;
		const rows = await db
			.selectFrom("certificate_auditors as a")
			.innerJoin("certificates as c", "c.id", "a.certificate_id")
			.innerJoin("organizations as h", "h.id", "c.holder_id")
			.select([
				"a.person_id",
				"c.id",
				"c.number",
				"c.cb_id",
				"c.audit_start_date",
				"c.audit_end_date",
				"h.district",
				"h.uscc",
			])
			.where("a.person_id", ">=", from)
			.where("a.person_id", "<=", to)
			.where("c.audit_end_date", "is not", null)
			.execute();
		const diaries = new Map<number, DiaryEntry[]>();
		for (const r of rows) {
			const end = r.audit_end_date!;
			const entry: DiaryEntry = {
				certificateId: Number(r.id),
				number: r.number,
				cbId: Number(r.cb_id),
				start: r.audit_start_date ?? end,
				end,
				place: placeOf(r.district, r.uscc),
			};
			const list = diaries.get(Number(r.person_id));
			if (list) list.push(entry);
			else diaries.set(Number(r.person_id), [entry]);
		}
		for (const [personId, diary] of diaries) {
			const flag = diaryFlag(personId, diary);
			if (flag) flags.push(flag);
		}
		onProgress?.({ phase: "auditors", done: Math.min(ids.length, i + PEOPLE_PAGE), total: ids.length });
		await yieldToRequests();
	}
	return flags;
}

/** One flag per auditor listing the pairs of audits at distant sites that share a day. */
function diaryFlag(personId: number, diary: DiaryEntry[]): NewFlag | null {
	diary.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.certificateId - b.certificateId));
	const conflicts: { a: DiaryEntry; b: DiaryEntry; km: number }[] = [];
	for (let i = 0; i < diary.length; i++) {
		const a = diary[i]!;
		for (let j = i + 1; j < diary.length && diary[j]!.start <= a.end; j++) {
			const b = diary[j]!;
			if (!a.place || !b.place || !overlaps(a, b)) continue;
			const km = distanceKm(a.place, b.place);
			if (km >= DISTANT_KM) conflicts.push({ a, b, km });
		}
	}
	if (conflicts.length === 0) return null;
	const first = conflicts[0]!;
	const ref = personRef(personId);
	// The first shared day: the later of the two starts (ISO dates sort as text).
	const day = [first.a.start, first.b.start].sort()[1]!;
	const more = conflicts.length > 1;
	return {
		kind: "AUDITOR_DISTANT_SITES",
		subjectType: "person",
		subjectId: personId,
		subjectKey: ref,
		orgId: first.a.cbId,
		finding: {
			zh: `审核员 ${ref} 于 ${day} 同时在${first.a.place!.nameZh}（证书 ${first.a.number}）和${first.b.place!.nameZh}（证书 ${first.b.number}）审核，两地相距约 ${Math.round(first.km)} 公里${more ? `；共 ${conflicts.length} 处此类冲突` : ""}`,
			en: `auditor ${ref} was on audits in ${first.a.place!.nameEn} (certificate ${first.a.number}) and ${first.b.place!.nameEn} (certificate ${first.b.number}) on ${day}, about ${Math.round(first.km)} km apart${more ? `; ${conflicts.length} such clashes in all` : ""}`,
			evidence: {
				person: ref,
				clashes: conflicts.length,
				listed: conflicts.slice(0, LISTED).map(({ a, b, km }) => ({
					km: Math.round(km),
					audits: [a, b].map((x) => ({
						certificate: x.number,
						start: x.start,
						end: x.end,
						place: x.place!.nameZh,
					})),
				})),
			},
		},
	};
}
