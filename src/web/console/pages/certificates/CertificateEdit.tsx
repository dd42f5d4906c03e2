/**
 * Creating a certificate, or editing one: the full record is posted with the import's field names
 * (POST /certificates), prefilled for an edit from the register's current record. A CB operator's
 * own USCC is filled in and fixed.
 */
import { App, Card } from "antd";
import { apiPost, withQuery } from "../../api/client.ts";
import type { CertificateDetail, WriteResult } from "../../api/types.ts";
import { navigate, useQuery } from "../../app/router.tsx";
import { useMe } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { RecordForm } from "../../forms/RecordForm.tsx";
import type { Values } from "../../forms/values.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";
import { certificatePath } from "./CertificateList.tsx";

/** The register's record in the import's field names. */
function toRecord(c: CertificateDetail): Values {
	return {
		number: c.number,
		cbUscc: c.cb.uscc,
		holderUscc: c.holder.uscc,
		holderName: c.holder.name,
		holderDistrict: c.holder.district,
		scheme: c.scheme,
		standard: c.standard,
		scope: c.scope,
		sites: c.sites,
		product: c.product,
		cccCode: c.cccCode,
		firstIssueDate: c.firstIssueDate,
		issueDate: c.issueDate,
		expiryDate: c.expiryDate,
		surveillanceCount: c.surveillanceCount,
		recertCount: c.recertCount,
		auditTeam: c.auditTeam.map((a) => `${a.ref}:${a.role}`),
		auditStartDate: c.audit?.start ?? null,
		auditEndDate: c.audit?.end ?? null,
		auditDays: c.audit?.days ?? null,
		personnel: c.audit?.personnel ?? null,
		status: c.status,
		statusDate: c.statusSince,
		statusReason: c.statusReason,
	};
}

export default function CertificateEdit({ params }: PageProps) {
	const i = useI18n();
	const me = useMe();
	const { message } = App.useApp();
	const number = params.number;
	const issuer = useQuery().get("issuer") ?? "";
	const ownCb = me.actor.role === "cb_operator" ? me.actor.organization : null;
	const { data, error, loading, reload } = useGet<CertificateDetail>(
		number ? withQuery(`/certificates/${encodeURIComponent(number)}`, { issuer }) : null,
	);
	const title = number ? `${i.t("page.certificateEdit")} ${number}` : i.t("page.certificateNew");
	const back = number
		? { to: data ? certificatePath(data) : "/certificates", label: i.t("page.certificate") }
		: { to: "/certificates", label: i.t("page.certificates") };

	if (number && loading && !data) return <Loading />;
	if (number && (error || !data))
		return (
			<>
				<PageHeader title={title} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	const initial: Values = data ? toRecord(data) : { cbUscc: ownCb ?? undefined, status: "valid" };
	return (
		<>
			<PageHeader title={title} back={back} />
			<Card className="section">
				<RecordForm
					kind="certificates"
					mode={data ? "edit" : "create"}
					initial={initial}
					fixed={ownCb ? ["cbUscc"] : []}
					submitLabel={data ? i.t("common.save") : i.t("certificates.create")}
					onCancel={() => navigate(back.to)}
					onSubmit={async (body) => {
						const r = await apiPost<WriteResult>("/certificates", body);
						void message.success(i.t(`write.${r.outcome}`));
						navigate(certificatePath({ number: String(body.number), cb: { uscc: String(body.cbUscc) } }), {
							replace: !data,
						});
					}}
				/>
			</Card>
		</>
	);
}
