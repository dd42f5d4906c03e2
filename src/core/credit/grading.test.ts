import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	DEFAULT_MODEL,
	fieldRiskOf,
	type GradeInputs,
	type GradingModel,
	gradeForScore,
	gradeOrganization,
	modelProblem,
} from "./grading.ts";

const AS_OF = "2026-12-01";
const quiet: GradeInputs = { fieldRisk: "low", fieldBasis: [], lastInspectedOn: "2026-03-01", events: [] };

describe("credit grading", () => {
	it("grades a quiet, recently inspected, low-risk body A with nothing to explain but its field", () => {
		const r = gradeOrganization(quiet, DEFAULT_MODEL, AS_OF);
		assert.deepEqual([r.grade, r.score, r.floor], ["A", 0, null]);
		assert.deepEqual(
			r.contributions.map((c) => c.factor),
			["field"],
		);
	});

	it("adds each factor's points with the events behind it, and sums to the score", () => {
		const r = gradeOrganization(
			{
				fieldRisk: "high",
				fieldBasis: ["CCC"],
				lastInspectedOn: null,
				events: [
					{ kind: "spot_check", outcome: "rectify", on: "2026-05-01", ref: "2026-SH-01#3" },
					{ kind: "spot_check", outcome: "rectify", on: "2026-02-01", rectified: true, ref: "2026-SH-00#9" },
					{ kind: "certificate_withdrawn", on: "2025-12-20", ref: "00126Q0001" },
					{ kind: "report_revoked", on: "2023-01-01", ref: "too old" },
				],
			},
			DEFAULT_MODEL,
			AS_OF,
		);
		const by = Object.fromEntries(r.contributions.map((c) => [c.factor, c]));
		assert.equal(by.field!.points, 15);
		assert.deepEqual(
			[by.spot_rectify!.points, by.spot_rectify!.basis],
			[15 + 8, ["2026-SH-01#3", "2026-SH-00#9"]],
		);
		assert.deepEqual(by.certificate_withdrawn!.basis, ["00126Q0001"]);
		assert.equal(by.report_revoked, undefined, "an event past its period no longer counts");
		assert.equal(by.inspection!.points, DEFAULT_MODEL.inspection.neverPoints);
		assert.equal(r.score, 15 + 23 + 12 + DEFAULT_MODEL.inspection.neverPoints);
		assert.equal(
			r.score,
			r.contributions.reduce((s, c) => s + c.points, 0),
		);
		assert.equal(r.grade, gradeForScore(r.score, DEFAULT_MODEL.thresholds));
		assert.equal(r.grade, "D");
	});

	it("puts a body failed within a year at C at least, and says so", () => {
		const r = gradeOrganization(
			{
				...quiet,
				events: [
					{ kind: "spot_check", outcome: "fail", on: "2026-06-01", ref: "2026-SH-02#1" },
					{ kind: "spot_check", outcome: "pass", on: "2026-01-01", ref: "2026-SH-01#1" },
				],
			},
			DEFAULT_MODEL,
			AS_OF,
		);
		assert.equal(r.score, 30 - 5);
		assert.equal(gradeForScore(r.score, DEFAULT_MODEL.thresholds), "B");
		assert.equal(r.grade, "C");
		assert.deepEqual(r.floor?.basis, ["2026-SH-02#1"]);
	});

	it("counts a false commitment and a confirmed scope violation, and a false commitment puts the body at C at least", () => {
		const r = gradeOrganization(
			{
				...quiet,
				events: [
					{ kind: "false_commitment", on: "2025-06-01", ref: "ZR2025000007" },
					{ kind: "scope_violation", on: "2026-09-01", ref: "沪市监处〔2026〕88号" },
				],
			},
			DEFAULT_MODEL,
			AS_OF,
		);
		const by = Object.fromEntries(r.contributions.map((c) => [c.factor, c]));
		assert.deepEqual([by.false_commitment?.points, by.scope_violation?.points], [40, 20]);
		assert.equal(r.grade, "D", "60 points and more");
		const alone = gradeOrganization(
			{ ...quiet, events: [{ kind: "false_commitment", on: "2025-06-01", ref: "ZR2025000007" }] },
			{ ...DEFAULT_MODEL, events: DEFAULT_MODEL.events.filter((e) => e.kind !== "false_commitment") },
			AS_OF,
		);
		assert.deepEqual([alone.score, alone.grade, alone.floor?.basis], [0, "C", ["ZR2025000007"]]);
	});

	it("ignores events after the day it grades as of", () => {
		const r = gradeOrganization(
			{ ...quiet, events: [{ kind: "penalty", on: "2027-01-01", ref: "later" }] },
			DEFAULT_MODEL,
			AS_OF,
		);
		assert.equal(r.grade, "A");
	});

	it("rates a field by its riskiest scheme or test field", () => {
		assert.deepEqual(fieldRiskOf(["QMS", "IATF"], [], DEFAULT_MODEL), { risk: "medium", basis: ["IATF"] });
		assert.deepEqual(fieldRiskOf(["QMS"], ["食品", "环境"], DEFAULT_MODEL), {
			risk: "high",
			basis: ["食品"],
		});
		assert.deepEqual(fieldRiskOf(["QMS"], [], DEFAULT_MODEL), { risk: "low", basis: [] });
	});

	it("names the first problem of a malformed model", () => {
		assert.equal(modelProblem(DEFAULT_MODEL), null);
		const bad = (over: Partial<GradingModel>) => modelProblem({ ...DEFAULT_MODEL, ...over });
		assert.match(bad({ version: "v2" })!, /^version/);
		assert.match(bad({ thresholds: { A: 10, B: 5, C: 50 } })!, /^thresholds/);
		assert.match(bad({ events: [DEFAULT_MODEL.events[0]!, DEFAULT_MODEL.events[0]!] })!, /^events\[1\]\.id/);
		assert.match(bad({ floors: [{ ...DEFAULT_MODEL.floors[0]!, atLeast: "A" as "B" }] })!, /^floors\[0\]/);
	});
});
