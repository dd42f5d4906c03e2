/**
 * `opentic witness …`: run an independent witness (c2sp.org/tlog-witness) for OpenTIC logs — or any log
 * that signs C2SP checkpoints with an Ed25519 note key — and make its key. The witness shares no database,
 * key or configuration with the register; see src/server/witness.
 */
import type { Command } from "commander";
import { generateCosignatureKey } from "../core/tlog/cosignature.ts";
import { isValidKeyName } from "../core/tlog/note.ts";
import { ADD_CHECKPOINT_PATH } from "../core/tlog/witness.ts";
import { ConfigError } from "../server/config.ts";
import { createLogger } from "../server/http/logging.ts";
import { startWitness } from "../server/witness/witness.app.ts";
import { loadWitnessSettings, type WitnessOptions } from "../server/witness/witness.config.ts";

const say = (m: string) => process.stderr.write(`${m}\n`);

/** Adds `witness serve` and `witness keygen` to the program. */
export function registerWitnessCommands(program: Command): void {
	const witness = program.command("witness").description("an independent witness for transparency logs");

	witness
		.command("serve")
		.description("run a witness: cosign the checkpoints of the logs it is given, if they only grew")
		.option("--port <port>", "where to listen (OPENTIC_WITNESS_PORT; default 8090)")
		.option("--host <host>", "the address to listen on (OPENTIC_WITNESS_HOST; default 0.0.0.0)")
		.option(
			"--data-dir <dir>",
			"its state and generated key (OPENTIC_WITNESS_DATA_DIR; default ./witness-data)",
		)
		.option(
			"--key-file <file>",
			"a file holding its cosigning key (OPENTIC_WITNESS_KEY_FILE, or OPENTIC_WITNESS_KEY)",
		)
		.option("--name <name>", "the name of a key generated on first run (OPENTIC_WITNESS_NAME)")
		.option(
			"--log <vkey>",
			"a log to witness, by its verifier key (its /log/key); repeat for more (OPENTIC_WITNESS_LOGS)",
			(v: string, all: string[] = []) => [...all, v],
		)
		.action(async (opts: WitnessOptions) => {
			let settings: ReturnType<typeof loadWitnessSettings>;
			try {
				settings = loadWitnessSettings(opts);
			} catch (e) {
				if (e instanceof ConfigError) {
					say(e.message);
					process.exit(2);
				}
				throw e;
			}
			let running: Awaited<ReturnType<typeof startWitness>>;
			try {
				running = await startWitness(settings, { say, logger: createLogger(settings.logLevel) });
			} catch (e) {
				if (e instanceof ConfigError) {
					say(e.message);
					process.exit(2);
				}
				throw e;
			}
			const shutdown = async () => {
				await running.close();
				process.exit(0);
			};
			process.once("SIGINT", () => void shutdown());
			process.once("SIGTERM", () => void shutdown());
			say(
				`witness ${running.witness.signer.name} is running on ${running.url}${ADD_CHECKPOINT_PATH} for ${[
					...running.witness.policy.logs.keys(),
				].join(
					", ",
				)}\nverifier key ${running.witness.verifierKey}\n(a log asks it with OPENTIC_LOG_WITNESSES=${running.witness.verifierKey}@<this witness's public URL>)`,
			);
		});

	witness
		.command("keygen")
		.description(
			"make a new Ed25519 cosigning key: the secret (for OPENTIC_WITNESS_KEY) and its verifier key",
		)
		.requiredOption("--name <name>", "the witness's name, e.g. witness.example.org")
		.action((opts: { name: string }) => {
			if (!isValidKeyName(opts.name)) {
				say("witness keygen: --name must have no spaces or '+'");
				process.exit(2);
			}
			const { signerKey, verifierKey } = generateCosignatureKey(opts.name);
			process.stdout.write(`${signerKey}\n`);
			say(
				`verifier key (give it to the logs you witness): ${verifierKey}\nkeep the first line secret: set it as OPENTIC_WITNESS_KEY, or store it in a file named by OPENTIC_WITNESS_KEY_FILE`,
			);
		});
}
