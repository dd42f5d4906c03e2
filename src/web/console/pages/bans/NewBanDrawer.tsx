/**
 * A new ban (POST /bans): an organisation (picked from the register) or a person (by public reference),
 * the scope, the first day, for life or until a day, and the decision — its document number, the
 * authority and the reason as published. The server's verdict shows under each field; the reason is
 * published, so the server refuses one holding an identity or phone number.
 */
import { Button, Drawer, Form, Input, Radio, Space, Switch } from "antd";
import { chinaDate } from "../../../../core/dates.ts";
import { apiPost } from "../../api/client.ts";
import type { Ban } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { OrgPicker } from "../../components/OrgPicker.tsx";
import { DateInput } from "../../forms/controls.tsx";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";

interface Values {
	subjectType: "organization" | "person";
	uscc?: string | null;
	person?: string;
	scope: Ban["scope"];
	startsOn: string;
	lifetime: boolean;
	endsOn?: string | null;
	reference: string;
	authority: string;
	reason: string;
}

const FIELDS = [
	"subject",
	"uscc",
	"person",
	"scope",
	"startsOn",
	"endsOn",
	"reference",
	"authority",
	"reason",
] as const;

export function NewBanDrawer({ onClose, onSaved }: { onClose(): void; onSaved(ban: Ban): void }) {
	const i = useI18n();
	const [form] = Form.useForm<Values>();
	const subjectType = Form.useWatch("subjectType", form);
	const lifetime = Form.useWatch("lifetime", form);
	const errors = useFieldErrors(FIELDS);

	const submit = async (v: Values) => {
		errors.fail(undefined);
		try {
			const ban = await apiPost<Ban>("/bans", {
				...(v.subjectType === "person"
					? { person: (v.person ?? "").trim().toUpperCase() }
					: { uscc: v.uscc ?? "" }),
				scope: v.scope,
				startsOn: v.startsOn,
				endsOn: v.lifetime ? null : (v.endsOn ?? null),
				reference: v.reference.trim(),
				authority: v.authority.trim(),
				reason: v.reason.trim(),
			});
			onSaved(ban);
		} catch (e) {
			errors.fail(e);
		}
	};

	const required = (label: string) => [
		{ required: true, whitespace: true, message: i.t("form.required", { field: label }) },
	];
	return (
		<Drawer open size={560} title={i.t("bans.new")} onClose={onClose} destroyOnHidden>
			<Form<Values>
				form={form}
				layout="vertical"
				name="new-ban"
				initialValues={{
					subjectType: "organization",
					scope: "tic",
					startsOn: chinaDate(new Date()),
					lifetime: false,
				}}
				onFinish={submit}
				// The subject type is the `subject` the server names when neither code nor reference is given.
				onValuesChange={(c: Partial<Values>) => errors.changed("subjectType" in c ? { ...c, subject: 1 } : c)}
			>
				<Form.Item name="subjectType" label={i.t("bans.subjectType")} {...errors.item("subject")}>
					<Radio.Group
						options={[
							{ value: "organization", label: i.t("bans.organization") },
							{ value: "person", label: i.t("bans.person") },
						]}
					/>
				</Form.Item>
				{subjectType === "person" ? (
					<Form.Item
						name="person"
						label={i.t("bans.personRef")}
						extra={i.t("bans.personRefHint")}
						rules={required(i.t("bans.personRef"))}
						{...errors.item("person")}
					>
						<Input className="mono" maxLength={20} placeholder="P00000000" autoComplete="off" />
					</Form.Item>
				) : (
					<Form.Item
						name="uscc"
						label={i.t("bans.organization")}
						rules={[{ required: true, message: i.t("form.required", { field: i.t("bans.organization") }) }]}
						{...errors.item("uscc")}
					>
						<OrgPicker style={{ width: "100%" }} />
					</Form.Item>
				)}
				<Form.Item name="scope" label={i.t("bans.scope")} {...errors.item("scope")}>
					<Radio.Group>
						<Space orientation="vertical">
							<Radio value="tic">{i.t("bans.scopeLong.tic")}</Radio>
							<Radio value="procurement">{i.t("bans.scopeLong.procurement")}</Radio>
						</Space>
					</Radio.Group>
				</Form.Item>
				<Form.Item
					name="startsOn"
					label={i.t("bans.startsOn")}
					rules={[{ required: true, message: i.t("form.required", { field: i.t("bans.startsOn") }) }]}
					{...errors.item("startsOn")}
				>
					<DateInput />
				</Form.Item>
				<Form.Item name="lifetime" label={i.t("bans.lifetimeLabel")} valuePropName="checked">
					<Switch />
				</Form.Item>
				{!lifetime && (
					<Form.Item
						name="endsOn"
						label={i.t("bans.endsOn")}
						extra={i.t("bans.endsOnHint")}
						rules={[{ required: true, message: i.t("form.required", { field: i.t("bans.endsOn") }) }]}
						{...errors.item("endsOn")}
					>
						<DateInput />
					</Form.Item>
				)}
				<Form.Item
					name="reference"
					label={i.t("bans.reference")}
					rules={required(i.t("bans.reference"))}
					{...errors.item("reference")}
				>
					<Input maxLength={100} placeholder={i.t("bans.referenceExample")} />
				</Form.Item>
				<Form.Item
					name="authority"
					label={i.t("bans.authority")}
					rules={required(i.t("bans.authority"))}
					{...errors.item("authority")}
				>
					<Input maxLength={100} placeholder={i.t("bans.authorityExample")} />
				</Form.Item>
				<Form.Item
					name="reason"
					label={i.t("bans.reason")}
					extra={i.t("bans.reasonHint")}
					rules={required(i.t("bans.reason"))}
					{...errors.item("reason")}
				>
					<Input.TextArea rows={4} maxLength={2000} />
				</Form.Item>
				{errors.error !== undefined && (
					<div className="form-error">
						<ErrorAlert error={errors.error} showProblems={errors.unplaced()} />
					</div>
				)}
				<Space>
					<Button type="primary" htmlType="submit">
						{i.t("bans.create")}
					</Button>
					<Button onClick={onClose}>{i.t("common.cancel")}</Button>
				</Space>
			</Form>
		</Drawer>
	);
}
