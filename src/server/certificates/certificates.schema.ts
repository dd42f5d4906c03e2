/** HTTP schemas for certificates (they are also the OpenAPI document). */
import { Type } from "typebox";
import { CERTIFICATE_STATUSES } from "../../core/certificate-status.ts";
import { HistoryEntry, Nullable, PagingQuery } from "../http/schemas.ts";

const Party = Type.Object({ uscc: Type.String(), name: Type.String() });

export const CertificateSummary = Type.Object(
	{
		number: Type.String(),
		scheme: Type.String({ description: "Scheme code, see /api/v1/reference" }),
		standard: Type.String(),
		cb: Party,
		holder: Type.Object({ uscc: Type.String(), name: Type.String(), district: Nullable(Type.String()) }),
		scope: Type.String(),
		product: Nullable(Type.String()),
		issueDate: Type.String({ format: "date" }),
		expiryDate: Type.String({ format: "date" }),
		status: Type.Enum(CERTIFICATE_STATUSES, {
			description: "Effective status: a valid certificate past its end date reads as expired",
		}),
		statusSince: Type.String({ format: "date" }),
	},
	{ title: "CertificateSummary" },
);

export const CertificateDetail = Type.Object(
	{
		...CertificateSummary.properties,
		schemeKind: Nullable(Type.String()),
		sites: Type.Array(Type.String()),
		cccCode: Nullable(Type.String()),
		firstIssueDate: Type.String({ format: "date" }),
		surveillanceCount: Type.Integer(),
		recertCount: Type.Integer(),
		statusReason: Nullable(Type.String()),
		withheldSince: Nullable(
			Type.String({
				format: "date",
				description:
					"Since when the record is withheld from public view by the regulator; only regulators and the issuing body see a withheld record",
			}),
		),
		audit: Nullable(
			Type.Object(
				{
					start: Nullable(Type.String({ format: "date", description: "First day of the audit on site" })),
					end: Nullable(Type.String({ format: "date", description: "Last day of the audit on site" })),
					days: Nullable(Type.Number({ description: "Audit time in auditor-days" })),
					personnel: Nullable(
						Type.Integer({ description: "Effective personnel within the scope (IAF MD 5)" }),
					),
				},
				{ description: "The audit behind the current issue, as the body reported it" },
			),
		),
		auditTeam: Type.Array(Type.Object({ ref: Type.String(), name: Type.String(), role: Type.String() })),
		history: Type.Array(HistoryEntry),
		logIndex: Nullable(
			Type.Integer({ description: "Index of the newest transparency-log entry about this certificate" }),
		),
	},
	{ title: "CertificateDetail" },
);

export const CertificateSearchQuery = Type.Object({
	q: Type.Optional(
		Type.String({
			maxLength: 100,
			description: "Words that must all occur in the number, holder name or scope (Chinese substrings)",
		}),
	),
	uscc: Type.Optional(Type.String({ maxLength: 18, description: "Holder's USCC" })),
	cb: Type.Optional(Type.String({ maxLength: 18, description: "Issuing certification body's USCC" })),
	status: Type.Optional(Type.Enum(CERTIFICATE_STATUSES)),
	standard: Type.Optional(
		Type.String({
			maxLength: 60,
			description: "Scheme code or standard, e.g. QMS, GB/T 19001-2016, ISO 9001",
		}),
	),
	district: Type.Optional(Type.String({ maxLength: 10, description: "Holder's district code, e.g. 310115" })),
	kind: Type.Optional(Type.Enum(["management", "product", "service"], { description: "Kind of scheme" })),
	...PagingQuery,
});

export const CertificateParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
export const CertificateQuery = Type.Object({
	issuer: Type.Optional(
		Type.String({ maxLength: 18, description: "The issuing CB's USCC, when several CBs use the number" }),
	),
});

export const CertificateStatusBody = Type.Object(
	{
		issuer: Type.Optional(
			Type.String({ maxLength: 18, description: "The issuing CB's USCC, when several CBs use the number" }),
		),
		status: Type.Enum(CERTIFICATE_STATUSES),
		date: Type.Optional(
			Type.String({ format: "date", description: "When the status took effect (default today)" }),
		),
		reason: Type.Optional(Type.String({ maxLength: 500 })),
	},
	{ additionalProperties: false },
);
