/** HTTP schemas for organisations, their qualifications and capability lists. */
import { Type } from "typebox";
import { ORG_KINDS, ORG_STATUSES } from "../../core/records/organization.ts";
import { CertificateSummary } from "../certificates/certificates.schema.ts";
import { Nullable, PagingQuery } from "../http/schemas.ts";

export const Organization = Type.Object(
	{
		uscc: Type.String({ description: "Unified Social Credit Code (GB 32100)" }),
		kind: Type.Enum(ORG_KINDS),
		name: Type.String(),
		nameEn: Nullable(Type.String()),
		district: Nullable(Type.String({ description: "GB/T 2260 district code" })),
		address: Nullable(Type.String()),
		status: Type.Enum(ORG_STATUSES),
	},
	{ title: "Organization" },
);

export const Qualification = Type.Object(
	{
		type: Type.Enum(["cb_approval", "cma"]),
		number: Type.String(),
		issuer: Nullable(Type.String()),
		validFrom: Type.String({ format: "date" }),
		validUntil: Type.String({ format: "date" }),
		status: Type.String(),
		scope: Type.Array(Type.String(), { description: "Scheme codes a CB may certify" }),
		note: Nullable(Type.String()),
	},
	{ title: "Qualification" },
);

const Count = Type.Object({ total: Type.Integer(), totalExact: Type.Boolean() });

export const OrganizationDetail = Type.Object(
	{
		...Organization.properties,
		registeredAt: Type.String({ format: "date-time" }),
		updatedAt: Type.String({ format: "date-time" }),
		qualifications: Type.Array(Qualification),
		certificatesHeld: Type.Object({ ...Count.properties, latest: Type.Array(CertificateSummary) }),
		certificatesIssued: Nullable(
			Type.Object({ ...Count.properties, latest: Type.Array(CertificateSummary) }),
		),
		capabilityCount: Nullable(Count),
	},
	{ title: "OrganizationDetail" },
);

export const Capability = Type.Object(
	{
		cmaNumber: Type.String(),
		field: Type.String(),
		product: Type.String(),
		parameter: Type.String(),
		standard: Type.String(),
		limitation: Nullable(Type.String()),
		status: Type.String(),
		signatories: Type.Array(Type.String(), {
			description: "Public references of the authorised signatories",
		}),
	},
	{ title: "Capability" },
);

export const OrganizationSearchQuery = Type.Object({
	q: Type.Optional(
		Type.String({ maxLength: 100, description: "Words in the name, English name, USCC or address" }),
	),
	kind: Type.Optional(Type.Enum(ORG_KINDS)),
	district: Type.Optional(Type.String({ maxLength: 10 })),
	status: Type.Optional(Type.Enum(ORG_STATUSES)),
	uscc: Type.Optional(Type.String({ maxLength: 18 })),
	...PagingQuery,
});

export const UsccParams = Type.Object({ uscc: Type.String({ minLength: 1, maxLength: 40 }) });

export const OrgCertificatesQuery = Type.Object({
	role: Type.Optional(Type.Enum(["holder", "issuer"], { default: "holder" })),
	...PagingQuery,
});

export const CapabilitiesQuery = Type.Object({
	q: Type.Optional(Type.String({ maxLength: 100 })),
	...PagingQuery,
});
