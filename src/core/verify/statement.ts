/**
 * Verification statements: the platform's signed answer to "is this certificate (or report) genuine, and
 * what is its status?", and the offline check of one.
 *
 * A statement is JSON. Its `signature` is Ed25519 over the RFC 8785 canonical JSON of every other member,
 * under the key its `signature.key` names (a c2sp.org/signed-note verifier key string; the platform
 * publishes it at /api/v1/verify/key). A found record carries its newest log entry, the public fields that
 * entry hashes (`record`), and a c2sp.org/tlog-proof of the entry in a checkpoint signed by the log. So an
 * offline check can establish, without the platform: that the platform made the statement; that the log
 * published that entry, as of that checkpoint; that the record shown is the one the entry hashes; and that
 * the result follows from it on the statement's date. It cannot establish what happened after the
 * checkpoint (a later suspension or withdrawal), nor that a record is absent: those need a fresh statement.
 *
 * Pure and synchronous: runs in the CLI, the server and the browser.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { canonicalJson } from "../canonical-json.ts";
import { type CertificateStatus, effectiveStatus, isCertificateStatus } from "../certificate-status.ts";
import { fromBase64, toHex, utf8 } from "../tlog/hash.ts";
import { ed25519Verify, parseVerifierKey } from "../tlog/note.ts";
import { parseTlogProof, verifyTlogProof } from "../tlog/tlog-proof.ts";

export const STATEMENT_FORMAT = "opentic/verification-statement/v1";

export const VERIFY_TYPES = ["certificate", "report"] as const;
export type VerifyType = (typeof VERIFY_TYPES)[number];

export const RESULTS = [
	"valid",
	"suspended",
	"withdrawn",
	"cancelled",
	"expired",
	"replaced",
	"revoked",
	"not_found",
] as const;
export type VerificationResult = (typeof RESULTS)[number];

/**
 * Why nothing was found: the number is not registered (under that issuer, when one was named); the
 * number cannot be one of that scheme's (or any scheme's) numbers; the issuer named is not registered;
 * the record is registered but withheld from public view by the regulator (since the statement's `since`).
 */
export const NOT_FOUND_REASONS = [
	"unknown_number",
	"malformed_number",
	"issuer_not_registered",
	"withheld",
] as const;
export type NotFoundReason = (typeof NOT_FOUND_REASONS)[number];

export interface Party {
	uscc: string | null;
	name: string;
}

/** One check, named by a stable code, described for people in Chinese and English. */
export interface StatementCheck {
	code: string;
	zh: string;
	en: string;
}

export interface VerificationStatement {
	format: typeof STATEMENT_FORMAT;
	type: VerifyType;
	/** What was asked, normalised. */
	query: { number: string; issuer: string | null; scheme: string | null };
	result: VerificationResult;
	/** Why not found; null otherwise. */
	reason: NotFoundReason | null;
	/** Since when the result holds (the status date), when found; for a withheld record, since when it is withheld. */
	since: string | null;
	/** The China date on which the status was evaluated (a certificate past its expiry date is expired). */
	asOf: string;
	/** The certification body or lab. */
	issuer: Party | null;
	/** The certificate's holder or the report's client. */
	holder: Party | null;
	/** A one-line summary of what the record covers. */
	scope: string | null;
	/** The public fields the log entry hashes (its recordSha256), exactly. */
	record: Record<string, unknown> | null;
	/** The record's newest log entry. */
	log: { origin: string; verifierKey: string; index: number; entry: string } | null;
	/** The signed checkpoint (with any witness cosignatures) the proof is against. */
	checkpoint: string | null;
	/** c2sp.org/tlog-proof of the entry in that checkpoint; its extra data is the entry. */
	proof: string | null;
	checks: { performed: StatementCheck[]; notPerformed: StatementCheck[] };
	/** The verification page of this record. */
	url: string;
	/** When the statement was made (UTC). */
	madeAt: string;
	signature: { key: string; value: string };
}

export type UnsignedStatement = Omit<VerificationStatement, "signature">;

/** The bytes a statement's signature covers: the canonical JSON of everything but the signature. */
export function signedBytes(s: UnsignedStatement | VerificationStatement): Uint8Array {
	const { signature: _signature, ...rest } = s as VerificationStatement;
	return utf8(canonicalJson(rest));
}

/** SHA-256 of a value's canonical JSON, hex: the hash log entries carry as recordSha256. */
export function recordSha256(record: unknown): string {
	return toHex(sha256(utf8(canonicalJson(record))));
}

/** The result a logged record gives on a date: a certificate's effective status, a report's status. */
export function resultOf(
	type: VerifyType,
	record: Record<string, unknown>,
	asOf: string,
): { result: VerificationResult; since: string } | null {
	const status = String(record.status ?? "");
	const since = String(record.statusSince ?? "");
	if (type === "report")
		return status === "valid" || status === "replaced" || status === "revoked"
			? { result: status, since }
			: null;
	if (!isCertificateStatus(status) || typeof record.expiryDate !== "string") return null;
	const eff = effectiveStatus(status as CertificateStatus, since, record.expiryDate, asOf);
	return { result: eff.status, since: eff.since };
}

/** What an offline check found: each finding passed or failed, and what no offline check can show. */
export interface StatementCheckReport {
	ok: boolean;
	result: VerificationResult | null;
	/** The checkpoint the statement is as of, when it has one. */
	checkpoint: { origin: string; size: number; cosignatures: string[] } | null;
	findings: (StatementCheck & { ok: boolean })[];
	cannot: StatementCheck[];
}

export interface StatementTrust {
	/** The platform's statement verifier keys; without them the signature is checked against the key the
	 * statement itself names, which proves nothing about who made it (the report says so). */
	statementKeys?: readonly string[];
	/** The log's verifier keys; without them, the key the statement names. */
	logKeys?: readonly string[];
}

/** Checks a statement offline: signature, log proof, record hash, result. Never throws on bad input. */
export function checkStatement(input: unknown, trust: StatementTrust = {}): StatementCheckReport {
	const findings: StatementCheckReport["findings"] = [];
	const cannot: StatementCheck[] = [];
	const add = (ok: boolean, code: string, zh: string, en: string) => findings.push({ ok, code, zh, en });
	const done = (
		result: VerificationResult | null,
		checkpoint: StatementCheckReport["checkpoint"] = null,
	) => ({
		ok: findings.length > 0 && findings.every((f) => f.ok),
		result,
		checkpoint,
		findings,
		cannot,
	});

	const s = input as VerificationStatement;
	if (
		typeof s !== "object" ||
		s === null ||
		s.format !== STATEMENT_FORMAT ||
		!VERIFY_TYPES.includes(s.type) ||
		!RESULTS.includes(s.result) ||
		typeof s.signature?.key !== "string" ||
		typeof s.signature?.value !== "string"
	) {
		add(
			false,
			"format",
			"不是 OpenTIC 核验声明（格式不符）",
			`not an OpenTIC verification statement (${STATEMENT_FORMAT})`,
		);
		return done(null);
	}

	// 1. Who made it.
	let signed = false;
	try {
		const key = parseVerifierKey(s.signature.key);
		signed = ed25519Verify(key.publicKey, signedBytes(s), fromBase64(s.signature.value));
	} catch {
		signed = false;
	}
	const trusted = trust.statementKeys?.includes(s.signature.key) ?? false;
	if (!signed)
		add(
			false,
			"signature",
			"签名无效：声明在签发后被改动，或不是用所称密钥签发的",
			"the signature does not verify: the statement was altered after signing, or not signed by the key it names",
		);
	else if (trust.statementKeys && !trusted)
		add(
			false,
			"signature",
			"签名有效，但签名密钥不是所信任的平台密钥",
			"the signature verifies, but under a key that is not the platform's trusted key",
		);
	else if (trusted)
		add(
			true,
			"signature",
			"平台签名有效（密钥与所信任的平台密钥一致）",
			"the platform's signature verifies under the trusted platform key",
		);
	else {
		add(
			true,
			"signature",
			"签名有效（所用密钥为声明中所列密钥）",
			"the signature verifies under the key the statement names",
		);
		cannot.push({
			code: "signer",
			zh: "未指定平台公钥：请将声明中的密钥与平台公布的核验公钥（/api/v1/verify/key）比对",
			en: "no platform key was given: compare the statement's key with the one the platform publishes (/api/v1/verify/key)",
		});
	}

	if (s.result === "not_found") {
		cannot.push({
			code: "absence",
			zh: `透明日志无法证明某记录不存在：本声明仅表明平台在 ${s.madeAt} 的登记库中未找到该记录`,
			en: `the log cannot prove that a record does not exist: this statement only says the platform's register held no such record at ${s.madeAt}`,
		});
		if (!s.reason || !NOT_FOUND_REASONS.includes(s.reason))
			add(false, "reason", "“未找到”声明缺少原因", "a not-found statement must give its reason");
		return done("not_found");
	}

	// 2. The log: the entry is in a checkpoint the log signed.
	if (!s.log || typeof s.log.entry !== "string" || !s.proof || !s.record) {
		add(false, "log", "声明缺少透明日志条目或证明", "the statement lacks its log entry or proof");
		return done(s.result);
	}
	let checkpoint: StatementCheckReport["checkpoint"] = null;
	try {
		const logKeys = (trust.logKeys ?? [s.log.verifierKey]).map(parseVerifierKey);
		const verified = verifyTlogProof(
			s.proof,
			{ entry: utf8(s.log.entry) },
			{ origin: s.log.origin, logKeys },
		);
		if (verified.index !== s.log.index) throw new Error("index");
		checkpoint = {
			origin: verified.checkpoint.origin,
			size: verified.checkpoint.size,
			cosignatures: verified.cosignatures.map((c) => c.name),
		};
		add(
			true,
			"log_inclusion",
			`日志条目 #${s.log.index} 在日志 ${s.log.origin} 已签名的检查点（${verified.checkpoint.size} 条）中${trust.logKeys ? "" : "（所用日志公钥为声明中所列公钥）"}`,
			`log entry #${s.log.index} is in a checkpoint of ${verified.checkpoint.size} entries signed by the log ${s.log.origin}${trust.logKeys ? "" : " (under the log key the statement names)"}`,
		);
		if (s.checkpoint !== parseTlogProof(s.proof).checkpoint)
			add(
				false,
				"checkpoint",
				"声明中的检查点与证明中的不一致",
				"the statement's checkpoint differs from the one in its proof",
			);
	} catch {
		add(
			false,
			"log_inclusion",
			"透明日志证明不成立：条目不在所签名的检查点中",
			"the log proof fails: the entry is not in the signed checkpoint",
		);
		return done(s.result);
	}

	// 3. The entry names this record and hashes these fields.
	let entry: { subject?: Record<string, string>; recordSha256?: string } = {};
	try {
		entry = JSON.parse(s.log.entry);
	} catch {
		entry = {};
	}
	const subjectOk =
		entry.subject?.kind === s.type &&
		entry.subject.number === s.query.number &&
		(s.query.issuer === null || entry.subject.issuer === s.query.issuer);
	add(
		subjectOk,
		"log_subject",
		subjectOk
			? `日志条目所述正是${s.type === "certificate" ? "证书" : "报告"} ${s.query.number}`
			: "日志条目所述不是所查记录",
		subjectOk
			? `the log entry is about ${s.type} ${s.query.number}`
			: "the log entry is about another record",
	);
	const hashOk = entry.recordSha256 === recordSha256(s.record);
	add(
		hashOk,
		"record_hash",
		hashOk ? "声明所示记录内容与日志条目的哈希一致" : "声明所示记录内容与日志条目的哈希不一致",
		hashOk
			? "the record shown hashes to the log entry's recordSha256"
			: "the record shown does not hash to the log entry's recordSha256",
	);
	const issuerField = s.type === "certificate" ? "cbUscc" : "labUscc";
	const partiesOk =
		s.issuer?.uscc === s.record[issuerField] &&
		(s.type === "report" || s.holder?.uscc === s.record.holderUscc);
	add(
		partiesOk,
		"parties",
		partiesOk ? "发证（出具）机构与持有人与日志记录一致" : "发证（出具）机构或持有人与日志记录不一致",
		partiesOk
			? "the issuer and holder match the logged record"
			: "the issuer or holder differs from the logged record",
	);

	// 4. The result follows from the logged record on the statement's date.
	const derived = resultOf(s.type, s.record, s.asOf);
	const resultOk = derived !== null && derived.result === s.result && derived.since === s.since;
	add(
		resultOk,
		"result",
		resultOk
			? `按日志记录，${s.asOf} 的结论为“${s.result}”，自 ${s.since} 起`
			: "声明结论与日志记录推出的结论不一致",
		resultOk
			? `by the logged record, the result on ${s.asOf} is "${s.result}", since ${s.since}`
			: "the statement's result does not follow from the logged record",
	);
	cannot.push({
		code: "later_changes",
		zh: `离线核验无法得知检查点（${checkpoint.size} 条，${s.madeAt}）之后的变化，例如其后的暂停或撤销：请联网重新核验`,
		en: `an offline check cannot see changes after the checkpoint (${checkpoint.size} entries, ${s.madeAt}), such as a later suspension or withdrawal: verify again online`,
	});
	return done(s.result, checkpoint);
}
