/** Suspend, restore, withdraw or cancel a certificate (POST /certificates/{number}/status). */
import { apiPost } from "../../api/client.ts";
import type { CertificateDetail } from "../../api/types.ts";
import { StatusDialog } from "../../components/StatusDialog.tsx";
import { useT } from "../../i18n/i18n.tsx";

export function CertificateStatusDialog({
	certificate: c,
	targets,
	onClose,
	onDone,
}: {
	certificate: CertificateDetail;
	targets: readonly string[];
	onClose(): void;
	onDone(): void;
}) {
	const t = useT();
	return (
		<StatusDialog
			subject={t("certificates.subject", { number: c.number })}
			list="certificateStatus"
			current={c.status}
			targets={targets}
			// Restoring a suspended certificate needs no reason; taking it out of force does.
			reasonRequired={(s) => s !== "valid"}
			send={async (change) => {
				await apiPost(`/certificates/${encodeURIComponent(c.number)}/status`, {
					issuer: c.cb.uscc,
					status: change.status,
					...(change.date ? { date: change.date } : {}),
					...(change.reason ? { reason: change.reason } : {}),
				});
			}}
			onClose={onClose}
			onDone={onDone}
		/>
	);
}
