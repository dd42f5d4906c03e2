/**
 * How an appeal reads wherever it is shown: what it is about — one credit event (its kind, summary and
 * source) or the credit grade — and where it stands (pending, upheld, rejected).
 */
import { Tag } from "antd";
import type { AppealAbout, CreditAppeal } from "../../api/types.ts";
import { type I18n, type MessageKey, useI18n } from "../../i18n/i18n.tsx";
import { zhCN } from "../../i18n/zh-CN.ts";

const STATUS_COLOR: Record<CreditAppeal["status"], string> = {
	pending: "gold",
	upheld: "green",
	rejected: "red",
};

/** A credit event's kind in the reader's language (the API's name, or the code, when the catalogue lacks it). */
export function creditKindLabel(i: I18n, kind: string, named?: { zh: string; en: string }): string {
	const key = `creditKind.${kind}`;
	return key in zhCN ? i.t(key as MessageKey) : named ? i.name(named) : kind;
}

/** "信用等级", or the event's kind, summary and source. */
export function AppealAboutText({ about }: { about: AppealAbout }) {
	const i = useI18n();
	if ("grade" in about) return <Tag color="blue">{i.t("appeals.aboutGrade")}</Tag>;
	return (
		<>
			<Tag>{creditKindLabel(i, about.kind)}</Tag>
			<span>{about.summary}</span>
			<div className="mono muted">{about.source}</div>
		</>
	);
}

export function AppealStatusTag({ status }: { status: CreditAppeal["status"] }) {
	const i = useI18n();
	return <Tag color={STATUS_COLOR[status]}>{i.t(`appeals.status.${status}`)}</Tag>;
}
