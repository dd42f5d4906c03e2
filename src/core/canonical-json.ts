/**
 * JSON Canonicalization Scheme (RFC 8785): no insignificant white space, object members sorted by the
 * UTF-16 code units of their names (§3.2.3), strings and numbers serialised as ECMAScript's JSON.stringify
 * does (§3.2.2). Log entries and signed statements are hashed in this form, so anyone can recompute them.
 */

/** A JSON value that can be canonicalised. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Serialises a value canonically; throws on values JSON cannot carry (undefined, NaN, Infinity). */
export function canonicalJson(value: unknown): string {
	if (value === null) return "null";
	switch (typeof value) {
		case "boolean":
			return value ? "true" : "false";
		case "number":
			if (!Number.isFinite(value)) throw new TypeError("canonical JSON: non-finite number");
			return JSON.stringify(value);
		case "string":
			return JSON.stringify(value);
		case "object": {
			if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
			const obj = value as Record<string, unknown>;
			// Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 asks for.
			const keys = Object.keys(obj)
				.filter((k) => obj[k] !== undefined)
				.sort();
			return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
		}
		default:
			throw new TypeError(`canonical JSON: cannot serialise ${typeof value}`);
	}
}
