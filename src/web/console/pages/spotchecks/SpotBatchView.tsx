/**
 * One spot-check batch as its regulators work on it. A draft is published (its pools are taken from the
 * register and frozen); a published batch is drawn once its random sources are announced (entered here,
 * in the manifest's order); a drawn batch lists its tasks, each with a team, where a result is recorded
 * and then published — within 20 working days of the inspection, or it shows as overdue.
 */
import { App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { SpotBatchDetail, SpotTask } from "../../api/types.ts";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { DateInput } from "../../forms/controls.tsx";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";
import { type RecordedTask, ResultModal } from "./ResultModal.tsx";
import { STATUS_COLOR } from "./SpotChecksPage.tsx";

export default function SpotBatchView({ params }: PageProps) {
	const i = useI18n();
	const codes = useCodes();
	const { message } = App.useApp();
	const code = params.code ?? "";
	const path = `/spot-batches/${encodeURIComponent(code)}`;
	const { data: b, error, loading, reload } = useGet<SpotBatchDetail>(`${path}/manage`);
	const [actionError, setActionError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const [recording, setRecording] = useState<RecordedTask>();
	const [confirming, setConfirming] = useState<SpotTask>();
	const [rectifyForm] = Form.useForm<{ on: string; note: string }>();
	const [drawForm] = Form.useForm<{ values: string[] }>();
	const back = { to: "/spot-checks", label: i.t("page.spotChecks") };

	const act = async (fn: () => Promise<unknown>, done: string) => {
		setBusy(true);
		setActionError(undefined);
		try {
			await fn();
			message.success(done);
			reload();
			return true;
		} catch (e) {
			setActionError(e);
			return false;
		} finally {
			setBusy(false);
		}
	};

	if (loading && !b) return <Loading />;
	if (error || !b)
		return (
			<>
				<PageHeader title={`${i.t("spot.batch")} ${code}`} back={back} />
				{error && <ErrorAlert error={error} onRetry={reload} />}
			</>
		);

	const s = b.spec;
	return (
		<>
			<PageHeader
				title={b.title}
				subtitle={
					<>
						<Tag color={STATUS_COLOR[b.status]}>{i.t(`spot.status.${b.status}` as MessageKey)}</Tag>{" "}
						<span className="mono">{b.code}</span>
					</>
				}
				back={back}
				extra={
					b.status !== "draft" ? (
						<a href={`/spot-checks/${encodeURIComponent(b.code)}`} target="_blank" rel="noreferrer">
							{i.t("spot.publicPage")}
						</a>
					) : null
				}
			/>
			{actionError !== undefined && <ErrorAlert error={actionError} />}
			<Card title={i.t("spot.settings")} className="section">
				<FieldList
					rows={[
						{ label: i.t("spot.drawDate"), value: i.date(b.drawDate) },
						{
							label: i.t("spot.objects"),
							value: i.t(`spot.objects.${s.objects ?? "organizations"}` as MessageKey),
						},
						{ label: i.t("spot.kinds"), value: s.kinds.map((k) => codes.label("orgKind", k)).join("、") },
						{
							label: i.t("spot.schemes"),
							value: s.schemes?.length ? s.schemes.join("、") : i.t("spot.allSchemes"),
						},
						{
							label: i.t("spot.strata"),
							value: s.strata
								.map((x) => `${x.name}：${x.count ?? `${Math.round((x.proportion ?? 0) * 1000) / 10}%`}`)
								.join("；"),
						},
						{ label: i.t("spot.teamSize"), value: i.number(s.teamSize) },
						{ label: i.t("spot.sources"), value: s.sources.map((x) => x.name).join("；"), wide: true },
						{
							label: i.t("spot.manifestHash"),
							value: b.manifestSha256 ? <span className="mono">{b.manifestSha256}</span> : null,
							wide: true,
						},
					]}
				/>
			</Card>

			{b.status === "draft" && (
				<Card title={i.t("spot.publishTitle")} className="section">
					<p>{i.t("spot.publishText")}</p>
					<Popconfirm
						title={i.t("spot.publishConfirm")}
						okText={i.t("spot.publish")}
						cancelText={i.t("common.cancel")}
						onConfirm={() => act(() => apiPost(`${path}/publish`), i.t("spot.published"))}
					>
						<Button type="primary" loading={busy}>
							{i.t("spot.publish")}
						</Button>
					</Popconfirm>
				</Card>
			)}

			{b.status === "published" && (
				<Card title={i.t("spot.drawTitle")} className="section">
					<p>{i.t("spot.drawText")}</p>
					<Form
						form={drawForm}
						layout="vertical"
						onFinish={(v) =>
							act(
								() =>
									apiPost(`${path}/draw`, {
										sources: s.sources.map((x, k) => ({ name: x.name, value: (v.values[k] ?? "").trim() })),
									}),
								i.t("spot.drawn"),
							)
						}
					>
						{s.sources.map((x, k) => (
							<Form.Item
								key={x.name}
								name={["values", k]}
								label={`${x.name}${x.description ? `（${x.description}）` : ""}`}
								rules={[{ required: true, whitespace: true, message: i.t("common.required") }]}
							>
								<Input className="mono" maxLength={1000} />
							</Form.Item>
						))}
						<Button type="primary" htmlType="submit" loading={busy}>
							{i.t("spot.draw")}
						</Button>
					</Form>
				</Card>
			)}

			{b.status === "drawn" && (
				<Card title={i.t("spot.tasks")} className="section">
					<Table<SpotTask>
						size="small"
						pagination={false}
						rowKey="seq"
						dataSource={b.tasks}
						columns={[
							{ title: "#", dataIndex: "seq", width: 50 },
							{
								title: i.t("spot.object"),
								render: (_, x) => (
									<>
										{x.org.name}
										<div className="mono muted">{x.org.uscc}</div>
										{x.certificate && (
											<div className="mono">
												{i.t("spot.certificate")} {x.certificate}
											</div>
										)}
									</>
								),
							},
							{
								title: i.t("spot.teamCol"),
								render: (_, x) =>
									x.team.length ? x.team.join("、") : <Tag color="red">{i.t("spot.noTeam")}</Tag>,
							},
							{
								title: i.t("spot.result"),
								render: (_, x) =>
									x.result ? (
										<>
											{i.t(`spot.result.${x.result}` as MessageKey)} · {i.date(x.inspectedOn)}
											{x.findings && <div className="muted">{x.findings}</div>}
											{x.rectifyBy && (
												<div>
													{i.t("spot.rectifyBy")} {i.date(x.rectifyBy)}
													{x.rectifiedOn && (
														<Tag color="green">
															{i.t("spot.rectifiedOn", { date: i.date(x.rectifiedOn) })}
														</Tag>
													)}
												</div>
											)}
										</>
									) : (
										<span className="muted">—</span>
									),
							},
							{
								title: i.t("spot.publishBy"),
								render: (_, x) =>
									x.status === "published" ? (
										<Tag color="green">{i.t("spot.resultPublished")}</Tag>
									) : x.publishBy ? (
										<Tag color={x.overdue ? "red" : "gold"}>{i.date(x.publishBy)}</Tag>
									) : null,
							},
							{
								title: i.t("common.actions"),
								render: (_, x) =>
									x.status === "published" && x.result === "rectify" && !x.rectifiedOn ? (
										<Button size="small" onClick={() => setConfirming(x)}>
											{i.t("spot.confirmRectified")}
										</Button>
									) : x.status === "assigned" || x.status === "done" ? (
										<>
											<Button
												size="small"
												onClick={() => setRecording({ ...x, batch: b.code, name: x.org.name })}
											>
												{i.t("spot.record")}
											</Button>{" "}
											{x.status === "done" && (
												<Button
													size="small"
													type="primary"
													loading={busy}
													onClick={() =>
														act(() => apiPost(`${path}/tasks/${x.seq}/publish`), i.t("spot.resultPublished"))
													}
												>
													{i.t("spot.publishResult")}
												</Button>
											)}
										</>
									) : null,
							},
						]}
					/>
				</Card>
			)}

			<ResultModal
				task={recording}
				onClose={() => setRecording(undefined)}
				onSaved={() => {
					setRecording(undefined);
					message.success(i.t("common.saved"));
					reload();
				}}
			/>

			<Modal
				open={confirming !== undefined}
				title={
					confirming
						? i.t("spot.recordTitle", { seq: String(confirming.seq), name: confirming.org.name })
						: ""
				}
				okText={i.t("spot.confirmRectified")}
				cancelText={i.t("common.cancel")}
				okButtonProps={{ loading: busy }}
				onOk={() => rectifyForm.submit()}
				onCancel={() => setConfirming(undefined)}
				destroyOnHidden
			>
				{actionError !== undefined && <ErrorAlert error={actionError} />}
				<Form
					form={rectifyForm}
					layout="vertical"
					preserve={false}
					onFinish={async (v) => {
						if (!confirming) return;
						const ok = await act(
							() => apiPost(`${path}/tasks/${confirming.seq}/rectified`, v),
							i.t("common.saved"),
						);
						if (ok) setConfirming(undefined);
					}}
				>
					<Form.Item
						name="on"
						label={i.t("spot.rectifiedDate")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<DateInput />
					</Form.Item>
					<Form.Item
						name="note"
						label={i.t("spot.rectificationNote")}
						rules={[{ required: true, whitespace: true, message: i.t("common.required") }]}
					>
						<Input.TextArea rows={3} maxLength={2000} showCount />
					</Form.Item>
				</Form>
			</Modal>
		</>
	);
}
