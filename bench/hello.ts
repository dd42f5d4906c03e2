/**
 * The baseline server for the lookup and portal benchmarks: bare Fastify, same version as OpenTIC, with
 * one JSON route and one minimal HTML page.
 */
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/hello", async () => ({ hello: "world" }));
app.get("/healthz", async () => ({ status: "ok" }));
app.get("/page", async (_req, reply) =>
	reply
		.type("text/html; charset=utf-8")
		.send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>hello</title><h1>你好</h1></html>'),
);
await app.listen({ port: Number(process.env.PORT ?? 18081), host: "127.0.0.1" });
