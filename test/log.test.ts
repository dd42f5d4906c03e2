/**
 * The transparency log as an outsider sees it: every write answers with a receipt once its entry is in a
 * signed checkpoint; with only the log's URL and key, anyone can check the checkpoint, rebuild the tree
 * from the tiles, find the entry and check that the tree only grew. The log refuses to sign over a stored
 * tree that no longer matches what it signed, and two servers on one database never fork it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { openCheckpoint } from "../src/core/tlog/checkpoint.ts";
import { defaultHasher, equalBytes, fromBase64, toBase64, utf8 } from "../src/core/tlog/hash.ts";
import { parseVerifierKey } from "../src/core/tlog/note.ts";
import { verifyConsistency, verifyInclusion } from "../src/core/tlog/proof.ts";
import {
	decodeEntryBundle,
	decodeHashTile,
	tileNodeReader,
	tilePath,
	tilesForSize,
} from "../src/core/tlog/tiles.ts";
import { formatTlogProof, parseTlogProof, verifyTlogProof } from "../src/core/tlog/tlog-proof.ts";
import { consistencyProof, rootHash } from "../src/core/tlog/tree.ts";
import * as tileNodes from "../src/server/db/migrations/0008_tile_nodes.ts";
import { TransparencyLog } from "../src/server/log/log.service.ts";
import { seed } from "../src/server/seed/seed.service.ts";
import { makeAccount, type TestApp, testApp } from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { cert, clock, makeCb, makeLab, report } from "./helpers/factories.ts";

/** Everything an outsider can learn from the static read API: the opened checkpoint and a tile reader. */
async function outsider(t: TestApp) {
	const get = async (path: string) => {
		const res = await t.app.inject({ method: "GET", url: path });
		assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
		return res;
	};
	const vkey = (await get("/log/key")).body.trim();
	const verifier = parseVerifierKey(vkey);
	const cpRes = await get("/log/checkpoint");
	assert.match(String(cpRes.headers["content-type"]), /^text\/plain/);
	const opened = openCheckpoint(cpRes.body, { origin: verifier.name, logKeys: [verifier] });
	const size = opened.checkpoint.size;
	const tiles = new Map<string, Uint8Array>();
	for (const tile of tilesForSize(size)) {
		const res = await get(`/log/${tilePath(tile)}`);
		assert.equal(res.headers["cache-control"], "public, max-age=31536000, immutable");
		tiles.set(tilePath(tile), new Uint8Array(res.rawPayload));
	}
	const read = tileNodeReader(size, (tile) => tiles.get(tilePath(tile))!, defaultHasher);
	return { opened, size, read, tiles, get };
}

for (const kind of DIALECTS) {
	describe(`transparency log [${kind}]`, () => {
		let t: TestApp;
		let cb: string;
		let as: { cookie: string; csrf: string };
		before(async () => {
			t = await testApp(kind);
			cb = await makeCb(t.db.db);
			await makeAccount(t, "log-cb", "cb_operator", cb);
			as = await t.signIn("log-cb");
		});
		after(() => t.close());

		it("answers a write with a receipt that an outsider can check against the tiles with only the URL and key", async () => {
			const c = cert(cb);
			const res = await t.request("POST", "/api/v1/certificates", { as, body: c });
			assert.equal(res.status, 201, res.raw);
			const index = Number(res.headers["opentic-log-index"]);
			const receiptSize = Number(res.headers["opentic-log-size"]);
			assert.ok(index >= 0 && receiptSize > index, JSON.stringify(res.headers));

			const { opened, size, read, tiles, get } = await outsider(t);
			assert.ok(size >= receiptSize);
			const root = rootHash(size, read, defaultHasher);
			assert.ok(equalBytes(root, opened.checkpoint.rootHash), "the tiles rebuild the signed root");
			if (size === receiptSize) assert.equal(toBase64(root), res.headers["opentic-log-root"]);

			// The entry: from its bundle, hashed as a leaf, proved into the signed root.
			const bundleTile = tilesForSize(size).find(
				(x) => x.level === 0 && x.index === Math.floor(index / 256),
			)!;
			const bundle = decodeEntryBundle(
				new Uint8Array((await get(`/log/${tilePath({ ...bundleTile, level: "entries" })}`)).rawPayload),
			);
			const entryBytes = bundle[index % 256]!;
			const entry = JSON.parse(new TextDecoder().decode(entryBytes));
			assert.equal(entry.subject.number, c.number);
			assert.equal(entry.type, "certificate.issued");
			const leaf = defaultHasher.leafHash(entryBytes);
			const level0 = decodeHashTile(tiles.get(tilePath(bundleTile))!);
			assert.ok(equalBytes(leaf, level0[index % 256]!), "the bundle's entry is the tile's leaf");

			const proof = (await t.get(`/api/v1/log/proof/inclusion?index=${index}&size=${size}`)).body;
			assert.equal(proof.leafHash, toBase64(leaf));
			assert.doesNotThrow(() =>
				verifyInclusion(
					index,
					size,
					leaf,
					proof.proof.map((p: string) => fromBase64(p)),
					root,
				),
			);
			assert.equal(proof.checkpoint.note, (await get("/log/checkpoint")).body);
			// A wrong index does not verify.
			assert.throws(() =>
				verifyInclusion(
					index === 0 ? 1 : index - 1,
					size,
					leaf,
					proof.proof.map((p: string) => fromBase64(p)),
					root,
				),
			);

			const one = (await t.get(`/api/v1/log/entries/${index}`)).body;
			assert.equal(one.entry, new TextDecoder().decode(entryBytes));
		});

		it("proves that the tree only grew between two visits", async () => {
			const first = await outsider(t);
			for (let i = 0; i < 3; i++)
				assert.equal((await t.request("POST", "/api/v1/certificates", { as, body: cert(cb) })).status, 201);
			const second = await outsider(t);
			assert.ok(second.size > first.size);
			const p = (await t.get(`/api/v1/log/proof/consistency?from=${first.size}&to=${second.size}`)).body;
			const hashes = p.proof.map((h: string) => fromBase64(h));
			assert.doesNotThrow(() =>
				verifyConsistency(
					first.size,
					second.size,
					hashes,
					first.opened.checkpoint.rootHash,
					second.opened.checkpoint.rootHash,
				),
			);
			// The outsider can compute the same proof from the tiles alone.
			const own = consistencyProof(first.size, second.size, second.read, defaultHasher);
			assert.deepEqual(own.map(toBase64), p.proof);
			assert.equal(p.fromCheckpoint.size, first.size);
		});

		it("answers bad proof and tile requests with a clear error", async () => {
			const { size } = await outsider(t);
			const past = await t.get(`/api/v1/log/proof/inclusion?index=${size}`);
			assert.equal(past.status, 400);
			assert.equal(past.body.error.field, "index");
			const zero = await t.get("/api/v1/log/proof/consistency?from=0");
			assert.equal(zero.status, 400);
			assert.equal(zero.body.error.field, "from");
			const beyond = await t.get(`/api/v1/log/proof/consistency?from=1&to=${size + 1}`);
			assert.equal(beyond.body.error.field, "to");
			for (const path of [
				"/log/tile/0/x000/001",
				"/log/tile/0/999",
				"/log/tile/entries/000.p/300",
				"/log/tile/a/000",
			]) {
				const res = await t.app.inject({ method: "GET", url: path });
				assert.equal(res.statusCode, 404, path);
			}
			assert.equal((await t.get(`/api/v1/log/entries/${size}`)).status, 404);
		});

		it("keeps one dense, unforked log when two servers write to the same database", async () => {
			const other = new TransparencyLog(t.db.db, t.app.tlog.identity, clock);
			const before = (await outsider(t)).size;
			const writes = Array.from({ length: 12 }, (_, i) =>
				i % 2 === 0
					? t.request("POST", "/api/v1/certificates", { as, body: cert(cb) }).then((r) => r.status)
					: other.signPending().then(() => 201),
			);
			assert.deepEqual(await Promise.all(writes), Array(12).fill(201));
			await other.signPending();
			const { size, opened, read } = await outsider(t);
			assert.ok(size >= before + 6, "six certificates, each with its entries");
			const sequenced = await t.db.db.selectFrom("log_state").select("size").executeTakeFirstOrThrow();
			assert.equal(size, Number(sequenced.size), "every entry is signed");
			const count = await t.db.db
				.selectFrom("log_entries")
				.select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("idx").as("max")])
				.executeTakeFirstOrThrow();
			assert.equal(Number(count.n), size);
			assert.equal(Number(count.max), size - 1);
			// Every checkpoint ever signed is consistent with the latest.
			const all = await t.db.db
				.selectFrom("log_checkpoints")
				.select(["size", "root_hash"])
				.orderBy("size")
				.execute();
			for (const cp of all) {
				const s = Number(cp.size);
				if (s === 0 || s === size) continue;
				assert.doesNotThrow(
					() =>
						verifyConsistency(
							s,
							size,
							consistencyProof(s, size, read),
							cp.root_hash,
							opened.checkpoint.rootHash,
						),
					`checkpoint ${s}`,
				);
			}
		});

		it("gives every certificate and report a proof file that checks offline with the log's key", async () => {
			const c = cert(cb);
			assert.equal((await t.request("POST", "/api/v1/certificates", { as, body: c })).status, 201);
			const suspended = await t.request("POST", `/api/v1/certificates/${c.number}/status`, {
				as,
				body: { issuer: cb, status: "suspended", reason: "监督审核不通过" },
			});
			assert.equal(suspended.status, 200, suspended.raw);
			const detail = (await t.get(`/api/v1/certificates/${c.number}`)).body;
			assert.equal(detail.logIndex, Number(suspended.headers["opentic-log-index"]));
			const vkey = (await t.app.inject({ method: "GET", url: "/log/key" })).body.trim();
			const verifier = parseVerifierKey(vkey);
			const policy = { origin: verifier.name, logKeys: [verifier] };

			const proof = (await t.get(`/api/v1/certificates/${c.number}/proof`)).body;
			assert.equal(proof.index, detail.logIndex);
			const entry = JSON.parse(proof.entry);
			assert.equal(entry.type, "certificate.status");
			assert.equal(entry.facts.status, "suspended");
			const file = await t.app.inject({
				method: "GET",
				url: `/api/v1/certificates/${c.number}/proof?format=tlog-proof`,
			});
			assert.match(String(file.headers["content-disposition"]), /attachment; filename="certificate-/);
			assert.equal(file.body, proof.tlogProof);
			const parsed = parseTlogProof(file.body);
			const verified = verifyTlogProof(parsed, { entry: parsed.extra! }, policy);
			assert.equal(verified.index, proof.index);
			assert.equal(new TextDecoder().decode(parsed.extra), proof.entry, "the file carries the entry");
			// A file whose entry was altered no longer verifies.
			const forged = formatTlogProof({ ...parsed, extra: utf8(proof.entry.replace("suspended", "valid")) });
			assert.throws(() => verifyTlogProof(forged, { entry: parseTlogProof(forged).extra! }, policy));

			const lab = await makeLab(t.db.db);
			await makeAccount(t, `log-lab-${lab.uscc}`, "lab_operator", lab.uscc);
			const asLab = await t.signIn(`log-lab-${lab.uscc}`);
			const r = report(lab.uscc);
			assert.equal((await t.request("POST", "/api/v1/reports", { as: asLab, body: r })).status, 201);
			const rp = (await t.get(`/api/v1/reports/${r.number}/proof`)).body;
			assert.equal(JSON.parse(rp.entry).type, "report.issued");
			assert.doesNotThrow(() => verifyTlogProof(rp.tlogProof, { entry: utf8(rp.entry) }, policy));
			assert.equal((await t.get("/api/v1/reports/NO-SUCH-REPORT/proof")).status, 404);
		});

		it("refuses to sign over a stored tree that no longer matches its last checkpoint", async () => {
			const { size, opened } = await outsider(t);
			// An edit behind the system's back, on the tree's right edge.
			await sql`update log_entries set entry = replace(entry, '"v":2', '"v":9') where idx = ${size - 1}`.execute(
				t.db.db,
			);
			const res = await t.request("POST", "/api/v1/certificates", { as, body: cert(cb) });
			assert.equal(res.status, 503);
			assert.equal(res.body.error.code, "TLOG_NOT_SIGNED");
			const cp = (await t.app.inject({ method: "GET", url: "/log/checkpoint" })).body;
			assert.ok(cp.startsWith(`${opened.checkpoint.origin}\n${size}\n`), "the last checkpoint still stands");
		});
	});
}

for (const kind of DIALECTS)
	describe(`transparency log over the demo register [${kind}]`, () => {
		let t: TestApp;
		before(async () => {
			t = await testApp(kind);
			await seed(t.db.db, "demo", "2026-06-01");
		});
		after(() => t.close());

		it("signs a backlog of thousands of entries, and its tiles of every level rebuild the root", async () => {
			const cp = await t.app.tlog.signPending();
			assert.ok(cp && cp.size > 256 * 20, `a demo register has thousands of entries (${cp?.size})`);
			const { size, opened, read, tiles } = await outsider(t);
			assert.equal(size, cp.size);
			assert.ok(
				[...tiles.keys()].some((p) => p.startsWith("tile/1/")),
				"level-1 tiles are served",
			);
			assert.ok(equalBytes(rootHash(size, read, defaultHasher), opened.checkpoint.rootHash));
			for (const index of [0, 255, 256, 4097, size - 1]) {
				const p = (await t.get(`/api/v1/log/proof/inclusion?index=${index}`)).body;
				assert.doesNotThrow(
					() =>
						verifyInclusion(
							index,
							size,
							fromBase64(p.leafHash),
							p.proof.map((h: string) => fromBase64(h)),
							opened.checkpoint.rootHash,
						),
					`entry ${index}`,
				);
			}
			// Signing again with nothing new changes nothing.
			assert.equal((await t.app.tlog.signPending())?.size, size);
		});

		it("stores each full leaf tile with its level-4 nodes, as migration 0008 derives them for older logs", async () => {
			const tiles = async () =>
				(await t.db.db.selectFrom("log_leaf_tiles").select(["idx", "hashes"]).orderBy("idx").execute()).map(
					(r) => `${r.idx}:${Buffer.from(r.hashes).toString("hex")}`,
				);
			const signed = await tiles();
			assert.ok(signed.length > 20);
			assert.ok(
				signed.every((r) => r.length === r.indexOf(":") + 1 + 272 * 64),
				"256 leaves and 16 nodes each",
			);
			await tileNodes.down(t.db.db);
			assert.ok(
				(await tiles()).every((r, i) => signed[i]!.startsWith(r)),
				"down keeps the leaves only",
			);
			await tileNodes.up(t.db.db);
			assert.deepEqual(await tiles(), signed);
		});
	});
