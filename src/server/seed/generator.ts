/**
 * Deterministic demo and scale data. Every organisation, person, certificate and report is a pure
 * function of its index, the scale and the as-of date, so the same command builds the same register
 * anywhere. Records come out with the API's field names and go through the same checks and writers as
 * an import, so the seed also exercises the import path end to end.
 */
import { createHash } from "node:crypto";
import { md5QmsDays, RECERT_SHARE } from "../../core/checks/audit-rules.ts";
import { addDays, addYears } from "../../core/dates.ts";
import { idNumberCheck } from "../../core/id-number.ts";
import { CCC_PRODUCTS } from "../../core/reference/ccc.ts";
import { DISTRICTS } from "../../core/reference/districts.ts";
import { SCHEMES, schemeByCode } from "../../core/schemes.ts";
import { completeUscc } from "../../core/uscc.ts";
import {
	CB_NAMES,
	COMPANY_FORMS,
	GIVEN_CHARS,
	INDUSTRIES,
	LAB_NAMES,
	PROVINCES,
	ROADS,
	SURNAMES,
	TESTS,
	TRADE_CHARS,
} from "./vocabulary.ts";

export const SCALES = ["demo", "shanghai", "national"] as const;
export type Scale = (typeof SCALES)[number];

export interface ScaleSpec {
	cbs: number;
	labs: number;
	enterprises: number;
	certificates: number;
	reports: number;
	auditorsPerCb: number;
	signatoriesPerLab: number;
	inspectors: number;
	/** Capability rows per lab: min and max. */
	capabilities: [number, number];
	/** Share of bodies and holders registered outside Shanghai. */
	outsideShare: number;
}

export const SCALE_SPECS: Record<Scale, ScaleSpec> = {
	demo: {
		cbs: 24,
		labs: 60,
		enterprises: 1500,
		certificates: 3000,
		reports: 6000,
		auditorsPerCb: 6,
		signatoriesPerLab: 3,
		inspectors: 40,
		capabilities: [6, 18],
		outsideShare: 0.15,
	},
	shanghai: {
		cbs: 190,
		labs: 1340,
		enterprises: 60000,
		certificates: 160000,
		reports: 1_000_000,
		auditorsPerCb: 20,
		signatoriesPerLab: 4,
		inspectors: 400,
		capabilities: [10, 40],
		outsideShare: 0.2,
	},
	national: {
		cbs: 1230,
		labs: 5000,
		enterprises: 1_100_000,
		certificates: 4_000_000,
		reports: 1_000_000,
		auditorsPerCb: 20,
		signatoriesPerLab: 4,
		inspectors: 1000,
		capabilities: [10, 30],
		outsideShare: 0.9,
	},
};

/** A small, fast, seedable generator (mulberry32); one per entity keeps entities independent. */
function rng(...keys: (string | number)[]): () => number {
	let h = 2166136261;
	for (const k of keys.join("|")) h = Math.imul(h ^ k.charCodeAt(0), 16777619);
	let a = h >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function pick<T>(r: () => number, list: readonly T[]): T {
	return list[Math.floor(r() * list.length)]!;
}

function pad(n: number, width: number): string {
	return String(n).padStart(width, "0");
}

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Six USCC characters from an index (base 31), unique for every index below 31^6. */
function base31(n: number, width: number): string {
	let s = "";
	for (let i = 0; i < width; i++) {
		s = USCC_ALPHABET[n % 31] + s;
		n = Math.floor(n / 31);
	}
	return s;
}

/** Entity kinds get disjoint code ranges so USCCs never collide. */
const CODE_BASE = { regulator: 0, cb: 100_000, lab: 200_000, enterprise: 1_000_000 } as const;

function uscc(kind: keyof typeof CODE_BASE, i: number, region: string): string {
	const prefix = kind === "regulator" ? "11" : kind === "lab" && i % 5 === 0 ? "12" : "91";
	return completeUscc(`${prefix}${region}MA${base31(CODE_BASE[kind] + i, 6)}`);
}

function shanghaiAddress(r: () => number, district: string): string {
	const d = DISTRICTS.find((x) => x.code === district)!;
	return `上海市${d.nameZh}${pick(r, ROADS[district]!)}${1 + Math.floor(r() * 1800)}号`;
}

interface Place {
	district: string | null;
	region: string;
	address: string;
	city: string;
}

function place(r: () => number, outsideShare: number): Place {
	if (r() < outsideShare) {
		const p = pick(r, PROVINCES);
		return {
			district: null,
			region: p.code,
			address: `${p.name}市${pick(r, ["人民路", "建设路", "解放路", "中山路", "科技园路"])}${1 + Math.floor(r() * 999)}号`,
			city: p.name,
		};
	}
	const d = pick(r, DISTRICTS).code;
	return { district: d, region: d, address: shanghaiAddress(r, d), city: "上海" };
}

function tradeName(i: number): string {
	const n = TRADE_CHARS.length;
	// A permutation of the index spreads consecutive companies over different names.
	const k = (i * 7919) % (n * n);
	return TRADE_CHARS[Math.floor(k / n)]! + TRADE_CHARS[k % n]!;
}

/** An enterprise, computed from its index. */
export function enterprise(spec: ScaleSpec, i: number) {
	const r = rng("enterprise", i);
	const p = place(r, spec.outsideShare * 0.5);
	const industry = INDUSTRIES[i % INDUSTRIES.length]!;
	const n = TRADE_CHARS.length;
	// The trade name repeats every n² companies; a branch number keeps names distinct beyond that.
	const round = Math.floor(i / (n * n * INDUSTRIES.length));
	const name = `${p.city}${tradeName(Math.floor(i / INDUSTRIES.length))}${industry.word}${round > 0 ? `第${round + 1}` : ""}${COMPANY_FORMS[i % COMPANY_FORMS.length]}`;
	return { uscc: uscc("enterprise", i, p.region), name, district: p.district, address: p.address, industry };
}

export function cb(spec: ScaleSpec, i: number) {
	const r = rng("cb", i);
	const p = place(r, spec.outsideShare);
	const name = `${p.city}${tradeName(i + 17)}${CB_NAMES[i % CB_NAMES.length]}`;
	return { uscc: uscc("cb", i, p.region), name, district: p.district, address: p.address, serial: i + 1 };
}

export function lab(spec: ScaleSpec, i: number) {
	const r = rng("lab", i);
	const p = place(r, spec.outsideShare * 0.3);
	const name = `${p.city}${tradeName(i + 101)}${LAB_NAMES[i % LAB_NAMES.length]}`;
	const fieldsAll = [...new Set(TESTS.map((t) => t.field))];
	const fields = [
		fieldsAll[i % fieldsAll.length]!,
		...(r() < 0.5 ? [fieldsAll[(i + 3) % fieldsAll.length]!] : []),
	];
	return {
		uscc: uscc("lab", i, p.region),
		name,
		district: p.district,
		address: p.address,
		fields,
		code: `L${base31(i, 3)}`,
	};
}

/** The schemes a CB is approved for: every CB does QMS; some add others, few do CCC. */
export function cbScope(i: number): string[] {
	const r = rng("cb-scope", i);
	const scope = ["QMS", "EMS", "OHSMS"];
	for (const s of SCHEMES) {
		if (scope.includes(s.code) || s.code === "CCC") continue;
		if (r() < (s.kind === "management" ? 0.25 : 0.15)) scope.push(s.code);
	}
	if (i < 20) scope.push("CCC");
	if (i % 7 === 0 && !scope.includes("ORGANIC")) scope.push("ORGANIC");
	if (i % 5 === 0 && !scope.includes("SHBRAND")) scope.push("SHBRAND");
	return scope;
}

/** A person's identity number: unique per index, valid check character, fictional. */
export function personIdNumber(p: number): string {
	const region = `3101${pad(1 + (p % 15), 2)}`;
	const birth = addDays("1962-01-01", p % 12000).replace(/-/g, "");
	const seq = pad(Math.floor(p / 12000) % 1000, 3);
	const first17 = region + birth + seq;
	return first17 + idNumberCheck(first17);
}

function personName(p: number): string {
	const r = rng("person", p);
	return pick(r, SURNAMES) + pick(r, GIVEN_CHARS) + (r() < 0.7 ? pick(r, GIVEN_CHARS) : "");
}

/** Person index ranges: auditors of CBs, then signatories of labs, then regulators' inspectors. */
function auditorIndex(spec: ScaleSpec, cbIndex: number, k: number): number {
	return cbIndex * spec.auditorsPerCb + k;
}
function signatoryIndex(spec: ScaleSpec, labIndex: number, k: number): number {
	return spec.cbs * spec.auditorsPerCb + labIndex * spec.signatoriesPerLab + k;
}

export const REGULATORS = [
	{ name: "上海市市场监督管理局", district: "310101" },
	...DISTRICTS.map((d) => ({ name: `上海市${d.nameZh}市场监督管理局`, district: d.code })),
];

/** The USCC of the i-th regulator (0: the city's bureau; 1–16: the districts' in DISTRICTS order). */
export function regulatorUscc(i: number): string {
	return uscc("regulator", i, REGULATORS[i]!.district);
}

/** Generated records of one kind, in import order. */
export type Gen = Iterable<Record<string, unknown>>;

export function* organizations(spec: ScaleSpec): Gen {
	for (let i = 0; i < REGULATORS.length; i++) {
		const reg = REGULATORS[i]!;
		yield {
			uscc: uscc("regulator", i, reg.district),
			kind: "regulator",
			name: reg.name,
			district: reg.district,
			address: shanghaiAddress(rng("reg", i), reg.district),
		};
	}
	for (let i = 0; i < spec.cbs; i++) {
		const c = cb(spec, i);
		yield { uscc: c.uscc, kind: "cb", name: c.name, district: c.district, address: c.address };
	}
	for (let i = 0; i < spec.labs; i++) {
		const l = lab(spec, i);
		yield { uscc: l.uscc, kind: "lab", name: l.name, district: l.district, address: l.address };
	}
	for (let i = 0; i < spec.enterprises; i++) {
		const e = enterprise(spec, i);
		yield { uscc: e.uscc, kind: "enterprise", name: e.name, district: e.district, address: e.address };
	}
}

export function* qualifications(spec: ScaleSpec, asOf: string): Gen {
	const year = Number(asOf.slice(0, 4));
	for (let i = 0; i < spec.cbs; i++) {
		const c = cb(spec, i);
		const from = `${year - 2 - (i % 3)}-0${1 + (i % 9)}-15`;
		yield {
			type: "cb_approval",
			number: `CNCA-R-${2002 + (i % 20)}-${pad(Math.floor(i / 20) + 1, 3)}`,
			orgUscc: c.uscc,
			issuer: "国家认证认可监督管理委员会",
			validFrom: from,
			validUntil: addDays(addYears(from, 6), -1),
			scope: cbScope(i).join(";"),
		};
	}
	for (let i = 0; i < spec.labs; i++) {
		const l = lab(spec, i);
		const from = `${year - 1 - (i % 5)}-${pad(1 + (i % 12), 2)}-01`;
		yield {
			type: "cma",
			number: `${pad((year - 1 - (i % 5)) % 100, 2)}09${pad(10 + (i % 80), 2)}${pad(i % 100, 2)}${pad(i % 10000, 4)}`,
			orgUscc: l.uscc,
			issuer: "上海市市场监督管理局",
			validFrom: from,
			validUntil: addDays(addYears(from, 6), -1),
		};
	}
}

export function* people(spec: ScaleSpec): Gen {
	const regulators = REGULATORS.length;
	for (let c = 0; c < spec.cbs; c++) {
		const employer = cb(spec, c).uscc;
		for (let k = 0; k < spec.auditorsPerCb; k++) {
			const p = auditorIndex(spec, c, k);
			yield {
				idNumber: personIdNumber(p),
				name: personName(p),
				employerUscc: employer,
				roles: k % 5 === 4 ? "auditor;expert" : "auditor",
				qualifications: `CCAA-QMS:2019-N1QMS-${pad(1_000_000 + p, 7)}`,
				phone: `139${pad((p * 7919) % 100_000_000, 8)}`,
			};
		}
	}
	for (let l = 0; l < spec.labs; l++) {
		const employer = lab(spec, l).uscc;
		for (let k = 0; k < spec.signatoriesPerLab; k++) {
			const p = signatoryIndex(spec, l, k);
			yield {
				idNumber: personIdNumber(p),
				name: personName(p),
				employerUscc: employer,
				roles: "signatory",
				phone: `137${pad((p * 104729) % 100_000_000, 8)}`,
			};
		}
	}
	const base = spec.cbs * spec.auditorsPerCb + spec.labs * spec.signatoriesPerLab;
	for (let k = 0; k < spec.inspectors; k++) {
		const p = base + k;
		const reg = k % regulators;
		const regUscc = uscc("regulator", reg, REGULATORS[reg]!.district);
		yield {
			idNumber: personIdNumber(p),
			name: personName(p),
			employerUscc: regUscc,
			roles: k % 4 === 0 ? "inspector;expert" : "inspector",
			districts: REGULATORS[reg]!.district,
		};
	}
}

/** The capability rows of one lab. */
export function labCapabilities(spec: ScaleSpec, i: number) {
	const l = lab(spec, i);
	const r = rng("caps", i);
	const pool = TESTS.filter((t) => l.fields.includes(t.field));
	const [min, max] = spec.capabilities;
	const n = Math.min(pool.length * 3, min + Math.floor(r() * (max - min + 1)));
	const rows: {
		field: string;
		product: string;
		parameter: string;
		standard: string;
		signatories: number[];
	}[] = [];
	for (let k = 0; k < n; k++) {
		const t = pool[k % pool.length]!;
		// Beyond the catalogue, the same test is offered on related products (a common real pattern).
		const product =
			k < pool.length
				? t.product
				: `${t.product}${["（出口）", "（原料）"][Math.floor(k / pool.length) - 1] ?? ""}`;
		const s1 = k % spec.signatoriesPerLab;
		const sigs = [signatoryIndex(spec, i, s1)];
		if (spec.signatoriesPerLab > 1 && k % 2 === 0)
			sigs.push(signatoryIndex(spec, i, (s1 + 1) % spec.signatoriesPerLab));
		rows.push({ field: t.field, product, parameter: t.parameter, standard: t.standard, signatories: sigs });
	}
	return rows;
}

export function* capabilities(spec: ScaleSpec, asOf: string): Gen {
	const cmaNumbers = new Map<number, string>();
	for (const q of qualifications(spec, asOf))
		if (q.type === "cma") cmaNumbers.set(cmaNumbers.size, q.number as string);
	for (let i = 0; i < spec.labs; i++) {
		for (const c of labCapabilities(spec, i))
			yield {
				cmaNumber: cmaNumbers.get(i),
				field: c.field,
				product: c.product,
				parameter: c.parameter,
				standard: c.standard,
				signatories: c.signatories.map(personIdNumber).join(";"),
			};
	}
}

const SUSPEND_REASONS = ["获证组织未按期接受监督审核", "获证组织申请暂停", "监督审核发现严重不符合"];
const WITHDRAW_REASONS = [
	"暂停期满未完成整改",
	"获证组织拒绝接受监管部门检查",
	"获证组织被列入严重违法失信名单",
];
const CANCEL_REASONS = ["获证组织申请注销", "获证产品停止生产", "获证组织不再满足变更后的认证要求"];
const MS_LETTER: Record<string, string> = { QMS: "Q", EMS: "E", OHSMS: "S" };

const DAY_MS = 86_400_000;
/** Days before `asOf` an auditor's diary covers (the oldest issue dates, their audits and some slack). */
const DIARY_DAYS = 2_400;

/** Effective personnel of a holder, from its index: mostly small firms, a few large ones. */
function personnelOf(holderIndex: number): number {
	const r = rng("personnel", holderIndex);
	return Math.max(3, Math.floor(Math.exp(1.2 + r() * 6.2)));
}

/**
 * Books the audit behind each certificate in its team's diaries, so that no auditor is on two audits on
 * one day — except a planted few (an auditor at two audits on one day), as a fraud signal should find.
 * A few audits are planted short of IAF MD 5, and a few certificates issued the day the audit ended.
 * Deterministic: certificates are built in index order, and a certificate built again reuses its booking.
 */
function auditPlanner(asOf: string) {
	const asOfDay = Math.floor(Date.parse(asOf) / DAY_MS);
	const firstDay = asOfDay - DIARY_DAYS;
	const diaries = new Map<string, Uint8Array>();
	const booked = new Map<number, { start: number; end: number } | null>();
	const diary = (who: string) => {
		let d = diaries.get(who);
		if (!d) {
			d = new Uint8Array(DIARY_DAYS);
			diaries.set(who, d);
		}
		return d;
	};
	const free = (team: string[], start: number, end: number) =>
		team.every((who) => {
			const d = diary(who);
			for (let day = start; day <= end; day++) if (d[day - firstDay]) return false;
			return true;
		});
	const book = (team: string[], start: number, end: number) => {
		for (const who of team) {
			const d = diary(who);
			for (let day = start; day <= end; day++) d[day - firstDay] = 1;
		}
	};
	const asDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
	return (
		k: number,
		c: { scheme: string; kind: string; issue: string; recert: number; holderIndex: number; team: string[] },
	) => {
		const r = rng("audit", k);
		const personnel = personnelOf(c.holderIndex);
		let days: number;
		if (c.kind === "management") {
			const table =
				md5QmsDays(personnel) * (c.recert > 0 ? RECERT_SHARE : 1) * (c.scheme === "QMS" ? 1 : 1.1);
			const planted = c.scheme === "QMS" && r() < 0.003;
			days = Math.max(0.5, Math.round(table * (planted ? 0.45 : 0.85 + r() * 0.3) * 2) / 2);
		} else days = 1 + Math.floor(r() * 5) / 2;
		const calendar = Math.min(5, Math.ceil(days / c.team.length));
		const issueDay = Math.floor(Date.parse(c.issue) / DAY_MS);
		let slot = booked.get(k);
		if (slot === undefined) {
			slot = null;
			const sameDay = r() < 0.002;
			const clash = r() < 0.002;
			// Planted: a day in the 4 months before the issue when the lead auditor is already on an audit.
			const leadDiary = diary(c.team[0]!);
			let busyDay = -1;
			if (clash)
				for (let day = issueDay - 3; day > issueDay - 120 && day - calendar >= firstDay; day--)
					if (leadDiary[day - firstDay]) {
						busyDay = day;
						break;
					}
			if (busyDay >= 0) slot = { start: busyDay - calendar + 1, end: busyDay };
			else {
				const wanted = issueDay - (sameDay ? 0 : 3 + Math.floor(r() * 35));
				for (let end = wanted; end > wanted - 30; end--) {
					const start = end - calendar + 1;
					if (start < firstDay) break;
					if (free(c.team, start, end)) {
						slot = { start, end };
						break;
					}
				}
			}
			// A team with no free days before the issue: the body has not reported that audit.
			if (slot && slot.start >= firstDay) book(c.team, slot.start, slot.end);
			else slot = null;
			booked.set(k, slot);
		}
		if (!slot) return { personnel: null, auditDays: null, auditStartDate: null, auditEndDate: null };
		return { personnel, auditDays: days, auditStartDate: asDate(slot.start), auditEndDate: asDate(slot.end) };
	};
}

/** Certificates in two passes: as first reported, then later status changes (restored suspensions). */
export function certificateRecords(spec: ScaleSpec, asOf: string): { first: Gen; later: Gen } {
	const cbScopes = Array.from({ length: spec.cbs }, (_, i) => cbScope(i));
	const cccCbs = cbScopes.flatMap((s, i) => (s.includes("CCC") ? [i] : []));
	const confirmedCcc = CCC_PRODUCTS.filter((p) => p.codes.length > 0);
	const planAudit = auditPlanner(asOf);
	const build = (k: number) => {
		const r = rng("cert", k);
		// A few large CBs issue most certificates (as in reality).
		const scheme0 = r() < 0.18 ? "CCC" : null;
		// CCC numbers carry a 6-digit sequence per CB: spread by index so each CB's sequence is unique.
		const c = scheme0 ? cccCbs[k % cccCbs.length]! : Math.floor(spec.cbs * r() ** 2);
		const scope = cbScopes[c]!;
		const scheme =
			scheme0 ??
			(r() < 0.55
				? "QMS"
				: pick(
						r,
						scope.filter((s) => s !== "CCC"),
					));
		const info = schemeByCode(scheme)!;
		const holderIndex = Math.floor(spec.enterprises * r() ** 1.6);
		const holder = enterprise(spec, holderIndex);
		const body = cb(spec, c);
		const validity = info.validityYears;
		const issue = addDays(asOf, -Math.floor(r() * validity * 365 * 1.12) - 1);
		const recert = scheme === "CCC" ? 0 : Math.floor(r() * 4);
		const first = addYears(issue, -recert * validity);
		const expiry = addDays(addYears(issue, validity), -1);
		const yy = first.slice(2, 4);
		let number: string;
		let product: string | null = null;
		let scopeText: string;
		if (scheme === "CCC") {
			const prod = confirmedCcc[k % confirmedCcc.length]!;
			const code = prod.codes[k % prod.codes.length]!;
			number = `${first.slice(0, 4)}${pad(10 + cccCbs.indexOf(c), 2)}${code}${pad(Math.floor(k / cccCbs.length) % 1_000_000, 6)}`;
			product = prod.productZh;
			scopeText = `${prod.productZh}（型号：${holder.industry.word.slice(0, 1)}${pad(k % 9000, 4)}系列）`;
		} else if (scheme === "ORGANIC") {
			number = `${pad(body.serial % 1000, 3)}OP${yy}${pad(k % 100_000, 5)}${k >= 100_000 ? `-${Math.floor(k / 100_000)}` : ""}`;
			product = pick(r, ["有机大米", "有机蔬菜", "有机茶叶", "有机水果"]);
			scopeText = `${product}的种植和加工`;
		} else {
			const letter = MS_LETTER[scheme] ?? scheme.slice(0, 2).toUpperCase();
			number = `${pad(body.serial, 4)}${yy}${letter}${pad(k, 7)}R${recert}${pick(r, ["S", "M", "L"])}`;
			scopeText =
				info.kind === "management"
					? holder.industry.scope
					: `${holder.industry.product}${info.nameZh.replace(/认证$/, "")}`;
			if (info.kind === "product") product = holder.industry.product;
		}
		const years = Math.max(0, Math.floor((Date.parse(asOf) - Date.parse(issue)) / (365 * 86_400_000)));
		const auditors = Array.from({ length: scheme === "CCC" ? 1 + (k % 2) : 2 + (k % 2) }, (_, j) =>
			personIdNumber(auditorIndex(spec, c, (k + j) % spec.auditorsPerCb)),
		);
		const roll = r();
		const span = Math.max(1, Math.min(Date.parse(asOf), Date.parse(expiry)) - Date.parse(issue)) / 86_400_000;
		const statusDate = addDays(issue, Math.max(1, Math.floor(r() * span) - 1));
		let status = "valid";
		let statusReason: string | null = null;
		if (roll < 0.04) [status, statusReason] = ["suspended", pick(r, SUSPEND_REASONS)];
		else if (roll < 0.07) [status, statusReason] = ["withdrawn", pick(r, WITHDRAW_REASONS)];
		else if (roll < 0.12) [status, statusReason] = ["cancelled", pick(r, CANCEL_REASONS)];
		const record = {
			number,
			cbUscc: body.uscc,
			holderUscc: holder.uscc,
			holderName: holder.name,
			holderDistrict: holder.district,
			holderAddress: holder.address,
			scheme,
			scope: scopeText,
			sites: r() < 0.2 ? `${holder.address};${shanghaiAddress(r, pick(r, DISTRICTS).code)}` : holder.address,
			product,
			firstIssueDate: first,
			issueDate: issue,
			expiryDate: expiry,
			surveillanceCount: Math.min(years, validity - 1),
			recertCount: recert,
			auditTeam: auditors.join(";"),
			...planAudit(k, { scheme, kind: info.kind, issue, recert, holderIndex, team: auditors }),
			status,
			statusDate: status === "valid" ? null : statusDate,
			statusReason,
		};
		// One in four suspensions was lifted after the holder corrected the problem.
		const restoreDate = addDays(statusDate, 20 + (k % 60));
		const restore = status === "suspended" && k % 4 === 0 && restoreDate < asOf && restoreDate < expiry;
		return { record, restore: restore ? restoreDate : null };
	};
	return {
		first: (function* () {
			for (let k = 0; k < spec.certificates; k++) yield build(k).record;
		})(),
		later: (function* () {
			for (let k = 0; k < spec.certificates; k++) {
				const b = build(k);
				if (b.restore)
					yield {
						...b.record,
						status: "valid",
						statusDate: b.restore,
						statusReason: "整改完成，恢复认证证书",
					};
			}
		})(),
	};
}

export function* reports(spec: ScaleSpec, asOf: string): Gen {
	const caps = new Map<number, ReturnType<typeof labCapabilities>>();
	const labCaps = (i: number) => {
		let c = caps.get(i);
		if (!c) {
			c = labCapabilities(spec, i);
			caps.set(i, c);
		}
		return c;
	};
	for (let k = 0; k < spec.reports; k++) {
		const r = rng("report", k);
		const li = Math.floor(spec.labs * r() ** 1.5);
		const l = lab(spec, li);
		const list = labCaps(li);
		const first = list[Math.floor(r() * list.length)]!;
		// The signatory signs only items a row of the capability list authorises them for.
		const signer = first.signatories[0]!;
		const authorised = (c: (typeof list)[number]) =>
			list.some(
				(o) => o.parameter === c.parameter && o.standard === c.standard && o.signatories.includes(signer),
			);
		const same = list.filter((c) => c !== first && c.product === first.product && authorised(c));
		const items = [first, ...same].slice(0, 1 + Math.floor(r() * Math.min(5, same.length + 1)));
		const fail = r() < 0.06;
		const client = enterprise(spec, Math.floor(spec.enterprises * r()));
		const issue = addDays(asOf, -1 - Math.floor(r() * 730));
		// About one report in 300 is signed by a colleague not authorised for it: what the cross-checks flag.
		const stray = k % 293 === 7 && spec.signatoriesPerLab > first.signatories.length;
		const other = [...Array(spec.signatoriesPerLab).keys()]
			.map((s) => signatoryIndex(spec, li, s))
			.find(
				(p) =>
					!list.some(
						(c) =>
							c.parameter === first.parameter && c.standard === first.standard && c.signatories.includes(p),
					),
			);
		const signatory = personIdNumber(stray && other !== undefined ? other : signer);
		const itemText = items
			.map(
				(c, j) =>
					`${c.parameter}|${c.standard}|${fail && j === 0 ? "不符合" : "符合"}|${fail && j === 0 ? "不合格" : "合格"}`,
			)
			.join(";");
		const number = `${l.code}${issue.slice(0, 4)}-${pad(k, 7)}`;
		const revoked = k % 211 === 0;
		yield {
			number,
			labUscc: l.uscc,
			clientName: client.name,
			clientUscc: client.uscc,
			product: `${first.product}`,
			items: itemText,
			conclusion: fail ? "不合格" : "合格",
			issueDate: issue,
			signatory,
			docSha256: createHash("sha256").update(`opentic-demo-report:${number}`).digest("hex"),
			...(revoked && issue < addDays(asOf, -10)
				? { status: "revoked", statusDate: addDays(issue, 5), statusReason: "报告数据有误，已收回" }
				: {}),
		};
	}
}
