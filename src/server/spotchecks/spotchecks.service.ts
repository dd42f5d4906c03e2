/**
 * Spot-check batches (双随机、一公开) in the register: drafted by an officer, published (the manifest and
 * the lists it binds are frozen and logged), drawn once the last random source is known (the transcript
 * is stored and logged, each drawn object becomes a task for its team), and each result recorded and
 * published — within 20 working days of the inspection — as a log entry.
 *
 * The draw itself is src/core/draw, the same code a citizen runs to recompute it.
 */
import { createHash, randomBytes } from "node:crypto";
import { canonicalJson, type JsonValue } from "../../core/canonical-json.ts";
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { makeDraw, monthsBefore, type RevealedSource, type Transcript } from "../../core/draw/draw.ts";
import { KeyStringError } from "../../core/draw/keystring.ts";
import {
	bindInputs,
	type ConflictPair,
	type ConflictRules,
	checkManifest,
	type DrawInputs,
	type DrawMode,
	MANIFEST_FORMAT,
	type Manifest,
	objectCommitment,
	POOL_OBJECTS,
	type PoolInspector,
	type PoolObject,
	type PoolObjects,
	type PoolScope,
	type Sha256Stream,
	type SourceSpec,
	type Stratum,
} from "../../core/draw/manifest.ts";
import { DrawError } from "../../core/draw/rfc3797.ts";
import { personRef } from "../../core/records/person-ref.ts";
import { schemeByCode } from "../../core/schemes.ts";
import type { Workdays } from "../../core/workdays.ts";
import { alertForFailedSpotCheck } from "../alerts/alerts.service.ts";
import { audit } from "../audit/audit.service.ts";
import { type Actor, mayAttempt } from "../auth/policy.ts";
import { bansInForce } from "../bans/bans.service.ts";
import { addCreditEvent, amendCreditEvent } from "../credit/credit.service.ts";
import { regradeOrganizations } from "../credit/grading.service.ts";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import type { SpotBatchRow, SpotTaskRow } from "../db/schema.ts";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../errors.ts";
import { logEvents } from "../log/journal.service.ts";

/** node:crypto's SHA-256 for the draw's long lists: the same digests as the browser's, much faster. */
export const nodeSha256: Sha256Stream = () => createHash("sha256");

/** Working days to publish a result in (一公开). */
export const PUBLISH_WITHIN_WORKDAYS = 20;

export const RESULTS = ["pass", "fail", "rectify", "unable"] as const;
export type SpotResult = (typeof RESULTS)[number];
export const RESULT_TEXT: Record<SpotResult, { zh: string; en: string }> = {
	pass: { zh: "合格", en: "passed" },
	fail: { zh: "不合格", en: "failed" },
	rectify: { zh: "责令整改", en: "ordered to rectify" },
	unable: { zh: "无法检查", en: "could not be inspected" },
};

export const OBJECT_KINDS = ["cb", "lab", "enterprise"] as const;

/** What an officer drafts; the manifest is made from it and the register when the batch is published. */
export interface BatchSpec {
	/** The annual plan the batch belongs to, when there is one. */
	planId?: number | null;
	code: string;
	title: string;
	drawDate: string;
	mode: DrawMode;
	/** What is drawn: organisations (the default) or certificates, each inspected at its holder. */
	objects?: PoolObjects;
	/** Kinds of organisation drawn, or, for certificates, of holders. */
	kinds: (typeof OBJECT_KINDS)[number][];
	/** Only objects in these districts (empty: all). */
	districts: string[];
	/**
	 * The field, as certification schemes (empty: all): certification bodies approved for one of them,
	 * organisations holding a valid certificate of one, certificates of one; labs are not drawn by scheme.
	 */
	schemes?: string[];
	strata: Stratum[];
	exclusions: { uscc: string; reason: string }[];
	teamSize: number;
	rules: ConflictRules;
	sources: SourceSpec[];
}

/** The credit grades that make the strata; an organisation not yet graded counts as B (ordinary risk). */
export const GRADES = ["A", "B", "C", "D"] as const;
const UNGRADED = "B";

function invalid(field: string, en: string, zh: string, rule = "INVALID"): InputError {
	return new InputError("SPOTCHECK_INVALID", `${field}: ${en}`, `${field}：${zh}`, field, rule);
}

export interface PlanInput {
	year: number;
	title: string;
	scope: string;
	batchesPlanned: number;
	timing: string;
}

/** Records an annual plan: what the year's spot checks cover, how many batches, when. */
export async function createPlan(db: Db, p: PlanInput, opts: { clock: Clock; actor: Actor }) {
	for (const f of ["title", "scope", "timing"] as const)
		if (!p[f]?.trim()) throw invalid(f, "required", "必填", "REQUIRED");
	const now = isoInstant(opts.clock.now());
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto("spot_plans")
			.values({
				year: p.year,
				title: p.title.trim(),
				scope: p.scope.trim(),
				batches_planned: p.batchesPlanned,
				timing: p.timing.trim(),
				created_by: opts.actor.label,
				created_at: now,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await audit(trx, opts.actor, now, [
			{ action: "spotcheck.plan", outcome: "ok", target: { type: "spot_plan", key: String(row.id) } },
		]);
		return Number(row.id);
	});
}

/** The annual plans, newest year first, with their batches (published ones, or all for regulators). */
export async function listPlans(db: Db, withDrafts = false) {
	const plans = await db
		.selectFrom("spot_plans")
		.selectAll()
		.orderBy("year", "desc")
		.orderBy("id", "desc")
		.execute();
	const batches = await listBatches(db, withDrafts);
	return plans.map((p) => ({
		id: Number(p.id),
		year: p.year,
		title: p.title,
		scope: p.scope,
		batchesPlanned: p.batches_planned,
		timing: p.timing,
		batches: batches.filter((b) => b.planId === Number(p.id)),
	}));
}

/** Checks a spec as far as it can before the pool exists (the manifest's own rules, on a draft). */
export function checkSpec(spec: BatchSpec): void {
	if (!/^[0-9A-Za-z][0-9A-Za-z-]{2,40}$/.test(spec.code ?? ""))
		throw invalid("code", "3–41 letters, digits and hyphens", "须为3至41位字母、数字或连字符", "PATTERN");
	if (!spec.title?.trim()) throw invalid("title", "required", "必填", "REQUIRED");
	if (!spec.kinds?.length)
		throw invalid("kinds", "choose at least one kind of object", "请至少选择一类检查对象", "REQUIRED");
	if (spec.objects !== undefined && !(POOL_OBJECTS as readonly string[]).includes(spec.objects))
		throw invalid("objects", "organizations or certificates", "须为机构或证书", "ENUM");
	for (const code of spec.schemes ?? [])
		if (!schemeByCode(code))
			throw invalid(
				"schemes",
				`"${code}" is not a certification scheme`,
				`“${code}”不是认证项目`,
				"SCHEME_UNKNOWN",
			);
	if (spec.schemes?.length && spec.objects !== "certificates" && spec.kinds.every((k) => k === "lab"))
		throw invalid(
			"schemes",
			"labs are not drawn by certification scheme; choose certification bodies, enterprises or certificates",
			"检验检测机构不按认证项目抽取，请选择认证机构、企业或证书",
			"NOT_APPLICABLE",
		);
	for (const s of spec.strata ?? [])
		if (!(GRADES as readonly string[]).includes(s.name))
			throw invalid(
				"strata",
				`"${s.name}" is not a credit grade (A, B, C, D)`,
				`“${s.name}”不是信用风险分类（A、B、C、D）`,
			);
	const draft: Manifest = {
		format: MANIFEST_FORMAT,
		batch: spec.code,
		title: spec.title,
		drawDate: spec.drawDate,
		mode: spec.mode,
		pool: { size: 0, sha256: "" },
		inspectors: { size: 0, sha256: "" },
		conflicts: { size: 0, sha256: "" },
		strata: spec.strata,
		exclusions: [],
		teamSize: spec.teamSize,
		rules: spec.rules,
		sources: spec.sources,
	};
	try {
		checkManifest(draft);
	} catch (e) {
		if (e instanceof DrawError) {
			const field = e.message.split(":")[0]!;
			throw new InputError(
				"SPOTCHECK_INVALID",
				e.message,
				`抽查批次设置有误：${e.message}`,
				field,
				"MANIFEST",
			);
		}
		throw e;
	}
}

/** The columns that hold a batch's long lists (megabytes for a city-wide batch), read only where needed. */
type LargeColumn = "inputs_json" | "openings_json" | "transcript_json";
const SMALL_COLUMNS = [
	"id",
	"plan_id",
	"code",
	"title",
	"status",
	"spec_json",
	"draw_date",
	"manifest_json",
	"manifest_sha256",
	"transcript_sha256",
	"draw_summary_json",
	"created_by",
	"created_at",
	"published_at",
	"drawn_at",
	"log_idx",
] as const satisfies readonly Exclude<keyof SpotBatchRow, LargeColumn>[];
export type BatchRow = Omit<SpotBatchRow, LargeColumn>;

/** A batch by code, with the long lists asked for, or SPOTCHECK_NOT_FOUND. */
async function findBatch<L extends LargeColumn = never>(
	db: Db,
	code: string,
	large: readonly L[] = [],
): Promise<BatchRow & Pick<SpotBatchRow, L>> {
	const b = (await db
		.selectFrom("spot_batches")
		.select([...SMALL_COLUMNS, ...large])
		.where("code", "=", code)
		.executeTakeFirst()) as (BatchRow & Pick<SpotBatchRow, L>) | undefined;
	if (!b)
		throw new NotFoundError(
			"SPOTCHECK_NOT_FOUND",
			`no spot-check batch ${code}`,
			`没有抽查批次 ${code}`,
			"code",
		);
	return b;
}

/** Drafts a batch. */
async function checkPlan(db: Db, spec: BatchSpec): Promise<void> {
	if (spec.planId == null) return;
	const plan = await db
		.selectFrom("spot_plans")
		.select("year")
		.where("id", "=", spec.planId)
		.executeTakeFirst();
	if (!plan) throw invalid("planId", "no such plan", "没有该年度抽查计划", "UNKNOWN");
	if (!spec.drawDate?.startsWith(String(plan.year)))
		throw invalid(
			"drawDate",
			`must fall in the plan's year ${plan.year}`,
			`须在计划年度 ${plan.year} 年内`,
			"PLAN_YEAR",
		);
}

export async function createBatch(
	db: Db,
	spec: BatchSpec,
	opts: { clock: Clock; actor: Actor },
): Promise<BatchRow> {
	checkSpec(spec);
	await checkPlan(db, spec);
	if (await db.selectFrom("spot_batches").select("id").where("code", "=", spec.code).executeTakeFirst())
		throw new ConflictError(
			"SPOTCHECK_EXISTS",
			`batch ${spec.code} already exists`,
			`抽查批次 ${spec.code} 已存在`,
			"code",
		);
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto("spot_batches")
			.values({
				plan_id: spec.planId ?? null,
				code: spec.code,
				title: spec.title.trim(),
				status: "draft",
				spec_json: JSON.stringify(spec),
				draw_date: spec.drawDate,
				manifest_json: null,
				manifest_sha256: null,
				inputs_json: null,
				openings_json: null,
				transcript_json: null,
				transcript_sha256: null,
				created_by: opts.actor.label,
				created_at: now,
				published_at: null,
				drawn_at: null,
			})
			.execute();
		await audit(trx, opts.actor, now, [
			{ action: "spotcheck.draft", outcome: "ok", target: { type: "spot_batch", key: spec.code } },
		]);
	});
	return findBatch(db, spec.code);
}

/** Changes a draft; a published batch refuses (its manifest is fixed and logged). */
export async function updateDraft(
	db: Db,
	code: string,
	spec: BatchSpec,
	opts: { clock: Clock; actor: Actor },
): Promise<BatchRow> {
	const b = await findBatch(db, code);
	if (spec.code !== code) throw invalid("code", "a batch keeps its code", "批次编号不能更改", "IMMUTABLE");
	checkSpec(spec);
	await checkPlan(db, spec);
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await advance(
			trx,
			b.id,
			"draft",
			{
				plan_id: spec.planId ?? null,
				title: spec.title.trim(),
				spec_json: JSON.stringify(spec),
				draw_date: spec.drawDate,
			},
			published(code, b.published_at),
		);
		await audit(trx, opts.actor, now, [
			{ action: "spotcheck.draft", outcome: "ok", target: { type: "spot_batch", key: code } },
		]);
	});
	return findBatch(db, code);
}

/** SPOTCHECK_PUBLISHED: nothing about a published batch changes. */
function published(code: string, at: string | null): ConflictError {
	return new ConflictError(
		"SPOTCHECK_PUBLISHED",
		`batch ${code} was published${at ? ` on ${at}` : ""}; its manifest cannot change`,
		`抽查批次 ${code} 已${at ? `于 ${at} ` : ""}公布，名录与规则不可更改`,
		"code",
	);
}

/** How a spec selects its pool, as the manifest states it. */
export function poolScope(spec: BatchSpec): PoolScope {
	return {
		objects: spec.objects ?? "organizations",
		kinds: [...spec.kinds],
		districts: [...spec.districts],
		schemes: [...(spec.schemes ?? [])],
	};
}

/** What a pool commitment opens to: its code, the organisation inspected and, for certificates, which. */
export interface Opening {
	salt: string;
	/** The organisation inspected (a certificate's holder). */
	uscc: string;
	orgId: number;
	certificateId?: number;
	/** For certificates: the certificate number (the committed code). */
	number?: string;
}

/** A candidate object from the register, before it is committed to. */
interface Candidate {
	code: string;
	orgId: number;
	uscc: string;
	grade: string | null;
	district: string | null;
	certificateId?: number;
	/** For certificates: the issuing body (its people have a conflict with the certificate too). */
	issuerId?: number;
}

/** The objects a spec selects, in the register's order. */
async function candidates(db: Db, spec: BatchSpec): Promise<Candidate[]> {
	const schemes = spec.schemes ?? [];
	if (spec.objects === "certificates") {
		let q = db
			.selectFrom("certificates as c")
			.innerJoin("organizations as o", "o.id", "c.holder_id")
			.select(["c.id", "c.number", "c.cb_id", "o.id as org_id", "o.uscc", "o.district", "o.credit_grade"])
			.where("c.status", "=", "valid")
			.where("c.withheld_since", "is", null)
			.where("o.kind", "in", spec.kinds)
			.orderBy("c.id");
		if (spec.districts.length) q = q.where("o.district", "in", spec.districts);
		if (schemes.length) q = q.where("c.scheme", "in", schemes);
		return (await q.execute()).map((c) => ({
			code: c.number,
			orgId: Number(c.org_id),
			uscc: c.uscc,
			grade: c.credit_grade,
			district: c.district,
			certificateId: Number(c.id),
			issuerId: Number(c.cb_id),
		}));
	}
	let q = db
		.selectFrom("organizations as o")
		.select(["o.id", "o.uscc", "o.kind", "o.district", "o.credit_grade"])
		.where("o.kind", "in", spec.kinds)
		.where("o.status", "=", "active")
		.orderBy("o.id");
	if (spec.districts.length) q = q.where("o.district", "in", spec.districts);
	let rows = await q.execute();
	if (schemes.length) {
		// The field: bodies approved for a scheme, organisations holding a valid certificate of one.
		const approved = new Set<number>();
		for (const r of await db
			.selectFrom("qualifications")
			.select(["org_id", "scope_json"])
			.where("type", "=", "cb_approval")
			.where("status", "=", "valid")
			.execute())
			if ((JSON.parse(r.scope_json) as string[]).some((x) => schemes.includes(x)))
				approved.add(Number(r.org_id));
		const holders = new Set(
			(
				await db
					.selectFrom("certificates")
					.select("holder_id")
					.distinct()
					.where("status", "=", "valid")
					.where("scheme", "in", schemes)
					.execute()
			).map((r) => Number(r.holder_id)),
		);
		rows = rows.filter((o) => (o.kind === "cb" ? approved.has(Number(o.id)) : holders.has(Number(o.id))));
	}
	return rows.map((o) => ({
		code: o.uscc,
		orgId: Number(o.id),
		uscc: o.uscc,
		grade: o.credit_grade,
		district: o.district,
	}));
}

/** The pools a spec selects from the register, as of now: objects by commitment, inspectors, conflicts. */
async function snapshot(db: Db, spec: BatchSpec) {
	const openings: Record<string, Opening> = {};
	/** Each organisation's objects in the pool: itself, or the certificates it holds or issued. */
	const keysOf = new Map<number, string[]>();
	const relate = (orgId: number, key: string) => {
		const keys = keysOf.get(orgId);
		if (keys) keys.push(key);
		else keysOf.set(orgId, [key]);
	};
	/** The objects of each organisation as inspected (held, not issued): what an exclusion takes out. */
	const heldBy = new Map<number, string[]>();
	const objects: PoolObject[] = (await candidates(db, spec)).map((c) => {
		const salt = randomBytes(8).toString("hex");
		const id = objectCommitment(salt, c.code);
		openings[id] = {
			salt,
			uscc: c.uscc,
			orgId: c.orgId,
			...(c.certificateId === undefined ? {} : { certificateId: c.certificateId, number: c.code }),
		};
		relate(c.orgId, id);
		if (c.issuerId !== undefined) relate(c.issuerId, id);
		const held = heldBy.get(c.orgId);
		if (held) held.push(id);
		else heldBy.set(c.orgId, [id]);
		return { id, stratum: c.grade ?? UNGRADED, district: c.district };
	});

	const people = await db
		.selectFrom("people as p")
		.leftJoin("organizations as e", "e.id", "p.employer_id")
		.select(["p.id", "p.roles_json", "p.districts_json", "p.employer_id", "e.uscc as employer_uscc"])
		.where("p.status", "=", "active")
		.orderBy("p.id")
		.execute();
	const year = spec.drawDate.slice(0, 4);
	const loads = new Map<string, number>();
	for (const t of await db
		.selectFrom("spot_tasks")
		.select(["team_json"])
		.where("inspected_on", ">=", `${year}-01-01`)
		.execute())
		for (const ref of JSON.parse(t.team_json) as string[]) loads.set(ref, (loads.get(ref) ?? 0) + 1);
	const ref = personRef;
	// Employers appear by a commitment under a salt kept with the batch: the team rule (one employer per
	// team) can be recomputed, but the lists do not name organisations.
	const employerSalt = randomBytes(16).toString("hex");
	const employerKey = (uscc: string | null) => (uscc ? objectCommitment(employerSalt, uscc) : null);
	// Banned people are not in the pool (禁入): the draw never sees them.
	const banned = (await bansInForce(db, spec.drawDate)).people;
	const inspectorRows = people.filter((p) => {
		const roles = JSON.parse(p.roles_json) as string[];
		return (roles.includes("inspector") || roles.includes("expert")) && !banned.has(Number(p.id));
	});
	const inspectors: PoolInspector[] = inspectorRows.map((p) => {
		const districts = JSON.parse(p.districts_json) as string[];
		return {
			id: ref(Number(p.id)),
			employer: employerKey(p.employer_uscc ?? null),
			home: districts[0] ?? null,
			districts,
			load: loads.get(ref(Number(p.id))) ?? 0,
		};
	});

	const conflicts: ConflictPair[] = [];
	const seen = new Set<string>();
	const pair = (personId: number, orgId: number) => {
		for (const object of keysOf.get(orgId) ?? []) {
			const k = `${personId}|${object}`;
			if (seen.has(k)) continue;
			seen.add(k);
			conflicts.push({ inspector: ref(personId), object });
		}
	};
	const inspectorIds = new Set(inspectorRows.map((p) => Number(p.id)));
	if (spec.rules.sameEmployer)
		for (const p of inspectorRows) if (p.employer_id !== null) pair(Number(p.id), Number(p.employer_id));
	if (spec.rules.declaredRelations)
		for (const r of await db.selectFrom("person_relations").select(["person_id", "org_id"]).execute())
			if (inspectorIds.has(Number(r.person_id))) pair(Number(r.person_id), Number(r.org_id));
	if (spec.rules.recentMonths > 0) {
		const since = monthsBefore(spec.drawDate, spec.rules.recentMonths);
		const byRef = new Map(inspectorRows.map((p) => [ref(Number(p.id)), Number(p.id)]));
		for (const t of await db
			.selectFrom("spot_tasks")
			.select(["org_id", "team_json"])
			.where("inspected_on", ">", since)
			.where("inspected_on", "<=", spec.drawDate)
			.execute())
			for (const r of JSON.parse(t.team_json) as string[]) {
				const pid = byRef.get(r);
				if (pid !== undefined) pair(pid, Number(t.org_id));
			}
	}
	conflicts.sort((a, b) =>
		a.inspector < b.inspector ? -1 : a.inspector > b.inspector ? 1 : a.object < b.object ? -1 : 1,
	);
	return { inputs: { objects, inspectors, conflicts } satisfies DrawInputs, openings, heldBy };
}

/**
 * Publishes a draft: the pools are taken from the register now, the manifest is made and logged, and
 * nothing about the batch can change afterwards.
 */
export async function publishBatch(
	db: Db,
	code: string,
	opts: { clock: Clock; actor: Actor },
): Promise<BatchRow> {
	const b = await findBatch(db, code);
	if (b.status !== "draft") throw published(code, b.published_at);
	const spec = JSON.parse(b.spec_json) as BatchSpec;
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today: chinaDate(now), source: "api", actor: opts.actor };
	await db.transaction().execute(async (trx) => {
		const { inputs, openings, heldBy } = await snapshot(trx, spec);
		const orgIds = new Map(Object.values(openings).map((o) => [o.uscc, o.orgId]));
		// An excluded organisation takes out its objects: itself, or every certificate it holds.
		const exclusions = spec.exclusions.flatMap((e) => {
			const orgId = orgIds.get(e.uscc);
			return (orgId === undefined ? [] : (heldBy.get(orgId) ?? [])).map((id) => ({ id, reason: e.reason }));
		});
		const manifest: Manifest = {
			format: MANIFEST_FORMAT,
			batch: spec.code,
			title: spec.title,
			drawDate: spec.drawDate,
			mode: spec.mode,
			scope: poolScope(spec),
			...bindInputs(inputs, nodeSha256),
			strata: spec.strata,
			exclusions,
			teamSize: spec.teamSize,
			rules: spec.rules,
			sources: spec.sources,
		};
		checkManifest(manifest);
		const manifestJson = canonicalJson(manifest as unknown as JsonValue);
		const sha = createHash("sha256").update(manifestJson).digest("hex");
		const idx = await logEvents(
			trx,
			[
				{
					type: "spotcheck.published",
					subject: { kind: "spot_batch", number: spec.code },
					facts: { manifestSha256: sha, pool: inputs.objects.length, drawDate: spec.drawDate },
					record: manifest,
				},
			],
			ctx,
		);
		await advance(
			trx,
			b.id,
			"draft",
			{
				status: "published",
				manifest_json: manifestJson,
				manifest_sha256: sha,
				inputs_json: JSON.stringify(inputs),
				openings_json: JSON.stringify(openings),
				published_at: ctx.now,
				log_idx: idx,
			},
			published(code, null),
		);
	});
	return findBatch(db, code);
}

/** Moves a batch on from `from`, or throws `raced` when another request moved it first. */
async function advance(
	trx: Db,
	id: number,
	from: string,
	patch: Partial<Omit<SpotBatchRow, "id">>,
	raced: ConflictError,
): Promise<void> {
	const r = await trx
		.updateTable("spot_batches")
		.set(patch)
		.where("id", "=", id)
		.where("status", "=", from)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) throw raced;
}

/** Makes the draw from the revealed sources: the transcript is stored and logged, tasks are created. */
export async function drawBatch(
	db: Db,
	code: string,
	sources: RevealedSource[],
	opts: { clock: Clock; actor: Actor },
): Promise<BatchRow> {
	const b = await findBatch(db, code, ["inputs_json", "openings_json"]);
	if (b.status !== "published")
		throw new ConflictError(
			b.status === "draft" ? "SPOTCHECK_NOT_PUBLISHED" : "SPOTCHECK_DRAWN",
			b.status === "draft"
				? `batch ${code}: publish the manifest before the draw`
				: `batch ${code} was drawn on ${b.drawn_at}; a draw is made once`,
			b.status === "draft"
				? `抽查批次 ${code}：须先公布名录与规则再抽取`
				: `抽查批次 ${code} 已于 ${b.drawn_at} 抽取，只能抽取一次`,
			"code",
		);
	const manifest = JSON.parse(b.manifest_json!) as Manifest;
	const inputs = JSON.parse(b.inputs_json!) as DrawInputs;
	let t: Transcript;
	try {
		t = makeDraw(manifest, inputs, sources, nodeSha256);
	} catch (e) {
		if (e instanceof DrawError || e instanceof KeyStringError)
			throw new InputError(
				"SPOTCHECK_SOURCES",
				`sources: ${e.message}`,
				`随机数来源有误：${e.message}`,
				"sources",
				e.code,
			);
		throw e;
	}
	if (t.manifestSha256 !== b.manifest_sha256)
		throw new Error(`batch ${code}: the stored manifest no longer hashes to its published hash`);
	const openings = JSON.parse(b.openings_json!) as Record<string, Opening>;
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today: chinaDate(now), source: "api", actor: opts.actor };
	const { inputs: _inputs, ...published } = t;
	const transcriptJson = JSON.stringify(t);
	const sha = createHash("sha256").update(transcriptJson).digest("hex");
	await db.transaction().execute(async (trx) => {
		const idx = await logEvents(
			trx,
			[
				{
					type: "spotcheck.drawn",
					subject: { kind: "spot_batch", number: code },
					facts: {
						manifestSha256: t.manifestSha256,
						selected: t.assignments.length,
						transcriptSha256: sha,
					},
					record: published,
				},
			],
			ctx,
		);
		await advance(
			trx,
			b.id,
			"published",
			{
				status: "drawn",
				transcript_json: transcriptJson,
				transcript_sha256: sha,
				draw_summary_json: JSON.stringify({
					sources: t.sources,
					strata: t.strata.map((s) => ({ name: s.name, eligible: s.eligible, count: s.count })),
				}),
				drawn_at: ctx.now,
				log_idx: idx,
			},
			new ConflictError(
				"SPOTCHECK_DRAWN",
				`batch ${code} was drawn meanwhile`,
				`抽查批次 ${code} 已被抽取`,
				"code",
			),
		);
		// One task per drawn object, written in batches (a city-wide draw makes tens of thousands).
		const columns = [
			"batch_id",
			"seq",
			"org_id",
			"certificate_id",
			"object_key",
			"salt",
			"team_json",
			"status",
		] as const;
		await bulkInsert(
			trx,
			"spot_tasks",
			columns,
			t.assignments.map((a, i) => {
				const o = openings[a.object]!;
				return {
					batch_id: b.id,
					seq: i + 1,
					org_id: o.orgId,
					certificate_id: o.certificateId ?? null,
					object_key: a.object,
					salt: o.salt,
					team_json: JSON.stringify(a.team),
					status: a.infeasible ? "unassigned" : "assigned",
				};
			}),
		);
	});
	return findBatch(db, code);
}

async function findTask(db: Db, code: string, seq: number) {
	const t = await db
		.selectFrom("spot_tasks as t")
		.innerJoin("spot_batches as b", "b.id", "t.batch_id")
		.innerJoin("organizations as o", "o.id", "t.org_id")
		.leftJoin("certificates as c", "c.id", "t.certificate_id")
		.selectAll("t")
		.select(["b.code as batch_code", "b.title as batch_title", "o.uscc", "o.name", "o.district", "c.number"])
		.where("b.code", "=", code)
		.where("t.seq", "=", seq)
		.executeTakeFirst();
	if (!t)
		throw new NotFoundError(
			"SPOTCHECK_TASK_NOT_FOUND",
			`batch ${code} has no task ${seq}`,
			`抽查批次 ${code} 没有第 ${seq} 项任务`,
			"seq",
		);
	return t;
}

/** Is the acting inspector on this team? */
function onTeam(actor: Actor, teamJson: string): boolean {
	return actor.personRef !== null && (JSON.parse(teamJson) as string[]).includes(actor.personRef);
}

/**
 * Records an inspection's result; the 20 working days to publish it start on the inspection day.
 * Regulators record any task's result; an inspector only a task of a team they are on.
 */
export async function recordResult(
	db: Db,
	code: string,
	seq: number,
	r: { result: string; findings: string; inspectedOn: string; rectifyBy?: string | null },
	opts: { clock: Clock; actor: Actor; workdays: Workdays },
): Promise<SpotTaskRow> {
	const t = await findTask(db, code, seq);
	if (!mayAttempt(opts.actor, "spotcheck.manage") && !onTeam(opts.actor, t.team_json))
		throw new ForbiddenError(
			"SPOTCHECK_NOT_ON_TEAM",
			`you are not on the team of task ${code}#${seq}`,
			`您不是任务 ${code}#${seq} 的检查组成员`,
		);
	if (t.status === "published")
		throw new ConflictError(
			"SPOTCHECK_RESULT_PUBLISHED",
			"the result is published and cannot change",
			"结果已公示，不能修改",
			"result",
		);
	if (t.status === "unassigned")
		throw new ConflictError(
			"SPOTCHECK_UNASSIGNED",
			"no valid team could be drawn for this task; it has no result to record",
			"该任务未能抽取符合回避规则的检查组，无法录入结果",
			"seq",
		);
	if (!(RESULTS as readonly string[]).includes(r.result))
		throw invalid("result", `one of ${RESULTS.join(", ")}`, "须为合格、不合格、责令整改或无法检查", "ENUM");
	const findings = r.findings.normalize("NFC").trim();
	if (r.result !== "pass" && !findings)
		throw invalid("findings", "say what was found", "请填写检查发现的问题", "REQUIRED");
	const today = chinaDate(opts.clock.now());
	if (!/^\d{4}-\d{2}-\d{2}$/.test(r.inspectedOn) || r.inspectedOn > today)
		throw invalid("inspectedOn", "a date, not after today", "须为不晚于今天的日期", "DATE");
	const rectifyBy = r.result === "rectify" ? (r.rectifyBy ?? null) : null;
	if (r.result === "rectify" && (!rectifyBy || rectifyBy <= r.inspectedOn))
		throw invalid(
			"rectifyBy",
			"an order to rectify needs its deadline, after the inspection",
			"责令整改须写明整改期限，且晚于检查日期",
			"REQUIRED",
		);
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable("spot_tasks")
			.set({
				status: "done",
				result: r.result,
				findings,
				inspected_on: r.inspectedOn,
				publish_by: opts.workdays.add(r.inspectedOn, PUBLISH_WITHIN_WORKDAYS),
				rectify_by: rectifyBy,
			})
			.where("id", "=", t.id)
			.execute();
		await audit(trx, opts.actor, now, [
			{
				action: "spotcheck.result",
				outcome: "ok",
				target: { type: "spot_task", key: `${code}#${seq}` },
				subjectOrgId: Number(t.org_id),
				detail: { result: r.result },
			},
		]);
	});
	return (await db
		.selectFrom("spot_tasks")
		.selectAll()
		.where("id", "=", t.id)
		.executeTakeFirstOrThrow()) as SpotTaskRow;
}

/** Publishes a recorded result (一公开): a log entry naming the organisation and the result. */
export async function publishResult(
	db: Db,
	code: string,
	seq: number,
	opts: { clock: Clock; actor: Actor },
): Promise<void> {
	const t = await findTask(db, code, seq);
	if (t.status !== "done")
		throw new ConflictError(
			t.status === "published" ? "SPOTCHECK_RESULT_PUBLISHED" : "SPOTCHECK_NO_RESULT",
			t.status === "published" ? "the result is already published" : "record the result before publishing it",
			t.status === "published" ? "结果已公示" : "请先录入检查结果再公示",
			"seq",
		);
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today: chinaDate(now), source: "api", actor: opts.actor };
	await db.transaction().execute(async (trx) => {
		// A failed result raises a risk alert about what was inspected, in the same transaction (logged just
		// before the result's own entry).
		if (t.result === "fail")
			await alertForFailedSpotCheck(
				trx,
				{
					code,
					seq,
					batchTitle: t.batch_title,
					uscc: t.uscc,
					name: t.name,
					certificate: t.number,
					findings: t.findings,
				},
				ctx,
			);
		const idx = await logEvents(
			trx,
			[
				{
					type: "spotcheck.result",
					subject: { kind: "spot_task", number: `${code}#${seq}` },
					by: t.uscc,
					facts: { result: t.result, inspectedOn: t.inspected_on },
					record: publicTask(t),
					subjectOrgId: Number(t.org_id),
				},
			],
			ctx,
		);
		await trx
			.updateTable("spot_tasks")
			.set({ status: "published", published_at: ctx.now, log_idx: idx })
			.where("id", "=", t.id)
			.execute();
		// The published result enters the inspected organisation's integrity file (诚信档案).
		const text = RESULT_TEXT[t.result as SpotResult];
		await addCreditEvent(
			trx,
			{
				orgId: Number(t.org_id),
				kind: "spot_check",
				occurredOn: t.inspected_on!,
				sourceKey: `${code}#${seq}`,
				outcome: t.result,
				summary: `${t.batch_title}${t.number ? `（证书 ${t.number}）` : ""}：${text.zh}`,
				detail: {
					batch: code,
					seq,
					result: t.result,
					findings: t.findings,
					...(t.number ? { certificate: t.number } : {}),
					...(t.result === "rectify" ? { rectifyBy: t.rectify_by } : {}),
				},
				logIdx: idx,
			},
			ctx.now,
		);
		await regradeOrganizations(trx, [Number(t.org_id)], ctx.today);
	});
}

/**
 * Confirms that an ordered rectification was made (published results only): a log entry, so the public
 * record shows the follow-up beside the order.
 */
export async function confirmRectification(
	db: Db,
	code: string,
	seq: number,
	r: { on: string; note: string },
	opts: { clock: Clock; actor: Actor },
): Promise<void> {
	const t = await findTask(db, code, seq);
	if (t.result !== "rectify" || t.status !== "published")
		throw new ConflictError(
			"SPOTCHECK_NOT_RECTIFY",
			"only a published order to rectify is followed up",
			"只有已公示的责令整改结果需要确认整改",
			"seq",
		);
	if (t.rectified_on)
		throw new ConflictError(
			"SPOTCHECK_RECTIFIED",
			`the rectification was confirmed on ${t.rectified_on}`,
			`已于 ${t.rectified_on} 确认整改`,
			"on",
		);
	const note = r.note.normalize("NFC").trim();
	if (!note)
		throw invalid(
			"note",
			"say what was rectified and how it was checked",
			"请写明整改内容和核查方式",
			"REQUIRED",
		);
	const now = opts.clock.now();
	if (!/^\d{4}-\d{2}-\d{2}$/.test(r.on) || r.on < (t.inspected_on ?? "") || r.on > chinaDate(now))
		throw invalid("on", "a date between the inspection and today", "须为检查日期至今天之间的日期", "DATE");
	const ctx = { now: isoInstant(now), today: chinaDate(now), source: "api", actor: opts.actor };
	await db.transaction().execute(async (trx) => {
		const after = { ...t, rectified_on: r.on, rectification: note };
		const idx = await logEvents(
			trx,
			[
				{
					type: "spotcheck.rectified",
					subject: { kind: "spot_task", number: `${code}#${seq}` },
					by: t.uscc,
					facts: { rectifiedOn: r.on },
					record: publicTask(after),
					subjectOrgId: Number(t.org_id),
				},
			],
			ctx,
		);
		await trx
			.updateTable("spot_tasks")
			.set({ rectified_on: r.on, rectification: note, log_idx: idx })
			.where("id", "=", t.id)
			.execute();
		await amendCreditEvent(trx, "spot_check", `${code}#${seq}`, { rectifiedOn: r.on }, idx);
		await regradeOrganizations(trx, [Number(t.org_id)], ctx.today);
	});
}

/** A task as the public sees it once drawn: the object opened, the team, the result once published. */
export function publicTask(t: SpotTaskRow & { uscc: string; name: string; number: string | null }) {
	return {
		seq: t.seq,
		object: {
			key: t.object_key,
			salt: t.salt,
			uscc: t.uscc,
			name: t.name,
			...(t.number ? { certificate: t.number } : {}),
		},
		team: JSON.parse(t.team_json) as string[],
		status: t.status === "published" ? "published" : t.status === "unassigned" ? "unassigned" : "pending",
		result: t.status === "published" ? t.result : null,
		findings: t.status === "published" ? t.findings : null,
		inspectedOn: t.status === "published" ? t.inspected_on : null,
		publishedAt: t.published_at,
		...(t.status === "published" && t.result === "rectify"
			? { rectifyBy: t.rectify_by, rectifiedOn: t.rectified_on, rectification: t.rectification }
			: {}),
	};
}

/** A batch's tasks in order, with their organisations' codes and names and their certificates' numbers. */
async function tasksOf(db: Db, batchId: number) {
	return db
		.selectFrom("spot_tasks as t")
		.innerJoin("organizations as o", "o.id", "t.org_id")
		.leftJoin("certificates as c", "c.id", "t.certificate_id")
		.selectAll("t")
		.select(["o.uscc", "o.name", "c.number"])
		.where("t.batch_id", "=", batchId)
		.orderBy("t.seq")
		.execute();
}

/** One batch as the public sees it (a draft is not public). */
export async function publicBatch(db: Db, code: string) {
	const b = await findBatch(db, code);
	if (b.status === "draft")
		throw new NotFoundError(
			"SPOTCHECK_NOT_FOUND",
			`no spot-check batch ${code}`,
			`没有抽查批次 ${code}`,
			"code",
		);
	const tasks = await tasksOf(db, b.id);
	const drawn = b.draw_summary_json
		? (JSON.parse(b.draw_summary_json) as {
				sources: Transcript["sources"];
				strata: { name: string; eligible: number; count: number }[];
			})
		: null;
	return {
		code: b.code,
		title: b.title,
		status: b.status,
		drawDate: b.draw_date,
		publishedAt: b.published_at,
		drawnAt: b.drawn_at,
		manifest: JSON.parse(b.manifest_json!) as Manifest,
		manifestSha256: b.manifest_sha256!,
		transcriptSha256: b.transcript_sha256,
		sources: drawn?.sources ?? null,
		strata: drawn?.strata ?? null,
		tasks: tasks.map(publicTask),
		logIndex: b.log_idx === null ? null : Number(b.log_idx),
	};
}

export async function batchFile(db: Db, code: string, what: "transcript" | "inputs"): Promise<string> {
	let text: string | null;
	if (what === "transcript") text = (await findBatch(db, code, ["transcript_json"])).transcript_json;
	else {
		const b = await findBatch(db, code, ["inputs_json"]);
		text = b.status === "draft" ? null : b.inputs_json;
	}
	if (!text)
		throw new NotFoundError(
			"SPOTCHECK_NOT_FOUND",
			what === "transcript" ? `batch ${code} has not been drawn` : `no spot-check batch ${code}`,
			what === "transcript" ? `抽查批次 ${code} 尚未抽取` : `没有抽查批次 ${code}`,
			"code",
		);
	return text;
}

/** A batch as lists and write answers show it. */
export function batchSummary(
	b: Pick<SpotBatchRow, "plan_id" | "code" | "title" | "status" | "draw_date" | "published_at" | "drawn_at">,
) {
	return {
		planId: b.plan_id === null ? null : Number(b.plan_id),
		code: b.code,
		title: b.title,
		status: b.status,
		drawDate: b.draw_date,
		publishedAt: b.published_at,
		drawnAt: b.drawn_at,
	};
}

/** Published batches (with drafts, for regulators), newest first. */
export async function listBatches(db: Db, withDrafts = false) {
	let q = db
		.selectFrom("spot_batches")
		.select(["plan_id", "code", "title", "status", "draw_date", "published_at", "drawn_at"])
		.orderBy("id", "desc")
		.limit(200);
	if (!withDrafts) q = q.where("status", "!=", "draft");
	return (await q.execute()).map(batchSummary);
}

/** Tasks with their batch's code and their organisation, for the overdue lists. */
function lateTasks(db: Db) {
	return db
		.selectFrom("spot_tasks as t")
		.innerJoin("spot_batches as b", "b.id", "t.batch_id")
		.innerJoin("organizations as o", "o.id", "t.org_id")
		.select([
			"b.code",
			"t.seq",
			"o.uscc",
			"o.name",
			"t.result",
			"t.inspected_on",
			"t.publish_by",
			"t.rectify_by",
		])
		.limit(500);
}

/** Orders to rectify past their deadline with no rectification confirmed. */
export async function overdueRectifications(db: Db, today: string) {
	const rows = await lateTasks(db)
		.where("t.result", "=", "rectify")
		.where("t.rectified_on", "is", null)
		.where("t.rectify_by", "<", today)
		.orderBy("t.rectify_by")
		.execute();
	return rows.map((r) => ({
		batch: r.code,
		seq: r.seq,
		org: { uscc: r.uscc, name: r.name },
		inspectedOn: r.inspected_on,
		rectifyBy: r.rectify_by,
	}));
}

/** Results recorded but not published whose last day has passed. */
export async function overdueTasks(db: Db, today: string) {
	const rows = await lateTasks(db)
		.where("t.status", "=", "done")
		.where("t.publish_by", "<", today)
		.orderBy("t.publish_by")
		.execute();
	return rows.map((r) => ({
		batch: r.code,
		seq: r.seq,
		org: { uscc: r.uscc, name: r.name },
		result: r.result,
		inspectedOn: r.inspected_on,
		publishBy: r.publish_by,
	}));
}

/** One batch as its regulators work on it: the draft's settings, every task with its result and deadline. */
export async function managedBatch(db: Db, code: string, today: string) {
	const b = await findBatch(db, code);
	const tasks = await tasksOf(db, b.id);
	return {
		code: b.code,
		title: b.title,
		status: b.status,
		drawDate: b.draw_date,
		spec: JSON.parse(b.spec_json) as BatchSpec,
		manifestSha256: b.manifest_sha256,
		publishedAt: b.published_at,
		drawnAt: b.drawn_at,
		createdBy: b.created_by,
		tasks: tasks.map((t) => ({
			seq: t.seq,
			org: { uscc: t.uscc, name: t.name },
			certificate: t.number,
			team: JSON.parse(t.team_json) as string[],
			status: t.status,
			result: t.result,
			findings: t.findings,
			inspectedOn: t.inspected_on,
			publishBy: t.publish_by,
			overdue: t.status === "done" && t.publish_by !== null && t.publish_by < today,
			rectifyBy: t.rectify_by,
			rectifiedOn: t.rectified_on,
		})),
	};
}

/**
 * An inspector's own tasks (the teams their person was drawn into), open ones first: what to inspect,
 * where, with whom, and by when the result must be published.
 */
export async function inspectorTasks(db: Db, actor: Actor, today: string) {
	if (!actor.personRef) return [];
	const rows = await db
		.selectFrom("spot_tasks as t")
		.innerJoin("spot_batches as b", "b.id", "t.batch_id")
		.innerJoin("organizations as o", "o.id", "t.org_id")
		.leftJoin("certificates as c", "c.id", "t.certificate_id")
		.select([
			"b.code",
			"b.title",
			"b.draw_date",
			"t.seq",
			"t.team_json",
			"t.status",
			"t.result",
			"t.findings",
			"t.inspected_on",
			"t.publish_by",
			"t.rectify_by",
			"o.uscc",
			"o.name",
			"o.district",
			"o.address",
			"c.number",
		])
		// The team is a JSON array of references; a reference in quotes matches one member exactly.
		.where("t.team_json", "like", `%"${actor.personRef}"%`)
		.orderBy("b.draw_date", "desc")
		.orderBy("t.seq")
		.limit(1000)
		.execute();
	const open = (s: string) => (s === "assigned" ? 0 : s === "done" ? 1 : 2);
	return rows
		.map((r) => ({
			batch: { code: r.code, title: r.title, drawDate: r.draw_date },
			seq: r.seq,
			org: { uscc: r.uscc, name: r.name, district: r.district, address: r.address },
			certificate: r.number,
			team: JSON.parse(r.team_json) as string[],
			status: r.status,
			result: r.result,
			findings: r.findings,
			inspectedOn: r.inspected_on,
			publishBy: r.publish_by,
			rectifyBy: r.rectify_by,
			overdue: r.status === "done" && r.publish_by !== null && r.publish_by < today,
		}))
		.sort((a, b) => open(a.status) - open(b.status));
}
