/**
 * Logger options. Credentials and personal data never reach a log line: known fields are redacted, and
 * every string that looks like an identity number or a mobile number is masked wherever it appears
 * (error messages included), because a request can carry personal data in places no field list foresees.
 */
import { type Logger, type LoggerOptions, pino } from "pino";

const ID_NUMBER = /(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)/g;
const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

/** Masks identity numbers and mobile numbers in a text. */
export function scrub(text: string): string {
	return text.replace(ID_NUMBER, "$1********$3").replace(MOBILE, "$1****$3");
}

function scrubDeep(value: unknown, depth = 0): unknown {
	if (typeof value === "string") return scrub(value);
	if (depth > 6 || value === null || typeof value !== "object") return value;
	if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
	if (value instanceof Error)
		return {
			type: value.name,
			message: scrub(value.message),
			stack: value.stack ? scrub(value.stack) : undefined,
		};
	return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

/** The server's logger: JSON lines to standard output (or the given stream), redacted and masked. */
export function createLogger(level: string, stream?: { write(msg: string): void }): Logger {
	return stream ? pino(loggerOptions(level), stream) : pino(loggerOptions(level));
}

/** Pino options for the server's logger. */
export function loggerOptions(level: string): LoggerOptions {
	return {
		level,
		redact: {
			paths: [
				"req.headers.authorization",
				"req.headers.cookie",
				'res.headers["set-cookie"]',
				"*.password",
				"*.idNumber",
				"*.id_number",
				"*.phone",
			],
			censor: "[redacted]",
		},
		formatters: {
			log: (obj: Record<string, unknown>) => scrubDeep(obj) as Record<string, unknown>,
		},
		hooks: {
			logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
				method.apply(
					this,
					args.map((a) => (typeof a === "string" ? scrub(a) : a)),
				);
			},
		},
	};
}
