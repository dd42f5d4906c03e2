/**
 * Applying for a qualification (资质认定申请), step by step: the type (first, renewal, extension, change with
 * what changes, cancellation) and the procedure (general, or notification-commitment where the type allows
 * it), the lab's qualification concerned, the capability rows applied for; then the draft is created
 * (POST /applications) and its materials catalogue shows what is reused — from the register, or an earlier
 * application, named — and what is needed, each needed material filed here; last, on the commitment path
 * the lab's declaration, and the submission. The server checks every rule and names the field it concerns.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Space, Steps } from "antd";
import { useState } from "react";
import {
	APPLICATION_TYPE_INFO,
	APPLICATION_TYPES,
	APPROVAL_PATH_INFO,
	APPROVAL_PATHS,
	type ApplicationType,
	type ApprovalPath,
	CHANGE_KIND_INFO,
	CHANGE_KINDS,
	type ChangeKind,
	pathAllowed,
} from "../../../../core/approval/index.ts";
import { LIMITS } from "../../../../core/records/fields.ts";
import { ApiError, apiPost } from "../../api/client.ts";
import type { ApplicationDetail, CapabilityRowInput, OrganizationDetail } from "../../api/types.ts";
import { navigate } from "../../app/router.tsx";
import { useMe } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { CapabilityRows, changeName, materialName } from "./approvalParts.tsx";
import { MaterialsCard, missingMaterials } from "./MaterialsCard.tsx";

interface Values {
	type: ApplicationType;
	path: ApprovalPath;
	changes?: ChangeKind[];
	qualificationNumber?: string;
	signatories?: string[];
	newName?: string;
	newAddress?: string;
	capabilities?: Partial<CapabilityRowInput>[];
}

const ROW_FIELDS = ["field", "product", "parameter", "standard"] as const;
const STEP_ONE: (keyof Values)[] = [
	"type",
	"path",
	"changes",
	"qualificationNumber",
	"signatories",
	"newName",
	"newAddress",
];

/** Whether the application lists capability rows (as the core requires them). */
function rowsNeeded(type: ApplicationType | undefined, changes: readonly string[] | undefined): boolean {
	return (
		type === "initial" || type === "renewal" || type === "extension" || (changes ?? []).includes("standard")
	);
}

/** "capabilities[2].standard" → ["capabilities", 2, "standard"]; "qualification.number" → qualificationNumber. */
function formName(field: string): (string | number)[] | null {
	const row = /^capabilities\[(\d+)\]\.(\w+)$/.exec(field);
	if (row) return ["capabilities", Number(row[1]), row[2]!];
	if (field === "capabilities") return null;
	if (field.startsWith("qualification")) return ["qualificationNumber"];
	const base = field.replace(/\[.*$/, "");
	return (STEP_ONE as string[]).includes(base) ? [base] : null;
}

export default function ApplyWizard() {
	const i = useI18n();
	const me = useMe();
	const { message } = App.useApp();
	const lab = me.actor.organization ?? "";
	const { data: org } = useGet<OrganizationDetail>(lab ? `/organizations/${encodeURIComponent(lab)}` : null);
	const [form] = Form.useForm<Values>();
	const [current, setCurrent] = useState(0);
	const [number, setNumber] = useState<string>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const [declared, setDeclared] = useState(false);
	const draft = useGet<ApplicationDetail>(number ? `/applications/${encodeURIComponent(number)}` : null);
	const type = Form.useWatch("type", form);
	const path = Form.useWatch("path", form);
	const changes = Form.useWatch("changes", form);
	const cmas = (org?.qualifications ?? []).filter((q) => q.type === "cma");
	const back = { to: "/applications", label: i.t("page.applications") };
	const a = draft.data;

	const next = async () => {
		setError(undefined);
		try {
			await form.validateFields(STEP_ONE);
			setCurrent(1);
		} catch {
			// The fields say what is missing.
		}
	};

	/** Creates the draft: the server checks the type, path, qualification and rows, and plans the materials. */
	const create = async () => {
		setError(undefined);
		let v: Values;
		try {
			await form.validateFields();
			v = form.getFieldsValue(true) as Values;
		} catch {
			return;
		}
		setBusy(true);
		try {
			const withRows = rowsNeeded(v.type, v.changes) || (v.capabilities ?? []).some((r) => r.product);
			const created = await apiPost<ApplicationDetail>("/applications", {
				type: v.type,
				path: v.path,
				...(v.type === "change" ? { changes: v.changes ?? [] } : {}),
				...(v.type !== "initial" && v.qualificationNumber
					? { qualificationNumber: v.qualificationNumber }
					: {}),
				...(v.signatories?.length ? { signatories: v.signatories.map((s) => s.trim().toUpperCase()) } : {}),
				...(v.type === "change" && v.changes?.includes("name") ? { newName: v.newName?.trim() } : {}),
				...(v.type === "change" &&
				(v.changes ?? []).some((c) => c === "address_renamed" || c === "site_moved")
					? { newAddress: v.newAddress?.trim() }
					: {}),
				...(withRows
					? {
							capabilities: (v.capabilities ?? []).map((r) => ({
								field: r.field?.trim() ?? "",
								product: r.product?.trim() ?? "",
								parameter: r.parameter?.trim() ?? "",
								standard: r.standard?.trim() ?? "",
							})),
						}
					: {}),
			});
			setNumber(created.number);
			setCurrent(2);
			void message.success(i.t("apply.created", { number: created.number }));
		} catch (e) {
			setError(e);
			if (e instanceof ApiError) {
				const fields = e.problems.flatMap((p) => {
					const name = formName(p.field);
					return name ? [{ name, errors: [i.message(p)] }] : [];
				});
				form.setFields(fields as Parameters<typeof form.setFields>[0]);
				if (fields.some((f) => f.name[0] !== "capabilities")) setCurrent(0);
			}
		} finally {
			setBusy(false);
		}
	};

	const submit = async () => {
		if (!a) return;
		setBusy(true);
		setError(undefined);
		try {
			await apiPost(`/applications/${encodeURIComponent(a.number)}/actions/submit`, {});
			void message.success(i.t("apply.submitted", { number: a.number }));
			navigate(`/applications/${encodeURIComponent(a.number)}`);
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};

	const typeOptions = APPLICATION_TYPES.map((t) => ({ value: t, label: i.name(APPLICATION_TYPE_INFO[t]) }));
	const missing = a ? missingMaterials(a) : [];
	const commitment = (a?.path.code ?? path) === "commitment";

	return (
		<>
			<PageHeader title={i.t("page.applicationNew")} subtitle={i.t("apply.intro")} back={back} />
			<Card className="section">
				<Steps
					current={current}
					className="apply-steps"
					items={[
						{ title: i.t("apply.step.kind") },
						{ title: i.t("apply.step.rows") },
						{ title: i.t("apply.step.materials") },
						{ title: i.t("apply.step.submit") },
					]}
				/>
			</Card>

			<Form<Values>
				form={form}
				layout="vertical"
				name="apply"
				className="apply-form"
				initialValues={{ type: "initial", path: "general", changes: [], capabilities: [{}] }}
				onValuesChange={(changed: Partial<Values>) => {
					if (changed.type && !pathAllowed(changed.type, form.getFieldValue("path")))
						form.setFieldValue("path", "general");
					if (
						changed.type &&
						changed.type !== "initial" &&
						!form.getFieldValue("qualificationNumber") &&
						cmas[0]
					)
						form.setFieldValue("qualificationNumber", cmas[0].number);
				}}
			>
				<div hidden={current !== 0}>
					<Card title={<h2 className="card-title">{i.t("apply.step.kind")}</h2>} className="section">
						<Form.Item name="type" label={i.t("approvals.type")} rules={[{ required: true }]}>
							<Radio.Group options={typeOptions} />
						</Form.Item>
						<Form.Item
							name="path"
							label={i.t("approvals.path")}
							extra={
								type && !APPLICATION_TYPE_INFO[type].commitment
									? i.t("apply.pathOnlyGeneral")
									: i.t("apply.pathHint")
							}
						>
							<Radio.Group>
								<Space orientation="vertical">
									{APPROVAL_PATHS.map((p) => (
										<Radio key={p} value={p} disabled={!type || !pathAllowed(type, p)}>
											{i.name(APPROVAL_PATH_INFO[p])}
											<span className="muted"> — {i.t(`apply.path.${p}`)}</span>
										</Radio>
									))}
								</Space>
							</Radio.Group>
						</Form.Item>
						{type === "change" && (
							<Form.Item
								name="changes"
								label={i.t("approvals.changes")}
								rules={[{ required: true, type: "array", min: 1, message: i.t("apply.changesRequired") }]}
							>
								<Checkbox.Group>
									<Row gutter={[8, 4]}>
										{CHANGE_KINDS.map((k) => (
											<Col key={k} xs={24} md={12}>
												<Checkbox value={k}>
													{i.name(CHANGE_KIND_INFO[k])}
													<span className="muted">
														{" "}
														（
														{CHANGE_KIND_INFO[k].review === "paper"
															? i.t("apply.paper")
															: i.t("apply.technical")}
														）
													</span>
												</Checkbox>
											</Col>
										))}
									</Row>
								</Checkbox.Group>
							</Form.Item>
						)}
						{type && type !== "initial" && (
							<Form.Item
								name="qualificationNumber"
								label={i.t("approvals.qualification")}
								rules={[
									{
										required: true,
										message: i.t("form.required", { field: i.t("approvals.qualification") }),
									},
								]}
								extra={cmas.length ? undefined : i.t("apply.noCma")}
							>
								<Select
									style={{ maxWidth: 420 }}
									options={cmas.map((q) => ({
										value: q.number,
										label: i.t("apply.cmaOption", { number: q.number, date: i.date(q.validUntil) }),
									}))}
								/>
							</Form.Item>
						)}
						{type === "change" && (changes ?? []).includes("signatory") && (
							<Form.Item
								name="signatories"
								label={i.t("approvals.signatories")}
								extra={i.t("apply.signatoriesHint")}
								rules={[
									{ required: true, message: i.t("form.required", { field: i.t("approvals.signatories") }) },
								]}
							>
								<Select mode="tags" tokenSeparators={[",", "，", "、", " "]} />
							</Form.Item>
						)}
						{type === "change" && (changes ?? []).includes("name") && (
							<Form.Item
								name="newName"
								label={i.t("apply.newName")}
								rules={[{ required: true, message: i.t("form.required", { field: i.t("apply.newName") }) }]}
							>
								<Input maxLength={200} />
							</Form.Item>
						)}
						{type === "change" &&
							(changes ?? []).some((c) => c === "address_renamed" || c === "site_moved") && (
								<Form.Item
									name="newAddress"
									label={i.t("apply.newAddress")}
									rules={[
										{ required: true, message: i.t("form.required", { field: i.t("apply.newAddress") }) },
									]}
								>
									<Input maxLength={300} />
								</Form.Item>
							)}
						{error !== undefined && current === 0 && <ErrorAlert error={error} />}
						<Space>
							<Button type="primary" onClick={next}>
								{i.t("apply.next")}
							</Button>
							<Button onClick={() => navigate(back.to)}>{i.t("common.cancel")}</Button>
						</Space>
					</Card>
				</div>

				<div hidden={current !== 1}>
					<Card title={<h2 className="card-title">{i.t("apply.step.rows")}</h2>} className="section">
						<p className="muted">
							{rowsNeeded(type, changes) ? i.t("apply.rowsHint") : i.t("apply.rowsOptional")}
						</p>
						<Form.List name="capabilities">
							{(rows, { add, remove }) => (
								<>
									{rows.map((row, n) => (
										<Row key={row.key} gutter={12} className="apply-row" align="top">
											{ROW_FIELDS.map((f) => {
												const label = i.t(`field.capabilities.${f}`);
												return (
													<Col key={f} xs={24} md={f === "standard" ? 6 : 5}>
														<Form.Item
															name={[row.name, f]}
															label={n === 0 ? label : undefined}
															rules={
																rowsNeeded(type, changes)
																	? [
																			{
																				required: true,
																				whitespace: true,
																				message: i.t("form.required", { field: label }),
																			},
																		]
																	: []
															}
														>
															<Input
																aria-label={i.t("apply.rowField", { n: n + 1, field: label })}
																maxLength={LIMITS.name}
															/>
														</Form.Item>
													</Col>
												);
											})}
											<Col xs={24} md={3}>
												<Form.Item label={n === 0 ? " " : undefined}>
													<Button
														type="text"
														danger
														icon={<DeleteOutlined aria-hidden />}
														disabled={rows.length === 1}
														aria-label={i.t("apply.removeRow", { n: n + 1 })}
														onClick={() => remove(row.name)}
													/>
												</Form.Item>
											</Col>
										</Row>
									))}
									<Button icon={<PlusOutlined aria-hidden />} onClick={() => add({})} className="section">
										{i.t("apply.addRow")}
									</Button>
								</>
							)}
						</Form.List>
						{error !== undefined && current === 1 && (
							<div className="form-error">
								<ErrorAlert error={error} />
							</div>
						)}
						<Space>
							<Button onClick={() => setCurrent(0)}>{i.t("apply.previous")}</Button>
							<Button type="primary" loading={busy} onClick={create}>
								{i.t("apply.create")}
							</Button>
						</Space>
					</Card>
				</div>
			</Form>

			{current >= 2 &&
				!a &&
				(draft.error ? <ErrorAlert error={draft.error} onRetry={draft.reload} /> : <Loading />)}

			{current === 2 && a && (
				<>
					<Alert
						type="info"
						showIcon
						className="section"
						title={i.t("apply.draftNote", { number: a.number })}
					/>
					<MaterialsCard a={a} canFile onFiled={draft.reload} title={i.t("apply.step.materials")} />
					<Card className="section">
						{missing.length > 0 ? (
							<p className="apply-missing">
								{i.t("apply.missing", { items: missing.map((c) => materialName(i, c)).join("、") })}
							</p>
						) : (
							<p className="apply-complete">{i.t("apply.allFiled")}</p>
						)}
						<Button type="primary" disabled={missing.length > 0} onClick={() => setCurrent(3)}>
							{i.t("apply.next")}
						</Button>
					</Card>
				</>
			)}

			{current === 3 && a && (
				<Card title={<h2 className="card-title">{i.t("apply.step.submit")}</h2>} className="section">
					<FieldList
						rows={[
							{ label: i.t("approvals.number"), value: <span className="mono">{a.number}</span> },
							{ label: i.t("approvals.lab"), value: a.lab.name },
							{ label: i.t("approvals.type"), value: i.name(a.type) },
							{ label: i.t("approvals.path"), value: i.name(a.path) },
							{ label: i.t("approvals.qualification"), value: a.qualification?.number ?? null },
							{
								label: i.t("approvals.changes"),
								value: a.changes.length ? a.changes.map((c) => changeName(i, c)).join("、") : null,
							},
							...(a.newName ? [{ label: i.t("apply.newName"), value: a.newName }] : []),
							...(a.newAddress ? [{ label: i.t("apply.newAddress"), value: a.newAddress }] : []),
							{
								label: i.t("approvals.materials"),
								value: i.t("approvals.materialsCount", {
									reused: a.materials.filter((m) => m.status === "reused").length,
									needed: a.materials.filter((m) => m.status === "needed").length,
								}),
								wide: true,
							},
						]}
					/>
					{a.capabilities.length > 0 && (
						<div style={{ marginTop: 16 }}>
							<CapabilityRows rows={a.capabilities} />
						</div>
					)}
					{commitment && (
						<Alert
							type="warning"
							showIcon
							className="section apply-commitment"
							style={{ marginTop: 16 }}
							title={i.t("apply.commitmentTitle")}
							description={
								<>
									<p>{i.t("apply.commitmentText")}</p>
									<Checkbox checked={declared} onChange={(e) => setDeclared(e.target.checked)}>
										{i.t("approvals.declare")}
									</Checkbox>
								</>
							}
						/>
					)}
					{error !== undefined && (
						<div className="form-error">
							<ErrorAlert error={error} />
						</div>
					)}
					<Space style={{ marginTop: 16 }}>
						<Button onClick={() => setCurrent(2)}>{i.t("apply.previous")}</Button>
						<Button type="primary" loading={busy} disabled={commitment && !declared} onClick={submit}>
							{i.t("apply.submit")}
						</Button>
					</Space>
				</Card>
			)}
		</>
	);
}
