/**
 * People — auditors, inspectors, experts, signatories — of one organisation: a body's operator sees
 * its own staff; a regulator picks the organisation. Registering and editing happen in a side panel;
 * an administrator may open a person's personal data, on an explicit click that is audited.
 */
import { EditOutlined, EyeOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Empty, Form, Space, Table } from "antd";
import { useState } from "react";
import { withQuery } from "../../api/client.ts";
import type { OpenPage, Person } from "../../api/types.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { useCan, useMe } from "../../app/session.tsx";
import { useOrgName } from "../../app/useOrgName.ts";
import { StatusTag, useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { OrgPicker } from "../../components/OrgPicker.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { pageParam } from "../../components/paging.ts";
import { SimplePager } from "../../components/SimplePager.tsx";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { TraceLink } from "../trace/TraceLink.tsx";
import { PersonDrawer } from "./PersonDrawer.tsx";
import { PrivateDataDialog } from "./PrivateDataDialog.tsx";

const PAGE_SIZE = 50;

export default function PeopleList() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const can = useCan();
	const query = useQuery();
	const operator = me.actor.role === "cb_operator" || me.actor.role === "lab_operator";
	const employer = operator ? me.actor.organization : query.get("employer");
	const employerName = useOrgName(employer);
	const page = pageParam(query);
	const { data, error, loading, reload } = useGet<OpenPage<Person>>(
		employer ? withQuery("/people", { employer, page, pageSize: PAGE_SIZE }) : null,
	);
	const [editing, setEditing] = useState<Person | "new" | null>(null);
	const [viewing, setViewing] = useState<Person | null>(null);

	return (
		<>
			<PageHeader
				title={i.t("page.people")}
				subtitle={employerName ? i.t("people.of", { org: employerName }) : i.t("people.intro")}
				extra={
					employer && (
						<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing("new")}>
							{i.t("people.new")}
						</Button>
					)
				}
			/>
			{!operator && (
				<Form layout="inline" className="filters" name="people-employer">
					<Form.Item label={i.t("people.employer")} htmlFor="people-employer-picker">
						<OrgPicker
							id="people-employer-picker"
							value={employer}
							knownName={employerName}
							onChange={(uscc) => setQuery({ employer: uscc })}
						/>
					</Form.Item>
				</Form>
			)}
			{!employer && <Empty description={i.t("people.pickEmployer")} />}
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{employer && (
				<>
					<Table<Person>
						rowKey="ref"
						loading={loading}
						dataSource={data?.items ?? []}
						pagination={false}
						scroll={{ x: 900 }}
						columns={[
							{
								title: i.t("people.ref"),
								dataIndex: "ref",
								render: (v: string) => <span className="mono">{v}</span>,
							},
							{ title: i.t("people.name"), dataIndex: "name" },
							{
								title: i.t("field.people.roles"),
								key: "roles",
								render: (_, p) => p.roles.map((r) => codes.label("personRole", r)).join("、"),
							},
							{
								title: i.t("field.people.qualifications"),
								key: "quals",
								render: (_, p) => p.qualifications.map((q) => `${q.type}:${q.number}`).join("；") || "—",
							},
							{
								title: i.t("field.people.status"),
								key: "status",
								render: (_, p) => <StatusTag list="personStatus" code={p.status} />,
							},
							{
								title: i.t("common.actions"),
								key: "actions",
								render: (_, p) => (
									<Space wrap>
										<Button
											size="small"
											icon={<EditOutlined aria-hidden />}
											aria-label={`${i.t("common.edit")} ${p.name}`}
											onClick={() => setEditing(p)}
										>
											{i.t("common.edit")}
										</Button>
										<TraceLink kind="person" traceKey={p.ref} size="small" />
										{can("person.private.read") && (
											<Button
												size="small"
												icon={<EyeOutlined aria-hidden />}
												aria-label={`${i.t("people.private")} ${p.name}`}
												onClick={() => setViewing(p)}
											>
												{i.t("people.private")}
											</Button>
										)}
									</Space>
								),
							},
						]}
					/>
					<SimplePager
						page={page}
						hasNext={(data?.items.length ?? 0) === PAGE_SIZE}
						onPage={(p) => setQuery({ employer: operator ? undefined : employer, page: p })}
					/>
				</>
			)}
			{editing && employer && (
				<PersonDrawer
					employer={employer}
					fixedEmployer={operator}
					person={editing === "new" ? null : editing}
					onClose={() => setEditing(null)}
					onSaved={() => {
						setEditing(null);
						reload();
					}}
				/>
			)}
			{viewing && <PrivateDataDialog person={viewing} onClose={() => setViewing(null)} />}
		</>
	);
}
