/** An error as one line of text in the reader's language (for toasts). */
import { ApiError } from "../api/client.ts";
import type { I18n } from "../i18n/i18n.tsx";
import { errorTitleKey } from "./ErrorAlert.tsx";

export function errorText(i: I18n, e: unknown): string {
	return e instanceof ApiError ? `${i.t(errorTitleKey(e))}：${i.message(e)}` : String(e);
}
