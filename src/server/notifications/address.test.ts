/**
 * A webhook never reaches this machine or a private network unless the configuration allows it: not by
 * an address in the URL, and not by a name that resolves to one when the connection is made.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { isLocalHost } from "./address.ts";
import { postSigned } from "./dispatcher.ts";

const clock = { now: () => new Date() };

describe("webhook addresses", () => {
	let port: number;
	let hits = 0;
	const server = createServer((_req, res) => {
		hits++;
		res.writeHead(204).end();
	});
	before(async () => {
		await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
		port = (server.address() as AddressInfo).port;
	});
	after(() => new Promise<void>((r) => server.close(() => r())));

	it("knows loopback, private, link-local and carrier-grade NAT addresses from public ones", () => {
		for (const h of [
			"localhost",
			"127.0.0.1",
			"10.1.2.3",
			"172.16.0.1",
			"192.168.1.1",
			"169.254.169.254",
			"100.64.0.1",
			"[::1]",
			"fd00::1",
			"fe80::1",
		])
			assert.equal(isLocalHost(h), true, h);
		for (const h of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "hooks.example.cn", "2001:db8::1"])
			assert.equal(isLocalHost(h), false, h);
	});

	it("refuses a private address in the URL, sending nothing", async () => {
		const r = await postSigned(`http://127.0.0.1:${port}/hook`, "s", "{}", {}, { clock, timeoutMs: 2000 });
		assert.deepEqual([r.status, r.error], [null, "EPRIVATEADDRESS"]);
		assert.equal(hits, 0);
	});

	it("refuses a name that resolves to this machine when it connects, sending nothing", async () => {
		// `localhost` stands for any public-looking name that resolves to an internal address.
		const r = await postSigned(`http://localhost:${port}/hook`, "s", "{}", {}, { clock, timeoutMs: 2000 });
		assert.deepEqual([r.status, r.error], [null, "EPRIVATEADDRESS"]);
		assert.equal(hits, 0);
	});

	it("sends to both when the configuration allows local receivers", async () => {
		for (const host of ["127.0.0.1", "localhost"]) {
			const r = await postSigned(
				`http://${host}:${port}/hook`,
				"s",
				"{}",
				{},
				{
					clock,
					timeoutMs: 2000,
					allowLocal: true,
				},
			);
			assert.equal(r.status, 204, `${host}: ${r.error}`);
		}
		assert.equal(hits, 2);
	});
});
