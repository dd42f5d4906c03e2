/**
 * An API failure, said plainly in the reader's language: what kind of failure (refused, not found,
 * unreachable…), the server's own message, and the request id to quote when reporting it.
 */
import { Alert, Button } from "antd";
import { ApiError } from "../api/client.ts";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";

/** The heading for an error, by its status. */
export function errorTitleKey(error: ApiError): MessageKey {
	if (error.status === 0) return "error.network";
	if (error.status === 401) return "error.signedOut";
	if (error.status === 403) return "error.forbidden";
	if (error.status === 404) return "error.notFound";
	if (error.status === 409) return "error.conflict";
	if (error.status === 429) return "error.rateLimited";
	if (error.status >= 500) return "error.server";
	return "error.invalid";
}

export function ErrorAlert({
	error,
	onRetry,
	showProblems = true,
}: {
	error: unknown;
	onRetry?: () => void;
	/** False when the form shows each problem next to its field already. */
	showProblems?: boolean;
}) {
	const i = useI18n();
	if (!(error instanceof ApiError))
		return <Alert type="error" showIcon title={i.t("error.unexpected")} description={String(error)} />;
	const problems = showProblems ? error.problems : [];
	return (
		<Alert
			type="error"
			showIcon
			className="error-alert"
			title={i.t(errorTitleKey(error))}
			description={
				<div>
					<p className="error-message">{i.message(error)}</p>
					{problems.length > 1 && (
						<ul>
							{problems.map((p) => (
								<li key={`${p.field}-${p.rule}`}>
									<code>{p.field}</code> {i.message(p)}
								</li>
							))}
						</ul>
					)}
					{error.requestId && (
						<p className="request-id">
							{i.t("error.requestId")}: <code>{error.requestId}</code>
						</p>
					)}
				</div>
			}
			action={
				onRetry ? (
					<Button size="small" onClick={onRetry}>
						{i.t("common.retry")}
					</Button>
				) : undefined
			}
		/>
	);
}
