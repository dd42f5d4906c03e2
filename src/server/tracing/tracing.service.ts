/**
 * Reverse tracing (倒查追溯): from any organisation, certificate, report, person or product, the records
 * connected to it in both directions — holder ↔ certificates ↔ issuing body ↔ audit team; product ↔
 * reports ↔ lab ↔ signatory; report ↔ client; person ↔ what they audited or signed, and their employer —
 * breadth-first by hop, each node with the path that first reached it.
 *
 * Bounded on purpose: a body has hundreds to thousands of certificates, so each node contributes at most
 * `perNode` neighbours per relation (newest first) and the whole result at most `maxNodes` nodes; when a
 * bound cuts anything off, `truncated` says so. Each hop costs one query per relation over the whole
 * frontier (tracing.repository.ts), never one per node.
 *
 * People appear by their public reference and name only: nothing here reads person_private.
 */

import { normalizeNumber } from "../../core/records/certificate.ts";
import { halfWidth } from "../../core/records/fields.ts";
import { parsePersonRef, personRef } from "../../core/records/person-ref.ts";
import { checkUscc } from "../../core/uscc.ts";
import type { Db } from "../db/database.ts";
import { InputError, NotFoundError } from "../errors.ts";
import * as repo from "./tracing.repository.ts";

export type TraceKind = "organization" | "certificate" | "report" | "person" | "product";
/** A node's id is `${kind}:${key}`: organization:<USCC>, certificate:<number>@<issuer USCC>, report:<number>, person:<public ref, e.g. P00000123>, product:<normalised product name> */
export interface TraceNode {
	id: string;
	kind: TraceKind;
	key: string;
	label: string;
	status: string | null;
	hop: number;
	/** node ids from the root to this node, root first */
	path: string[];
	/** public extras: district, scheme, orgKind, conclusion… (never personal data) */
	detail: Record<string, string | null>;
}
export interface TraceEdge {
	from: string;
	to: string;
	/**
	 * holds | issued | audited | tested | signed | client | employs | product, plus signatory (a lab's
	 * authorised signatory on its capability list). Always written in one direction: organisation → certificate
	 * (holds, issued), person → certificate (audited), organisation → report (tested, client), person → report
	 * (signed), organisation → person (employs, signatory), certificate or report → product (product).
	 */
	relation: string;
}
export interface TraceResult {
	root: TraceNode;
	depth: number;
	nodes: TraceNode[];
	edges: TraceEdge[];
	/** true when a limit cut the result short */
	truncated: boolean;
	counts: Record<TraceKind, number>;
}

export const TRACE_KINDS: readonly TraceKind[] = [
	"organization",
	"certificate",
	"report",
	"person",
	"product",
];
export const TRACE_LIMITS = {
	depth: { min: 1, max: 4, default: 2 },
	maxNodes: { min: 1, max: 5_000, default: 2_000 },
	perNode: { min: 1, max: 1_000, default: 200 },
	key: 200,
} as const;

export interface TraceOptions {
	/** Hops from the root, 1..4 (default 2). */
	depth?: number;
	/** At most this many nodes in all, root included (default 2,000). */
	maxNodes?: number;
	/** At most this many neighbours of one node through one relation (default 200). */
	perNode?: number;
	/** Regulators see withheld records; the public never does. */
	includeWithheld?: boolean;
}

/** The product key: trimmed, inner runs of white space collapsed to one space, full-width ASCII made half-width. */
export function normalizeProduct(s: string): string {
	return halfWidth(s.normalize("NFC")).trim().replace(/\s+/g, " ");
}

/** A node while the trace is built: the public node and what the next hop needs to expand it. */
type Internal =
	| { node: TraceNode; kind: "organization"; id: number; uscc: string; orgKind: string }
	| { node: TraceNode; kind: "certificate"; row: repo.CertRow }
	| { node: TraceNode; kind: "report"; row: repo.ReportRow }
	| { node: TraceNode; kind: "person"; row: repo.PersonRow }
	/** A product node holds every stored spelling that normalises to its key. */
	| { node: TraceNode; kind: "product"; spellings: Set<string> };

/** A neighbour found from a frontier node: the record it points to, and the edge (in its fixed direction). */
type Target =
	| { kind: "organization"; id: number }
	| { kind: "organizationUscc"; uscc: string }
	| { kind: "certificate"; id: number }
	| { kind: "report"; id: number }
	| { kind: "person"; id: number }
	| { kind: "product"; spelling: string };
interface Candidate {
	from: Internal;
	target: Target;
	relation: string;
	/** true when the edge runs target → from rather than from → target */
	reverse: boolean;
}

function intOpt(
	field: string,
	v: number | undefined,
	lim: { min: number; max: number; default: number },
): number {
	if (v === undefined) return lim.default;
	if (!Number.isInteger(v) || v < lim.min || v > lim.max)
		throw new InputError(
			"TRACE_LIMIT",
			`${field}: must be a whole number from ${lim.min} to ${lim.max}`,
			`${field}：应为 ${lim.min} 至 ${lim.max} 的整数`,
			field,
			"RANGE",
		);
	return v;
}

function keyError(en: string, zh: string, rule: string): InputError {
	return new InputError("TRACE_KEY", `key: ${en}`, `key：${zh}`, "key", rule);
}

function notFound(kind: TraceKind, key: string): NotFoundError {
	const zh: Record<TraceKind, string> = {
		organization: "机构或企业",
		certificate: "证书",
		report: "报告",
		person: "人员",
		product: "产品",
	};
	return new NotFoundError(
		"TRACE_ROOT_NOT_FOUND",
		`No ${kind} ${key} in the register`,
		`登记中没有该${zh[kind]}：${key}`,
		"key",
	);
}

/** Splits `number@USCC` (the USCC optional) and checks the USCC. */
function splitAt(key: string): { number: string; uscc: string | null } {
	const at = key.lastIndexOf("@");
	if (at < 0) return { number: normalizeNumber(key), uscc: null };
	const u = checkUscc(key.slice(at + 1));
	if (!u.valid)
		throw keyError(
			`invalid USCC after @: ${u.messageEn}`,
			`@ 后的统一社会信用代码无效：${u.messageZh}`,
			"USCC",
		);
	return { number: normalizeNumber(key.slice(0, at)), uscc: u.code };
}

function orgNode(
	r: repo.OrgRow,
): Omit<Internal & { kind: "organization" }, "node"> & { node: Omit<TraceNode, "hop" | "path"> } {
	return {
		kind: "organization",
		id: r.id,
		uscc: r.uscc,
		orgKind: r.kind,
		node: {
			id: `organization:${r.uscc}`,
			kind: "organization",
			key: r.uscc,
			label: r.name,
			status: r.status,
			detail: { orgKind: r.kind, district: r.district },
		},
	};
}

function certNode(r: repo.CertRow): Omit<TraceNode, "hop" | "path"> {
	const key = `${r.number}@${r.cb_uscc}`;
	return {
		id: `certificate:${key}`,
		kind: "certificate",
		key,
		label: r.number,
		status: r.status,
		detail: {
			number: r.number,
			cbUscc: r.cb_uscc,
			scheme: r.scheme,
			holder: r.holder_name,
			product: r.product,
			expiryDate: r.expiry_date,
			withheldSince: r.withheld_since,
		},
	};
}

function reportNode(r: repo.ReportRow, key: string): Omit<TraceNode, "hop" | "path"> {
	return {
		id: `report:${key}`,
		kind: "report",
		key,
		label: r.number,
		status: r.status,
		detail: {
			number: r.number,
			labUscc: r.lab_uscc,
			product: r.product,
			conclusion: r.conclusion,
			issueDate: r.issue_date,
			withheldSince: r.withheld_since,
		},
	};
}

function personNode(r: repo.PersonRow): Omit<TraceNode, "hop" | "path"> {
	const ref = personRef(r.id);
	let roles: string | null = null;
	try {
		const parsed: unknown = JSON.parse(r.roles_json);
		if (Array.isArray(parsed)) roles = parsed.map(String).join(",");
	} catch {
		roles = null;
	}
	return {
		id: `person:${ref}`,
		kind: "person",
		key: ref,
		label: r.name,
		status: r.status,
		detail: { roles, employer: r.employer_uscc },
	};
}

function productNode(name: string): Omit<TraceNode, "hop" | "path"> {
	return { id: `product:${name}`, kind: "product", key: name, label: name, status: null, detail: {} };
}

/**
 * Traces the records connected to `root`. Throws InputError for a bad kind, key or limit, and
 * NotFoundError when the root is not in the register (or, for the public, is withheld).
 */
export async function trace(
	db: Db,
	root: { kind: TraceKind; key: string },
	opts?: TraceOptions,
): Promise<TraceResult> {
	if (!TRACE_KINDS.includes(root.kind))
		throw new InputError(
			"TRACE_KIND",
			`kind: must be one of ${TRACE_KINDS.join(", ")}`,
			`kind：取值应为 ${TRACE_KINDS.join("、")}`,
			"kind",
			"ENUM",
		);
	if (typeof root.key !== "string" || root.key.trim() === "")
		throw keyError("is required", "必填", "REQUIRED");
	if (root.key.length > TRACE_LIMITS.key)
		throw keyError(
			`must be at most ${TRACE_LIMITS.key} characters`,
			`不能超过${TRACE_LIMITS.key}个字符`,
			"TOO_LONG",
		);
	const depth = intOpt("depth", opts?.depth, TRACE_LIMITS.depth);
	const maxNodes = intOpt("maxNodes", opts?.maxNodes, TRACE_LIMITS.maxNodes);
	const perNode = intOpt("perNode", opts?.perNode, TRACE_LIMITS.perNode);
	const withheld = opts?.includeWithheld === true;

	const g = new Graph(maxNodes);
	const start = await findRoot(db, root.kind, root.key.trim(), withheld);
	const rootInternal = g.add(start, null);
	if (!rootInternal) throw new Error("unreachable: the root always fits");

	let frontier: Internal[] = [rootInternal];
	for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
		const room = g.room();
		if (room === 0) {
			// The bound is reached with records still to expand: another hop could only add links.
			g.truncated = true;
			break;
		}
		// No node can bring more new records than there is room for.
		const candidates = await expand(db, frontier, Math.min(perNode, room) + 1, withheld, g);
		frontier = await g.resolve(db, candidates, withheld);
	}
	const nodes = g.nodes();
	const counts: Record<TraceKind, number> = {
		organization: 0,
		certificate: 0,
		report: 0,
		person: 0,
		product: 0,
	};
	for (const n of nodes) counts[n.kind]++;
	return { root: rootInternal.node, depth, nodes, edges: g.edges(), truncated: g.truncated, counts };
}

type Seed =
	| { kind: "organization"; row: repo.OrgRow }
	| { kind: "certificate"; row: repo.CertRow }
	| { kind: "report"; row: repo.ReportRow }
	| { kind: "person"; row: repo.PersonRow }
	| { kind: "product"; name: string; spellings: string[] };

async function findRoot(db: Db, kind: TraceKind, key: string, withheld: boolean): Promise<Seed> {
	switch (kind) {
		case "organization": {
			const u = checkUscc(key);
			if (!u.valid)
				throw keyError(`invalid USCC: ${u.messageEn}`, `统一社会信用代码无效：${u.messageZh}`, "USCC");
			const [row] = await repo.orgsByUscc(db, [u.code]);
			if (!row) throw notFound(kind, u.code);
			return { kind, row };
		}
		case "certificate": {
			const { number, uscc } = splitAt(key);
			const rows = (await repo.certsByNumber(db, number, uscc)).filter(
				(r) => withheld || r.withheld_since === null,
			);
			if (rows.length === 0) throw notFound(kind, key);
			if (rows.length > 1)
				throw keyError(
					"several bodies issued a certificate with this number: add @ and the issuer's USCC",
					"多个认证机构颁发过该编号的证书：请在编号后加 @ 和发证机构的统一社会信用代码",
					"AMBIGUOUS",
				);
			return { kind, row: rows[0]! };
		}
		case "report": {
			const { number, uscc } = splitAt(key);
			const rows = (await repo.reportsByNumber(db, number, uscc)).filter(
				(r) => withheld || r.withheld_since === null,
			);
			if (rows.length === 0) throw notFound(kind, key);
			if (rows.length > 1)
				throw keyError(
					"several labs issued a report with this number: add @ and the lab's USCC",
					"多个检验检测机构出具过该编号的报告：请在编号后加 @ 和机构的统一社会信用代码",
					"AMBIGUOUS",
				);
			return { kind, row: rows[0]! };
		}
		case "person": {
			const ref = parsePersonRef(key);
			// An identity number is personal data: tracing takes the public reference only, so none is echoed.
			if (ref?.kind !== "ref")
				throw keyError(
					"must be a person's public reference, P and 8 digits",
					"应为人员公开编号（P加8位数字）",
					"PERSON_REF",
				);
			const [row] = await repo.peopleByIds(db, [ref.id]);
			if (!row) throw notFound(kind, personRef(ref.id));
			return { kind, row };
		}
		case "product": {
			const name = normalizeProduct(key);
			const spellings = [...new Set([key, name])];
			const hits = [
				...(await repo.reportsOfProducts(db, spellings, 1, withheld)),
				...(await repo.certsOfProducts(db, spellings, 1, withheld)),
			];
			if (hits.length === 0) throw notFound(kind, name);
			return { kind, name, spellings: [...new Set(hits.map((h) => h.key))] };
		}
	}
}

/** The neighbours of a frontier, one query per relation; `limit` per node (one more than kept, to see truncation). */
async function expand(
	db: Db,
	frontier: Internal[],
	limit: number,
	withheld: boolean,
	g: Graph,
): Promise<Candidate[]> {
	const out: Candidate[] = [];
	const orgs = frontier.filter((n) => n.kind === "organization");
	const certs = frontier.filter((n) => n.kind === "certificate");
	const reports = frontier.filter((n) => n.kind === "report");
	const people = frontier.filter((n) => n.kind === "person");
	const products = frontier.filter((n) => n.kind === "product");

	const orgById = new Map(orgs.map((o) => [o.id, o]));
	const orgByUscc = new Map(orgs.map((o) => [o.uscc, o]));
	const personById = new Map(people.map((p) => [p.row.id, p]));
	const certById = new Map(certs.map((c) => [c.row.id, c]));
	const productBySpelling = new Map<string, Internal & { kind: "product" }>();
	for (const p of products) for (const s of p.spellings) productBySpelling.set(s, p);

	/** Keeps `limit - 1` links per key; one more means the node had more than the bound allows. */
	const capped = <K>(links: repo.Link<K>[]): repo.Link<K>[] => {
		const seen = new Map<K, number>();
		return links.filter((l) => {
			const n = (seen.get(l.key) ?? 0) + 1;
			seen.set(l.key, n);
			if (n === limit) g.truncated = true;
			return n < limit;
		});
	};

	if (orgs.length > 0) {
		const ids = orgs.map((o) => o.id);
		const bodies = orgs.filter((o) => o.orgKind === "cb").map((o) => o.id);
		const labs = orgs.filter((o) => o.orgKind === "lab").map((o) => o.id);
		const [holds, issued, tested, client, staff, signatories] = await Promise.all([
			repo.certsOfHolders(db, ids, limit, withheld),
			bodies.length ? repo.certsOfBodies(db, bodies, limit, withheld) : [],
			labs.length ? repo.reportsOfLabs(db, labs, limit, withheld) : [],
			repo.reportsOfClients(
				db,
				orgs.map((o) => o.uscc),
				limit,
				withheld,
			),
			repo.staffOf(db, ids, limit),
			labs.length ? repo.signatoriesOfLabs(db, labs, limit) : [],
		]);
		for (const l of capped(holds))
			out.push({
				from: orgById.get(l.key)!,
				target: { kind: "certificate", id: l.id },
				relation: "holds",
				reverse: false,
			});
		for (const l of capped(issued))
			out.push({
				from: orgById.get(l.key)!,
				target: { kind: "certificate", id: l.id },
				relation: "issued",
				reverse: false,
			});
		for (const l of capped(tested))
			out.push({
				from: orgById.get(l.key)!,
				target: { kind: "report", id: l.id },
				relation: "tested",
				reverse: false,
			});
		for (const l of capped(client))
			out.push({
				from: orgByUscc.get(l.key)!,
				target: { kind: "report", id: l.id },
				relation: "client",
				reverse: false,
			});
		for (const l of capped(staff))
			out.push({
				from: orgById.get(l.key)!,
				target: { kind: "person", id: l.id },
				relation: "employs",
				reverse: false,
			});
		for (const l of capped(signatories))
			out.push({
				from: orgById.get(l.key)!,
				target: { kind: "person", id: l.id },
				relation: "signatory",
				reverse: false,
			});
	}

	if (certs.length > 0) {
		const team = capped(
			await repo.auditorsOfCerts(
				db,
				certs.map((c) => c.row.id),
				limit,
			),
		);
		for (const c of certs) {
			out.push({
				from: c,
				target: { kind: "organization", id: c.row.cb_id },
				relation: "issued",
				reverse: true,
			});
			out.push({
				from: c,
				target: { kind: "organization", id: c.row.holder_id },
				relation: "holds",
				reverse: true,
			});
		}
		for (const l of team)
			out.push({
				from: certById.get(l.key)!,
				target: { kind: "person", id: l.id },
				relation: "audited",
				reverse: true,
			});
		for (const c of certs)
			if (c.row.product !== null && normalizeProduct(c.row.product) !== "")
				out.push({
					from: c,
					target: { kind: "product", spelling: c.row.product },
					relation: "product",
					reverse: false,
				});
	}

	for (const r of reports) {
		out.push({
			from: r,
			target: { kind: "organization", id: r.row.lab_id },
			relation: "tested",
			reverse: true,
		});
		if (r.row.client_uscc !== null)
			out.push({
				from: r,
				target: { kind: "organizationUscc", uscc: r.row.client_uscc },
				relation: "client",
				reverse: true,
			});
		if (r.row.signatory_id !== null)
			out.push({
				from: r,
				target: { kind: "person", id: r.row.signatory_id },
				relation: "signed",
				reverse: true,
			});
		if (normalizeProduct(r.row.product) !== "")
			out.push({
				from: r,
				target: { kind: "product", spelling: r.row.product },
				relation: "product",
				reverse: false,
			});
	}

	if (people.length > 0) {
		const ids = people.map((p) => p.row.id);
		const [audited, signed, labs] = await Promise.all([
			repo.certsOfAuditors(db, ids, limit, withheld),
			repo.reportsOfSignatories(db, ids, limit, withheld),
			repo.labsOfSignatories(db, ids, limit),
		]);
		for (const p of people)
			if (p.row.employer_id !== null)
				out.push({
					from: p,
					target: { kind: "organization", id: p.row.employer_id },
					relation: "employs",
					reverse: true,
				});
		for (const l of capped(audited))
			out.push({
				from: personById.get(l.key)!,
				target: { kind: "certificate", id: l.id },
				relation: "audited",
				reverse: false,
			});
		for (const l of capped(signed))
			out.push({
				from: personById.get(l.key)!,
				target: { kind: "report", id: l.id },
				relation: "signed",
				reverse: false,
			});
		for (const l of capped(labs))
			out.push({
				from: personById.get(l.key)!,
				target: { kind: "organization", id: l.id },
				relation: "signatory",
				reverse: true,
			});
	}

	if (products.length > 0) {
		const spellings = [...productBySpelling.keys()];
		const [reps, cs] = await Promise.all([
			repo.reportsOfProducts(db, spellings, limit, withheld),
			repo.certsOfProducts(db, spellings, limit, withheld),
		]);
		// The bound is per product node, over all its spellings.
		const perProduct = (links: repo.Link<string>[]) =>
			capped(links.map((l) => ({ key: productBySpelling.get(l.key)!.node.id, id: l.id })));
		for (const l of perProduct(reps))
			out.push({
				from: g.get(l.key)!,
				target: { kind: "report", id: l.id },
				relation: "product",
				reverse: true,
			});
		for (const l of perProduct(cs))
			out.push({
				from: g.get(l.key)!,
				target: { kind: "certificate", id: l.id },
				relation: "product",
				reverse: true,
			});
	}
	return out;
}

/** The nodes and edges found so far, in the order they were found. */
class Graph {
	truncated = false;
	readonly #byId = new Map<string, Internal>();
	readonly #byRecord = new Map<string, Internal>();
	readonly #edges = new Map<string, TraceEdge>();
	constructor(readonly maxNodes: number) {}

	/** How many more nodes the bound allows. */
	room(): number {
		return Math.max(0, this.maxNodes - this.#byId.size);
	}

	get(id: string): Internal | undefined {
		return this.#byId.get(id);
	}

	nodes(): TraceNode[] {
		return [...this.#byId.values()].map((n) => n.node);
	}

	edges(): TraceEdge[] {
		return [...this.#edges.values()];
	}

	/** Adds a node reached from `from` (null for the root); undefined when the bound is reached. */
	add(seed: Seed, from: Internal | null): Internal | undefined {
		const hop = from === null ? 0 : from.node.hop + 1;
		const path = (id: string) => (from === null ? [id] : [...from.node.path, id]);
		if (this.#byId.size >= this.maxNodes) {
			this.truncated = true;
			return undefined;
		}
		let n: Internal;
		switch (seed.kind) {
			case "organization": {
				const o = orgNode(seed.row);
				n = { ...o, node: { ...o.node, hop, path: path(o.node.id) } };
				break;
			}
			case "certificate": {
				const c = certNode(seed.row);
				n = { kind: "certificate", row: seed.row, node: { ...c, hop, path: path(c.id) } };
				break;
			}
			case "report": {
				// Report numbers are unique within a lab; a second lab's report of the same number gets its USCC.
				let key = seed.row.number;
				if (this.#byId.has(`report:${key}`)) key = `${key}@${seed.row.lab_uscc}`;
				const r = reportNode(seed.row, key);
				n = { kind: "report", row: seed.row, node: { ...r, hop, path: path(r.id) } };
				break;
			}
			case "person": {
				const p = personNode(seed.row);
				n = { kind: "person", row: seed.row, node: { ...p, hop, path: path(p.id) } };
				break;
			}
			case "product": {
				const p = productNode(seed.name);
				n = { kind: "product", spellings: new Set(seed.spellings), node: { ...p, hop, path: path(p.id) } };
				break;
			}
		}
		this.#byId.set(n.node.id, n);
		this.#byRecord.set(recordKey(n), n);
		if (n.kind === "organization") this.#byRecord.set(`u:${n.uscc}`, n);
		if (n.kind === "product") for (const s of n.spellings) this.#byRecord.set(`s:${s}`, n);
		return n;
	}

	#edge(a: Internal, b: Internal, relation: string, reverse: boolean): void {
		const [from, to] = reverse ? [b.node.id, a.node.id] : [a.node.id, b.node.id];
		const k = `${from}\u0000${to}\u0000${relation}`;
		if (!this.#edges.has(k)) this.#edges.set(k, { from, to, relation });
	}

	/**
	 * Loads the records the candidates point to, adds the new ones as nodes (in the order found, while the
	 * bound allows) with an edge each, adds edges to records already in the graph, and returns the new nodes.
	 */
	async resolve(db: Db, candidates: Candidate[], withheld: boolean): Promise<Internal[]> {
		const want = {
			org: new Set<number>(),
			uscc: new Set<string>(),
			cert: new Set<number>(),
			report: new Set<number>(),
			person: new Set<number>(),
		};
		// Records are loaded only for the first new targets that fit; the others could not be added anyway.
		const fresh = new Set<string>();
		for (const c of candidates) {
			const t = c.target;
			const k = targetKey(t);
			if (this.#byRecord.has(k) || fresh.has(k)) continue;
			if (fresh.size >= this.room()) {
				this.truncated = true;
				continue;
			}
			fresh.add(k);
			if (t.kind === "organization") want.org.add(t.id);
			else if (t.kind === "organizationUscc") want.uscc.add(t.uscc);
			else if (t.kind === "certificate") want.cert.add(t.id);
			else if (t.kind === "report") want.report.add(t.id);
			else if (t.kind === "person") want.person.add(t.id);
		}
		const [orgs, orgsU, certs, reports, people] = await Promise.all([
			repo.orgsByIds(db, [...want.org]),
			repo.orgsByUscc(db, [...want.uscc]),
			repo.certsByIds(db, [...want.cert]),
			repo.reportsByIds(db, [...want.report]),
			repo.peopleByIds(db, [...want.person]),
		]);
		const seeds = new Map<string, Seed>();
		for (const r of [...orgs, ...orgsU]) {
			seeds.set(`o:${r.id}`, { kind: "organization", row: r });
			seeds.set(`u:${r.uscc}`, { kind: "organization", row: r });
		}
		for (const r of certs)
			if (withheld || r.withheld_since === null) seeds.set(`c:${r.id}`, { kind: "certificate", row: r });
		for (const r of reports)
			if (withheld || r.withheld_since === null) seeds.set(`r:${r.id}`, { kind: "report", row: r });
		for (const r of people) seeds.set(`p:${r.id}`, { kind: "person", row: r });

		const added: Internal[] = [];
		for (const c of candidates) {
			let n = this.#byRecord.get(targetKey(c.target));
			if (!n) {
				const t = c.target;
				let seed: Seed | undefined;
				if (t.kind === "product") {
					const name = normalizeProduct(t.spelling);
					const existing = this.#byId.get(`product:${name}`);
					if (existing?.kind === "product") {
						existing.spellings.add(t.spelling);
						this.#byRecord.set(targetKey(t), existing);
						n = existing;
					} else seed = { kind: "product", name, spellings: [t.spelling] };
				} else seed = seeds.get(targetKey(t));
				if (!n) {
					// A client USCC the register does not know, or a withheld record the caller may not see.
					if (!seed) continue;
					// The same organisation may be wanted by id and by USCC.
					n = seed.kind === "organization" ? this.#byId.get(`organization:${seed.row.uscc}`) : undefined;
					if (!n) {
						n = this.add(seed, c.from);
						if (!n) continue;
						added.push(n);
					}
					this.#byRecord.set(targetKey(t), n);
				}
			}
			this.#edge(c.from, n, c.relation, c.reverse);
		}
		return added;
	}
}

function recordKey(n: Internal): string {
	switch (n.kind) {
		case "organization":
			return `o:${n.id}`;
		case "certificate":
			return `c:${n.row.id}`;
		case "report":
			return `r:${n.row.id}`;
		case "person":
			return `p:${n.row.id}`;
		case "product":
			return `s:${n.node.key}`;
	}
}

function targetKey(t: Target): string {
	switch (t.kind) {
		case "organization":
			return `o:${t.id}`;
		case "organizationUscc":
			return `u:${t.uscc}`;
		case "certificate":
			return `c:${t.id}`;
		case "report":
			return `r:${t.id}`;
		case "person":
			return `p:${t.id}`;
		case "product":
			return `s:${t.spelling}`;
	}
}
