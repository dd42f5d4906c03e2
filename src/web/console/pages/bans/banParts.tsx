/**
 * How a ban reads in the console, on the bans page and in a body's own credit file: the subject (an
 * organisation by name and code, a person by public reference and name), the scope, the term (终身 or
 * until a day) and where it stands today — in force, not yet started, ended, or lifted.
 */
import { Tag } from "antd";
import { chinaDate } from "../../../../core/dates.ts";
import type { Ban } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export type BanState = "inForce" | "pending" | "ended" | "lifted";

const STATE_COLOR: Record<BanState, string> = {
	inForce: "red",
	pending: "gold",
	ended: "default",
	lifted: "green",
};

/** Where a ban stands on a day (today in China by default). */
export function banState(b: Ban, today = chinaDate(new Date())): BanState {
	if (b.status === "lifted") return "lifted";
	if (b.startsOn > today) return "pending";
	if (b.endsOn !== null && b.endsOn < today) return "ended";
	return "inForce";
}

/** The banned organisation or person; an organisation links to its credit file when `linked`. */
export function BanSubject({ b, linked }: { b: Ban; linked?: boolean }) {
	const i = useI18n();
	if (b.subject.kind === "person")
		return (
			<>
				<Tag>{i.t("bans.person")}</Tag>
				{b.subject.name ?? "—"}
				<div className="mono muted">{b.subject.ref}</div>
			</>
		);
	const s = b.subject;
	return (
		<>
			{linked ? <Link to={`/credit/${encodeURIComponent(s.uscc)}`}>{s.name}</Link> : s.name}
			<div className="mono muted">{s.uscc}</div>
		</>
	);
}

export function BanScopeTag({ b }: { b: Ban }) {
	const i = useI18n();
	return (
		<Tag color={b.scope === "tic" ? "volcano" : "purple"} title={i.name(b.scopeText)}>
			{i.t(`bans.scope.${b.scope}`)}
		</Tag>
	);
}

/** 终身, or "至 2027-05-31", with the first day below. */
export function BanTerm({ b }: { b: Ban }) {
	const i = useI18n();
	return (
		<>
			{b.lifetime ? (
				<Tag color="red">{i.t("bans.lifetime")}</Tag>
			) : (
				<span>{i.t("bans.until", { date: i.date(b.endsOn) })}</span>
			)}
			<div className="muted">{i.t("bans.from", { date: i.date(b.startsOn) })}</div>
		</>
	);
}

export function BanStatusTag({ b }: { b: Ban }) {
	const i = useI18n();
	const state = banState(b);
	return (
		<>
			<Tag color={STATE_COLOR[state]}>{i.t(`bans.state.${state}`)}</Tag>
			{state === "lifted" && b.liftedOn && (
				<div className="muted">{i.t("bans.liftedOn", { date: i.date(b.liftedOn) })}</div>
			)}
			{state === "lifted" && b.liftReason && <div className="muted">{b.liftReason}</div>}
		</>
	);
}

/** The log entry that made the ban (or its lifting) public. */
export function LogLink({ index }: { index: number | null }) {
	return index === null ? (
		<span className="muted">—</span>
	) : (
		<a href={`/api/v1/log/entries/${index}`} target="_blank" rel="noreferrer" className="mono">
			#{index}
		</a>
	);
}
