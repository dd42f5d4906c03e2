import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalJson } from "./canonical-json.ts";

describe("canonical JSON (RFC 8785)", () => {
	it("sorts members by UTF-16 code units, recursively, without white space", () => {
		// RFC 8785 §3.2.3 sorting example: keys compared as UTF-16 code units.
		const input = {
			"\u20ac": "Euro Sign",
			"\r": "Carriage Return",
			"\ufb33": "Hebrew Letter Dalet With Dagesh",
			"1": "One",
			"\ud83d\ude00": "Emoji: Grinning Face",
			"\u0080": "Control",
			"\u00f6": "Latin Small Letter O With Diaeresis",
		};
		const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
		assert.deepEqual(
			canonicalJson(input)
				.match(/"[^"]*":/g)
				?.map((k) => JSON.parse(k.slice(0, -1))),
			["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"],
		);
		assert.equal(keys.length, 7);
		assert.equal(
			canonicalJson({ b: [1, { d: null, c: true }], a: "上海" }),
			'{"a":"上海","b":[1,{"c":true,"d":null}]}',
		);
	});

	it("serialises numbers as ECMAScript does (RFC 8785 §3.2.2.3)", () => {
		assert.equal(
			canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.3333333]),
			"[1e+21,1e-7,0,0.1,333333333.3333333]",
		);
	});

	it("drops undefined members and refuses what JSON cannot carry", () => {
		assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
		assert.throws(() => canonicalJson(Number.NaN));
		assert.throws(() => canonicalJson({ f: () => 1 }));
	});
});

describe("canonical JSON with index-like member names", () => {
	it("orders them as strings, not as JavaScript enumerates them", () => {
		assert.equal(
			canonicalJson({ b: 1, "10": 2, "9": 3, a: { "2": true, "1": false } }),
			'{"10":2,"9":3,"a":{"1":false,"2":true},"b":1}',
		);
		assert.equal(canonicalJson([{ "1": 1 }, { z: 1, y: 2 }]), '[{"1":1},{"y":2,"z":1}]');
	});

	it("passes already ordered values through unchanged", () => {
		const v = { a: [1, { b: 2, c: "三" }], d: null };
		assert.equal(canonicalJson(v), JSON.stringify(v));
		assert.equal(canonicalJson({ d: 1, c: { f: 1, e: 2 } }), '{"c":{"e":2,"f":1},"d":1}');
	});
});
