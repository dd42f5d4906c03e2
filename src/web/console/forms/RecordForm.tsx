/**
 * One form for every kind of record, driven by forms/kinds.ts. Every control has its label; the API's
 * verdict on each field (error.field, details.problems) appears under that field in the reader's
 * language, and the rest above the buttons. What the person typed stays put whatever the answer.
 */
import { Button, Col, Form, Row, Space } from "antd";
import { useMemo, useState } from "react";
import type { Problem } from "../../../core/problem.ts";
import { ApiError } from "../api/client.ts";
import type { Option } from "../components/codes.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { zhCN } from "../i18n/zh-CN.ts";
import { fieldControl } from "./FieldControl.tsx";
import { type ImportKind, KINDS } from "./kinds.ts";
import { toBody, toFormValues, type Values } from "./values.ts";

export interface RecordFormProps {
	kind: ImportKind;
	mode: "create" | "edit";
	/** The record as the API has it (an edit's current values, or a new record's defaults). */
	initial?: Values;
	/** Fields set by who is acting (a CB operator's own USCC): shown read-only. */
	fixed?: readonly string[];
	/** Fields left out of this form; their initial values are still sent. */
	omit?: readonly string[];
	/** Choices only the page knows (a lab's CMA numbers, its signatories). */
	options?: Record<string, Option[]>;
	submitLabel: string;
	/** Sends the body; an ApiError it throws is shown on the form. */
	onSubmit(body: Values): Promise<void>;
	onCancel?(): void;
}

function messageKey(k: string): MessageKey | undefined {
	return k in zhCN ? (k as MessageKey) : undefined;
}

export function RecordForm(props: RecordFormProps) {
	const { kind, mode, initial = {}, fixed = [], omit = [], options = {} } = props;
	const i = useI18n();
	const [form] = Form.useForm<Values>();
	const [error, setError] = useState<unknown>();
	const [problems, setProblems] = useState<Record<string, Problem[]>>({});
	const [saving, setSaving] = useState(false);
	const def = KINDS[kind];
	const shown = def.fields.filter((f) => !omit.includes(f.name) && !(mode === "edit" && f.createOnly));
	// Only the first render's values matter to antd's Form; later edits are the person's own.
	// biome-ignore lint/correctness/useExhaustiveDependencies: initial values are read once.
	const initialValues = useMemo(() => toFormValues(def.fields, initial), []);
	const isFixed = (name: string) =>
		fixed.includes(name) || (mode === "edit" && !!shownDef(name)?.fixedOnEdit);
	function shownDef(name: string) {
		return shown.find((f) => f.name === name);
	}

	const submit = async (values: Values) => {
		setSaving(true);
		setError(undefined);
		setProblems({});
		const kept: Values = {};
		for (const f of def.fields)
			if (omit.includes(f.name) && initial[f.name] !== undefined) kept[f.name] = initial[f.name];
		try {
			await props.onSubmit({ ...kept, ...toBody(shown, values) });
		} catch (e) {
			setError(e);
			if (e instanceof ApiError) {
				const byField: Record<string, Problem[]> = {};
				for (const p of e.problems) {
					if (!shownDef(p.field)) continue;
					byField[p.field] = [...(byField[p.field] ?? []), p];
				}
				setProblems(byField);
				const first = shown.find((f) => byField[f.name]);
				if (first) form.scrollToField(first.name, { block: "center", focus: true });
			}
		} finally {
			setSaving(false);
		}
	};

	// Problems the form cannot pin on a field of its own are listed in the alert.
	const unplaced =
		error instanceof ApiError ? error.problems.filter((p) => !shownDef(p.field)).length > 0 : true;

	return (
		<Form
			form={form}
			layout="vertical"
			name={`${kind}-form`}
			initialValues={initialValues}
			onFinish={submit}
			onValuesChange={(changed) =>
				setProblems((p) => {
					const next = { ...p };
					for (const k of Object.keys(changed)) delete next[k];
					return next;
				})
			}
			scrollToFirstError={{ block: "center", focus: true }}
			className="record-form"
		>
			<Row gutter={24}>
				{shown.map((f) => {
					const label = i.t(messageKey(`field.${kind}.${f.name}`) ?? "common.value");
					const hintKey = f.hint ? messageKey(`hint.${kind}.${f.name}`) : undefined;
					const fieldProblems = problems[f.name];
					const fixedHere = isFixed(f.name);
					return (
						<Col key={f.name} xs={24} md={f.wide ? 24 : 12}>
							<Form.Item
								name={f.name}
								label={label}
								required={f.required && !fixedHere}
								rules={
									f.required && !fixedHere
										? [{ required: true, message: i.t("form.required", { field: label }) }]
										: []
								}
								extra={hintKey && !fixedHere ? i.t(hintKey) : undefined}
								{...(fieldProblems
									? {
											validateStatus: "error" as const,
											help: fieldProblems.map((p) => i.message(p)).join("；"),
										}
									: {})}
							>
								{fieldControl({
									field: f,
									label,
									fixed: fixedHere,
									value: initialValues[f.name],
									...(options[f.name] ? { options: options[f.name] } : {}),
								})}
							</Form.Item>
						</Col>
					);
				})}
			</Row>
			{error !== undefined && (
				<div className="form-error">
					<ErrorAlert error={error} showProblems={unplaced} />
				</div>
			)}
			<Space>
				<Button type="primary" htmlType="submit" loading={saving}>
					{props.submitLabel}
				</Button>
				{props.onCancel && <Button onClick={props.onCancel}>{i.t("common.cancel")}</Button>}
			</Space>
		</Form>
	);
}
