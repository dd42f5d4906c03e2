/**
 * JSON for write requests: JSON.parse quietly keeps the last of two members with the same name, which
 * lets `{"cbUscc": "mine", "cbUscc": "yours"}` mean different things to different readers. This parser
 * refuses duplicate member names, naming the path, and otherwise returns what JSON.parse returns.
 */

export class StrictJsonError extends Error {
	constructor(
		message: string,
		/** The member path, e.g. `items[2].cbUscc`. */
		readonly path: string,
		readonly rule: "JSON_SYNTAX" | "JSON_DUPLICATE_KEY",
	) {
		super(message);
		this.name = "StrictJsonError";
	}
}

/** Parses JSON, refusing duplicate member names anywhere. */
export function parseStrictJson(text: string): unknown {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw new StrictJsonError((e as Error).message, "", "JSON_SYNTAX");
	}
	findDuplicate(text);
	return value;
}

/** Walks the (already valid) JSON text once, keeping the member names of each open object. */
function findDuplicate(text: string): void {
	/** Open containers: an object's names so far and its current member, or an array's current index. */
	const stack: ({ keys: Set<string>; member: string } | { keys: null; index: number })[] = [];
	const seg = (f: (typeof stack)[number]) => (f.keys ? `.${f.member}` : `[${f.index}]`);
	let expectKey = false;
	let i = 0;
	while (i < text.length) {
		const c = text[i]!;
		if (c === '"') {
			let j = i + 1;
			while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
			const top = stack[stack.length - 1];
			if (top?.keys && expectKey) {
				const key = JSON.parse(text.slice(i, j + 1)) as string;
				if (top.keys.has(key)) {
					const where = `${stack.slice(0, -1).map(seg).join("")}.${key}`.replace(/^\./, "");
					throw new StrictJsonError(`duplicate member "${key}"`, where, "JSON_DUPLICATE_KEY");
				}
				top.keys.add(key);
				top.member = key;
				expectKey = false;
			}
			i = j + 1;
			continue;
		}
		if (c === "{") {
			stack.push({ keys: new Set(), member: "" });
			expectKey = true;
		} else if (c === "[") {
			stack.push({ keys: null, index: 0 });
			expectKey = false;
		} else if (c === "}" || c === "]") {
			stack.pop();
			expectKey = false;
		} else if (c === ",") {
			const top = stack[stack.length - 1];
			if (top?.keys) expectKey = true;
			else if (top) top.index++;
		}
		i++;
	}
}
