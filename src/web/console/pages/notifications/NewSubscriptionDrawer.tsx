/**
 * A new webhook subscription (POST /notifications/subscriptions): name, kind of subscriber, URL and the
 * filters — event type prefixes, districts, organisations, minimum alert severity. The server's verdict
 * shows under each field; on success the secret is shown once by the caller.
 */
import { Button, Drawer, Form, Input, Select, Space } from "antd";
import { useState } from "react";
import { DISTRICTS } from "../../../../core/reference/districts.ts";
import { apiPost } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { type Severity, type SubscriberKind, type Subscription, splitCodes } from "./types.ts";

const FIELDS = ["name", "kind", "url", "eventTypes", "districts", "orgs", "minSeverity"] as const;
const KINDS: SubscriberKind[] = ["district", "region", "procurement", "other"];
const SEVERITIES: Severity[] = ["low", "medium", "high", "serious"];
const COMMON_TYPES = ["certificate.", "report.", "ban.", "alert.", "credit.", "spotcheck.", "organization."];

interface Values {
	name: string;
	kind: SubscriberKind;
	url: string;
	eventTypes: string[];
	districts: string[];
	orgs: string;
	minSeverity: Severity | "";
}

export function NewSubscriptionDrawer({
	onClose,
	onSaved,
}: {
	onClose(): void;
	onSaved(s: Subscription): void;
}) {
	const i = useI18n();
	const [form] = Form.useForm<Values>();
	// Problems on list items (eventTypes[2]) show under the list's field.
	const errors = useFieldErrors(FIELDS);
	const [busy, setBusy] = useState(false);

	const send = async (v: Values) => {
		setBusy(true);
		errors.fail(undefined);
		try {
			const s = await apiPost<Subscription>("/notifications/subscriptions", {
				name: v.name.trim(),
				kind: v.kind,
				url: v.url.trim(),
				eventTypes: v.eventTypes ?? [],
				districts: v.districts ?? [],
				orgs: splitCodes(v.orgs ?? ""),
				minSeverity: v.minSeverity || null,
			});
			onSaved(s);
		} catch (e) {
			errors.fail(e);
		} finally {
			setBusy(false);
		}
	};

	return (
		<Drawer
			open
			title={i.t("notify.new")}
			size={560}
			onClose={onClose}
			destroyOnHidden
			extra={
				<Space>
					<Button onClick={onClose}>{i.t("common.cancel")}</Button>
					<Button type="primary" loading={busy} onClick={() => form.submit()}>
						{i.t("notify.new")}
					</Button>
				</Space>
			}
		>
			<Form
				form={form}
				layout="vertical"
				name="new-subscription"
				initialValues={{ kind: "district", eventTypes: [], districts: [], orgs: "", minSeverity: "" }}
				onFinish={send}
				onValuesChange={(c) => errors.changed(c)}
			>
				<Form.Item
					name="name"
					label={i.t("notify.name")}
					rules={[
						{
							required: true,
							whitespace: true,
							message: i.t("form.required", { field: i.t("notify.name") }),
						},
					]}
					{...errors.item("name")}
				>
					<Input maxLength={100} />
				</Form.Item>
				<Form.Item name="kind" label={i.t("notify.kind")} {...errors.item("kind")}>
					<Select options={KINDS.map((k) => ({ value: k, label: i.t(`notify.kind.${k}`) }))} />
				</Form.Item>
				<Form.Item
					name="url"
					label={i.t("notify.url")}
					extra={i.t("notify.url.help")}
					rules={[
						{ required: true, whitespace: true, message: i.t("form.required", { field: i.t("notify.url") }) },
					]}
					{...errors.item("url")}
				>
					<Input placeholder="https://" inputMode="url" />
				</Form.Item>
				<Form.Item
					name="eventTypes"
					label={i.t("notify.eventTypes")}
					extra={i.t("notify.eventTypes.help")}
					{...errors.item("eventTypes")}
				>
					<Select mode="tags" options={COMMON_TYPES.map((t) => ({ value: t, label: t }))} />
				</Form.Item>
				<Form.Item
					name="districts"
					label={i.t("notify.districts")}
					extra={i.t("notify.districts.help")}
					{...errors.item("districts")}
				>
					<Select
						mode="multiple"
						optionFilterProp="label"
						options={DISTRICTS.map((d) => ({ value: d.code, label: i.lang === "en" ? d.nameEn : d.nameZh }))}
					/>
				</Form.Item>
				<Form.Item
					name="orgs"
					label={i.t("notify.orgs")}
					extra={i.t("notify.orgs.help")}
					{...errors.item("orgs")}
				>
					<Input.TextArea rows={3} className="mono" />
				</Form.Item>
				<Form.Item name="minSeverity" label={i.t("notify.minSeverity")} {...errors.item("minSeverity")}>
					<Select
						options={[
							{ value: "", label: i.t("notify.severity.any") },
							...SEVERITIES.map((s) => ({ value: s, label: i.t(`notify.severity.${s}`) })),
						]}
					/>
				</Form.Item>
			</Form>
			{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
		</Drawer>
	);
}
