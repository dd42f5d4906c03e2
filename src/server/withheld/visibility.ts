/** Which withheld records a reader may not see, and what they are told (withheld.service.ts explains withholding). */
import { type Actor, maySeeWithheld } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { NotFoundError } from "../errors.ts";

export type WithheldKind = "certificate" | "report";

export const KIND_NAMES = {
	certificate: { zh: "证书", en: "certificate" },
	report: { zh: "检验检测报告", en: "test report" },
} as const;

/** The 404 a public read gives for a withheld record: the record exists, but is not shown. */
export function withheldError(kind: WithheldKind, number: string, since: string): NotFoundError {
	const code = kind === "certificate" ? "CERT_WITHHELD" : "REPORT_WITHHELD";
	return new NotFoundError(
		code,
		`${KIND_NAMES[kind].en} ${number} is withheld from public view since ${since} by decision of the regulator`,
		`${KIND_NAMES[kind].zh} ${number} 自 ${since} 起经监管部门决定不予公开`,
		"number",
	);
}

/**
 * The ids of withheld records a reader may not see, for searches to leave out: every withheld record,
 * except (for a body's own operators) that body's own.
 */
export async function hiddenIds(db: Db, kind: WithheldKind, visibleOrgId: number | null): Promise<number[]> {
	if (kind === "certificate") {
		let q = db.selectFrom("certificates").select("id").where("withheld_since", "is not", null);
		if (visibleOrgId !== null) q = q.where("cb_id", "!=", visibleOrgId);
		return (await q.execute()).map((r) => Number(r.id));
	}
	let q = db.selectFrom("reports").select("id").where("withheld_since", "is not", null);
	if (visibleOrgId !== null) q = q.where("lab_id", "!=", visibleOrgId);
	return (await q.execute()).map((r) => Number(r.id));
}

/** What a search by this reader must leave out: nothing for regulators, else the withheld records it may not see. */
export async function hiddenFor(
	db: Db,
	kind: WithheldKind,
	actor: Actor | null | undefined,
): Promise<number[]> {
	if (maySeeWithheld(actor ?? null, null)) return [];
	return hiddenIds(db, kind, actor?.orgId ?? null);
}
