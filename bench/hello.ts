/** The baseline server for the lookup benchmark: bare Fastify, one JSON route, same version as OpenTIC. */
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/hello", async () => ({ hello: "world" }));
app.get("/healthz", async () => ({ status: "ok" }));
await app.listen({ port: Number(process.env.PORT ?? 18081), host: "127.0.0.1" });
