/**
 * The witness over HTTP (c2sp.org/tlog-witness), a Fastify application of its own: the register's app
 * shares nothing with it. `POST /add-checkpoint` is the protocol; `GET /` says who the witness is and
 * which logs it witnesses. buildWitnessApp builds without listening (tests use inject or a loopback
 * port); startWitness opens the state, resolves the key and listens.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { type Logger, pino } from "pino";
import type { Clock } from "../../core/tlog/cosignature.ts";
import { ADD_CHECKPOINT_PATH, MAX_ADD_CHECKPOINT_BYTES } from "../../core/tlog/witness.ts";
import type { WitnessSettings } from "./witness.config.ts";
import { logsByOrigin, Witness } from "./witness.service.ts";
import { WitnessStore } from "./witness.store.ts";
import { resolveWitnessKey } from "./witness-key.ts";

const TEXT = "text/plain; charset=utf-8";

/** Builds the witness's application. */
export function buildWitnessApp(witness: Witness, opts: { logger?: Logger } = {}): FastifyInstance {
	const log = opts.logger ?? pino({ level: "silent" });
	// No access log: a witness is asked often; refusals worth reading are logged below.
	const app = Fastify({ logger: false, bodyLimit: MAX_ADD_CHECKPOINT_BYTES, forceCloseConnections: true });
	// The body is read as bytes whatever its Content-Type: the spec names none, and clients send none or
	// text/plain. The core decodes it as strict UTF-8.
	app.removeAllContentTypeParsers();
	app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

	app.post(ADD_CHECKPOINT_PATH, async (req, reply) => {
		const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array(0);
		const out = witness.addCheckpoint(body);
		if (out.code === "WITNESS_FORK" || out.code === "WITNESS_INCONSISTENT")
			// The log signed a checkpoint that contradicts what this witness cosigned: evidence, kept.
			log.error({ origin: out.origin, code: out.code, detail: out.body.trim() }, "log misbehaviour refused");
		else if (out.status === 200 || out.code === "WITNESS_STALE")
			// The routine: a log checkpoints every few seconds while it is written to.
			log.debug({ origin: out.origin, size: out.size, status: out.status }, "add-checkpoint");
		else log.info({ origin: out.origin, code: out.code, status: out.status }, "refused");
		return reply.status(out.status).header("cache-control", "no-store").type(out.contentType).send(out.body);
	});

	app.get("/", async (_req, reply) =>
		reply
			.type(TEXT)
			.send(
				`c2sp.org/tlog-witness: POST ${ADD_CHECKPOINT_PATH}\nwitness ${witness.verifierKey}\n${[
					...witness.policy.logs.keys(),
				]
					.map((o) => `log ${o}\n`)
					.join("")}`,
			),
	);
	return app;
}

/** A running witness. */
export interface RunningWitness {
	readonly app: FastifyInstance;
	readonly witness: Witness;
	/** The base URL it listens on (its submission prefix). */
	readonly url: string;
	close(): Promise<void>;
}

/**
 * Opens the state file, resolves the key (generating one on first run, said through `say`) and listens.
 * `clock` stamps cosignatures (POSIX seconds; tests fix it).
 */
export async function startWitness(
	settings: WitnessSettings,
	opts: { say?: (msg: string) => void; logger?: Logger; clock?: Clock } = {},
): Promise<RunningWitness> {
	const signer = resolveWitnessKey(settings, opts.say, opts.clock);
	const store = new WitnessStore(settings.stateFile);
	const witness = new Witness(store, signer, logsByOrigin(settings.logs));
	const app = buildWitnessApp(witness, opts.logger ? { logger: opts.logger } : {});
	app.addHook("onClose", async () => store.close());
	try {
		await app.listen({ port: settings.port, host: settings.host });
	} catch (e) {
		await app.close();
		throw e;
	}
	const address = app.server.address();
	const port = typeof address === "object" && address ? address.port : settings.port;
	const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
	const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
	return { app, witness, url, close: () => app.close() };
}
