/** The kinds of flag the cross-checks and fraud signals raise, and a flag's review states. */

/** Scope cross-checks (scope-rules.ts), made by the write path and the batch. */
export const SCOPE_FLAG_KINDS = [
	"SCHEME_OUTSIDE_APPROVAL",
	"APPROVAL_EXPIRED",
	"LAB_NOT_QUALIFIED",
	"CMA_EXPIRED",
	"ITEM_OUTSIDE_CAPABILITY",
	"SIGNATORY_NOT_AUTHORISED",
] as const;

/** Fraud signals, made by the batch. */
export const SIGNAL_KINDS = [
	"NUMBER_CLAIMED_TWICE",
	"LAB_VOLUME",
	"CB_UNUSUAL_SCHEME",
	"AUDIT_TIME_BELOW_MD5",
	"ISSUED_WITHOUT_REVIEW",
	"AUDITOR_DISTANT_SITES",
] as const;

export const FLAG_KINDS = [...SCOPE_FLAG_KINDS, ...SIGNAL_KINDS] as const;

export const FLAG_STATUSES = ["open", "escalated", "dismissed", "cleared"] as const;
