/**
 * Seeding: builds a register of a given scale through the import path (checks, writers, history, log),
 * then lets the expiry job run as of the same date.
 */

import { createHash } from "node:crypto";
import { DEFAULT_APPROVAL_CONFIG } from "../../core/approval/index.ts";
import { addDays, type Clock, daysBetween, fixedClock } from "../../core/dates.ts";
import { STANDARD_RULES } from "../../core/draw/manifest.ts";
import { personRef } from "../../core/records/person-ref.ts";
import { Workdays } from "../../core/workdays.ts";
import { demoAlerts } from "../alerts/alerts.demo.ts";
import { actOn, addFile, draftApplication, getApplication } from "../approvals/approvals.service.ts";
import { SYSTEM_ACTOR } from "../auth/policy.ts";
import { imposeBan, liftBan } from "../bans/bans.service.ts";
import { expireDue } from "../certificates/certificates.service.ts";
import {
	acceptComplaint,
	assignComplaint,
	type ComplaintInput,
	closeComplaint,
	fileComplaint,
	rejectComplaint,
	startInvestigation,
} from "../complaints/complaints.service.ts";
import { decideAppeal, fileAppeal } from "../credit/appeals.service.ts";
import { recordCreditEvent } from "../credit/credit.service.ts";
import { regradeAll, regradeOrganizations } from "../credit/grading.service.ts";
import type { Db } from "../db/database.ts";
import { indexAll, pendingRows } from "../db/search-index.ts";
import { findAccountByUsername } from "../identity/identity.repository.ts";
import { createAccount } from "../identity/identity.service.ts";
import {
	type ImportKind,
	type ImportSummary,
	importRecords,
	type RowError,
} from "../import/import.service.ts";
import type { SourceRecord } from "../import/sources.ts";
import { createWatchlist } from "../notifications/watchlists.service.ts";
import {
	createBatch,
	createPlan,
	drawBatch,
	publishBatch,
	publishResult,
	recordResult,
} from "../spotchecks/spotchecks.service.ts";
import { setWithheld } from "../withheld/withheld.service.ts";
import {
	capabilities,
	cb,
	certificateRecords,
	enterprise,
	type Gen,
	lab,
	organizations,
	people,
	qualifications,
	regulatorUscc,
	reports,
	SCALE_SPECS,
	type Scale,
	type ScaleSpec,
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
			actor: SYSTEM_ACTOR,
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
	// Grades from the register as seeded (fields, withdrawn certificates, revoked reports), as of the seed day.
	await regradeAll(db, { clock });
	if (scale === "demo") {
		await withholdDemoRecords(db, clock);
		await demoPenalties(db, clock, asOf);
		const inspector = await demoSpotCheck(db, clock, asOf);
		await createDemoAccounts(db, spec, clock, inspector);
		await demoComplaints(db, asOf);
		await demoApplications(db, spec, asOf, inspector);
		await demoBansAndAppeals(db, asOf);
		await demoAlerts(db, asOf);
		await demoWatchlist(db, spec, clock);
	}
	const expired = await expireDue(db, clock);
	const total = await pendingRows(db);
	const pending = Object.values(total).reduce((a, b) => a + b, 0);
	const indexed = await indexAll(db, (done) => onProgress?.({ step: "search index", done, total: pending }));
	return { scale, asOf, steps, expired, indexed, durationMs: Date.now() - started };
}

/**
 * The demo shows a certificate and a report withheld from public view, as a regulator would after a
 * court's order: what the public pages and verification say then, and what the console shows.
 */
async function withholdDemoRecords(db: Db, clock: Clock): Promise<void> {
	const cert = await db
		.selectFrom("certificates as c")
		.innerJoin("organizations as o", "o.id", "c.cb_id")
		.select(["c.number", "o.uscc"])
		.where("c.status", "=", "valid")
		.orderBy("c.id")
		.offset(99)
		.limit(1)
		.executeTakeFirst();
	const report = await db
		.selectFrom("reports as r")
		.innerJoin("organizations as o", "o.id", "r.lab_id")
		.select(["r.number", "o.uscc"])
		.orderBy("r.id")
		.offset(49)
		.limit(1)
		.executeTakeFirst();
	const reason = "演示：法院诉讼保全裁定，暂不公开";
	const opts = { clock, actor: SYSTEM_ACTOR };
	if (cert) await setWithheld(db, "certificate", cert.number, cert.uscc, { withheld: true, reason }, opts);
	if (report) await setWithheld(db, "report", report.number, report.uscc, { withheld: true, reason }, opts);
}

/**
 * The demo's spot-check batch: published, drawn from a (demo) beacon value, with three results recorded
 * and published, so the public page shows a draw anyone can recompute. Answers the person the demo
 * inspector account belongs to: the first member of the first team still to inspect.
 */
async function demoSpotCheck(db: Db, clock: Clock, asOf: string): Promise<string> {
	const code = `${asOf.slice(0, 4)}-SH-DEMO-01`;
	const opts = { clock, actor: SYSTEM_ACTOR };
	const planId = await createPlan(
		db,
		{
			year: Number(asOf.slice(0, 4)),
			title: `${asOf.slice(0, 4)}年度认证机构和检验检测机构双随机抽查计划（演示）`,
			scope: "本市登记的认证机构和检验检测机构；按信用风险分类确定抽查比例，D 类重点抽查",
			batchesPlanned: 4,
			timing: "每季度抽取一批，抽取前公布名录与规则",
		},
		opts,
	);
	await createBatch(
		db,
		{
			planId,
			code,
			title: `${asOf.slice(0, 4)}年认证机构和检验检测机构双随机抽查（演示批次）`,
			drawDate: asOf,
			mode: "modern",
			kinds: ["cb", "lab"],
			districts: [],
			strata: [
				{ name: "A", proportion: 0.03 },
				{ name: "B", proportion: 0.05 },
				{ name: "C", proportion: 0.2 },
				{ name: "D", proportion: 0.6 },
			],
			exclusions: [],
			teamSize: 2,
			rules: { ...STANDARD_RULES },
			sources: [
				{
					name: "drand quicknet",
					kind: "beacon",
					description: "演示：drand quicknet 公开随机数（演示数据中为固定值）",
				},
			],
		},
		opts,
	);
	await publishBatch(db, code, opts);
	await drawBatch(
		db,
		code,
		[{ name: "drand quicknet", value: "5e3b1f0c9a7d2e4f6b8c0a1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f" }],
		opts,
	);
	const results = [
		{ result: "pass", findings: "" },
		{ result: "rectify", findings: "部分检验报告未按规定使用资质认定标志，责令限期整改" },
		{ result: "pass", findings: "" },
	];
	const workdays = new Workdays();
	for (const [i, r] of results.entries()) {
		const rectifyBy = r.result === "rectify" ? addDays(asOf, 30) : null;
		await recordResult(db, code, i + 1, { ...r, inspectedOn: asOf, rectifyBy }, { ...opts, workdays });
		await publishResult(db, code, i + 1, opts);
	}
	const open = await db
		.selectFrom("spot_tasks")
		.select("team_json")
		.where("status", "=", "assigned")
		.orderBy("seq")
		.executeTakeFirstOrThrow();
	return (JSON.parse(open.team_json) as string[])[0]!;
}

/**
 * A few administrative penalties in the demo's integrity files (logged, each regrading its organisation),
 * so the demo shows grades C and D with their reasons.
 */
async function demoPenalties(db: Db, clock: Clock, asOf: string): Promise<void> {
	const pick = (kind: string, n: number) =>
		db
			.selectFrom("organizations")
			.select(["uscc", "district"])
			.where("kind", "=", kind)
			.orderBy("id")
			.limit(n)
			.offset(3)
			.execute();
	const cases = [
		...(await pick("enterprise", 10)).map((o) => ({
			o,
			summary:
				"生产、销售列入强制性产品认证目录但未经认证的产品，违反《强制性产品认证管理规定》第二条，责令改正，没收违法所得，罚款人民币五万元",
		})),
		...(await pick("lab", 3)).map((o) => ({
			o,
			summary:
				"出具不实检验检测报告，违反《检验检测机构监督管理办法》第十三条，责令限期改正，罚款人民币三万元",
		})),
		...(await pick("cb", 1)).map((o) => ({
			o,
			summary:
				"未按认证规则对获证组织实施监督审核即保持证书，违反《认证机构管理办法》第二十六条，警告并罚款人民币三万元",
		})),
	];
	for (const [k, c] of cases.entries()) {
		// Spread over the last 16 months; a few organisations get two decisions.
		const times = k % 4 === 0 ? 2 : 1;
		for (let t = 0; t < times; t++) {
			const occurredOn = addDays(asOf, -(20 + ((k * 37 + t * 170) % 480)));
			await recordCreditEvent(
				db,
				c.o.uscc,
				{
					kind: "penalty",
					occurredOn,
					// The decision's number carries the year it was made.
					reference: `沪市监处〔${occurredOn.slice(0, 4)}〕${String(310000 + k * 10 + t)}号`,
					authority: `上海市市场监督管理局`,
					summary: c.summary,
				},
				{ clock, actor: SYSTEM_ACTOR },
			);
		}
	}
}

/**
 * A few complaints and reports in different states (投诉举报): just received, one past its day to be
 * accepted, one rejected, one being investigated by the demo officer, and one upheld — which enters
 * the organisation's integrity file. Filed on earlier days, each step on its own day; tracking numbers
 * come from the as-of date, so the demo is the same every time.
 */
async function demoComplaints(db: Db, asOf: string): Promise<void> {
	const workdays = new Workdays();
	const at = (daysAgo: number) => ({
		clock: fixedClock(`${addDays(asOf, -daysAgo)}T02:00:00.000Z`),
		actor: SYSTEM_ACTOR,
		workdays,
	});
	let n = 0;
	const random = (k: number) =>
		createHash("sha256").update(`demo-complaint ${asOf} ${++n}`).digest().subarray(0, k);
	const orgs = await db
		.selectFrom("organizations")
		.select(["uscc", "name", "kind"])
		.where("district", "=", "310115")
		.where("kind", "in", ["enterprise", "lab"])
		.orderBy("id")
		.limit(40)
		.execute();
	const enterprise = orgs.find((o) => o.kind === "enterprise");
	const lab = orgs.find((o) => o.kind === "lab");
	if (!enterprise || !lab) return;
	const file = (daysAgo: number, input: ComplaintInput) =>
		fileComplaint(db, input, { ...at(daysAgo), random }).then((r) => r.tracking);
	const contact = { name: "王建华", phone: "13800138000" };

	// Upheld: a lab issued a report without testing the sample.
	const upheld = await file(50, {
		kind: "report",
		subjectUscc: lab.uscc,
		district: "310115",
		description: `${lab.name}出具的检验报告显示已完成全部检测项目，但送检样品至今未拆封，怀疑未经检测即出具报告。`,
		...contact,
	});
	await acceptComplaint(db, upheld, { note: "已受理，转浦东新区市场监管局核查" }, at(48));
	await assignComplaint(db, upheld, { username: "officer" }, at(47));
	await startInvestigation(db, upheld, { note: "已调取检测原始记录和样品流转记录" }, at(40));
	await closeComplaint(
		db,
		upheld,
		{
			outcome: "upheld",
			publicText: "经核查，该机构部分检验报告未按标准实施检测即出具，已责令改正并立案调查。",
		},
		at(10),
	);
	// Being investigated by the demo officer.
	const open = await file(20, {
		kind: "complaint",
		subjectName: enterprise.name,
		description: "购买的电热水壶贴有CCC标志，但在认证查询中查不到对应证书，商家称证书正在办理。",
		...contact,
		phone: "13912340000",
	});
	await acceptComplaint(db, open, {}, at(18));
	await assignComplaint(db, open, { username: "officer" }, at(17));
	await startInvestigation(db, open, {}, at(15));
	// Rejected: outside the platform's remit.
	const rejected = await file(12, {
		kind: "complaint",
		subjectName: "某快递公司",
		description: "快递延误三天，包裹外包装破损，要求赔偿。",
		name: "李敏",
		email: "limin@example.com",
	});
	await rejectComplaint(
		db,
		rejected,
		{ reason: "不属于认证和检验检测监管事项，请向邮政管理部门反映。" },
		at(10),
	);
	// Anonymous, received long ago and not yet accepted: past its deadline.
	await file(14, {
		kind: "report",
		anonymous: true,
		description: "有中介在网上出售ISO 9001认证证书，声称无需审核、三天出证，价格两千元。",
	});
	// Just received.
	await file(1, {
		kind: "complaint",
		subjectUscc: enterprise.uscc,
		description: "该企业宣传其产品通过绿色产品认证，但证书上的产品型号与销售的不一致。",
		...contact,
	});
}

/**
 * A few qualification applications (资质认定) in different steps, each step on its own earlier day: an
 * extension on the commitment path, granted at once with its on-site verification due; the demo lab's
 * extension in technical review, the demo inspector on its team and nonconformities under correction; a
 * change just submitted; a paper change completed. Labs of the demo officer's district with no penalty.
 */
async function demoApplications(db: Db, spec: ScaleSpec, asOf: string, inspector: string): Promise<void> {
	const workdays = new Workdays();
	const at = (daysAgo: number) => ({
		clock: fixedClock(`${addDays(asOf, -daysAgo)}T02:30:00.000Z`),
		actor: SYSTEM_ACTOR,
		workdays,
		config: DEFAULT_APPROVAL_CONFIG,
	});
	const penalised = db
		.selectFrom("credit_events")
		.select("org_id")
		.where("kind", "=", "penalty")
		.where("org_id", "is not", null);
	const candidates = await db
		.selectFrom("organizations as o")
		.innerJoin("qualifications as q", "q.org_id", "o.id")
		.select(["o.uscc", "q.number"])
		.where("o.kind", "=", "lab")
		.where("o.district", "=", "310115")
		.where("o.status", "=", "active")
		.where("q.type", "=", "cma")
		.where("q.status", "=", "valid")
		.where("q.valid_until", ">", addDays(asOf, 400))
		.where("o.id", "not in", penalised)
		.orderBy("o.id")
		.limit(3)
		.execute();
	const own = await db
		.selectFrom("organizations as o")
		.innerJoin("qualifications as q", "q.org_id", "o.id")
		.select(["o.uscc", "q.number"])
		.where("o.uscc", "=", lab(spec, 0).uscc)
		.where("q.type", "=", "cma")
		.executeTakeFirst();
	const [first, second, third] = candidates;
	if (!first || !second || !third || !own) return;
	/** Files what the plan of the day still needs, each a small PDF of its own. */
	const fileNeeded = async (number: string, daysAgo: number) => {
		const full = await getApplication(db, number, at(daysAgo));
		for (const m of full.materials.filter((x) => x.status === "needed"))
			await addFile(
				db,
				number,
				{ code: m.code, filename: `${m.zh}.pdf`, data: demoPdf(`${number} ${m.code}`) },
				at(daysAgo),
			);
	};
	const step = (number: string, action: Parameters<typeof actOn>[2], daysAgo: number, body = {}) =>
		actOn(db, number, action, body, at(daysAgo));
	const row = (product: string, parameter: string, standard: string) => ({
		field: "建筑材料",
		product,
		parameter,
		standard,
	});

	// Completed: a paper change (new legal representative), accepted, decided and issued.
	const done = await draftApplication(
		db,
		{
			labUscc: third.uscc,
			type: "change",
			path: "general",
			changes: ["legal_representative"],
			qualificationNumber: third.number,
		},
		at(62),
	);
	await fileNeeded(done, 62);
	await step(done, "submit", 62);
	await step(done, "accept", 59);
	await step(done, "decide", 52, { grant: true });
	await step(done, "issue_certificate", 49);

	// Commitment path: an extension granted on acceptance, its on-site verification scheduled.
	const committed = await draftApplication(
		db,
		{
			labUscc: first.uscc,
			type: "extension",
			path: "commitment",
			qualificationNumber: first.number,
			capabilities: [row("混凝土外加剂", "减水率", "GB 8076-2008")],
		},
		at(41),
	);
	await fileNeeded(committed, 41);
	await step(committed, "submit", 40);
	await step(committed, "accept", 38);
	await step(committed, "issue_certificate", 37);
	await step(committed, "schedule_verification", 30, { scheduledOn: addDays(asOf, 14), team: [inspector] });

	// General path: the demo lab's extension in technical review, nonconformities under correction.
	const review = await draftApplication(
		db,
		{
			labUscc: own.uscc,
			type: "extension",
			path: "general",
			qualificationNumber: own.number,
			capabilities: [
				row("建筑用砂", "含泥量", "GB/T 14684-2022"),
				row("建筑用卵石、碎石", "压碎指标", "GB/T 14685-2022"),
			],
		},
		at(33),
	);
	await fileNeeded(review, 33);
	await step(review, "submit", 32);
	await step(review, "accept", 29);
	await step(review, "start_review", 28, { team: [inspector] });
	await step(review, "start_assessment", 21, { mode: "onsite" });
	await step(review, "report_nonconformities", 14, {
		items: [
			{ id: "NC1", item: "RB/T 214 4.4.2 压力试验机检定证书过期" },
			{ id: "NC2", item: "建筑用砂 含泥量" },
		],
	});

	// Just submitted: a new technical lead, awaiting acceptance.
	const fresh = await draftApplication(
		db,
		{
			labUscc: second.uscc,
			type: "change",
			path: "general",
			changes: ["technical_lead"],
			qualificationNumber: second.number,
		},
		at(2),
	);
	await fileNeeded(fresh, 2);
	await step(fresh, "submit", 1);
	// Grants regraded their labs as of the day granted; the register's grades are as of the demo's day.
	const labs = await db
		.selectFrom("organizations")
		.select("id")
		.where("uscc", "in", [first.uscc, second.uscc, third.uscc, own.uscc])
		.execute();
	await regradeOrganizations(
		db,
		labs.map((l) => Number(l.id)),
		asOf,
	);
}

/** A small PDF whose bytes differ per material (demo files). */
function demoPdf(tag: string): string {
	return Buffer.from(`%PDF-1.7\n% OpenTIC demo: ${tag}\n%%EOF\n`).toString("base64");
}

/**
 * Bans and appeals in the demo: a lab banned from the field for three years after its penalty, one of
 * its signatories banned for life (by person, so another lab cannot take them on), an enterprise banned
 * from government purchasing and the ban later lifted; an appeal upheld (its penalty withdrawn, with the
 * regulator's reasons) and one pending in the queue. Each step on its own day, as a regulator would.
 */
async function demoBansAndAppeals(db: Db, asOf: string): Promise<void> {
	const at = (daysAgo: number) => ({
		clock: fixedClock(`${addDays(asOf, -daysAgo)}T03:00:00.000Z`),
		actor: SYSTEM_ACTOR,
	});
	const year = asOf.slice(0, 4);
	const penalised = (kind: string) =>
		db
			.selectFrom("credit_events as e")
			.innerJoin("organizations as o", "o.id", "e.org_id")
			.select(["o.id", "o.uscc", "e.source_key", "e.occurred_on"])
			.where("e.kind", "=", "penalty")
			.where("o.kind", "=", kind)
			.orderBy("o.id")
			.orderBy("e.occurred_on")
			.execute();
	const labs = await penalised("lab");
	const lab = labs[0];
	if (lab) {
		await imposeBan(
			db,
			{
				uscc: lab.uscc,
				scope: "tic",
				startsOn: addDays(lab.occurred_on, 1),
				endsOn: addDays(lab.occurred_on, 3 * 365),
				reference: `沪市监禁〔${lab.occurred_on.slice(0, 4)}〕3号`,
				authority: "上海市市场监督管理局",
				reason: "出具不实检验检测报告，情节严重，三年内不得从事检验检测活动",
			},
			at(Math.max(0, daysBetween(lab.occurred_on, asOf) - 1)),
		);
		const signatory = await db
			.selectFrom("people")
			.select("id")
			.where("employer_id", "=", lab.id)
			.where("roles_json", "like", '%"signatory"%')
			.orderBy("id")
			.executeTakeFirst();
		if (signatory)
			await imposeBan(
				db,
				{
					person: personRef(Number(signatory.id)),
					scope: "tic",
					startsOn: addDays(lab.occurred_on, 1),
					reference: `沪市监禁〔${lab.occurred_on.slice(0, 4)}〕4号`,
					authority: "上海市市场监督管理局",
					reason: "作为授权签字人签发不实检验检测报告，终身不得从事检验检测活动",
				},
				at(Math.max(0, daysBetween(lab.occurred_on, asOf) - 1)),
			);
	}
	const enterprises = await penalised("enterprise");
	const buyer = enterprises.at(-1);
	if (buyer) {
		const ban = await imposeBan(
			db,
			{
				uscc: buyer.uscc,
				scope: "procurement",
				startsOn: addDays(asOf, -90),
				endsOn: addDays(asOf, 275),
				reference: `沪财采禁〔${year}〕12号`,
				authority: "上海市财政局",
				reason: "提供虚假认证证书参与政府采购活动，一年内禁止参加政府采购活动",
			},
			at(90),
		);
		await liftBan(db, ban.id, { on: addDays(asOf, -30), reason: "行政复议决定撤销原处罚决定" }, at(30));
	}
	// An appeal upheld: the enterprise shows the penalty was annulled on review.
	const appealed = enterprises[1];
	if (appealed) {
		const { id } = await fileAppeal(
			db,
			appealed.uscc,
			{
				event: { kind: "penalty", source: appealed.source_key },
				reason: "该处罚决定已被行政复议决定撤销，附复议决定书，请撤回该记录。",
			},
			at(20),
		);
		await decideAppeal(
			db,
			id,
			{ upheld: true, note: "经核实，原处罚决定已被行政复议决定撤销，撤回该记录。" },
			at(15),
		);
	}
	// One pending, about a grade.
	const pending = enterprises[2];
	if (pending)
		await fileAppeal(
			db,
			pending.uscc,
			{ reason: "本企业已完成整改并通过复查，申请重新评定信用风险分类。" },
			at(3),
		);
}

/** The password of every demo account (demo only: these accounts exist only in a demo register). */
export const DEMO_PASSWORD = "opentic-demo-2026";

/** One account per role, for trying the consoles and the write API on the demo register. */
export const DEMO_ACCOUNTS = [
	{
		username: "admin",
		displayName: "演示管理员",
		role: "regulator_admin",
		org: () => regulatorUscc(0),
		districts: [] as string[],
	},
	{
		username: "officer",
		displayName: "浦东新区监管员",
		role: "regulator_officer",
		org: () => regulatorUscc(11),
		districts: ["310115"],
	},
	{
		username: "inspector",
		displayName: "演示检查员",
		role: "inspector",
		org: () => regulatorUscc(0),
		districts: [],
	},
	{
		username: "cb-operator",
		displayName: "认证机构操作员",
		role: "cb_operator",
		org: (spec: ScaleSpec) => cb(spec, 0).uscc,
		districts: [],
	},
	{
		username: "lab-operator",
		displayName: "检测机构操作员",
		role: "lab_operator",
		org: (spec: ScaleSpec) => lab(spec, 0).uscc,
		districts: [],
	},
	{
		username: "enterprise",
		displayName: "企业用户",
		role: "enterprise_user",
		org: (spec: ScaleSpec) => enterprise(spec, 0).uscc,
		districts: [],
	},
] as const;

/**
 * The demo enterprise keeps a list of its suppliers: the holders of the first demo CB's valid
 * certificates, so that a change the demo CB makes (as in the README's example) reaches the list's notices.
 */
async function demoWatchlist(db: Db, spec: ScaleSpec, clock: Clock): Promise<void> {
	const account = await findAccountByUsername(db, "enterprise");
	if (!account) return;
	const holders = await db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.innerJoin("organizations as h", "h.id", "c.holder_id")
		.select("h.uscc")
		.distinct()
		.where("cb.uscc", "=", cb(spec, 0).uscc)
		.where("c.status", "=", "valid")
		.orderBy("h.uscc")
		.limit(8)
		.execute();
	await createWatchlist(
		db,
		{ name: "本单位办公设备供应商", usccs: holders.map((h) => h.uscc) },
		{
			clock,
			actor: {
				...SYSTEM_ACTOR,
				type: "account",
				id: String(account.id),
				label: account.username,
				role: "enterprise_user",
				orgId: account.org_id === null ? null : Number(account.org_id),
				orgUscc: enterprise(spec, 0).uscc,
			},
		},
	);
}

async function createDemoAccounts(db: Db, spec: ScaleSpec, clock: Clock, inspector: string): Promise<void> {
	for (const a of DEMO_ACCOUNTS) {
		if (await findAccountByUsername(db, a.username)) continue;
		await createAccount(
			db,
			{
				username: a.username,
				displayName: a.displayName,
				role: a.role,
				orgUscc: a.org(spec),
				districts: [...a.districts],
				person: a.role === "inspector" ? inspector : null,
				password: DEMO_PASSWORD,
			},
			SYSTEM_ACTOR,
			clock,
		);
	}
}
