/**
 * The canonical key string of RFC 3797 §4, built from the random sources of a draw.
 *
 * Each source becomes a run of canonical values terminated by "/":
 * - integers: decimal without leading zeros, each followed by "."; several integers in one source are
 *   sorted in ascending order first (a lottery's numbers are a set, whatever order they were read in);
 * - a decimal number ("x.y"): written as given with trailing zeros of the fraction removed (the RFC's
 *   reference code); one per source, since the reference code runs several together without a separator;
 * - anything else (a beacon's output, a revealed commitment, text): its letters and digits, upper-cased,
 *   everything else removed, as one value.
 *
 * So "2 5 12 8 10" becomes "2.5.8.10.12./" and the RFC's three sources give "9319./2.5.8.10.12./9.18.26.34.41.45./".
 */

export class KeyStringError extends Error {
	constructor(
		readonly code: "SOURCE_EMPTY" | "SOURCE_MIXED",
		message: string,
	) {
		super(message);
		this.name = "KeyStringError";
	}
}

const INTEGER = /^\d+$/;
const DECIMAL = /^(\d+)\.(\d+)$/;

/** One source's canonical form, e.g. "2.5.8.10.12./". */
export function canonicalSource(source: string): string {
	const tokens = source
		.normalize("NFKC")
		.trim()
		.split(/[\s,;，；、]+/)
		.filter(Boolean);
	if (tokens.length === 0) throw new KeyStringError("SOURCE_EMPTY", "a random source is empty");
	if (tokens.every((t) => INTEGER.test(t)))
		return `${tokens
			.map((t) => BigInt(t))
			.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
			.map((n) => `${n.toString()}.`)
			.join("")}/`;
	if (tokens.length === 1 && DECIMAL.test(tokens[0]!)) {
		const [, whole, frac] = DECIMAL.exec(tokens[0]!)!;
		return `${BigInt(whole!).toString()}.${frac!.replace(/0+$/, "")}/`;
	}
	if (tokens.every((t) => /^[\d.]+$/.test(t)))
		throw new KeyStringError(
			"SOURCE_MIXED",
			`a random source holds several numbers, not all integers (give one decimal number per source): ${source}`,
		);
	const text = source
		.normalize("NFKD")
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, "");
	if (!text) throw new KeyStringError("SOURCE_EMPTY", `a random source has no letters or digits: ${source}`);
	return `${text}/`;
}

/** The key string of a list of sources, in the order the draw announced them. */
export function keyString(sources: readonly string[]): string {
	return sources.map(canonicalSource).join("");
}
