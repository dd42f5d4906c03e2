/**
 * Configuration, read once from the environment (OPENTIC_*, PORT, HOST, DATABASE_URL), checked field by
 * field and frozen. A bad value stops the process with the list of every problem found.
 */
import fs from "node:fs";
import path from "node:path";
import {
	type ApprovalConfig,
	ApprovalError,
	checkApprovalConfig,
	DEFAULT_APPROVAL_CONFIG,
} from "../core/approval/index.ts";
import { parseCosignatureVerifierKey } from "../core/tlog/cosignature.ts";
import { TlogError } from "../core/tlog/errors.ts";
import { CHINA_CALENDAR, checkCalendar, type WorkdayCalendar } from "../core/workdays.ts";

export type SeedOnEmpty = "demo" | "none";

export interface Config {
	readonly port: number;
	readonly host: string;
	/** `sqlite` (embedded, the default) or `postgres` (when DATABASE_URL is a postgres:// URL). */
	readonly databaseKind: "sqlite" | "postgres";
	/** PostgreSQL connection URL, when databaseKind is postgres. */
	readonly databaseUrl: string | null;
	/** Folder for the embedded database and generated keys. */
	readonly dataDir: string;
	/** The SQLite file (inside dataDir). */
	readonly sqliteFile: string;
	/** What to load into an empty database at start. */
	readonly seedOnEmpty: SeedOnEmpty;
	readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
	/** The public base URL of this instance, used in links and QR codes. */
	readonly publicUrl: string;
	/** Size of the PostgreSQL connection pool. */
	readonly pgPoolSize: number;
	/** API requests per minute per client address (0: no limit). */
	readonly rateLimit: number;
	/** Sign-in attempts per minute per client address. */
	readonly loginRateLimit: number;
	/** Origins allowed to call the API from a browser on another site (CORS); none by default. */
	readonly corsOrigins: readonly string[];
	/** Trust X-Forwarded-For (set when running behind a reverse proxy). */
	readonly trustProxy: boolean;
	/**
	 * Webhook URLs may point at this machine or a private network (and use plain http there): for
	 * development and a receiver beside the register. Off, only https to public hosts is accepted.
	 */
	readonly webhookLocal: boolean;
	/** Certificates kept in the journal-checked read cache (0: no cache). */
	readonly lookupCacheSize: number;
	/** China's working-day calendar: the years shipped, plus or corrected by OPENTIC_WORKDAY_CALENDAR. */
	readonly workdayCalendar: WorkdayCalendar;
	/**
	 * Qualification approval: time limits, verification period, renewal window, commitment exclusions
	 * (core/approval/config.ts); the statutory defaults, or a shortened version from OPENTIC_APPROVAL_CONFIG.
	 */
	readonly approval: ApprovalConfig;
	/** The transparency log's origin (its checkpoints' first line); null: the signing key's name. */
	readonly logOrigin: string | null;
	/** The log's Ed25519 signing key as a note signer key (`PRIVATE+KEY+…`), from OPENTIC_LOG_KEY. */
	readonly logKey: string | null;
	/** A file holding the signing key (OPENTIC_LOG_KEY_FILE). */
	readonly logKeyFile: string | null;
	/** The witnesses the log asks to cosign its checkpoints (OPENTIC_LOG_WITNESSES). */
	readonly logWitnesses: readonly LogWitnessConfig[];
	/** How many of them must have cosigned a checkpoint before /log/checkpoint serves it (0: none). */
	readonly logWitnessQuorum: number;
}

/** A witness the log asks (c2sp.org/tlog-witness): its cosignature verifier key and submission prefix. */
export interface LogWitnessConfig {
	/** `<name>+<key ID>+<key>`, type 0x04 (c2sp.org/tlog-cosignature). */
	readonly verifierKey: string;
	/** The base URL that `/add-checkpoint` is appended to, without a trailing slash. */
	readonly url: string;
}

/**
 * Witnesses a log may list: each adds a signature line to the served checkpoint, and a note carries at
 * most 100 (core/tlog/note.ts MAX_NOTE_SIGNATURES), one of them the log's own.
 */
export const MAX_LOG_WITNESSES = 50;

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
		this.name = "ConfigError";
	}
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Parses the environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const problems: string[] = [];

	const int = (name: string, fallback: number, min: number, max: number): number => {
		const raw = env[name];
		if (raw === undefined || raw === "") return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < min || n > max) {
			problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
			return fallback;
		}
		return n;
	};

	const port = int("PORT", 8080, 0, 65535);
	const pgPoolSize = int("OPENTIC_PG_POOL_SIZE", 10, 1, 200);
	const trustProxyRaw = env.OPENTIC_TRUST_PROXY ?? "false";
	if (trustProxyRaw !== "true" && trustProxyRaw !== "false")
		problems.push("OPENTIC_TRUST_PROXY: must be true or false");
	const trustProxy = trustProxyRaw === "true";
	const webhookLocalRaw = env.OPENTIC_WEBHOOK_LOCAL ?? "false";
	if (webhookLocalRaw !== "true" && webhookLocalRaw !== "false")
		problems.push("OPENTIC_WEBHOOK_LOCAL: must be true or false");
	const webhookLocal = webhookLocalRaw === "true";
	const rateLimit = int("OPENTIC_RATE_LIMIT", 600, 0, 1_000_000);
	const lookupCacheSize = int("OPENTIC_LOOKUP_CACHE", 50_000, 0, 10_000_000);
	const loginRateLimit = int("OPENTIC_LOGIN_RATE_LIMIT", 10, 1, 10_000);
	const corsOrigins = (env.OPENTIC_CORS_ORIGINS ?? "")
		.split(",")
		.map((o) => o.trim().replace(/\/+$/, ""))
		.filter(Boolean);
	for (const o of corsOrigins)
		if (!/^https?:\/\/[^/]+$/.test(o))
			problems.push(`OPENTIC_CORS_ORIGINS: '${o}' is not an origin like https://example.gov.cn`);
	const host = env.HOST || "0.0.0.0";

	let workdayCalendar: WorkdayCalendar = CHINA_CALENDAR;
	const calendarFile = env.OPENTIC_WORKDAY_CALENDAR?.trim();
	if (calendarFile)
		try {
			workdayCalendar = {
				...CHINA_CALENDAR,
				...checkCalendar(JSON.parse(fs.readFileSync(calendarFile, "utf8"))),
			};
		} catch (e) {
			problems.push(`OPENTIC_WORKDAY_CALENDAR=${calendarFile}: ${(e as Error).message}`);
		}

	let approval: ApprovalConfig = DEFAULT_APPROVAL_CONFIG;
	const approvalFile = env.OPENTIC_APPROVAL_CONFIG?.trim();
	if (approvalFile)
		try {
			approval = checkApprovalConfig(JSON.parse(fs.readFileSync(approvalFile, "utf8")));
		} catch (e) {
			if (e instanceof ApprovalError)
				for (const p of e.problems)
					problems.push(`OPENTIC_APPROVAL_CONFIG=${approvalFile}: ${p.field}: ${p.messageEn}`);
			else problems.push(`OPENTIC_APPROVAL_CONFIG=${approvalFile}: ${(e as Error).message}`);
		}

	const databaseUrl = env.DATABASE_URL?.trim() || null;
	let databaseKind: Config["databaseKind"] = "sqlite";
	if (databaseUrl) {
		if (/^postgres(ql)?:\/\//.test(databaseUrl)) databaseKind = "postgres";
		else
			problems.push(
				"DATABASE_URL: must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
			);
	}

	const dataDir = path.resolve(env.OPENTIC_DATA_DIR || "./data");

	const seedRaw = env.OPENTIC_SEED_ON_EMPTY || (databaseKind === "sqlite" ? "demo" : "none");
	let seedOnEmpty: SeedOnEmpty = "none";
	if (seedRaw === "demo" || seedRaw === "none") seedOnEmpty = seedRaw;
	else problems.push(`OPENTIC_SEED_ON_EMPTY=${JSON.stringify(seedRaw)}: must be demo or none`);

	const levelRaw = env.OPENTIC_LOG_LEVEL || "info";
	let logLevel: Config["logLevel"] = "info";
	if ((LOG_LEVELS as readonly string[]).includes(levelRaw)) logLevel = levelRaw as Config["logLevel"];
	else
		problems.push(`OPENTIC_LOG_LEVEL=${JSON.stringify(levelRaw)}: must be one of ${LOG_LEVELS.join(", ")}`);

	const publicUrl = (env.OPENTIC_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, "");
	try {
		const u = new URL(publicUrl);
		if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
	} catch {
		problems.push(`OPENTIC_PUBLIC_URL=${JSON.stringify(publicUrl)}: must be an http(s) URL`);
	}

	const logOrigin = env.OPENTIC_LOG_ORIGIN?.trim() || null;
	// c2sp.org/signed-note: a key name (here the origin) is non-empty and has no space or '+'.
	if (logOrigin !== null && !/^[^\s+]+$/.test(logOrigin))
		problems.push(
			`OPENTIC_LOG_ORIGIN=${JSON.stringify(logOrigin)}: must be like opentic.example/log (no spaces or '+')`,
		);
	const logKey = env.OPENTIC_LOG_KEY?.trim() || null;
	if (logKey !== null && !logKey.startsWith("PRIVATE+KEY+"))
		problems.push(
			"OPENTIC_LOG_KEY: must be a note signer key (PRIVATE+KEY+<name>+<id>+<key>); see `opentic log keygen`",
		);
	const logKeyFile = env.OPENTIC_LOG_KEY_FILE?.trim() ? path.resolve(env.OPENTIC_LOG_KEY_FILE.trim()) : null;
	if (logKey && logKeyFile) problems.push("OPENTIC_LOG_KEY and OPENTIC_LOG_KEY_FILE: set one, not both");

	// Entries are `<witness verifier key>@<base URL>`, separated by commas or newlines.
	const logWitnesses: LogWitnessConfig[] = [];
	const witnessIds = new Set<string>();
	const witnessEntries = (env.OPENTIC_LOG_WITNESSES ?? "")
		.split(/[,\n]/)
		.map((e) => e.trim())
		.filter(Boolean);
	for (const entry of witnessEntries) {
		const m = /^(\S+?)@(https?:\/\/\S+)$/.exec(entry);
		if (!m) {
			problems.push(
				`OPENTIC_LOG_WITNESSES: '${entry}' is not <witness verifier key>@<base URL>, e.g. witness.example+1a2b3c4d+BA…@https://witness.example`,
			);
			continue;
		}
		const verifierKey = m[1]!;
		const rawUrl = m[2]!;
		let id: string;
		try {
			const v = parseCosignatureVerifierKey(verifierKey);
			id = `${v.name}+${v.keyId}`;
		} catch (e) {
			if (!(e instanceof TlogError)) throw e;
			problems.push(
				`OPENTIC_LOG_WITNESSES: '${verifierKey}' is not a witness's cosignature verifier key (${e.message})`,
			);
			continue;
		}
		let url: URL | null = null;
		try {
			url = new URL(rawUrl);
		} catch {
			// reported below
		}
		if (!url || url.search || url.hash || url.username || url.password) {
			problems.push(
				`OPENTIC_LOG_WITNESSES: '${rawUrl}' must be an http(s) base URL without query or credentials`,
			);
			continue;
		}
		if (witnessIds.has(id)) {
			problems.push(`OPENTIC_LOG_WITNESSES: the witness key '${verifierKey}' is listed twice`);
			continue;
		}
		witnessIds.add(id);
		logWitnesses.push(Object.freeze({ verifierKey, url: rawUrl.replace(/\/+$/, "") }));
	}
	if (logWitnesses.length > MAX_LOG_WITNESSES)
		problems.push(`OPENTIC_LOG_WITNESSES: at most ${MAX_LOG_WITNESSES} witnesses`);
	const logWitnessQuorum = int("OPENTIC_LOG_WITNESS_QUORUM", 0, 0, MAX_LOG_WITNESSES);
	if (logWitnessQuorum > witnessEntries.length)
		problems.push(
			`OPENTIC_LOG_WITNESS_QUORUM=${logWitnessQuorum}: more than the ${witnessEntries.length} witnesses in OPENTIC_LOG_WITNESSES`,
		);

	if (problems.length > 0) throw new ConfigError(problems);
	return Object.freeze({
		port,
		host,
		databaseKind,
		databaseUrl,
		dataDir,
		sqliteFile: path.join(dataDir, "opentic.sqlite"),
		seedOnEmpty,
		logLevel,
		publicUrl,
		pgPoolSize,
		rateLimit,
		loginRateLimit,
		corsOrigins,
		trustProxy,
		webhookLocal,
		lookupCacheSize,
		workdayCalendar,
		approval,
		logOrigin,
		logKey,
		logKeyFile,
		logWitnesses: Object.freeze(logWitnesses),
		logWitnessQuorum,
	});
}
