/**
 * The log audit (`opentic log audit`): trusts nothing the database says about the log and checks it all.
 *
 * 1. The log: entries are dense from 0; each stored leaf hash is SHA-256(0x00 ‖ entry) of its stored entry;
 *    folding the recomputed leaves rebuilds every stored tile-boundary node and, at each signed size, the
 *    signed root; every checkpoint is signed by the log's key for its origin.
 * 2. The register against the log: the log is replayed to find the newest entry about each certificate
 *    and report; each stored record must point at that entry (`log_idx`), and the SHA-256 of its public
 *    fields now must be the one that entry published. A record edited, inserted or deleted behind the
 *    system's back, an entry altered, missing or extra, a node or checkpoint that does not add up — each
 *    is named.
 *
 * Organisations are checked the same way, against the newest entry about each; people, qualifications
 * and capability rows are logged too, but not yet replayed here.
 */
import type { Clock } from "../../core/dates.ts";
import { openCheckpoint } from "../../core/tlog/checkpoint.ts";
import { equalBytes, type Hasher, toBase64, utf8 } from "../../core/tlog/hash.ts";
import { TILE_HEIGHT, TILE_WIDTH } from "../../core/tlog/tiles.ts";
import { Frontier } from "../../core/tlog/tree.ts";
import { auditorsOf } from "../certificates/certificates.repository.ts";
import { certificateRecord } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import { presentOrganization } from "../organizations/organizations.service.ts";
import { reportRecord } from "../reports/reports.service.ts";
import { logSize } from "./journal.repository.ts";
import { recordHash } from "./journal.service.ts";
import { leafTile } from "./log.repository.ts";
import { nodeHasher } from "./log.service.ts";
import {
	allCheckpoints,
	allNodes,
	certificatesAfter,
	countEntries,
	countRows,
	entriesFrom,
	organizationsAfter,
	reportsAfter,
} from "./log-audit.repository.ts";
import type { LogIdentity } from "./log-key.ts";

export type DiscrepancyCode =
	| "ENTRY_GAP"
	| "ENTRY_MALFORMED"
	| "LEAF_MISMATCH"
	| "NODE_MISMATCH"
	| "NODE_MISSING"
	| "NODE_EXTRA"
	| "CHECKPOINT_SIGNATURE"
	| "CHECKPOINT_ROOT"
	| "CHECKPOINT_BEYOND_LOG"
	| "SIZE_MISMATCH"
	| "RECORD_CHANGED"
	| "RECORD_UNLOGGED"
	| "RECORD_MISSING"
	| "RECORD_LOG_INDEX";

export interface Discrepancy {
	code: DiscrepancyCode;
	/** What is wrong, naming the entry, node, checkpoint or record. */
	message: string;
}

export interface AuditReport {
	entries: number;
	checkpoints: number;
	certificates: number;
	reports: number;
	organizations: number;
	discrepancies: Discrepancy[];
	/** Discrepancies found beyond those listed. */
	unlisted: number;
	durationMs: number;
}

export interface AuditProgress {
	phase: "log" | "certificates" | "reports" | "organizations";
	done: number;
	total: number;
}

const PAGE = 5_000;
const MAX_LISTED = 1_000;

/** "number@issuer" for certificates and reports. */
function subjectKey(kind: string, number: string, issuer: string): string {
	return `${kind}:${number}@${issuer}`;
}

export async function auditLog(
	db: Db,
	identity: Pick<LogIdentity, "origin" | "verifier">,
	clock: Clock,
	onProgress: (p: AuditProgress) => void = () => {},
	hasher: Hasher = nodeHasher,
): Promise<AuditReport> {
	const started = clock.now().getTime();
	const found: Discrepancy[] = [];
	let unlisted = 0;
	const report = (code: DiscrepancyCode, message: string) => {
		if (found.length < MAX_LISTED) found.push({ code, message });
		else unlisted++;
	};

	// 1. The log itself.
	const sequenced = await logSize(db);
	const stored = await countEntries(db);
	if (stored !== sequenced)
		report("SIZE_MISMATCH", `the log says it holds ${sequenced} entries, but ${stored} are stored`);
	const checkpoints = await allCheckpoints(db);
	for (const cp of checkpoints) {
		try {
			const opened = openCheckpoint(cp.note, { origin: identity.origin, logKeys: [identity.verifier] });
			if (opened.checkpoint.size !== Number(cp.size) || !equalBytes(opened.checkpoint.rootHash, cp.root_hash))
				report(
					"CHECKPOINT_SIGNATURE",
					`checkpoint ${cp.size}: the signed note does not state the stored size and root`,
				);
		} catch (e) {
			report("CHECKPOINT_SIGNATURE", `checkpoint ${cp.size}: ${(e as Error).message}`);
		}
		if (Number(cp.size) > stored)
			report("CHECKPOINT_BEYOND_LOG", `checkpoint ${cp.size} is larger than the ${stored} entries stored`);
	}
	const signedSizes = checkpoints.map((c) => Number(c.size));
	const signedRoots = new Map(checkpoints.map((c) => [Number(c.size), c.root_hash]));
	const latestSigned = signedSizes.at(-1) ?? 0;
	const nodes = new Map((await allNodes(db)).map((n) => [`${n.level}/${n.idx}`, n.hash]));
	const seenNodes = new Set<string>();
	const newest = new Map<string, number>();
	/** Organisations are few enough to keep their newest published hash in memory. */
	const orgNewest = new Map<string, { idx: number; sha: string }>();
	const frontier = new Frontier(0, [], hasher);
	const onNode = (level: number, index: number, h: Uint8Array) => {
		if (level === 0 || level % TILE_HEIGHT !== 0 || (index + 1) * 2 ** level > latestSigned) return;
		const key = `${level}/${index}`;
		seenNodes.add(key);
		const storedNode = nodes.get(key);
		if (!storedNode) report("NODE_MISSING", `tree node ${key} (level/index) is not stored`);
		else if (!equalBytes(storedNode, h))
			report("NODE_MISMATCH", `tree node ${key} (level/index) differs from the one the entries give`);
	};
	let expected = 0;
	let nextCheckpoint = 0;
	let tile: Buffer | undefined;
	for (;;) {
		const page = await entriesFrom(db, expected, PAGE);
		if (page.length === 0) break;
		for (const row of page) {
			const idx = Number(row.idx);
			if (idx !== expected) {
				report("ENTRY_GAP", `entries ${expected}–${idx - 1} are missing`);
				// The tree cannot be rebuilt past a gap; the register check still runs.
				expected = Number.POSITIVE_INFINITY;
				break;
			}
			const bytes = utf8(row.entry);
			const leaf = hasher.leafHash(bytes);
			// Entries in a full signed tile: their stored leaf hash is in that tile's row.
			if (idx % TILE_WIDTH === 0)
				tile = idx + TILE_WIDTH <= latestSigned ? await leafTile(db, idx / TILE_WIDTH) : undefined;
			if (idx + TILE_WIDTH - (idx % TILE_WIDTH) <= latestSigned) {
				if (!tile) {
					if (idx % TILE_WIDTH === 0) report("NODE_MISSING", `leaf tile ${idx / TILE_WIDTH} is not stored`);
				} else if (!equalBytes(leaf, tile.subarray((idx % TILE_WIDTH) * 32, (idx % TILE_WIDTH) * 32 + 32)))
					report("LEAF_MISMATCH", `entry ${idx}: its stored leaf hash is not the hash of its stored text`);
			}
			frontier.appendLeafHash(leaf, onNode);
			expected = idx + 1;
			while (nextCheckpoint < signedSizes.length && signedSizes[nextCheckpoint]! <= frontier.size) {
				const size = signedSizes[nextCheckpoint]!;
				if (size === frontier.size && !equalBytes(frontier.root(), signedRoots.get(size)!))
					report(
						"CHECKPOINT_ROOT",
						`checkpoint ${size}: the entries give root ${toBase64(frontier.root())}, not the signed one`,
					);
				nextCheckpoint++;
			}
			try {
				const e = JSON.parse(row.entry) as { subject?: Record<string, string>; recordSha256?: string };
				const s = e.subject;
				if ((s?.kind === "certificate" || s?.kind === "report") && s.number && s.issuer)
					newest.set(subjectKey(s.kind, s.number, s.issuer), idx);
				else if (s?.kind === "organization" && s.uscc)
					orgNewest.set(s.uscc, { idx, sha: e.recordSha256 ?? "" });
			} catch {
				report("ENTRY_MALFORMED", `entry ${idx} is not JSON`);
			}
		}
		onProgress({ phase: "log", done: Math.min(expected, stored), total: stored });
		if (!Number.isFinite(expected)) break;
	}
	for (const key of nodes.keys())
		if (!seenNodes.has(key))
			report("NODE_EXTRA", `tree node ${key} (level/index) is stored but no entries make it`);

	// 2. The register against the log.
	const check = (
		kind: "certificate" | "report",
		label: string,
		key: string,
		row: { log_idx: unknown; log_entry: string | null },
		record: unknown,
	) => {
		const latest = newest.get(key);
		newest.delete(key);
		if (latest === undefined) {
			report("RECORD_UNLOGGED", `${label}: no log entry mentions it (written behind the system's back)`);
			return;
		}
		if (row.log_idx === null || Number(row.log_idx) !== latest) {
			report(
				"RECORD_LOG_INDEX",
				`${label}: points at entry ${row.log_idx ?? "none"}, but its newest entry is ${latest}`,
			);
			return;
		}
		let published: string | undefined;
		try {
			published = (JSON.parse(row.log_entry ?? "") as { recordSha256?: string }).recordSha256;
		} catch {
			published = undefined;
		}
		if (published !== recordHash(record))
			report(
				"RECORD_CHANGED",
				`${label}: its public fields differ from those entry ${latest} published (${kind} edited behind the system's back)`,
			);
	};

	const certTotal = await countRows(db, "certificates");
	let certificates = 0;
	for (let after = 0; ; ) {
		const rows = await certificatesAfter(db, after, PAGE);
		if (rows.length === 0) break;
		const teams = await auditorsOf(
			db,
			rows.map((r) => Number(r.id)),
		);
		for (const r of rows) {
			const record = certificateRecord(r, r.cb_uscc, r.holder_uscc, teams.get(Number(r.id)) ?? []);
			check(
				"certificate",
				`certificate ${r.number} (issuer ${r.cb_uscc})`,
				subjectKey("certificate", r.number, r.cb_uscc),
				r,
				record,
			);
		}
		certificates += rows.length;
		after = Number(rows.at(-1)!.id);
		onProgress({ phase: "certificates", done: certificates, total: certTotal });
	}

	const reportTotal = await countRows(db, "reports");
	let reports = 0;
	for (let after = 0; ; ) {
		const rows = await reportsAfter(db, after, PAGE);
		if (rows.length === 0) break;
		for (const r of rows)
			check(
				"report",
				`report ${r.number} (lab ${r.lab_uscc})`,
				subjectKey("report", r.number, r.lab_uscc),
				r,
				reportRecord(r, r.lab_uscc),
			);
		reports += rows.length;
		after = Number(rows.at(-1)!.id);
		onProgress({ phase: "reports", done: reports, total: reportTotal });
	}

	const orgTotal = await countRows(db, "organizations");
	let organizations = 0;
	for (let after = 0; ; ) {
		const rows = await organizationsAfter(db, after, PAGE);
		if (rows.length === 0) break;
		for (const r of rows) {
			const published = orgNewest.get(r.uscc);
			orgNewest.delete(r.uscc);
			if (!published)
				report(
					"RECORD_UNLOGGED",
					`organisation ${r.uscc}: no log entry mentions it (written behind the system's back)`,
				);
			else if (published.sha !== recordHash(presentOrganization(r)))
				report(
					"RECORD_CHANGED",
					`organisation ${r.uscc}: its public fields differ from those entry ${published.idx} published (edited behind the system's back)`,
				);
		}
		organizations += rows.length;
		after = Number(rows.at(-1)!.id);
		onProgress({ phase: "organizations", done: organizations, total: orgTotal });
	}
	for (const [uscc, { idx }] of orgNewest)
		report(
			"RECORD_MISSING",
			`organisation ${uscc}: entry ${idx} published it, but the register no longer holds it`,
		);

	for (const [key, idx] of newest)
		report(
			"RECORD_MISSING",
			`${key.replace(":", " ")}: entry ${idx} published it, but the register no longer holds it`,
		);

	return {
		entries: stored,
		checkpoints: checkpoints.length,
		certificates,
		reports,
		organizations,
		discrepancies: found,
		unlisted,
		durationMs: clock.now().getTime() - started,
	};
}
