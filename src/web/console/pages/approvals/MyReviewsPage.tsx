/**
 * A reviewer's own tasks (我的评审任务): the applications whose assessment or verification team their person
 * is on, the nearest due day first. The assessment itself — nonconformities, the conclusion — is recorded
 * on the application's page, with the actions its step allows.
 */
import { Card } from "antd";
import { withQuery } from "../../api/client.ts";
import type { ApplicationItem } from "../../api/types.ts";
import { useMe } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ApplicationsTable } from "./ApplicationsTable.tsx";

export default function MyReviewsPage() {
	const i = useI18n();
	const me = useMe();
	const person = me.account?.person ?? null;
	const list = useGet<{ items: ApplicationItem[] }>(
		person ? withQuery("/applications", { pageSize: 100 }) : null,
	);
	return (
		<>
			<PageHeader
				title={i.t("page.myReviews")}
				subtitle={person ? i.t("approvals.reviewsIntro", { person }) : i.t("approvals.noPerson")}
			/>
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<Card className="section">
				<ApplicationsTable
					items={list.data?.items ?? []}
					loading={list.loading}
					showLab
					empty={i.t("approvals.noReviews")}
				/>
			</Card>
		</>
	);
}
