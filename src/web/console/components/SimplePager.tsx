/** Previous / next paging for lists the API does not count (people, the audit trail). */
import { Button, Space } from "antd";
import { useI18n } from "../i18n/i18n.tsx";

export function SimplePager({
	page,
	hasNext,
	onPage,
}: {
	page: number;
	hasNext: boolean;
	onPage(page: number): void;
}) {
	const i = useI18n();
	return (
		<nav aria-label={i.t("pager.label")} className="simple-pager">
			<Space>
				<Button disabled={page <= 1} onClick={() => onPage(page - 1)}>
					{i.t("pager.previous")}
				</Button>
				<span aria-current="page">{i.t("pager.page", { n: i.number(page) })}</span>
				<Button disabled={!hasNext} onClick={() => onPage(page + 1)}>
					{i.t("pager.next")}
				</Button>
			</Space>
		</nav>
	);
}
