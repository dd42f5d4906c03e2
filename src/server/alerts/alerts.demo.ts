/**
 * Alerts in the demo register, so the board is not empty: a product marked failed from a report of the
 * demo lab (published, the lab's review done, the rest open — the demo lab operator finds it under their
 * tasks), an alert raised by hand about a certificate (still internal), and a serious one about a CB that
 * was handled and closed with its conclusion. Deterministic: the records are picked by id.
 */
import { addDays, fixedClock } from "../../core/dates.ts";
import { SYSTEM_ACTOR } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { closeAlert, completeTask, raiseAlert, setPublished } from "./alerts.service.ts";

export async function demoAlerts(db: Db, asOf: string): Promise<void> {
	const at = (daysAgo: number, hour = 2) => ({
		clock: fixedClock(`${addDays(asOf, -daysAgo)}T0${hour}:00:00.000Z`),
		actor: SYSTEM_ACTOR,
	});
	const labAccount = await db
		.selectFrom("accounts")
		.select("org_id")
		.where("username", "=", "lab-operator")
		.executeTakeFirst();
	const report = await db
		.selectFrom("reports")
		.select(["number", "product", "lab_id"])
		.where("client_uscc", "is not", null)
		.where("withheld_since", "is", null)
		.where("status", "=", "valid")
		.$if(labAccount?.org_id != null, (q) => q.where("lab_id", "=", Number(labAccount!.org_id)))
		.orderBy("id")
		.limit(1)
		.executeTakeFirst();
	if (report) {
		const a = await raiseAlert(
			db,
			{
				source: "product_failed",
				title: `${report.product}抽检不合格`,
				titleEn: `Failed product: ${report.product}`,
				description: `市场监督抽检发现${report.product}关键项目不合格。请相关认证机构核查证书，检验检测机构复核报告，属地监管部门督促企业召回和整改。`,
				internalNote: "演示数据：由抽检结果通报发起。",
				trigger: { kind: "report", key: report.number },
			},
			at(6),
		);
		await setPublished(db, a.number, true, at(6, 3));
		const review = "tasks" in a ? a.tasks.find((t) => t.rule === "lab_review") : undefined;
		if (review)
			await completeTask(
				db,
				a.number,
				review.seq,
				{ note: "已复核原始记录和检验过程，检验结论维持不合格。" },
				at(4),
			);
	}
	const cert = await db
		.selectFrom("certificates as c")
		.innerJoin("organizations as cb", "cb.id", "c.cb_id")
		.select(["c.number", "cb.uscc", "c.holder_name"])
		.where("c.status", "=", "valid")
		.where("c.withheld_since", "is", null)
		.orderBy("c.id")
		.limit(1)
		.executeTakeFirst();
	if (cert)
		await raiseAlert(
			db,
			{
				source: "manual",
				severity: "medium",
				title: `${cert.holder_name}获证产品投诉集中`,
				description: "近期收到多起关于该企业获证产品质量的投诉，请认证机构开展监督审核。",
				trigger: { kind: "certificate", key: `${cert.number}@${cert.uscc}` },
			},
			at(2),
		);
	const cb = await db
		.selectFrom("credit_events as e")
		.innerJoin("organizations as o", "o.id", "e.org_id")
		.select(["o.uscc", "o.name"])
		.where("e.kind", "=", "penalty")
		.where("o.kind", "=", "cb")
		.orderBy("o.id")
		.limit(1)
		.executeTakeFirst();
	if (cb) {
		const a = await raiseAlert(
			db,
			{
				source: "manual",
				severity: "serious",
				title: `${cb.name}出具虚假认证结论`,
				description: "经查该认证机构存在未实施现场审核即出具认证证书的情形，相关证书的有效性存疑。",
				trigger: { kind: "organization", key: cb.uscc },
			},
			at(20),
		);
		await setPublished(db, a.number, true, at(20, 4));
		await closeAlert(
			db,
			a.number,
			{ conclusion: "已对该机构立案处罚，涉及证书已由机构撤销，持证企业已完成整改。" },
			at(9),
		);
	}
}
