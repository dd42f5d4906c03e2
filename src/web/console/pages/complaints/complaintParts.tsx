/**
 * How complaints read in the console: their statuses (the same codes as the API's, in the order a
 * complaint moves through them), kinds and outcomes, and the two deadlines — 5 working days to accept,
 * 60 to close — shown red, and said in words, once past.
 */
import { Tag } from "antd";
import type { ComplaintItem, ComplaintOutcome, ComplaintStatus } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";

export const COMPLAINT_STATUSES: readonly ComplaintStatus[] = [
	"received",
	"accepted",
	"rejected",
	"assigned",
	"investigating",
	"closed",
];

export const OUTCOMES: readonly ComplaintOutcome[] = ["upheld", "partly_upheld", "not_upheld"];

/** Statuses still being handled after acceptance (the 60 working days run). */
export const OPEN_STATUSES: readonly ComplaintStatus[] = ["accepted", "assigned", "investigating"];

const STATUS_COLOR: Record<ComplaintStatus, string> = {
	received: "gold",
	accepted: "blue",
	rejected: "default",
	assigned: "cyan",
	investigating: "purple",
	closed: "green",
};

export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
	const i = useI18n();
	return <Tag color={STATUS_COLOR[status]}>{i.t(`complaints.status.${status}`)}</Tag>;
}

/** A deadline: the date, red with "逾期" once past while the step it bounds is still to be taken. */
function Deadline({ date, overdue }: { date: string; overdue: boolean }) {
	const i = useI18n();
	return overdue ? (
		<Tag color="red" className="complaint-overdue">
			{i.date(date)} · {i.t("complaints.overdue")}
		</Tag>
	) : (
		<span>{i.date(date)}</span>
	);
}

/** The day to accept by, and when it was accepted (or rejected). */
export function AcceptBy({ c }: { c: ComplaintItem }) {
	const i = useI18n();
	return (
		<>
			<Deadline date={c.acceptBy} overdue={c.overdue && c.status === "received"} />
			{c.acceptedOn && (
				<div className="muted">{i.t("complaints.acceptedOn", { date: i.date(c.acceptedOn) })}</div>
			)}
			{c.status === "rejected" && c.closedOn && (
				<div className="muted">{i.t("complaints.rejectedOn", { date: i.date(c.closedOn) })}</div>
			)}
		</>
	);
}

/** The day to close by, and when it was closed. */
export function CloseBy({ c }: { c: ComplaintItem }) {
	const i = useI18n();
	if (!c.closeBy) return <span className="muted">—</span>;
	return (
		<>
			<Deadline date={c.closeBy} overdue={c.overdue && OPEN_STATUSES.includes(c.status)} />
			{c.status === "closed" && c.closedOn && (
				<div className="muted">{i.t("complaints.closedOn", { date: i.date(c.closedOn) })}</div>
			)}
		</>
	);
}

/** The organisation it is about: as registered, or as the complainant named it. */
export function ComplaintSubject({ c }: { c: ComplaintItem }) {
	const i = useI18n();
	if (c.subject)
		return (
			<>
				{c.subject.name}
				<div className="mono muted">{c.subject.uscc}</div>
			</>
		);
	if (c.subjectGiven)
		return (
			<>
				{c.subjectGiven}
				<div className="muted">{i.t("complaints.subjectUnmatched")}</div>
			</>
		);
	return <span className="muted">—</span>;
}
