/**
 * A new version of the grading model (POST /credit/models), written as JSON: it starts as the model in
 * force with its version bumped and its note empty — a new version must say what changed and why. The
 * server checks it (src/core/credit/grading.ts modelProblem) and its refusal is shown as it says it.
 */
import { Alert, App, Button, Drawer, Form, Input, Space } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import type { CreditModelVersion } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

/** The next free version of the same year: 2026.1 → 2026.2 (or the first one not yet taken). */
export function nextVersion(version: string, taken: ReadonlySet<string>): string {
	const m = /^(\d{4})\.(\d{1,3})$/.exec(version);
	if (!m) return version;
	let n = Number(m[2]) + 1;
	while (taken.has(`${m[1]}.${n}`)) n++;
	return `${m[1]}.${n}`;
}

/** The text the drawer opens with: the base model, its version bumped, its note left to be written. */
export function draftText(base: CreditModelVersion, taken: ReadonlySet<string>): string {
	return JSON.stringify({ ...base.model, version: nextVersion(base.version, taken), note: "" }, null, 2);
}

const JSON_ID = "credit-model-json";

export function ModelDraftDrawer({
	base,
	taken,
	onClose,
	onSaved,
}: {
	base: CreditModelVersion;
	taken: ReadonlySet<string>;
	onClose(): void;
	onSaved(version: string): void;
}) {
	const i = useI18n();
	const { message } = App.useApp();
	const [text, setText] = useState(() => draftText(base, taken));
	const [badJson, setBadJson] = useState<string>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);

	const save = async () => {
		setError(undefined);
		setBadJson(undefined);
		let model: { version?: unknown };
		try {
			model = JSON.parse(text) as { version?: unknown };
		} catch (e) {
			setBadJson((e as Error).message);
			return;
		}
		setBusy(true);
		try {
			await apiPost("/credit/models", { model });
			const version = String(model.version ?? "");
			void message.success(i.t("credit.models.saved", { version }));
			onSaved(version);
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};

	return (
		<Drawer
			open
			size={720}
			title={i.t("credit.models.newTitle")}
			onClose={onClose}
			destroyOnHidden
			footer={
				<Space>
					<Button type="primary" loading={busy} onClick={save}>
						{i.t("credit.models.saveDraft")}
					</Button>
					<Button onClick={onClose}>{i.t("common.cancel")}</Button>
				</Space>
			}
		>
			<p className="muted">{i.t("credit.models.newHint")}</p>
			{badJson !== undefined && (
				<Alert
					type="error"
					showIcon
					style={{ marginBottom: 16 }}
					title={i.t("credit.models.badJson", { message: badJson })}
				/>
			)}
			{error !== undefined && <ErrorAlert error={error} />}
			<Form layout="vertical" style={{ marginTop: 16 }}>
				<Form.Item label={i.t("credit.models.json")} htmlFor={JSON_ID}>
					<Input.TextArea
						id={JSON_ID}
						className="mono"
						value={text}
						onChange={(e) => setText(e.target.value)}
						autoSize={{ minRows: 16, maxRows: 40 }}
						spellCheck={false}
						style={{ fontSize: 12 }}
					/>
				</Form.Item>
			</Form>
		</Drawer>
	);
}
