/**
 * Builds the web front end when it is missing or older than its sources, so `npm start` on a fresh clone
 * serves the consoles with no separate build step. The build is stamped with a hash of everything it is
 * made from (src/web, src/core, the lockfile); a matching stamp means there is nothing to do.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** Where the built front end lives. */
export const WEB_DIST = path.join(ROOT, "dist/web");
const STAMP = path.join(WEB_DIST, ".source-hash");
const SOURCES = [path.join(ROOT, "src/web"), path.join(ROOT, "src/core")];
const LOCKFILE = path.join(ROOT, "package-lock.json");
/** Files worth sending compressed, stored beside the original as .br and .gz. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function filesUnder(dir: string): string[] {
	const out: string[] = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...filesUnder(p));
		else if (!e.name.endsWith(".test.ts")) out.push(p);
	}
	return out;
}

/** The hash of everything the build is made from. */
export function sourceHash(): string {
	const h = createHash("sha256");
	const files = SOURCES.flatMap(filesUnder).sort();
	if (fs.existsSync(LOCKFILE)) files.push(LOCKFILE);
	for (const f of files) {
		h.update(path.relative(ROOT, f));
		h.update("\0");
		h.update(fs.readFileSync(f));
		h.update("\0");
	}
	return h.digest("hex");
}

/** Whether dist/web is current with its sources. */
export function webBuildIsCurrent(): boolean {
	try {
		return fs.readFileSync(STAMP, "utf8").trim() === sourceHash();
	} catch {
		return false;
	}
}

/**
 * Builds the front end unless the build is current. `say` reports progress to the person waiting.
 * Returns whether a build ran.
 */
export async function ensureWebBuilt(say: (message: string) => void = () => {}): Promise<boolean> {
	if (webBuildIsCurrent()) return false;
	const started = Date.now();
	say("building the web front end (once, after a change to src/web or src/core)…");
	const { build } = await import("vite");
	await build({ configFile: path.join(ROOT, "src/web/vite.config.ts"), logLevel: "warn" });
	let bytes = 0;
	for (const f of filesUnder(WEB_DIST)) {
		if (!COMPRESSIBLE.test(f)) continue;
		const data = fs.readFileSync(f);
		bytes += data.length;
		fs.writeFileSync(
			`${f}.br`,
			zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
		);
		fs.writeFileSync(`${f}.gz`, zlib.gzipSync(data, { level: 9 }));
	}
	fs.writeFileSync(STAMP, `${sourceHash()}\n`);
	say(
		`web front end built in ${((Date.now() - started) / 1000).toFixed(1)} s (${Math.round(bytes / 1024)} KB)`,
	);
	return true;
}

/** One entry of the build manifest: the hashed file and the stylesheets it needs. */
export interface WebEntry {
	file: string;
	css: string[];
}

/** The built entry for a source file (relative to src/web), or null when the front end is not built. */
export function webEntry(source: string): WebEntry | null {
	try {
		const manifest = JSON.parse(
			fs.readFileSync(path.join(WEB_DIST, ".vite/manifest.json"), "utf8"),
		) as Record<string, { file: string; css?: string[] }>;
		const e = manifest[source];
		return e ? { file: e.file, css: e.css ?? [] } : null;
	} catch {
		return null;
	}
}
