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
 * Organisations, people (their salted commitments), qualifications and capability rows are checked the
 * same way, against the newest entry about each, kept in memory (they are far fewer than certificates).
 */
import type { Clock } from "../../core/dates.ts";
import { personRef } from "../../core/records/person-ref.ts";
import { openCheckpoint } from "../../core/tlog/checkpoint.ts";
import { equalBytes, type Hasher, toBase64, utf8 } from "../../core/tlog/hash.ts";
import { TILE_HEIGHT, TILE_WIDTH } from "../../core/tlog/tiles.ts";
import { Frontier } from "../../core/tlog/tree.ts";
import { auditorsOf } from "../certificates/certificates.repository.ts";
import { certificateRecord } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import type { OrganizationRow } from "../db/schema.ts";
import { presentOrganization } from "../organizations/organizations.service.ts";
import { personCommitment, presentPerson } from "../people/people.service.ts";
import { signatoriesOf } from "../qualifications/qualifications.repository.ts";
import { presentCapability, presentQualification } from "../qualifications/qualifications.service.ts";
import { reportRecord } from "../reports/reports.service.ts";
import { logSize } from "./journal.repository.ts";
import { recordHash } from "./journal.service.ts";
import { leafTile } from "./log.repository.ts";
import { nodeHasher, STORED_LEAF_TILE_BYTES } from "./log.service.ts";
import {
	allCheckpoints,
	allNodes,
	capabilitiesAfter,
	certificatesAfter,
	countEntries,
	countRows,
	entriesFrom,
	organizationsAfter,
	peopleAfter,
	qualificationsAfter,
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
	people: number;
	qualifications: number;
	capabilities: number;
	discrepancies: Discrepancy[];
	/** Discrepancies found beyond those listed. */
	unlisted: number;
	durationMs: number;
}

export interface AuditProgress {
	phase: "log" | "certificates" | "reports" | KeyedKind;
	done: number;
	total: number;
}

const PAGE = 5_000;

/** Records checked against an in-memory map of their newest entry, and how an entry's subject names them. */
const KEYED = {
	organizations: (s: Record<string, string>) => (s.kind === "organization" ? s.uscc : undefined),
	people: (s: Record<string, string>) => (s.kind === "person" ? s.ref : undefined),
	qualifications: (s: Record<string, string>) =>
		s.kind === "qualification" && s.type && s.number ? `${s.type}:${s.number}` : undefined,
	capabilities: (s: Record<string, string>) =>
		s.kind === "capability" && s.cma ? capabilityKey(s.cma, s.product, s.parameter, s.standard) : undefined,
} as const;
type KeyedKind = keyof typeof KEYED;
const KEYED_KINDS = Object.keys(KEYED) as KeyedKind[];

function capabilityKey(cma: string, product = "", parameter = "", standard = ""): string {
	return JSON.stringify([cma, product, parameter, standard]);
}

interface Published {
	idx: number;
	sha: string;
	/** The entry's format version. */
	v: number;
}
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
	const keyed = Object.fromEntries(KEYED_KINDS.map((k) => [k, new Map<string, Published>()])) as Record<
		KeyedKind,
		Map<string, Published>
	>;
	const frontier = new Frontier(0, [], hasher);
	let tile: Buffer | undefined;
	let tileIndex = -1;
	const onNode = (level: number, index: number, h: Uint8Array) => {
		// A full signed leaf tile stores its level-4 nodes after its leaves.
		if (level === 4 && tile && index >> 4 === tileIndex) {
			const at = STORED_LEAF_TILE_BYTES - (16 - (index % 16)) * 32;
			if (!equalBytes(tile.subarray(at, at + 32), h))
				report(
					"NODE_MISMATCH",
					`tree node 4/${index} (level/index) in leaf tile ${tileIndex} differs from the one the entries give`,
				);
		}
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
			if (idx % TILE_WIDTH === 0) {
				tileIndex = idx / TILE_WIDTH;
				tile = idx + TILE_WIDTH <= latestSigned ? await leafTile(db, tileIndex) : undefined;
				if (tile && tile.length !== STORED_LEAF_TILE_BYTES) {
					report(
						"NODE_MISMATCH",
						`leaf tile ${tileIndex} holds ${tile.length} bytes, not ${STORED_LEAF_TILE_BYTES}`,
					);
					tile = undefined;
				}
			}
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
				const e = JSON.parse(row.entry) as {
					subject?: Record<string, string>;
					recordSha256?: string;
					v?: number;
				};
				const s = e.subject;
				if ((s?.kind === "certificate" || s?.kind === "report") && s.number && s.issuer)
					newest.set(subjectKey(s.kind, s.number, s.issuer), idx);
				else if (s)
					for (const kind of KEYED_KINDS) {
						const key = KEYED[kind](s);
						if (key !== undefined) keyed[kind].set(key, { idx, sha: e.recordSha256 ?? "", v: e.v ?? 0 });
					}
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

	/** Checks one page of a keyed kind: `records` yields each row's label, key and public fields. */
	const checkKeyed = (
		kind: KeyedKind,
		records: Iterable<{ label: string; key: string; record: (p: Published) => unknown }>,
	) => {
		for (const { label, key, record } of records) {
			const published = keyed[kind].get(key);
			keyed[kind].delete(key);
			if (!published)
				report("RECORD_UNLOGGED", `${label}: no log entry mentions it (written behind the system's back)`);
			else if (published.sha !== recordHash(record(published)))
				report(
					"RECORD_CHANGED",
					`${label}: its public fields differ from those entry ${published.idx} published (edited behind the system's back)`,
				);
		}
	};
	const counted = { organizations: 0, people: 0, qualifications: 0, capabilities: 0 };
	/** Pages through a table by id, checking each page. */
	const scan = async <R extends { id: unknown }>(
		kind: KeyedKind,
		page: (after: number) => Promise<R[]>,
		check: (rows: R[]) => Promise<void> | void,
	) => {
		const total = await countRows(db, kind);
		for (let after = 0; ; ) {
			const rows = await page(after);
			if (rows.length === 0) break;
			await check(rows);
			counted[kind] += rows.length;
			after = Number(rows.at(-1)!.id);
			onProgress({ phase: kind, done: counted[kind], total });
		}
	};

	await scan(
		"organizations",
		(after) => organizationsAfter(db, after, PAGE),
		(rows) =>
			checkKeyed(
				"organizations",
				rows.map((r) => ({
					label: `organisation ${r.uscc}`,
					key: r.uscc,
					record: () => presentOrganization(r),
				})),
			),
	);
	await scan(
		"people",
		(after) => peopleAfter(db, after, PAGE),
		(rows) =>
			checkKeyed(
				"people",
				rows.map((r) => {
					const employer =
						r.employer_uscc === null ? null : { uscc: r.employer_uscc, name: r.employer_name ?? "" };
					return {
						label: `person ${personRef(r.id)}`,
						key: personRef(r.id),
						record: (p: Published) =>
							p.v >= 2
								? personCommitment(r, employer?.uscc ?? null)
								: // Version 1 committed to the employer's name too.
									{
										salt: r.salt,
										...presentPerson(r, (employer ?? undefined) as OrganizationRow | undefined),
									},
					};
				}),
			),
	);
	await scan(
		"qualifications",
		(after) => qualificationsAfter(db, after, PAGE),
		(rows) =>
			checkKeyed(
				"qualifications",
				rows.map((r) => ({
					label: `qualification ${r.number} (${r.type}, holder ${r.holder_uscc})`,
					key: `${r.type}:${r.number}`,
					record: () => ({ holder: r.holder_uscc, ...presentQualification(r) }),
				})),
			),
	);
	await scan(
		"capabilities",
		(after) => capabilitiesAfter(db, after, PAGE),
		async (rows) => {
			const signatories = await signatoriesOf(
				db,
				rows.map((r) => Number(r.id)),
			);
			checkKeyed(
				"capabilities",
				rows.map((r) => ({
					label: `capability ${r.product} × ${r.parameter} × ${r.standard} (CMA ${r.cma})`,
					key: capabilityKey(r.cma, r.product, r.parameter, r.standard),
					record: () => presentCapability(r, signatories.get(Number(r.id)) ?? []),
				})),
			);
		},
	);
	const labels: Record<KeyedKind, (key: string) => string> = {
		organizations: (k) => `organisation ${k}`,
		people: (k) => `person ${k}`,
		qualifications: (k) => `qualification ${k.slice(k.indexOf(":") + 1)} (${k.slice(0, k.indexOf(":"))})`,
		capabilities: (k) => {
			const [cma, product, parameter, standard] = JSON.parse(k) as string[];
			return `capability ${product} × ${parameter} × ${standard} (CMA ${cma})`;
		},
	};
	for (const kind of KEYED_KINDS)
		for (const [key, { idx }] of keyed[kind])
			report(
				"RECORD_MISSING",
				`${labels[kind](key)}: entry ${idx} published it, but the register no longer holds it`,
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
		...counted,
		discrepancies: found,
		unlisted,
		durationMs: clock.now().getTime() - started,
	};
}
