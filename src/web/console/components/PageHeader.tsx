/**
 * The top of every page: its title (which is also the document title and the focus target after
 * navigation, so screen-reader users hear where they arrived), an optional way back, and actions.
 */
import { ArrowLeftOutlined } from "@ant-design/icons";
import { Space } from "antd";
import { type ReactNode, useEffect } from "react";
import { Link } from "../app/router.tsx";
import { useT } from "../i18n/i18n.tsx";

export interface PageHeaderProps {
	title: string;
	subtitle?: ReactNode;
	back?: { to: string; label: string };
	extra?: ReactNode;
}

export function PageHeader({ title, subtitle, back, extra }: PageHeaderProps) {
	const t = useT();
	useEffect(() => {
		document.title = `${title} · ${t("app.title")}`;
	}, [title, t]);
	return (
		<header className="page-header">
			{back && (
				<Link to={back.to} className="page-back">
					<ArrowLeftOutlined aria-hidden /> {back.label}
				</Link>
			)}
			<div className="page-header-row">
				<div>
					<h1 id="page-title" tabIndex={-1}>
						{title}
					</h1>
					{subtitle && <div className="page-subtitle">{subtitle}</div>}
				</div>
				{extra && <Space wrap>{extra}</Space>}
			</div>
		</header>
	);
}
