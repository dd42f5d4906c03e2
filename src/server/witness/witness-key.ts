/**
 * The witness's own key: an Ed25519 cosignature/v1 key (c2sp.org/tlog-cosignature, type 0x04), from
 * OPENTIC_WITNESS_KEY or a key file, or else generated into the data folder on first run and said aloud,
 * as the log's key is on the embedded database (../log/log-key.ts). Losing the key or the state file ends
 * the witness: a new one must be announced under a new key, never restarted under the old one.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
	type Clock,
	generateCosignatureKey,
	parseCosignatureSignerKey,
} from "../../core/tlog/cosignature.ts";
import { TlogError } from "../../core/tlog/errors.ts";
import { isValidKeyName } from "../../core/tlog/note.ts";
import { ConfigError } from "../config.ts";
import type { WitnessSettings } from "./witness.config.ts";

export type WitnessSigner = ReturnType<typeof parseCosignatureSignerKey>;

/** Where a generated key is kept. */
export function generatedWitnessKeyFile(settings: Pick<WitnessSettings, "dataDir">): string {
	return path.join(settings.dataDir, "witness-signing.key");
}

/** The name of a generated key when none is given: this machine's host name and /witness. */
export function defaultWitnessName(): string {
	const name = `${os.hostname()}/witness`;
	return isValidKeyName(name) ? name : "opentic-witness";
}

function signerFrom(skey: string, source: string, clock?: Clock): WitnessSigner {
	try {
		return parseCosignatureSignerKey(skey, clock);
	} catch (e) {
		if (e instanceof TlogError) throw new ConfigError([`${source}: ${e.message}`]);
		throw e;
	}
}

/**
 * The configured cosigner. `say` reports a key generated or reused from the data folder; `clock` stamps
 * the cosignatures (POSIX seconds; the system's by default).
 */
export function resolveWitnessKey(
	settings: Pick<WitnessSettings, "key" | "keyFile" | "name" | "dataDir">,
	say: (msg: string) => void = () => {},
	clock?: Clock,
): WitnessSigner {
	if (settings.key) return signerFrom(settings.key, "OPENTIC_WITNESS_KEY", clock);
	if (settings.keyFile) {
		let text: string;
		try {
			text = fs.readFileSync(settings.keyFile, "utf8").trim();
		} catch (e) {
			throw new ConfigError([
				`--key-file / OPENTIC_WITNESS_KEY_FILE: cannot read ${settings.keyFile} (${(e as Error).message})`,
			]);
		}
		return signerFrom(text, `the key in ${settings.keyFile}`, clock);
	}
	const file = generatedWitnessKeyFile(settings);
	const reuse = () => {
		const signer = signerFrom(fs.readFileSync(file, "utf8").trim(), `the key in ${file}`, clock);
		if (settings.name && settings.name !== signer.name)
			throw new ConfigError([
				`--name / OPENTIC_WITNESS_NAME: the key in ${file} is named '${signer.name}', not '${settings.name}'; a witness keeps its name`,
			]);
		return signer;
	};
	if (fs.existsSync(file)) return reuse();
	const name = settings.name ?? defaultWitnessName();
	const { signerKey } = generateCosignatureKey(name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	try {
		fs.writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: "wx" });
	} catch (e) {
		// Another process generated it first: use theirs.
		if ((e as NodeJS.ErrnoException).code === "EEXIST") return reuse();
		throw e;
	}
	const signer = signerFrom(signerKey, file, clock);
	say(
		`generated a new witness key '${name}' in ${file} (keep it with the state file next to it); verifier key ${signer.verifierKey}`,
	);
	return signer;
}
