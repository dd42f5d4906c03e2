/** What a batch upload did: counts by outcome, a file-level problem, and each rejected row. */
import { Alert, Card, Statistic, Table } from "antd";
import type { BatchResult, RowError } from "../../api/types.ts";
import type { ImportKind } from "../../forms/kinds.ts";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { zhCN } from "../../i18n/zh-CN.ts";

export function UploadResult({ kind, result }: { kind: ImportKind; result: BatchResult }) {
	const i = useI18n();
	const s = result.summary;
	const fieldLabel = (field: string) => {
		const key = `field.${kind}.${field}`;
		return key in zhCN ? `${i.t(key as MessageKey)}（${field}）` : field;
	};
	const counts: [MessageKey, number][] = [
		["import.rows", s.rows],
		["import.created", s.created],
		["import.updated", s.updated],
		["import.unchanged", s.unchanged],
		["import.rejected", s.rejected],
	];
	return (
		<Card title={<h2 className="card-title">{i.t("import.result")}</h2>} className="section upload-result">
			<div className="stats" aria-live="polite">
				{counts.map(([key, n]) => (
					<Statistic key={key} title={i.t(key)} value={i.number(n)} />
				))}
			</div>
			{result.fileError && (
				<Alert
					type="error"
					showIcon
					title={i.t("import.fileError", { line: result.fileError.line })}
					description={`${i.message(result.fileError)}（${result.fileError.rule}）`}
				/>
			)}
			{s.rejected === 0 && !result.fileError && (
				<Alert type="success" showIcon title={i.t("import.allApplied")} />
			)}
			{result.errors.length > 0 && (
				<>
					<h3 className="section-title">{i.t("import.rejectedRows")}</h3>
					{result.errors.length < s.rejected && (
						<p className="muted">{i.t("import.listedOnly", { n: i.number(result.errors.length) })}</p>
					)}
					<Table<RowError>
						size="small"
						className="rejected-rows"
						rowKey={(e, n) => `${e.line}-${e.field}-${n}`}
						dataSource={result.errors}
						pagination={result.errors.length > 50 ? { pageSize: 50 } : false}
						columns={[
							{ title: i.t("import.line"), dataIndex: "line", width: 80 },
							{ title: i.t("import.field"), key: "field", render: (_, e) => fieldLabel(e.field) },
							{ title: i.t("import.rule"), dataIndex: "rule", render: (v: string) => <code>{v}</code> },
							{ title: i.t("import.message"), key: "message", render: (_, e) => i.message(e) },
						]}
					/>
				</>
			)}
		</Card>
	);
}
