/**
 * Paging as the API does it: pages of 20, totals counted up to 1,000 ("1,000+" beyond), and no page
 * starting past the 10,000th row (the API refuses it; filters narrow the list instead).
 */
import type { TablePaginationConfig } from "antd";
import type { Page } from "../api/types.ts";
import type { I18n } from "../i18n/i18n.tsx";

export const PAGE_SIZE = 20;
const MAX_ROWS = 10_000;

/** The page number in a query (1 when absent or nonsense). */
export function pageParam(q: URLSearchParams): number {
	const n = Number(q.get("page"));
	return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** antd pagination for a counted page of results. */
export function pagination(
	i: I18n,
	data: Page<unknown> | undefined,
	onPage: (page: number) => void,
): TablePaginationConfig {
	const total = data ? Math.min(data.totalExact ? data.total : MAX_ROWS, MAX_ROWS) : 0;
	return {
		current: data?.page ?? 1,
		pageSize: data?.pageSize ?? PAGE_SIZE,
		total,
		showSizeChanger: false,
		showTotal: () =>
			data ? i.t(data.totalExact ? "list.total" : "list.totalMore", { n: i.number(data.total) }) : "",
		onChange: onPage,
	};
}
