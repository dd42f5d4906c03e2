/**
 * Verification statements (core/verify/statement.ts), made from the register and the log: the record's
 * effective status as of today (China), its newest log entry with a proof against the checkpoint the log
 * serves, and the checks made and not made, signed with the statement key. A statement is kept until the
 * log's checkpoint or the day changes, whichever comes first: nothing it says can change before then.
 */
import { certificateBreach, reportFindings } from "../../core/checks/scope-rules.ts";
import { type Clock, chinaDate, isoInstant } from "../../core/dates.ts";
import { normalizeNumber } from "../../core/records/certificate.ts";
import { REPORT_NUMBER } from "../../core/records/report.ts";
import { SCHEMES, schemeByCode } from "../../core/schemes.ts";
import { toBase64 } from "../../core/tlog/hash.ts";
import { parseTlogProof } from "../../core/tlog/tlog-proof.ts";
import {
	type NotFoundReason,
	resultOf,
	STATEMENT_FORMAT,
	type StatementCheck,
	signedBytes,
	type UnsignedStatement,
	type VerificationStatement,
	type VerifyType,
} from "../../core/verify/statement.ts";
import * as certRepo from "../certificates/certificates.repository.ts";
import { ambiguous, certificateRecord } from "../certificates/certificates.service.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, InputError, LogUnavailableError } from "../errors.ts";
import { capabilityViews } from "../flags/flags.repository.ts";
import { usccParam } from "../http/params.ts";
import { recordHash } from "../log/journal.service.ts";
import type { TransparencyLog } from "../log/log.service.ts";
import { recordProof } from "../log/record-proof.ts";
import * as orgRepo from "../organizations/organizations.repository.ts";
import { qualificationViews } from "../qualifications/qualifications.repository.ts";
import * as reportRepo from "../reports/reports.repository.ts";
import { reportRecord } from "../reports/reports.service.ts";

/** A verification request, as a query string or a bulk row gives it. */
export interface VerifyQuery {
	type: string;
	number: string;
	issuer?: string | null;
	scheme?: string | null;
}

const MAX_NUMBER = 64;
/** Statements kept (a few kilobytes each). */
const CACHE_MAX = 50_000;

const check = (code: string, zh: string, en: string): StatementCheck => ({ code, zh, en });

export class StatementService {
	readonly #cache = new Map<string, { size: number; today: string; statement: VerificationStatement }>();
	/** The JSON of the statements kept, made once each. */
	readonly #json = new WeakMap<VerificationStatement, string>();

	constructor(
		private readonly db: Db,
		private readonly tlog: TransparencyLog,
		private readonly clock: Clock,
		private readonly publicUrl: string,
	) {}

	/** A statement as JSON, serialised once per statement kept. */
	json(s: VerificationStatement): string {
		let j = this.#json.get(s);
		if (j === undefined) {
			j = JSON.stringify(s);
			this.#json.set(s, j);
		}
		return j;
	}

	/** The statement's verifier key, as /api/v1/verify/key publishes it. */
	get key(): string {
		return this.tlog.identity.statements.verifierKey;
	}

	/**
	 * The signed statement for a query. Malformed requests (no type, an issuer that is not a USCC, an
	 * unknown scheme) are InputErrors naming the field; a number used by several issuers without one named
	 * is a ConflictError listing them.
	 */
	async statement(q: VerifyQuery): Promise<VerificationStatement> {
		const type = parseVerifyType(q.type);
		const number = normalizeNumber(q.number ?? "");
		if (!number)
			throw new InputError(
				"VERIFY_NUMBER",
				"number: required",
				"number：必填（证书或报告编号）",
				"number",
				"REQUIRED",
			);
		if (number.length > MAX_NUMBER)
			throw new InputError(
				"VERIFY_NUMBER",
				`number: at most ${MAX_NUMBER} characters`,
				`number：最多 ${MAX_NUMBER} 个字符`,
				"number",
				"MAX_LENGTH",
			);
		const issuer = q.issuer?.trim() ? usccParam(q.issuer.trim(), "issuer") : null;
		const schemeCode = q.scheme?.trim() ? q.scheme.trim().toUpperCase() : null;
		const scheme = schemeCode === null ? null : schemeByCode(schemeCode);
		if (schemeCode !== null && (type !== "certificate" || !scheme))
			throw new InputError(
				"VERIFY_SCHEME",
				`scheme: ${type === "certificate" ? `unknown scheme ${schemeCode}` : "only certificates have schemes"}`,
				`scheme：${type === "certificate" ? `未知的认证制度 ${schemeCode}` : "仅证书有认证制度"}`,
				"scheme",
				"ENUM",
			);

		const key = `${type}|${number}|${issuer ?? ""}|${schemeCode ?? ""}`;
		// Another instance's checkpoint is noticed within a quarter of a second; this one's at once.
		const size = await this.tlog.latestSize(250);
		const today = chinaDate(this.clock.now());
		const cached = this.#cache.get(key);
		if (cached && cached.size === size && cached.today === today) return cached.statement;

		const query = { number, issuer, scheme: schemeCode };
		const statement =
			type === "certificate"
				? await this.#certificate(query, scheme ?? null, today)
				: await this.#report(query, today);
		if (this.#cache.size >= CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
		this.#cache.set(key, { size, today, statement });
		return statement;
	}

	async #certificate(
		query: UnsignedStatement["query"],
		scheme: (typeof SCHEMES)[number] | null,
		today: string,
	): Promise<VerificationStatement> {
		const { number, issuer } = query;
		const wellFormed = scheme
			? scheme.numberPattern.test(number)
			: SCHEMES.some((s) => s.numberPattern.test(number));
		if (!wellFormed) return this.#notFound("certificate", query, "malformed_number", today);
		let rows = await certRepo.findByNumberWithParties(this.db, number);
		if (issuer) {
			if (!(await orgRepo.findByUscc(this.db, issuer)))
				return this.#notFound("certificate", query, "issuer_not_registered", today);
			rows = rows.filter((r) => r.cb_uscc === issuer);
		}
		if (scheme) rows = rows.filter((r) => r.scheme === scheme.code);
		const withheld = rows.find((r) => r.withheld_since);
		rows = rows.filter((r) => !r.withheld_since);
		if (rows.length === 0)
			return withheld
				? this.#notFound("certificate", query, "withheld", today, withheld.withheld_since)
				: this.#notFound("certificate", query, "unknown_number", today);
		if (rows.length > 1) throw ambiguous(number, rows);
		const c = rows[0]!;
		const team = (await certRepo.auditorsOf(this.db, [c.id])).get(c.id) ?? [];
		const record = certificateRecord(c, c.cb_uscc, c.holder_uscc, team);
		const schemeName = schemeByCode(c.scheme)?.nameZh ?? c.scheme;
		const approvals = (await qualificationViews(this.db, [c.cb_id])).get(c.cb_id) ?? [];
		const breach = certificateBreach(approvals, c.scheme, c.issue_date);
		const scopeCheck =
			breach && breach.rule !== "APPROVAL_SUSPENDED"
				? check("scope", `注意：${breach.zh}`, `Note: ${breach.en}`)
				: check(
						"scope",
						`发证机构的批准书覆盖 ${c.scheme}，发证日期在其有效期内`,
						`the CB's approval covers ${c.scheme}, and the certificate was issued within its validity`,
					);
		return this.#found(
			"certificate",
			{ ...query, issuer: c.cb_uscc },
			record as unknown as Record<string, unknown>,
			c.log_idx === null ? null : Number(c.log_idx),
			{ uscc: c.cb_uscc, name: c.cb_name },
			{ uscc: c.holder_uscc, name: c.holder_name },
			clip(`${schemeName} · ${c.standard} · ${c.scope}`),
			today,
			scopeCheck,
		);
	}

	async #report(query: UnsignedStatement["query"], today: string): Promise<VerificationStatement> {
		const { number, issuer } = query;
		if (!REPORT_NUMBER.test(number)) return this.#notFound("report", query, "malformed_number", today);
		let labId: number | undefined;
		if (issuer) {
			const lab = await orgRepo.findByUscc(this.db, issuer);
			if (!lab) return this.#notFound("report", query, "issuer_not_registered", today);
			labId = lab.id;
		}
		const named = await reportRepo.findByNumberWithLab(this.db, number, labId);
		const withheld = named.find((r) => r.withheld_since);
		const rows = named.filter((r) => !r.withheld_since);
		if (rows.length === 0)
			return withheld
				? this.#notFound("report", query, "withheld", today, withheld.withheld_since)
				: this.#notFound("report", query, "unknown_number", today);
		if (rows.length > 1)
			throw new ConflictError(
				"VERIFY_AMBIGUOUS",
				`${rows.length} labs use the report number ${number}; give issuer=<USCC>`,
				`${rows.length}家检验检测机构使用了报告编号 ${number}，请用 issuer 参数指明出具机构`,
				"issuer",
				undefined,
				{ issuers: rows.map((r) => ({ uscc: r.lab_uscc, name: r.lab_name })) },
			);
		const r = rows[0]!;
		const record = reportRecord(r, r.lab_uscc);
		const items = record.items.map((i) => `${i.parameter}（${i.standard}）`);
		const findings = reportFindings(
			await capabilityViews(this.db, Number(r.lab_id)),
			record.items,
			r.signatory_id === null ? null : Number(r.signatory_id),
		);
		const scopeCheck = findings.length
			? check(
					"scope",
					`注意：${findings.map((f) => f.zh).join("；")}`,
					`Note: ${findings.map((f) => f.en).join("; ")}`,
				)
			: check(
					"scope",
					`所列检验项目均在该机构资质认定能力表内${r.signatory_id === null ? "" : "，签字人已获授权"}`,
					`every item is on the lab's CMA capability list${r.signatory_id === null ? "" : ", and the signatory is authorised for it"}`,
				);
		return this.#found(
			"report",
			{ ...query, issuer: r.lab_uscc },
			record as unknown as Record<string, unknown>,
			r.log_idx === null ? null : Number(r.log_idx),
			{ uscc: r.lab_uscc, name: r.lab_name },
			{ uscc: r.client_uscc, name: r.client_name },
			clip(`${r.product} · ${items.slice(0, 3).join("、")}${items.length > 3 ? ` 等${items.length}项` : ""}`),
			today,
			scopeCheck,
		);
	}

	async #found(
		type: VerifyType,
		query: UnsignedStatement["query"],
		record: Record<string, unknown>,
		logIndex: number | null,
		issuer: VerificationStatement["issuer"],
		holder: VerificationStatement["holder"],
		scope: string,
		today: string,
		scopeCheck: StatementCheck,
	): Promise<VerificationStatement> {
		const what = type === "certificate" ? `证书 ${query.number}` : `报告 ${query.number}`;
		const proof = await recordProof(this.tlog, logIndex, what);
		const entry = JSON.parse(proof.entry) as { recordSha256?: string };
		if (entry.recordSha256 !== recordHash(record))
			// The register no longer holds what the log published: an edit behind the system's back. The
			// platform does not vouch for such a record; `opentic log audit` names it.
			throw new LogUnavailableError(
				"VERIFY_RECORD_UNLOGGED",
				`${type} ${query.number}: the register's record differs from its log entry ${proof.index}; no statement can be made`,
				`${what}：登记库中的记录与其透明日志条目 #${proof.index} 不一致，无法出具核验声明`,
			);
		const derived = resultOf(type, record, today)!;
		const checkpoint = parseTlogProof(proof.tlogProof).checkpoint;
		// Signature lines after the log's own are witnesses' cosignatures.
		const witnessed = checkpoint.split("\n").filter((l) => l.startsWith("\u2014 ")).length - 1;
		const madeAt = this.#now();
		const performed = [
			check(
				"register",
				`在登记库中找到${what}，由 ${issuer!.name}（${issuer!.uscc}）${type === "certificate" ? "颁发" : "出具"}`,
				`found ${type} ${query.number} in the register, issued by ${issuer!.name} (${issuer!.uscc})`,
			),
			check(
				"status",
				type === "certificate"
					? `按 ${today}（北京时间）计算有效状态，含有效期届满`
					: `读取报告状态（有效、已替代、已撤销），截至 ${today}`,
				type === "certificate"
					? `effective status computed for ${today} (China), expiry included`
					: `report status (valid, replaced, revoked) as of ${today}`,
			),
			check(
				"log_inclusion",
				`该记录最新的透明日志条目 #${proof.index} 包含在日志签名的检查点（${proof.size} 条）中${witnessed > 0 ? `，并经 ${witnessed} 个见证方联署` : ""}`,
				`the record's newest log entry #${proof.index} is in the log's signed checkpoint of ${proof.size} entries${witnessed > 0 ? `, cosigned by ${witnessed} witness${witnessed === 1 ? "" : "es"}` : ""}`,
			),
			check(
				"record_hash",
				"登记库中记录的公开字段与日志条目的哈希一致（记录未被绕过系统改动）",
				"the register's public fields hash to the log entry's recordSha256 (not edited behind the system's back)",
			),
			scopeCheck,
		];
		const notPerformed = [
			check(
				"document",
				"未查验您手中的纸质或电子文件：请核对其编号、持有人、日期与本声明一致",
				"the paper or PDF in your hands was not examined: compare its number, holder and dates with this statement",
			),
			check(
				"later_changes",
				`本声明反映 ${madeAt} 的状态；其后的变化（如暂停、撤销）须重新核验`,
				`this statement holds as of ${madeAt}; later changes (a suspension, a withdrawal) need a new check`,
			),
		];
		return this.#sign({
			format: STATEMENT_FORMAT,
			type,
			query,
			result: derived.result,
			reason: null,
			since: derived.since,
			asOf: today,
			issuer,
			holder,
			scope,
			record,
			log: { origin: proof.origin, verifierKey: proof.verifierKey, index: proof.index, entry: proof.entry },
			checkpoint,
			proof: proof.tlogProof,
			checks: { performed, notPerformed },
			url: this.#url(type, query.number, query.issuer),
			madeAt,
		});
	}

	#notFound(
		type: VerifyType,
		query: UnsignedStatement["query"],
		reason: NotFoundReason,
		today: string,
		since: string | null = null,
	): VerificationStatement {
		const kind = type === "certificate" ? "证书" : "报告";
		const performed = [
			reason === "malformed_number"
				? check(
						"number_format",
						query.scheme
							? `编号 ${query.number} 不符合 ${query.scheme} 的编号规则`
							: `编号 ${query.number} 不符合任何${type === "certificate" ? "认证制度的证书" : "报告"}编号规则`,
						query.scheme
							? `the number ${query.number} does not follow the ${query.scheme} numbering rule`
							: `the number ${query.number} follows no ${type === "certificate" ? "scheme's certificate" : "report"} numbering rule`,
					)
				: check(
						"number_format",
						`编号 ${query.number} 格式有效`,
						`the number ${query.number} is well formed`,
					),
		];
		if (reason === "issuer_not_registered")
			performed.push(
				check(
					"issuer",
					`统一社会信用代码为 ${query.issuer} 的机构未在登记库中登记`,
					`no body with USCC ${query.issuer} is registered`,
				),
			);
		if (reason === "withheld")
			performed.push(
				check(
					"register",
					`登记库中有编号为 ${query.number} 的${kind}，但自 ${since} 起经监管部门决定不予公开：本平台不能就其状态作出声明，请向发证（出具）机构或监管部门核实`,
					`the register holds ${type} ${query.number}, but it is withheld from public view by decision of the regulator since ${since}: the platform makes no statement about its status; ask its issuer or the regulator`,
				),
			);
		if (reason === "unknown_number")
			performed.push(
				check(
					"register",
					`登记库中没有编号为 ${query.number} 的${kind}${query.issuer ? `（发证机构 ${query.issuer}）` : ""}`,
					`the register holds no ${type} numbered ${query.number}${query.issuer ? ` from ${query.issuer}` : ""}`,
				),
			);
		return this.#sign({
			format: STATEMENT_FORMAT,
			type,
			query,
			result: "not_found",
			reason,
			since: reason === "withheld" ? since : null,
			asOf: today,
			issuer: null,
			holder: null,
			scope: null,
			record: null,
			log: null,
			checkpoint: null,
			proof: null,
			checks: {
				performed,
				notPerformed: [
					reason === "withheld"
						? check(
								"status",
								"记录不予公开：未核验其有效状态，也不出示其内容或透明日志证明",
								"the record is withheld: its status was not checked, and neither its content nor its log proof is shown",
							)
						: check(
								"absence",
								"透明日志无法证明记录不存在；本声明由平台签名，表明此刻登记库中没有该记录",
								"the log cannot prove a record absent; the platform signs that its register holds none at this time",
							),
				],
			},
			url: this.#url(type, query.number, query.issuer),
			madeAt: this.#now(),
		});
	}

	#sign(s: UnsignedStatement): VerificationStatement {
		const signer = this.tlog.identity.statements;
		return { ...s, signature: { key: signer.verifierKey, value: toBase64(signer.sign(signedBytes(s))) } };
	}

	#now(): string {
		return isoInstant(this.clock.now());
	}

	#url(type: VerifyType, number: string, issuer: string | null): string {
		return `${this.publicUrl}/v/${type}/${encodeURIComponent(number)}${issuer ? `?issuer=${issuer}` : ""}`;
	}
}

/** The `type` of a verification request, or VERIFY_TYPE naming the field. */
export function parseVerifyType(t: unknown): VerifyType {
	const v = typeof t === "string" ? t.trim().toLowerCase() : "";
	if (v === "certificate" || v === "report") return v;
	throw new InputError(
		"VERIFY_TYPE",
		"type: must be certificate or report",
		"type：须为 certificate（证书）或 report（报告）",
		"type",
		"ENUM",
	);
}

function clip(s: string, max = 200): string {
	return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
