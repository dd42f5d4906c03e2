import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApprovalError } from "./errors.ts";
import { sha } from "./fixtures.ts";
import {
	type FiledDocument,
	MATERIAL_CODES,
	MATERIALS,
	type MaterialPlanItem,
	type OnFile,
	planMaterials,
	requiredMaterials,
	validUntil,
} from "./materials.ts";

const doc = (code: FiledDocument["code"], acceptedOn: string, applicationNumber: string, n: number) => ({
	code,
	sha256: sha(n),
	acceptedOn,
	applicationNumber,
});

const byCode = (plan: MaterialPlanItem[]) => Object.fromEntries(plan.map((m) => [m.code, m]));

describe("the materials catalogue", () => {
	it("names every material in Chinese and English, and says how it may be reused", () => {
		for (const c of MATERIAL_CODES) {
			assert.ok(MATERIALS[c].zh && MATERIALS[c].en, c);
		}
		assert.deepEqual(MATERIALS.legal_entity.reuse, { from: "register" });
		assert.deepEqual(MATERIALS.site_proof.reuse, { from: "file", months: 24 });
		assert.equal(MATERIALS.commitment.reuse, null);
	});

	it("requires per type, path and kind of change; the commitment path adds the signed commitment", () => {
		const general = { path: "general" as const, changes: [] };
		assert.deepEqual(requiredMaterials({ ...general, type: "cancellation" }), [
			"application_form",
			"legal_entity",
		]);
		assert.ok(requiredMaterials({ type: "initial", path: "commitment", changes: [] }).includes("commitment"));
		assert.ok(!requiredMaterials({ ...general, type: "initial" }).includes("commitment"));
		assert.ok(requiredMaterials({ ...general, type: "renewal" }).includes("period_summary"));
		assert.deepEqual(requiredMaterials({ ...general, type: "change", changes: ["legal_representative"] }), [
			"application_form",
			"legal_entity",
			"change_evidence",
		]);
		assert.deepEqual(requiredMaterials({ ...general, type: "change", changes: ["site_moved", "standard"] }), [
			"application_form",
			"capability_list",
			"legal_entity",
			"site_proof",
			"equipment_list",
			"management_system",
			"method_verification",
			"change_evidence",
		]);
	});
});

describe("reusing what is on file (可共享复用的材料不得要求申请人重复提交)", () => {
	const onFile: OnFile = {
		registerHoldsOrganisation: true,
		documents: [
			doc("site_proof", "2025-03-10", "SH-2025-0100", 1),
			doc("site_proof", "2026-01-20", "SH-2026-0007", 2),
			doc("management_system", "2024-08-01", "SH-2024-0033", 3),
			doc("staff_list", "2026-01-20", "SH-2026-0007", 4),
			doc("equipment_list", "2026-01-20", "SH-2026-0007", 5),
			doc("signatory_materials", "2027-01-01", "SH-2027-0001", 6),
		],
	};

	it("reuses the legal-entity proof from the register and the latest valid copy of an earlier application", () => {
		const plan = byCode(
			planMaterials({ type: "renewal", path: "general", changes: [] }, onFile, "2026-10-15"),
		);
		assert.deepEqual(plan.legal_entity, {
			code: "legal_entity",
			zh: MATERIALS.legal_entity.zh,
			en: MATERIALS.legal_entity.en,
			status: "reused",
			source: { from: "register" },
		});
		assert.deepEqual(plan.site_proof!.status === "reused" && plan.site_proof!.source, {
			from: "application",
			applicationNumber: "SH-2026-0007",
			sha256: sha(2),
			acceptedOn: "2026-01-20",
			validUntil: "2028-01-19",
		});
		assert.equal(plan.staff_list!.status, "reused");
		assert.equal(plan.equipment_list!.status, "reused");
	});

	it("asks again for a copy past its validity, for one not on file, and for what is new every time", () => {
		const plan = byCode(
			planMaterials({ type: "renewal", path: "general", changes: [] }, onFile, "2026-10-15"),
		);
		assert.deepEqual(
			plan.management_system!.status === "needed" && plan.management_system!.reason,
			"expired",
		);
		assert.deepEqual(
			plan.signatory_materials!.status === "needed" && plan.signatory_materials!.reason,
			"not_on_file",
			"a copy accepted after the day does not count",
		);
		assert.equal(
			plan.application_form!.status === "needed" && plan.application_form!.reason,
			"new_each_time",
		);
		assert.equal(plan.period_summary!.status, "needed");
	});

	it("keeps a copy valid through the day before the same date N months later", () => {
		assert.equal(validUntil("2026-01-20", 12), "2027-01-19");
		const at = (on: string) =>
			planMaterials({ type: "extension", path: "general", changes: [] }, onFile, on).find(
				(m) => m.code === "staff_list",
			)!.status;
		assert.equal(at("2027-01-19"), "reused");
		assert.equal(at("2027-01-20"), "needed");
	});

	it("asks again for what the change touches, even when a valid copy is on file", () => {
		const plan = byCode(
			planMaterials({ type: "change", path: "general", changes: ["site_moved"] }, onFile, "2026-10-15"),
		);
		for (const c of ["site_proof", "equipment_list", "management_system"])
			assert.equal(plan[c]!.status === "needed" && plan[c]!.reason, "touched_by_change", c);
		const renamed = byCode(
			planMaterials({ type: "change", path: "general", changes: ["name"] }, onFile, "2026-10-15"),
		);
		assert.equal(renamed.site_proof, undefined, "a name change does not ask for the site at all");
		assert.equal(renamed.legal_entity!.status, "reused");
	});

	it("asks for the legal-entity proof only when the register holds no record of the organisation", () => {
		const plan = byCode(
			planMaterials(
				{ type: "cancellation", path: "general", changes: [] },
				{ ...onFile, registerHoldsOrganisation: false },
				"2026-10-15",
			),
		);
		assert.equal(plan.legal_entity!.status === "needed" && plan.legal_entity!.reason, "not_in_register");
	});

	it("never asks again for anything on file and still valid", () => {
		for (const type of ["initial", "renewal", "extension"] as const)
			for (const m of planMaterials({ type, path: "commitment", changes: [] }, onFile, "2026-10-15")) {
				const reusable = MATERIALS[m.code].reuse;
				const validCopy = onFile.documents.some(
					(d) =>
						d.code === m.code &&
						reusable?.from === "file" &&
						d.acceptedOn <= "2026-10-15" &&
						validUntil(d.acceptedOn, reusable.months) >= "2026-10-15",
				);
				if (validCopy || reusable?.from === "register") assert.equal(m.status, "reused", `${type} ${m.code}`);
			}
	});

	it("refuses a malformed record on file, naming it", () => {
		assert.throws(
			() =>
				planMaterials(
					{ type: "initial", path: "general", changes: [] },
					{
						registerHoldsOrganisation: true,
						documents: [{ ...doc("site_proof", "2026-01-01", "X", 1), sha256: "ABC" }],
					},
					"2026-10-15",
				),
			(e: unknown) => e instanceof ApprovalError && e.field === "onFile.documents[0].sha256",
		);
		assert.throws(
			() => planMaterials({ type: "change", path: "general", changes: [] }, onFile, "2026-10-15"),
			(e: unknown) => e instanceof ApprovalError && e.field === "changes",
		);
	});
});
