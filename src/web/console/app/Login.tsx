/**
 * Signing in. A wrong password, a locked account or a lost connection is said in words; the username
 * stays filled in, so only the password needs typing again.
 */
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Segmented } from "antd";
import { useEffect, useState } from "react";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { type Lang, useI18n } from "../i18n/i18n.tsx";
import { useSession } from "./session.tsx";

export function Login({ expired }: { expired: boolean }) {
	const i = useI18n();
	const { signIn } = useSession();
	const [form] = Form.useForm<{ username: string; password: string }>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);

	useEffect(() => {
		document.title = `${i.t("auth.signIn")} · ${i.t("app.title")}`;
	}, [i]);

	const submit = async (v: { username: string; password: string }) => {
		setBusy(true);
		setError(undefined);
		try {
			await signIn(v.username.trim(), v.password);
		} catch (e) {
			setError(e);
			form.setFieldValue("password", "");
			form.getFieldInstance("password")?.focus?.();
		} finally {
			setBusy(false);
		}
	};

	return (
		<main className="login">
			<div className="login-lang">
				<Segmented<Lang>
					aria-label={i.t("lang.label")}
					value={i.lang}
					onChange={(v) => i.setLang(v)}
					options={[
						{ value: "zh-CN", label: <span lang="zh-CN">中文</span> },
						{ value: "en", label: <span lang="en">English</span> },
					]}
				/>
			</div>
			<Card className="login-card">
				<h1 className="login-title">{i.t("app.title")}</h1>
				<p className="login-sub">{i.t("auth.intro")}</p>
				{expired && <Alert type="info" showIcon className="login-alert" title={i.t("auth.expired")} />}
				<Form form={form} layout="vertical" name="login" onFinish={submit} requiredMark={false}>
					<Form.Item
						name="username"
						label={i.t("auth.username")}
						rules={[{ required: true, message: i.t("form.required", { field: i.t("auth.username") }) }]}
					>
						<Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
					</Form.Item>
					<Form.Item
						name="password"
						label={i.t("auth.password")}
						rules={[{ required: true, message: i.t("form.required", { field: i.t("auth.password") }) }]}
					>
						<Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
					</Form.Item>
					{error !== undefined && (
						<div className="form-error">
							<ErrorAlert error={error} />
						</div>
					)}
					<Button type="primary" htmlType="submit" block loading={busy}>
						{i.t("auth.signIn")}
					</Button>
				</Form>
			</Card>
		</main>
	);
}
