import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countWorkdays } from "./calendar.ts";
import {
	act,
	applicant,
	attach,
	config,
	draft,
	drive,
	LAB,
	officer,
	reviewer,
	submission,
	workdays,
} from "./fixtures.ts";
import { type PublicProgress, publicProgress } from "./public-view.ts";
import type { Application } from "./workflow.ts";

const view = (a: Application, today: string) => publicProgress(a, { workdays, config, today });

/** Every key path in a value, e.g. `history[].step.zh`. */
function keyPaths(v: unknown, prefix = ""): string[] {
	if (Array.isArray(v)) return [...new Set(v.flatMap((x) => keyPaths(x, `${prefix}[]`)))];
	if (typeof v === "object" && v !== null)
		return Object.entries(v).flatMap(([k, x]) => [
			`${prefix}${prefix ? "." : ""}${k}`,
			...keyPaths(x, `${prefix}${prefix ? "." : ""}${k}`),
		]);
	return [];
}

const ALLOWED = [
	"number",
	"type",
	"type.code",
	"type.zh",
	"type.en",
	"path",
	"path.code",
	"path.zh",
	"path.en",
	"step",
	"step.code",
	"step.zh",
	"step.en",
	"waitingForApplicant",
	"usedWorkdays",
	"remainingWorkdays",
	"dueOn",
	"overdue",
	"statutory",
	"statutory.usedWorkdays",
	"statutory.limitWorkdays",
	"history",
	"history[].step",
	"history[].step.code",
	"history[].step.zh",
	"history[].step.en",
	"history[].on",
];

/** A general application in corrections, with a team, nonconformities and a signatory on it. */
function inCorrection(items = [{ id: "NC1", item: "授权签字人张三资格不符" }]): Application {
	const a = draft({ signatories: ["P00000012"] });
	return drive(a, [
		[submission(a, "2026-09-14"), applicant, "2026-09-14"],
		[{ action: "accept" }, officer, "2026-09-16"],
		[{ action: "start_review", team: [reviewer.id] }, officer, "2026-09-17"],
		[{ action: "start_assessment", mode: "onsite" }, reviewer, "2026-09-18"],
		[{ action: "report_nonconformities", items }, reviewer, "2026-09-22"],
	]);
}

/** A commitment found false, with the officer's findings. */
function revoked(): Application {
	const c = draft({ path: "commitment" });
	return drive(c, [
		[submission(c, "2026-11-02"), applicant, "2026-11-02"],
		[{ action: "accept" }, officer, "2026-11-04"],
		[{ action: "issue_certificate", certificateNumber: "261112345678" }, officer, "2026-11-10"],
		[{ action: "schedule_verification", scheduledOn: "2027-01-15", team: ["R-0042"] }, officer, "2026-11-10"],
		[
			{ action: "record_verification", truthful: false, findings: "技术负责人李四，手机13812345678，未在岗" },
			officer,
			"2027-01-15",
		],
	]);
}

describe("the public progress view", () => {
	it("shows the type, path, step, working days used and left, the due day and the steps with their days", () => {
		const v = view(inCorrection(), "2026-10-09");
		assert.deepEqual(v, {
			number: "SH-2026-0001",
			type: { code: "initial", zh: "首次申请", en: "initial application" },
			path: { code: "general", zh: "一般程序", en: "general procedure" },
			step: { code: "correction", zh: "整改中", en: "corrections by the applicant" },
			waitingForApplicant: true,
			usedWorkdays: 7,
			remainingWorkdays: countWorkdays(workdays, "2026-10-09", workdays.add("2026-09-22", 30)),
			dueOn: workdays.add("2026-09-22", 30),
			overdue: false,
			statutory: { usedWorkdays: 2, limitWorkdays: 35 },
			history: [
				{
					step: { code: "submitted", zh: "已提交，待受理", en: "submitted, awaiting acceptance" },
					on: "2026-09-14",
				},
				{ step: { code: "accepted", zh: "已受理", en: "accepted" }, on: "2026-09-16" },
				{ step: { code: "document_review", zh: "书面审查", en: "document review" }, on: "2026-09-17" },
				{
					step: { code: "assessment", zh: "现场评审或远程评审", en: "assessment (on site or remote)" },
					on: "2026-09-18",
				},
				{ step: { code: "correction", zh: "整改中", en: "corrections by the applicant" }, on: "2026-09-22" },
			],
		} satisfies PublicProgress);
	});

	it("holds no personal data: only whitelisted fields, and none of the people, reasons, findings or files", () => {
		for (const [a, today] of [
			[inCorrection(), "2026-10-09"],
			[revoked(), "2027-01-20"],
		] as const) {
			const v = view(a, today);
			for (const k of keyPaths(v)) assert.ok(ALLOWED.includes(k), `unexpected public field ${k}`);
			const json = JSON.stringify(v);
			for (const secret of [
				applicant.id,
				officer.id,
				reviewer.id,
				"R-0042",
				"P00000012",
				"张三",
				"李四",
				"13812345678",
				LAB,
				"actorId",
				"role",
				"team",
				"reason",
				"findings",
				"sha256",
				"labUscc",
			])
				assert.ok(!json.includes(secret), `${secret} must not be published`);
		}
	});

	it("shows a finished application with no running clock, and a revoked commitment as such", () => {
		const v = view(revoked(), "2027-01-20");
		assert.deepEqual([v.step.code, v.usedWorkdays, v.dueOn, v.overdue], ["revoked", null, null, false]);
		assert.deepEqual(
			v.history.map((h) => [h.step.code, h.on]),
			[
				["submitted", "2026-11-02"],
				["accepted", "2026-11-04"],
				["granted", "2026-11-04"],
				["issued", "2026-11-10"],
				["verification_scheduled", "2026-11-10"],
				["revoked", "2027-01-15"],
			],
		);
		const cancel = draft({ type: "cancellation" });
		const done = drive(cancel, [
			[submission(cancel, "2026-09-14"), applicant, "2026-09-14"],
			[{ action: "accept" }, officer, "2026-09-16"],
			[{ action: "decide", grant: true }, officer, "2026-09-18"],
		]);
		assert.equal(view(done, "2026-09-30").step.zh, "准予注销");
	});

	it("lists a step once when the applicant submits corrections in parts", () => {
		const c = inCorrection([
			{ id: "NC1", item: "4.2" },
			{ id: "NC2", item: "4.4" },
		]);
		const part = act(
			c,
			{ action: "submit_corrections", corrected: ["NC1"], attachments: attach(["correction_evidence"]) },
			applicant,
			"2026-10-09",
		);
		assert.equal(part.history.at(-1)!.to, "correction");
		assert.deepEqual(
			view(part, "2026-10-09").history.map((h) => h.step.code),
			["submitted", "accepted", "document_review", "assessment", "correction"],
		);
	});
});
