/**
 * A new account (POST /accounts): a role, the body it belongs to (operators and enterprise users), the
 * districts it supervises (officers), the person in the inspector pool (inspectors), and a first password its owner will be asked to change.
 */
import { App, Button, Drawer, Form, Input, Select, Space } from "antd";
import { apiPost } from "../../api/client.ts";
import type { Role } from "../../api/types.ts";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { OrgPicker } from "../../components/OrgPicker.tsx";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";

interface Values {
	username: string;
	displayName: string;
	role: Role;
	organization?: string | null;
	districts?: string[];
	person?: string;
	password: string;
}

const ORG_KIND: Partial<Record<Role, "cb" | "lab" | "enterprise" | "regulator">> = {
	cb_operator: "cb",
	lab_operator: "lab",
	enterprise_user: "enterprise",
	regulator_admin: "regulator",
	regulator_officer: "regulator",
	inspector: "regulator",
};

const FIELDS = [
	"username",
	"displayName",
	"role",
	"organization",
	"districts",
	"person",
	"password",
] as const;

export function NewAccountDrawer({ onClose, onSaved }: { onClose(): void; onSaved(): void }) {
	const i = useI18n();
	const codes = useCodes();
	const { message } = App.useApp();
	const [form] = Form.useForm<Values>();
	const role = Form.useWatch("role", form);
	const errors = useFieldErrors(FIELDS);
	const needsOrg = role === "cb_operator" || role === "lab_operator" || role === "enterprise_user";

	const submit = async (v: Values) => {
		errors.fail(undefined);
		try {
			await apiPost("/accounts", {
				username: v.username.trim(),
				displayName: v.displayName.trim(),
				role: v.role,
				...(v.organization ? { organization: v.organization } : {}),
				...(v.districts?.length ? { districts: v.districts } : {}),
				...(v.role === "inspector" && v.person ? { person: v.person.trim().toUpperCase() } : {}),
				password: v.password,
			});
			void message.success(i.t("accounts.created", { username: v.username.trim() }));
			onSaved();
		} catch (e) {
			errors.fail(e);
		}
	};

	const required = (label: string) => [{ required: true, message: i.t("form.required", { field: label }) }];
	return (
		<Drawer open size={560} title={i.t("accounts.new")} onClose={onClose} destroyOnHidden>
			<Form
				form={form}
				layout="vertical"
				name="new-account"
				onFinish={submit}
				onValuesChange={(c) => errors.changed(c)}
			>
				<Form.Item
					name="username"
					label={i.t("accounts.username")}
					extra={i.t("accounts.usernameHint")}
					rules={required(i.t("accounts.username"))}
					{...errors.item("username")}
				>
					<Input autoComplete="off" maxLength={40} />
				</Form.Item>
				<Form.Item
					name="displayName"
					label={i.t("accounts.displayName")}
					rules={required(i.t("accounts.displayName"))}
					{...errors.item("displayName")}
				>
					<Input maxLength={100} />
				</Form.Item>
				<Form.Item
					name="role"
					label={i.t("accounts.role")}
					rules={required(i.t("accounts.role"))}
					{...errors.item("role")}
				>
					<Select options={codes.options("role")} />
				</Form.Item>
				{role && role !== "regulator_officer" && (
					<Form.Item
						name="organization"
						label={i.t("accounts.organization")}
						rules={needsOrg ? required(i.t("accounts.organization")) : []}
						{...errors.item("organization")}
					>
						<OrgPicker kind={ORG_KIND[role]} style={{ width: "100%" }} />
					</Form.Item>
				)}
				{role === "regulator_officer" && (
					<Form.Item
						name="districts"
						label={i.t("accounts.districts")}
						rules={[{ required: true, message: i.t("form.required", { field: i.t("accounts.districts") }) }]}
						{...errors.item("districts")}
					>
						<Select
							mode="multiple"
							options={codes.options("district")}
							showSearch={{ optionFilterProp: "label" }}
						/>
					</Form.Item>
				)}
				{role === "inspector" && (
					<Form.Item
						name="person"
						label={i.t("accounts.person")}
						extra={i.t("accounts.personHint")}
						rules={required(i.t("accounts.person"))}
						{...errors.item("person")}
					>
						<Input className="mono" maxLength={20} placeholder="P00000000" />
					</Form.Item>
				)}
				<Form.Item
					name="password"
					label={i.t("accounts.firstPassword")}
					extra={i.t("password.rules")}
					rules={required(i.t("accounts.firstPassword"))}
					{...errors.item("password")}
				>
					<Input.Password autoComplete="new-password" />
				</Form.Item>
				{errors.error !== undefined && (
					<div className="form-error">
						<ErrorAlert error={errors.error} showProblems={errors.unplaced()} />
					</div>
				)}
				<Space>
					<Button type="primary" htmlType="submit">
						{i.t("accounts.create")}
					</Button>
					<Button onClick={onClose}>{i.t("common.cancel")}</Button>
				</Space>
			</Form>
		</Drawer>
	);
}
