/**
 * The alert tasks assigned to me (GET /alerts/tasks/mine): for a body or enterprise, its organisation's;
 * for an officer, their own and their districts' offices'. Each with its alert, deadline (overdue ones
 * marked) and a way to report it done with a note.
 */
import { App, Button, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "../../app/router.tsx";
import { useCan } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { CompleteTaskDialog } from "./AlertView.tsx";
import { SeverityTag } from "./alertParts.tsx";
import type { MyAlertTask } from "./alertTypes.ts";

export default function MyAlertTasksPage() {
	const i = useI18n();
	const can = useCan();
	const { message } = App.useApp();
	const list = useGet<{ items: MyAlertTask[] }>("/alerts/tasks/mine");
	const [completing, setCompleting] = useState<MyAlertTask>();
	const regulator = can("alert.manage");
	return (
		<>
			<PageHeader title={i.t("page.alertTasks")} subtitle={i.t("alerts.mine.intro")} />
			{list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
			<Table<MyAlertTask>
				className="alert-my-tasks"
				rowKey={(t) => `${t.alert.number}#${t.seq}`}
				loading={list.loading}
				dataSource={list.data?.items ?? []}
				pagination={(list.data?.items.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
				locale={{ emptyText: i.t("alerts.mine.none") }}
				scroll={{ x: 900 }}
				columns={[
					{
						title: i.t("alerts.alert"),
						key: "alert",
						width: 280,
						render: (_, t) => (
							<>
								{regulator ? <Link to={`/alerts/${t.alert.number}`}>{t.alert.title}</Link> : t.alert.title}
								<div>
									<span className="mono muted">{t.alert.number}</span>{" "}
									<SeverityTag severity={t.alert.severity} />
								</div>
							</>
						),
					},
					{ title: i.t("alerts.task.action"), key: "action", render: (_, t) => t.action },
					{
						title: i.t("alerts.task.deadline"),
						key: "deadline",
						width: 150,
						render: (_, t) => (
							<>
								{i.date(t.deadline)}
								{t.overdue && <Tag color="red">{i.t("alerts.task.overdue")}</Tag>}
							</>
						),
					},
					{
						title: i.t("alerts.status"),
						key: "status",
						width: 180,
						render: (_, t) =>
							t.status === "done" ? (
								<>
									<Tag color="green">{i.t("alerts.task.done")}</Tag>
									{t.doneNote && <div className="muted">{t.doneNote}</div>}
								</>
							) : t.alert.status === "closed" ? (
								<Tag>{i.t("alerts.status.closed")}</Tag>
							) : (
								<Button size="small" onClick={() => setCompleting(t)}>
									{i.t("alerts.task.complete")}
								</Button>
							),
					},
				]}
			/>
			{completing && (
				<CompleteTaskDialog
					path={`/alerts/${encodeURIComponent(completing.alert.number)}/tasks/${completing.seq}/complete`}
					task={completing}
					onClose={() => setCompleting(undefined)}
					onDone={() => {
						setCompleting(undefined);
						message.success(i.t("alerts.saved"));
						list.reload();
					}}
				/>
			)}
		</>
	);
}
