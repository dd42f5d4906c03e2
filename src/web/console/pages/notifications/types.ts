/** What the notification and watchlist endpoints answer (src/server/notifications). */

export type DeliveryState = "pending" | "delivered" | "dead";
export type SubscriberKind = "district" | "region" | "procurement" | "other";
export type Severity = "low" | "medium" | "high" | "serious";

export interface Subscription {
	id: number;
	name: string;
	kind: SubscriberKind;
	url: string;
	eventTypes: string[];
	districts: string[];
	orgs: string[];
	minSeverity: Severity | null;
	status: "active" | "paused";
	createdAt: string;
	updatedAt: string;
	deliveries?: Record<DeliveryState, number>;
	/** Only when created or rotated. */
	secret?: string;
}

export interface Attempt {
	at: string;
	status: number | null;
	error: string | null;
	durationMs: number;
}

export interface Delivery {
	id: number;
	logIndex: number;
	eventType: string;
	state: DeliveryState;
	attempts: number;
	nextAttemptAt: string | null;
	lastStatus: number | null;
	lastError: string | null;
	createdAt: string;
	deliveredAt: string | null;
	log: Attempt[];
}

export interface Deliveries {
	counts: Record<DeliveryState, number>;
	items: Delivery[];
	page: number;
	pageSize: number;
}

export interface WatchlistSummary {
	id: number;
	name: string;
	url: string | null;
	suppliers: number;
	unread: number;
	createdAt: string;
	updatedAt: string;
}

export interface SchemeHolding {
	scheme: string;
	nameZh: string;
	nameEn: string;
	count: number;
	numbers: string[];
}

export interface WatchedSupplier {
	uscc: string;
	name: string;
	district: string | null;
	status: string;
	addedAt: string;
	certificates: SchemeHolding[];
	procurementBans: {
		reference: string;
		authority: string;
		startsOn: string;
		endsOn: string | null;
		reason: string;
	}[];
	excluded: boolean;
}

export interface Watchlist {
	id: number;
	name: string;
	url: string | null;
	unread: number;
	suppliers: WatchedSupplier[];
	secret?: string;
}

export interface Notice {
	id: number;
	watchlistId: number;
	watchlistName: string;
	logIndex: number;
	uscc: string;
	orgName: string;
	eventType: string;
	text: string;
	textEn: string;
	at: string;
	readAt: string | null;
}

export interface Notices {
	unread: number;
	items: Notice[];
	page: number;
	pageSize: number;
}

/** Splits pasted codes: one per line, or separated by commas, semicolons or spaces. */
export function splitCodes(text: string): string[] {
	return text
		.split(/[\s,，;；、]+/)
		.map((s) => s.trim())
		.filter(Boolean);
}
