/**
 * SQL for reverse tracing. Every query takes a whole frontier (one query per relation per hop) and reads
 * ids in chunks; the fan-out queries read at most `limit` rows per frontier key, newest first, as a
 * UNION ALL of small index-range scans so a body with thousands of certificates costs `limit` rows, not
 * thousands. Withheld certificates and reports are left out unless the caller may see them. Nothing here
 * reads person_private.
 */
import type { SelectQueryBuilder } from "kysely";
import type { Db } from "../db/database.ts";
import type { Database } from "../db/schema.ts";

/** Ids per `in (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;
/** Keys per UNION ALL: SQLite allows 500 terms in one compound select. */
const UNION_CHUNK = 200;

function chunks<T>(xs: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
	return out;
}

/** One link from a frontier key to a record id. */
export interface Link<K> {
	key: K;
	id: number;
}

export interface OrgRow {
	id: number;
	uscc: string;
	name: string;
	kind: string;
	district: string | null;
	status: string;
}

export interface CertRow {
	id: number;
	number: string;
	scheme: string;
	status: string;
	cb_id: number;
	holder_id: number;
	holder_name: string;
	product: string | null;
	expiry_date: string;
	withheld_since: string | null;
	cb_uscc: string;
}

export interface ReportRow {
	id: number;
	number: string;
	lab_id: number;
	client_uscc: string | null;
	product: string;
	conclusion: string;
	issue_date: string;
	status: string;
	signatory_id: number | null;
	withheld_since: string | null;
	lab_uscc: string;
}

export interface PersonRow {
	id: number;
	name: string;
	status: string;
	roles_json: string;
	employer_id: number | null;
	employer_uscc: string | null;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function orgsByIds(db: Db, ids: readonly number[]): Promise<OrgRow[]> {
	const out: OrgRow[] = [];
	for (const c of chunks(ids, CHUNK)) {
		const rows = await db
			.selectFrom("organizations")
			.select(["id", "uscc", "name", "kind", "district", "status"])
			.where("id", "in", c)
			.execute();
		for (const r of rows) out.push({ ...r, id: num(r.id) });
	}
	return out;
}

export async function orgsByUscc(db: Db, usccs: readonly string[]): Promise<OrgRow[]> {
	const out: OrgRow[] = [];
	for (const c of chunks(usccs, CHUNK)) {
		const rows = await db
			.selectFrom("organizations")
			.select(["id", "uscc", "name", "kind", "district", "status"])
			.where("uscc", "in", c)
			.execute();
		for (const r of rows) out.push({ ...r, id: num(r.id) });
	}
	return out;
}

function certSelect(db: Db) {
	return db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.select([
			"c.id",
			"c.number",
			"c.scheme",
			"c.status",
			"c.cb_id",
			"c.holder_id",
			"c.holder_name",
			"c.product",
			"c.expiry_date",
			"c.withheld_since",
			"cb.uscc as cb_uscc",
		]);
}

function toCert(r: {
	id: unknown;
	cb_id: unknown;
	holder_id: unknown;
	withheld_since: string | null;
}): Pick<CertRow, "id" | "cb_id" | "holder_id"> {
	return { id: num(r.id), cb_id: num(r.cb_id), holder_id: num(r.holder_id) };
}

/** The USCCs of a few organisations by id (the issuers or labs of a batch of records). */
async function usccsOf(db: Db, ids: Iterable<number>): Promise<Map<number, string>> {
	return new Map((await orgsByIds(db, [...new Set(ids)])).map((o) => [o.id, o.uscc]));
}

/**
 * Certificates by id. The issuer's USCC comes from one lookup of the batch's few issuers rather than a
 * join per row: a trace loads up to thousands of certificates at a hop, from a few bodies.
 */
export async function certsByIds(db: Db, ids: readonly number[]): Promise<CertRow[]> {
	const rows: Omit<CertRow, "cb_uscc">[] = [];
	for (const c of chunks(ids, CHUNK)) {
		const page = await db
			.selectFrom("certificates")
			.select([
				"id",
				"number",
				"scheme",
				"status",
				"cb_id",
				"holder_id",
				"holder_name",
				"product",
				"expiry_date",
				"withheld_since",
			])
			.where("id", "in", c)
			.execute();
		for (const r of page) rows.push({ ...r, ...toCert(r) });
	}
	const usccs = await usccsOf(
		db,
		rows.map((r) => r.cb_id),
	);
	return rows.map((r) => ({ ...r, cb_uscc: usccs.get(r.cb_id) ?? "" }));
}

/** Certificates with this number (any issuer), optionally of one issuer. */
export async function certsByNumber(db: Db, number: string, cbUscc: string | null): Promise<CertRow[]> {
	let q = certSelect(db).where("c.number", "=", number);
	if (cbUscc !== null) q = q.where("cb.uscc", "=", cbUscc);
	const rows = await q.orderBy("c.id").limit(20).execute();
	return rows.map((r) => ({ ...r, ...toCert(r) }));
}

function reportSelect(db: Db) {
	return db
		.selectFrom("reports as r")
		.innerJoin("organizations as lab", "lab.id", "r.lab_id")
		.select([
			"r.id",
			"r.number",
			"r.lab_id",
			"r.client_uscc",
			"r.product",
			"r.conclusion",
			"r.issue_date",
			"r.status",
			"r.signatory_id",
			"r.withheld_since",
			"lab.uscc as lab_uscc",
		]);
}

function toReport(r: { id: unknown; lab_id: unknown; signatory_id: unknown }) {
	return { id: num(r.id), lab_id: num(r.lab_id), signatory_id: numOrNull(r.signatory_id) };
}

/** Reports by id; the labs' USCCs as for certificates. */
export async function reportsByIds(db: Db, ids: readonly number[]): Promise<ReportRow[]> {
	const rows: Omit<ReportRow, "lab_uscc">[] = [];
	for (const c of chunks(ids, CHUNK)) {
		const page = await db
			.selectFrom("reports")
			.select([
				"id",
				"number",
				"lab_id",
				"client_uscc",
				"product",
				"conclusion",
				"issue_date",
				"status",
				"signatory_id",
				"withheld_since",
			])
			.where("id", "in", c)
			.execute();
		for (const r of page) rows.push({ ...r, ...toReport(r) });
	}
	const usccs = await usccsOf(
		db,
		rows.map((r) => r.lab_id),
	);
	return rows.map((r) => ({ ...r, lab_uscc: usccs.get(r.lab_id) ?? "" }));
}

/** Reports with this number (any lab), optionally of one lab. */
export async function reportsByNumber(db: Db, number: string, labUscc: string | null): Promise<ReportRow[]> {
	let q = reportSelect(db).where("r.number", "=", number);
	if (labUscc !== null) q = q.where("lab.uscc", "=", labUscc);
	const rows = await q.orderBy("r.id").limit(20).execute();
	return rows.map((r) => ({ ...r, ...toReport(r) }));
}

export async function peopleByIds(db: Db, ids: readonly number[]): Promise<PersonRow[]> {
	const out: PersonRow[] = [];
	for (const c of chunks(ids, CHUNK)) {
		const rows = await db
			.selectFrom("people as p")
			.leftJoin("organizations as e", "e.id", "p.employer_id")
			.select(["p.id", "p.name", "p.status", "p.roles_json", "p.employer_id", "e.uscc as employer_uscc"])
			.where("p.id", "in", c)
			.execute();
		for (const r of rows) out.push({ ...r, id: num(r.id), employer_id: numOrNull(r.employer_id) });
	}
	return out;
}

/**
 * The fan-out queries. Each builds, for one key, a query selecting `k` (the key) and `id`, ordered
 * newest first and limited; the keys of a frontier are joined by UNION ALL, UNION_CHUNK at a time.
 */
type Branch<K> = (
	db: Db,
	key: K,
	limit: number,
	// biome-ignore lint/suspicious/noExplicitAny: each branch reads its own tables; only {k, id} matters here
) => SelectQueryBuilder<Database, any, { k: unknown; id: unknown }>;

async function fanOut<K extends string | number>(
	db: Db,
	keys: readonly K[],
	limit: number,
	branch: Branch<K>,
): Promise<Link<K>[]> {
	const out: Link<K>[] = [];
	for (const c of chunks(keys, UNION_CHUNK)) {
		const [first, ...rest] = c.map((k, i) =>
			db.selectFrom(branch(db, k, limit).as(`b${i}`)).select(["k", "id"]),
		);
		if (!first) continue;
		const q = rest.reduce((acc, b) => acc.unionAll(b), first);
		for (const r of await q.execute())
			out.push({ key: (typeof c[0] === "number" ? num(r.k) : String(r.k)) as K, id: num(r.id) });
	}
	return out;
}

/**
 * For relations where one key has few rows (an audit team, a holder's certificates, a body's staff): one
 * plain `in (…)` query per chunk, every row read, the bound applied here. Cheaper than a UNION ALL of
 * hundreds of branches when the rows are few anyway.
 */
async function fewPerKey<K extends string | number>(
	keys: readonly K[],
	limit: number,
	query: (chunk: K[]) => Promise<{ k: unknown; id: unknown }[]>,
): Promise<Link<K>[]> {
	const out: Link<K>[] = [];
	for (const c of chunks(keys, CHUNK)) {
		const seen = new Map<string, number>();
		for (const r of await query(c)) {
			const n = (seen.get(String(r.k)) ?? 0) + 1;
			seen.set(String(r.k), n);
			if (n <= limit)
				out.push({ key: (typeof c[0] === "number" ? num(r.k) : String(r.k)) as K, id: num(r.id) });
		}
	}
	return out;
}

/** Certificates held by these organisations (holder_id): a holder has a few. */
export function certsOfHolders(db: Db, orgIds: readonly number[], limit: number, withheld: boolean) {
	return fewPerKey(orgIds, limit, (c) =>
		db
			.selectFrom("certificates")
			.select(["holder_id as k", "id"])
			.where("holder_id", "in", c)
			.$if(!withheld, (q) => q.where("withheld_since", "is", null))
			.orderBy("holder_id")
			.orderBy("id", "desc")
			.execute(),
	);
}

/** Certificates issued by these bodies (cb_id). */
export function certsOfBodies(db: Db, orgIds: readonly number[], limit: number, withheld: boolean) {
	return fanOut(db, orgIds, limit, (d, k, n) =>
		d
			.selectFrom("certificates")
			.select(["cb_id as k", "id"])
			.where("cb_id", "=", k)
			.$if(!withheld, (q) => q.where("withheld_since", "is", null))
			.orderBy("id", "desc")
			.limit(n),
	);
}

/** Certificates for these products, as stored. */
export function certsOfProducts(db: Db, products: readonly string[], limit: number, withheld: boolean) {
	return fanOut(db, products, limit, (d, k, n) =>
		d
			.selectFrom("certificates")
			.select(["product as k", "id"])
			.where("product", "=", k)
			.$if(!withheld, (q) => q.where("withheld_since", "is", null))
			.orderBy("id", "desc")
			.limit(n),
	);
}

/** Certificates these people audited (an auditor may have audited thousands). */
export function certsOfAuditors(db: Db, personIds: readonly number[], limit: number, withheld: boolean) {
	return fanOut(db, personIds, limit, (d, k, n) =>
		withheld
			? d
					.selectFrom("certificate_auditors")
					.select(["person_id as k", "certificate_id as id"])
					.where("person_id", "=", k)
					.orderBy("certificate_id", "desc")
					.limit(n)
			: d
					.selectFrom("certificate_auditors as ca")
					.innerJoin("certificates as c", "c.id", "ca.certificate_id")
					.select(["ca.person_id as k", "ca.certificate_id as id"])
					.where("ca.person_id", "=", k)
					.where("c.withheld_since", "is", null)
					.orderBy("ca.certificate_id", "desc")
					.limit(n),
	);
}

/** The audit teams of these certificates: a few people each. */
export function auditorsOfCerts(db: Db, certIds: readonly number[], limit: number) {
	return fewPerKey(certIds, limit, (c) =>
		db
			.selectFrom("certificate_auditors")
			.select(["certificate_id as k", "person_id as id"])
			.where("certificate_id", "in", c)
			.orderBy("certificate_id")
			.orderBy("person_id")
			.execute(),
	);
}

/** Reports these labs issued. */
export function reportsOfLabs(db: Db, orgIds: readonly number[], limit: number, withheld: boolean) {
	return fanOut(db, orgIds, limit, (d, k, n) =>
		d
			.selectFrom("reports")
			.select(["lab_id as k", "id"])
			.where("lab_id", "=", k)
			.$if(!withheld, (q) => q.where("withheld_since", "is", null))
			.orderBy("id", "desc")
			.limit(n),
	);
}

/** Reports these organisations (by USCC) commissioned. */
export function reportsOfClients(db: Db, usccs: readonly string[], limit: number, withheld: boolean) {
	return fanOut(db, usccs, limit, (d, k, n) =>
		d
			.selectFrom("reports")
			.select(["client_uscc as k", "id"])
			.where("client_uscc", "=", k)
			.$if(!withheld, (q) => q.where("withheld_since", "is", null))
			.orderBy("id", "desc")
			.limit(n),
	);
}

/** Reports these people signed. */
export function reportsOfSignatories(db: Db, personIds: readonly number[], limit: number, withheld: boolean) {
	return fanOut(db, personIds, limit, (d, k, n) =>
		d
			.selectFrom("reports")
			.select(["signatory_id as k", "id"])
			.where("signatory_id", "=", k)
			.$if(!withheld, (q) => q.where("withheld_since", "is", null))
			.orderBy("id", "desc")
			.limit(n),
	);
}

/** Reports for these products, as stored. */
export function reportsOfProducts(db: Db, products: readonly string[], limit: number, withheld: boolean) {
	return fanOut(db, products, limit, (d, k, n) =>
		d
			.selectFrom("reports")
			.select(["product as k", "id"])
			.where("product", "=", k)
			.$if(!withheld, (q) => q.where("withheld_since", "is", null))
			.orderBy("id", "desc")
			.limit(n),
	);
}

/** People these organisations employ: tens, at most hundreds. */
export function staffOf(db: Db, orgIds: readonly number[], limit: number) {
	return fewPerKey(orgIds, limit, (c) =>
		db
			.selectFrom("people")
			.select(["employer_id as k", "id"])
			.where("employer_id", "in", c)
			.orderBy("employer_id")
			.orderBy("id")
			.execute(),
	);
}

/** The authorised signatories on these labs' capability lists. */
export function signatoriesOfLabs(db: Db, orgIds: readonly number[], limit: number) {
	return fewPerKey(orgIds, limit, (c) =>
		db
			.selectFrom("capability_signatories as s")
			.innerJoin("capabilities as cap", "cap.id", "s.capability_id")
			.select(["cap.org_id as k", "s.person_id as id"])
			.where("cap.org_id", "in", c)
			.groupBy(["cap.org_id", "s.person_id"])
			.orderBy("cap.org_id")
			.orderBy("s.person_id")
			.execute(),
	);
}

/** The labs on whose capability lists these people are authorised signatories. */
export function labsOfSignatories(db: Db, personIds: readonly number[], limit: number) {
	return fewPerKey(personIds, limit, (c) =>
		db
			.selectFrom("capability_signatories as s")
			.innerJoin("capabilities as cap", "cap.id", "s.capability_id")
			.select(["s.person_id as k", "cap.org_id as id"])
			.where("s.person_id", "in", c)
			.groupBy(["s.person_id", "cap.org_id"])
			.orderBy("s.person_id")
			.orderBy("cap.org_id")
			.execute(),
	);
}
