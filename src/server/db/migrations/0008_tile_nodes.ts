/**
 * Each stored level-0 tile also carries its sixteen level-4 nodes (the roots of its runs of 16 leaves):
 * 256 leaf hashes then 16 node hashes, 8,704 bytes. An inclusion proof then hashes about 20 nodes inside
 * the tile instead of about 250; the tile served at /log/tile/0/… is still the first 8,192 bytes. Frozen
 * in time.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed loosely on purpose (frozen in time)
type AnyDb = Kysely<any>;

const WIDTH = 256;

function node(l: Buffer, r: Buffer): Buffer {
	return createHash("sha256").update(Buffer.of(1)).update(l).update(r).digest();
}

/** The sixteen level-4 nodes of a full tile of leaf hashes. */
function level4(leaves: Buffer): Buffer {
	const out: Buffer[] = [];
	for (let g = 0; g < 16; g++) {
		let row = Array.from({ length: 16 }, (_, i) => leaves.subarray((g * 16 + i) * 32, (g * 16 + i + 1) * 32));
		while (row.length > 1)
			row = Array.from({ length: row.length / 2 }, (_, i) => node(row[2 * i]!, row[2 * i + 1]!));
		out.push(row[0]!);
	}
	return Buffer.concat(out);
}

async function rewrite(db: AnyDb, change: (hashes: Buffer) => Buffer): Promise<void> {
	for (let after = -1; ; ) {
		const rows: { idx: number | string; hashes: Buffer }[] = await db
			.selectFrom("log_leaf_tiles")
			.select(["idx", "hashes"])
			.where("idx", ">", after)
			.orderBy("idx")
			.limit(256)
			.execute();
		if (rows.length === 0) break;
		for (const r of rows)
			await db
				.updateTable("log_leaf_tiles")
				.set({ hashes: change(Buffer.from(r.hashes)) })
				.where("idx", "=", r.idx)
				.execute();
		after = Number(rows.at(-1)!.idx);
	}
}

export async function up(db: AnyDb): Promise<void> {
	await rewrite(db, (h) => (h.length === WIDTH * 32 ? Buffer.concat([h, level4(h)]) : h));
}

export async function down(db: AnyDb): Promise<void> {
	await rewrite(db, (h) => h.subarray(0, WIDTH * 32));
}
