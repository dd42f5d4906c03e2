/**
 * Passwords and tokens. Passwords are hashed with scrypt (RFC 7914) and a random salt; session tokens and
 * API key secrets are random and stored only as SHA-256 hashes, so a copy of the database lets nobody in.
 * Comparisons are constant-time.
 */
import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost N = 2^15, r = 8, p = 1: about 100 ms and 32 MiB per hash on a 2-core server. */
const LOG2_N = 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
	);
}

/** Hashes a password: `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (base64). */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scryptAsync(password.normalize("NFC"), salt, KEY_LEN, {
		N: 2 ** LOG2_N,
		r: R,
		p: P,
		maxmem: 64 * 1024 * 1024,
	});
	return `scrypt$${LOG2_N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Checks a password against a stored hash (constant-time; false for a malformed hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split("$");
	if (parts.length !== 6 || parts[0] !== "scrypt") return false;
	const [, logN, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
	const expected = Buffer.from(keyB64, "base64");
	const key = await scryptAsync(password.normalize("NFC"), Buffer.from(saltB64, "base64"), expected.length, {
		N: 2 ** Number(logN),
		r: Number(r),
		p: Number(p),
		maxmem: 64 * 1024 * 1024,
	});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so that timing does not reveal it. */
export const DUMMY_HASH =
	"scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/** A random token, URL-safe base64 of `bytes` random bytes. */
export function randomToken(bytes = 32): string {
	return randomBytes(bytes).toString("base64url");
}

/** SHA-256, hex. */
export function sha256Hex(text: string): string {
	return createHash("sha256").update(text).digest("hex");
}

/** Constant-time equality of two hex or text strings. */
export function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** Password rules: at least 10 characters, not all of one kind. Returns the problem, or null. */
export function passwordProblem(password: string): { zh: string; en: string } | null {
	if ([...password].length < 10)
		return { zh: "密码至少10个字符", en: "a password has at least 10 characters" };
	if ([...password].length > 200)
		return { zh: "密码不超过200个字符", en: "a password has at most 200 characters" };
	const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length;
	if (kinds < 2)
		return {
			zh: "密码须包含至少两类字符（字母、数字、符号）",
			en: "a password mixes at least two kinds of characters (letters, digits, symbols)",
		};
	return null;
}
