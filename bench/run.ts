/**
 * `npm run bench`: every benchmark, each figure printed with the baseline measured in the same run.
 * Select some with arguments: `npm run bench -- import search`; `log.fold`, `log.append` and `log.proofs`
 * run one part of `log`.
 */
import { benchAlerts } from "./alerts.ts";
import { benchApprovals } from "./approvals.ts";
import { benchCredit } from "./credit.ts";
import { benchDraw } from "./draw.ts";
import { benchImport } from "./import.ts";
import { appendShanghai, benchLog, foldShanghai, proofs } from "./log.ts";
import { benchLookup } from "./lookup.ts";
import { benchPortal } from "./portal.ts";
import { benchProcurement } from "./procurement.ts";
import { benchSearch } from "./search.ts";
import { benchStats } from "./stats.ts";
import { benchTrace } from "./trace.ts";
import { benchScopeChecks, benchVerify } from "./verify.ts";
import { benchWebhooks } from "./webhooks.ts";

const all = {
	import: benchImport,
	search: benchSearch,
	lookup: benchLookup,
	portal: benchPortal,
	log: benchLog,
	verify: benchVerify,
	scope: benchScopeChecks,
	draw: benchDraw,
	credit: benchCredit,
	approvals: benchApprovals,
	procurement: benchProcurement,
	stats: benchStats,
	webhooks: benchWebhooks,
	trace: benchTrace,
	alerts: benchAlerts,
} as const;
const parts = { "log.fold": foldShanghai, "log.append": appendShanghai, "log.proofs": proofs } as const;
const wanted = process.argv.slice(2);
for (const name of wanted)
	if (!(name in all) && !(name in parts))
		throw new Error(
			`unknown benchmark ${name}; choose from ${[...Object.keys(all), ...Object.keys(parts)].join(", ")}`,
		);
process.stdout.write(`OpenTIC benchmarks — ${new Date().toISOString()}, Node ${process.version}\n`);
for (const [name, fn] of Object.entries({ ...all, ...parts }))
	if (wanted.length === 0 ? name in all : wanted.includes(name)) await fn();
