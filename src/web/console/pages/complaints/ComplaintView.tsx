/**
 * One complaint as the regulators who handle it read it (GET /complaints/{tracking}/manage): what was
 * written, about whom, the complainant's contact (personal data — this read is audited, and the page
 * says so), the files, every step with who took it, and the steps its status allows next.
 */
import { PaperClipOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Space, Table, Tag } from "antd";
import { useState } from "react";
import type { ComplaintDetail, ComplaintOutcome } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { useCan } from "../../app/session.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { LogLink } from "../bans/banParts.tsx";
import type { PageProps } from "../index.ts";
import { AcceptBy, CloseBy, ComplaintStatusTag, OUTCOMES } from "./complaintParts.tsx";
import { type Step, StepDialog } from "./StepDialog.tsx";

/** The steps each status allows (the server checks again). */
function stepsFor(status: ComplaintDetail["status"]): Step[] {
	if (status === "received") return ["accept", "reject"];
	if (status === "accepted") return ["assign", "close"];
	if (status === "assigned") return ["investigate", "assign", "close"];
	if (status === "investigating") return ["close", "assign"];
	return [];
}

/** The public page of a record a complaint names. */
function recordHref(r: NonNullable<ComplaintDetail["record"]>): string | null {
	if (r.type === "certificate") return `/certificates/${encodeURIComponent(r.number)}`;
	if (r.type === "report") return `/reports/${encodeURIComponent(r.number)}`;
	return null;
}

function size(bytes: number): string {
	return bytes < 1024 * 1024
		? `${Math.max(1, Math.round(bytes / 1024))} KB`
		: `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default function ComplaintView({ params }: PageProps) {
	const i = useI18n();
	const codes = useCodes();
	const can = useCan();
	const { message } = App.useApp();
	const tracking = params.tracking ?? "";
	const path = `/complaints/${encodeURIComponent(tracking)}`;
	const { data: c, error, loading, reload } = useGet<ComplaintDetail>(`${path}/manage`);
	const [step, setStep] = useState<Step>();
	const back = { to: "/complaints", label: i.t("page.complaints") };

	if (loading && !c) return <Loading />;
	if (error || !c)
		return (
			<>
				<PageHeader title={`${i.t("page.complaint")} ${tracking}`} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	const steps = stepsFor(c.status);
	const record = c.record ? recordHref(c.record) : null;
	return (
		<>
			<PageHeader
				title={`${i.t(`complaints.kind.${c.kind}`)} ${c.tracking}`}
				subtitle={
					<Space size={4} wrap>
						<ComplaintStatusTag status={c.status} />
						{c.overdue && <Tag color="red">{i.t("complaints.overdue")}</Tag>}
						{c.anonymous && <Tag>{i.t("complaints.anonymous")}</Tag>}
					</Space>
				}
				back={back}
				extra={
					steps.length > 0 && (
						<Space wrap className="complaint-steps">
							{steps.map((s) => (
								<Button
									key={s}
									type={s === steps[0] ? "primary" : "default"}
									danger={s === "reject"}
									onClick={() => setStep(s)}
								>
									{s === "assign" && c.assignee ? i.t("complaints.reassign") : i.t(`complaints.step.${s}`)}
								</Button>
							))}
						</Space>
					)
				}
			/>

			<Card title={<h2 className="card-title">{i.t("complaints.filed")}</h2>} className="section">
				<FieldList
					rows={[
						{
							label: i.t("complaints.subject"),
							value: c.subject ? (
								<>
									{can("credit.read") ? (
										<Link to={`/credit/${encodeURIComponent(c.subject.uscc)}`}>{c.subject.name}</Link>
									) : (
										c.subject.name
									)}{" "}
									<span className="mono muted">{c.subject.uscc}</span>
								</>
							) : null,
						},
						// What the complainant typed, when it is not simply the organisation's code or name.
						...(c.subjectGiven && c.subjectGiven !== c.subject?.uscc && c.subjectGiven !== c.subject?.name
							? [{ label: i.t("complaints.subjectGiven"), value: c.subjectGiven }]
							: []),
						{
							label: i.t("complaints.record"),
							value: c.record ? (
								record ? (
									<a href={record} target="_blank" rel="noreferrer" className="mono">
										{c.record.number}
									</a>
								) : (
									<span className="mono">{c.record.number}</span>
								)
							) : null,
						},
						{ label: i.t("complaints.district"), value: c.district && codes.label("district", c.district) },
						{ label: i.t("complaints.receivedOn"), value: i.date(c.receivedOn) },
						{ label: i.t("complaints.assignee"), value: c.assignee },
						{ label: i.t("complaints.acceptBy"), value: <AcceptBy c={c} /> },
						{ label: i.t("complaints.closeBy"), value: <CloseBy c={c} /> },
						{
							label: i.t("complaints.description"),
							value: <div style={{ whiteSpace: "pre-wrap" }}>{c.description}</div>,
							wide: true,
						},
						...(c.status === "closed"
							? [
									{
										label: i.t("complaints.outcome"),
										value: c.outcome && i.t(`complaints.outcome.${c.outcome}`),
									},
									{ label: i.t("credit.logIndex"), value: <LogLink index={c.logIndex} /> },
									{ label: i.t("complaints.publicText"), value: c.publicText, wide: true },
								]
							: []),
					]}
				/>
			</Card>

			<Card title={<h2 className="card-title">{i.t("complaints.complainant")}</h2>} className="section">
				<Alert
					type="warning"
					showIcon
					className="section complaint-audited"
					title={i.t("complaints.auditedNote")}
				/>
				{c.complainant ? (
					<FieldList
						columns={3}
						rows={[
							{ label: i.t("complaints.name"), value: c.complainant.name },
							{ label: i.t("complaints.phone"), value: c.complainant.phone },
							{ label: i.t("complaints.email"), value: c.complainant.email },
						]}
					/>
				) : (
					<p className="muted">{i.t("complaints.noContact")}</p>
				)}
			</Card>

			<Card title={<h2 className="card-title">{i.t("complaints.attachments")}</h2>} className="section">
				{c.attachments.length ? (
					<ul
						className="complaint-attachments"
						style={{ margin: 0, paddingInlineStart: 0, listStyle: "none" }}
					>
						{c.attachments.map((a) => (
							<li key={a.id} style={{ marginBottom: 4 }}>
								<PaperClipOutlined aria-hidden />{" "}
								<a href={`/api/v1${path}/attachments/${a.id}`} download={a.filename}>
									{a.filename}
								</a>{" "}
								<span className="muted">
									{a.contentType} · {size(a.size)}
								</span>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{i.t("complaints.noAttachments")}</p>
				)}
			</Card>

			<Card
				title={<h2 className="card-title">{i.t("complaints.history")}</h2>}
				className="section"
				extra={<span className="muted">{i.t("complaints.historyHint")}</span>}
			>
				<Table
					size="small"
					className="complaint-history"
					rowKey={(s) => `${s.at}-${s.status}`}
					dataSource={c.steps}
					pagination={false}
					scroll={{ x: 700 }}
					columns={[
						{ title: i.t("complaints.at"), key: "at", width: 170, render: (_, s) => i.instant(s.at) },
						{
							title: i.t("complaints.statusCol"),
							key: "status",
							width: 100,
							render: (_, s) => <ComplaintStatusTag status={s.status} />,
						},
						{
							title: i.t("complaints.stepNote"),
							key: "note",
							render: (_, s) => (
								<>
									{s.note ? (
										<div style={{ whiteSpace: "pre-wrap" }}>{s.note}</div>
									) : (
										<span className="muted">—</span>
									)}
									<StepDetail detail={s.detail} />
								</>
							),
						},
						{ title: i.t("complaints.by"), key: "by", width: 120, render: (_, s) => s.by },
					]}
				/>
			</Card>

			{step && (
				<StepDialog
					step={step}
					complaint={c}
					onClose={() => setStep(undefined)}
					onDone={() => {
						void message.success(i.t(`complaints.done.${step}`));
						setStep(undefined);
						reload();
					}}
				/>
			)}
		</>
	);
}

/** What a step recorded besides its note: the officer assigned, the new deadline, the district, the outcome. */
function StepDetail({ detail }: { detail: Record<string, unknown> | null }) {
	const i = useI18n();
	const codes = useCodes();
	if (!detail) return null;
	const text = (k: string) => (typeof detail[k] === "string" && detail[k] ? (detail[k] as string) : null);
	const parts = [
		text("assignee") && i.t("complaints.detail.assignee", { name: text("assignee")! }),
		text("closeBy") && i.t("complaints.detail.closeBy", { date: i.date(text("closeBy")) }),
		text("district") &&
			i.t("complaints.detail.district", { district: codes.label("district", text("district")) }),
		text("outcome") &&
			i.t("complaints.detail.outcome", {
				outcome: OUTCOMES.includes(text("outcome") as ComplaintOutcome)
					? i.t(`complaints.outcome.${text("outcome") as ComplaintOutcome}`)
					: text("outcome")!,
			}),
	].filter(Boolean);
	return parts.length ? <div className="muted">{parts.join(" · ")}</div> : null;
}
