import { Hono } from "hono";
import { cors } from "hono/cors";

type Env = { Variables: { started: number } };

const app = new Hono<Env>();

app.use("*", cors({ origin: "https://example.com" }));
app.use("*", async (c, next) => {
  await next();
  c.header("X-Powered-By", "hono-on-w7s");
});

app.get("/", (c) => c.text("home"));
app.get("/users/:id", (c) => c.json({ id: c.req.param("id"), q: c.req.query("q") ?? null }));
app.post("/echo", async (c) => c.json(await c.req.json()));
app.notFound((c) => c.text("no route for " + new URL(c.req.url).pathname, 404));

export default app;
