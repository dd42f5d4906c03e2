/** A "追溯 / Trace" button for a record's page, shown to those who may trace (trace.read). */
import { NodeIndexOutlined } from "@ant-design/icons";
import { useCan } from "../../app/session.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { type TraceKind, tracePath } from "./types.ts";

export function TraceLink({ kind, traceKey, size }: { kind: TraceKind; traceKey: string; size?: "small" }) {
	const i = useI18n();
	const can = useCan();
	if (!can("trace.read")) return null;
	return (
		<LinkButton
			to={tracePath(kind, traceKey)}
			icon={<NodeIndexOutlined aria-hidden />}
			{...(size ? { size } : {})}
			className="trace-link"
		>
			{i.t("trace.link")}
		</LinkButton>
	);
}
