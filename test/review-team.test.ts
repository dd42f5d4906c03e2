/**
 * The technical review team of a qualification application: drawn from the expert pool without the lab's
 * own staff, people who declared a relation with it, or who reviewed it within the year, one employer per
 * team, the least-loaded first; and any team an officer names refused when it breaks a rule, naming the
 * member and the rule.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { personRef } from "../src/core/records/person-ref.ts";
import { checkReviewTeam, drawReviewTeam } from "../src/server/approvals/team.ts";
import { SYSTEM_ACTOR } from "../src/server/auth/policy.ts";
import { imposeBan } from "../src/server/bans/bans.service.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, clock, makeLab, makePerson, newUscc, org } from "./helpers/factories.ts";

const TODAY = "2026-06-01";

for (const kind of DIALECTS)
	describe(`review teams [${kind}]`, () => {
		let t: TestApp;
		let lab: { id: number; uscc: string };
		const refs: Record<string, string> = {};

		async function expert(name: string, employerUscc: string, roles = "expert") {
			const idNumber = await makePerson(t.db.db, employerUscc, roles, { name });
			const p = await t.db.db
				.selectFrom("person_private")
				.select("person_id")
				.where("id_number", "=", idNumber)
				.executeTakeFirstOrThrow();
			refs[name] = personRef(Number(p.person_id));
			return Number(p.person_id);
		}

		before(async () => {
			t = await testApp(kind);
			const made = await makeLab(t.db.db);
			const row = await t.db.db
				.selectFrom("organizations")
				.select("id")
				.where("uscc", "=", made.uscc)
				.executeTakeFirstOrThrow();
			lab = { id: Number(row.id), uscc: made.uscc };
			const centreA = org({ kind: "lab", name: "上海甲评审中心", uscc: newUscc() });
			const centreB = org({ kind: "lab", name: "上海乙评审中心", uscc: newUscc() });
			await applyOk(t.db.db, "organizations", [centreA, centreB]);
			await expert("本机构专家", lab.uscc);
			await expert("甲一", centreA.uscc as string);
			await expert("甲二", centreA.uscc as string);
			await expert("乙一", centreB.uscc as string);
			const related = await expert("有关联者", centreB.uscc as string);
			await t.db.db
				.insertInto("person_relations")
				.values({ person_id: related, org_id: lab.id, kind: "consulting", declared_at: `${TODAY}T00:00:00Z` })
				.execute();
			const banned = await expert("禁入者", centreB.uscc as string);
			await imposeBan(
				t.db.db,
				{
					person: personRef(banned),
					scope: "tic",
					startsOn: "2026-01-01",
					reference: "沪市监禁〔2026〕99号",
					authority: "上海市市场监督管理局",
					reason: "出具虚假评审结论",
				},
				{ clock, actor: SYSTEM_ACTOR },
			);
			await expert("审核员", centreB.uscc as string, "auditor");
		});
		after(() => t.close());

		it("draws a team of two from different employers, never the lab's own, related or banned people", async () => {
			for (let k = 0; k < 12; k++) {
				const r = await drawReviewTeam(t.db.db, lab, 2, TODAY);
				assert.equal(r.team.length, 2);
				const names = r.team.map((ref) => Object.keys(refs).find((n) => refs[n] === ref));
				for (const n of names) assert.ok(["甲一", "甲二", "乙一"].includes(n!), `${n} may review`);
				assert.ok(names.includes("乙一"), "one from each employer: 乙一 is always needed");
				assert.deepEqual(r.excluded, { employer: 1, relation: 1, banned: 1 });
			}
			const three = await drawReviewTeam(t.db.db, lab, 3, TODAY);
			assert.deepEqual(three.team, [], "no third employer: no team");
		});

		it("refuses a named team breaking a rule, naming the member and the rule", async () => {
			const refuse = async (team: string[], field: string, rule: string) => {
				await assert.rejects(
					checkReviewTeam(t.db.db, lab, team, TODAY),
					(e: Error & Record<string, unknown>) => {
						assert.deepEqual([e.code, e.field, e.rule], ["REVIEW_TEAM_CONFLICT", field, rule]);
						return true;
					},
				);
			};
			await refuse([refs.甲一!, refs.本机构专家!], "team[1]", "EMPLOYER");
			await refuse([refs.有关联者!], "team[0]", "RELATION");
			await refuse([refs.乙一!, refs.禁入者!], "team[1]", "BANNED");
			await refuse([refs.甲一!, refs.甲二!], "team[1]", "TEAM_EMPLOYER");
			await refuse([refs.审核员!], "team[0]", "NOT_IN_POOL");
			await assert.doesNotReject(checkReviewTeam(t.db.db, lab, [refs.甲一!, refs.乙一!], TODAY));
		});
	});
