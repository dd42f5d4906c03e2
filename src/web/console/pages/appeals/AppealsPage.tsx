/**
 * Credit appeals (信用异议) waiting for a decision in the regulator's districts, oldest first: what a body
 * appeals — one event of its integrity file, or its grade — and why; upheld or rejected with a note the
 * body reads. Upholding an appeal against an event withdraws the event (a log entry) and regrades the
 * body at once; the server decides who may decide which.
 */
import { App, Button, Form, Input, Modal, Space, Table } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { PendingAppeal } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { AppealAboutText } from "./appealParts.tsx";

export default function AppealsPage() {
	const i = useI18n();
	const codes = useCodes();
	const { message } = App.useApp();
	const list = useGet<{ items: PendingAppeal[] }>("/credit/appeals");
	const [deciding, setDeciding] = useState<{ appeal: PendingAppeal; upheld: boolean }>();

	return (
		<>
			<PageHeader title={i.t("page.appeals")} subtitle={i.t("appeals.intro")} />
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<Table<PendingAppeal>
				className="appeals-table"
				rowKey="id"
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				pagination={false}
				scroll={{ x: 900 }}
				locale={{ emptyText: i.t("appeals.none") }}
				columns={[
					{
						title: i.t("appeals.organization"),
						key: "org",
						width: 240,
						render: (_, a) => (
							<>
								<Link to={`/credit/${encodeURIComponent(a.organization.uscc)}`}>{a.organization.name}</Link>
								<div className="mono muted">{a.organization.uscc}</div>
								{a.organization.district && (
									<div className="muted">{codes.label("district", a.organization.district)}</div>
								)}
							</>
						),
					},
					{
						title: i.t("appeals.about"),
						key: "about",
						width: 280,
						render: (_, a) => <AppealAboutText about={a.about} />,
					},
					{
						title: i.t("appeals.reason"),
						key: "reason",
						render: (_, a) => <span style={{ whiteSpace: "pre-wrap" }}>{a.reason}</span>,
					},
					{ title: i.t("appeals.filedAt"), key: "filed", width: 170, render: (_, a) => i.instant(a.filedAt) },
					{
						title: i.t("common.actions"),
						key: "actions",
						width: 150,
						render: (_, a) => (
							<Space>
								<Button size="small" type="primary" onClick={() => setDeciding({ appeal: a, upheld: true })}>
									{i.t("appeals.uphold")}
								</Button>
								<Button size="small" danger onClick={() => setDeciding({ appeal: a, upheld: false })}>
									{i.t("appeals.reject")}
								</Button>
							</Space>
						),
					},
				]}
			/>
			{deciding && (
				<DecideDialog
					appeal={deciding.appeal}
					upheld={deciding.upheld}
					onClose={() => setDeciding(undefined)}
					onDone={() => {
						void message.success(i.t(deciding.upheld ? "appeals.upheldDone" : "appeals.rejectedDone"));
						setDeciding(undefined);
						list.reload();
					}}
				/>
			)}
		</>
	);
}

const FIELDS = ["note"] as const;

function DecideDialog(props: { appeal: PendingAppeal; upheld: boolean; onClose(): void; onDone(): void }) {
	const i = useI18n();
	const { appeal, upheld } = props;
	const [form] = Form.useForm<{ note: string }>();
	const errors = useFieldErrors(FIELDS);
	const [busy, setBusy] = useState(false);
	const send = async ({ note }: { note: string }) => {
		setBusy(true);
		errors.fail(undefined);
		try {
			await apiPost(`/credit/appeals/${appeal.id}/decide`, { upheld, note: note.trim() });
			props.onDone();
		} catch (e) {
			errors.fail(e);
		} finally {
			setBusy(false);
		}
	};
	const effect = upheld
		? "grade" in appeal.about
			? "appeals.upholdGradeEffect"
			: "appeals.upholdEventEffect"
		: "appeals.rejectEffect";
	return (
		<Modal
			open
			title={i.t(upheld ? "appeals.upholdTitle" : "appeals.rejectTitle", { name: appeal.organization.name })}
			okText={i.t(upheld ? "appeals.uphold" : "appeals.reject")}
			okButtonProps={{ danger: !upheld, loading: busy }}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={props.onClose}
			destroyOnHidden
		>
			<div className="section">
				<AppealAboutText about={appeal.about} />
			</div>
			<p style={{ whiteSpace: "pre-wrap" }}>
				<strong>{i.t("appeals.reason")}:</strong> {appeal.reason}
			</p>
			<p className="muted">{i.t(effect)}</p>
			<Form
				form={form}
				layout="vertical"
				name="appeal-decision"
				onFinish={send}
				onValuesChange={(c) => errors.changed(c)}
			>
				<Form.Item
					name="note"
					label={i.t("appeals.note")}
					extra={i.t("appeals.noteHint")}
					rules={[
						{
							required: true,
							whitespace: true,
							message: i.t("form.required", { field: i.t("appeals.note") }),
						},
					]}
					{...errors.item("note")}
				>
					<Input.TextArea rows={4} maxLength={4000} />
				</Form.Item>
			</Form>
			{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
		</Modal>
	);
}
