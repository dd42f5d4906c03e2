import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Checked } from "../problem.ts";
import { completeUscc } from "../uscc.ts";
import { checkCapability } from "./capability.ts";
import { checkCertificate } from "./certificate.ts";
import { checkOrganization } from "./organization.ts";
import { checkPerson } from "./person.ts";
import { checkQualification } from "./qualification.ts";
import { checkReport } from "./report.ts";

const CB = completeUscc("91310115MA1CB001");
const HOLDER = completeUscc("91310104MA1HD001");

function rules<T>(r: Checked<T>): string[] {
	return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.rule}`);
}

const goodCert = {
	number: "000126Q0001234R0M",
	cbUscc: CB,
	holderUscc: HOLDER,
	holderName: "上海华信精密仪器有限公司",
	scheme: "QMS",
	scope: "测量仪器的设计和制造",
	issueDate: "2025-03-01",
	expiryDate: "2028-02-28",
};

describe("certificate records", () => {
	it("accepts a complete record and fills defaults", () => {
		const r = checkCertificate(goodCert);
		assert.equal(r.ok, true);
		if (!r.ok) return;
		assert.equal(r.value.status, "valid");
		assert.equal(r.value.firstIssueDate, "2025-03-01");
		assert.equal(r.value.standard, "GB/T 19001-2016/ISO 9001:2015");
	});

	it("names the field and rule of each problem, in both languages", () => {
		const r = checkCertificate({ ...goodCert, cbUscc: "91310115MA1CB0010", expiryDate: "2024-01-01" });
		assert.deepEqual(rules(r), ["cbUscc:USCC_LENGTH", "expiryDate:DATE_ORDER"]);
		if (r.ok) return;
		for (const p of r.problems) {
			assert.ok(p.messageZh.length > 0 && /[\u4e00-\u9fff]/.test(p.messageZh), p.messageZh);
			assert.ok(p.messageEn.length > 0);
		}
	});

	it("resolves the scheme from a standard and checks the number against it", () => {
		const r = checkCertificate({ ...goodCert, scheme: "", standard: "ISO 14001" });
		assert.equal(r.ok && r.value.scheme, "EMS");
		assert.deepEqual(rules(checkCertificate({ ...goodCert, scheme: "CCC", number: "2020010701123" })), [
			"number:CERT_NUMBER_FORMAT",
		]);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, scheme: "XYZ" })), ["scheme:SCHEME_UNKNOWN"]);
	});

	it("takes the CCC product code from the number and refuses a contradicting one", () => {
		const ccc = { ...goodCert, scheme: "CCC", number: "2023010701123456", expiryDate: "2030-02-28" };
		const ok = checkCertificate(ccc);
		assert.equal(ok.ok && ok.value.cccCode, "0701");
		assert.deepEqual(rules(checkCertificate({ ...ccc, cccCode: "0702" })), ["cccCode:CCC_CODE_MISMATCH"]);
	});

	it("requires a date and a reason for suspension, withdrawal and cancellation", () => {
		assert.deepEqual(rules(checkCertificate({ ...goodCert, status: "暂停" })), [
			"statusDate:REQUIRED",
			"statusReason:REQUIRED",
		]);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, status: "作废" })), ["status:ENUM"]);
	});

	it("refuses impossible dates and over-long validity", () => {
		assert.deepEqual(rules(checkCertificate({ ...goodCert, issueDate: "2025-02-30" })), [
			"issueDate:DATE_FORMAT",
		]);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, expiryDate: "2030-03-01" })), [
			"expiryDate:VALIDITY_TOO_LONG",
		]);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, firstIssueDate: "2025-04-01" })), [
			"firstIssueDate:DATE_ORDER",
		]);
	});

	it("reads the audit behind the issue, and refuses an audit after the issue or out of range", () => {
		const ok = checkCertificate({
			...goodCert,
			auditStartDate: "2025-02-10",
			auditEndDate: "2025-02-11",
			auditDays: "4.5",
			personnel: "40",
		});
		assert.ok(ok.ok);
		if (ok.ok)
			assert.deepEqual(
				[ok.value.auditStartDate, ok.value.auditEndDate, ok.value.auditDays, ok.value.personnel],
				["2025-02-10", "2025-02-11", 4.5, 40],
			);
		const none = checkCertificate(goodCert);
		if (none.ok)
			assert.deepEqual(
				[none.value.auditEndDate, none.value.auditDays, none.value.personnel],
				[null, null, null],
			);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, auditEndDate: "2099-01-01" })), [
			"auditEndDate:DATE_ORDER",
		]);
		assert.deepEqual(
			rules(checkCertificate({ ...goodCert, auditStartDate: "2025-02-12", auditEndDate: "2025-02-11" })),
			["auditEndDate:DATE_ORDER"],
		);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, auditStartDate: "2025-02-12" })), [
			"auditEndDate:REQUIRED",
		]);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, auditDays: "1.3", personnel: "0" })), [
			"auditDays:NUMBER_RANGE",
			"personnel:INTEGER_RANGE",
		]);
		assert.deepEqual(rules(checkCertificate({ ...goodCert, auditDays: "三" })), ["auditDays:NUMBER_RANGE"]);
	});

	it("reads audit teams of references and identity numbers, never echoing an identity number", () => {
		const r = checkCertificate({ ...goodCert, auditTeam: "P00000001:leader;310115197001011234" });
		assert.deepEqual(rules(r), ["auditTeam:PERSON_REF"]);
		if (!r.ok) assert.doesNotMatch(r.problems[0]!.messageZh + r.problems[0]!.messageEn, /310115197001011234/);
	});

	it("normalises full-width characters people paste", () => {
		const r = checkCertificate({ ...goodCert, number: "０００１２６Ｑ０００１２３４Ｒ０Ｍ" });
		assert.equal(r.ok && r.value.number, "000126Q0001234R0M");
	});
});

describe("report records", () => {
	const good = {
		number: "SHT2026-000001",
		labUscc: CB,
		clientName: "上海华信精密仪器有限公司",
		product: "家用电器",
		items: "泄漏电流|GB 4706.1-2005|0.1 mA|合格;电气强度|GB 4706.1-2005|无击穿|合格",
		conclusion: "合格",
		issueDate: "2026-05-01",
		docSha256: "AB".repeat(32),
	};

	it("reads items from the pipe format and from JSON", () => {
		const r = checkReport(good);
		assert.equal(r.ok && r.value.items.length, 2);
		assert.equal(r.ok && r.value.docSha256, "ab".repeat(32));
		const j = checkReport({
			...good,
			items: [{ parameter: "铅", standard: "GB 5009.12-2023", result: "未检出" }],
		});
		assert.equal(j.ok && j.value.items[0]?.conclusion, null);
	});

	it("refuses a pass verdict over a failed item, bad hashes and missing replacements", () => {
		assert.deepEqual(rules(checkReport({ ...good, items: "铅|GB 5009.12-2023|0.5|不合格" })), [
			"conclusion:CONCLUSION_CONFLICT",
		]);
		assert.deepEqual(rules(checkReport({ ...good, docSha256: "xyz" })), ["docSha256:SHA256_FORMAT"]);
		assert.deepEqual(
			rules(checkReport({ ...good, status: "replaced", statusDate: "2026-05-02", statusReason: "更正" })),
			["replacedBy:REQUIRED"],
		);
		assert.deepEqual(rules(checkReport({ ...good, items: "[oops" })), ["items:ITEMS_FORMAT"]);
	});
});

describe("organisations, qualifications, capabilities and people", () => {
	it("accepts Chinese kind and district names", () => {
		const r = checkOrganization({
			uscc: CB,
			kind: "认证机构",
			name: "上海测试认证有限公司",
			district: "浦东新区",
		});
		assert.equal(r.ok && r.value.kind, "cb");
		assert.equal(r.ok && r.value.district, "310115");
		assert.deepEqual(rules(checkOrganization({ uscc: CB, kind: "cb", name: "x", district: "南汇区" })), [
			"district:DISTRICT_UNKNOWN",
		]);
	});

	it("checks approval and CMA numbers by type", () => {
		const base = { orgUscc: CB, validFrom: "2020-01-01", validUntil: "2026-01-01" };
		assert.equal(
			checkQualification({ ...base, type: "cb_approval", number: "CNCA-R-2002-001", scope: "QMS;EMS" }).ok,
			true,
		);
		assert.deepEqual(
			rules(checkQualification({ ...base, type: "cb_approval", number: "CNCA-2002-1", scope: "QMS" })),
			["number:QUALIFICATION_NUMBER_FORMAT"],
		);
		assert.deepEqual(
			rules(checkQualification({ ...base, type: "cma", number: "230900000123", validUntil: "2019-01-01" })),
			["validUntil:DATE_ORDER"],
		);
	});

	it("checks capability rows and normalises standards", () => {
		const r = checkCapability({
			cmaNumber: "230900000123",
			field: "食品",
			product: "饮料",
			parameter: "菌落总数",
			standard: "GB  4789.2-2022",
		});
		assert.equal(r.ok && r.value.standard, "GB 4789.2-2022");
		assert.deepEqual(
			rules(
				checkCapability({ cmaNumber: "12", field: "食品", product: "饮料", parameter: "x", standard: "y" }),
			),
			["cmaNumber:QUALIFICATION_NUMBER_FORMAT"],
		);
	});

	it("checks identity numbers without repeating them", () => {
		const r = checkPerson({ idNumber: "310115197001011230", name: "张伟", roles: "审核员" });
		assert.deepEqual(rules(r), ["idNumber:ID_NUMBER_INVALID"]);
		if (!r.ok) assert.doesNotMatch(JSON.stringify(r.problems), /310115197001011230/);
		const ok = checkPerson({
			idNumber: "11010519491231002X",
			name: "张伟",
			roles: "审核员;授权签字人",
			phone: "139-1234-5678",
		});
		assert.equal(ok.ok && ok.value.phone, "13912345678");
		assert.deepEqual(ok.ok && ok.value.roles, ["auditor", "signatory"]);
	});
});
