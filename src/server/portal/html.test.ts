import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { html, query, trusted } from "./html.ts";

describe("portal templates", () => {
	it("escape every interpolated value, in text and in attributes", () => {
		const name = `<script>alert("x")</script> & 'co'`;
		assert.equal(
			html`<a title="${name}">${name}</a>`.value,
			`<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</a>`,
		);
	});

	it("keep markup made by templates, join lists and leave out empty values", () => {
		const items = ["甲", "<乙>"].map((s) => html`<li>${s}</li>`);
		assert.equal(
			html`<ul>${items}</ul>${null}${undefined}${false}${0}${trusted("<hr>")}`.value,
			"<ul><li>甲</li><li>&lt;乙&gt;</li></ul>0<hr>",
		);
	});

	it("build query strings without the empty parameters", () => {
		assert.equal(
			query({ q: "上海 华信", page: 2, type: "", district: undefined }),
			"?q=%E4%B8%8A%E6%B5%B7+%E5%8D%8E%E4%BF%A1&page=2",
		);
		assert.equal(query({ q: "" }), "");
	});
});
