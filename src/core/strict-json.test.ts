import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStrictJson, StrictJsonError } from "./strict-json.ts";

describe("strict JSON", () => {
	it("parses what JSON.parse parses", () => {
		assert.deepEqual(parseStrictJson('{"a":[1,{"b":"}\\"{"}],"c":{"a":1}}'), {
			a: [1, { b: '}"{' }],
			c: { a: 1 },
		});
	});

	it("refuses duplicate member names and says where", () => {
		const cases: [string, string][] = [
			['{"cbUscc":"a","cbUscc":"b"}', "cbUscc"],
			['[{"x":1},{"number":"1","y":{"k":1,"k":2}}]', "[1].y.k"],
			['{"a":{"b":1},"c":[{"d":1,"d":1}]}', "c[0].d"],
		];
		for (const [text, path] of cases) {
			try {
				parseStrictJson(text);
				assert.fail(text);
			} catch (e) {
				assert.ok(e instanceof StrictJsonError);
				assert.equal(e.rule, "JSON_DUPLICATE_KEY");
				assert.equal(e.path, path, text);
			}
		}
	});

	it("reports syntax errors", () => {
		assert.throws(
			() => parseStrictJson('{"a":'),
			(e: unknown) => e instanceof StrictJsonError && e.rule === "JSON_SYNTAX",
		);
	});
});
