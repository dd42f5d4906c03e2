/**
 * "Find a lab" (supply–demand matching): which labs are qualified — by an active row of the capability
 * list under a CMA qualification valid today — to test a parameter of a product to a standard.
 */
import type { Db } from "../db/database.ts";
import * as repo from "./labs.repository.ts";

/** How many matching rows each lab shows. */
const EXAMPLES = 3;

export interface LabMatch {
	uscc: string;
	name: string;
	district: string | null;
	cma: { number: string; validUntil: string };
	inDistrict: boolean;
	matchingCapabilities: number;
	examples: { product: string; parameter: string; standard: string; limitation: string | null }[];
}

/** One page of qualified labs. */
export async function findLabs(
	db: Db,
	criteria: repo.LabCriteria,
	offset: number,
	limit: number,
): Promise<{ items: LabMatch[]; total: number; totalExact: boolean }> {
	const { rows, total } = await repo.findLabs(db, criteria, offset, limit);
	const examples = await repo.matchedCapabilities(
		db,
		criteria,
		rows.map((r) => r.org_id),
		EXAMPLES,
	);
	return {
		items: rows.map((r) => ({
			uscc: r.uscc,
			name: r.name,
			district: r.district,
			cma: { number: r.cma_number, validUntil: r.cma_valid_until },
			inDistrict: criteria.district !== undefined && r.district === criteria.district,
			matchingCapabilities: r.matches,
			examples: examples
				.filter((e) => e.org_id === r.org_id)
				.map(({ product, parameter, standard, limitation }) => ({
					product,
					parameter,
					standard,
					limitation,
				})),
		})),
		total,
		totalExact: true,
	};
}
