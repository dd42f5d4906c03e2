/**
 * Qualification approvals at 50,000 applications (资质认定网上审批): p50/p95 of the officers' queue (the
 * first page, as an officer of one district and as an administrator, with and without `overdue=true`)
 * and of the deadline dashboard (GET /api/v1/applications/sla), through the service functions the
 * routes call. Goal: p95 ≤ 100 ms for both. Baseline, in the same run: reading one application by its
 * number. SQLite always; PostgreSQL when BENCH_PG_URL names an empty database.
 *
 * The applications are written straight into the database: a few hundred documents are driven through
 * the core's own transitions (every step of both paths, started on days spread over a year) and copied
 * with their own number, lab and accepting officer, the stored columns computed as the service computes
 * them at each transition.
 */
import {
	type Action,
	type Application,
	applyTransition,
	type Actor as CoreActor,
	DEFAULT_APPROVAL_CONFIG,
	isFinished,
	newApplication,
	planMaterials,
	progressOf,
	type Transition,
} from "../src/core/approval/index.ts";
import { fixedClock } from "../src/core/dates.ts";
import { completeUscc } from "../src/core/uscc.ts";
import { Workdays } from "../src/core/workdays.ts";
import * as repo from "../src/server/approvals/approvals.repository.ts";
import {
	type ApprovalOptions,
	decisionFigures,
	listApplications,
	slaDashboard,
} from "../src/server/approvals/approvals.service.ts";
import type { Actor } from "../src/server/auth/policy.ts";
import type { Db } from "../src/server/db/database.ts";
import { openDatabase } from "../src/server/db/database.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { freshSqlite, percentile, report, time } from "./common.ts";

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 50_000);
const LABS = 2_000;
const RUNS = 100;
const AS_OF = "2026-12-01";
const DISTRICTS = [
	"310101",
	"310104",
	"310105",
	"310106",
	"310107",
	"310109",
	"310110",
	"310112",
	"310113",
	"310114",
	"310115",
	"310116",
	"310117",
	"310118",
	"310120",
	"310151",
];
const workdays = new Workdays();
const config = DEFAULT_APPROVAL_CONFIG;
const TEMPLATE_LAB = completeUscc("91310115MA1K4000");
const ROWS = [
	{ field: "建筑材料", product: "混凝土试块", parameter: "抗压强度", standard: "GB/T 50081-2019" },
	{ field: "建筑材料", product: "水泥", parameter: "胶砂强度", standard: "GB/T 17671-2021" },
	{ field: "纺织品", product: "服装", parameter: "甲醛含量", standard: "GB/T 2912.1-2009" },
];

const applicant: CoreActor = { role: "applicant", id: "APPLICANT", labUscc: TEMPLATE_LAB };
const officer: CoreActor = { role: "officer", id: "OFFICER" };
const reviewer: CoreActor = { role: "reviewer", id: "P00000001" };

type Step = [Transition | "submit", CoreActor, number];
const submit: Step = ["submit", applicant, 0];
const accept: Step = [{ action: "accept" }, officer, 2];
const review: Step[] = [
	submit,
	accept,
	[{ action: "start_review", team: ["P00000001"] }, officer, 3],
	[{ action: "start_assessment", mode: "onsite" }, reviewer, 5],
];
const concluded: Step[] = [...review, [{ action: "conclude_review", outcome: "pass" }, reviewer, 10]];
const decided: Step[] = [...concluded, [{ action: "decide", grant: true }, officer, 14]];

/** The scenarios, each with its share of the register (finished ones dominate, as in a real year). */
const SCENARIOS: { path: "general" | "commitment"; steps: Step[]; weight: number }[] = [
	{ path: "general", steps: [], weight: 2 },
	{ path: "general", steps: [submit], weight: 6 },
	{
		path: "general",
		steps: [submit, [{ action: "request_completion", items: ["site_proof"] }, officer, 1]],
		weight: 3,
	},
	{ path: "general", steps: [submit, [{ action: "withdraw" }, applicant, 1]], weight: 2 },
	{ path: "general", steps: [submit, [{ action: "not_accept", reason: "材料不全" }, officer, 3]], weight: 2 },
	{ path: "general", steps: [submit, accept], weight: 5 },
	{ path: "general", steps: review.slice(0, 3), weight: 5 },
	{ path: "general", steps: review, weight: 6 },
	{
		path: "general",
		steps: [
			...review,
			[{ action: "report_nonconformities", items: [{ id: "NC1", item: "4.4.2" }] }, reviewer, 8],
		],
		weight: 4,
	},
	{ path: "general", steps: concluded, weight: 4 },
	{ path: "general", steps: decided, weight: 3 },
	{
		path: "general",
		steps: [...decided, [{ action: "issue_certificate", certificateNumber: "260900000001" }, officer, 16]],
		weight: 30,
	},
	{
		path: "general",
		steps: [...concluded, [{ action: "decide", grant: false, reason: "评审不通过" }, officer, 12]],
		weight: 3,
	},
	{ path: "commitment", steps: [submit, [{ action: "accept" }, officer, 7]], weight: 4 },
	{
		path: "commitment",
		steps: [submit, accept, [{ action: "issue_certificate", certificateNumber: "260900000002" }, officer, 3]],
		weight: 21,
	},
];

interface Template {
	json: string;
	step: string;
	path: string;
	created_on: string;
	due_on: string | null;
	finished: number;
	accepted: boolean;
	decided_on: string | null;
	decided_on_time: number | null;
	statutory_used: number | null;
	weight: number;
}

/** Drives one scenario from a start day; undefined when it would end after the day measured. */
function template(s: (typeof SCENARIOS)[number], start: string): Template | undefined {
	let app: Application = newApplication({
		number: "ZR0000000000",
		labUscc: TEMPLATE_LAB,
		type: "initial",
		path: s.path,
		capabilities: ROWS,
		createdOn: start,
	});
	for (const [t, actor, offset] of s.steps) {
		const on = workdays.add(start, offset);
		if (on > AS_OF) return undefined;
		const transition: Transition =
			t === "submit"
				? {
						action: "submit",
						onFile: { registerHoldsOrganisation: true, documents: [] },
						attachments: planMaterials(app, { registerHoldsOrganisation: true, documents: [] }, on)
							.filter((m) => m.status === "needed")
							.map((m, i) => ({ code: m.code, sha256: (i + 1).toString(16).padStart(64, "0") })),
					}
				: t;
		app = applyTransition(app, transition, { actor, on, workdays, config });
	}
	const last = app.history.at(-1)?.on ?? start;
	const f = decisionFigures(app, { workdays, config });
	return {
		json: JSON.stringify(app),
		step: app.step,
		path: app.path,
		created_on: start,
		due_on: progressOf(app, { workdays, config, today: last }).current?.dueOn ?? null,
		finished: isFinished(app) ? 1 : 0,
		accepted: app.history.some((h) => h.action === ("accept" satisfies Action)),
		decided_on: f?.on ?? null,
		decided_on_time: f ? (f.onTime ? 1 : 0) : null,
		statutory_used: f?.used ?? null,
		weight: s.weight,
	};
}

function templates(): Template[] {
	const out: Template[] = [];
	for (let k = 0; k < 80; k++) {
		const start = workdays.add("2025-11-03", k * 3);
		for (const s of SCENARIOS) {
			const t = template(s, start);
			if (t) out.push(t);
		}
	}
	return out;
}

async function populate(db: Db): Promise<{ numbers: string[] }> {
	const labs: { id: number; uscc: string; district: string }[] = [];
	for (let from = 0; from < LABS; from += 500) {
		const rows = Array.from({ length: Math.min(500, LABS - from) }, (_, k) => {
			const i = from + k;
			return {
				uscc: completeUscc(`91310000MA${String(i).padStart(6, "0")}`),
				kind: "lab",
				name: `上海第${i}检验检测有限公司`,
				district: DISTRICTS[i % DISTRICTS.length]!,
				address: null,
				status: "active",
				created_at: "2025-01-01T00:00:00Z",
				updated_at: "2025-01-01T00:00:00Z",
			};
		});
		const ids = await db
			.insertInto("organizations")
			.values(rows)
			.returning(["id", "uscc", "district"])
			.execute();
		for (const r of ids) labs.push({ id: Number(r.id), uscc: r.uscc, district: r.district! });
	}
	const pool = templates();
	// Weighted round robin: each scenario's share, its start days in turn.
	const weighted = pool.flatMap((t) => Array.from({ length: t.weight }, () => t));
	const numbers: string[] = [];
	const batch = 500;
	for (let from = 0; from < APPLICATIONS; from += batch) {
		const rows = Array.from({ length: Math.min(batch, APPLICATIONS - from) }, (_, k) => {
			const i = from + k;
			const t = weighted[(i * 7919) % weighted.length]!;
			const lab = labs[(i * 104729) % labs.length]!;
			const number = `ZR2026${String(i + 1).padStart(6, "0")}`;
			const officerName = `officer-${lab.district}-${i % 3}`;
			numbers.push(number);
			return {
				number,
				lab_id: lab.id,
				district: lab.district,
				type: "initial",
				path: t.path,
				step: t.step,
				created_on: t.created_on,
				due_on: t.due_on,
				doc_json: t.json
					.replace('"ZR0000000000"', `"${number}"`)
					.replaceAll(TEMPLATE_LAB, lab.uscc)
					.replaceAll('"OFFICER"', `"${officerName}"`),
				created_at: `${t.created_on}T01:00:00Z`,
				updated_at: `${t.created_on}T01:00:00Z`,
				finished: t.finished,
				accepted_by: t.accepted ? officerName : null,
				decided_on: t.decided_on,
				decided_on_time: t.decided_on_time,
				statutory_used: t.statutory_used,
			};
		});
		await db.insertInto("applications").values(rows).execute();
	}
	return { numbers };
}

function actor(role: "regulator_officer" | "regulator_admin", districts: string[]): Actor {
	return {
		type: "account",
		id: "1",
		label: role === "regulator_admin" ? "bench-admin" : "bench-officer",
		role,
		orgId: null,
		orgUscc: null,
		districts,
		personRef: null,
		keyActions: null,
		via: null,
		ip: null,
		requestId: null,
	};
}

async function sample(fn: () => Promise<unknown>): Promise<number[]> {
	await fn();
	const ms: number[] = [];
	for (let k = 0; k < RUNS; k++) ms.push((await time(fn)).ms);
	return ms;
}

async function run(label: string, db: Db): Promise<void> {
	const fill = await time(() => populate(db));
	process.stdout.write(
		`  ${label}: generated ${APPLICATIONS.toLocaleString("en")} applications of ${LABS.toLocaleString("en")} labs in ${(fill.ms / 1000).toFixed(1)} s\n`,
	);
	const { numbers } = fill.value;
	const opts = (a: Actor): ApprovalOptions => ({
		clock: fixedClock(`${AS_OF}T04:00:00Z`),
		actor: a,
		workdays,
		config,
	});
	let k = 0;
	const one = await sample(() => repo.findByNumber(db, numbers[(k++ * 7919) % numbers.length]!));
	const base = (p: number) => percentile(one, p);
	const officerOpts = opts(actor("regulator_officer", ["310115"]));
	const adminOpts = opts(actor("regulator_admin", []));
	const cases: [string, () => Promise<unknown>][] = [
		["queue officer", () => listApplications(db, {}, officerOpts, 0, 20)],
		["queue officer overdue", () => listApplications(db, { overdue: true }, officerOpts, 0, 20)],
		["queue admin", () => listApplications(db, {}, adminOpts, 0, 20)],
		["queue admin overdue", () => listApplications(db, { overdue: true }, adminOpts, 0, 20)],
		["sla officer", () => slaDashboard(db, officerOpts)],
		["sla admin", () => slaDashboard(db, adminOpts)],
	];
	for (const [name, fn] of cases) {
		const ms = await sample(fn);
		for (const p of [50, 95])
			report(
				`approvals.${name} ${label} p${p}`,
				percentile(ms, p),
				"ms",
				base(p),
				"read one",
				"p95 ≤ 100 ms",
			);
	}
	const sla = (await slaDashboard(db, adminOpts)) as Awaited<ReturnType<typeof slaDashboard>>;
	const total = sla.byDistrict.reduce(
		(a, d) => ({ open: a.open + d.open, overdue: a.overdue + d.overdue, decided: a.decided + d.decided }),
		{ open: 0, overdue: 0, decided: 0 },
	);
	process.stdout.write(`    all districts: ${JSON.stringify(total)}\n`);
}

export async function benchApprovals(): Promise<void> {
	process.stdout.write("approvals: officers' queue and deadline dashboard\n");
	const h = await freshSqlite("approvals");
	try {
		await run("sqlite", h.db);
	} finally {
		await h.close();
	}
	const url = process.env.BENCH_PG_URL;
	if (!url) {
		process.stdout.write("  postgres: not run (set BENCH_PG_URL to an empty database)\n");
		return;
	}
	const pg = openDatabase({ kind: "postgres", url });
	try {
		await migrateToLatest(pg.db);
		await run("postgres", pg.db);
	} finally {
		await pg.close();
	}
}
