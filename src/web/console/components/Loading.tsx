/** A loading state that screen readers announce too. */
import { Spin } from "antd";
import { useT } from "../i18n/i18n.tsx";

export function Loading({ label }: { label?: string }) {
	const t = useT();
	return (
		<div className="loading" role="status" aria-live="polite">
			<Spin />
			<span>{label ?? t("common.loading")}</span>
		</div>
	);
}
