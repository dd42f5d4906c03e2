/**
 * The API's field-level verdict for hand-built forms (accounts, keys, passwords): each problem under
 * its field, in the reader's language, cleared as soon as that field changes.
 */
import { useState } from "react";
import type { Problem } from "../../../core/problem.ts";
import { ApiError } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.tsx";

export function useFieldErrors(fields: readonly string[]) {
	const i = useI18n();
	const [error, setError] = useState<unknown>();
	const [problems, setProblems] = useState<Problem[]>([]);
	return {
		error,
		/** Records a failure (or clears it with undefined). */
		fail(e: unknown) {
			setError(e);
			setProblems(e instanceof ApiError ? e.problems.filter((p) => fields.includes(p.field)) : []);
		},
		/** Props for the Form.Item of `field`. */
		item(field: string) {
			const mine = problems.filter((p) => p.field === field);
			return mine.length
				? { validateStatus: "error" as const, help: mine.map((p) => i.message(p)).join("；") }
				: {};
		},
		/** For Form's onValuesChange: a changed field's problems go. */
		changed(values: Record<string, unknown>) {
			setProblems((ps) => ps.filter((p) => !(p.field in values)));
		},
		/** Whether the alert needs to list problems itself (some are not on any field shown). */
		unplaced(): boolean {
			return !(error instanceof ApiError) || error.problems.some((p) => !fields.includes(p.field));
		},
	};
}
