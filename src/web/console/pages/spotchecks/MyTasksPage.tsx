/**
 * An inspector's own tasks: every object their person was drawn to inspect, open ones first — where it
 * is, who is on the team, the result once recorded and the day by which it must be published. The
 * inspector records the result here; the regulator publishes it.
 */
import { App, Button, Card, Empty, Table, Tag } from "antd";
import { useState } from "react";
import type { InspectorTask } from "../../api/types.ts";
import { useMe } from "../../app/session.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Loading } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { type RecordedTask, ResultModal } from "./ResultModal.tsx";

const TASK_COLOR: Record<string, string> = {
	assigned: "blue",
	done: "gold",
	published: "green",
	unassigned: "red",
};

export default function MyTasksPage() {
	const i = useI18n();
	const codes = useCodes();
	const { message } = App.useApp();
	const me = useMe();
	const { data, error, loading, reload } = useGet<{ items: InspectorTask[] }>("/spot-tasks/mine");
	const [recording, setRecording] = useState<RecordedTask>();
	const person = me.account?.person ?? null;

	return (
		<>
			<PageHeader
				title={i.t("page.myTasks")}
				subtitle={person ? i.t("spot.mine.intro", { person }) : i.t("spot.mine.noPerson")}
			/>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{loading && !data ? (
				<Loading />
			) : (
				<Card className="section">
					<Table<InspectorTask>
						size="small"
						pagination={{ pageSize: 50, hideOnSinglePage: true }}
						rowKey={(x) => `${x.batch.code}#${x.seq}`}
						dataSource={data?.items ?? []}
						locale={{ emptyText: <Empty description={i.t("spot.mine.none")} /> }}
						columns={[
							{
								title: i.t("spot.batch"),
								render: (_, x) => (
									<>
										<span className="mono">
											{x.batch.code} #{x.seq}
										</span>
										<div className="muted">{x.batch.title}</div>
									</>
								),
							},
							{
								title: i.t("spot.object"),
								render: (_, x) => (
									<>
										{x.org.name}
										<div className="mono muted">{x.org.uscc}</div>
										{x.certificate && (
											<div className="mono">
												{i.t("spot.certificate")} {x.certificate}
											</div>
										)}
										<div className="muted">
											{codes.label("district", x.org.district)} {x.org.address ?? ""}
										</div>
									</>
								),
							},
							{ title: i.t("spot.teamCol"), render: (_, x) => x.team.join("、") },
							{
								title: i.t("spot.statusCol"),
								render: (_, x) => (
									<>
										<Tag color={TASK_COLOR[x.status]}>{i.t(`spot.task.${x.status}` as MessageKey)}</Tag>
										{x.result && (
											<div>
												{i.t(`spot.result.${x.result}` as MessageKey)} · {i.date(x.inspectedOn)}
											</div>
										)}
										{x.findings && <div className="muted">{x.findings}</div>}
									</>
								),
							},
							{
								title: i.t("spot.publishBy"),
								render: (_, x) =>
									x.publishBy && x.status === "done" ? (
										<Tag color={x.overdue ? "red" : "gold"}>{i.date(x.publishBy)}</Tag>
									) : null,
							},
							{
								title: i.t("common.actions"),
								render: (_, x) =>
									x.status === "assigned" || x.status === "done" ? (
										<Button
											size="small"
											type={x.status === "assigned" ? "primary" : "default"}
											onClick={() =>
												setRecording({
													batch: x.batch.code,
													seq: x.seq,
													name: x.org.name,
													result: x.result,
													findings: x.findings,
													inspectedOn: x.inspectedOn,
													rectifyBy: x.rectifyBy,
												})
											}
										>
											{x.status === "assigned" ? i.t("spot.record") : i.t("spot.recordAgain")}
										</Button>
									) : null,
							},
						]}
					/>
				</Card>
			)}
			<ResultModal
				task={recording}
				onClose={() => setRecording(undefined)}
				onSaved={() => {
					setRecording(undefined);
					message.success(i.t("spot.mine.saved"));
					reload();
				}}
			/>
		</>
	);
}
