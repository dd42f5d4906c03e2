/**
 * The register's record kinds as the console writes them: the API path and permission of each, and
 * the fields of its form in the import's own names (src/core/records — the same names the CSV columns,
 * the JSON bodies and the error messages use). One form component (RecordForm) renders any of them.
 * Labels and hints come from the catalogues: `field.<kind>.<name>` and `hint.<kind>.<name>`.
 */
import { CAPABILITY_FIELDS } from "../../../core/records/capability.ts";
import { AUDIT_LIMITS, CERTIFICATE_FIELDS } from "../../../core/records/certificate.ts";
import { LIMITS } from "../../../core/records/fields.ts";
import { ORGANIZATION_FIELDS } from "../../../core/records/organization.ts";
import { PERSON_FIELDS } from "../../../core/records/person.ts";
import { QUALIFICATION_FIELDS } from "../../../core/records/qualification.ts";
import { REPORT_FIELDS } from "../../../core/records/report.ts";
import type { Action } from "../api/types.ts";
import type { CodeList } from "../components/codes.tsx";

export type ImportKind =
	| "certificates"
	| "reports"
	| "organizations"
	| "people"
	| "qualifications"
	| "capabilities";

export type FieldType =
	/** One line of text. */
	| "text"
	| "textarea"
	/** A Unified Social Credit Code. */
	| "uscc"
	/** A calendar date, kept as YYYY-MM-DD. */
	| "date"
	| "int"
	/** A number in steps of `step` (audit days come in halves). */
	| "decimal"
	/** One code of `list` (or of the options the page supplies). */
	| "select"
	/** Several codes of `list` (or of the options the page supplies). */
	| "multiselect"
	/** A list written one item per line (sent as an array). */
	| "lines"
	/** A test report's items: parameter, standard, result, conclusion. */
	| "items"
	/** A document's SHA-256, typed or computed from the file in the browser. */
	| "sha256";

export interface FieldDef<N extends string = string> {
	name: N;
	type: FieldType;
	required?: boolean;
	max?: number;
	list?: CodeList;
	/** The codes of `list` offered (default all). */
	only?: readonly string[];
	/** Cannot change once the record exists (its natural key, or what the register refuses to change). */
	fixedOnEdit?: boolean;
	/** Only asked when creating (the register ignores it on an update). */
	createOnly?: boolean;
	/** Takes the form's full width. */
	wide?: boolean;
	/** Has a hint in the catalogues (`hint.<kind>.<name>`). */
	hint?: boolean;
	/** For numbers: the largest value (int default 99) and the step (decimal). */
	maxValue?: number;
	step?: number;
}

export interface KindDef<N extends string = string> {
	/** Under /api/v1: POST /{path} writes one, POST /{path}/batch a file. */
	path: string;
	action: Action;
	/** Every column the import reads, in order (for templates). */
	columns: readonly N[];
	fields: FieldDef<N>[];
}

type Certificate = (typeof CERTIFICATE_FIELDS)[number];
type Report = (typeof REPORT_FIELDS)[number];
type Org = (typeof ORGANIZATION_FIELDS)[number];
type PersonF = (typeof PERSON_FIELDS)[number];
type Qual = (typeof QUALIFICATION_FIELDS)[number];
type Cap = (typeof CAPABILITY_FIELDS)[number];

const certificates: KindDef<Certificate> = {
	path: "certificates",
	action: "certificate.write",
	columns: CERTIFICATE_FIELDS,
	fields: [
		{ name: "number", type: "text", required: true, max: LIMITS.number, fixedOnEdit: true, hint: true },
		{ name: "cbUscc", type: "uscc", required: true, fixedOnEdit: true },
		{ name: "scheme", type: "select", list: "scheme", required: true, fixedOnEdit: true },
		{ name: "standard", type: "text", max: LIMITS.shortText, hint: true },
		{ name: "holderUscc", type: "uscc", required: true, fixedOnEdit: true },
		{ name: "holderName", type: "text", required: true, max: LIMITS.name },
		{ name: "holderDistrict", type: "select", list: "district" },
		{ name: "holderAddress", type: "text", max: LIMITS.address, createOnly: true, hint: true },
		{ name: "scope", type: "textarea", required: true, max: LIMITS.scope, wide: true },
		{ name: "sites", type: "lines", wide: true, hint: true },
		{ name: "product", type: "text", max: LIMITS.name },
		{ name: "cccCode", type: "text", max: 4, hint: true },
		{ name: "firstIssueDate", type: "date", fixedOnEdit: true, hint: true },
		{ name: "issueDate", type: "date", required: true },
		{ name: "expiryDate", type: "date", required: true },
		{ name: "surveillanceCount", type: "int" },
		{ name: "recertCount", type: "int" },
		{ name: "auditTeam", type: "lines", wide: true, hint: true },
		{ name: "auditStartDate", type: "date" },
		{ name: "auditEndDate", type: "date", hint: true },
		{
			name: "auditDays",
			type: "decimal",
			maxValue: AUDIT_LIMITS.maxDays,
			step: AUDIT_LIMITS.dayStep,
			hint: true,
		},
		{ name: "personnel", type: "int", maxValue: AUDIT_LIMITS.maxPersonnel, hint: true },
		{
			name: "status",
			type: "select",
			list: "certificateStatus",
			fixedOnEdit: true,
			hint: true,
			only: ["valid", "suspended", "withdrawn", "cancelled", "expired"],
		},
		{ name: "statusDate", type: "date", fixedOnEdit: true },
		{ name: "statusReason", type: "textarea", max: LIMITS.reason, fixedOnEdit: true, wide: true },
	],
};

const reports: KindDef<Report> = {
	path: "reports",
	action: "report.write",
	columns: REPORT_FIELDS,
	fields: [
		{ name: "number", type: "text", required: true, max: LIMITS.number, fixedOnEdit: true, hint: true },
		{ name: "labUscc", type: "uscc", required: true, fixedOnEdit: true },
		{ name: "clientName", type: "text", required: true, max: LIMITS.name },
		{ name: "clientUscc", type: "uscc" },
		{ name: "product", type: "text", required: true, max: LIMITS.name },
		{ name: "conclusion", type: "select", list: "conclusion", required: true },
		{ name: "issueDate", type: "date", required: true },
		{ name: "signatory", type: "select", hint: true },
		{ name: "items", type: "items", required: true, wide: true },
		{ name: "docSha256", type: "sha256", required: true, wide: true, hint: true },
	],
};

const organizations: KindDef<Org> = {
	path: "organizations",
	action: "organization.write",
	columns: ORGANIZATION_FIELDS,
	fields: [
		{ name: "uscc", type: "uscc", required: true, fixedOnEdit: true },
		{ name: "kind", type: "select", list: "orgKind", required: true, fixedOnEdit: true },
		{ name: "name", type: "text", required: true, max: LIMITS.name },
		{ name: "nameEn", type: "text", max: LIMITS.name },
		{ name: "district", type: "select", list: "district" },
		{ name: "address", type: "text", max: LIMITS.address },
		{ name: "status", type: "select", list: "orgStatus" },
	],
};

const people: KindDef<PersonF> = {
	path: "people",
	action: "person.write",
	columns: PERSON_FIELDS,
	fields: [
		{ name: "idNumber", type: "text", required: true, max: 22, hint: true },
		{ name: "name", type: "text", required: true, max: 50 },
		{ name: "employerUscc", type: "uscc" },
		{ name: "roles", type: "multiselect", list: "personRole", required: true },
		{ name: "qualifications", type: "lines", hint: true, wide: true },
		{ name: "districts", type: "multiselect", list: "district" },
		{ name: "phone", type: "text", max: 20, hint: true },
		{ name: "status", type: "select", list: "personStatus" },
	],
};

const qualifications: KindDef<Qual> = {
	path: "qualifications",
	action: "qualification.write",
	columns: QUALIFICATION_FIELDS,
	fields: [
		{ name: "type", type: "select", list: "qualificationType", required: true, fixedOnEdit: true },
		{ name: "number", type: "text", required: true, max: LIMITS.number, fixedOnEdit: true, hint: true },
		{ name: "orgUscc", type: "uscc", required: true, fixedOnEdit: true },
		{ name: "issuer", type: "text", max: LIMITS.name },
		{ name: "validFrom", type: "date", required: true },
		{ name: "validUntil", type: "date", required: true },
		{ name: "status", type: "select", list: "qualificationStatus" },
		{ name: "scope", type: "multiselect", list: "scheme", wide: true, hint: true },
		{ name: "note", type: "textarea", max: LIMITS.reason, wide: true },
	],
};

const capabilities: KindDef<Cap> = {
	path: "capabilities",
	action: "capability.write",
	columns: CAPABILITY_FIELDS,
	fields: [
		{ name: "cmaNumber", type: "select", required: true, fixedOnEdit: true },
		{ name: "labUscc", type: "uscc", fixedOnEdit: true },
		{ name: "field", type: "text", required: true, max: LIMITS.shortText, fixedOnEdit: true },
		{ name: "product", type: "text", required: true, max: LIMITS.name, fixedOnEdit: true },
		{ name: "parameter", type: "text", required: true, max: LIMITS.name, fixedOnEdit: true },
		{ name: "standard", type: "text", required: true, max: LIMITS.shortText, fixedOnEdit: true },
		{ name: "limitation", type: "text", max: LIMITS.reason },
		{ name: "status", type: "select", list: "capabilityStatus" },
		{ name: "signatories", type: "multiselect", hint: true, wide: true },
	],
};

/** Every kind the console writes. */
export const KINDS: Record<ImportKind, KindDef> = {
	certificates,
	reports,
	organizations,
	people,
	qualifications,
	capabilities,
};

export const IMPORT_KINDS = Object.keys(KINDS) as ImportKind[];
