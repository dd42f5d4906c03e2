/** A certificate's or report's status history, oldest first, as the register recorded it. */
import { Table } from "antd";
import type { HistoryEntry } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { type CodeList, useCodes } from "./codes.tsx";

export function HistoryTable({ list, history }: { list: CodeList; history: HistoryEntry[] }) {
	const i = useI18n();
	const codes = useCodes();
	return (
		<Table<HistoryEntry>
			size="small"
			pagination={false}
			rowKey={(_, n) => String(n)}
			dataSource={history}
			columns={[
				{ title: i.t("history.date"), key: "date", render: (_, h) => i.date(h.date) },
				{
					title: i.t("history.change"),
					key: "change",
					render: (_, h) =>
						h.from ? `${codes.label(list, h.from)} → ${codes.label(list, h.to)}` : codes.label(list, h.to),
				},
				{ title: i.t("history.reason"), key: "reason", render: (_, h) => h.reason ?? "—" },
				{
					title: i.t("history.source"),
					key: "source",
					render: (_, h) => codes.label("historySource", h.source),
				},
			]}
		/>
	);
}
