/**
 * What a log entry is about, for notifications: the organisations it concerns (with their role and
 * district), the public label of its record, the JSON body a webhook receives, and the console notice a
 * watchlist shows. Everything here is public: log entries hold no personal data, and the enrichment adds
 * only organisations' names and districts and a record's public label and status.
 */
import { CERTIFICATE_STATUS_INFO, type CertificateStatus } from "../../core/certificate-status.ts";
import { holdsPersonalData } from "../../core/id-number.ts";
import { REPORT_STATUS_INFO, type ReportStatus } from "../../core/report-status.ts";
import type { Db } from "../db/database.ts";
import { certificatesByNumber, organizationsByUscc, reportsByNumber } from "./notifications.repository.ts";

/** A log entry as written (journal.service.ts `entryText`). */
export interface LogEntry {
	at: string;
	by?: string;
	facts?: Record<string, string | number | null>;
	recordSha256: string;
	subject: Record<string, string>;
	type: string;
	v: number;
}

/** Roles an organisation plays in an entry. */
export type Role = "by" | "subject" | "issuer" | "holder" | "lab" | "client" | "named";

export interface ConcernedOrg {
	uscc: string;
	name: string | null;
	district: string | null;
	roles: Role[];
}

export interface RecordLabel {
	kind: string;
	number: string;
	scheme?: string;
	product?: string | null;
	holderName?: string;
	status?: string;
	statusZh?: string;
}

/** An entry read from the log, with what the dispatcher worked out about it. */
export interface ResolvedEntry {
	idx: number;
	text: string;
	entry: LogEntry;
	orgs: ConcernedOrg[];
	record: RecordLabel | null;
}

/** Alert severities, lowest first. */
export const SEVERITIES = ["low", "medium", "high", "serious"] as const;
export type Severity = (typeof SEVERITIES)[number];

const keyOf = (number: string, issuer: string) => `${number}@${issuer}`;

/** Resolves a batch of entries: a fixed number of queries, whatever the batch's size. */
export async function resolveEntries(
	db: Db,
	rows: readonly { idx: number; entry: string }[],
): Promise<ResolvedEntry[]> {
	const parsed = rows.map((r) => ({
		idx: Number(r.idx),
		text: r.entry,
		entry: JSON.parse(r.entry) as LogEntry,
	}));
	const certNumbers = new Set<string>();
	const reportNumbers = new Set<string>();
	for (const p of parsed) {
		const s = p.entry.subject;
		if (s.kind === "certificate" && s.number) certNumbers.add(s.number);
		if (s.kind === "report" && s.number) reportNumbers.add(s.number);
	}
	const certs = new Map(
		(await certificatesByNumber(db, [...certNumbers])).map((c) => [keyOf(c.number, c.cb_uscc), c]),
	);
	const reports = new Map(
		(await reportsByNumber(db, [...reportNumbers])).map((r) => [keyOf(r.number, r.lab_uscc), r]),
	);

	const roles = parsed.map((p) => {
		const e = p.entry;
		const s = e.subject;
		const out = new Map<string, Set<Role>>();
		const add = (uscc: string | null | undefined, role: Role) => {
			if (!uscc) return;
			const set = out.get(uscc) ?? new Set<Role>();
			set.add(role);
			out.set(uscc, set);
		};
		add(e.by, "by");
		if (s.kind === "organization") add(s.uscc, "subject");
		let record: RecordLabel | null = null;
		if (s.kind === "certificate" && s.number && s.issuer) {
			add(s.issuer, "issuer");
			const c = certs.get(keyOf(s.number, s.issuer));
			if (c) {
				add(c.holder_uscc, "holder");
				if (c.withheld_since === null) {
					const st = CERTIFICATE_STATUS_INFO[c.status as CertificateStatus];
					record = {
						kind: "certificate",
						number: c.number,
						scheme: c.scheme,
						holderName: c.holder_name,
						status: c.status,
						...(st ? { statusZh: st.zh } : {}),
					};
				}
			}
		}
		if (s.kind === "report" && s.number && s.issuer) {
			add(s.issuer, "lab");
			const r = reports.get(keyOf(s.number, s.issuer));
			if (r) {
				add(r.client_uscc, "client");
				if (r.withheld_since === null) {
					const st = REPORT_STATUS_INFO[r.status as ReportStatus];
					record = {
						kind: "report",
						number: r.number,
						product: r.product,
						status: r.status,
						...(st ? { statusZh: st.zh } : {}),
					};
				}
			}
		}
		// Alerts name the organisations they concern in `facts.orgs`, comma-separated.
		const named = e.facts?.orgs;
		if (typeof named === "string") for (const u of named.split(",")) if (u.trim()) add(u.trim(), "named");
		return { out, record };
	});

	const allUsccs = new Set<string>();
	for (const r of roles) for (const u of r.out.keys()) allUsccs.add(u);
	const orgs = new Map((await organizationsByUscc(db, [...allUsccs])).map((o) => [o.uscc, o]));

	return parsed.map((p, i) => {
		const { out, record } = roles[i]!;
		return {
			...p,
			record,
			orgs: [...out].map(([uscc, set]) => {
				const o = orgs.get(uscc);
				return { uscc, name: o?.name ?? null, district: o?.district ?? null, roles: [...set] };
			}),
		};
	});
}

/** The event id a receiver deduplicates on: the same for every subscriber and every retry. */
export function eventId(idx: number): string {
	return `opentic-log-${idx}`;
}

/**
 * The webhook body for an entry: the entry as logged (`entryText`, verifiable against a checkpoint with
 * an inclusion proof from /api/v1/log/proof), its index, and the public enrichment.
 */
export function deliveryBody(r: ResolvedEntry): string {
	const enrichment = { record: r.record, organizations: r.orgs };
	// A last guard: the enrichment is public data only; if anything in it looks personal, leave it out.
	const safe = !holdsPersonalData(JSON.stringify(enrichment));
	return JSON.stringify({
		id: eventId(r.idx),
		logIndex: r.idx,
		type: r.entry.type,
		at: r.entry.at,
		entry: r.entry,
		entryText: r.text,
		record: safe ? r.record : null,
		organizations: safe ? r.orgs : [],
	});
}

/** Whether an entry passes a subscription's filters. Empty filters let everything through. */
export function matches(
	r: ResolvedEntry,
	f: { eventTypes: string[]; districts: string[]; orgs: string[]; minSeverity: string | null },
): boolean {
	if (f.eventTypes.length && !f.eventTypes.some((t) => r.entry.type.startsWith(t))) return false;
	if (f.districts.length && !r.orgs.some((o) => o.district !== null && f.districts.includes(o.district)))
		return false;
	if (f.orgs.length && !r.orgs.some((o) => f.orgs.includes(o.uscc))) return false;
	if (f.minSeverity && r.entry.subject.kind === "alert") {
		const sev = SEVERITIES.indexOf(String(r.entry.facts?.severity ?? "") as Severity);
		if (sev < SEVERITIES.indexOf(f.minSeverity as Severity)) return false;
	}
	return true;
}

const ROLE_TEXT: Record<Role, { zh: string; en: string }> = {
	by: { zh: "", en: "" },
	subject: { zh: "", en: "" },
	issuer: { zh: "发证机构", en: "as issuer" },
	holder: { zh: "", en: "" },
	lab: { zh: "检验检测机构", en: "as lab" },
	client: { zh: "委托方", en: "as client" },
	named: { zh: "被预警", en: "named in an alert" },
};

/** The console notice for a watched organisation an entry concerns: "your supplier X: certificate Y withdrawn". */
export function noticeText(r: ResolvedEntry, org: ConcernedOrg): { zh: string; en: string } {
	const e = r.entry;
	const s = e.subject;
	const name = org.name ?? org.uscc;
	const f = e.facts ?? {};
	const certStatus = CERTIFICATE_STATUS_INFO[String(f.status ?? "") as CertificateStatus];
	const reportStatus = REPORT_STATUS_INFO[String(f.status ?? "") as ReportStatus];
	let what: { zh: string; en: string };
	if (s.kind === "certificate") {
		const n = s.number ?? "";
		if (e.type === "certificate.issued") what = { zh: `获发证书 ${n}`, en: `certificate ${n} issued` };
		else if (certStatus) what = { zh: `证书 ${n} ${certStatus.zh}`, en: `certificate ${n} ${certStatus.en}` };
		else what = { zh: `证书 ${n} 有变更`, en: `certificate ${n} changed` };
	} else if (s.kind === "report") {
		const n = s.number ?? "";
		what = reportStatus
			? { zh: `检验检测报告 ${n} ${reportStatus.zh}`, en: `test report ${n} ${reportStatus.en}` }
			: { zh: `检验检测报告 ${n} 有变更`, en: `test report ${n} changed` };
	} else if (e.type === "ban.imposed")
		what = { zh: `被列入禁入名单（${s.number}）`, en: `banned (${s.number})` };
	else if (e.type === "ban.lifted")
		what = { zh: `禁入已解除（${s.number}）`, en: `ban lifted (${s.number})` };
	else if (e.type.startsWith("credit."))
		what = { zh: "诚信档案新增记录", en: "a new entry in its integrity file" };
	else if (e.type.startsWith("alert."))
		what = { zh: `风险预警 ${s.number ?? ""}`, en: `risk alert ${s.number ?? ""}` };
	else if (e.type === "spotcheck.result")
		what = { zh: `抽查结果：${f.result ?? ""}`, en: `spot check result: ${f.result ?? ""}` };
	else if (s.kind === "organization") what = { zh: "登记信息有变更", en: "registration changed" };
	else what = { zh: `有新的公开记录（${e.type}）`, en: `a new public record (${e.type})` };
	const roles = org.roles.map((x) => ROLE_TEXT[x]).filter((x) => x.zh);
	const asZh = roles.length ? `（${roles.map((x) => x.zh).join("、")}）` : "";
	const asEn = roles.length ? ` (${roles.map((x) => x.en).join(", ")})` : "";
	return { zh: `您关注的供应商 ${name}${asZh}：${what.zh}`, en: `Your supplier ${name}${asEn}: ${what.en}` };
}
