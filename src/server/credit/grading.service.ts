/**
 * Credit-risk grades in the register: the inputs each organisation's grade is made from (its field, its
 * integrity-file events, certificates withdrawn from it, reports it had revoked, fraud signals escalated
 * about it, its last inspection), the full regrade (nightly, and when a model takes effect), the
 * incremental regrade of one organisation after an event, and the grading model's versions: a draft is
 * compared with the model in force ("what would change") before it is activated, and its activation is
 * a log entry. The grading itself is src/core/credit/grading.ts.
 */
import { sql } from "kysely";
import {
	type Contribution,
	CREDIT_GRADES,
	type CreditGrade,
	DEFAULT_MODEL,
	fieldRiskOf,
	type GradeEvent,
	type GradeInputs,
	type GradeResult,
	type GradingModel,
	makeGrader,
	modelProblem,
} from "../../core/credit/grading.ts";
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { audit } from "../audit/audit.service.ts";
import type { Actor } from "../auth/policy.ts";
import { bulkInsert } from "../db/bulk.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, InputError, NotFoundError } from "../errors.ts";
import { logEvents } from "../log/journal.service.ts";

/** Kinds of organisation that are graded (regulators are not). */
const GRADED_KINDS = ["cb", "lab", "enterprise"] as const;

/** The model in force: the active stored version, or the initial model when none was ever activated. */
export async function activeModel(db: Db): Promise<GradingModel> {
	const row = await db
		.selectFrom("credit_models")
		.select("config_json")
		.where("status", "=", "active")
		.executeTakeFirst();
	return row ? (JSON.parse(row.config_json) as GradingModel) : DEFAULT_MODEL;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
	const a = m.get(k);
	if (a) a.push(v);
	else m.set(k, [v]);
}

/**
 * What the model reads about each organisation (all graded ones, or the ones named), as of a day. Each
 * source is one query over the whole register, grouped in memory: a full regrade reads each table once.
 */
export async function gradeInputs(
	db: Db,
	model: GradingModel,
	orgIds?: readonly number[],
): Promise<Map<number, GradeInputs>> {
	const only = orgIds?.length ? orgIds : null;
	let orgQ = db.selectFrom("organizations").select(["id"]).where("kind", "in", GRADED_KINDS);
	if (only) orgQ = orgQ.where("id", "in", only);
	const orgs = await orgQ.execute();

	const schemes = new Map<number, string[]>();
	let certQ = db
		.selectFrom("certificates")
		.select(["holder_id", "scheme"])
		.distinct()
		.where("status", "=", "valid")
		.where("scheme", "in", [...model.field.highSchemes, ...model.field.mediumSchemes]);
	if (only) certQ = certQ.where("holder_id", "in", only);
	for (const r of await certQ.execute()) push(schemes, Number(r.holder_id), r.scheme);
	let apprQ = db
		.selectFrom("qualifications")
		.select(["org_id", "scope_json"])
		.where("type", "=", "cb_approval")
		.where("status", "=", "valid");
	if (only) apprQ = apprQ.where("org_id", "in", only);
	for (const r of await apprQ.execute())
		for (const s of JSON.parse(r.scope_json) as string[]) push(schemes, Number(r.org_id), s);
	const fields = new Map<number, string[]>();
	let capQ = db
		.selectFrom("capabilities")
		.select(["org_id", "field"])
		.distinct()
		.where("status", "=", "active")
		.where("field", "in", [...model.field.highLabFields, ...model.field.mediumLabFields]);
	if (only) capQ = capQ.where("org_id", "in", only);
	for (const r of await capQ.execute()) push(fields, Number(r.org_id), r.field);

	const events = new Map<number, GradeEvent[]>();
	let evQ = db
		.selectFrom("credit_events")
		.select(["org_id", "kind", "occurred_on", "outcome", "source_key", "detail_json"])
		.where("status", "=", "active")
		.where("org_id", "is not", null);
	if (only) evQ = evQ.where("org_id", "in", only);
	for (const e of await evQ.execute())
		push(events, Number(e.org_id), {
			kind: e.kind,
			on: e.occurred_on,
			outcome: e.outcome,
			rectified: e.outcome === "rectify" && "rectifiedOn" in (JSON.parse(e.detail_json) as object),
			ref: e.source_key,
		});
	// Certificates withdrawn (撤销) count against their holder; reports revoked against their lab.
	let wdQ = db
		.selectFrom("status_history as h")
		.innerJoin("certificates as c", "c.id", "h.subject_id")
		.select(["c.holder_id", "c.number", "h.effective_date"])
		.where("h.subject_type", "=", "certificate")
		.where("h.to_status", "=", "withdrawn");
	if (only) wdQ = wdQ.where("c.holder_id", "in", only);
	for (const r of await wdQ.execute())
		push(events, Number(r.holder_id), { kind: "certificate_withdrawn", on: r.effective_date, ref: r.number });
	let rvQ = db
		.selectFrom("reports")
		.select(["lab_id", "number", "status_since"])
		.where("status", "=", "revoked");
	if (only) rvQ = rvQ.where("lab_id", "in", only);
	for (const r of await rvQ.execute())
		push(events, Number(r.lab_id), { kind: "report_revoked", on: r.status_since, ref: r.number });
	let flQ = db
		.selectFrom("flags")
		.select(["org_id", "kind", "subject_key", "decided_at"])
		.where("status", "=", "escalated");
	if (only) flQ = flQ.where("org_id", "in", only);
	for (const r of await flQ.execute())
		push(events, Number(r.org_id), {
			kind: "fraud_signal",
			on: (r.decided_at ?? "").slice(0, 10),
			ref: `${r.kind} ${r.subject_key}`,
		});

	const inspected = new Map<number, string>();
	let spQ = db
		.selectFrom("spot_tasks")
		.select(["org_id", sql<string>`max(inspected_on)`.as("last")])
		.where("inspected_on", "is not", null)
		.groupBy("org_id");
	if (only) spQ = spQ.where("org_id", "in", only);
	for (const r of await spQ.execute()) inspected.set(Number(r.org_id), r.last);

	const out = new Map<number, GradeInputs>();
	const none: never[] = [];
	const low = { risk: "low" as const, basis: none };
	for (const o of orgs) {
		const id = Number(o.id);
		const s = schemes.get(id);
		const f = fields.get(id);
		const field = s || f ? fieldRiskOf(s ?? none, f ?? none, model) : low;
		out.set(id, {
			fieldRisk: field.risk,
			fieldBasis: field.basis,
			lastInspectedOn: inspected.get(id) ?? null,
			events: events.get(id) ?? none,
		});
	}
	return out;
}

/** The stored form of an explanation: [[factor, points, basis], …] and the floor (names from the model). */
type StoredExplanation = { c: [string, number, string[]][]; f: GradeResult["floor"] };

const explanations = new WeakMap<GradeResult, string>();

/** The stored explanation of a result (results shared between organisations are serialised once). */
function storedExplanation(r: GradeResult): string {
	const known = explanations.get(r);
	if (known !== undefined) return known;
	const text = JSON.stringify({
		c: r.contributions.map((c) => [c.factor, c.points, c.basis]),
		f: r.floor,
	} satisfies StoredExplanation);
	explanations.set(r, text);
	return text;
}

export interface RegradeSummary {
	model: string;
	asOf: string;
	graded: number;
	changed: number;
	byGrade: Record<CreditGrade, number>;
}

/**
 * Writes the grades that differ from the stored ones (a nightly run rewrites only what moved), keeping
 * each one's last change day, and sets the grade the spot-check strata read.
 */
async function writeGrades(
	trx: Db,
	model: GradingModel,
	asOf: string,
	results: Map<number, GradeResult>,
	all: boolean,
): Promise<RegradeSummary> {
	const ids = [...results.keys()];
	const before = new Map<
		number,
		{ grade: string; version: string; explanation: string; changed_on: string }
	>();
	const prior = trx
		.selectFrom("credit_grades")
		.select(["org_id", "grade", "model_version", "explanation_json", "changed_on"]);
	for (const r of await (all ? prior : prior.where("org_id", "in", ids)).execute())
		before.set(Number(r.org_id), {
			grade: r.grade,
			version: r.model_version,
			explanation: r.explanation_json,
			changed_on: r.changed_on,
		});
	const byGrade: Record<CreditGrade, number> = { A: 0, B: 0, C: 0, D: 0 };
	type Row = {
		org_id: number;
		model_version: string;
		grade: string;
		score: number;
		explanation_json: string;
		graded_on: string;
		changed_on: string;
	};
	const fresh: Row[] = [];
	const kept: Row[] = [];
	/** Organisations whose grade moved, by their new grade. */
	const moved = new Map<CreditGrade, number[]>();
	for (const id of ids) {
		const r = results.get(id)!;
		const was = before.get(id);
		byGrade[r.grade]++;
		const move = !was || was.grade !== r.grade;
		if (move) {
			const m = moved.get(r.grade);
			if (m) m.push(id);
			else moved.set(r.grade, [id]);
		}
		const explanation = storedExplanation(r);
		const row = {
			org_id: id,
			model_version: model.version,
			grade: r.grade,
			score: r.score,
			explanation_json: explanation,
			graded_on: asOf,
			changed_on: move || !was ? asOf : was.changed_on,
		};
		if (was && !move && was.version === model.version && was.explanation === explanation) kept.push(row);
		else fresh.push(row);
	}
	// When most rows change (a new model, the first run) the table is rewritten whole; otherwise only the
	// rows that changed are replaced.
	const whole = all && fresh.length > ids.length / 2;
	if (whole) await trx.deleteFrom("credit_grades").execute();
	else {
		const rewritten = fresh.filter((r) => before.has(r.org_id)).map((r) => r.org_id);
		for (let i = 0; i < rewritten.length; i += 1000)
			await trx
				.deleteFrom("credit_grades")
				.where("org_id", "in", rewritten.slice(i, i + 1000))
				.execute();
	}
	await bulkInsert(
		trx,
		"credit_grades",
		["org_id", "model_version", "grade", "score", "explanation_json", "graded_on", "changed_on"],
		whole ? [...fresh, ...kept] : fresh,
	);
	// The strata read organizations.credit_grade: set where the grade moved, a statement per grade and chunk.
	let changed = 0;
	for (const [grade, list] of moved) {
		changed += list.length;
		for (let i = 0; i < list.length; i += 5000)
			await trx
				.updateTable("organizations")
				.set({ credit_grade: grade })
				.where("id", "in", list.slice(i, i + 5000))
				.execute();
	}
	return { model: model.version, asOf, graded: ids.length, changed, byGrade };
}

/** Regrades every organisation under the model in force (or the one given), as of today. */
export async function regradeAll(
	db: Db,
	opts: { clock: Clock; model?: GradingModel },
): Promise<RegradeSummary> {
	const model = opts.model ?? (await activeModel(db));
	const asOf = chinaDate(opts.clock.now());
	return db.transaction().execute(async (trx) => {
		const inputs = await gradeInputs(trx, model);
		const grade = makeGrader(model, asOf);
		const results = new Map<number, GradeResult>();
		for (const [id, i] of inputs) results.set(id, grade(i));
		return writeGrades(trx, model, asOf, results, true);
	});
}

/** Regrades the organisations named, inside the caller's transaction (after an event about them). */
export async function regradeOrganizations(trx: Db, orgIds: readonly number[], asOf: string): Promise<void> {
	if (!orgIds.length) return;
	const model = await activeModel(trx);
	const inputs = await gradeInputs(trx, model, orgIds);
	const grade = makeGrader(model, asOf);
	const results = new Map<number, GradeResult>();
	for (const [id, i] of inputs) results.set(id, grade(i));
	await writeGrades(trx, model, asOf, results, false);
}

/** An organisation's grade with its explanation, each factor named: what a regulator reads. */
export async function gradeExplanation(db: Db, orgId: number) {
	const g = await db.selectFrom("credit_grades").selectAll().where("org_id", "=", orgId).executeTakeFirst();
	if (!g) return null;
	const stored = await db
		.selectFrom("credit_models")
		.select("config_json")
		.where("version", "=", g.model_version)
		.executeTakeFirst();
	const model = stored ? (JSON.parse(stored.config_json) as GradingModel) : DEFAULT_MODEL;
	const names = new Map<string, { zh: string; en: string }>([
		["field", { zh: "领域风险", en: "field risk" }],
		["inspection", { zh: "距上次检查时间", en: "time since the last inspection" }],
		...model.events.map((r) => [r.id, { zh: r.zh, en: r.en }] as [string, { zh: string; en: string }]),
	]);
	const e = JSON.parse(g.explanation_json) as StoredExplanation;
	const contributions: Contribution[] = e.c.map(([factor, points, basis]) => ({
		factor,
		...(names.get(factor) ?? { zh: factor, en: factor }),
		points,
		basis,
	}));
	return {
		grade: g.grade as CreditGrade,
		score: g.score,
		model: g.model_version,
		thresholds: model.thresholds,
		gradedOn: g.graded_on,
		changedOn: g.changed_on,
		contributions,
		floor: e.f,
	};
}

// ——— Model versions ———

function modelInvalid(problem: string): InputError {
	const field = problem.split(":")[0]!;
	return new InputError(
		"CREDIT_MODEL_INVALID",
		`model.${problem}`,
		`评分模型有误：${problem}`,
		field,
		"MODEL",
	);
}

/** Stores a draft model (a new version); checked, never in force until activated. */
export async function draftModel(db: Db, model: GradingModel, opts: { clock: Clock; actor: Actor }) {
	const problem = modelProblem(model);
	if (problem) throw modelInvalid(problem);
	if (model.version === DEFAULT_MODEL.version || (await findModel(db, model.version).catch(() => null)))
		throw new ConflictError(
			"CREDIT_MODEL_EXISTS",
			`model version ${model.version} exists; a model is never changed, give the new one a new version`,
			`评分模型 ${model.version} 已存在；模型不可修改，请使用新的版本号`,
			"version",
		);
	const now = isoInstant(opts.clock.now());
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto("credit_models")
			.values({
				version: model.version,
				config_json: JSON.stringify(model),
				status: "draft",
				created_by: opts.actor.label,
				created_at: now,
				activated_at: null,
				log_idx: null,
			})
			.execute();
		await audit(trx, opts.actor, now, [
			{ action: "credit.model.draft", outcome: "ok", target: { type: "credit_model", key: model.version } },
		]);
	});
	return listModels(db);
}

async function findModel(db: Db, version: string) {
	const row = await db
		.selectFrom("credit_models")
		.selectAll()
		.where("version", "=", version)
		.executeTakeFirst();
	if (!row)
		throw new NotFoundError(
			"CREDIT_MODEL_NOT_FOUND",
			`no grading model ${version}`,
			`没有评分模型 ${version}`,
			"version",
		);
	return row;
}

/** Every version, the one in force marked; the initial model when none was ever activated. */
export async function listModels(db: Db) {
	const rows = await db.selectFrom("credit_models").selectAll().orderBy("created_at", "desc").execute();
	const anyActive = rows.some((r) => r.status === "active");
	return {
		items: [
			...rows.map((r) => ({
				version: r.version,
				status: r.status,
				note: (JSON.parse(r.config_json) as GradingModel).note,
				createdBy: r.created_by,
				createdAt: r.created_at,
				activatedAt: r.activated_at,
				logIndex: r.log_idx === null ? null : Number(r.log_idx),
				model: JSON.parse(r.config_json) as GradingModel,
			})),
			...(rows.some((r) => r.version === DEFAULT_MODEL.version)
				? []
				: [
						{
							version: DEFAULT_MODEL.version,
							status: anyActive ? "retired" : "active",
							note: DEFAULT_MODEL.note,
							createdBy: "system",
							createdAt: null,
							activatedAt: null,
							logIndex: null,
							model: DEFAULT_MODEL,
						},
					]),
		],
	};
}

/**
 * What would change if a draft took effect today: how many organisations move from each grade to each
 * other, and the first of them with both grades and scores. Nothing is written.
 */
export async function compareModel(db: Db, version: string, clock: Clock) {
	const draft = JSON.parse((await findModel(db, version)).config_json) as GradingModel;
	const current = await activeModel(db);
	const asOf = chinaDate(clock.now());
	const inputs = await gradeInputs(db, draft);
	// The current model may read other fields and schemes; its inputs are read under its own settings.
	const currentInputs =
		JSON.stringify(current.field) === JSON.stringify(draft.field) ? inputs : await gradeInputs(db, current);
	const moves: Record<string, number> = {};
	const examples: { orgId: number; from: string; to: string; fromScore: number; toScore: number }[] = [];
	let changed = 0;
	const gradeNow = makeGrader(current, asOf);
	const gradeDraft = makeGrader(draft, asOf);
	for (const [id, i] of inputs) {
		const a = gradeNow(currentInputs.get(id) ?? i);
		const b = gradeDraft(i);
		const key = `${a.grade}→${b.grade}`;
		moves[key] = (moves[key] ?? 0) + 1;
		if (a.grade !== b.grade) {
			changed++;
			if (examples.length < 50)
				examples.push({ orgId: id, from: a.grade, to: b.grade, fromScore: a.score, toScore: b.score });
		}
	}
	const named = examples.length
		? await db
				.selectFrom("organizations")
				.select(["id", "uscc", "name"])
				.where(
					"id",
					"in",
					examples.map((e) => e.orgId),
				)
				.execute()
		: [];
	const byId = new Map(named.map((o) => [Number(o.id), o]));
	return {
		from: current.version,
		to: draft.version,
		asOf,
		organizations: inputs.size,
		changed,
		moves: CREDIT_GRADES.flatMap((a) =>
			CREDIT_GRADES.map((b) => ({ from: a, to: b, count: moves[`${a}→${b}`] ?? 0 })),
		),
		examples: examples.map((e) => ({
			uscc: byId.get(e.orgId)?.uscc ?? "",
			name: byId.get(e.orgId)?.name ?? "",
			from: e.from,
			to: e.to,
			fromScore: e.fromScore,
			toScore: e.toScore,
		})),
	};
}

/** Puts a draft in force: a log entry with the whole model, the previous one retired, every grade redone. */
export async function activateModel(db: Db, version: string, opts: { clock: Clock; actor: Actor }) {
	const row = await findModel(db, version);
	if (row.status !== "draft")
		throw new ConflictError(
			"CREDIT_MODEL_NOT_DRAFT",
			`model ${version} is ${row.status}; only a draft takes effect`,
			`评分模型 ${version} 不是草稿，不能启用`,
			"version",
		);
	const model = JSON.parse(row.config_json) as GradingModel;
	const now = opts.clock.now();
	const ctx = { now: isoInstant(now), today: chinaDate(now), source: "api", actor: opts.actor };
	const previous = (await activeModel(db)).version;
	await db.transaction().execute(async (trx) => {
		const idx = await logEvents(
			trx,
			[
				{
					type: "credit.model",
					subject: { kind: "credit_model", number: version },
					facts: { previous, effectiveOn: ctx.today },
					record: model,
				},
			],
			ctx,
		);
		await trx
			.updateTable("credit_models")
			.set({ status: "retired" })
			.where("status", "=", "active")
			.execute();
		const done = await trx
			.updateTable("credit_models")
			.set({ status: "active", activated_at: ctx.now, log_idx: idx })
			.where("version", "=", version)
			.where("status", "=", "draft")
			.executeTakeFirst();
		if (Number(done.numUpdatedRows) !== 1)
			throw new ConflictError(
				"CREDIT_MODEL_NOT_DRAFT",
				`model ${version} was activated meanwhile`,
				`评分模型 ${version} 已被启用`,
				"version",
			);
	});
	return regradeAll(db, { clock: opts.clock, model });
}
