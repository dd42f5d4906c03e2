/**
 * The technical review team of an application: drawn from the expert pool without conflicts, as the spot
 * checks draw theirs (core/draw `assignTeams`: the least-loaded first, one employer per team), and any
 * team an officer names checked against the same rules. A reviewer may not review a lab that employs them
 * or that they declared a relation with (consulting, a former employer…); nor may a banned person review,
 * or someone outside the expert and inspector pool. Unlike a spot check's inspectors, a reviewer may see
 * the same lab again: a change or an extension is best assessed by who knows the lab's last review.
 */
import { randomBytes } from "node:crypto";
import { assignTeams, Stream } from "../../core/draw/draw.ts";
import { type Manifest, STANDARD_RULES } from "../../core/draw/manifest.ts";
import { parsePersonRef, personRef } from "../../core/records/person-ref.ts";
import { bansInForce } from "../bans/bans.service.ts";
import type { Db } from "../db/database.ts";
import { InputError } from "../errors.ts";

/** Why a person may not review this lab. */
export type ReviewConflict = "not_in_pool" | "banned" | "employer" | "relation" | "team_employer";

const CONFLICT_TEXT: Record<ReviewConflict, { zh: string; en: string }> = {
	not_in_pool: { zh: "不在评审专家库中", en: "is not in the expert pool" },
	banned: { zh: "处于禁入期内", en: "is banned" },
	employer: { zh: "受雇于申请机构，须回避", en: "works for the applying lab" },
	relation: { zh: "与申请机构有申报的利害关系，须回避", en: "declared a relation with the applying lab" },
	team_employer: { zh: "与组内其他成员为同一单位", en: "has the same employer as another member" },
};

interface Pool {
	/** Every active expert or inspector, by public reference, with employer and this year's reviews. */
	members: { ref: string; employerId: number | null; load: number }[];
	/** The conflict of each person with this lab, by reference. */
	conflicts: Map<string, ReviewConflict>;
	banned: Set<string>;
}

/**
 * The pool for a lab's review on a day: who may review, and who may not and why; with `withLoad`, each
 * one's reviews this year too (only a draw balances them, and counting reads every application of the year).
 */
async function poolFor(db: Db, lab: { id: number }, today: string, withLoad = false): Promise<Pool> {
	const people = await db
		.selectFrom("people")
		.select(["id", "roles_json", "employer_id"])
		.where("status", "=", "active")
		.orderBy("id")
		.execute();
	const banned = new Set([...(await bansInForce(db, today)).people.keys()].map((id) => personRef(id)));
	// The load the draw balances: reviews this year.
	const year = today.slice(0, 4);
	const load = new Map<string, number>();
	if (withLoad)
		for (const a of await db
			.selectFrom("applications")
			.select("doc_json")
			.where("created_on", ">=", `${year}-01-01`)
			.execute())
			for (const r of (JSON.parse(a.doc_json) as { team?: string[] }).team ?? [])
				load.set(r, (load.get(r) ?? 0) + 1);
	const related = new Set(
		(await db.selectFrom("person_relations").select("person_id").where("org_id", "=", lab.id).execute()).map(
			(r) => personRef(Number(r.person_id)),
		),
	);
	const members: Pool["members"] = [];
	const conflicts = new Map<string, ReviewConflict>();
	for (const p of people) {
		const roles = JSON.parse(p.roles_json) as string[];
		if (!roles.includes("expert") && !roles.includes("inspector")) continue;
		const ref = personRef(Number(p.id));
		members.push({
			ref,
			employerId: p.employer_id === null ? null : Number(p.employer_id),
			load: load.get(ref) ?? 0,
		});
		if (banned.has(ref)) conflicts.set(ref, "banned");
		else if (p.employer_id !== null && Number(p.employer_id) === lab.id) conflicts.set(ref, "employer");
		else if (related.has(ref)) conflicts.set(ref, "relation");
	}
	return { members, conflicts, banned };
}

/**
 * Refuses a team that breaks the rules, naming the member (`team[i]`) and the rule; nothing else is
 * checked here (the core checks the team's size and form).
 */
export async function checkReviewTeam(db: Db, lab: { id: number }, team: readonly string[], today: string) {
	const pool = await poolFor(db, lab, today);
	const byRef = new Map(pool.members.map((m) => [m.ref, m]));
	const employers = new Map<number, string>();
	for (const [i, raw] of team.entries()) {
		// A reviewer is named by public reference; an identity number is never echoed back.
		const parsed = parsePersonRef(raw);
		const ref = parsed?.kind === "ref" ? personRef(parsed.id) : parsed ? "" : raw.trim().slice(0, 20);
		const member = byRef.get(ref);
		const why: ReviewConflict | undefined = !member
			? pool.banned.has(ref)
				? "banned"
				: "not_in_pool"
			: (pool.conflicts.get(ref) ??
				(member.employerId !== null && employers.has(member.employerId) ? "team_employer" : undefined));
		if (why) {
			const text = CONFLICT_TEXT[why];
			throw new InputError(
				"REVIEW_TEAM_CONFLICT",
				`team[${i}]: ${ref || "this person"} ${text.en}`,
				`team[${i}]：${ref ? `${ref} ` : "该人员"}${text.zh}`,
				`team[${i}]`,
				why.toUpperCase(),
			);
		}
		if (member?.employerId != null) employers.set(member.employerId, ref);
	}
}

/**
 * Draws a review team of `size` for a lab from the pool, conflict-free, the least-loaded first, from fresh
 * randomness; when none is possible, how many each rule excluded.
 */
export async function drawReviewTeam(db: Db, lab: { id: number }, size: number, today: string) {
	const pool = await poolFor(db, lab, today, true);
	const eligible = pool.members.filter((m) => !pool.conflicts.has(m.ref));
	const manifest = { teamSize: size, rules: { ...STANDARD_RULES, district: "none" } } as unknown as Manifest;
	const [assignment] = assignTeams(
		manifest,
		{
			objects: [],
			inspectors: eligible.map((m) => ({
				id: m.ref,
				employer: m.employerId === null ? null : String(m.employerId),
				home: null,
				districts: [],
				load: m.load,
			})),
			conflicts: [],
		},
		[{ id: "lab", stratum: "", district: null }],
		new Stream(randomBytes(32), "review-team"),
	);
	const excluded: Partial<Record<ReviewConflict, number>> = {};
	for (const why of pool.conflicts.values()) excluded[why] = (excluded[why] ?? 0) + 1;
	return {
		team: assignment?.team ?? [],
		pool: pool.members.length,
		eligible: eligible.length,
		excluded,
	};
}
