/** HTTP schemas for test reports. */
import { Type } from "typebox";
import { CONCLUSIONS, REPORT_STATUSES } from "../../core/report-status.ts";
import { HistoryEntry, Nullable, PagingQuery } from "../http/schemas.ts";

export const ReportSummary = Type.Object(
	{
		number: Type.String(),
		lab: Type.Object({ uscc: Type.String(), name: Type.String() }),
		clientName: Type.String(),
		product: Type.String(),
		conclusion: Type.Enum(CONCLUSIONS),
		issueDate: Type.String({ format: "date" }),
		status: Type.Enum(REPORT_STATUSES),
		statusSince: Type.String({ format: "date" }),
	},
	{ title: "ReportSummary" },
);

export const ReportDetail = Type.Object(
	{
		...ReportSummary.properties,
		clientUscc: Nullable(Type.String()),
		items: Type.Array(
			Type.Object({
				parameter: Type.String(),
				standard: Type.String(),
				result: Nullable(Type.String()),
				conclusion: Nullable(Type.Enum(CONCLUSIONS)),
			}),
		),
		signatory: Nullable(Type.Object({ ref: Type.String(), name: Type.String() })),
		docSha256: Type.String({ description: "SHA-256 of the report document (hex)" }),
		statusReason: Nullable(Type.String()),
		replacedBy: Nullable(Type.String()),
		withheldSince: Nullable(
			Type.String({
				format: "date",
				description:
					"Since when the record is withheld from public view by the regulator; only regulators and the issuing body see a withheld record",
			}),
		),
		history: Type.Array(HistoryEntry),
		logIndex: Nullable(
			Type.Integer({ description: "Index of the newest transparency-log entry about this report" }),
		),
	},
	{ title: "ReportDetail" },
);

export const ReportSearchQuery = Type.Object({
	q: Type.Optional(
		Type.String({ maxLength: 100, description: "Words in the number, client name or product" }),
	),
	lab: Type.Optional(Type.String({ maxLength: 18, description: "Issuing lab's USCC" })),
	client: Type.Optional(Type.String({ maxLength: 18, description: "Client's USCC" })),
	status: Type.Optional(Type.Enum(REPORT_STATUSES)),
	conclusion: Type.Optional(Type.Enum(CONCLUSIONS)),
	...PagingQuery,
});

export const ReportParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
export const ReportQuery = Type.Object({
	lab: Type.Optional(
		Type.String({ maxLength: 18, description: "The issuing lab's USCC, when several labs use the number" }),
	),
});

export const ReportStatusBody = Type.Object(
	{
		lab: Type.Optional(
			Type.String({ maxLength: 18, description: "The issuing lab's USCC, when several labs use the number" }),
		),
		status: Type.Enum(["replaced", "revoked"]),
		date: Type.Optional(Type.String({ format: "date" })),
		reason: Type.Optional(Type.String({ maxLength: 500 })),
		replacedBy: Type.Optional(
			Type.String({ maxLength: 64, description: "The number of the report that replaces this one" }),
		),
	},
	{ additionalProperties: false },
);
