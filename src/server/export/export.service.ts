/**
 * Export of the register as JSON Lines, with the import's field names so a file exported here can be
 * imported elsewhere. Only public fields leave: people appear by public reference, never by identity
 * number or phone (their records therefore cannot be re-imported from an export). Certificates and
 * reports withheld from public view are left out.
 */
import * as certs from "../certificates/certificates.repository.ts";
import { asImportRecord, certificateRecord } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import type {
	CapabilityRow,
	CertificateRow,
	OrganizationRow,
	PersonRow,
	QualificationRow,
	ReportRow,
} from "../db/schema.ts";
import type { ImportKind } from "../import/import.service.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import { presentOrganization } from "../organizations/organizations.service.ts";
import { presentPerson } from "../people/people.service.ts";
import * as quals from "../qualifications/qualifications.repository.ts";
import { presentCapability, presentQualification } from "../qualifications/qualifications.service.ts";
import { reportAsImport, reportRecord } from "../reports/reports.service.ts";
import { scan } from "./export.repository.ts";

const PAGE = 2000;

/** Yields every record of a kind as a plain object, in registration order. */
export async function* exportRecords(db: Db, kind: ImportKind): AsyncGenerator<Record<string, unknown>> {
	const table = kind;
	let after = 0;
	for (;;) {
		const rows = await scan(db, table, after, PAGE);
		if (rows.length === 0) return;
		after = Number(rows[rows.length - 1]!.id);
		switch (kind) {
			case "organizations":
				for (const r of rows as unknown as OrganizationRow[]) yield { ...presentOrganization(r) };
				break;
			case "qualifications": {
				const owners = await orgs.mapById(
					db,
					(rows as unknown as QualificationRow[]).map((r) => r.org_id),
				);
				for (const r of rows as unknown as QualificationRow[])
					yield { orgUscc: owners.get(r.org_id)?.uscc, ...presentQualification(r) };
				break;
			}
			case "capabilities": {
				const list = rows as unknown as CapabilityRow[];
				const qs = new Map(
					(
						await quals.findByOrgIds(
							db,
							list.map((c) => c.org_id),
						)
					).map((q) => [q.id, q.number]),
				);
				const sigs = await quals.signatoriesOf(
					db,
					list.map((c) => c.id),
				);
				for (const c of list)
					yield { cmaNumber: qs.get(c.qualification_id), ...presentCapability(c, sigs.get(c.id) ?? []) };
				break;
			}
			case "people": {
				const list = rows as unknown as PersonRow[];
				const employers = await orgs.mapById(
					db,
					list.flatMap((p) => (p.employer_id ? [p.employer_id] : [])),
				);
				for (const p of list) {
					const { employer, ...rest } = presentPerson(
						p,
						p.employer_id ? employers.get(p.employer_id) : undefined,
					);
					yield { ...rest, employerUscc: employer?.uscc ?? null };
				}
				break;
			}
			case "certificates": {
				const list = rows as unknown as CertificateRow[];
				const parties = await orgs.mapById(
					db,
					list.flatMap((c) => [c.cb_id, c.holder_id]),
				);
				const teams = await certs.auditorsOf(
					db,
					list.map((c) => c.id),
				);
				for (const c of list) {
					if (c.withheld_since) continue;
					const rec = certificateRecord(
						c,
						parties.get(c.cb_id)!.uscc,
						parties.get(c.holder_id)!.uscc,
						teams.get(c.id) ?? [],
					);
					yield asImportRecord(rec);
				}
				break;
			}
			case "reports": {
				const list = rows as unknown as ReportRow[];
				const labs = await orgs.mapById(
					db,
					list.map((r) => r.lab_id),
				);
				for (const r of list) {
					if (r.withheld_since) continue;
					yield reportAsImport(reportRecord(r, labs.get(r.lab_id)!.uscc));
				}
				break;
			}
		}
	}
}
