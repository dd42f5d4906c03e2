import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { distanceKm, placeOf } from "../reference/places.ts";
import { auditTimeFinding, issuedWithoutReview, md5QmsDays, overlaps } from "./audit-rules.ts";

describe("audit rules", () => {
	it("reads IAF MD 5 Table QMS at its row boundaries", () => {
		assert.deepEqual(
			[1, 5, 6, 45, 46, 65, 66, 1175, 1176, 10700, 50_000].map(md5QmsDays),
			[1.5, 1.5, 2, 4, 5, 5, 6, 13, 14, 22, 22],
		);
	});

	it("finds QMS audit time below MD 5 after its largest reduction, initial and recertification", () => {
		const c = { scheme: "QMS", personnel: 55, recertCount: 0 };
		// 55 people: 5 auditor-days; at most 30 % less is 3.5.
		assert.equal(auditTimeFinding({ ...c, auditDays: 3.5 }), null);
		assert.deepEqual(auditTimeFinding({ ...c, auditDays: 3 }), {
			tableDays: 5,
			minimumDays: 3.5,
			reportedDays: 3,
			personnel: 55,
			audit: "initial",
		});
		// A recertification: two thirds of 5 is 3.3, at least 2.3.
		assert.equal(auditTimeFinding({ ...c, recertCount: 2, auditDays: 2.5 }), null);
		assert.equal(auditTimeFinding({ ...c, recertCount: 2, auditDays: 2 })?.minimumDays, 2.3);
		// Not applied without the facts, nor to schemes whose tables need a complexity category.
		assert.equal(auditTimeFinding({ ...c, auditDays: null }), null);
		assert.equal(auditTimeFinding({ ...c, personnel: null, auditDays: 0.5 }), null);
		assert.equal(auditTimeFinding({ ...c, scheme: "EMS", auditDays: 0.5 }), null);
	});

	it("knows an issue on the audit's last day, and audits that share a day", () => {
		assert.equal(issuedWithoutReview({ issueDate: "2025-03-01", auditEndDate: "2025-03-01" }), true);
		assert.equal(issuedWithoutReview({ issueDate: "2025-03-02", auditEndDate: "2025-03-01" }), false);
		assert.equal(issuedWithoutReview({ issueDate: "2025-03-02", auditEndDate: null }), false);
		assert.equal(
			overlaps({ start: "2025-02-10", end: "2025-02-11" }, { start: "2025-02-11", end: "2025-02-11" }),
			true,
		);
		assert.equal(
			overlaps({ start: "2025-02-10", end: "2025-02-11" }, { start: "2025-02-12", end: "2025-02-13" }),
			false,
		);
	});

	it("places sites by district or by the division in the USCC, and measures the distance", () => {
		const chongming = placeOf("310151", "91310151MA1FL0000A")!;
		const jinshan = placeOf("310116", "91310116MA1FL0000A")!;
		assert.ok(Math.abs(distanceKm(chongming, jinshan) - 98) < 5, String(distanceKm(chongming, jinshan)));
		// Outside Shanghai: the city when listed (Suzhou), else the province's capital (Jiangsu: Nanjing).
		assert.equal(placeOf(null, "91320505MA1FL0000A")?.nameEn, "Suzhou");
		assert.equal(placeOf(null, "91320102MA1FL0000A")?.nameEn, "Jiangsu (Nanjing)");
		assert.equal(placeOf(null, "91990000MA1FL0000A"), null);
		const beijing = placeOf(null, "91110105MA1FL0000A")!;
		assert.ok(distanceKm(beijing, chongming) > 1000);
	});
});
