/** HTTP schemas for "find a lab". */
import { Type } from "typebox";
import { Nullable, PagingQuery } from "../http/schemas.ts";

export const LabSearchQuery = Type.Object({
	product: Type.Optional(
		Type.String({ maxLength: 100, description: "Product or object tested, e.g. 电线电缆" }),
	),
	parameter: Type.Optional(Type.String({ maxLength: 100, description: "Parameter tested, e.g. 导体电阻" })),
	standard: Type.Optional(Type.String({ maxLength: 100, description: "Test standard, e.g. GB/T 3048.4" })),
	district: Type.Optional(
		Type.String({ maxLength: 10, description: "Shanghai district code or name: labs there come first" }),
	),
	...PagingQuery,
});

export const LabMatch = Type.Object(
	{
		uscc: Type.String(),
		name: Type.String(),
		district: Nullable(Type.String()),
		cma: Type.Object({ number: Type.String(), validUntil: Type.String({ format: "date" }) }),
		inDistrict: Type.Boolean({ description: "The lab is in the district asked for" }),
		matchingCapabilities: Type.Integer({ description: "Rows of its capability list that match" }),
		examples: Type.Array(
			Type.Object({
				product: Type.String(),
				parameter: Type.String(),
				standard: Type.String(),
				limitation: Nullable(Type.String()),
			}),
			{ description: "The first few matching rows" },
		),
	},
	{ title: "LabMatch" },
);
