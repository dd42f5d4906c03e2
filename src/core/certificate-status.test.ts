import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	CERTIFICATE_STATUSES,
	canTransition,
	effectiveStatus,
	parseCertificateStatus,
} from "./certificate-status.ts";
import { canReportTransition, parseConclusion } from "./report-status.ts";

describe("certificate status rules", () => {
	it("allows exactly the transitions of the CNCA vocabulary", () => {
		const allowed = new Set([
			"valid>suspended",
			"valid>withdrawn",
			"valid>cancelled",
			"valid>expired",
			"suspended>valid",
			"suspended>withdrawn",
			"suspended>cancelled",
		]);
		for (const from of CERTIFICATE_STATUSES)
			for (const to of CERTIFICATE_STATUSES)
				assert.equal(canTransition(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
	});

	it("reads English codes, Chinese names and CNCA codes", () => {
		assert.equal(parseCertificateStatus("暂停"), "suspended");
		assert.equal(parseCertificateStatus("05"), "expired");
		assert.equal(parseCertificateStatus("withdrawn"), "withdrawn");
		assert.equal(parseCertificateStatus("作废"), null);
	});

	it("shows a valid certificate past its end date as expired from the next day", () => {
		assert.deepEqual(effectiveStatus("valid", "2023-01-01", "2026-05-31", "2026-06-01"), {
			status: "expired",
			since: "2026-06-01",
		});
		assert.deepEqual(effectiveStatus("valid", "2023-01-01", "2026-06-01", "2026-06-01"), {
			status: "valid",
			since: "2023-01-01",
		});
		assert.deepEqual(effectiveStatus("suspended", "2025-01-01", "2026-05-31", "2026-06-01"), {
			status: "suspended",
			since: "2025-01-01",
		});
	});
});

describe("report status rules", () => {
	it("lets a valid report be replaced or revoked, and nothing come back", () => {
		assert.equal(canReportTransition("valid", "replaced"), true);
		assert.equal(canReportTransition("valid", "revoked"), true);
		assert.equal(canReportTransition("replaced", "revoked"), true);
		assert.equal(canReportTransition("revoked", "valid"), false);
		assert.equal(canReportTransition("replaced", "valid"), false);
	});

	it("reads conclusions in both languages", () => {
		assert.equal(parseConclusion("不合格"), "fail");
		assert.equal(parseConclusion("符合"), "pass");
		assert.equal(parseConclusion("maybe"), null);
	});
});
