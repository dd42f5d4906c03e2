/**
 * A joint review (联合评审) of the applications an officer selected, in a dialog: the plan from
 * POST /applications/joint-review without `apply` — the lab, the applications that join and those that
 * cannot with the reason, the assessment content each piece once with the applications it serves — then,
 * with a team and the mode, the same request with `apply`, which starts every joined application's review
 * and assessment or none. A refusal (another lab's application, another district) shows the server's
 * message here and changes nothing.
 */
import { Alert, Form, Modal, Skeleton, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { ELEMENTS, type Element } from "../../../../core/approval/index.ts";
import { ApiError, apiPost } from "../../api/client.ts";
import type { JointReviewPlan } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FieldList } from "../../components/Field.tsx";
import { type I18n, type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { ModeInput, TeamInput } from "./ActionDialog.tsx";

interface Values {
	team?: string[];
	mode?: "onsite" | "remote";
}

type Item = JointReviewPlan["items"][number];

/** A piece of content as a person reads it: the element and its clause, the permit, the signatory, the row. */
function ItemText({ item }: { item: Item }) {
	const i = useI18n();
	if (item.kind === "element" && item.key in ELEMENTS) {
		const e = ELEMENTS[item.key as Element];
		return (
			<>
				{i.name(e)} <span className="muted">{e.clause}</span>
			</>
		);
	}
	if (item.kind === "special_requirements") return <>{i.t("approvals.joint.permit", { permit: item.key })}</>;
	if (item.kind === "capability" && item.capability) {
		const r = item.capability;
		return (
			<>
				{r.product} · {r.parameter}
				<div className="muted">
					{r.field} · <span className="mono">{r.standard}</span>
				</div>
			</>
		);
	}
	return <span className="mono">{item.key}</span>;
}

function kindName(i: I18n, kind: string): string {
	return ["element", "special_requirements", "signatory", "capability"].includes(kind)
		? i.t(`approvals.joint.kind.${kind}` as MessageKey)
		: kind;
}

export function JointReviewDialog({
	numbers,
	onClose,
	onDone,
}: {
	/** The applications selected, in the queue's order. */
	numbers: string[];
	onClose(): void;
	onDone(plan: JointReviewPlan): void;
}) {
	const i = useI18n();
	const [form] = Form.useForm<Values>();
	const [plan, setPlan] = useState<JointReviewPlan>();
	const [planError, setPlanError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();
	const [placed, setPlaced] = useState<Record<string, string>>({});

	useEffect(() => {
		let live = true;
		apiPost<JointReviewPlan>("/applications/joint-review", { numbers })
			.then((p) => live && setPlan(p))
			.catch((e: unknown) => live && setPlanError(e));
		return () => {
			live = false;
		};
	}, [numbers]);

	const send = async (v: Values) => {
		setBusy(true);
		setError(undefined);
		setPlaced({});
		try {
			const done = await apiPost<JointReviewPlan>("/applications/joint-review", {
				numbers,
				apply: true,
				team: (v.team ?? []).map((s) => s.trim().toUpperCase()),
				mode: v.mode,
			});
			onDone(done);
		} catch (e) {
			setError(e);
			if (e instanceof ApiError) {
				const out: Record<string, string> = {};
				for (const p of e.problems) {
					const f = p.field.replace(/\[.*$/, "");
					if (f !== "team" && f !== "mode") continue;
					out[f] = out[f] ? `${out[f]}；${i.message(p)}` : i.message(p);
				}
				setPlaced(out);
			}
		} finally {
			setBusy(false);
		}
	};

	const item = (name: string) =>
		placed[name] ? { validateStatus: "error" as const, help: placed[name] } : {};
	const required = (label: string) => [{ required: true, message: i.t("form.required", { field: label }) }];
	const unplaced =
		!(error instanceof ApiError) ||
		error.problems.length === 0 ||
		error.problems.some((p) => !["team", "mode"].includes(p.field.replace(/\[.*$/, "")));
	const canApply = !!plan && plan.joined.length > 0;
	const shared = plan?.items.filter((x) => x.applications.length > 1).length ?? 0;

	return (
		<Modal
			open
			title={i.t("approvals.joint.action")}
			okText={i.t("approvals.joint.apply")}
			okButtonProps={{ loading: busy, disabled: !canApply }}
			cancelText={i.t("common.cancel")}
			onOk={() => form.submit()}
			onCancel={onClose}
			destroyOnHidden
			width={760}
			className="joint-review-dialog"
		>
			<p className="muted">{i.t("approvals.joint.intro")}</p>
			{planError !== undefined && <ErrorAlert error={planError} />}
			{!plan && planError === undefined && (
				<div role="status" aria-busy="true" aria-label={i.t("approvals.joint.loading")}>
					<Skeleton active paragraph={{ rows: 4 }} />
				</div>
			)}
			{plan && (
				<>
					<FieldList
						columns={1}
						rows={[
							{
								label: i.t("approvals.joint.lab"),
								value: (
									<>
										{plan.lab.name} <span className="mono muted">{plan.lab.uscc}</span>
									</>
								),
							},
							{
								label: i.t("approvals.joint.joined"),
								value: plan.joined.length ? (
									<span className="joint-review-joined">
										{plan.joined.map((n) => (
											<Tag key={n} color="blue" className="mono">
												{n}
											</Tag>
										))}
									</span>
								) : null,
							},
						]}
					/>
					{plan.left.length > 0 && (
						<Alert
							type="warning"
							showIcon
							className="section joint-review-left"
							style={{ marginTop: 12 }}
							title={i.t("approvals.joint.left")}
							description={
								<ul>
									{plan.left.map((l) => (
										<li key={l.number}>
											<span className="mono">{l.number}</span>：{i.name(l)}
										</li>
									))}
								</ul>
							}
						/>
					)}
					{plan.joined.length === 0 && (
						<Alert type="error" showIcon className="section" title={i.t("approvals.joint.noneJoin")} />
					)}
					{plan.joined.length === 1 && (
						<Alert type="info" showIcon className="section" title={i.t("approvals.joint.single")} />
					)}
					{plan.items.length > 0 && (
						<>
							<h3 className="joint-review-heading">{i.t("approvals.joint.content")}</h3>
							<p className="muted">{i.t("approvals.joint.summary", { items: plan.items.length, shared })}</p>
							<Table<Item>
								size="small"
								className="section joint-review-items"
								rowKey={(x) => `${x.kind}-${x.key}`}
								dataSource={plan.items}
								pagination={false}
								scroll={{ y: 300 }}
								columns={[
									{
										title: i.t("approvals.joint.kind"),
										key: "kind",
										width: 130,
										render: (_, x) => kindName(i, x.kind),
									},
									{
										title: i.t("approvals.joint.item"),
										key: "item",
										render: (_, x) => <ItemText item={x} />,
									},
									{
										title: i.t("approvals.joint.serves"),
										key: "serves",
										width: 250,
										render: (_, x) => (
											<>
												{x.applications.map((n) => (
													<Tag key={n} className="mono">
														{n}
													</Tag>
												))}
												{x.applications.length > 1 && <Tag color="green">{i.t("approvals.joint.once")}</Tag>}
											</>
										),
									},
								]}
							/>
						</>
					)}
					{canApply && (
						<Form<Values>
							form={form}
							layout="vertical"
							name="joint-review"
							onFinish={send}
							onValuesChange={(changed) =>
								setPlaced((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !(k in changed))))
							}
						>
							<Form.Item
								name="team"
								label={i.t("approvals.team")}
								extra={i.t("approvals.teamHint")}
								rules={required(i.t("approvals.team"))}
								{...item("team")}
							>
								<TeamInput />
							</Form.Item>
							<Form.Item
								name="mode"
								label={i.t("approvals.mode")}
								rules={required(i.t("approvals.mode"))}
								{...item("mode")}
							>
								<ModeInput />
							</Form.Item>
						</Form>
					)}
					{error !== undefined && <ErrorAlert error={error} showProblems={unplaced} />}
					{canApply && <p className="muted">{i.t("approvals.joint.applyHint")}</p>}
				</>
			)}
		</Modal>
	);
}
