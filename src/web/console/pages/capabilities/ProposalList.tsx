/**
 * Capability proposals: a lab follows its own; a regulator decides those of labs in their remit —
 * approving applies the rows to the lab's capability list, rejecting records the reason.
 */
import { CheckOutlined, CloseOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Form, Select, Space, Table } from "antd";
import { useState } from "react";
import { withQuery } from "../../api/client.ts";
import type { Proposal } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { useCan } from "../../app/session.tsx";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { DecisionDialog } from "./DecisionDialog.tsx";
import { ProposalRows } from "./ProposalRows.tsx";

export default function ProposalList() {
	const i = useI18n();
	const codes = useCodes();
	const can = useCan();
	const status = useQuery().get("status") ?? "";
	const { data, error, loading, reload } = useGet<{ items: Proposal[] }>(
		withQuery("/capability-proposals", { status }),
	);
	const [deciding, setDeciding] = useState<{ proposal: Proposal; approve: boolean } | null>(null);
	const decider = can("capability.decide");

	return (
		<>
			<PageHeader
				title={i.t("page.proposals")}
				subtitle={decider ? i.t("proposals.deciderHint") : i.t("proposals.labHint")}
				extra={
					can("capability.propose") &&
					!decider && (
						<LinkButton type="primary" to="/capabilities/propose" icon={<PlusOutlined aria-hidden />}>
							{i.t("page.propose")}
						</LinkButton>
					)
				}
			/>
			<Form layout="inline" className="filters" name="proposal-filters">
				<Form.Item label={i.t("filter.status")} htmlFor="proposal-status">
					<Select
						id="proposal-status"
						style={{ width: 140 }}
						value={status}
						onChange={(v) => setQuery({ status: v })}
						options={[{ value: "", label: i.t("filter.any") }, ...codes.options("proposalStatus")]}
					/>
				</Form.Item>
			</Form>
			{error && <ErrorAlert error={error} onRetry={reload} />}
			<Table<Proposal>
				rowKey="id"
				loading={loading}
				dataSource={data?.items ?? []}
				pagination={{ pageSize: 20, hideOnSinglePage: true }}
				expandable={{ expandedRowRender: (p) => <ProposalRows proposal={p} /> }}
				scroll={{ x: 900 }}
				columns={[
					{ title: "#", dataIndex: "id", width: 70 },
					{ title: i.t("proposals.lab"), key: "lab", render: (_, p) => p.lab.name },
					{ title: i.t("proposals.rows"), key: "rows", render: (_, p) => i.number(p.rows.length) },
					{ title: i.t("proposals.proposedBy"), dataIndex: "proposedBy" },
					{ title: i.t("proposals.createdAt"), key: "at", render: (_, p) => i.instant(p.createdAt) },
					{
						title: i.t("filter.status"),
						key: "status",
						render: (_, p) => <StatusTag list="proposalStatus" code={p.status} />,
					},
					...(decider
						? [
								{
									title: i.t("common.actions"),
									key: "actions",
									render: (_: unknown, p: Proposal) =>
										p.status === "pending" ? (
											<Space wrap>
												<Button
													size="small"
													type="primary"
													icon={<CheckOutlined aria-hidden />}
													aria-label={`${i.t("proposals.approve")} #${p.id}`}
													onClick={() => setDeciding({ proposal: p, approve: true })}
												>
													{i.t("proposals.approve")}
												</Button>
												<Button
													size="small"
													danger
													icon={<CloseOutlined aria-hidden />}
													aria-label={`${i.t("proposals.reject")} #${p.id}`}
													onClick={() => setDeciding({ proposal: p, approve: false })}
												>
													{i.t("proposals.reject")}
												</Button>
											</Space>
										) : (
											"—"
										),
								},
							]
						: []),
				]}
			/>
			{deciding && (
				<DecisionDialog
					proposal={deciding.proposal}
					approve={deciding.approve}
					onClose={() => setDeciding(null)}
					onDone={() => reload()}
				/>
			)}
		</>
	);
}
