/**
 * Factories for test records: valid by default, each field overridable, parents built on request.
 * Records use the API's field names, exactly as an import file or a request would.
 */

import { type Clock, fixedClock } from "../../src/core/dates.ts";
import { idNumberCheck } from "../../src/core/id-number.ts";
import { generateKey } from "../../src/core/tlog/note.ts";
import { completeUscc } from "../../src/core/uscc.ts";
import { type Actor, cliActor } from "../../src/server/auth/policy.ts";
import type { Db } from "../../src/server/db/database.ts";
import {
	type ImportKind,
	type ImportSummary,
	importRecords,
	type RowError,
} from "../../src/server/import/import.service.ts";

/** The instant tests run "at": 2026-06-01 12:00 in Shanghai. */
export const NOW = "2026-06-01T04:00:00.000Z";
export const TODAY = "2026-06-01";
export const clock: Clock = fixedClock(NOW);
/** The test log's signing key (c2sp.org/signed-note signer key), fixed so runs are reproducible. */
export const TEST_LOG_KEY = generateKey("opentic.test/log", new Uint8Array(32).fill(7)).signerKey;
/** The operator tests write as unless a test says otherwise (like the CLI: may write anything). */
export const TEST_OPERATOR: Actor = cliActor("test");

let counter = 0;
const ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A fresh valid USCC. */
export function newUscc(prefix = "91", region = "310115"): string {
	let n = ++counter + 7000;
	let body = "";
	for (let i = 0; i < 6; i++) {
		body = ALPHA[n % 31] + body;
		n = Math.floor(n / 31);
	}
	return completeUscc(`${prefix}${region}MA${body}`);
}

/** A fresh valid identity number. */
export function newIdNumber(): string {
	const n = ++counter;
	const first17 = `310115${1970 + (n % 30)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, "0")}`;
	return first17 + idNumberCheck(first17);
}

/** Applies records through the import path and returns the summary and the rejected rows. */
export async function apply(
	db: Db,
	kind: ImportKind,
	records: Record<string, unknown>[],
	at: Clock = clock,
	actor: Actor = TEST_OPERATOR,
): Promise<ImportSummary & { errors: RowError[] }> {
	const errors: RowError[] = [];
	const summary = await importRecords(
		db,
		records.map((raw, i) => ({ line: i + 2, raw })),
		{ kind, clock: at, actor, onError: (e) => errors.push(e) },
	);
	return { ...summary, errors };
}

/** Applies records and fails the test if any is rejected. */
export async function applyOk(
	db: Db,
	kind: ImportKind,
	records: Record<string, unknown>[],
	at: Clock = clock,
) {
	const r = await apply(db, kind, records, at);
	if (r.rejected > 0 || r.fileError) throw new Error(`${kind} rejected: ${JSON.stringify(r.errors)}`);
	return r;
}

export function org(over: Record<string, unknown> = {}) {
	return {
		uscc: newUscc(),
		kind: "enterprise",
		name: "上海测试企业有限公司",
		district: "310115",
		address: "上海市浦东新区张江路1号",
		...over,
	};
}

/** A registered CB with an approval for QMS, EMS and CCC; returns its USCC. */
export async function makeCb(db: Db, over: Record<string, unknown> = {}): Promise<string> {
	const o = org({ kind: "cb", name: "上海测试认证有限公司", ...over });
	await applyOk(db, "organizations", [o]);
	await applyOk(db, "qualifications", [
		{
			type: "cb_approval",
			number: `CNCA-R-2010-${String(++counter % 1000).padStart(3, "0")}`,
			orgUscc: o.uscc,
			validFrom: "2020-01-01",
			validUntil: "2030-12-31",
			scope: "QMS;EMS;CCC",
		},
	]);
	return o.uscc as string;
}

/** A registered lab with a CMA qualification; returns its USCC and CMA number. */
export async function makeLab(
	db: Db,
	over: Record<string, unknown> = {},
): Promise<{ uscc: string; cma: string }> {
	const o = org({ kind: "lab", name: "上海测试检测技术有限公司", ...over });
	const cma = `2309${String(100000000 + ++counter).slice(-8)}`;
	await applyOk(db, "organizations", [o]);
	await applyOk(db, "qualifications", [
		{ type: "cma", number: cma, orgUscc: o.uscc, validFrom: "2022-01-01", validUntil: "2028-12-31" },
	]);
	return { uscc: o.uscc as string, cma };
}

/** A registered person employed by an organisation; returns the identity number. */
export async function makePerson(
	db: Db,
	employerUscc: string,
	roles = "auditor",
	over: Record<string, unknown> = {},
) {
	const idNumber = newIdNumber();
	await applyOk(db, "people", [
		{ idNumber, name: "张伟", employerUscc, roles, phone: "13912345678", ...over },
	]);
	return idNumber;
}

let certSeq = 0;
/** A QMS certificate record issued by a CB to a (new) holder. */
export function cert<T extends Record<string, unknown>>(cbUscc: string, over: T = {} as T) {
	certSeq++;
	const base = {
		number: `0001${26}Q${String(certSeq).padStart(7, "0")}R0M`,
		cbUscc,
		holderUscc: newUscc(),
		holderName: "上海华信精密仪器有限公司",
		holderDistrict: "310115",
		scheme: "QMS",
		scope: "测量仪器仪表的设计和制造",
		issueDate: "2025-03-01",
		expiryDate: "2028-02-28",
	};
	return { ...base, ...over };
}

let reportSeq = 0;
/** A test report record. */
export function report(labUscc: string, over: Record<string, unknown> = {}) {
	reportSeq++;
	return {
		number: `SHT2026-${String(reportSeq).padStart(6, "0")}`,
		labUscc,
		clientName: "上海华信精密仪器有限公司",
		product: "家用电器",
		items: JSON.stringify([
			{ parameter: "泄漏电流", standard: "GB 4706.1-2005", result: "0.12 mA", conclusion: "合格" },
		]),
		conclusion: "合格",
		issueDate: "2026-05-20",
		docSha256: "a".repeat(64),
		...over,
	};
}
