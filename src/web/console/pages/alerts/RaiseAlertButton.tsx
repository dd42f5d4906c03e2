/**
 * The record pages' way into an alert: on a test report, "mark failed and alert" (the product failed);
 * on a certificate, "alert". Shown to those who may raise alerts; lands on the new alert.
 */
import { WarningOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useState } from "react";
import { navigate } from "../../app/router.tsx";
import { useCan } from "../../app/session.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { RaiseAlertDialog } from "./RaiseAlertDialog.tsx";

export function RaiseAlertButton({
	kind,
	recordKey,
	title,
}: {
	kind: "report" | "certificate";
	recordKey: string;
	title: string;
}) {
	const i = useI18n();
	const can = useCan();
	const [open, setOpen] = useState(false);
	if (!can("alert.manage")) return null;
	return (
		<>
			<Button danger icon={<WarningOutlined aria-hidden />} onClick={() => setOpen(true)}>
				{i.t(kind === "report" ? "alerts.raise.failed" : "alerts.raise.certificate")}
			</Button>
			{open && (
				<RaiseAlertDialog
					prefill={{ source: kind === "report" ? "product_failed" : "manual", kind, key: recordKey, title }}
					onClose={() => setOpen(false)}
					onRaised={(a) => navigate(`/alerts/${a.number}`)}
				/>
			)}
		</>
	);
}
