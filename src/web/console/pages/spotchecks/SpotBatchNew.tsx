/**
 * Drafting a spot-check batch: what is inspected (organisations or certificates; kinds, districts, the
 * field as certification schemes), the share drawn per credit grade,
 * the team size and conflict rules, and the random sources — the last a public value nobody knows yet.
 * The server checks it and answers each problem under its field.
 */
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Switch } from "antd";
import { useEffect, useState } from "react";
import { ApiError, apiPost } from "../../api/client.ts";
import type { SpotBatchSummary, SpotPlan, Supervision } from "../../api/types.ts";
import { navigate } from "../../app/router.tsx";
import { useCodes } from "../../components/codes.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useGet } from "../../components/useGet.ts";
import { DateInput } from "../../forms/controls.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

const GRADES = ["A", "B", "C", "D"] as const;

interface Values {
	planId?: number | null;
	code: string;
	title: string;
	drawDate: string;
	objects: "organizations" | "certificates";
	kinds: string[];
	districts: string[];
	schemes: string[];
	percent: Record<(typeof GRADES)[number], number>;
	teamSize: number;
	sameEmployer: boolean;
	declaredRelations: boolean;
	recentMonths: number;
	district: "none" | "avoid-home" | "within-coverage";
	distinctEmployers: boolean;
	sourceName: string;
	sourceKind: "beacon" | "lottery" | "commitment";
	sourceDescription: string;
	commitment?: string;
}

export default function SpotBatchNew() {
	const i = useI18n();
	const codes = useCodes();
	const { message } = App.useApp();
	const [form] = Form.useForm<Values>();
	const [error, setError] = useState<unknown>();
	const [busy, setBusy] = useState(false);
	const kind = Form.useWatch("sourceKind", form);
	const objects = Form.useWatch("objects", form);
	const plans = useGet<{ items: SpotPlan[] }>("/spot-plans?drafts=true");
	const supervision = useGet<Supervision>("/credit/supervision");
	// Classified supervision sets where each grade's share starts (the regulator may change it).
	const table = new Map((supervision.data?.grades ?? []).map((g) => [g.grade, g]));
	useEffect(() => {
		if (!supervision.data || form.isFieldsTouched([["percent"]])) return;
		form.setFieldValue(
			"percent",
			Object.fromEntries(supervision.data.grades.map((g) => [g.grade, Math.round(g.usual * 1000) / 10])),
		);
	}, [supervision.data, form]);

	const submit = async (v: Values) => {
		setBusy(true);
		setError(undefined);
		try {
			const b = await apiPost<SpotBatchSummary>("/spot-batches", {
				planId: v.planId ?? null,
				code: v.code.trim(),
				title: v.title.trim(),
				drawDate: v.drawDate,
				mode: "modern",
				objects: v.objects,
				kinds: v.kinds,
				districts: v.districts ?? [],
				schemes: v.schemes ?? [],
				strata: GRADES.map((g) => ({ name: g, proportion: (v.percent[g] ?? 0) / 100 })),
				exclusions: [],
				teamSize: v.teamSize,
				rules: {
					sameEmployer: v.sameEmployer,
					declaredRelations: v.declaredRelations,
					recentMonths: v.recentMonths,
					district: v.district,
					distinctEmployers: v.distinctEmployers,
				},
				sources: [
					{
						name: v.sourceName.trim(),
						kind: v.sourceKind,
						description: v.sourceDescription?.trim() ?? "",
						...(v.sourceKind === "commitment" && v.commitment ? { commitment: v.commitment.trim() } : {}),
					},
				],
			});
			message.success(i.t("spot.created"));
			navigate(`/spot-checks/${encodeURIComponent(b.code)}`);
		} catch (e) {
			setError(e);
			if (e instanceof ApiError && e.field)
				form.setFields([{ name: e.field as keyof Values, errors: [i.message(e)] }]);
		} finally {
			setBusy(false);
		}
	};

	return (
		<>
			<PageHeader title={i.t("spot.new")} back={{ to: "/spot-checks", label: i.t("page.spotChecks") }} />
			{error !== undefined && <ErrorAlert error={error} />}
			<Form<Values>
				form={form}
				layout="vertical"
				onFinish={submit}
				initialValues={{
					objects: "organizations",
					kinds: ["cb", "lab"],
					districts: [],
					schemes: [],
					percent: { A: 3, B: 5, C: 20, D: 60 },
					teamSize: 2,
					sameEmployer: true,
					declaredRelations: true,
					recentMonths: 12,
					district: "avoid-home",
					distinctEmployers: true,
					sourceKind: "beacon",
				}}
			>
				<Card title={i.t("spot.scope")} className="section">
					<Form.Item name="planId" label={i.t("spot.plan")}>
						<Select
							allowClear
							options={(plans.data?.items ?? []).map((p) => ({
								value: p.id,
								label: `${p.year} · ${p.title}`,
							}))}
						/>
					</Form.Item>
					<Form.Item
						name="code"
						label={i.t("spot.code")}
						extra={i.t("spot.codeHint")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<Input className="mono" maxLength={41} />
					</Form.Item>
					<Form.Item
						name="title"
						label={i.t("spot.titleField")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<Input maxLength={200} />
					</Form.Item>
					<Form.Item
						name="drawDate"
						label={i.t("spot.drawDate")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<DateInput />
					</Form.Item>
					<Form.Item name="objects" label={i.t("spot.objects")} extra={i.t("spot.objectsHint")}>
						<Radio.Group
							options={[
								{ value: "organizations", label: i.t("spot.objects.organizations") },
								{ value: "certificates", label: i.t("spot.objects.certificates") },
							]}
						/>
					</Form.Item>
					<Form.Item
						name="kinds"
						label={objects === "certificates" ? i.t("spot.holderKinds") : i.t("spot.kinds")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<Checkbox.Group
							options={["cb", "lab", "enterprise"].map((k) => ({
								value: k,
								label: codes.label("orgKind", k),
							}))}
						/>
					</Form.Item>
					<Form.Item name="districts" label={i.t("spot.districts")} extra={i.t("spot.districtsHint")}>
						<Select mode="multiple" allowClear options={codes.options("district")} optionFilterProp="label" />
					</Form.Item>
					<Form.Item name="schemes" label={i.t("spot.schemes")} extra={i.t("spot.schemesHint")}>
						<Select mode="multiple" allowClear options={codes.options("scheme")} optionFilterProp="label" />
					</Form.Item>
				</Card>
				<Card title={i.t("spot.strata")} className="section">
					<p className="muted">{i.t("spot.strataHint")}</p>
					{GRADES.map((g) => (
						<Form.Item
							key={g}
							name={["percent", g]}
							label={i.t(`spot.grade.${g}`)}
							extra={
								table.get(g)
									? i.t("spot.supervisionRange", {
											min: String(Math.round(table.get(g)!.min * 1000) / 10),
											max: String(Math.round(table.get(g)!.max * 1000) / 10),
											frequency: i.lang === "en" ? table.get(g)!.frequencyEn : table.get(g)!.frequencyZh,
										})
									: undefined
							}
						>
							<InputNumber min={0} max={100} step={1} addonAfter="%" />
						</Form.Item>
					))}
				</Card>
				<Card title={i.t("spot.teams")} className="section">
					<Form.Item name="teamSize" label={i.t("spot.teamSize")}>
						<InputNumber min={2} max={10} />
					</Form.Item>
					<Form.Item name="sameEmployer" label={i.t("spot.rule.employer")} valuePropName="checked">
						<Switch />
					</Form.Item>
					<Form.Item name="declaredRelations" label={i.t("spot.rule.relations")} valuePropName="checked">
						<Switch />
					</Form.Item>
					<Form.Item name="recentMonths" label={i.t("spot.rule.recentMonths")}>
						<InputNumber min={0} max={60} addonAfter={i.t("spot.months")} />
					</Form.Item>
					<Form.Item name="district" label={i.t("spot.rule.district")}>
						<Select
							options={[
								{ value: "none", label: i.t("spot.rule.districtNone") },
								{ value: "avoid-home", label: i.t("spot.rule.districtAvoidHome") },
								{ value: "within-coverage", label: i.t("spot.rule.districtCoverage") },
							]}
						/>
					</Form.Item>
					<Form.Item name="distinctEmployers" label={i.t("spot.rule.teamEmployer")} valuePropName="checked">
						<Switch />
					</Form.Item>
				</Card>
				<Card title={i.t("spot.sources")} className="section">
					<p className="muted">{i.t("spot.sourcesHint")}</p>
					<Form.Item name="sourceKind" label={i.t("spot.sourceKind")}>
						<Select
							options={[
								{ value: "beacon", label: i.t("spot.sourceKind.beacon") },
								{ value: "lottery", label: i.t("spot.sourceKind.lottery") },
								{ value: "commitment", label: i.t("spot.sourceKind.commitment") },
							]}
						/>
					</Form.Item>
					<Form.Item
						name="sourceName"
						label={i.t("spot.sourceName")}
						rules={[{ required: true, message: i.t("common.required") }]}
					>
						<Input maxLength={100} placeholder="drand quicknet round 20000000" />
					</Form.Item>
					<Form.Item name="sourceDescription" label={i.t("spot.sourceDescription")}>
						<Input maxLength={300} />
					</Form.Item>
					{kind === "commitment" && (
						<Form.Item name="commitment" label={i.t("spot.commitment")} extra={i.t("spot.commitmentHint")}>
							<Input className="mono" maxLength={64} />
						</Form.Item>
					)}
				</Card>
				<Button type="primary" htmlType="submit" loading={busy}>
					{i.t("spot.saveDraft")}
				</Button>
			</Form>
		</>
	);
}
