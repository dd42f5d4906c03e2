/**
 * Batch upload: a CSV or JSON Lines file in the import's format, sent as it is to
 * POST /{kind}/batch. Each row is applied or rejected on its own; the answer's summary and every
 * rejected row (line, field, rule, message) are shown, so the file can be fixed and sent again —
 * re-sending changes nothing that was already applied.
 */
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Button, Card, Form, Progress, Select, Space } from "antd";
import { useId, useRef, useState } from "react";
import type { BatchResult } from "../../api/types.ts";
import { type Upload, uploadBatch, uploadType } from "../../api/upload.ts";
import { setQuery, useQuery } from "../../app/router.tsx";
import { useCan } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { IMPORT_KINDS, type ImportKind, KINDS } from "../../forms/kinds.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { UploadResult } from "./UploadResult.tsx";

/** A CSV holding only the header row: the columns the import reads (a data: URL, nothing to free). */
function templateUrl(kind: ImportKind): string {
	return `data:text/csv;charset=utf-8,${encodeURIComponent(`${KINDS[kind].columns.join(",")}\r\n`)}`;
}

export default function ImportPage() {
	const i = useI18n();
	const can = useCan();
	const query = useQuery();
	const kinds = IMPORT_KINDS.filter((k) => can(KINDS[k].action));
	const asked = query.get("kind") as ImportKind | null;
	const kind = asked && kinds.includes(asked) ? asked : (kinds[0] ?? "certificates");
	const fileId = useId();
	const [file, setFile] = useState<File | null>(null);
	const [encoding, setEncoding] = useState("");
	const [progress, setProgress] = useState<number | null>(null);
	const [result, setResult] = useState<BatchResult>();
	const [error, setError] = useState<unknown>();
	const upload = useRef<Upload | null>(null);
	const type = file ? uploadType(file) : null;

	const send = async () => {
		if (!file || !type) return;
		setError(undefined);
		setResult(undefined);
		setProgress(0);
		upload.current = uploadBatch(`/${KINDS[kind].path}/batch`, file, type, encoding || null, setProgress);
		try {
			setResult(await upload.current.result);
		} catch (e) {
			setError(e);
		} finally {
			upload.current = null;
			setProgress(null);
		}
	};

	const busy = progress !== null;
	return (
		<>
			<PageHeader title={i.t("page.import")} subtitle={i.t("import.intro")} />
			<Card className="section">
				<Form layout="vertical" name="import" onFinish={() => void send()}>
					<Form.Item label={i.t("import.kind")} htmlFor="import-kind">
						<Select<ImportKind>
							id="import-kind"
							value={kind}
							style={{ maxWidth: 320 }}
							disabled={busy}
							options={kinds.map((k) => ({ value: k, label: i.t(`kind.${k}`) }))}
							onChange={(k) => {
								setResult(undefined);
								setQuery({ kind: k }, false);
							}}
						/>
					</Form.Item>
					<Form.Item
						label={i.t("import.file")}
						htmlFor={fileId}
						extra={i.t("import.fileHint")}
						{...(file && !type ? { validateStatus: "error" as const, help: i.t("import.fileType") } : {})}
					>
						<input
							id={fileId}
							type="file"
							accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
							disabled={busy}
							className="file-input"
							onChange={(e) => {
								setFile(e.target.files?.[0] ?? null);
								setResult(undefined);
								setError(undefined);
							}}
						/>
					</Form.Item>
					{type === "text/csv" && (
						<Form.Item label={i.t("import.encoding")} htmlFor="import-encoding">
							<Select
								id="import-encoding"
								value={encoding}
								style={{ maxWidth: 320 }}
								onChange={setEncoding}
								options={[
									{ value: "", label: i.t("import.encodingAuto") },
									{ value: "utf-8", label: "UTF-8" },
									{ value: "gb18030", label: "GB18030" },
								]}
							/>
						</Form.Item>
					)}
					<Space wrap>
						<Button
							type="primary"
							htmlType="submit"
							icon={<UploadOutlined aria-hidden />}
							disabled={!type}
							loading={busy}
						>
							{i.t("import.send")}
						</Button>
						{busy && <Button onClick={() => upload.current?.abort()}>{i.t("common.cancel")}</Button>}
						<Button
							icon={<DownloadOutlined aria-hidden />}
							href={templateUrl(kind)}
							download={`opentic-${kind}-template.csv`}
						>
							{i.t("import.template")}
						</Button>
					</Space>
				</Form>
				{busy && (
					<div className="upload-progress" aria-live="polite">
						<Progress
							percent={Math.round((progress ?? 0) * 100)}
							status="active"
							aria-label={i.t("import.progress")}
						/>
						<p>{(progress ?? 0) < 1 ? i.t("import.sending") : i.t("import.checking")}</p>
					</div>
				)}
			</Card>
			{error !== undefined && <ErrorAlert error={error} />}
			{result && <UploadResult kind={kind} result={result} />}
		</>
	);
}
