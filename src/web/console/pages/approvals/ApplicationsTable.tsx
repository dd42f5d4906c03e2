/**
 * Applications as a table (GET /applications answers them the nearest due day first): the number, the lab,
 * the type and path, the step, and the due day with the working days left — the row red once overdue,
 * amber when near due. With `selection`, rows can be ticked (the officers' queue, for a joint review).
 */
import { Table } from "antd";
import type { ApplicationItem } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { useCodes } from "../../components/codes.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { DueCell, rowClass, StepTag } from "./approvalParts.tsx";

export function ApplicationsTable({
	items,
	loading,
	showLab,
	empty,
	pagination,
	selection,
}: {
	items: ApplicationItem[];
	loading: boolean;
	/** Regulators and reviewers read whose application it is; a lab knows. */
	showLab: boolean;
	empty: string;
	pagination?: { current: number; pageSize: number; total: number; onChange(page: number): void };
	/** The numbers ticked, kept across pages. */
	selection?: { keys: string[]; onChange(keys: string[]): void };
}) {
	const i = useI18n();
	const codes = useCodes();
	return (
		<Table<ApplicationItem>
			className="applications-table"
			rowKey="number"
			loading={loading}
			dataSource={items}
			scroll={{ x: showLab ? 1050 : 800 }}
			rowClassName={rowClass}
			rowSelection={
				selection
					? {
							selectedRowKeys: selection.keys,
							preserveSelectedRowKeys: true,
							onChange: (keys) => selection.onChange(keys.map(String)),
							getCheckboxProps: (x) => ({ "aria-label": i.t("approvals.joint.pick", { number: x.number }) }),
						}
					: undefined
			}
			locale={{ emptyText: empty }}
			pagination={
				pagination
					? {
							...pagination,
							showSizeChanger: false,
							hideOnSinglePage: true,
							showTotal: (n) => i.t("list.total", { n: i.number(n) }),
						}
					: false
			}
			columns={[
				{
					title: i.t("approvals.number"),
					key: "number",
					className: "approval-number",
					width: 150,
					render: (_, x) => (
						<Link to={`/applications/${encodeURIComponent(x.number)}`} className="mono">
							{x.number}
						</Link>
					),
				},
				...(showLab
					? [
							{
								title: i.t("approvals.lab"),
								key: "lab",
								render: (_: unknown, x: ApplicationItem) => (
									<>
										{x.lab.name}
										<div className="mono muted">{x.lab.uscc}</div>
									</>
								),
							},
							{
								title: i.t("approvals.district"),
								key: "district",
								width: 100,
								render: (_: unknown, x: ApplicationItem) =>
									x.district ? codes.label("district", x.district) : <span className="muted">—</span>,
							},
						]
					: []),
				{ title: i.t("approvals.type"), key: "type", width: 110, render: (_, x) => i.name(x.type) },
				{ title: i.t("approvals.path"), key: "path", width: 100, render: (_, x) => i.name(x.path) },
				{
					title: i.t("approvals.step"),
					key: "step",
					width: 150,
					render: (_, x) => <StepTag step={x.step.code} />,
				},
				{
					title: i.t("approvals.createdOn"),
					key: "created",
					className: "approval-date",
					width: 130,
					render: (_, x) => i.date(x.createdOn),
				},
				{ title: i.t("approvals.dueOn"), key: "due", width: 200, render: (_, x) => <DueCell item={x} /> },
			]}
		/>
	);
}
