/** Organisations: register, update, search and show. */
import type { OrganizationInput, OrgKind, OrgStatus } from "../../core/records/organization.ts";
import { mayActOn } from "../auth/policy.ts";
import { searchCertificates } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import type { OrganizationRow } from "../db/schema.ts";
import type { SearchPage } from "../db/search.ts";
import { NotFoundError } from "../errors.ts";
import { type BatchContext, type BatchRow, forbidden, type RowResult, rejected } from "../import/batch.ts";
import { type LogEvent, logEvents } from "../log/journal.service.ts";
import * as qualifications from "../qualifications/qualifications.repository.ts";
import { presentCapability, presentQualification } from "../qualifications/qualifications.service.ts";
import * as repo from "./organizations.repository.ts";

/** The public fields of an organisation, as the API shows them and the log hashes them. */
export interface PublicOrganization {
	uscc: string;
	kind: OrgKind;
	name: string;
	nameEn: string | null;
	district: string | null;
	address: string | null;
	status: OrgStatus;
}

/** The public view of a row (members in canonical order: the log hashes this object). */
export function presentOrganization(row: OrganizationRow): PublicOrganization {
	return {
		address: row.address,
		district: row.district,
		kind: row.kind as OrgKind,
		name: row.name,
		nameEn: row.name_en,
		status: row.status as OrgStatus,
		uscc: row.uscc,
	};
}

function orgEvent(type: string, row: OrganizationRow): LogEvent {
	return {
		type,
		subjectOrgId: row.id || null,
		subject: { kind: "organization", uscc: row.uscc },
		facts: { status: row.status },
		record: presentOrganization(row),
	};
}

/**
 * Registers new organisations and updates known ones, one result per row. The kind of a registered
 * organisation never changes (a lab does not become a CB under the same record).
 */
/**
 * Registers new organisations and updates known ones, one result per row. The kind of a registered
 * organisation never changes (a lab does not become a CB under the same record). Regulators write
 * organisations; an officer only in the districts they supervise (an organisation moving between
 * districts needs both).
 */
export async function applyOrganizations(
	trx: Db,
	rows: BatchRow<OrganizationInput>[],
	ctx: BatchContext,
): Promise<RowResult[]> {
	const stored = await repo.mapByUscc(
		trx,
		rows.map((r) => r.input.uscc),
	);
	/** The state of every organisation the batch touches, by code. */
	const touched = new Map<string, { row: OrganizationRow; original: OrganizationRow | null }>();
	const results: RowResult[] = [];
	for (const { line, input } of rows) {
		const current = touched.get(input.uscc)?.row ?? stored.get(input.uscc);
		const original = stored.get(input.uscc) ?? null;
		const allowed =
			mayActOn(ctx.actor, "organization.write", { orgId: original?.id ?? null, district: input.district }) &&
			(!original ||
				mayActOn(ctx.actor, "organization.write", { orgId: original.id, district: original.district }));
		if (!allowed) {
			results.push(
				forbidden(
					line,
					"uscc",
					"无权登记或修改该机构（须由监管部门在其辖区内办理）",
					"you may not register or change this organisation (regulators do, within their districts)",
				),
			);
			continue;
		}
		if (current) {
			if (current.kind !== input.kind) {
				results.push(
					rejected(
						line,
						"kind",
						"ORG_KIND_CONFLICT",
						`该统一社会信用代码已登记为“${current.kind}”，类型不能改为“${input.kind}”`,
						`this code is registered as '${current.kind}'; its kind cannot change to '${input.kind}'`,
					),
				);
				continue;
			}
			const next: OrganizationRow = {
				...current,
				name: input.name,
				name_en: input.nameEn,
				district: input.district,
				address: input.address,
				status: input.status,
			};
			if (sameOrg(current, next)) {
				results.push({ line, outcome: "unchanged" });
				continue;
			}
			next.updated_at = ctx.now;
			touched.set(input.uscc, { row: next, original });
			results.push({ line, outcome: "updated" });
		} else {
			touched.set(input.uscc, {
				row: {
					id: 0,
					uscc: input.uscc,
					kind: input.kind,
					name: input.name,
					name_en: input.nameEn,
					district: input.district,
					address: input.address,
					status: input.status,
					created_at: ctx.now,
					updated_at: ctx.now,
				},
				original: null,
			});
			results.push({ line, outcome: "created" });
		}
	}
	const created = [...touched.values()].filter((t) => !t.original);
	const ids = await repo.insertMany(
		trx,
		created.map(({ row: { id: _id, ...fields } }) => fields),
	);
	created.forEach((t, i) => {
		t.row.id = ids[i]!;
	});
	for (const t of touched.values()) if (t.original) await repo.update(trx, t.original.id, t.row);
	await logEvents(
		trx,
		[...touched.values()].map((t) => ({
			...orgEvent(t.original ? "organization.updated" : "organization.registered", t.row),
			before: t.original ? presentOrganization(t.original) : null,
		})),
		ctx,
	);
	return results;
}

function sameOrg(a: OrganizationRow, b: OrganizationRow): boolean {
	return (
		a.name === b.name &&
		a.name_en === b.name_en &&
		a.district === b.district &&
		a.address === b.address &&
		a.status === b.status
	);
}

/** A holder named on a certificate, registered as an enterprise when not yet known. */
export interface HolderInput {
	uscc: string;
	name: string;
	district: string | null;
	address: string | null;
}

/**
 * Finds the organisations with these codes and registers the missing ones as enterprises (a CB reports
 * a certificate before its holder has ever been registered). Returns every organisation's id by code.
 */
export async function ensureHolders(
	trx: Db,
	holders: HolderInput[],
	ctx: BatchContext,
): Promise<Map<string, number>> {
	const byUscc = await repo.idsByUscc(
		trx,
		holders.map((h) => h.uscc),
	);
	const missing = new Map<string, repo.NewOrganization>();
	for (const h of holders) {
		if (byUscc.has(h.uscc) || missing.has(h.uscc)) continue;
		missing.set(h.uscc, {
			uscc: h.uscc,
			kind: "enterprise",
			name: h.name,
			name_en: null,
			district: h.district,
			address: h.address,
			status: "active",
			created_at: ctx.now,
			updated_at: ctx.now,
		});
	}
	if (missing.size > 0) {
		const rows = [...missing.values()];
		const ids = await repo.insertMany(trx, rows);
		rows.forEach((r, i) => {
			byUscc.set(r.uscc, ids[i]!);
		});
		await logEvents(
			trx,
			rows.map((r, i) => ({ ...orgEvent("organization.registered", { ...r, id: ids[i]! }), before: null })),
			ctx,
		);
	}
	return byUscc;
}

/** Searches organisations. */
export async function searchOrganizations(
	db: Db,
	filter: repo.OrgFilter,
	offset: number,
	limit: number,
): Promise<SearchPage<PublicOrganization>> {
	const page = await repo.search(db, filter, offset, limit);
	return { ...page, items: page.items.map(presentOrganization) };
}

/** One organisation by code, or ORG_NOT_FOUND. */
export async function getOrganizationRow(db: Db, uscc: string): Promise<OrganizationRow> {
	const row = await repo.findByUscc(db, uscc);
	if (!row)
		throw new NotFoundError(
			"ORG_NOT_FOUND",
			`no organisation with USCC ${uscc} is registered`,
			`未登记统一社会信用代码为 ${uscc} 的机构或企业`,
			"uscc",
		);
	return row;
}

/** An organisation's public page: its record, qualifications, and its certificates held and issued. */
export async function getOrganizationDetail(db: Db, uscc: string, today: string) {
	const row = await getOrganizationRow(db, uscc);
	const quals = await qualifications.findByOrgIds(db, [row.id]);
	const [held, issued, caps] = await Promise.all([
		searchCertificates(db, { holderId: row.id, today }, 0, 10),
		row.kind === "cb" ? searchCertificates(db, { cbId: row.id, today }, 0, 10) : null,
		row.kind === "lab" ? qualifications.searchCapabilities(db, row.id, undefined, 0, 1) : null,
	]);
	return {
		...presentOrganization(row),
		registeredAt: row.created_at,
		updatedAt: row.updated_at,
		qualifications: quals.map(presentQualification),
		certificatesHeld: { total: held.total, totalExact: held.totalExact, latest: held.items },
		certificatesIssued: issued
			? { total: issued.total, totalExact: issued.totalExact, latest: issued.items }
			: null,
		capabilityCount: caps ? { total: caps.total, totalExact: caps.totalExact } : null,
	};
}

/** A lab's capability list, paged. */
export async function getCapabilities(
	db: Db,
	uscc: string,
	q: string | undefined,
	offset: number,
	limit: number,
) {
	const row = await getOrganizationRow(db, uscc);
	const page = await qualifications.searchCapabilities(db, row.id, q, offset, limit);
	const sigs = await qualifications.signatoriesOf(
		db,
		page.items.map((c) => c.id),
	);
	const quals = new Map((await qualifications.findByOrgIds(db, [row.id])).map((x) => [x.id, x.number]));
	return {
		...page,
		items: page.items.map((c) => ({
			cmaNumber: quals.get(c.qualification_id) ?? "",
			...presentCapability(c, sigs.get(c.id) ?? []),
		})),
	};
}
