/**
 * One step of the approval workflow, in a dialog (POST /applications/{number}/actions/{action}): each
 * action with the few fields its body takes — a reason to not accept or refuse, the materials a completion
 * asks for (all at once, 一次告知), a team from the register, the nonconformities found, the review's
 * conclusion, the verification's day and outcome. The server checks every rule; a refusal shows beside its
 * field (`team[0]` beside the team), anything else above the buttons.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
	Alert,
	Button,
	Checkbox,
	Form,
	Input,
	Modal,
	Radio,
	type RadioGroupProps,
	Select,
	Space,
} from "antd";
import { useState } from "react";
import { type Action, MATERIAL_CODES, MATERIALS } from "../../../../core/approval/index.ts";
import { LIMITS } from "../../../../core/records/fields.ts";
import { ApiError, apiPost, withQuery } from "../../api/client.ts";
import type { ApplicationDetail, OpenPage, Person } from "../../api/types.ts";
import { useCan, useMe } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useGet } from "../../components/useGet.ts";
import { DateInput } from "../../forms/controls.tsx";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { actionName } from "./approvalParts.tsx";

interface Values {
	reason?: string;
	items?: string[];
	team?: string[];
	mode?: "onsite" | "remote";
	nonconformities?: { id?: string; item?: string }[];
	corrected?: string[];
	final?: boolean;
	outcome?: "pass" | "partial" | "fail";
	failedItems?: string[];
	grant?: boolean;
	certificateNumber?: string;
	scheduledOn?: string;
	truthful?: boolean;
	findings?: string;
	declare?: boolean;
}

/** The form field a server problem belongs beside: `team[0]` → team, `items[1].item` → nonconformities. */
function placeOf(action: Action, field: string): string {
	const base = field.replace(/\[.*$/, "");
	if (action === "report_nonconformities" && base === "items") return "nonconformities";
	return base;
}

const DANGER: ReadonlySet<Action> = new Set(["not_accept", "withdraw"]);

/** The body an action sends, from what was filled in. */
function bodyOf(action: Action, v: Values): Record<string, unknown> {
	const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
	switch (action) {
		case "withdraw":
			return text(v.reason) ? { reason: text(v.reason) } : {};
		case "not_accept":
			return { reason: text(v.reason) ?? "" };
		case "request_completion":
			return { items: v.items ?? [] };
		case "start_review":
			return { team: (v.team ?? []).map((s) => s.trim().toUpperCase()) };
		case "start_assessment":
			return { mode: v.mode };
		case "report_nonconformities":
			return {
				items: (v.nonconformities ?? []).map((n) => ({ id: n.id?.trim() ?? "", item: n.item?.trim() ?? "" })),
			};
		case "submit_corrections":
			return { corrected: v.corrected ?? [], ...(v.final ? { final: true } : {}) };
		case "conclude_review":
			return {
				outcome: v.outcome,
				...(v.outcome !== "pass" && v.failedItems?.length ? { failedItems: v.failedItems } : {}),
			};
		case "decide":
			return { grant: v.grant === true, ...(text(v.reason) ? { reason: text(v.reason) } : {}) };
		case "issue_certificate":
			return text(v.certificateNumber) ? { certificateNumber: text(v.certificateNumber) } : {};
		case "schedule_verification":
			return { scheduledOn: v.scheduledOn, team: (v.team ?? []).map((s) => s.trim().toUpperCase()) };
		case "record_verification":
			return { truthful: v.truthful === true, ...(text(v.findings) ? { findings: text(v.findings) } : {}) };
		default:
			return {};
	}
}

/**
 * People a regulator may put on a team: the active staff of its own organisation, typed references besides.
 * Also the team of a joint review (JointReviewDialog).
 */
export function TeamInput({
	id,
	value,
	onChange,
	drawFor,
}: {
	id?: string;
	value?: string[];
	onChange?: (v: string[]) => void;
	/** An application number: offer a team drawn from the expert pool for it, free of conflicts. */
	drawFor?: string;
}) {
	const i = useI18n();
	const [drawing, setDrawing] = useState(false);
	const [drawNote, setDrawNote] = useState<string>();
	const draw = async () => {
		if (!drawFor) return;
		setDrawing(true);
		setDrawNote(undefined);
		try {
			const r = await apiPost<{ team: string[]; eligible: number; pool: number }>(
				`/applications/${encodeURIComponent(drawFor)}/review-team/draw`,
				{ size: 2 },
			);
			if (r.team.length) onChange?.(r.team);
			setDrawNote(
				r.team.length
					? i.t("approvals.drawn", { eligible: r.eligible, pool: r.pool })
					: i.t("approvals.drawNone", { eligible: r.eligible, pool: r.pool }),
			);
		} catch (e) {
			setDrawNote(e instanceof ApiError ? i.message(e) : String(e));
		} finally {
			setDrawing(false);
		}
	};
	const me = useMe();
	const can = useCan();
	const own = me.actor.organization;
	const { data } = useGet<OpenPage<Person>>(
		own && can("person.write") ? withQuery("/people", { employer: own, pageSize: 100 }) : null,
	);
	const options = (data?.items ?? [])
		.filter((p) => p.status === "active")
		.map((p) => ({ value: p.ref, label: `${p.name}（${p.ref}）` }));
	const select = (
		<Select
			id={id}
			mode="tags"
			value={value ?? []}
			onChange={onChange}
			options={options}
			tokenSeparators={[",", "，", "、", " "]}
			placeholder={i.t("approvals.teamPlaceholder")}
			style={{ width: "100%" }}
		/>
	);
	if (!drawFor) return select;
	return (
		<Space direction="vertical" style={{ width: "100%" }}>
			{select}
			<Space wrap>
				<Button size="small" loading={drawing} onClick={() => void draw()}>
					{i.t("approvals.draw")}
				</Button>
				{drawNote && <span className="muted team-draw-note">{drawNote}</span>}
			</Space>
		</Space>
	);
}

/** How an assessment is made: on site or remote (the start-assessment and joint-review dialogs). */
export function ModeInput(props: RadioGroupProps) {
	const i = useI18n();
	return (
		<Radio.Group {...props}>
			<Radio value="onsite">{i.t("approvals.mode.onsite")}</Radio>
			<Radio value="remote">{i.t("approvals.mode.remote")}</Radio>
		</Radio.Group>
	);
}

export function ActionDialog({
	action,
	a,
	onClose,
	onDone,
}: {
	action: Action;
	a: ApplicationDetail;
	onClose(): void;
	onDone(next: ApplicationDetail): void;
}) {
	const i = useI18n();
	const [form] = Form.useForm<Values>();
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [placed, setPlaced] = useState<Record<string, string>>({});
	const outcome = Form.useWatch("outcome", form);
	const grant = Form.useWatch("grant", form);
	const truthful = Form.useWatch("truthful", form);
	const commitment = a.path.code === "commitment";

	const send = async (v: Values) => {
		setBusy(true);
		setError(undefined);
		setPlaced({});
		try {
			const next = await apiPost<ApplicationDetail>(
				`/applications/${encodeURIComponent(a.number)}/actions/${action}`,
				bodyOf(action, v),
			);
			onDone(next);
		} catch (e) {
			setError(e);
			if (e instanceof ApiError) {
				const out: Record<string, string> = {};
				for (const p of e.problems) {
					const f = placeOf(action, p.field);
					out[f] = out[f] ? `${out[f]}；${i.message(p)}` : i.message(p);
				}
				setPlaced(out);
			}
		} finally {
			setBusy(false);
		}
	};

	const shown = new Set<string>();
	/** Props for a field's Form.Item: the server's rule beside it, when it named it. */
	const item = (name: string) => {
		shown.add(name);
		return placed[name] ? { validateStatus: "error" as const, help: placed[name] } : {};
	};
	const required = (label: string) => [
		{ required: true, whitespace: true, message: i.t("form.required", { field: label }) },
	];
	const requiredChoice = (label: string) => [
		{ required: true, message: i.t("form.required", { field: label }) },
	];
	const openNc = a.nonconformities.filter((n) => n.status === "open");
	const failedOptions = [
		...new Set([
			...a.nonconformities.filter((n) => n.status !== "corrected").map((n) => n.item),
			...a.capabilities.map((r) => `${r.product} ${r.parameter}`),
		]),
	].map((s) => ({ value: s, label: s }));

	const body = (() => {
		switch (action) {
			case "submit":
				return (
					<>
						<p>{i.t("approvals.submitText")}</p>
						{commitment && (
							<Form.Item
								name="declare"
								valuePropName="checked"
								rules={[
									{
										validator: (_, v) =>
											v ? Promise.resolve() : Promise.reject(new Error(i.t("approvals.declareRequired"))),
									},
								]}
							>
								<Checkbox>{i.t("approvals.declare")}</Checkbox>
							</Form.Item>
						)}
					</>
				);
			case "complete":
				return <p>{i.t("approvals.completeText")}</p>;
			case "accept":
				return (
					<>
						<p>{i.t("approvals.acceptText")}</p>
						{commitment && (
							<Alert type="warning" showIcon className="section" title={i.t("approvals.acceptGrants")} />
						)}
					</>
				);
			case "close_corrections":
				return <p>{i.t("approvals.closeCorrectionsText")}</p>;
			case "withdraw":
				return (
					<Form.Item name="reason" label={i.t("approvals.withdrawReason")} {...item("reason")}>
						<Input.TextArea rows={3} maxLength={LIMITS.reason} showCount />
					</Form.Item>
				);
			case "not_accept":
				return (
					<Form.Item
						name="reason"
						label={i.t("approvals.notAcceptReason")}
						extra={i.t("approvals.reasonHint")}
						rules={required(i.t("approvals.notAcceptReason"))}
						{...item("reason")}
					>
						<Input.TextArea rows={4} maxLength={LIMITS.reason} showCount />
					</Form.Item>
				);
			case "request_completion":
				return (
					<>
						<Alert type="info" showIcon className="section" title={i.t("approvals.completionOnce")} />
						<Form.Item
							name="items"
							label={i.t("approvals.completionItems")}
							rules={requiredChoice(i.t("approvals.completionItems"))}
							{...item("items")}
						>
							<Checkbox.Group className="approval-checklist">
								<Space orientation="vertical">
									{MATERIAL_CODES.map((c) => (
										<Checkbox key={c} value={c}>
											{i.name(MATERIALS[c])}
										</Checkbox>
									))}
								</Space>
							</Checkbox.Group>
						</Form.Item>
					</>
				);
			case "start_review":
				return (
					<Form.Item
						name="team"
						label={i.t("approvals.team")}
						extra={i.t("approvals.teamHint")}
						rules={requiredChoice(i.t("approvals.team"))}
						{...item("team")}
					>
						<TeamInput drawFor={a.number} />
					</Form.Item>
				);
			case "start_assessment":
				return (
					<Form.Item
						name="mode"
						label={i.t("approvals.mode")}
						rules={requiredChoice(i.t("approvals.mode"))}
						{...item("mode")}
					>
						<ModeInput />
					</Form.Item>
				);
			case "report_nonconformities":
				return (
					<>
						<p className="muted">{i.t("approvals.ncText")}</p>
						<Form.Item label={i.t("approvals.nonconformities")} {...item("nonconformities")}>
							<Form.List name="nonconformities">
								{(fields, { add, remove }) => (
									<div className="approval-nc-list">
										{fields.map((f, n) => (
											<Space key={f.key} align="start" className="approval-nc-row">
												<Form.Item
													name={[f.name, "id"]}
													rules={required(i.t("approvals.ncId"))}
													style={{ width: 90 }}
												>
													<Input aria-label={i.t("approvals.ncIdAria", { n: n + 1 })} maxLength={40} />
												</Form.Item>
												<Form.Item
													name={[f.name, "item"]}
													rules={required(i.t("approvals.ncItem"))}
													style={{ width: 330 }}
												>
													<Input.TextArea
														aria-label={i.t("approvals.ncItemAria", { n: n + 1 })}
														autoSize={{ minRows: 1, maxRows: 4 }}
														maxLength={LIMITS.name}
														placeholder={i.t("approvals.ncItemPlaceholder")}
													/>
												</Form.Item>
												<Button
													type="text"
													icon={<DeleteOutlined aria-hidden />}
													aria-label={i.t("approvals.ncRemove", { n: n + 1 })}
													disabled={fields.length === 1}
													onClick={() => remove(f.name)}
												/>
											</Space>
										))}
										<Button
											icon={<PlusOutlined aria-hidden />}
											onClick={() => add({ id: `NC${a.nonconformities.length + fields.length + 1}` })}
										>
											{i.t("approvals.ncAdd")}
										</Button>
									</div>
								)}
							</Form.List>
						</Form.Item>
					</>
				);
			case "submit_corrections":
				return (
					<>
						<p className="muted">{i.t("approvals.correctionsText")}</p>
						<Form.Item name="corrected" label={i.t("approvals.corrected")} {...item("corrected")}>
							<Checkbox.Group>
								<Space orientation="vertical">
									{openNc.map((n) => (
										<Checkbox key={n.id} value={n.id}>
											<span className="mono">{n.id}</span> {n.item}
										</Checkbox>
									))}
								</Space>
							</Checkbox.Group>
						</Form.Item>
						<Form.Item name="final" valuePropName="checked" {...item("final")}>
							<Checkbox>{i.t("approvals.correctionsFinal")}</Checkbox>
						</Form.Item>
					</>
				);
			case "conclude_review":
				return (
					<>
						<Form.Item
							name="outcome"
							label={i.t("approvals.outcome")}
							rules={requiredChoice(i.t("approvals.outcome"))}
							{...item("outcome")}
						>
							<Radio.Group>
								<Space orientation="vertical">
									{(["pass", "partial", "fail"] as const).map((o) => (
										<Radio key={o} value={o}>
											{i.t(`approvals.outcome.${o}`)}
										</Radio>
									))}
								</Space>
							</Radio.Group>
						</Form.Item>
						{outcome && outcome !== "pass" && (
							<Form.Item
								name="failedItems"
								label={i.t("approvals.failedItems")}
								extra={i.t("approvals.failedItemsHint")}
								{...item("failedItems")}
							>
								<Select mode="tags" options={failedOptions} style={{ width: "100%" }} />
							</Form.Item>
						)}
					</>
				);
			case "decide":
				return (
					<>
						{a.conclusion && (
							<p>
								{i.t("approvals.conclusionWas", {
									outcome: i.t(`approvals.outcome.${a.conclusion.outcome}`),
								})}
								{a.conclusion.failedItems.length > 0 && ` ${a.conclusion.failedItems.join("、")}`}
							</p>
						)}
						<Form.Item
							name="grant"
							label={i.t("approvals.decision")}
							rules={requiredChoice(i.t("approvals.decision"))}
							{...item("grant")}
						>
							<Radio.Group>
								<Radio value={true}>{i.t("approvals.grant")}</Radio>
								<Radio value={false}>{i.t("approvals.refuse")}</Radio>
							</Radio.Group>
						</Form.Item>
						<Form.Item
							name="reason"
							label={i.t("approvals.decisionReason")}
							rules={grant === false ? required(i.t("approvals.decisionReason")) : []}
							{...item("reason")}
						>
							<Input.TextArea rows={3} maxLength={LIMITS.reason} showCount />
						</Form.Item>
					</>
				);
			case "issue_certificate":
				return (
					<>
						<p>{i.t("approvals.issueText")}</p>
						<Form.Item
							name="certificateNumber"
							label={i.t("approvals.certificateNumber")}
							extra={i.t("approvals.certificateNumberHint")}
							{...item("certificateNumber")}
						>
							<Input className="mono" maxLength={12} placeholder={a.qualification?.number ?? ""} />
						</Form.Item>
					</>
				);
			case "schedule_verification":
				return (
					<>
						{a.verification && <p>{i.t("approvals.verifyBy", { date: i.date(a.verification.dueBy) })}</p>}
						<Form.Item
							name="scheduledOn"
							label={i.t("approvals.scheduledOn")}
							rules={requiredChoice(i.t("approvals.scheduledOn"))}
							{...item("scheduledOn")}
						>
							<DateInput />
						</Form.Item>
						<Form.Item
							name="team"
							label={i.t("approvals.verificationTeam")}
							extra={i.t("approvals.teamHint")}
							rules={requiredChoice(i.t("approvals.verificationTeam"))}
							{...item("team")}
						>
							<TeamInput />
						</Form.Item>
					</>
				);
			case "record_verification":
				return (
					<>
						<Form.Item
							name="truthful"
							label={i.t("approvals.truthful")}
							rules={requiredChoice(i.t("approvals.truthful"))}
							{...item("truthful")}
						>
							<Radio.Group>
								<Radio value={true}>{i.t("approvals.truthful.yes")}</Radio>
								<Radio value={false}>{i.t("approvals.truthful.no")}</Radio>
							</Radio.Group>
						</Form.Item>
						{truthful === false && (
							<Alert type="error" showIcon className="section" title={i.t("approvals.falseEffect")} />
						)}
						<Form.Item
							name="findings"
							label={i.t("approvals.findings")}
							rules={truthful === false ? required(i.t("approvals.findings")) : []}
							{...item("findings")}
						>
							<Input.TextArea rows={4} maxLength={4000} showCount />
						</Form.Item>
					</>
				);
		}
	})();
	const unplaced =
		!(error instanceof ApiError) || error.problems.some((p) => !shown.has(placeOf(action, p.field)));
	const danger =
		DANGER.has(action) ||
		(action === "decide" && grant === false) ||
		(action === "record_verification" && truthful === false);

	return (
		<Modal
			open
			title={`${actionName(i, action)} · ${a.number}`}
			okText={actionName(i, action)}
			okButtonProps={{ danger, loading: busy }}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={onClose}
			destroyOnHidden
			width={action === "report_nonconformities" || action === "request_completion" ? 600 : 520}
		>
			<Form<Values>
				form={form}
				layout="vertical"
				name={`approval-${action}`}
				className="approval-action-form"
				initialValues={{
					nonconformities: [{ id: `NC${a.nonconformities.length + 1}` }],
				}}
				onFinish={send}
				onValuesChange={(changed) =>
					setPlaced((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !(k in changed))))
				}
			>
				{body}
			</Form>
			{error !== undefined && <ErrorAlert error={error} showProblems={unplaced} />}
			<p className="muted approval-action-help">{i.t(`approvals.help.${action}` as MessageKey)}</p>
		</Modal>
	);
}
