/**
 * Capability proposals: a lab proposes rows for its own capability list; a regulator (an officer of the
 * lab's district, or an administrator) approves them — which applies them through the capability writer
 * as that regulator — or rejects them with a note.
 */
import { type Clock, isoInstant } from "../../core/dates.ts";
import type { Problem } from "../../core/problem.ts";
import { checkCapability } from "../../core/records/capability.ts";
import { audit } from "../audit/audit.service.ts";
import { type Actor, mayActOn } from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, InputError, NotFoundError } from "../errors.ts";
import { importRecords, type RowError } from "../import/import.service.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import * as repo from "./qualifications.repository.ts";

export interface PublicProposal {
	id: number;
	lab: { uscc: string; name: string };
	rows: Record<string, unknown>[];
	note: string | null;
	status: string;
	proposedBy: string;
	createdAt: string;
	decidedBy: string | null;
	decidedAt: string | null;
	decisionNote: string | null;
}

const MAX_ROWS = 2000;

/** Records a lab's proposal after checking every row. */
export async function propose(
	db: Db,
	input: { labUscc: string; rows: Record<string, unknown>[]; note?: string | null },
	actor: Actor,
	clock: Clock,
): Promise<PublicProposal> {
	const lab = await orgs.findByUscc(db, input.labUscc);
	if (
		lab?.kind !== "lab" ||
		!mayActOn(actor, "capability.propose", { orgId: lab.id, district: lab.district })
	)
		throw new NotFoundError(
			"ORG_NOT_FOUND",
			"no such lab among those you act for",
			"您所代表的机构中没有该检验检测机构",
			"lab",
		);
	if (input.rows.length === 0 || input.rows.length > MAX_ROWS)
		throw new InputError(
			"PROPOSAL_INVALID",
			`rows: 1 to ${MAX_ROWS} capability rows`,
			`rows：应为1至${MAX_ROWS}条能力`,
			"rows",
			"LIST_SIZE",
		);
	const cmas = new Set(
		(await repo.findByOrgIds(db, [lab.id])).filter((q) => q.type === "cma").map((q) => q.number),
	);
	const problems: Problem[] = [];
	input.rows.forEach((raw, i) => {
		const checked = checkCapability(raw);
		if (!checked.ok)
			for (const p of checked.problems) problems.push({ ...p, field: `rows[${i}].${p.field}` });
		else if (!cmas.has(checked.value.cmaNumber))
			problems.push({
				field: `rows[${i}].cmaNumber`,
				rule: "CMA_UNKNOWN",
				messageZh: "不是本机构的资质认定证书编号",
				messageEn: "not a CMA number of this lab",
			});
	});
	if (problems.length) throw InputError.fromProblems("PROPOSAL_INVALID", problems);
	const at = isoInstant(clock.now());
	const id = await repo.insertProposal(db, {
		lab_id: lab.id,
		rows_json: JSON.stringify(input.rows),
		note: input.note?.slice(0, 500) ?? null,
		status: "pending",
		proposed_by: actor.label,
		decided_by: null,
		decision_note: null,
		created_at: at,
		decided_at: null,
	});
	await audit(db, actor, at, [
		{
			action: "capability.propose",
			outcome: "ok",
			target: { type: "proposal", key: String(id) },
			subjectOrgId: lab.id,
			detail: { rows: input.rows.length },
		},
	]);
	return (await get(db, id))!;
}

async function get(db: Db, id: number): Promise<PublicProposal | undefined> {
	const r = await repo.findProposal(db, id);
	return r ? present(r) : undefined;
}

function present(r: repo.ProposalRow): PublicProposal {
	return {
		id: Number(r.id),
		lab: { uscc: r.uscc, name: r.name },
		rows: JSON.parse(r.rows_json),
		note: r.note,
		status: r.status,
		proposedBy: r.proposed_by,
		createdAt: r.created_at,
		decidedBy: r.decided_by,
		decidedAt: r.decided_at,
		decisionNote: r.decision_note,
	};
}

/** Proposals the actor may see, newest first. */
export async function listProposals(db: Db, actor: Actor, status?: string): Promise<PublicProposal[]> {
	const filter =
		actor.role === "regulator_officer"
			? { districts: actor.districts }
			: actor.role === "regulator_admin"
				? {}
				: { labId: actor.orgId ?? -1 };
	return (await repo.listProposals(db, { ...filter, ...(status ? { status } : {}) }, 200)).map(present);
}

/** Approves (applying the rows) or rejects a pending proposal. */
export async function decide(
	db: Db,
	id: number,
	decision: { approve: boolean; note?: string | null },
	actor: Actor,
	clock: Clock,
): Promise<
	PublicProposal & {
		applied?: { created: number; updated: number; unchanged: number; rejected: number; errors: RowError[] };
	}
> {
	const p = await repo.findProposal(db, id);
	if (!p || !mayActOn(actor, "capability.decide", { orgId: p.lab_id, district: p.district }))
		throw new NotFoundError(
			"PROPOSAL_NOT_FOUND",
			`no proposal ${id} you may decide`,
			`没有您可审核的申请 ${id}`,
			"id",
		);
	if (p.status !== "pending")
		throw new ConflictError(
			"PROPOSAL_DECIDED",
			`proposal ${id} was already ${p.status}`,
			`申请 ${id} 已处理（${p.status}）`,
			"id",
		);
	const at = isoInstant(clock.now());
	let applied:
		| { created: number; updated: number; unchanged: number; rejected: number; errors: RowError[] }
		| undefined;
	if (decision.approve) {
		const errors: RowError[] = [];
		const rows = JSON.parse(p.rows_json) as Record<string, unknown>[];
		const s = await importRecords(
			db,
			rows.map((raw, i) => ({ line: i + 1, raw })),
			{ kind: "capabilities", clock, actor, source: "api", onError: (e) => errors.push(e) },
		);
		applied = {
			created: s.created,
			updated: s.updated,
			unchanged: s.unchanged,
			rejected: s.rejected,
			errors,
		};
	}
	await db
		.updateTable("capability_proposals")
		.set({
			status: decision.approve ? "approved" : "rejected",
			decided_by: actor.label,
			decided_at: at,
			decision_note: decision.note?.slice(0, 500) ?? null,
		})
		.where("id", "=", id)
		.execute();
	await audit(db, actor, at, [
		{
			action: decision.approve ? "capability.approve" : "capability.reject",
			outcome: "ok",
			target: { type: "proposal", key: String(id) },
			subjectOrgId: p.lab_id,
		},
	]);
	return { ...(await get(db, id))!, ...(applied ? { applied } : {}) };
}
