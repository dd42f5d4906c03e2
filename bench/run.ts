/**
 * `npm run bench`: every benchmark, each figure printed with the baseline measured in the same run.
 * Select some with arguments: `npm run bench -- import search`.
 */
import { benchImport } from "./import.ts";
import { benchLog } from "./log.ts";
import { benchLookup } from "./lookup.ts";
import { benchPortal } from "./portal.ts";
import { benchSearch } from "./search.ts";

const all = {
	import: benchImport,
	search: benchSearch,
	lookup: benchLookup,
	portal: benchPortal,
	log: benchLog,
} as const;
const wanted = process.argv.slice(2);
for (const name of wanted)
	if (!(name in all))
		throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(all).join(", ")}`);
process.stdout.write(`OpenTIC benchmarks — ${new Date().toISOString()}, Node ${process.version}\n`);
for (const [name, fn] of Object.entries(all)) if (wanted.length === 0 || wanted.includes(name)) await fn();
