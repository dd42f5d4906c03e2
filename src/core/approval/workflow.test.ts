import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ApprovalConfig } from "./config.ts";
import { ApprovalError } from "./errors.ts";
import {
	act,
	applicant,
	attach,
	config,
	draft,
	drive,
	LAB,
	NEW_ADDRESS,
	NEW_NAME,
	OTHER_LAB,
	officer,
	ROWS,
	reviewer,
	reviewer2,
	submission,
	workdays,
} from "./fixtures.ts";
import { type Application, isFinished, nextActions, TRANSITIONS, type Transition } from "./workflow.ts";

/** The ApprovalError a call throws. */
function refusal(f: () => unknown): ApprovalError {
	try {
		f();
	} catch (e) {
		if (e instanceof ApprovalError) {
			assert.ok(e.zh && e.en, "a refusal is worded in Chinese and English");
			return e;
		}
		throw e;
	}
	return assert.fail("expected an ApprovalError");
}

const codeOf = (f: () => unknown) => {
	const e = refusal(f);
	return [e.code, e.field];
};

const TEAM: Transition = { action: "start_review", team: [reviewer.id, reviewer2.id] };

/** An initial application on the general path, submitted 14 Sep and accepted 16 Sep 2026. */
function accepted(over: Parameters<typeof draft>[0] = {}): Application {
	const a = draft(over);
	return drive(a, [
		[submission(a, "2026-09-14"), applicant, "2026-09-14"],
		[{ action: "accept" }, officer, "2026-09-16"],
	]);
}

/** …then in assessment by the team from 18 Sep. */
function inAssessment(over: Parameters<typeof draft>[0] = {}): Application {
	return drive(accepted(over), [
		[TEAM, officer, "2026-09-17"],
		[{ action: "start_assessment", mode: "onsite" }, reviewer, "2026-09-18"],
	]);
}

/** …with two nonconformities notified on Tue 22 Sep. */
function inCorrection(): Application {
	return act(
		inAssessment(),
		{
			action: "report_nonconformities",
			items: [
				{ id: "NC1", item: "RB/T 214 4.4.2 设备检定" },
				{ id: "NC2", item: "水泥 抗压强度" },
			],
		},
		reviewer,
		"2026-09-22",
	);
}

const evidence = attach(["correction_evidence"]);

describe("drafts", () => {
	it("starts a draft of each type, normalising the lab's USCC", () => {
		const a = draft({ labUscc: LAB.toLowerCase() });
		assert.equal(a.step, "draft");
		assert.equal(a.labUscc, LAB);
		assert.equal(a.permit, "cma");
		assert.equal(draft({ type: "change", changes: ["name"] }).changes[0], "name");
	});

	it("refuses the commitment path for a change or a cancellation", () => {
		assert.deepEqual(
			codeOf(() => draft({ type: "change", changes: ["name"], path: "commitment" })),
			["APPROVAL_PATH_NOT_ALLOWED", "path"],
		);
		assert.deepEqual(
			codeOf(() => draft({ type: "cancellation", path: "commitment" }))[0],
			"APPROVAL_PATH_NOT_ALLOWED",
		);
	});

	it("refuses a draft missing what its type needs, naming the field", () => {
		assert.deepEqual(
			codeOf(() => draft({ type: "change" })),
			["APPROVAL_INPUT", "changes"],
		);
		assert.deepEqual(
			codeOf(() => draft({ type: "initial", changes: ["name"] })),
			["APPROVAL_INPUT", "changes"],
		);
		assert.deepEqual(
			codeOf(() => draft({ capabilities: [] })),
			["APPROVAL_INPUT", "capabilities"],
		);
		assert.deepEqual(
			codeOf(() => draft({ capabilities: [{ ...ROWS[0]!, standard: " " }] })),
			["APPROVAL_INPUT", "capabilities[0].standard"],
		);
		assert.deepEqual(
			codeOf(() => draft({ type: "change", changes: ["standard"] })),
			["APPROVAL_INPUT", "capabilities"],
		);
		assert.deepEqual(
			codeOf(() => draft({ type: "change", changes: ["signatory"] })),
			["APPROVAL_INPUT", "signatories"],
		);
		assert.deepEqual(
			codeOf(() => draft({ type: "renewal", qualification: null })),
			["APPROVAL_INPUT", "qualification"],
		);
		assert.deepEqual(
			codeOf(() => draft({ labUscc: "91310115MA1K400091" })),
			["APPROVAL_INPUT", "labUscc"],
		);
		assert.deepEqual(
			codeOf(() => draft({ number: "申请 1" })),
			["APPROVAL_INPUT", "number"],
		);
	});
	it("takes the new name or address a change applies for, as the register reads text, and refuses it otherwise", () => {
		const renamed = draft({
			type: "change",
			changes: ["name", "address_renamed"],
			newName: "  上海新名称检测技术有限公司 ",
			newAddress: "上海市浦东新区张江路100号",
		});
		assert.deepEqual([renamed.newName, renamed.newAddress], [NEW_NAME, NEW_ADDRESS]);
		const decomposed = "上海测试\u30ab\u3099检测有限公司";
		assert.equal(
			draft({ type: "change", changes: ["name"], newName: decomposed }).newName,
			decomposed.normalize("NFC"),
		);
		assert.deepEqual(
			[draft({ type: "change", changes: ["signatory"], signatories: ["P00000012"] }).newName],
			[null],
		);
		for (const [over, field] of [
			[{ newName: " " }, "newName"],
			[{ newName: "Shanghai Testing Co., Ltd." }, "newName"],
			[{ newName: "上".repeat(201) }, "newName"],
			[{ newName: "上海<b>检测</b>有限公司" }, "newName"],
		] as const)
			assert.deepEqual(
				codeOf(() => draft({ type: "change", changes: ["name"], ...over })),
				["APPROVAL_INPUT", field],
			);
		assert.deepEqual(
			codeOf(() => draft({ type: "change", changes: ["site_moved"], newAddress: null })),
			["APPROVAL_INPUT", "newAddress"],
		);
		assert.deepEqual(
			codeOf(() => draft({ type: "change", changes: ["legal_representative"], newName: NEW_NAME })),
			["APPROVAL_INPUT", "newName"],
		);
		assert.deepEqual(
			codeOf(() => draft({ type: "change", changes: ["name"], newAddress: NEW_ADDRESS })),
			["APPROVAL_INPUT", "newAddress"],
		);
	});
});

describe("submission", () => {
	it("files the application when every required material is attached or reused", () => {
		const a = draft();
		const t = submission(a, "2026-09-14");
		const s = act(a, t, applicant, "2026-09-14");
		assert.equal(s.step, "submitted");
		assert.deepEqual(s.history, [
			{
				action: "submit",
				from: "draft",
				to: "submitted",
				on: "2026-09-14",
				role: "applicant",
				actorId: applicant.id,
			},
		]);
		assert.ok(
			!s.attachments.some((x) => x.code === "legal_entity"),
			"the register's record is not asked for",
		);
		assert.equal(a.step, "draft", "the application given is not changed");
	});

	it("does not ask for what is on file and still valid, and records where it was reused from", () => {
		const a = draft();
		const onFile = {
			registerHoldsOrganisation: true,
			documents: [
				{
					code: "site_proof" as const,
					sha256: "a".repeat(64),
					acceptedOn: "2026-01-20",
					applicationNumber: "SH-2026-0007",
				},
			],
		};
		const t = submission(a, "2026-09-14", onFile) as Extract<Transition, { action: "submit" }>;
		assert.ok(!t.attachments.some((x) => x.code === "site_proof"));
		const s = act(a, t, applicant, "2026-09-14");
		const site = s.materials.find((m) => m.code === "site_proof")!;
		assert.deepEqual(
			site.status === "reused" && site.source.from === "application" && site.source.applicationNumber,
			"SH-2026-0007",
		);
		assert.deepEqual(
			codeOf(() => act(a, { ...t, onFile: { ...onFile, documents: [] } }, applicant, "2026-09-14")),
			["APPROVAL_MATERIAL_MISSING", "attachments"],
			"without the copy on file the site proof must be attached",
		);
	});

	it("refuses a missing material, naming it", () => {
		const a = draft();
		const t = submission(a, "2026-09-14") as Extract<Transition, { action: "submit" }>;
		const e = refusal(() =>
			act(
				a,
				{ ...t, attachments: t.attachments.filter((x) => x.code !== "site_proof") },
				applicant,
				"2026-09-14",
			),
		);
		assert.deepEqual([e.code, e.field], ["APPROVAL_MATERIAL_MISSING", "attachments"]);
		assert.match(e.zh, /检验检测场所证明/);
		assert.deepEqual(
			codeOf(() =>
				act(
					a,
					{ ...t, attachments: [{ code: "site_proof", sha256: "not-a-hash" }] },
					applicant,
					"2026-09-14",
				),
			),
			["APPROVAL_INPUT", "attachments[0].sha256"],
		);
	});

	it("is the applicant's, for their own lab only", () => {
		const a = draft();
		const t = submission(a, "2026-09-14");
		assert.deepEqual(
			codeOf(() => act(a, t, officer, "2026-09-14")),
			["APPROVAL_ROLE", "role"],
		);
		assert.deepEqual(
			codeOf(() => act(a, t, { ...applicant, labUscc: OTHER_LAB }, "2026-09-14")),
			["APPROVAL_NOT_OWN_LAB", "labUscc"],
		);
		assert.deepEqual(
			codeOf(() => act(a, t, applicant, "2026-08-31")),
			["APPROVAL_DAY", "on"],
		);
		assert.deepEqual(
			codeOf(() => act(a, t, applicant, "2026-02-30")),
			["APPROVAL_DAY", "on"],
		);
		assert.deepEqual(
			codeOf(() => act(a, { action: "approve" } as unknown as Transition, applicant, "2026-09-14")),
			["APPROVAL_INPUT", "action"],
		);
	});

	it("takes a renewal only within its window: from 6 months to 3 months before expiry", () => {
		const r = draft({ type: "renewal" }); // expires 2027-03-31
		assert.equal(act(r, submission(r, "2026-12-31"), applicant, "2026-12-31").step, "submitted");
		const early = refusal(() => act(r, submission(r, "2026-09-29"), applicant, "2026-09-29"));
		assert.deepEqual([early.code, early.field], ["APPROVAL_RENEWAL_EARLY", "on"]);
		assert.match(early.en, /from 2026-09-30/);
		const late = refusal(() => act(r, submission(r, "2027-01-04"), applicant, "2027-01-04"));
		assert.equal(late.code, "APPROVAL_RENEWAL_LATE");
		assert.match(late.zh, /2026-12-31/);
	});

	it("on the commitment path, needs the signed commitment and refuses an excluded field naming the rule", () => {
		const c = draft({ path: "commitment" });
		const t = submission(c, "2026-11-02") as Extract<Transition, { action: "submit" }>;
		assert.ok(t.attachments.some((x) => x.code === "commitment"));
		assert.deepEqual(
			codeOf(() =>
				act(
					c,
					{ ...t, attachments: t.attachments.filter((x) => x.code !== "commitment") },
					applicant,
					"2026-11-02",
				),
			),
			["APPROVAL_COMMITMENT_MISSING", "attachments"],
		);
		const food = draft({
			path: "commitment",
			capabilities: [
				...ROWS,
				{ field: "食品", product: "保健食品", parameter: "总皂苷", standard: "GB 16740-2014" },
			],
		});
		const e = refusal(() => act(food, submission(food, "2026-11-02"), applicant, "2026-11-02"));
		assert.deepEqual([e.code, e.field], ["APPROVAL_EXCLUDED_FIELD", "capabilities[2].product"]);
		assert.match(e.zh, /特殊食品（保健食品）.*国发〔2021〕7号/);
		assert.match(e.en, /excluded from the commitment path/);
		assert.equal(
			act(draft({ capabilities: food.capabilities }), submission(food, "2026-11-02"), applicant, "2026-11-02")
				.step,
			"submitted",
			"the general path takes it",
		);
	});
});

describe("acceptance", () => {
	const submitted = () => {
		const a = draft();
		return act(a, submission(a, "2026-09-14"), applicant, "2026-09-14");
	};

	it("accepts, or does not accept with a written reason", () => {
		assert.equal(act(submitted(), { action: "accept" }, officer, "2026-09-16").step, "accepted");
		assert.deepEqual(
			codeOf(() => act(submitted(), { action: "not_accept", reason: " " }, officer, "2026-09-16")),
			["APPROVAL_REASON_REQUIRED", "reason"],
		);
		const n = act(
			submitted(),
			{ action: "not_accept", reason: "不属于本部门受理范围" },
			officer,
			"2026-09-16",
		);
		assert.equal(n.step, "not_accepted");
		assert.ok(isFinished(n));
		assert.deepEqual(
			codeOf(() => act(n, { action: "accept" }, officer, "2026-09-16")),
			["APPROVAL_STEP", "step"],
		);
		assert.deepEqual(
			codeOf(() => act(submitted(), { action: "accept" }, applicant, "2026-09-16"))[0],
			"APPROVAL_ROLE",
		);
	});

	it("asks for completion once, listing everything (一次告知), and takes the completed materials", () => {
		const c = act(
			submitted(),
			{ action: "request_completion", items: ["site_proof", "staff_list"] },
			officer,
			"2026-09-15",
		);
		assert.equal(c.step, "completion");
		assert.deepEqual(
			codeOf(() =>
				act(c, { action: "complete", attachments: attach(["site_proof"]) }, applicant, "2026-09-18"),
			),
			["APPROVAL_COMPLETION_INCOMPLETE", "attachments"],
		);
		const back = act(
			c,
			{ action: "complete", attachments: attach(["site_proof", "staff_list"]) },
			applicant,
			"2026-09-18",
		);
		assert.equal(back.step, "submitted");
		assert.deepEqual(
			codeOf(() =>
				act(back, { action: "request_completion", items: ["equipment_list"] }, officer, "2026-09-21"),
			),
			["APPROVAL_COMPLETION_ONCE", "items"],
		);
		assert.deepEqual(
			codeOf(() => act(submitted(), { action: "request_completion", items: [] }, officer, "2026-09-15")),
			["APPROVAL_INPUT", "items"],
		);
		assert.deepEqual(
			codeOf(() =>
				act(
					submitted(),
					{ action: "request_completion", items: ["nonsense"] } as unknown as Transition,
					officer,
					"2026-09-15",
				),
			),
			["APPROVAL_INPUT", "items"],
		);
	});
});

describe("technical review", () => {
	it("is organised by the officer for applications that need it, with a team", () => {
		const r = act(accepted(), TEAM, officer, "2026-09-17");
		assert.equal(r.step, "document_review");
		assert.deepEqual(r.team, [reviewer.id, reviewer2.id]);
		assert.deepEqual(
			codeOf(() => act(accepted(), { action: "start_review", team: [] }, officer, "2026-09-17")),
			["APPROVAL_INPUT", "team"],
		);
		const paper = accepted({ type: "change", changes: ["name"] });
		assert.deepEqual(
			codeOf(() => act(paper, TEAM, officer, "2026-09-17")),
			["APPROVAL_REVIEW_NOT_NEEDED", "type"],
		);
	});

	it("moves from document review to an assessment on site or remote, by a team member only", () => {
		const r = act(accepted(), TEAM, officer, "2026-09-17");
		assert.equal(
			act(r, { action: "start_assessment", mode: "remote" }, reviewer2, "2026-09-18").assessmentMode,
			"remote",
		);
		assert.deepEqual(
			codeOf(() =>
				act(
					r,
					{ action: "start_assessment", mode: "onsite" },
					{ role: "reviewer", id: "R-0009" },
					"2026-09-18",
				),
			),
			["APPROVAL_NOT_ON_TEAM", "team"],
		);
		assert.deepEqual(
			codeOf(() =>
				act(
					r,
					{ action: "start_assessment", mode: "video" } as unknown as Transition,
					reviewer,
					"2026-09-18",
				),
			),
			["APPROVAL_INPUT", "mode"],
		);
	});

	it("notifies nonconformities with a correction period of 30 working days (第十条)", () => {
		const c = inCorrection();
		assert.equal(c.step, "correction");
		assert.deepEqual(c.correction, {
			since: "2026-09-22",
			dueOn: workdays.add("2026-09-22", 30),
			resumeTo: "assessment",
		});
		assert.deepEqual(
			c.nonconformities.map((n) => n.status),
			["open", "open"],
		);
		assert.deepEqual(
			codeOf(() =>
				act(
					inAssessment(),
					{
						action: "report_nonconformities",
						items: [
							{ id: "A", item: "x" },
							{ id: "A", item: "y" },
						],
					},
					reviewer,
					"2026-09-22",
				),
			),
			["APPROVAL_NONCONFORMITY", "items[1].id"],
		);
	});

	it("takes corrections in parts, then resumes the assessment once all are in", () => {
		const c = inCorrection();
		const part = act(
			c,
			{ action: "submit_corrections", corrected: ["NC1"], attachments: evidence },
			applicant,
			"2026-10-09",
		);
		assert.equal(part.step, "correction");
		const done = act(
			part,
			{ action: "submit_corrections", corrected: ["NC2"], attachments: evidence },
			applicant,
			"2026-10-12",
		);
		assert.equal(done.step, "assessment");
		assert.equal(done.correction, null);
		assert.deepEqual(
			done.nonconformities.map((n) => n.status),
			["corrected", "corrected"],
		);
		assert.deepEqual(
			codeOf(() =>
				act(
					c,
					{ action: "submit_corrections", corrected: ["NC1"], attachments: [] },
					applicant,
					"2026-10-09",
				),
			),
			["APPROVAL_MATERIAL_MISSING", "attachments"],
		);
		assert.deepEqual(
			codeOf(() =>
				act(
					part,
					{ action: "submit_corrections", corrected: ["NC1"], attachments: evidence },
					applicant,
					"2026-10-09",
				),
			),
			["APPROVAL_NONCONFORMITY", "corrected[0]"],
		);
		const givenUp = act(
			part,
			{ action: "submit_corrections", corrected: [], attachments: [], final: true },
			applicant,
			"2026-10-12",
		);
		assert.deepEqual(
			givenUp.nonconformities.map((n) => n.status),
			["corrected", "failed"],
		);
	});

	it("refuses corrections after their due day, and lets the team close them then: the items concerned fail", () => {
		const c = inCorrection();
		const due = c.correction!.dueOn;
		const after = workdays.add(due, 1);
		assert.deepEqual(
			codeOf(() =>
				act(c, { action: "submit_corrections", corrected: ["NC1"], attachments: evidence }, applicant, after),
			),
			["APPROVAL_CORRECTION_OVERDUE", "corrected"],
		);
		assert.deepEqual(
			codeOf(() => act(c, { action: "close_corrections" }, reviewer, due)),
			["APPROVAL_CORRECTION_NOT_DUE", "on"],
		);
		const closed = act(c, { action: "close_corrections" }, officer, after);
		assert.equal(closed.step, "assessment");
		assert.deepEqual(
			closed.nonconformities.map((n) => n.status),
			["failed", "failed"],
		);
	});

	it("concludes consistently with the nonconformities: failed items cannot pass", () => {
		const c = inCorrection();
		const after = workdays.add(c.correction!.dueOn, 1);
		const partDone = act(
			c,
			{ action: "submit_corrections", corrected: ["NC1"], attachments: evidence },
			applicant,
			"2026-10-09",
		);
		const closed = act(partDone, { action: "close_corrections" }, reviewer, after);
		assert.deepEqual(
			codeOf(() => act(closed, { action: "conclude_review", outcome: "pass" }, reviewer, after)),
			["APPROVAL_CONCLUSION_INCONSISTENT", "failedItems"],
		);
		assert.deepEqual(
			codeOf(() =>
				act(
					closed,
					{ action: "conclude_review", outcome: "pass", failedItems: ["水泥 抗压强度"] },
					reviewer,
					after,
				),
			),
			["APPROVAL_CONCLUSION_INCONSISTENT", "outcome"],
		);
		assert.deepEqual(
			codeOf(() =>
				act(inAssessment(), { action: "conclude_review", outcome: "partial" }, reviewer, "2026-09-30"),
			),
			["APPROVAL_CONCLUSION_INCONSISTENT", "failedItems"],
		);
		const partial = act(
			closed,
			{ action: "conclude_review", outcome: "partial", failedItems: ["水泥 抗压强度"] },
			reviewer,
			after,
		);
		assert.equal(partial.step, "reviewed");
		assert.deepEqual(partial.conclusion, { outcome: "partial", failedItems: ["水泥 抗压强度"], on: after });
	});

	it("needs an assessment for a first application or extension; a renewal or change may conclude on the documents", () => {
		const doc = act(accepted(), TEAM, officer, "2026-09-17");
		assert.deepEqual(
			codeOf(() => act(doc, { action: "conclude_review", outcome: "pass" }, reviewer, "2026-09-25")),
			["APPROVAL_ASSESSMENT_REQUIRED", "step"],
		);
		const r = draft({ type: "renewal" });
		const renewal = drive(r, [
			[submission(r, "2026-11-02"), applicant, "2026-11-02"],
			[{ action: "accept" }, officer, "2026-11-03"],
			[TEAM, officer, "2026-11-03"],
			[{ action: "conclude_review", outcome: "pass" }, reviewer, "2026-11-10"],
		]);
		assert.equal(renewal.step, "reviewed");
	});
});

describe("decision and certificate", () => {
	const concluded = (outcome: "pass" | "partial" | "fail", failedItems: string[] = []) =>
		act(inAssessment(), { action: "conclude_review", outcome, failedItems }, reviewer, "2026-09-30");

	it("needs the review conclusion first (第十条: 自收到技术评审结论之日起)", () => {
		const e = refusal(() => act(inAssessment(), { action: "decide", grant: true }, officer, "2026-09-30"));
		assert.deepEqual([e.code, e.field], ["APPROVAL_DECISION_NEEDS_CONCLUSION", "conclusion"]);
		assert.deepEqual(
			codeOf(() => act(accepted(), { action: "decide", grant: true }, officer, "2026-09-30"))[0],
			"APPROVAL_DECISION_NEEDS_CONCLUSION",
		);
		assert.deepEqual(
			codeOf(() => act(inCorrection(), { action: "decide", grant: true }, officer, "2026-09-30"))[0],
			"APPROVAL_DECISION_NEEDS_CONCLUSION",
		);
	});

	it("grants, leaving out the failed items of a partial conclusion, and issues the certificate", () => {
		const g = act(
			concluded("partial", ["纺织品 甲醛含量"]),
			{ action: "decide", grant: true },
			officer,
			"2026-10-09",
		);
		assert.equal(g.step, "granted");
		assert.deepEqual(g.decision, { grant: true, on: "2026-10-09", exceptItems: ["纺织品 甲醛含量"] });
		assert.deepEqual(
			codeOf(() =>
				act(g, { action: "issue_certificate", certificateNumber: "26-001" }, officer, "2026-10-12"),
			),
			["APPROVAL_INPUT", "certificateNumber"],
		);
		const issued = act(
			g,
			{ action: "issue_certificate", certificateNumber: "260912345678" },
			officer,
			"2026-10-12",
		);
		assert.equal(issued.step, "issued");
		assert.ok(isFinished(issued));
		assert.deepEqual(nextActions(issued, "officer"), []);
		assert.deepEqual(
			codeOf(() =>
				act(
					issued,
					{ action: "schedule_verification", scheduledOn: "2026-11-01", team: ["R-0001"] },
					officer,
					"2026-10-12",
				),
			),
			["APPROVAL_NOT_COMMITMENT", "path"],
		);
	});

	it("refuses to grant against a failing conclusion, and refuses only with a written reason", () => {
		assert.deepEqual(
			codeOf(() => act(concluded("fail"), { action: "decide", grant: true }, officer, "2026-10-09")),
			["APPROVAL_DECISION_CONTRADICTS_REVIEW", "grant"],
		);
		assert.deepEqual(
			codeOf(() => act(concluded("fail"), { action: "decide", grant: false }, officer, "2026-10-09")),
			["APPROVAL_REASON_REQUIRED", "reason"],
		);
		const r = act(
			concluded("fail"),
			{ action: "decide", grant: false, reason: "技术能力不符合要求" },
			officer,
			"2026-10-09",
		);
		assert.equal(r.step, "refused");
		assert.ok(isFinished(r));
	});
});

describe("the commitment path (告知承诺)", () => {
	const granted = () => {
		const c = draft({ path: "commitment" });
		return drive(c, [
			[submission(c, "2026-11-02"), applicant, "2026-11-02"],
			[{ action: "accept" }, officer, "2026-11-04"],
		]);
	};

	it("accepts and grants the same day without prior review, and sets the verification period", () => {
		const g = granted();
		assert.equal(g.step, "granted");
		assert.deepEqual(
			g.history.slice(1).map((h) => [h.action, h.from, h.to, h.on]),
			[
				["accept", "submitted", "accepted", "2026-11-04"],
				["decide", "accepted", "granted", "2026-11-04"],
			],
		);
		assert.deepEqual(g.decision, { grant: true, on: "2026-11-04", exceptItems: [] });
		assert.equal(g.verification!.dueBy, "2027-02-04");
		assert.equal(g.conclusion, null);
	});

	it("refuses at acceptance a field excluded since submission (the configuration is checked again)", () => {
		const c = draft({ path: "commitment" });
		const s = act(c, submission(c, "2026-11-02"), applicant, "2026-11-02");
		const stricter: ApprovalConfig = {
			...config,
			commitmentExclusions: [
				...config.commitmentExclusions,
				{
					id: "cement",
					zh: "水泥",
					en: "cement",
					basisZh: "测试",
					basisEn: "test",
					terms: ["水泥"],
					standards: [],
				},
			],
		};
		assert.deepEqual(
			codeOf(() => act(s, { action: "accept" }, officer, "2026-11-04", stricter)),
			["APPROVAL_EXCLUDED_FIELD", "capabilities[0].product"],
		);
	});

	it("schedules the verification within the period and records it as verified", () => {
		const issued = act(
			granted(),
			{ action: "issue_certificate", certificateNumber: "261112345678" },
			officer,
			"2026-11-10",
		);
		assert.ok(!isFinished(issued), "the commitment still awaits verification");
		assert.deepEqual(nextActions(issued, "officer"), ["schedule_verification"]);
		const late = refusal(() =>
			act(
				issued,
				{ action: "schedule_verification", scheduledOn: "2027-02-05", team: ["R-0001"] },
				officer,
				"2026-11-10",
			),
		);
		assert.deepEqual([late.code, late.field], ["APPROVAL_VERIFICATION_LATE", "scheduledOn"]);
		assert.match(late.en, /by 2027-02-04/);
		const s = act(
			issued,
			{ action: "schedule_verification", scheduledOn: "2027-01-15", team: ["R-0001"] },
			officer,
			"2026-11-10",
		);
		assert.equal(s.step, "verification_scheduled");
		assert.deepEqual(
			codeOf(() => act(s, { action: "record_verification", truthful: true }, officer, "2027-01-14")),
			["APPROVAL_VERIFICATION_EARLY", "on"],
		);
		const v = act(s, { action: "record_verification", truthful: true }, officer, "2027-01-15");
		assert.equal(v.step, "verified");
		assert.equal(v.creditEvent, null);
		assert.ok(isFinished(v));
	});

	it("revokes a false commitment, with findings, and makes a false_commitment credit event due", () => {
		const s = drive(granted(), [
			[{ action: "issue_certificate", certificateNumber: "261112345678" }, officer, "2026-11-10"],
			[
				{ action: "schedule_verification", scheduledOn: "2027-01-15", team: ["R-0001"] },
				officer,
				"2026-11-10",
			],
		]);
		assert.deepEqual(
			codeOf(() => act(s, { action: "record_verification", truthful: false }, officer, "2027-01-15")),
			["APPROVAL_REASON_REQUIRED", "findings"],
		);
		const r = act(
			s,
			{ action: "record_verification", truthful: false, findings: "承诺的检测设备不存在" },
			officer,
			"2027-01-15",
		);
		assert.equal(r.step, "revoked");
		assert.deepEqual(r.creditEvent, {
			kind: "false_commitment",
			on: "2027-01-15",
			labUscc: LAB,
			ref: "SH-2026-0001",
		});
		assert.ok(isFinished(r));
	});
});

describe("paper changes and cancellations: accept, then decide", () => {
	it("decides a change of name and legal representative without review, and issues the changed certificate", () => {
		const a = accepted({ type: "change", changes: ["name", "legal_representative"] });
		assert.deepEqual(nextActions(a, "officer"), ["decide"]);
		const g = act(a, { action: "decide", grant: true }, officer, "2026-09-18");
		assert.equal(g.step, "granted");
		assert.equal(
			act(g, { action: "issue_certificate", certificateNumber: "230012345678" }, officer, "2026-09-21").step,
			"issued",
		);
	});

	it("sends a change of standard to technical review", () => {
		const a = accepted({ type: "change", changes: ["standard"], capabilities: [ROWS[0]!] });
		assert.deepEqual(nextActions(a, "officer"), ["start_review"]);
		assert.deepEqual(
			codeOf(() => act(a, { action: "decide", grant: true }, officer, "2026-09-18"))[0],
			"APPROVAL_DECISION_NEEDS_CONCLUSION",
		);
	});

	it("ends a cancellation with its decision: no certificate", () => {
		const g = act(
			accepted({ type: "cancellation" }),
			{ action: "decide", grant: true },
			officer,
			"2026-09-18",
		);
		assert.equal(g.step, "granted");
		assert.ok(isFinished(g));
		assert.deepEqual(
			codeOf(() =>
				act(g, { action: "issue_certificate", certificateNumber: "230012345678" }, officer, "2026-09-18"),
			),
			["APPROVAL_NO_CERTIFICATE", "type"],
		);
	});
});

describe("withdrawal and the table of transitions", () => {
	it("lets the applicant withdraw before the decision, and nothing happens after", () => {
		const w = act(inAssessment(), { action: "withdraw", reason: "调整申请范围" }, applicant, "2026-09-25");
		assert.equal(w.step, "withdrawn");
		assert.ok(isFinished(w));
		assert.deepEqual(
			codeOf(() => act(w, { action: "conclude_review", outcome: "pass" }, reviewer, "2026-09-25")),
			["APPROVAL_STEP", "step"],
		);
	});

	it("offers each role the actions of the current step", () => {
		const c = inCorrection();
		assert.deepEqual(nextActions(c, "applicant"), ["withdraw", "submit_corrections"]);
		assert.deepEqual(nextActions(c, "reviewer"), ["close_corrections"]);
		assert.deepEqual(nextActions(draft(), "applicant"), ["submit"]);
		assert.deepEqual(nextActions(draft(), "officer"), []);
	});

	it("names every transition in Chinese and English with its steps and roles", () => {
		for (const [k, t] of Object.entries(TRANSITIONS)) {
			assert.ok(t.zh && t.en && t.from.length && t.roles.length, k);
		}
	});

	it("has exactly the transitions the scenarios above take", () => {
		// A new action fails this test until it has a scenario of its own above.
		assert.deepEqual(Object.keys(TRANSITIONS).sort(), [
			"accept",
			"close_corrections",
			"complete",
			"conclude_review",
			"decide",
			"issue_certificate",
			"not_accept",
			"record_verification",
			"report_nonconformities",
			"request_completion",
			"schedule_verification",
			"start_assessment",
			"start_review",
			"submit",
			"submit_corrections",
			"withdraw",
		]);
	});
});
