/**
 * Certificate statuses and the transitions between them, as reported to CNCA and shown on the national
 * query platform (docs/reference/certificate-status.md §1–2). 有效 → 暂停 ↔ 有效; 有效/暂停 → 撤销 or
 * 注销; 有效 → 过期失效 when the end date passes; 撤销, 注销 and 过期失效 are terminal.
 */
import { addDays } from "./dates.ts";

export const CERTIFICATE_STATUSES = ["valid", "suspended", "withdrawn", "cancelled", "expired"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Display names and the CNCA status codes (01–05). */
export const CERTIFICATE_STATUS_INFO: Record<
	CertificateStatus,
	{ zh: string; en: string; cncaCode: string; terminal: boolean }
> = {
	valid: { zh: "有效", en: "valid", cncaCode: "01", terminal: false },
	suspended: { zh: "暂停", en: "suspended", cncaCode: "02", terminal: false },
	withdrawn: { zh: "撤销", en: "withdrawn", cncaCode: "03", terminal: true },
	cancelled: { zh: "注销", en: "cancelled", cncaCode: "04", terminal: true },
	expired: { zh: "过期失效", en: "expired", cncaCode: "05", terminal: true },
};

/** Allowed transitions: from → the statuses it may move to. */
const TRANSITIONS: Record<CertificateStatus, readonly CertificateStatus[]> = {
	valid: ["suspended", "withdrawn", "cancelled", "expired"],
	suspended: ["valid", "withdrawn", "cancelled"],
	withdrawn: [],
	cancelled: [],
	expired: [],
};

/** True when a certificate may move from one status to another. */
export function canTransition(from: CertificateStatus, to: CertificateStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** The statuses reachable from this one. */
export function nextStatuses(from: CertificateStatus): readonly CertificateStatus[] {
	return TRANSITIONS[from];
}

/** True for one of the five status codes. */
export function isCertificateStatus(s: string): s is CertificateStatus {
	return (CERTIFICATE_STATUSES as readonly string[]).includes(s);
}

/** Accepts the English code, the Chinese name or the CNCA two-digit code. */
export function parseCertificateStatus(s: string): CertificateStatus | null {
	const v = s.trim();
	if (isCertificateStatus(v)) return v;
	for (const st of CERTIFICATE_STATUSES) {
		const info = CERTIFICATE_STATUS_INFO[st];
		if (info.zh === v || info.cncaCode === v) return st;
	}
	return null;
}

/**
 * A valid certificate whose expiry date has passed is expired from the next day on, even before the
 * expiry job has recorded it; readers always see the effective status.
 */
export function effectiveStatus(
	status: CertificateStatus,
	statusSince: string,
	expiryDate: string,
	today: string,
): { status: CertificateStatus; since: string } {
	if (status === "valid" && expiryDate < today) return { status: "expired", since: addDays(expiryDate, 1) };
	return { status, since: statusSince };
}
