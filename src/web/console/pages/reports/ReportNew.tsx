/**
 * Issuing a test report to the register (POST /reports): its key fields, the tested items, the
 * authorised signatory (chosen among the lab's signatories) and the SHA-256 of the document, which can
 * be computed here from the file without sending it.
 */
import { App, Card } from "antd";
import { apiPost, withQuery } from "../../api/client.ts";
import type { OpenPage, Person, WriteResult } from "../../api/types.ts";
import { navigate } from "../../app/router.tsx";
import { useMe } from "../../app/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { RecordForm } from "../../forms/RecordForm.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { reportPath } from "./ReportList.tsx";

export default function ReportNew() {
	const i = useI18n();
	const me = useMe();
	const { message } = App.useApp();
	const ownLab = me.actor.role === "lab_operator" ? me.actor.organization : null;
	// A lab's signatories, to choose from; others type the person's reference.
	const { data: staff } = useGet<OpenPage<Person>>(
		ownLab ? withQuery("/people", { employer: ownLab, pageSize: 100 }) : null,
	);
	const signatories = staff?.items
		.filter((p) => p.roles.includes("signatory") && p.status === "active")
		.map((p) => ({ value: p.ref, label: `${p.name}（${p.ref}）` }));
	const back = { to: "/reports", label: i.t("page.reports") };

	return (
		<>
			<PageHeader title={i.t("page.reportNew")} subtitle={i.t("reports.newHint")} back={back} />
			<Card className="section">
				<RecordForm
					kind="reports"
					mode="create"
					initial={{ labUscc: ownLab ?? undefined, items: [{}] }}
					fixed={ownLab ? ["labUscc"] : []}
					{...(signatories ? { options: { signatory: signatories } } : {})}
					submitLabel={i.t("reports.create")}
					onCancel={() => navigate(back.to)}
					onSubmit={async (body) => {
						const r = await apiPost<WriteResult>("/reports", body);
						void message.success(i.t(`write.${r.outcome}`));
						navigate(reportPath({ number: String(body.number), lab: { uscc: String(body.labUscc) } }), {
							replace: true,
						});
					}}
				/>
			</Card>
		</>
	);
}
