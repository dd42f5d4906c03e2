/**
 * Public pages and files outside the API: `/statistics` (headline figures and charts, server-rendered),
 * `/open-data/` (the catalogue), `/open-data/schema.json`, the daily files (`/open-data/<dataset>.<csv|jsonl>.gz`)
 * and the feed by log index (`/open-data/feed?after=N&limit=M`).
 */
import compress from "@fastify/compress";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { chinaDate } from "../../core/dates.ts";
import type { Deps } from "../deps.ts";
import { InputError } from "../errors.ts";
import type { Html } from "../portal/html.ts";
import { type Lang, parseLang } from "../portal/i18n/index.ts";
import { pageContext } from "../portal/layout.ts";
import { openDataPage, statisticsPage } from "../portal/views/statistics.ts";
import { breakdown, summary, validCertificatesBy } from "../stats/stats.service.ts";
import { catalogue, DATASETS, FEED_MAX, feed, openDataFile } from "./opendata.service.ts";

function lang(req: FastifyRequest): Lang {
	const q = (req.query ?? {}) as Record<string, unknown>;
	return parseLang(q.lang) ?? parseLang(req.cookies?.lang) ?? "zh-CN";
}

function send(reply: FastifyReply, body: Html) {
	return reply
		.header("cache-control", "no-cache")
		.header("vary", "Cookie")
		.type("text/html; charset=utf-8")
		.send(body.value);
}

/** The last twelve months up to `today`'s, oldest first. */
function lastMonths(today: string): string[] {
	let y = Number(today.slice(0, 4));
	let m = Number(today.slice(5, 7));
	const out: string[] = [];
	for (let i = 0; i < 12; i++) {
		out.unshift(`${y}-${String(m).padStart(2, "0")}`);
		if (--m === 0) {
			m = 12;
			y--;
		}
	}
	return out;
}

export function openDataRoutes(deps: Deps) {
	return async (app: FastifyInstance) => {
		await app.register(compress, { global: true, globalDecompression: false, threshold: 1024 });

		app.get("/statistics", { schema: { hide: true } }, async (req, reply) => {
			const ctx = pageContext(lang(req), req.url);
			const months = lastMonths(chinaDate(deps.clock.now()));
			const range = { from: months[0], to: months[11] };
			const [s, certs, reports, valid] = await Promise.all([
				summary(deps.db, deps.clock),
				breakdown(deps.db, deps.clock, "certificates", range),
				breakdown(deps.db, deps.clock, "reports", range),
				validCertificatesBy(deps.db, deps.clock),
			]);
			const series = (b: typeof certs) =>
				months.map((m) => ({
					label: ctx.lang === "zh-CN" ? `${Number(m.slice(5))}月` : m.slice(2).replace("-", "/"),
					value: b.byMonth.find((x) => x.key === m)?.n ?? 0,
				}));
			return send(
				reply,
				statisticsPage(ctx, {
					summary: s,
					months: series(certs),
					reportMonths: series(reports),
					schemes: valid.schemes,
					districts: valid.districts,
				}),
			);
		});

		app.get("/open-data/", { schema: { hide: true } }, async (req, reply) =>
			send(reply, openDataPage(pageContext(lang(req), req.url), await catalogue(deps.db))),
		);
		app.get("/open-data", { schema: { hide: true } }, async (_req, reply) =>
			reply.redirect("/open-data/", 301),
		);

		app.get("/open-data/schema.json", { schema: { hide: true } }, async (_req, reply) =>
			reply.header("cache-control", "no-cache").send({
				datasets: (await catalogue(deps.db)).map((d) => ({
					name: d.name,
					title: { zh: d.titleZh, en: d.titleEn },
					description: d.descriptionZh,
					columns: d.columns.map((c) => ({ name: c.name, type: c.type, zh: c.zh, en: c.en })),
					files: d.files,
				})),
				formats: {
					csv: "UTF-8 with a byte-order mark, comma-separated, CRLF, a header row; gzip",
					jsonl: "one JSON object per line, members named as the columns; gzip",
				},
				feed: `/open-data/feed?after=<log index, -1 from the start>&limit=<1–${FEED_MAX}>`,
			}),
		);

		app.get("/open-data/feed", { schema: { hide: true } }, async (req, reply) => {
			const q = req.query as Record<string, string | undefined>;
			const int = (name: string, v: string | undefined, dflt: number) => {
				if (v === undefined || v === "") return dflt;
				if (!/^-?\d{1,15}$/.test(v))
					throw new InputError(
						"FEED_PARAM_INVALID",
						`${name}: a whole number`,
						`${name}：应为整数`,
						name,
						"INTEGER",
					);
				return Number(v);
			};
			return reply
				.header("cache-control", "no-cache")
				.send(await feed(deps.db, int("after", q.after, -1), int("limit", q.limit, 100)));
		});

		app.get("/open-data/:file", { schema: { hide: true } }, async (req, reply) => {
			const name = (req.params as { file: string }).file;
			const known = DATASETS.some((d) => name === `${d.name}.csv.gz` || name === `${d.name}.jsonl.gz`);
			if (!known)
				throw new InputError(
					"OPEN_DATA_UNKNOWN",
					`file: no dataset file is called ${name}`,
					`file：没有名为 ${name} 的数据文件`,
					"file",
					"UNKNOWN",
				);
			const f = await openDataFile(deps.db, name);
			return reply
				.header("content-type", "application/gzip")
				.header("content-disposition", `attachment; filename="${name}"`)
				.header("etag", `"${f.sha256}"`)
				.header("cache-control", "public, max-age=3600")
				.send(f.data);
		});
	};
}
