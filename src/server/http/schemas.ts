/** Schemas shared by every route: errors, paging, nullable values. */
import { type TSchema, Type } from "typebox";
import { COUNT_CAP, MAX_OFFSET } from "../db/search.ts";

/** A value or null. */
export function Nullable<T extends TSchema>(t: T) {
	return Type.Union([t, Type.Null()]);
}

/** One step of a certificate's or report's status history (the first is its issue). */
export const HistoryEntry = Type.Object({
	from: Nullable(Type.String()),
	to: Type.String(),
	date: Type.String({ format: "date" }),
	reason: Nullable(Type.String()),
	source: Type.String({ description: "issued, import, api, seed or system (automatic expiry)" }),
});

/** The error envelope every failing request gets. */
export const ErrorBody = Type.Object(
	{
		error: Type.Object({
			code: Type.String({ description: "Stable error code, e.g. CERT_NOT_FOUND" }),
			message: Type.String({ description: "What went wrong, in English" }),
			messageZh: Type.String({ description: "What went wrong, in Chinese" }),
			field: Type.Optional(Type.String({ description: "The field at fault" })),
			rule: Type.Optional(Type.String({ description: "The rule the field broke" })),
			requestId: Type.String(),
			details: Type.Optional(Type.Unknown()),
		}),
	},
	{ title: "Error" },
);

export const PAGE_SIZE_MAX = 100;

/** Query parameters for paging. */
export const PagingQuery = {
	page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: "1-based page number" })),
	pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: 20 })),
};

/** A page of results. */
export function Page<T extends TSchema>(item: T) {
	return Type.Object({
		items: Type.Array(item),
		page: Type.Integer(),
		pageSize: Type.Integer(),
		total: Type.Integer({ description: `Matches, counted up to ${COUNT_CAP}` }),
		totalExact: Type.Boolean({ description: `False when there are more than ${COUNT_CAP} matches` }),
	});
}

/** Error responses a public read route documents. */
export const ReadErrors = { 400: ErrorBody, 404: ErrorBody };
/** The failures a write to one existing record can answer with. */
export const WriteErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export { MAX_OFFSET };
