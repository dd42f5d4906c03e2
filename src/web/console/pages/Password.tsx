/**
 * Changing one's own password (POST /auth/password). Shown in place of every page while an account
 * must change the password an administrator set.
 */
import { App, Button, Card, Form, Input } from "antd";
import { apiPost } from "../api/client.ts";
import { useSession } from "../app/session.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { useFieldErrors } from "../forms/useFieldErrors.ts";
import { useI18n } from "../i18n/i18n.tsx";

interface Values {
	currentPassword: string;
	newPassword: string;
	repeat: string;
}

export default function Password() {
	const i = useI18n();
	const { message } = App.useApp();
	const { refresh } = useSession();
	const [form] = Form.useForm<Values>();
	const errors = useFieldErrors(["currentPassword", "newPassword"]);

	const submit = async (v: Values) => {
		errors.fail(undefined);
		try {
			await apiPost("/auth/password", { currentPassword: v.currentPassword, newPassword: v.newPassword });
			form.resetFields();
			void message.success(i.t("password.changed"));
			await refresh();
		} catch (e) {
			errors.fail(e);
		}
	};

	const required = (field: string) => [{ required: true, message: i.t("form.required", { field }) }];
	return (
		<>
			<PageHeader title={i.t("page.password")} subtitle={i.t("password.rules")} />
			<Card className="section narrow-card">
				<Form
					form={form}
					layout="vertical"
					name="password"
					onFinish={submit}
					onValuesChange={(c) => errors.changed(c)}
				>
					<Form.Item
						name="currentPassword"
						label={i.t("password.current")}
						rules={required(i.t("password.current"))}
						{...errors.item("currentPassword")}
					>
						<Input.Password autoComplete="current-password" />
					</Form.Item>
					<Form.Item
						name="newPassword"
						label={i.t("password.new")}
						rules={[...required(i.t("password.new")), { min: 10, message: i.t("password.tooShort") }]}
						{...errors.item("newPassword")}
					>
						<Input.Password autoComplete="new-password" />
					</Form.Item>
					<Form.Item
						name="repeat"
						label={i.t("password.repeat")}
						dependencies={["newPassword"]}
						rules={[
							...required(i.t("password.repeat")),
							({ getFieldValue }) => ({
								validator: (_, v) =>
									!v || v === getFieldValue("newPassword")
										? Promise.resolve()
										: Promise.reject(new Error(i.t("password.mismatch"))),
							}),
						]}
					>
						<Input.Password autoComplete="new-password" />
					</Form.Item>
					{errors.error !== undefined && (
						<div className="form-error">
							<ErrorAlert error={errors.error} showProblems={errors.unplaced()} />
						</div>
					)}
					<Button type="primary" htmlType="submit">
						{i.t("password.submit")}
					</Button>
				</Form>
			</Card>
		</>
	);
}
