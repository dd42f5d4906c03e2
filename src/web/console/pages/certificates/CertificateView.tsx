/**
 * One certificate as the register holds it, with the actions its issuer may take: edit the record and
 * change its status (suspend, restore, withdraw, cancel — with a reason, after a confirmation).
 */
import { EditOutlined, SwapOutlined } from "@ant-design/icons";
import { App, Button, Card, Table } from "antd";
import { useState } from "react";
import { type CertificateStatus, nextStatuses } from "../../../../core/certificate-status.ts";
import { ApiError, withQuery } from "../../api/client.ts";
import type { CertificateDetail } from "../../api/types.ts";
import { Link, useQuery } from "../../app/router.tsx";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { HistoryTable } from "../../components/HistoryTable.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { WithheldBanner, WithheldButton } from "../../components/WithheldControl.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { RaiseAlertButton } from "../alerts/RaiseAlertButton.tsx";
import type { PageProps } from "../index.ts";
import { TraceLink } from "../trace/TraceLink.tsx";
import { CertificateStatusDialog } from "./CertificateStatusDialog.tsx";

/** Statuses a person may set (expiry is the register's own doing). */
const SETTABLE: readonly CertificateStatus[] = ["valid", "suspended", "withdrawn", "cancelled"];

export default function CertificateView({ params }: PageProps) {
	const i = useI18n();
	const codes = useCodes();
	const { message } = App.useApp();
	const issuer = useQuery().get("issuer") ?? "";
	const number = params.number ?? "";
	const {
		data: c,
		error,
		loading,
		reload,
	} = useGet<CertificateDetail>(withQuery(`/certificates/${encodeURIComponent(number)}`, { issuer }));
	const [changing, setChanging] = useState(false);
	const back = { to: "/certificates", label: i.t("page.certificates") };

	if (loading && !c) return <Loading />;
	if (error || !c) {
		const issuers =
			error instanceof ApiError && error.code === "CERT_NUMBER_AMBIGUOUS"
				? ((error.details as { issuers?: { uscc: string; name: string }[] })?.issuers ?? [])
				: [];
		return (
			<>
				<PageHeader title={`${i.t("page.certificate")} ${number}`} back={back} />
				{error && <ErrorAlert error={error} onRetry={reload} />}
				{issuers.length > 0 && (
					<Card title={i.t("certificates.chooseIssuer")} className="section">
						<ul>
							{issuers.map((x) => (
								<li key={x.uscc}>
									<Link to={`/certificates/${encodeURIComponent(number)}?issuer=${x.uscc}`}>{x.name}</Link>
								</li>
							))}
						</ul>
					</Card>
				)}
			</>
		);
	}

	const targets = nextStatuses(c.status as CertificateStatus).filter((s) => SETTABLE.includes(s));
	const editPath = `/certificates/${encodeURIComponent(c.number)}/edit?issuer=${c.cb.uscc}`;
	return (
		<>
			<PageHeader
				title={`${i.t("page.certificate")} ${c.number}`}
				subtitle={
					<>
						<StatusTag list="certificateStatus" code={c.status} /> {c.holder.name}
					</>
				}
				back={back}
				extra={
					<>
						<LinkButton to={editPath} icon={<EditOutlined aria-hidden />}>
							{i.t("common.edit")}
						</LinkButton>
						<TraceLink kind="certificate" traceKey={`${c.number}@${c.cb.uscc}`} />
						<RaiseAlertButton
							kind="certificate"
							recordKey={`${c.number}@${c.cb.uscc}`}
							title={`证书 ${c.number}`}
						/>
						<WithheldButton
							target={{
								collection: "certificates",
								number: c.number,
								issuer: c.cb.uscc,
								withheldSince: c.withheldSince,
								subject: i.t("certificates.subject", { number: c.number }),
							}}
							onDone={reload}
						/>
						<Button
							type="primary"
							icon={<SwapOutlined aria-hidden />}
							disabled={targets.length === 0}
							onClick={() => setChanging(true)}
						>
							{i.t("status.change")}
						</Button>
					</>
				}
			/>
			<WithheldBanner since={c.withheldSince} />
			<Card title={i.t("certificates.record")} className="section">
				<FieldList
					rows={[
						{ label: i.t("field.certificates.number"), value: <span className="mono">{c.number}</span> },
						{
							label: i.t("field.certificates.status"),
							value: <StatusTag list="certificateStatus" code={c.status} />,
						},
						{ label: i.t("certificates.cb"), value: `${c.cb.name}（${c.cb.uscc}）` },
						{ label: i.t("field.certificates.holderName"), value: `${c.holder.name}（${c.holder.uscc}）` },
						{
							label: i.t("field.certificates.holderDistrict"),
							value: codes.label("district", c.holder.district),
						},
						{
							label: i.t("field.certificates.scheme"),
							value: `${codes.label("scheme", c.scheme)}（${c.scheme}）`,
						},
						{ label: i.t("field.certificates.standard"), value: c.standard },
						{ label: i.t("field.certificates.product"), value: c.product },
						{ label: i.t("field.certificates.scope"), value: c.scope, wide: true },
						{ label: i.t("field.certificates.sites"), value: c.sites.join("；"), wide: true },
						{ label: i.t("field.certificates.firstIssueDate"), value: i.date(c.firstIssueDate) },
						{ label: i.t("field.certificates.issueDate"), value: i.date(c.issueDate) },
						{ label: i.t("field.certificates.expiryDate"), value: i.date(c.expiryDate) },
						{ label: i.t("certificates.statusSince"), value: i.date(c.statusSince) },
						{ label: i.t("field.certificates.surveillanceCount"), value: i.number(c.surveillanceCount) },
						{ label: i.t("field.certificates.recertCount"), value: i.number(c.recertCount) },
						{
							label: i.t("field.certificates.auditEndDate"),
							value: c.audit?.end
								? c.audit.start && c.audit.start !== c.audit.end
									? `${i.date(c.audit.start)} – ${i.date(c.audit.end)}`
									: i.date(c.audit.end)
								: null,
						},
						{
							label: i.t("field.certificates.auditDays"),
							value: c.audit?.days == null ? null : i.number(c.audit.days),
						},
						{
							label: i.t("field.certificates.personnel"),
							value: c.audit?.personnel == null ? null : i.number(c.audit.personnel),
						},
						{ label: i.t("field.certificates.statusReason"), value: c.statusReason, wide: true },
					]}
				/>
			</Card>
			<Card title={i.t("field.certificates.auditTeam")} className="section">
				<Table
					size="small"
					pagination={false}
					rowKey="ref"
					dataSource={c.auditTeam}
					columns={[
						{
							title: i.t("people.ref"),
							dataIndex: "ref",
							render: (v: string) => <span className="mono">{v}</span>,
						},
						{ title: i.t("people.name"), dataIndex: "name" },
						{
							title: i.t("people.role"),
							dataIndex: "role",
							render: (v: string) => codes.label("auditorRole", v),
						},
					]}
				/>
			</Card>
			<Card title={i.t("history.title")} className="section">
				<HistoryTable list="certificateStatus" history={c.history} />
			</Card>
			{changing && (
				<CertificateStatusDialog
					certificate={c}
					targets={targets}
					onClose={() => setChanging(false)}
					onDone={() => {
						setChanging(false);
						void message.success(i.t("status.changed"));
						reload();
					}}
				/>
			)}
		</>
	);
}
