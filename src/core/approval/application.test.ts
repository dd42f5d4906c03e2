import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { needsTechnicalReview, pathAllowed, renewalTiming, renewalWindow } from "./application.ts";
import { config } from "./fixtures.ts";

describe("application types and paths", () => {
	it("opens the commitment path to first applications, renewals and extensions only", () => {
		assert.deepEqual(
			(["initial", "renewal", "extension", "change", "cancellation"] as const).map((t) =>
				pathAllowed(t, "commitment"),
			),
			[true, true, true, false, false],
		);
		assert.equal(pathAllowed("cancellation", "general"), true);
	});

	it("sends technical changes to review and decides paper changes, cancellations and commitments without", () => {
		const general = { path: "general" as const, changes: [] };
		assert.equal(needsTechnicalReview({ ...general, type: "initial" }), true);
		assert.equal(needsTechnicalReview({ ...general, type: "renewal" }), true);
		assert.equal(needsTechnicalReview({ ...general, type: "cancellation" }), false);
		assert.equal(needsTechnicalReview({ type: "initial", path: "commitment", changes: [] }), false);
		assert.equal(
			needsTechnicalReview({ ...general, type: "change", changes: ["name", "legal_representative"] }),
			false,
		);
		assert.equal(needsTechnicalReview({ ...general, type: "change", changes: ["name", "standard"] }), true);
		assert.equal(needsTechnicalReview({ ...general, type: "change", changes: ["site_moved"] }), true);
	});
});

describe("the renewal window (第十四条: 有效期届满3个月前提出)", () => {
	const rule = config.renewal;

	it("is due 3 months before expiry and opens, as configured, 6 months before", () => {
		assert.deepEqual(renewalWindow("2027-03-31", rule), { opensOn: "2026-09-30", dueBy: "2026-12-31" });
		assert.deepEqual(renewalWindow("2027-05-31", rule), { opensOn: "2026-11-30", dueBy: "2027-02-28" });
	});

	it("says whether a renewal filed on a day is early, in time, late or after expiry", () => {
		const t = (on: string) => renewalTiming("2027-03-31", on, rule);
		assert.equal(t("2026-09-29").timing, "early");
		assert.equal(t("2026-09-30").timing, "in_time");
		assert.equal(t("2026-12-31").inTime, true, "the due day itself is in time");
		assert.equal(t("2027-01-01").timing, "late");
		assert.equal(t("2027-01-01").inTime, false);
		assert.equal(t("2027-03-31").timing, "late");
		assert.equal(t("2027-04-01").timing, "expired");
	});
});
