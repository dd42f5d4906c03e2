/** Setting a new password for someone (POST /accounts/{username}/reset-password); they must change it. */
import { App, Form, Input, Modal } from "antd";
import { apiPost } from "../../api/client.ts";
import type { Account } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";

export function ResetPasswordDialog({
	account,
	onClose,
	onDone,
}: {
	account: Account;
	onClose(): void;
	onDone(): void;
}) {
	const i = useI18n();
	const { message } = App.useApp();
	const [form] = Form.useForm<{ password: string }>();
	const errors = useFieldErrors(["password"]);
	const submit = async (v: { password: string }) => {
		errors.fail(undefined);
		try {
			await apiPost(`/accounts/${encodeURIComponent(account.username)}/reset-password`, {
				password: v.password,
			});
			void message.success(i.t("accounts.passwordReset", { username: account.username }));
			onDone();
		} catch (e) {
			errors.fail(e);
		}
	};
	return (
		<Modal
			open
			title={i.t("accounts.resetTitle", { username: account.username })}
			okText={i.t("accounts.resetPassword")}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={onClose}
			destroyOnHidden
		>
			<p>{i.t("accounts.resetText")}</p>
			<Form
				form={form}
				layout="vertical"
				name="reset-password"
				onFinish={submit}
				onValuesChange={(c) => errors.changed(c)}
			>
				<Form.Item
					name="password"
					label={i.t("password.new")}
					extra={i.t("password.rules")}
					rules={[{ required: true, message: i.t("form.required", { field: i.t("password.new") }) }]}
					{...errors.item("password")}
				>
					<Input.Password autoComplete="new-password" />
				</Form.Item>
			</Form>
			{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
		</Modal>
	);
}
