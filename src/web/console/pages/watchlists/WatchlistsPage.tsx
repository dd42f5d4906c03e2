/**
 * Watched suppliers (供应商关注), for buyers and every body account: the account's watchlists with their
 * supplier and unread counts, a new list from pasted USCCs (each must be registered; a bad line is named)
 * with an optional webhook whose secret is shown once, and the notices across all lists.
 */
import { PlusOutlined } from "@ant-design/icons";
import { App, Badge, Button, Drawer, Form, Input, Space, Table } from "antd";
import { useState } from "react";
import { apiPost } from "../../api/client.ts";
import { Link, navigate } from "../../app/router.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { useFieldErrors } from "../../forms/useFieldErrors.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { SecretDialog } from "../notifications/SecretDialog.tsx";
import { splitCodes, type Watchlist, type WatchlistSummary } from "../notifications/types.ts";
import { NoticesList } from "./NoticesList.tsx";

const FIELDS = ["name", "url", "usccs"] as const;

function NewWatchlistDrawer({ onClose, onSaved }: { onClose(): void; onSaved(w: Watchlist): void }) {
	const i = useI18n();
	const [form] = Form.useForm<{ name: string; usccs: string; url: string }>();
	const errors = useFieldErrors(FIELDS);
	const [busy, setBusy] = useState(false);
	const send = async (v: { name: string; usccs: string; url: string }) => {
		setBusy(true);
		errors.fail(undefined);
		try {
			const w = await apiPost<Watchlist>("/watchlists", {
				name: v.name.trim(),
				usccs: splitCodes(v.usccs ?? ""),
				url: v.url?.trim() || null,
			});
			onSaved(w);
		} catch (e) {
			errors.fail(e);
		} finally {
			setBusy(false);
		}
	};
	return (
		<Drawer
			open
			size={560}
			title={i.t("watch.new")}
			onClose={onClose}
			destroyOnHidden
			extra={
				<Space>
					<Button onClick={onClose}>{i.t("common.cancel")}</Button>
					<Button type="primary" loading={busy} onClick={() => form.submit()}>
						{i.t("watch.new")}
					</Button>
				</Space>
			}
		>
			<Form
				form={form}
				layout="vertical"
				name="new-watchlist"
				initialValues={{ name: "", usccs: "", url: "" }}
				onFinish={send}
				onValuesChange={(c) => errors.changed(c)}
			>
				<Form.Item
					name="name"
					label={i.t("watch.name")}
					rules={[
						{ required: true, whitespace: true, message: i.t("form.required", { field: i.t("watch.name") }) },
					]}
					{...errors.item("name")}
				>
					<Input maxLength={100} />
				</Form.Item>
				<Form.Item
					name="usccs"
					label={i.t("watch.usccs")}
					extra={i.t("watch.usccs.help")}
					{...errors.item("usccs")}
				>
					<Input.TextArea rows={8} className="mono" />
				</Form.Item>
				<Form.Item name="url" label={i.t("watch.url")} extra={i.t("notify.url.help")} {...errors.item("url")}>
					<Input placeholder="https://" inputMode="url" />
				</Form.Item>
			</Form>
			{errors.error !== undefined && <ErrorAlert error={errors.error} showProblems={errors.unplaced()} />}
		</Drawer>
	);
}

export default function WatchlistsPage() {
	const i = useI18n();
	const { message } = App.useApp();
	const lists = useGet<{ items: WatchlistSummary[] }>("/watchlists");
	const [adding, setAdding] = useState(false);
	const [secret, setSecret] = useState<{ secret: string; id: number }>();
	return (
		<>
			<PageHeader
				title={i.t("page.watchlists")}
				subtitle={i.t("watch.intro")}
				extra={
					<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
						{i.t("watch.new")}
					</Button>
				}
			/>
			{lists.error && <ErrorAlert error={lists.error} onRetry={lists.reload} />}
			<Table<WatchlistSummary>
				className="watchlists-table"
				rowKey="id"
				loading={lists.loading}
				dataSource={lists.data?.items ?? []}
				pagination={false}
				locale={{ emptyText: i.t("watch.none") }}
				columns={[
					{
						title: i.t("watch.name"),
						key: "name",
						render: (_, w) => <Link to={`/watchlists/${w.id}`}>{w.name}</Link>,
					},
					{
						title: i.t("watch.suppliers"),
						key: "suppliers",
						width: 140,
						render: (_, w) => i.t("watch.supplierCount", { n: i.number(w.suppliers) }),
					},
					{
						title: i.t("watch.unread"),
						key: "unread",
						width: 100,
						render: (_, w) => <Badge count={w.unread} showZero color={w.unread ? undefined : "#d9d9d9"} />,
					},
					{
						title: i.t("notify.url"),
						key: "url",
						render: (_, w) => (w.url ? <span className="mono wrap-anywhere">{w.url}</span> : "—"),
					},
				]}
			/>
			<NoticesList onChange={lists.reload} />
			{adding && (
				<NewWatchlistDrawer
					onClose={() => setAdding(false)}
					onSaved={(w) => {
						setAdding(false);
						void message.success(i.t("watch.created", { name: w.name }));
						if (w.secret) setSecret({ secret: w.secret, id: w.id });
						else navigate(`/watchlists/${w.id}`);
					}}
				/>
			)}
			{secret && (
				<SecretDialog
					secret={secret.secret}
					onClose={() => {
						const id = secret.id;
						setSecret(undefined);
						navigate(`/watchlists/${id}`);
					}}
				/>
			)}
		</>
	);
}
