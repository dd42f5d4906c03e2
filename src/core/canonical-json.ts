/**
 * JSON Canonicalization Scheme (RFC 8785): no insignificant white space, object members sorted by the
 * UTF-16 code units of their names (§3.2.3), strings and numbers serialised as ECMAScript's JSON.stringify
 * does (§3.2.2). Log entries and signed statements are hashed in this form, so anyone can recompute them.
 *
 * JSON.stringify already writes strings and numbers as RFC 8785 asks and members in property order, so
 * the work here is ordering members: objects whose members are already in order are passed through, the
 * rest are copied with sorted members. Names that look like array indices are the exception — JavaScript
 * always enumerates them first, in numeric order — and such objects are written member by member.
 */

/** A JSON value that can be canonicalised. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/** Sorted member names by shape (the names joined), so records of one kind sort once. */
const sortedKeys = new Map<string, string[]>();

function sorted(keys: string[]): string[] {
	for (let i = 1; i < keys.length; i++) {
		if (keys[i - 1]! > keys[i]!) {
			const shape = keys.join("\u0000");
			let s = sortedKeys.get(shape);
			if (!s) {
				// Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 asks for.
				s = [...keys].sort();
				if (sortedKeys.size < 10_000) sortedKeys.set(shape, s);
			}
			return s;
		}
	}
	return keys;
}

/** A marker object written member by member (index-like names). */
class Ordered {
	constructor(readonly entries: [string, unknown][]) {}
}

/** Returns the value with every object's members in canonical order (the value itself when already so). */
function order(value: unknown): unknown {
	if (value === null) return null;
	switch (typeof value) {
		case "boolean":
		case "string":
			return value;
		case "number":
			if (!Number.isFinite(value)) throw new TypeError("canonical JSON: non-finite number");
			return value;
		case "object": {
			if (Array.isArray(value)) {
				let copy: unknown[] | null = null;
				for (let i = 0; i < value.length; i++) {
					const v = value[i];
					const o = order(v);
					if (o !== v && !copy) copy = value.slice(0, i);
					copy?.push(o);
				}
				return copy ?? value;
			}
			const obj = value as Record<string, unknown>;
			const keys = Object.keys(obj);
			const want = sorted(keys);
			let indexLike = false;
			for (const k of keys) {
				const c = k.charCodeAt(0);
				if (c >= 48 && c <= 57 && INDEX_LIKE.test(k)) indexLike = true;
			}
			if (indexLike) {
				sawOrdered = true;
				const entries: [string, unknown][] = [];
				for (const k of want) if (obj[k] !== undefined) entries.push([k, order(obj[k])]);
				return new Ordered(entries);
			}
			let copy: Record<string, unknown> | null = want === keys ? null : {};
			for (let i = 0; i < want.length; i++) {
				const k = want[i]!;
				const v = obj[k];
				const o = v === undefined ? undefined : order(v);
				if (!copy && o !== v) {
					copy = {};
					for (let j = 0; j < i; j++) copy[want[j]!] = obj[want[j]!];
				}
				if (copy && o !== undefined) copy[k] = o;
			}
			return copy ?? obj;
		}
		case "undefined":
			return undefined;
		default:
			throw new TypeError(`canonical JSON: cannot serialise ${typeof value}`);
	}
}

function write(value: unknown): string {
	if (value instanceof Ordered)
		return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(",")}}`;
	if (
		Array.isArray(value) &&
		value.some((v) => v instanceof Ordered || (typeof v === "object" && v !== null))
	)
		return `[${value.map(write).join(",")}]`;
	if (typeof value === "object" && value !== null && !Array.isArray(value)) {
		const obj = value as Record<string, unknown>;
		if (Object.values(obj).some((v) => v instanceof Ordered))
			return `{${Object.keys(obj)
				.filter((k) => obj[k] !== undefined)
				.map((k) => `${JSON.stringify(k)}:${write(obj[k])}`)
				.join(",")}}`;
	}
	return JSON.stringify(value) ?? "null";
}

/** Set while ordering when some object had index-like member names. */
let sawOrdered = false;

/** Serialises a value canonically; throws on values JSON cannot carry (undefined, NaN, Infinity). */
export function canonicalJson(value: unknown): string {
	if (value === undefined) throw new TypeError("canonical JSON: cannot serialise undefined");
	sawOrdered = false;
	const ordered = order(value);
	return sawOrdered ? write(ordered) : JSON.stringify(ordered);
}
