/**
 * The log's identity: its origin and the Ed25519 key that signs its checkpoints (c2sp.org/signed-note,
 * c2sp.org/tlog-checkpoint). In production the key comes from OPENTIC_LOG_KEY or OPENTIC_LOG_KEY_FILE, the
 * same for every instance. On the embedded database with neither set, a key is generated into the data
 * folder on first run, and the server says so. There is no default key.
 */
import fs from "node:fs";
import path from "node:path";
import { TlogError } from "../../core/tlog/errors.ts";
import {
	generateKey,
	type NoteSigner,
	type NoteVerifier,
	parseSignerKey,
	parseVerifierKey,
} from "../../core/tlog/note.ts";
import { type Config, ConfigError } from "../config.ts";
import { type StatementSigner, statementSignerFor } from "../verify/statement-key.ts";

export interface LogIdentity {
	/** The checkpoints' first line, and the signing key's name. */
	readonly origin: string;
	readonly signer: NoteSigner;
	/** Verifies the log's own signature. */
	readonly verifier: NoteVerifier;
	/** The verifier key string, as /log/key answers it. */
	readonly verifierKey: string;
	/** Signs verification statements, with a key derived from the log's (verify/statement-key.ts). */
	readonly statements: StatementSigner;
}

/** Where a generated development key is kept. */
export function generatedKeyFile(config: Pick<Config, "dataDir">): string {
	return path.join(config.dataDir, "log-signing.key");
}

/** The default origin: this instance's public host and /log, e.g. `localhost:8080/log`. */
export function defaultOrigin(config: Pick<Config, "publicUrl">): string {
	return `${new URL(config.publicUrl).host}/log`;
}

/** An identity from a signer key string; the key's name must be the origin. */
export function identityFromKey(signerKey: string, origin: string | null, source: string): LogIdentity {
	let signer: ReturnType<typeof parseSignerKey>;
	try {
		signer = parseSignerKey(signerKey);
	} catch (e) {
		if (e instanceof TlogError) throw new ConfigError([`${source}: ${e.message}`]);
		throw e;
	}
	if (origin !== null && signer.name !== origin)
		throw new ConfigError([
			`${source}: the key is named '${signer.name}', but OPENTIC_LOG_ORIGIN is '${origin}'; a log's key is named after its origin`,
		]);
	return {
		origin: signer.name,
		signer,
		verifier: parseVerifierKey(signer.verifierKey),
		verifierKey: signer.verifierKey,
		statements: statementSignerFor(signerKey),
	};
}

/**
 * The configured identity. `say` reports a key generated or reused from the data folder. Throws
 * ConfigError when the key is missing on PostgreSQL (instances must share one key) or unreadable.
 */
export function resolveLogIdentity(config: Config, say: (msg: string) => void = () => {}): LogIdentity {
	if (config.logKey) return identityFromKey(config.logKey, config.logOrigin, "OPENTIC_LOG_KEY");
	if (config.logKeyFile) {
		let text: string;
		try {
			text = fs.readFileSync(config.logKeyFile, "utf8").trim();
		} catch (e) {
			throw new ConfigError([
				`OPENTIC_LOG_KEY_FILE: cannot read ${config.logKeyFile} (${(e as Error).message})`,
			]);
		}
		return identityFromKey(text, config.logOrigin, `OPENTIC_LOG_KEY_FILE ${config.logKeyFile}`);
	}
	if (config.databaseKind !== "sqlite")
		throw new ConfigError([
			"OPENTIC_LOG_KEY or OPENTIC_LOG_KEY_FILE: required with PostgreSQL, so that every instance signs with the same key; create one with `opentic log keygen --origin <origin>`",
		]);
	const file = generatedKeyFile(config);
	if (fs.existsSync(file))
		return identityFromKey(fs.readFileSync(file, "utf8").trim(), config.logOrigin, `the key in ${file}`);
	const origin = config.logOrigin ?? defaultOrigin(config);
	const { signerKey } = generateKey(origin);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	try {
		fs.writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: "wx" });
	} catch (e) {
		// Another process generated it first: use theirs.
		if ((e as NodeJS.ErrnoException).code === "EEXIST")
			return identityFromKey(fs.readFileSync(file, "utf8").trim(), config.logOrigin, `the key in ${file}`);
		throw e;
	}
	const identity = identityFromKey(signerKey, null, file);
	say(
		`generated a new log signing key for ${origin} in ${file} (development only: keep it, and set OPENTIC_LOG_KEY_FILE in production); verifier key ${identity.verifierKey}`,
	);
	return identity;
}
