/** A page that could not be shown: no such page, or not for this identity. */
import { Result } from "antd";
import { useEffect } from "react";
import { useT } from "../i18n/i18n.tsx";

export function StatusPage({ status }: { status: "404" | "403" }) {
	const t = useT();
	const title = t(status === "404" ? "page.notFound" : "page.forbidden");
	useEffect(() => {
		document.title = `${title} · ${t("app.title")}`;
	}, [title, t]);
	return (
		<Result
			status={status}
			title={
				<h1 id="page-title" tabIndex={-1} className="result-title">
					{title}
				</h1>
			}
			subTitle={t(status === "404" ? "page.notFoundHint" : "page.forbiddenHint")}
		/>
	);
}
