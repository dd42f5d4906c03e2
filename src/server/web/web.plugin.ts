/**
 * Serves the built web front end: hashed assets under /static/ (immutable, with their precompressed
 * .br/.gz variants) and the consoles' single-page app under /console/. Nothing here reads the register;
 * the consoles speak to the JSON API like any other client.
 */
import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { WEB_DIST } from "./web-build.ts";

const CONSOLE_INDEX = path.join(WEB_DIST, "console/index.html");

export async function webRoutes(app: FastifyInstance): Promise<void> {
	fs.mkdirSync(WEB_DIST, { recursive: true });
	await app.register(fastifyStatic, {
		root: WEB_DIST,
		prefix: "/static/",
		preCompressed: true,
		// Only the hashed build output is public; the manifest and the build stamp are not.
		allowedPath: (pathName) => pathName.startsWith("/assets/"),
		cacheControl: false,
		setHeaders: (res) => res.header("cache-control", "public, max-age=31536000, immutable"),
	});

	const consolePage = async (_req: unknown, reply: FastifyReply) => {
		reply.header("cache-control", "no-cache");
		let page: string;
		try {
			page = await fs.promises.readFile(CONSOLE_INDEX, "utf8");
		} catch {
			return reply
				.status(503)
				.type("text/plain; charset=utf-8")
				.send(
					"控制台尚未构建：请用 npm start 启动（会自动构建）。\nThe console is not built yet: start OpenTIC with npm start, which builds it.\n",
				);
		}
		return reply.type("text/html; charset=utf-8").send(page);
	};
	app.get("/console", { schema: { hide: true } }, consolePage);
	app.get("/console/*", { schema: { hide: true } }, consolePage);
}
