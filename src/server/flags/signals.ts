/**
 * Fraud signals over the whole register (`opentic check signals`, and nightly in `serve`). Each explains
 * itself and carries its evidence; each becomes a flag for regulators like a cross-check finding:
 *
 * - NUMBER_CLAIMED_TWICE: one certificate number reported by two or more certification bodies — what a
 *   bought or copied number looks like;
 * - LAB_VOLUME: a lab whose reports in one month exceed what its authorised signatories can sign
 *   (more than SIGNED_PER_MONTH each);
 * - CB_UNUSUAL_SCHEME: a CB issuing many certificates in the last 90 days in a scheme it rarely served
 *   before (under 5 % of its earlier certificates).
 *
 * - and the audit signals (audit-signals.ts): audit time below IAF MD 5, a certificate issued the day
 *   its audit ended, one auditor at distant sites on the same day.
 */
import { SIGNAL_KINDS } from "../../core/checks/flag-kinds.ts";
import { addDays, type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { schemeByCode } from "../../core/schemes.ts";
import type { Db } from "../db/database.ts";
import { type AuditSignalProgress, auditSignals } from "./audit-signals.ts";
import { clearUnfound, flagKey, type NewFlag, upsertFlags } from "./flags.repository.ts";

/** Reports one authorised signatory can plausibly sign in a month (about 15 a working day). */
export const SIGNED_PER_MONTH = 300;
/** A scheme is unusual for a CB below this share of its earlier certificates… */
const RARE_SHARE = 0.05;
/** …and a burst is this many certificates in the last 90 days. */
const BURST = 20;

export interface SignalResult {
	findings: number;
	cleared: number;
	ms: number;
}

export async function runSignals(
	db: Db,
	clock: Clock,
	onProgress?: AuditSignalProgress,
): Promise<SignalResult> {
	const started = clock.now();
	const at = isoInstant(started);
	const today = chinaDate(started);
	const flags: NewFlag[] = [];

	// One number, several bodies.
	const shared = await db
		.selectFrom("certificates as c")
		.innerJoin("organizations as o", "o.id", "c.cb_id")
		.select(["c.id", "c.number", "c.cb_id", "o.uscc", "o.name"])
		.where("c.number", "in", (eb) =>
			eb
				.selectFrom("certificates")
				.select("number")
				.groupBy("number")
				.having((h) => h.fn.count("cb_id").distinct(), ">", 1),
		)
		.orderBy("c.number")
		.execute();
	const byNumber = new Map<string, typeof shared>();
	for (const r of shared) byNumber.set(r.number, [...(byNumber.get(r.number) ?? []), r]);
	for (const [number, rows] of byNumber) {
		const issuers = rows.map((r) => ({ uscc: r.uscc, name: r.name }));
		for (const r of rows)
			flags.push({
				kind: "NUMBER_CLAIMED_TWICE",
				subjectType: "certificate",
				subjectId: Number(r.id),
				subjectKey: number,
				orgId: Number(r.cb_id),
				finding: {
					zh: `证书编号 ${number} 由 ${rows.length} 家认证机构报送：${issuers.map((i) => i.name).join("、")}`,
					en: `certificate number ${number} is reported by ${rows.length} certification bodies: ${issuers.map((i) => i.name).join(", ")}`,
					evidence: { number, issuers },
				},
			});
	}

	// Monthly report volume against the lab's authorised signatories, over the last 12 months.
	const since = addDays(today, -365);
	const months = await db
		.selectFrom("reports")
		.select(["lab_id", (eb) => eb.fn<string>("substr", ["issue_date", eb.val(1), eb.val(7)]).as("month")])
		.select((eb) => eb.fn.countAll<number>().as("n"))
		.where("issue_date", ">=", since)
		.groupBy(["lab_id", "month"])
		.execute();
	const signatories = new Map(
		(
			await db
				.selectFrom("capability_signatories as s")
				.innerJoin("capabilities as c", "c.id", "s.capability_id")
				.select("c.org_id")
				.select((eb) => eb.fn.count("s.person_id").distinct().as("n"))
				.where("c.status", "=", "active")
				.groupBy("c.org_id")
				.execute()
		).map((r) => [Number(r.org_id), Number(r.n)]),
	);
	const busiest = new Map<number, { month: string; reports: number; signatories: number }>();
	for (const m of months) {
		const lab = Number(m.lab_id);
		const n = Number(m.n);
		const s = signatories.get(lab) ?? 0;
		if (n <= Math.max(1, s) * SIGNED_PER_MONTH) continue;
		const known = busiest.get(lab);
		if (!known || n > known.reports) busiest.set(lab, { month: m.month, reports: n, signatories: s });
	}
	const labs = await orgsByIds(db, [...busiest.keys()]);
	for (const [lab, b] of busiest) {
		const o = labs.get(lab);
		if (!o) continue;
		flags.push({
			kind: "LAB_VOLUME",
			subjectType: "organization",
			subjectId: lab,
			subjectKey: o.uscc,
			orgId: lab,
			finding: {
				zh: `${b.month} 出具报告 ${b.reports} 份，授权签字人 ${b.signatories} 名，超出每人每月 ${SIGNED_PER_MONTH} 份的签发能力`,
				en: `${b.reports} reports in ${b.month} with ${b.signatories} authorised signator${b.signatories === 1 ? "y" : "ies"}: beyond ${SIGNED_PER_MONTH} a month each`,
				evidence: {
					month: b.month,
					reports: b.reports,
					signatories: b.signatories,
					perMonthEach: SIGNED_PER_MONTH,
				},
			},
		});
	}

	// A burst in a scheme the CB rarely served.
	const recentFrom = addDays(today, -90);
	const perScheme = await db
		.selectFrom("certificates")
		.select(["cb_id", "scheme"])
		.select((eb) => [
			eb.fn.sum<number>(eb.case().when("issue_date", ">=", recentFrom).then(1).else(0).end()).as("recent"),
			eb.fn.sum<number>(eb.case().when("issue_date", "<", recentFrom).then(1).else(0).end()).as("before"),
		])
		.groupBy(["cb_id", "scheme"])
		.execute();
	const earlierTotal = new Map<number, number>();
	for (const r of perScheme)
		earlierTotal.set(Number(r.cb_id), (earlierTotal.get(Number(r.cb_id)) ?? 0) + Number(r.before));
	const bursts = perScheme.filter((r) => {
		const total = earlierTotal.get(Number(r.cb_id)) ?? 0;
		return Number(r.recent) >= BURST && total >= BURST && Number(r.before) / total < RARE_SHARE;
	});
	const cbs = await orgsByIds(
		db,
		bursts.map((b) => Number(b.cb_id)),
	);
	for (const b of bursts) {
		const o = cbs.get(Number(b.cb_id));
		if (!o) continue;
		const total = earlierTotal.get(Number(b.cb_id))!;
		const name = schemeByCode(b.scheme)?.nameZh ?? b.scheme;
		flags.push({
			kind: "CB_UNUSUAL_SCHEME",
			// One flag per CB and scheme: the subject is the CB's work in that scheme.
			subjectType: `scheme:${b.scheme}`,
			subjectId: Number(b.cb_id),
			subjectKey: `${o.uscc} ${b.scheme}`,
			orgId: Number(b.cb_id),
			finding: {
				zh: `近 90 天颁发${name} ${Number(b.recent)} 张，而此前该领域仅占其证书的 ${((Number(b.before) / total) * 100).toFixed(1)}%（${Number(b.before)}/${total}）`,
				en: `${Number(b.recent)} ${b.scheme} certificates in the last 90 days, a scheme that was ${((Number(b.before) / total) * 100).toFixed(1)}% of its earlier certificates (${Number(b.before)}/${total})`,
				evidence: {
					scheme: b.scheme,
					recent: Number(b.recent),
					before: Number(b.before),
					earlierTotal: total,
					since: recentFrom,
				},
			},
		});
	}

	flags.push(...(await auditSignals(db, onProgress)));

	await upsertFlags(db, flags, at);
	const found = new Set(flags.map((f) => flagKey(f.kind, f.subjectType, f.subjectId)));
	const cleared = await clearUnfound(db, SIGNAL_KINDS, found, at);
	return { findings: flags.length, cleared, ms: clock.now().getTime() - started.getTime() };
}

async function orgsByIds(db: Db, ids: number[]) {
	if (ids.length === 0) return new Map<number, { uscc: string; name: string }>();
	const rows = await db
		.selectFrom("organizations")
		.select(["id", "uscc", "name"])
		.where("id", "in", ids)
		.execute();
	return new Map(rows.map((r) => [Number(r.id), { uscc: r.uscc, name: r.name }]));
}
