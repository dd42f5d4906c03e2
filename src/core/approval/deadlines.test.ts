import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ApprovalConfig } from "./config.ts";
import { type Progress, progressOf, type StageClock } from "./deadlines.ts";
import { ApprovalError } from "./errors.ts";
import {
	act,
	applicant,
	attach,
	config,
	draft,
	drive,
	officer,
	reviewer,
	submission,
	workdays,
} from "./fixtures.ts";
import type { Application } from "./workflow.ts";

/** A regulator's shortened limits, so the arithmetic below stays short enough to check by hand. */
const SHORT: ApprovalConfig = {
	...config,
	limits: { acceptance: 5, technicalReview: 10, correction: 10, decision: 20, issue: 10 },
};

const at = (a: Application, today: string, cfg: ApprovalConfig = SHORT): Progress =>
	progressOf(a, { workdays, config: cfg, today });

const stage = (p: Progress, name: StageClock["stage"]) => p.stages.findLast((s) => s.stage === name)!;

/**
 * Submitted Mon 14 Sep 2026, accepted Wed 16 Sep, document review from Thu 17, assessment from Fri 18,
 * nonconformities on Tue 22 Sep. 2026: 中秋节 Fri 25 Sep; 国庆节 Thu 1 – Wed 7 Oct; Sun 20 Sep and Sat 10 Oct
 * are worked.
 */
function correcting(): Application {
	const a = draft();
	return drive(
		a,
		[
			[submission(a, "2026-09-14"), applicant, "2026-09-14"],
			[{ action: "accept" }, officer, "2026-09-16"],
			[{ action: "start_review", team: [reviewer.id] }, officer, "2026-09-17"],
			[{ action: "start_assessment", mode: "onsite" }, reviewer, "2026-09-18"],
			[{ action: "report_nonconformities", items: [{ id: "NC1", item: "4.4" }] }, reviewer, "2026-09-22"],
		],
		SHORT,
	);
}

describe("deadlines in working days, with the waits for the applicant excluded", () => {
	it("counts the acceptance from receipt: 2 working days used of 5, due on a worked Sunday", () => {
		const a = draft();
		const s = act(a, submission(a, "2026-09-14"), applicant, "2026-09-14");
		const p = at(s, "2026-09-16");
		assert.deepEqual(
			[p.current!.stage, p.current!.used, p.current!.remaining, p.current!.dueOn, p.overdue, p.nearDue],
			// 15, 16, 17, 18 and Sun 20 Sep (worked for 国庆节).
			["acceptance", 2, 3, "2026-09-20", false, false],
		);
		assert.equal(at(s, "2026-09-18").nearDue, true, "1 working day left");
	});

	it("runs the applicant's corrections on their own clock, across 中秋 and 国庆, while the review stands still", () => {
		const c = correcting();
		const p = at(c, "2026-10-09");
		// 22 Sep + 10 working days: 23, 24, 28, 29, 30 Sep, 8, 9, 10 (Sat, worked), 12, 13 Oct.
		assert.deepEqual(
			[p.current!.stage, p.current!.used, p.current!.remaining, p.current!.dueOn, p.waitingForApplicant],
			["correction", 7, 3, "2026-10-13", true],
		);
		assert.equal(c.correction!.dueOn, "2026-10-13", "the notice and the clock agree");
		const review = stage(p, "technical_review");
		// Accepted 16 Sep; 17, 18, 20 (Sun, worked), 21, 22 Sep = 5 used before the pause.
		assert.deepEqual(
			[review.used, review.pausedDays, review.paused, review.dueOn, review.remaining],
			[5, 7, true, null, 5],
		);
		assert.equal(at(c, "2026-10-12").nearDue, true, "1 working day left for the corrections");
		const late = at(c, "2026-10-14");
		assert.deepEqual([late.overdue, late.current!.remaining, late.nearDue], [true, -1, false]);
	});

	it("moves the review's due day by the working days the corrections took", () => {
		const c = correcting();
		const resumed = act(
			c,
			{ action: "submit_corrections", corrected: ["NC1"], attachments: attach(["correction_evidence"]) },
			applicant,
			"2026-10-09",
			SHORT,
		);
		const p = at(resumed, "2026-10-12");
		// Without the pause: 16 Sep + 10 working days = 30 Sep. With it: 5 left from Fri 9 Oct → 10, 12, 13, 14, 15.
		assert.equal(workdays.add("2026-09-16", 10), "2026-09-30");
		assert.deepEqual(
			[p.current!.stage, p.current!.used, p.current!.pausedDays, p.current!.dueOn, p.current!.remaining],
			["technical_review", 7, 7, "2026-10-15", 3],
		);
		assert.equal(p.waitingForApplicant, false);
		assert.equal(at(resumed, "2026-10-14").nearDue, true);
		assert.equal(at(resumed, "2026-10-16").overdue, true);
		const corrections = stage(p, "correction");
		assert.deepEqual([corrections.endedOn, corrections.used, corrections.overdue], ["2026-10-09", 7, false]);
	});

	it("keeps review time out of the statutory period: acceptance, decision and issue only", () => {
		const c = correcting();
		const issued = drive(
			c,
			[
				[
					{ action: "submit_corrections", corrected: ["NC1"], attachments: attach(["correction_evidence"]) },
					applicant,
					"2026-10-09",
				],
				[{ action: "conclude_review", outcome: "pass" }, reviewer, "2026-10-14"],
				[{ action: "decide", grant: true }, officer, "2026-10-20"],
				[{ action: "issue_certificate", certificateNumber: "261012345678" }, officer, "2026-10-22"],
			],
			SHORT,
		);
		const p = at(issued, "2026-11-30");
		assert.equal(p.current, null, "a finished application has no running clock");
		assert.deepEqual(
			p.stages.map((s) => [s.stage, s.startedOn, s.endedOn, s.used, s.overdue]),
			[
				["acceptance", "2026-09-14", "2026-09-16", 2, false],
				["technical_review", "2026-09-16", "2026-10-14", 9, false],
				["correction", "2026-09-22", "2026-10-09", 7, false],
				["decision", "2026-10-14", "2026-10-20", 4, false],
				["issue", "2026-10-20", "2026-10-22", 2, false],
			],
		);
		assert.deepEqual(p.statutory, { used: 8, limit: 35, remaining: 27 });
	});

	it("stops the acceptance while the materials are completed (补正), across a weekend", () => {
		const a = draft();
		const waiting = drive(a, [
			[submission(a, "2026-11-06"), applicant, "2026-11-06"],
			[{ action: "request_completion", items: ["site_proof"] }, officer, "2026-11-09"],
		]);
		const paused = at(waiting, "2026-11-11", config);
		assert.deepEqual(
			[paused.current!.stage, paused.current!.paused, paused.current!.dueOn, paused.current!.remaining],
			["acceptance", true, null, 4],
		);
		assert.deepEqual([paused.waitingForApplicant, paused.nearDue, paused.overdue], [true, false, false]);
		const back = act(
			waiting,
			{ action: "complete", attachments: attach(["site_proof"]) },
			applicant,
			"2026-11-12",
		);
		// Fri 6 → Mon 9 Nov: 1 used; waited 10, 11, 12; from Thu 12: 13 used, 4 left → 13, 16, 17, 18 Nov.
		const resumed = at(back, "2026-11-13", config).current!;
		assert.deepEqual(
			[resumed.used, resumed.pausedDays, resumed.dueOn, resumed.remaining, resumed.restartedOn],
			[2, 3, "2026-11-18", 3, null],
		);
		// Configured to restart from receipt of the completed materials (行政许可法第三十二条): 5 from Thu 12 Nov.
		const restart = { ...config, completionRestartsAcceptance: true };
		const restarted = at(back, "2026-11-13", restart).current!;
		assert.deepEqual(
			[restarted.used, restarted.dueOn, restarted.remaining, restarted.restartedOn],
			[1, "2026-11-19", 4, "2026-11-12"],
		);
	});

	it("never makes a stage overdue for the time the applicant took", () => {
		const a = draft();
		const waiting = drive(a, [
			[submission(a, "2026-11-06"), applicant, "2026-11-06"],
			[{ action: "request_completion", items: ["site_proof"] }, officer, "2026-11-09"],
		]);
		assert.equal(at(waiting, "2026-12-31", config).overdue, false);
		const gone = act(waiting, { action: "withdraw" }, applicant, "2026-12-01");
		const acceptance = stage(at(gone, "2026-12-31", config), "acceptance");
		assert.deepEqual(
			[acceptance.endedOn, acceptance.used, acceptance.pausedDays > 10, acceptance.overdue],
			["2026-12-01", 1, true, false],
		);
	});

	it("is overdue from the day after the due day, even when that day is a Saturday", () => {
		const a = draft();
		const s = act(a, submission(a, "2026-11-06"), applicant, "2026-11-06");
		assert.equal(at(s, "2026-11-13", config).current!.dueOn, "2026-11-13");
		assert.deepEqual(
			[at(s, "2026-11-13", config).overdue, at(s, "2026-11-13", config).nearDue],
			[false, true],
		);
		const sat = at(s, "2026-11-14", config);
		assert.deepEqual([sat.overdue, sat.current!.remaining], [true, 0]);
		assert.deepEqual([at(s, "2026-11-16", config).current!.remaining], [-1]);
	});

	it("counts a paper change's or cancellation's decision from acceptance, and a cancellation has no issue", () => {
		const cancel = draft({ type: "cancellation" });
		const accepted = drive(cancel, [
			[submission(cancel, "2026-09-14"), applicant, "2026-09-14"],
			[{ action: "accept" }, officer, "2026-09-16"],
		]);
		const p = at(accepted, "2026-09-18", config);
		assert.deepEqual([p.current!.stage, p.current!.dueOn], ["decision", workdays.add("2026-09-16", 20)]);
		assert.equal(p.statutory.limit, 25);
	});

	it("gives the commitment path's verification its calendar-month due day", () => {
		const c = draft({ path: "commitment" });
		const issued = drive(c, [
			[submission(c, "2026-11-02"), applicant, "2026-11-02"],
			[{ action: "accept" }, officer, "2026-11-04"],
			[{ action: "issue_certificate", certificateNumber: "261112345678" }, officer, "2026-11-10"],
		]);
		const p = at(issued, "2027-02-01", config);
		assert.deepEqual(
			[p.current!.stage, p.current!.dueOn, p.current!.remaining, p.current!.limit, p.overdue],
			["verification", "2027-02-04", 3, null, false],
		);
		assert.equal(stage(p, "decision").used, 0, "accepted and decided the same day");
		assert.equal(at(issued, "2027-02-05", config).overdue, true);
	});

	it("has no clock for a draft, measures to the last step for an earlier day, and refuses a bad day", () => {
		assert.equal(at(draft(), "2026-09-02").current, null);
		const a = draft();
		const s = act(a, submission(a, "2026-09-14"), applicant, "2026-09-14");
		assert.equal(at(s, "2026-09-01").current!.used, 0);
		assert.throws(
			() => at(s, "2026-13-01"),
			(e: unknown) => e instanceof ApprovalError && e.field === "today",
		);
	});
});
