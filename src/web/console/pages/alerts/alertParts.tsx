/** Pieces the alert pages share: severity and status tags, and a record's link to tracing. */
import { Tag } from "antd";
import { Link } from "../../app/router.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import type { AlertStatus, Severity, TriggerKind } from "./alertTypes.ts";

const SEVERITY_COLOR: Record<Severity, string> = {
	serious: "red",
	high: "volcano",
	medium: "gold",
	low: "default",
};
const STATUS_COLOR: Record<AlertStatus, string> = { open: "blue", handling: "processing", closed: "default" };

export function SeverityTag({ severity }: { severity: Severity }) {
	const i = useI18n();
	return (
		<Tag color={SEVERITY_COLOR[severity]} className={`severity-${severity}`}>
			{i.t(`alerts.severity.${severity}`)}
		</Tag>
	);
}

export function AlertStatusTag({ status }: { status: AlertStatus }) {
	const i = useI18n();
	return <Tag color={STATUS_COLOR[status]}>{i.t(`alerts.status.${status}`)}</Tag>;
}

/** The tracing page from a record (the key as tracing names it). */
export function TraceLink({
	kind,
	recordKey,
	children,
}: {
	kind: TriggerKind;
	recordKey: string;
	children: React.ReactNode;
}) {
	return <Link to={`/trace?kind=${kind}&key=${encodeURIComponent(recordKey)}`}>{children}</Link>;
}
