/** Organisations: register, update, search and show. */
import type { OrganizationInput, OrgKind, OrgStatus } from "../../core/records/organization.ts";
import { searchCertificates } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import type { OrganizationRow } from "../db/schema.ts";
import type { SearchPage } from "../db/search.ts";
import { NotFoundError } from "../errors.ts";
import { type BatchContext, type BatchRow, type RowResult, rejected } from "../import/batch.ts";
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
		subject: { kind: "organization", uscc: row.uscc },
		facts: { status: row.status },
		record: presentOrganization(row),
	};
}

/**
 * Registers new organisations and updates known ones, one result per row. The kind of a registered
 * organisation never changes (a lab does not become a CB under the same record).
 */
export async function applyOrganizations(
	trx: Db,
	rows: BatchRow<OrganizationInput>[],
	ctx: BatchContext,
): Promise<RowResult[]> {
	const known = await repo.mapByUscc(
		trx,
		rows.map((r) => r.input.uscc),
	);
	const results: RowResult[] = [];
	const events: LogEvent[] = [];
	const inserts: { row: repo.NewOrganization }[] = [];
	for (const { line, input } of rows) {
		const existing = known.get(input.uscc);
		if (existing) {
			if (existing.kind !== input.kind) {
				results.push(
					rejected(
						line,
						"kind",
						"ORG_KIND_CONFLICT",
						`该统一社会信用代码已登记为“${existing.kind}”，类型不能改为“${input.kind}”`,
						`this code is registered as '${existing.kind}'; its kind cannot change to '${input.kind}'`,
					),
				);
				continue;
			}
			const next: OrganizationRow = {
				...existing,
				name: input.name,
				name_en: input.nameEn,
				district: input.district,
				address: input.address,
				status: input.status,
			};
			if (sameOrg(existing, next)) {
				results.push({ line, outcome: "unchanged" });
				continue;
			}
			next.updated_at = ctx.now;
			if (existing.id > 0) await repo.update(trx, existing.id, next);
			else {
				// Registered earlier in this batch and not yet written: update the pending insert.
				const pending = inserts.find((p) => p.row.uscc === input.uscc)!;
				const { id: _id, ...fields } = next;
				pending.row = fields;
			}
			known.set(input.uscc, next);
			events.push(orgEvent("organization.updated", next));
			results.push({ line, outcome: "updated" });
		} else {
			const row: repo.NewOrganization = {
				uscc: input.uscc,
				kind: input.kind,
				name: input.name,
				name_en: input.nameEn,
				district: input.district,
				address: input.address,
				status: input.status,
				created_at: ctx.now,
				updated_at: ctx.now,
			};
			inserts.push({ row });
			known.set(input.uscc, { ...row, id: 0 });
			events.push(orgEvent("organization.registered", { ...row, id: 0 }));
			results.push({ line, outcome: "created" });
		}
	}
	await repo.insertMany(
		trx,
		inserts.map((p) => p.row),
	);
	await logEvents(trx, events, ctx.now);
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
 * a certificate before its holder has ever been registered). Returns every organisation by code.
 */
export async function ensureHolders(
	trx: Db,
	holders: HolderInput[],
	ctx: BatchContext,
): Promise<Map<string, OrganizationRow>> {
	const byUscc = await repo.mapByUscc(
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
			byUscc.set(r.uscc, { ...r, id: ids[i]! });
		});
		await logEvents(
			trx,
			rows.map((r, i) => orgEvent("organization.registered", { ...r, id: ids[i]! })),
			ctx.now,
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
