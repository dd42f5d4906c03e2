/**
 * A person's identity number and phone, for administrators. Nothing is fetched until the reader says
 * so, and the dialog says beforehand that the reading is recorded in the audit trail.
 */
import { Alert, Button, Modal } from "antd";
import { useState } from "react";
import { apiGet } from "../../api/client.ts";
import type { Person, PersonPrivate } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function PrivateDataDialog({ person, onClose }: { person: Person; onClose(): void }) {
	const i = useI18n();
	const [data, setData] = useState<PersonPrivate>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const reveal = async () => {
		setBusy(true);
		setError(undefined);
		try {
			setData(await apiGet<PersonPrivate>(`/people/${encodeURIComponent(person.ref)}/private`));
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};
	return (
		<Modal
			open
			title={i.t("people.privateTitle", { name: person.name })}
			onCancel={onClose}
			footer={<Button onClick={onClose}>{i.t("common.close")}</Button>}
			destroyOnHidden
		>
			<Alert type="warning" showIcon title={i.t("people.privateAudited")} className="form-note" />
			{!data && (
				<Button type="primary" danger loading={busy} onClick={() => void reveal()}>
					{i.t("people.privateReveal")}
				</Button>
			)}
			{data && (
				<FieldList
					columns={1}
					rows={[
						{ label: i.t("people.ref"), value: <span className="mono">{data.ref}</span> },
						{ label: i.t("people.name"), value: data.name },
						{ label: i.t("field.people.idNumber"), value: <span className="mono">{data.idNumber}</span> },
						{ label: i.t("field.people.phone"), value: data.phone },
					]}
				/>
			)}
			{error !== undefined && <ErrorAlert error={error} />}
		</Modal>
	);
}
