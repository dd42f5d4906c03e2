/** One audit entry in full: how the actor came in, from where, and the record's hashes before and after. */
import type { AuditEntry } from "../../api/types.ts";
import { useCodes } from "../../components/codes.tsx";
import { FieldList } from "../../components/Field.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function AuditDetail({ entry: e }: { entry: AuditEntry }) {
	const i = useI18n();
	const codes = useCodes();
	return (
		<FieldList
			rows={[
				{ label: i.t("audit.actorType"), value: codes.label("actorType", e.actorType) },
				{ label: i.t("audit.via"), value: e.via && <code>{e.via}</code> },
				{ label: i.t("audit.ip"), value: e.ip },
				{ label: i.t("audit.requestId"), value: e.requestId && <code>{e.requestId}</code> },
				{
					label: i.t("audit.before"),
					value: e.beforeSha256 && <code className="hash">{e.beforeSha256}</code>,
					wide: true,
				},
				{
					label: i.t("audit.after"),
					value: e.afterSha256 && <code className="hash">{e.afterSha256}</code>,
					wide: true,
				},
				{
					label: i.t("audit.detail"),
					value: e.detail ? <code className="hash">{JSON.stringify(e.detail)}</code> : null,
					wide: true,
				},
			]}
		/>
	);
}
