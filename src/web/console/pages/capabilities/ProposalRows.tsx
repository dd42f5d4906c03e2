/** The rows a proposal carries, its notes, and what approving it applied. */
import { Table } from "antd";
import type { Proposal, RowError } from "../../api/types.ts";
import { type MessageKey, useI18n } from "../../i18n/i18n.tsx";

const COLUMNS = [
	"cmaNumber",
	"field",
	"product",
	"parameter",
	"standard",
	"limitation",
	"signatories",
] as const;

function text(v: unknown): string {
	if (Array.isArray(v)) return v.join("、");
	return v === null || v === undefined || v === "" ? "—" : String(v);
}

export function ProposalRows({ proposal: p }: { proposal: Proposal }) {
	const i = useI18n();
	return (
		<div className="proposal-rows">
			{p.note && (
				<p>
					{i.t("proposals.note")}: {p.note}
				</p>
			)}
			<Table<Record<string, unknown>>
				size="small"
				pagination={false}
				rowKey={(_, n) => String(n)}
				dataSource={p.rows}
				columns={COLUMNS.map((c) => ({
					title: i.t(`field.capabilities.${c}` as MessageKey),
					key: c,
					render: (_: unknown, r: Record<string, unknown>) => text(r[c]),
				}))}
			/>
			{p.decidedBy && (
				<p className="muted">
					{i.t("proposals.decided", { who: p.decidedBy, at: i.instant(p.decidedAt) })}
					{p.decisionNote ? ` — ${p.decisionNote}` : ""}
				</p>
			)}
		</div>
	);
}

/** Rows a decision could not apply. */
export function AppliedErrors({ errors }: { errors: RowError[] }) {
	const i = useI18n();
	return (
		<Table<RowError>
			size="small"
			pagination={false}
			rowKey={(e, n) => `${e.line}-${n}`}
			dataSource={errors}
			columns={[
				{ title: i.t("proposals.rowNumber"), dataIndex: "line", width: 70 },
				{ title: i.t("import.field"), dataIndex: "field" },
				{ title: i.t("import.message"), key: "m", render: (_, e) => i.message(e) },
			]}
		/>
	);
}
