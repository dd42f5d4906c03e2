/**
 * Raising an alert (POST /alerts): by hand, or marking a product failed from a test report or a product.
 * The record pages open it prefilled. The description is published with the alert, so the server refuses
 * one holding an identity or phone number; its verdict shows under the field it names.
 */
import { Form, Input, Modal, Radio, Select } from "antd";
import { apiPost } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import {
	type AlertDetail,
	SEVERITIES,
	type Severity,
	TRIGGER_KINDS,
	type TriggerKind,
} from "./alertTypes.ts";

export interface RaisePrefill {
	source?: "manual" | "product_failed";
	kind?: TriggerKind;
	key?: string;
	title?: string;
}

interface Values {
	source: "manual" | "product_failed";
	kind: TriggerKind;
	key: string;
	severity?: Severity | "";
	title: string;
	description: string;
	internalNote?: string;
}

const FIELDS = [
	"source",
	"trigger.kind",
	"trigger.key",
	"severity",
	"title",
	"description",
	"internalNote",
] as const;

export function RaiseAlertDialog({
	prefill,
	onClose,
	onRaised,
}: {
	prefill?: RaisePrefill;
	onClose(): void;
	onRaised(a: AlertDetail): void;
}) {
	const i = useI18n();
	const [form] = Form.useForm<Values>();
	const errors = useFieldErrors(FIELDS);
	const source = Form.useWatch("source", form);

	const submit = async (v: Values) => {
		errors.fail(undefined);
		try {
			const a = await apiPost<AlertDetail>("/alerts", {
				source: v.source,
				...(v.severity ? { severity: v.severity } : {}),
				title: v.title.trim(),
				description: v.description.trim(),
				...(v.internalNote?.trim() ? { internalNote: v.internalNote.trim() } : {}),
				trigger: { kind: v.kind, key: v.key.trim() },
			});
			onRaised(a);
		} catch (e) {
			errors.fail(e);
		}
	};
	const required = (label: string) => [
		{ required: true, whitespace: true, message: i.t("form.required", { field: label }) },
	];
	const kinds = source === "product_failed" ? (["report", "product"] as const) : TRIGGER_KINDS;
	return (
		<Modal
			open
			width={640}
			title={i.t(source === "product_failed" ? "alerts.raise.failed" : "alerts.raise")}
			okText={i.t("alerts.raise.submit")}
			onOk={() => form.submit()}
			onCancel={onClose}
			destroyOnHidden
		>
			<Form<Values>
				form={form}
				layout="vertical"
				name="raise-alert"
				initialValues={{
					source: prefill?.source ?? "manual",
					kind: prefill?.kind ?? "report",
					key: prefill?.key ?? "",
					severity: "",
					title: prefill?.title ?? "",
				}}
				onFinish={submit}
				onValuesChange={(c: Partial<Values>) =>
					errors.changed({
						...c,
						...("kind" in c ? { "trigger.kind": 1 } : {}),
						...("key" in c ? { "trigger.key": 1 } : {}),
					})
				}
			>
				<Form.Item name="source" label={i.t("alerts.source")} {...errors.item("source")}>
					<Radio.Group
						optionType="button"
						options={[
							{ value: "manual", label: i.t("alerts.source.manual") },
							{ value: "product_failed", label: i.t("alerts.source.product_failed") },
						]}
					/>
				</Form.Item>
				<Form.Item name="kind" label={i.t("alerts.trigger.kind")} {...errors.item("trigger.kind")}>
					<Select
						aria-label={i.t("alerts.trigger.kind")}
						options={kinds.map((k) => ({ value: k, label: i.t(`alerts.kind.${k}`) }))}
					/>
				</Form.Item>
				<Form.Item
					name="key"
					label={i.t("alerts.trigger.key")}
					extra={i.t("alerts.trigger.keyHint")}
					rules={required(i.t("alerts.trigger.key"))}
					{...errors.item("trigger.key")}
				>
					<Input maxLength={300} autoComplete="off" />
				</Form.Item>
				<Form.Item
					name="severity"
					label={i.t("alerts.severity")}
					extra={i.t("alerts.severity.defaultHint")}
					{...errors.item("severity")}
				>
					<Select
						aria-label={i.t("alerts.severity")}
						options={[
							{ value: "", label: i.t("alerts.severity.default") },
							...SEVERITIES.map((s) => ({ value: s, label: i.t(`alerts.severity.${s}`) })),
						]}
					/>
				</Form.Item>
				<Form.Item
					name="title"
					label={i.t("alerts.title")}
					rules={required(i.t("alerts.title"))}
					{...errors.item("title")}
				>
					<Input maxLength={200} />
				</Form.Item>
				<Form.Item
					name="description"
					label={i.t("alerts.description")}
					extra={i.t("alerts.description.hint")}
					rules={required(i.t("alerts.description"))}
					{...errors.item("description")}
				>
					<Input.TextArea rows={4} maxLength={4000} />
				</Form.Item>
				<Form.Item name="internalNote" label={i.t("alerts.internalNote")} {...errors.item("internalNote")}>
					<Input.TextArea rows={2} maxLength={4000} />
				</Form.Item>
				{errors.error !== undefined && errors.unplaced() && <ErrorAlert error={errors.error} />}
			</Form>
		</Modal>
	);
}
