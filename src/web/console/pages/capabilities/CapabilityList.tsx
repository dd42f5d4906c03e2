/**
 * A lab's capability list (能力表). A lab operator sees its own and proposes changes for a regulator
 * to decide; a regulator picks a lab and adds or edits rows directly (POST /capabilities).
 */
import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Empty, Form, Input, Table } from "antd";
import { useState } from "react";
import { withQuery } from "../../api/client.ts";
import type { Capability, Page } from "../../api/types.ts";
import { setQuery, useQuery, useSearch } from "../../app/router.tsx";
import { useCan, useMe } from "../../app/session.tsx";
import { StatusTag } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LinkButton } from "../../components/LinkButton.tsx";
import { OrgPicker } from "../../components/OrgPicker.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PAGE_SIZE, pageParam, pagination } from "../../components/paging.ts";
import { useGet } from "../../components/useGet.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { CapabilityDrawer } from "./CapabilityDrawer.tsx";

export default function CapabilityList() {
	const i = useI18n();
	const me = useMe();
	const can = useCan();
	const query = useQuery();
	const search = useSearch();
	const ownLab = me.actor.role === "lab_operator" ? me.actor.organization : null;
	const lab = ownLab ?? query.get("lab");
	const q = query.get("q") ?? "";
	const page = pageParam(query);
	const { data, error, loading, reload } = useGet<Page<Capability>>(
		lab
			? withQuery(`/organizations/${encodeURIComponent(lab)}/capabilities`, { q, page, pageSize: PAGE_SIZE })
			: null,
	);
	const [editing, setEditing] = useState<Capability | "new" | null>(null);
	const writer = can("capability.write");
	const keep = { lab: ownLab ? undefined : lab };

	return (
		<>
			<PageHeader
				title={i.t("page.capabilities")}
				subtitle={ownLab ? i.t("capabilities.ownHint") : i.t("capabilities.regulatorHint")}
				extra={
					<>
						{can("capability.propose") && ownLab && (
							<LinkButton type="primary" to="/capabilities/propose" icon={<PlusOutlined aria-hidden />}>
								{i.t("page.propose")}
							</LinkButton>
						)}
						{writer && lab && (
							<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing("new")}>
								{i.t("capabilities.add")}
							</Button>
						)}
					</>
				}
			/>
			<Form
				key={search}
				layout="inline"
				className="filters"
				name="capability-filters"
				initialValues={{ q }}
				onFinish={(v: { q: string }) => setQuery({ ...keep, q: v.q })}
			>
				{!ownLab && (
					<Form.Item label={i.t("capabilities.lab")} htmlFor="capability-lab-picker">
						<OrgPicker
							id="capability-lab-picker"
							kind="lab"
							value={lab}
							onChange={(uscc) => setQuery({ lab: uscc })}
						/>
					</Form.Item>
				)}
				<Form.Item name="q" label={i.t("filter.search")}>
					<Input allowClear placeholder={i.t("capabilities.searchPlaceholder")} style={{ width: 220 }} />
				</Form.Item>
				<Form.Item>
					<Button htmlType="submit" type="primary" disabled={!lab}>
						{i.t("filter.apply")}
					</Button>
				</Form.Item>
			</Form>
			{!lab && <Empty description={i.t("capabilities.pickLab")} />}
			{error && <ErrorAlert error={error} onRetry={reload} />}
			{lab && (
				<Table<Capability>
					rowKey={(c) => `${c.cmaNumber}/${c.product}/${c.parameter}/${c.standard}`}
					loading={loading}
					dataSource={data?.items ?? []}
					pagination={pagination(i, data, (p) => setQuery({ ...keep, q, page: p }))}
					scroll={{ x: 1000 }}
					columns={[
						{ title: i.t("field.capabilities.field"), dataIndex: "field" },
						{ title: i.t("field.capabilities.product"), dataIndex: "product" },
						{ title: i.t("field.capabilities.parameter"), dataIndex: "parameter" },
						{ title: i.t("field.capabilities.standard"), dataIndex: "standard" },
						{
							title: i.t("field.capabilities.limitation"),
							dataIndex: "limitation",
							render: (v: string | null) => v ?? "—",
						},
						{
							title: i.t("field.capabilities.signatories"),
							key: "sig",
							render: (_, c) => <span className="mono">{c.signatories.join("、") || "—"}</span>,
						},
						{
							title: i.t("field.capabilities.status"),
							key: "status",
							render: (_, c) => <StatusTag list="capabilityStatus" code={c.status} />,
						},
						...(writer
							? [
									{
										title: i.t("common.actions"),
										key: "actions",
										render: (_: unknown, c: Capability) => (
											<Button
												size="small"
												icon={<EditOutlined aria-hidden />}
												aria-label={`${i.t("common.edit")} ${c.product} ${c.parameter}`}
												onClick={() => setEditing(c)}
											>
												{i.t("common.edit")}
											</Button>
										),
									},
								]
							: []),
					]}
				/>
			)}
			{editing && lab && (
				<CapabilityDrawer
					lab={lab}
					row={editing === "new" ? null : editing}
					onClose={() => setEditing(null)}
					onSaved={() => {
						setEditing(null);
						reload();
					}}
				/>
			)}
		</>
	);
}
