/**
 * Alerts on bulk withdrawal: a file withdrawing 20,000 certificates (撤销) through the import path raises one
 * risk alert per certificate in the same transaction (its direct parties, a district task, a log entry).
 * Measured against the same file suspending them instead (暂停: the same writes, history and log entries,
 * and no alert), on two copies of one register, in the same run.
 */
import { systemClock } from "../src/core/dates.ts";
import { personRef } from "../src/core/records/person-ref.ts";
import { completeUscc } from "../src/core/uscc.ts";
import { cliActor } from "../src/server/auth/policy.ts";
import { importRecords } from "../src/server/import/import.service.ts";
import { report, time } from "./common.ts";
import { prepareRegister } from "./import.ts";

const N = Number(process.env.BENCH_WITHDRAW_ROWS ?? 20_000);
const CB = completeUscc("91310101MA0CB001");
const HOLDERS = 20_000;
const ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const code = (n: number) => {
	let s = "";
	for (let i = 0; i < 6; i++) {
		s = ALPHA[n % 31] + s;
		n = Math.floor(n / 31);
	}
	return s;
};
const holderUscc = (i: number) => completeUscc(`91310115MA${code(100_000 + i)}`);

function row(i: number, status?: string) {
	return {
		number: `000126Q${String(i).padStart(7, "0")}R0M`,
		cbUscc: CB,
		holderUscc: holderUscc(i % HOLDERS),
		holderName: `上海基准${i % HOLDERS}精密仪器有限公司`,
		holderDistrict: "310115",
		scheme: "QMS",
		scope: `测量仪器仪表的设计和制造（第${i % 50}类）`,
		issueDate: "2025-03-01",
		expiryDate: "2028-02-28",
		auditTeam: `${personRef(1 + (i % 20))}:leader;${personRef(1 + ((i + 1) % 20))}:member`,
		...(status ? { status, statusDate: "2026-01-05", statusReason: "获证组织不能持续满足认证要求" } : {}),
	};
}

async function run(name: string, status: "withdrawn" | "suspended") {
	const h = await prepareRegister(name);
	const apply = (rows: Record<string, unknown>[]) =>
		importRecords(
			h.db,
			rows.map((raw, i) => ({ line: i + 2, raw })),
			{ kind: "certificates", clock: systemClock, actor: cliActor("bench") },
		);
	const issued = await apply(Array.from({ length: N }, (_, i) => row(i)));
	if (issued.created !== N) throw new Error(`issued ${issued.created} of ${N}`);
	const changed = await time(() => apply(Array.from({ length: N }, (_, i) => row(i, status))));
	if (changed.value.updated !== N) throw new Error(`${status}: ${JSON.stringify(changed.value)}`);
	const alerts = Number(
		(
			await h.db
				.selectFrom("alerts")
				.select((eb) => eb.fn.countAll<number>().as("n"))
				.executeTakeFirstOrThrow()
		).n,
	);
	await h.close();
	return { rate: (N / changed.ms) * 1000, alerts };
}

export async function benchAlerts(): Promise<void> {
	const suspended = await run("alerts-suspend", "suspended");
	const withdrawn = await run("alerts-withdraw", "withdrawn");
	if (withdrawn.alerts !== N || suspended.alerts !== 0)
		throw new Error(`alerts raised: ${withdrawn.alerts} on withdrawal, ${suspended.alerts} on suspension`);
	process.stdout.write(
		`\nalerts — ${N.toLocaleString("en-US")} certificates withdrawn in one file, one alert each (SQLite)\n`,
	);
	report(
		"withdrawal with alerts (rows/s)",
		withdrawn.rate,
		"rows/s",
		suspended.rate,
		"suspension",
		"≥ 0.5 of the baseline",
	);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchAlerts();
