/**
 * One organisation: its record, its qualifications (a CB's approval, a lab's CMA) with adding and
 * editing them, and the ways on to its staff, its capability list and, for regulators, its credit file.
 */
import { EditOutlined, PlusOutlined, ProfileOutlined } from "@ant-design/icons";
import { Button, Card, Space, Table } from "antd";
import { useState } from "react";
import type { OrganizationDetail, Qualification } from "../../api/types.ts";
import { useCan } from "../../app/session.tsx";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";
import { TraceLink } from "../trace/TraceLink.tsx";
import { QualificationDrawer } from "./QualificationDrawer.tsx";

export default function OrganizationView({ params }: PageProps) {
	const i = useI18n();
	const codes = useCodes();
	const can = useCan();
	const uscc = params.uscc ?? "";
	const {
		data: o,
		error,
		loading,
		reload,
	} = useGet<OrganizationDetail>(`/organizations/${encodeURIComponent(uscc)}`);
	const [editing, setEditing] = useState<Qualification | "new" | null>(null);
	const back = { to: "/organizations", label: i.t("page.organizations") };

	if (loading && !o) return <Loading />;
	if (error || !o)
		return (
			<>
				<PageHeader title={i.t("page.organization")} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	const qualifiable = o.kind === "cb" || o.kind === "lab";
	return (
		<>
			<PageHeader
				title={o.name}
				subtitle={
					<>
						<StatusTag list="orgStatus" code={o.status} /> {codes.label("orgKind", o.kind)} ·{" "}
						<span className="mono">{o.uscc}</span>
					</>
				}
				back={back}
				extra={
					<>
						{can("person.write") && (
							<LinkButton to={`/people?employer=${o.uscc}`}>{i.t("page.people")}</LinkButton>
						)}
						{o.kind !== "regulator" && can("credit.read") && (
							<LinkButton to={`/credit/${o.uscc}`} icon={<ProfileOutlined aria-hidden />}>
								{i.t("page.creditFile")}
							</LinkButton>
						)}
						{o.kind === "lab" && can("capability.write") && (
							<LinkButton to={`/capabilities?lab=${o.uscc}`}>{i.t("page.capabilities")}</LinkButton>
						)}
						<TraceLink kind="organization" traceKey={o.uscc} />
						<LinkButton
							type="primary"
							to={`/organizations/${o.uscc}/edit`}
							icon={<EditOutlined aria-hidden />}
						>
							{i.t("common.edit")}
						</LinkButton>
					</>
				}
			/>
			<Card title={i.t("organizations.record")} className="section">
				<FieldList
					rows={[
						{ label: i.t("field.organizations.name"), value: o.name },
						{ label: i.t("field.organizations.nameEn"), value: o.nameEn },
						{ label: i.t("field.organizations.uscc"), value: <span className="mono">{o.uscc}</span> },
						{ label: i.t("field.organizations.kind"), value: codes.label("orgKind", o.kind) },
						{ label: i.t("field.organizations.district"), value: codes.label("district", o.district) },
						{ label: i.t("field.organizations.status"), value: codes.label("orgStatus", o.status) },
						{ label: i.t("field.organizations.address"), value: o.address, wide: true },
						{ label: i.t("organizations.registeredAt"), value: i.instant(o.registeredAt) },
						{ label: i.t("organizations.updatedAt"), value: i.instant(o.updatedAt) },
						{ label: i.t("organizations.certificatesHeld"), value: i.number(o.certificatesHeld.total) },
						...(o.certificatesIssued
							? [
									{
										label: i.t("organizations.certificatesIssued"),
										value: i.number(o.certificatesIssued.total),
									},
								]
							: []),
						...(o.capabilityCount
							? [{ label: i.t("organizations.capabilityCount"), value: i.number(o.capabilityCount.total) }]
							: []),
					]}
				/>
			</Card>
			{qualifiable && (
				<Card
					title={<h2 className="card-title">{i.t("organizations.qualifications")}</h2>}
					className="section"
					extra={
						can("qualification.write") && (
							<Button icon={<PlusOutlined aria-hidden />} onClick={() => setEditing("new")}>
								{i.t("qualifications.add")}
							</Button>
						)
					}
				>
					<Table<Qualification>
						size="small"
						pagination={false}
						rowKey={(q) => `${q.type}/${q.number}`}
						dataSource={o.qualifications}
						columns={[
							{
								title: i.t("field.qualifications.type"),
								key: "type",
								render: (_, q) => codes.label("qualificationType", q.type),
							},
							{
								title: i.t("field.qualifications.number"),
								key: "number",
								render: (_, q) => <span className="mono">{q.number}</span>,
							},
							{ title: i.t("field.qualifications.issuer"), key: "issuer", render: (_, q) => q.issuer ?? "—" },
							{
								title: i.t("qualifications.validity"),
								key: "valid",
								render: (_, q) => `${i.date(q.validFrom)} – ${i.date(q.validUntil)}`,
							},
							{
								title: i.t("field.qualifications.status"),
								key: "status",
								render: (_, q) => <StatusTag list="qualificationStatus" code={q.status} />,
							},
							{
								title: i.t("field.qualifications.scope"),
								key: "scope",
								render: (_, q) => (q.scope.length ? q.scope.join("、") : "—"),
							},
							...(can("qualification.write")
								? [
										{
											title: i.t("common.actions"),
											key: "actions",
											render: (_: unknown, q: Qualification) => (
												<Space>
													<Button
														size="small"
														onClick={() => setEditing(q)}
														aria-label={`${i.t("common.edit")} ${q.number}`}
													>
														{i.t("common.edit")}
													</Button>
												</Space>
											),
										},
									]
								: []),
						]}
					/>
				</Card>
			)}
			{editing && (
				<QualificationDrawer
					org={o}
					qualification={editing === "new" ? null : editing}
					onClose={() => setEditing(null)}
					onSaved={() => {
						setEditing(null);
						reload();
					}}
				/>
			)}
		</>
	);
}
