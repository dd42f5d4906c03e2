/**
 * Seeding: builds a register of a given scale through the import path (checks, writers, history, log),
 * then lets the expiry job run as of the same date.
 */
import { fixedClock } from "../../core/dates.ts";
import { expireDue } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import { indexAll, pendingRows } from "../db/search-index.ts";
import {
	type ImportKind,
	type ImportSummary,
	importRecords,
	type RowError,
} from "../import/import.service.ts";
import type { SourceRecord } from "../import/sources.ts";
import {
	capabilities,
	certificateRecords,
	type Gen,
	organizations,
	people,
	qualifications,
	reports,
	SCALE_SPECS,
	type Scale,
} from "./generator.ts";

export interface SeedProgress {
	step: string;
	done: number;
	total: number;
}

export interface SeedResult {
	scale: Scale;
	asOf: string;
	steps: (ImportSummary & { step: string })[];
	expired: number;
	/** Rows added to the search index after loading. */
	indexed: number;
	durationMs: number;
}

function* lines(gen: Gen): Generator<SourceRecord> {
	let line = 0;
	for (const raw of gen) yield { line: ++line, raw };
}

/** Seeds the register; throws if any generated row is refused (the generator and the rules disagree). */
export async function seed(
	db: Db,
	scale: Scale,
	asOf: string,
	onProgress?: (p: SeedProgress) => void,
	opts: { withoutReports?: boolean } = {},
): Promise<SeedResult> {
	const spec = SCALE_SPECS[scale];
	const started = Date.now();
	// Noon in Shanghai on the as-of date: every record is "today" relative to it.
	const clock = fixedClock(`${asOf}T04:00:00.000Z`);
	const certs = certificateRecords(spec, asOf);
	const plan: { step: string; kind: ImportKind; gen: Gen; total: number }[] = [
		{
			step: "organizations",
			kind: "organizations",
			gen: organizations(spec),
			total: 17 + spec.cbs + spec.labs + spec.enterprises,
		},
		{
			step: "qualifications",
			kind: "qualifications",
			gen: qualifications(spec, asOf),
			total: spec.cbs + spec.labs,
		},
		{
			step: "people",
			kind: "people",
			gen: people(spec),
			total: spec.cbs * spec.auditorsPerCb + spec.labs * spec.signatoriesPerLab + spec.inspectors,
		},
		{
			step: "capabilities",
			kind: "capabilities",
			gen: capabilities(spec, asOf),
			total: spec.labs * spec.capabilities[1],
		},
		{ step: "certificates", kind: "certificates", gen: certs.first, total: spec.certificates },
		{
			step: "certificate status changes",
			kind: "certificates",
			gen: certs.later,
			total: Math.ceil(spec.certificates * 0.01),
		},
		{ step: "reports", kind: "reports", gen: reports(spec, asOf), total: spec.reports },
	];
	const steps: SeedResult["steps"] = [];
	for (const p of plan) {
		if (opts.withoutReports && p.kind === "reports") continue;
		const errors: RowError[] = [];
		const summary = await importRecords(db, lines(p.gen), {
			kind: p.kind,
			clock,
			source: "seed",
			onError: (e) => {
				if (errors.length < 5) errors.push(e);
			},
			onProgress: (done) => onProgress?.({ step: p.step, done, total: Math.max(done, p.total) }),
		});
		steps.push({ ...summary, step: p.step });
		if (summary.rejected > 0)
			throw new Error(
				`seed ${scale}: ${summary.rejected} ${p.step} rows refused, e.g. ${errors.map((e) => `line ${e.line} ${e.field} ${e.rule}: ${e.messageEn}`).join("; ")}`,
			);
	}
	const expired = await expireDue(db, clock);
	const total = await pendingRows(db);
	const pending = Object.values(total).reduce((a, b) => a + b, 0);
	const indexed = await indexAll(db, (done) => onProgress?.({ step: "search index", done, total: pending }));
	return { scale, asOf, steps, expired, indexed, durationMs: Date.now() - started };
}
