/** A record's fields as a description list (label, value), with "—" for what is not recorded. */
import { Descriptions } from "antd";
import type { ReactNode } from "react";

export interface FieldRow {
	label: string;
	value: ReactNode;
	/** Span the whole row. */
	wide?: boolean;
}

export function FieldList({ rows, columns = 2 }: { rows: FieldRow[]; columns?: number }) {
	return (
		<Descriptions
			bordered
			size="small"
			column={{ xs: 1, sm: 1, md: columns, lg: columns, xl: columns, xxl: columns }}
			items={rows.map((r, i) => ({
				key: String(i),
				label: r.label,
				children: r.value === null || r.value === undefined || r.value === "" ? "—" : r.value,
				...(r.wide ? { span: "filled" as const } : {}),
			}))}
		/>
	);
}
