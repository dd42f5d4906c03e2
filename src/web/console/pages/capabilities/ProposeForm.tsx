/**
 * A lab proposes rows for its capability list (POST /capability-proposals); a regulator decides. Rows
 * are entered one card each; a problem the API finds in a row (`rows[2].standard`) is shown under
 * that row's field.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Form, Input, Row, Space } from "antd";
import { useState } from "react";
import type { Problem } from "../../../../core/problem.ts";
import { ApiError, apiPost } from "../../api/client.ts";
import { navigate } from "../../app/router.tsx";
import { useMe } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { fieldControl } from "../../forms/FieldControl.tsx";
import { KINDS } from "../../forms/kinds.ts";
import { toBody, type Values } from "../../forms/values.ts";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { useLabChoices } from "./useLabChoices.ts";

/** The row fields a lab fills in (its own USCC and the row's status are implied). */
const ROW_FIELDS = KINDS.capabilities.fields.filter((f) => f.name !== "labUscc" && f.name !== "status");

/** "rows[2].standard" → [2, "standard"]. */
function rowProblem(p: Problem): [number, string] | null {
	const m = /^rows\[(\d+)\]\.(\w+)$/.exec(p.field);
	return m ? [Number(m[1]), m[2]!] : null;
}

export default function ProposeForm() {
	const i = useI18n();
	const me = useMe();
	const { message } = App.useApp();
	const lab = me.actor.organization ?? "";
	const { options } = useLabChoices(lab);
	const [form] = Form.useForm<{ rows: Values[]; note?: string }>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const back = { to: "/proposals", label: i.t("page.proposals") };

	const submit = async (v: { rows: Values[]; note?: string }) => {
		setBusy(true);
		setError(undefined);
		try {
			await apiPost("/capability-proposals", {
				lab,
				rows: v.rows.map((r) => ({ ...toBody(ROW_FIELDS, r), labUscc: lab })),
				...(v.note?.trim() ? { note: v.note.trim() } : {}),
			});
			void message.success(i.t("proposals.sent"));
			navigate("/proposals");
		} catch (e) {
			setError(e);
			if (e instanceof ApiError) {
				const fields = e.problems.flatMap((p) => {
					const at = rowProblem(p);
					return at ? [{ name: ["rows", at[0], at[1]], errors: [i.message(p)] }] : [];
				});
				form.setFields(fields);
				if (fields[0]) form.scrollToField(fields[0].name, { block: "center", focus: true });
			}
		} finally {
			setBusy(false);
		}
	};

	return (
		<>
			<PageHeader title={i.t("page.propose")} subtitle={i.t("proposals.intro")} back={back} />
			<Form form={form} layout="vertical" name="proposal" initialValues={{ rows: [{}] }} onFinish={submit}>
				<Form.List name="rows">
					{(rows, { add, remove }) => (
						<>
							{rows.map((row, n) => (
								<Card
									key={row.key}
									className="section"
									title={<h2 className="card-title">{i.t("proposals.row", { n: n + 1 })}</h2>}
									extra={
										rows.length > 1 && (
											<Button
												type="text"
												danger
												icon={<DeleteOutlined aria-hidden />}
												onClick={() => remove(row.name)}
											>
												{i.t("proposals.removeRow", { n: n + 1 })}
											</Button>
										)
									}
								>
									<Row gutter={24}>
										{ROW_FIELDS.map((f) => {
											const label = i.t(`field.capabilities.${f.name}` as MessageKey);
											return (
												<Col key={f.name} xs={24} md={f.wide ? 24 : 12}>
													<Form.Item
														name={[row.name, f.name]}
														label={label}
														rules={
															f.required
																? [{ required: true, message: i.t("form.required", { field: label }) }]
																: []
														}
														extra={f.hint ? i.t(`hint.capabilities.${f.name}` as MessageKey) : undefined}
													>
														{fieldControl({
															field: f,
															label,
															fixed: false,
															...(options[f.name] ? { options: options[f.name] } : {}),
														})}
													</Form.Item>
												</Col>
											);
										})}
									</Row>
								</Card>
							))}
							<Button icon={<PlusOutlined aria-hidden />} onClick={() => add({})} className="section">
								{i.t("proposals.addRow")}
							</Button>
						</>
					)}
				</Form.List>
				<Card className="section">
					<Form.Item name="note" label={i.t("proposals.note")}>
						<Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2 }} />
					</Form.Item>
					{error !== undefined && (
						<div className="form-error">
							<ErrorAlert error={error} />
						</div>
					)}
					<Space>
						<Button type="primary" htmlType="submit" loading={busy}>
							{i.t("proposals.send")}
						</Button>
						<Button onClick={() => navigate(back.to)}>{i.t("common.cancel")}</Button>
					</Space>
				</Card>
			</Form>
		</>
	);
}
