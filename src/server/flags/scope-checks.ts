/**
 * The scope cross-checks over the whole register (`opentic check scope`, and nightly in `serve`): every
 * certificate against its CB's approvals, every report against its lab's CMA qualification, capability
 * list and authorised signatories (core/checks/scope-rules.ts). Findings become flags; an open flag the
 * run no longer finds is cleared. Records written since the rules took effect were refused when they broke
 * a hard rule; the batch finds older ones, and the soft findings of all.
 */

import { SCOPE_FLAG_KINDS } from "../../core/checks/flag-kinds.ts";
import {
	type CapabilityView,
	certificateBreach,
	type RuleBreach,
	reportBreach,
	reportFindings,
} from "../../core/checks/scope-rules.ts";
import { type Clock, isoInstant } from "../../core/dates.ts";
import type { Db } from "../db/database.ts";
import { qualificationViews } from "../qualifications/qualifications.repository.ts";
import { capabilityViews, clearUnfound, flagKey, type NewFlag, upsertFlags } from "./flags.repository.ts";

/**
 * A suspended or revoked qualification forbids new records; the ones issued before stand. So the batch
 * applies the scheme and date rules only.
 */
function batchBreach(b: RuleBreach | null): RuleBreach | null {
	return b && (SCOPE_FLAG_KINDS as readonly string[]).includes(b.rule) ? b : null;
}

export interface ScopeCheckProgress {
	phase: "certificates" | "reports";
	done: number;
	total: number;
}

export interface ScopeCheckResult {
	certificates: number;
	reports: number;
	/** Findings made this run (new or still standing). */
	findings: number;
	cleared: number;
	ms: number;
}

/** Rows per page; the batch yields to the server's requests between pages. */
const PAGE = 2_000;
const yieldToRequests = () => new Promise<void>((r) => setImmediate(r));

export async function runScopeChecks(
	db: Db,
	clock: Clock,
	onProgress: (p: ScopeCheckProgress) => void = () => {},
): Promise<ScopeCheckResult> {
	const started = clock.now();
	const at = isoInstant(started);
	const orgIds = (
		await db.selectFrom("organizations").select("id").where("kind", "in", ["cb", "lab"]).execute()
	).map((r) => Number(r.id));
	const quals = await qualificationViews(db, orgIds);
	const capsOf = capabilityCache(db);
	const found = new Set<string>();
	const record = async (flags: NewFlag[]) => {
		await upsertFlags(db, flags, at);
		for (const f of flags) found.add(flagKey(f.kind, f.subjectType, f.subjectId));
	};
	const count = async (table: "certificates" | "reports") =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as("n"))
					.executeTakeFirstOrThrow()
			).n,
		);

	const certTotal = await count("certificates");
	let certificates = 0;
	for (let after = 0; ; ) {
		const rows = await db
			.selectFrom("certificates")
			.select(["id", "number", "scheme", "issue_date", "cb_id"])
			.where("id", ">", after)
			.orderBy("id")
			.limit(PAGE)
			.execute();
		if (rows.length === 0) break;
		const flags: NewFlag[] = [];
		for (const c of rows) {
			const b = batchBreach(certificateBreach(quals.get(Number(c.cb_id)) ?? [], c.scheme, c.issue_date));
			if (b)
				flags.push({
					kind: b.rule,
					subjectType: "certificate",
					subjectId: Number(c.id),
					subjectKey: c.number,
					orgId: Number(c.cb_id),
					finding: { zh: b.zh, en: b.en, evidence: { scheme: c.scheme, issueDate: c.issue_date } },
				});
		}
		await record(flags);
		certificates += rows.length;
		after = Number(rows.at(-1)!.id);
		onProgress({ phase: "certificates", done: certificates, total: certTotal });
		await yieldToRequests();
	}

	const reportTotal = await count("reports");
	let reports = 0;
	for (let after = 0; ; ) {
		const rows = await db
			.selectFrom("reports")
			.select(["id", "number", "lab_id", "issue_date", "items_json", "signatory_id"])
			.where("id", ">", after)
			.orderBy("id")
			.limit(PAGE)
			.execute();
		if (rows.length === 0) break;
		const flags: NewFlag[] = [];
		for (const r of rows) {
			const labId = Number(r.lab_id);
			const subject = {
				subjectType: "report" as const,
				subjectId: Number(r.id),
				subjectKey: r.number,
				orgId: labId,
			};
			const b = batchBreach(reportBreach(quals.get(labId) ?? [], r.issue_date));
			if (b)
				flags.push({
					...subject,
					kind: b.rule,
					finding: { zh: b.zh, en: b.en, evidence: { issueDate: r.issue_date } },
				});
			flags.push(
				...softFlags(await capsOf(labId), {
					id: Number(r.id),
					number: r.number,
					labId,
					items: JSON.parse(r.items_json) as ReportSubject["items"],
					signatory: r.signatory_id === null ? null : Number(r.signatory_id),
				}),
			);
		}
		await record(flags);
		reports += rows.length;
		after = Number(rows.at(-1)!.id);
		onProgress({ phase: "reports", done: reports, total: reportTotal });
		await yieldToRequests();
	}

	const cleared = await clearUnfound(db, SCOPE_FLAG_KINDS, found, at);
	return {
		certificates,
		reports,
		findings: found.size,
		cleared,
		ms: clock.now().getTime() - started.getTime(),
	};
}

interface ReportSubject {
	id: number;
	number: string;
	labId: number;
	items: readonly { parameter: string; standard: string }[];
	signatory: number | null;
}

/** Loads each lab's capability list once per run. */
function capabilityCache(db: Db): (labId: number) => Promise<CapabilityView[]> {
	const caps = new Map<number, CapabilityView[]>();
	return async (labId) => {
		const known = caps.get(labId);
		if (known) return known;
		const loaded = await capabilityViews(db, labId);
		caps.set(labId, loaded);
		return loaded;
	};
}

/** A report's soft findings (items outside the capability list, unauthorised signatory) as flags. */
function softFlags(caps: readonly CapabilityView[], r: ReportSubject): NewFlag[] {
	return reportFindings(caps, r.items, r.signatory).map((f) => ({
		kind: f.kind,
		subjectType: "report",
		subjectId: r.id,
		subjectKey: r.number,
		orgId: r.labId,
		finding: f,
	}));
}

/** Soft findings of reports just written, flagged in the same transaction. */
export async function flagNewReports(db: Db, reports: readonly ReportSubject[], at: string): Promise<void> {
	if (reports.length === 0) return;
	const capsOf = capabilityCache(db);
	const flags: NewFlag[] = [];
	for (const r of reports) flags.push(...softFlags(await capsOf(r.labId), r));
	await upsertFlags(db, flags, at);
}
