/**
 * How a credit-risk grade looks in the console: A green (low risk), B blue (ordinary), C orange
 * (higher), D red (high), after SAMR's classification (国市监信发〔2022〕6号). The colours carry white
 * text at 4.5:1 or more; the letter and its words are always shown too, never the colour alone.
 */
import { Tag } from "antd";
import type { CSSProperties } from "react";
import type { CreditGrade } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";

export const GRADES: readonly CreditGrade[] = ["A", "B", "C", "D"];

/** Solid colours (antd's green-8, blue-7, orange-8, red-7), for the badge and the threshold scale. */
export const GRADE_COLOR: Record<CreditGrade, string> = {
	A: "#237804",
	B: "#0958d9",
	C: "#ad4e00",
	D: "#cf1322",
};

/** antd's preset tag colours, for grades inside tables. */
const TAG_COLOR: Record<CreditGrade, string> = { A: "green", B: "blue", C: "orange", D: "red" };

/** Orders grades by risk: a move to a higher rank is a move to more risk. */
export const GRADE_RANK: Record<CreditGrade, number> = { A: 0, B: 1, C: 2, D: 3 };

/** A grade inside a table: its letter, with its words as the tooltip and for screen readers. */
export function GradeTag({ grade }: { grade: CreditGrade }) {
	const i = useI18n();
	const words = `${i.t("credit.class", { grade })} · ${i.t(`credit.grade.${grade}`)}`;
	return (
		<Tag color={TAG_COLOR[grade]} title={words} aria-label={words}>
			{grade}
		</Tag>
	);
}

const BADGE: CSSProperties = {
	display: "flex",
	alignItems: "center",
	justifyContent: "center",
	flex: "0 0 auto",
	width: 96,
	height: 96,
	borderRadius: 16,
	color: "#fff",
	fontSize: 56,
	fontWeight: 700,
	lineHeight: 1,
};

/** The large letter at the top of a credit file. */
export function GradeBadge({ grade }: { grade: CreditGrade }) {
	return (
		<div className="credit-grade-badge" style={{ ...BADGE, background: GRADE_COLOR[grade] }}>
			{grade}
		</div>
	);
}
