/**
 * Test report statuses: a report is valid when issued, replaced when the lab issues a corrected report in
 * its place, revoked when it is withdrawn for cause. Replaced and revoked reports stay on record.
 */
export const REPORT_STATUSES = ["valid", "replaced", "revoked"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_INFO: Record<ReportStatus, { zh: string; en: string }> = {
	valid: { zh: "有效", en: "valid" },
	replaced: { zh: "已替代", en: "replaced" },
	revoked: { zh: "已撤销", en: "revoked" },
};

const TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
	valid: ["replaced", "revoked"],
	replaced: ["revoked"],
	revoked: [],
};

/** True when a report may move from one status to another. */
export function canReportTransition(from: ReportStatus, to: ReportStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** Accepts the English code or the Chinese name. */
export function parseReportStatus(s: string): ReportStatus | null {
	const v = s.trim();
	for (const st of REPORT_STATUSES) if (st === v || REPORT_STATUS_INFO[st].zh === v) return st;
	return null;
}

/** Overall and per-item conclusions of a test report. */
export const CONCLUSIONS = ["pass", "fail", "none"] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

export const CONCLUSION_INFO: Record<Conclusion, { zh: string; en: string }> = {
	pass: { zh: "合格", en: "pass" },
	fail: { zh: "不合格", en: "fail" },
	none: { zh: "不判定", en: "no verdict" },
};

/** Accepts pass/fail/none or 合格/符合, 不合格/不符合, 不判定//. */
export function parseConclusion(s: string): Conclusion | null {
	const v = s.trim();
	if ((CONCLUSIONS as readonly string[]).includes(v)) return v as Conclusion;
	if (v === "合格" || v === "符合") return "pass";
	if (v === "不合格" || v === "不符合") return "fail";
	if (v === "不判定" || v === "/" || v === "—") return "none";
	return null;
}
