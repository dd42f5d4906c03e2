/**
 * The filter bar above a list: inline fields and an apply button. It starts again from the address's
 * query whenever that changes (back, forward, a link), so the fields always show what the list shows.
 */
import { Button, Form } from "antd";
import type { ReactNode } from "react";
import { useSearch } from "../app/router.tsx";
import { useT } from "../i18n/i18n.tsx";

export function FilterForm<V extends object>({
	name,
	initialValues,
	onFinish,
	children,
}: {
	name: string;
	/** What the fields start with (the list's current query). */
	initialValues: object;
	onFinish(values: V): void;
	children: ReactNode;
}) {
	const t = useT();
	const search = useSearch();
	return (
		<Form
			key={search}
			layout="inline"
			className="filters"
			name={name}
			initialValues={initialValues}
			onFinish={onFinish}
		>
			{children}
			<Form.Item>
				<Button htmlType="submit" type="primary">
					{t("filter.apply")}
				</Button>
			</Form.Item>
		</Form>
	);
}
