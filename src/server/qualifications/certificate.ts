/**
 * The electronic qualification certificate (电子资质认定证书 / 认证机构批准书): one A4 page with the body, the
 * qualification's number, validity and status on the day it is printed, the size of its scope, and a QR code
 * of the body's public page, where anyone reads the qualification's current status and its capability list.
 * Drawn by the verification sheet (verify/sheet.ts), so it looks and prints like the other sheets.
 */
import { QUALIFICATION_STATUS_INFO, QUALIFICATION_TYPE_INFO } from "../../core/records/qualification.ts";
import { districtByCode } from "../../core/reference/districts.ts";
import type { Db } from "../db/database.ts";
import { NotFoundError } from "../errors.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import type { Sheet } from "../verify/sheet.ts";
import * as repo from "./qualifications.repository.ts";

/** A qualification's status as of a day: a valid one past its last day reads as expired. */
function statusOn(q: { status: string; valid_until: string }, today: string): string {
	return q.status === "valid" && q.valid_until < today ? "expired" : q.status;
}

/** The sheet for qualification `number`, printed on `today`; 404 when no such qualification is registered. */
export async function qualificationSheet(
	db: Db,
	number: string,
	opts: { today: string; publicUrl: string },
): Promise<Sheet> {
	const [q] = await repo.findByNumbers(db, [number.normalize("NFC").trim()]);
	const org = q ? (await orgs.mapById(db, [q.org_id])).get(q.org_id) : undefined;
	if (!q || !org)
		throw new NotFoundError(
			"QUALIFICATION_NOT_FOUND",
			`no qualification ${number} is registered`,
			`登记库中没有编号为 ${number} 的资质`,
			"number",
		);
	const type = QUALIFICATION_TYPE_INFO[q.type as keyof typeof QUALIFICATION_TYPE_INFO] ?? {
		zh: q.type,
		en: q.type,
	};
	const status = statusOn(q, opts.today);
	const statusText = QUALIFICATION_STATUS_INFO[status as keyof typeof QUALIFICATION_STATUS_INFO] ?? {
		zh: status,
		en: status,
	};
	const lines = [
		{ label: "机构名称 Name", value: org.name },
		{ label: "统一社会信用代码 USCC", value: org.uscc },
		{ label: "证书编号 Number", value: q.number },
		{ label: "有效期 Valid", value: `${q.valid_from} 至 ${q.valid_until}` },
		{ label: "所在区 District", value: districtByCode(org.district ?? "")?.nameZh ?? "—" },
		{ label: "地址 Address", value: org.address ?? "—" },
	];
	if (q.type === "cma") {
		const rows = (await repo.capabilitiesOf(db, [Number(q.id)])).filter((c) => c.status === "active");
		const fields = [...new Set(rows.map((c) => c.field).filter((f): f is string => !!f))];
		const signatories = new Set(rows.flatMap((c) => c.signatoryIds));
		lines.push(
			{
				label: "能力范围 Scope",
				value: `${rows.length} 项（${fields.slice(0, 8).join("、")}${fields.length > 8 ? " 等" : ""}）`,
			},
			{ label: "授权签字人 Signatories", value: `${signatories.size} 人` },
		);
	} else {
		const scope = JSON.parse(q.scope_json) as string[];
		lines.push({ label: "批准范围 Scope", value: scope.join("、") || "—" });
	}
	const url = `${opts.publicUrl}/organizations/${encodeURIComponent(org.uscc)}#qualifications`;
	return {
		title: type.zh,
		subtitle: `${type.en} · OpenTIC 检验检测认证公共信息平台`,
		verdict: `${statusText.zh} ${statusText.en[0]!.toUpperCase()}${statusText.en.slice(1)}`,
		lines,
		url,
		footer: [
			`本证书于 ${opts.today} 依据平台登记库生成，状态为生成当日的状态。扫描二维码或访问上面的地址，查看该资质的现行状态和完整能力范围。`,
			"Printed from the OpenTIC register; the status is as of the day printed. Scan the code for the current status and the full scope.",
		],
	};
}
