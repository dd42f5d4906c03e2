/**
 * An application's materials (申请材料目录): every material its plan lists — reused (from the register, or an
 * earlier accepted application, named with its number and SHA-256: never asked for twice) or needed (and
 * why) — what a completion or corrections asked for, and the files filed with their SHA-256. While the lab
 * may file (a draft, a completion, corrections) each row takes a file: read here and sent as base64 JSON
 * (POST /applications/{number}/files); the server checks its bytes and keeps its fingerprint.
 */
import { UploadOutlined } from "@ant-design/icons";
import { Alert, App, Card, Table, Tag } from "antd";
import { type ChangeEvent, useId, useState } from "react";
import { MATERIAL_CODES } from "../../../../core/approval/index.ts";
import { ApiError, apiPost } from "../../api/client.ts";
import type { ApplicationDetail, ApplicationFile, MaterialPlanEntry } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { translate, useI18n } from "../../i18n/i18n.tsx";
import { FiledFiles, materialName, NeededWhy, ReusedFrom } from "./approvalParts.tsx";

/** The largest file the server takes (the approvals service's APPROVAL_FILE_LIMITS.bytes). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;

/** Bytes as base64, in slices so a large file does not overflow the argument list. */
function base64(bytes: Uint8Array): string {
	let s = "";
	for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
	return btoa(s);
}

/** Files one material with an application. */
export async function fileMaterial(number: string, code: string, file: File): Promise<void> {
	const data = base64(new Uint8Array(await file.arrayBuffer()));
	await apiPost(`/applications/${encodeURIComponent(number)}/files`, {
		code,
		filename: file.name.slice(0, 120),
		data,
	});
}

/** One row of the materials table. */
interface MaterialRow {
	code: string;
	plan: MaterialPlanEntry | undefined;
	/** Asked for by the regulator's completion request (补正) or the corrections (整改). */
	requested: boolean;
	files: ApplicationFile[];
}

/** The rows: the plan's, then what was asked for or filed besides, in catalogue order. */
export function materialRows(a: ApplicationDetail): MaterialRow[] {
	const requested = new Set(a.completion && a.step.code === "completion" ? a.completion.requested : []);
	if (a.step.code === "correction") requested.add("correction_evidence");
	const codes = new Set<string>(a.materials.map((m) => m.code));
	for (const c of requested) codes.add(c);
	for (const f of a.files) codes.add(f.code);
	const order = (c: string) => {
		const k = (MATERIAL_CODES as readonly string[]).indexOf(c);
		return k < 0 ? MATERIAL_CODES.length : k;
	};
	return [...codes]
		.sort((x, y) => order(x) - order(y))
		.map((code) => ({
			code,
			plan: a.materials.find((m) => m.code === code),
			requested: requested.has(code),
			files: a.files.filter((f) => f.code === code),
		}));
}

/** What still needs a file before the lab can send: needed in a draft's plan, or asked for since. */
export function missingMaterials(a: ApplicationDetail): string[] {
	return materialRows(a)
		.filter((r) => {
			if (a.step.code === "draft") return r.plan?.status === "needed" && r.files.length === 0;
			if (r.requested) return !r.files.some((f) => !f.submitted);
			return false;
		})
		.map((r) => r.code);
}

/** A file picker for one material: the visible button is the input's label. */
function UploadButton({
	number,
	code,
	name,
	onFiled,
	onError,
}: {
	number: string;
	code: string;
	name: string;
	onFiled(): void;
	onError(e: unknown): void;
}) {
	const i = useI18n();
	const id = useId();
	const [busy, setBusy] = useState(false);
	const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
		const file = e.target.files?.[0];
		e.target.value = "";
		if (!file) return;
		if (file.size > FILE_MAX_BYTES) {
			const vars = { name: file.name, mb: FILE_MAX_BYTES / 1024 / 1024 };
			onError(
				new ApiError(
					413,
					"FILE_TOO_LARGE",
					translate("en", "approvals.tooLarge", vars),
					translate("zh-CN", "approvals.tooLarge", vars),
				),
			);
			return;
		}
		setBusy(true);
		onError(undefined);
		try {
			await fileMaterial(number, code, file);
			onFiled();
		} catch (err) {
			onError(err);
		} finally {
			setBusy(false);
		}
	};
	return (
		<span className="approval-upload">
			<input
				id={id}
				type="file"
				accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
				className="visually-hidden-file"
				aria-label={i.t("approvals.uploadFor", { name })}
				disabled={busy}
				onChange={onFile}
			/>
			<label htmlFor={id} className="file-button">
				<UploadOutlined aria-hidden /> {busy ? i.t("approvals.uploading") : i.t("approvals.upload")}
			</label>
		</span>
	);
}

export function MaterialsCard({
	a,
	canFile,
	onFiled,
	title,
}: {
	a: ApplicationDetail;
	/** Whether the reader may file materials now (the lab, at a draft, a completion or corrections). */
	canFile: boolean;
	onFiled(): void;
	title?: string;
}) {
	const i = useI18n();
	const { message } = App.useApp();
	const [error, setError] = useState<unknown>();
	const rows = materialRows(a);
	const reused = rows.filter((r) => r.plan?.status === "reused").length;
	const needed = rows.filter((r) => r.plan?.status === "needed").length;
	return (
		<Card
			title={<h2 className="card-title">{title ?? i.t("approvals.materials")}</h2>}
			className="section approval-materials"
			extra={<span className="muted">{i.t("approvals.materialsCount", { reused, needed })}</span>}
		>
			{a.completion && a.step.code === "completion" && (
				<Alert
					type="warning"
					showIcon
					className="section"
					title={i.t("approvals.completionAsked", {
						date: i.date(a.completion.on),
						items: a.completion.requested.map((c) => materialName(i, c)).join("、"),
					})}
				/>
			)}
			{canFile && <p className="muted">{i.t("approvals.fileHint", { mb: FILE_MAX_BYTES / 1024 / 1024 })}</p>}
			{error !== undefined && (
				<div className="section">
					<ErrorAlert error={error} />
				</div>
			)}
			<Table<MaterialRow>
				size="small"
				rowKey="code"
				className="approval-materials-table"
				dataSource={rows}
				pagination={false}
				scroll={{ x: 760 }}
				columns={[
					{
						title: i.t("approvals.material"),
						key: "name",
						width: 220,
						render: (_, r) => (
							<>
								{materialName(i, r.code)}
								<div className="mono muted">{r.code}</div>
							</>
						),
					},
					{
						title: i.t("approvals.materialStatus"),
						key: "status",
						width: 280,
						render: (_, r) => (
							<>
								{r.plan?.status === "reused" && <ReusedFrom m={r.plan} />}
								{r.plan?.status === "needed" && <NeededWhy reason={r.plan.reason} />}
								{r.requested && <Tag color="volcano">{i.t("approvals.requested")}</Tag>}
								{!r.plan && !r.requested && <span className="muted">{i.t("approvals.extra")}</span>}
							</>
						),
					},
					{
						title: i.t("approvals.files"),
						key: "files",
						render: (_, r) =>
							r.plan?.status === "reused" && !r.files.length ? (
								<span className="muted">{i.t("approvals.noNeed")}</span>
							) : (
								<FiledFiles number={a.number} files={r.files} />
							),
					},
					...(canFile
						? [
								{
									title: i.t("common.actions"),
									key: "upload",
									width: 130,
									render: (_: unknown, r: MaterialRow) =>
										r.plan?.status === "reused" && !r.requested ? null : (
											<UploadButton
												number={a.number}
												code={r.code}
												name={materialName(i, r.code)}
												onError={setError}
												onFiled={() => {
													void message.success({
														key: "approval-file",
														content: i.t("approvals.filed", { name: materialName(i, r.code) }),
													});
													onFiled();
												}}
											/>
										),
								},
							]
						: []),
				]}
			/>
		</Card>
	);
}
