/** The signing secret of a new (or rotated) subscription or watchlist webhook: shown once, to copy. */
import { Alert, Modal, Typography } from "antd";
import { useI18n } from "../../i18n/i18n.tsx";

export function SecretDialog({ secret, onClose }: { secret: string; onClose(): void }) {
	const i = useI18n();
	return (
		<Modal
			open
			title={i.t("notify.secret.title")}
			okText={i.t("notify.secret.done")}
			onOk={onClose}
			onCancel={onClose}
			cancelButtonProps={{ style: { display: "none" } }}
			destroyOnHidden
		>
			<Alert type="warning" showIcon title={i.t("notify.secret.note")} />
			<Typography.Paragraph
				copyable={{ text: secret }}
				className="mono secret-value"
				style={{ marginTop: 16 }}
			>
				<code data-testid="webhook-secret">{secret}</code>
			</Typography.Paragraph>
		</Modal>
	);
}
