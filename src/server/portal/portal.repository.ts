/** SQL the portal needs beyond the register's own services: the figures on the home page. */
import type { Db } from "../db/database.ts";

export interface StatsRow {
	certificates: number;
	validCertificates: number;
	reports: number;
	cbs: number;
	labs: number;
}

export async function registerStats(db: Db, today: string): Promise<StatsRow> {
	const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
	const [certificates, validCertificates, reports, cbs, labs] = await Promise.all([
		count(
			db
				.selectFrom("certificates")
				.select((eb) => eb.fn.countAll().as("n"))
				.executeTakeFirst(),
		),
		count(
			db
				.selectFrom("certificates")
				.select((eb) => eb.fn.countAll().as("n"))
				.where("status", "=", "valid")
				.where("expiry_date", ">=", today)
				.executeTakeFirst(),
		),
		count(
			db
				.selectFrom("reports")
				.select((eb) => eb.fn.countAll().as("n"))
				.executeTakeFirst(),
		),
		count(
			db
				.selectFrom("organizations")
				.select((eb) => eb.fn.countAll().as("n"))
				.where("kind", "=", "cb")
				.where("status", "=", "active")
				.executeTakeFirst(),
		),
		count(
			db
				.selectFrom("organizations")
				.select((eb) => eb.fn.countAll().as("n"))
				.where("kind", "=", "lab")
				.where("status", "=", "active")
				.executeTakeFirst(),
		),
	]);
	return { certificates, validCertificates, reports, cbs, labs };
}
