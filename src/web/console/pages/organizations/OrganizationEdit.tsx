/** Registering an organisation, or editing one (POST /organizations, the import's fields). */
import { App, Card } from "antd";
import { apiPost } from "../../api/client.ts";
import type { OrganizationDetail, WriteResult } from "../../api/types.ts";
import { navigate } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { RecordForm } from "../../forms/RecordForm.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import type { PageProps } from "../index.ts";

export default function OrganizationEdit({ params }: PageProps) {
	const i = useI18n();
	const { message } = App.useApp();
	const uscc = params.uscc;
	const { data, error, loading, reload } = useGet<OrganizationDetail>(
		uscc ? `/organizations/${encodeURIComponent(uscc)}` : null,
	);
	const title = uscc ? i.t("page.organizationEdit") : i.t("page.organizationNew");
	const back = uscc
		? { to: `/organizations/${uscc}`, label: i.t("page.organization") }
		: { to: "/organizations", label: i.t("page.organizations") };

	if (uscc && loading && !data) return <Loading />;
	if (uscc && (error || !data))
		return (
			<>
				<PageHeader title={title} back={back} />
				<ErrorAlert error={error} onRetry={reload} />
			</>
		);

	return (
		<>
			<PageHeader title={data ? `${title}：${data.name}` : title} back={back} />
			<Card className="section">
				<RecordForm
					kind="organizations"
					mode={data ? "edit" : "create"}
					initial={data ? { ...data } : { status: "active" }}
					submitLabel={data ? i.t("common.save") : i.t("organizations.create")}
					onCancel={() => navigate(back.to)}
					onSubmit={async (body) => {
						const r = await apiPost<WriteResult>("/organizations", body);
						void message.success(i.t(`write.${r.outcome}`));
						navigate(`/organizations/${String(body.uscc).toUpperCase()}`, { replace: !data });
					}}
				/>
			</Card>
		</>
	);
}
