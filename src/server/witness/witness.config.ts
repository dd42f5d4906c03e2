/**
 * The witness server's settings: command-line options first, then the environment (OPENTIC_WITNESS_*),
 * checked field by field and frozen. A bad value stops the process with the list of every problem, as the
 * register's own configuration does (../config.ts). The witness shares nothing else with the register: it
 * is meant to run elsewhere, by someone else.
 */
import path from "node:path";
import { TlogError } from "../../core/tlog/errors.ts";
import { isValidKeyName, parseVerifierKey } from "../../core/tlog/note.ts";
import { ConfigError } from "../config.ts";

export interface WitnessSettings {
	readonly port: number;
	readonly host: string;
	/** Folder for the state file and a generated key. */
	readonly dataDir: string;
	/** The state file (inside dataDir). */
	readonly stateFile: string;
	/** The cosigning key as a signer key string (`PRIVATE+KEY+…`, type 0x04), from OPENTIC_WITNESS_KEY. */
	readonly key: string | null;
	/** A file holding the cosigning key. */
	readonly keyFile: string | null;
	/** The name of the key generated on first run when no key is given. */
	readonly name: string | null;
	/** The verifier keys (Ed25519, c2sp.org/signed-note) of the logs witnessed; each log's origin is its key's name. */
	readonly logs: readonly string[];
	readonly logLevel: string;
}

/** The command line's options, as commander hands them over. */
export interface WitnessOptions {
	port?: string;
	host?: string;
	dataDir?: string;
	keyFile?: string;
	name?: string;
	log?: string[];
}

/** Splits a list given as comma- or newline-separated entries. */
export function splitList(raw: string | undefined): string[] {
	return (raw ?? "")
		.split(/[,\n]/)
		.map((s) => s.trim())
		.filter(Boolean);
}

/** Reads the settings; throws ConfigError listing every problem. */
export function loadWitnessSettings(
	opts: WitnessOptions = {},
	env: NodeJS.ProcessEnv = process.env,
): WitnessSettings {
	const problems: string[] = [];

	const portRaw = opts.port ?? env.OPENTIC_WITNESS_PORT ?? "";
	let port = 8090;
	if (portRaw !== "") {
		const n = Number(portRaw);
		if (Number.isInteger(n) && n >= 0 && n <= 65535) port = n;
		else
			problems.push(
				`--port / OPENTIC_WITNESS_PORT=${JSON.stringify(portRaw)}: must be a whole number from 0 to 65535`,
			);
	}
	const host = opts.host || env.OPENTIC_WITNESS_HOST || "0.0.0.0";
	const dataDir = path.resolve(opts.dataDir || env.OPENTIC_WITNESS_DATA_DIR || "./witness-data");

	const key = env.OPENTIC_WITNESS_KEY?.trim() || null;
	if (key !== null && !key.startsWith("PRIVATE+KEY+"))
		problems.push(
			"OPENTIC_WITNESS_KEY: must be a signer key (PRIVATE+KEY+<name>+<id>+<key>); see `opentic witness keygen`",
		);
	const keyFileRaw = opts.keyFile?.trim() || env.OPENTIC_WITNESS_KEY_FILE?.trim() || "";
	const keyFile = keyFileRaw ? path.resolve(keyFileRaw) : null;
	if (key && keyFile)
		problems.push("OPENTIC_WITNESS_KEY and --key-file / OPENTIC_WITNESS_KEY_FILE: set one, not both");
	const name = opts.name?.trim() || env.OPENTIC_WITNESS_NAME?.trim() || null;
	// c2sp.org/signed-note: a key name is non-empty, without spaces or '+'.
	if (name !== null && !isValidKeyName(name))
		problems.push(
			`--name / OPENTIC_WITNESS_NAME=${JSON.stringify(name)}: must be like witness.example.org (no spaces or '+')`,
		);

	const given =
		opts.log && opts.log.length > 0 ? opts.log.map((s) => s.trim()) : splitList(env.OPENTIC_WITNESS_LOGS);
	const logs: string[] = [];
	for (const vkey of given) {
		try {
			parseVerifierKey(vkey);
		} catch (e) {
			if (!(e instanceof TlogError)) throw e;
			problems.push(
				`--log / OPENTIC_WITNESS_LOGS: '${vkey}' is not a log's Ed25519 verifier key (${e.message})`,
			);
			continue;
		}
		if (logs.includes(vkey)) problems.push(`--log / OPENTIC_WITNESS_LOGS: '${vkey}' is listed twice`);
		else logs.push(vkey);
	}
	if (given.length === 0)
		problems.push(
			"--log / OPENTIC_WITNESS_LOGS: name at least one log to witness by its verifier key (a register's /log/key)",
		);

	if (problems.length > 0) throw new ConfigError(problems);
	return Object.freeze({
		port,
		host,
		dataDir,
		stateFile: path.join(dataDir, "witness.sqlite"),
		key,
		keyFile,
		name,
		logs: Object.freeze(logs),
		logLevel: env.OPENTIC_LOG_LEVEL || "info",
	});
}
