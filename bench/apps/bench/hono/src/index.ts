// A small Hono app for bench/compare.sh: JSON, path parameters, a query, a middleware that sets a
// header on every response, and a 404. The same source runs on the W7S host and on workerd.
import { Hono } from "hono";

const app = new Hono();

app.use("*", async (c, next) => {
  await next();
  c.header("x-bench", "hono");
});

app.get("/", (c) => c.text("Hello Hono"));
app.get("/json", (c) => c.json({ ok: true, framework: "hono", items: [1, 2, 3] }));
app.get("/users/:id", (c) => c.json({ id: c.req.param("id"), name: `user ${c.req.param("id")}` }));
app.get("/posts/:post/comments/:comment", (c) =>
  c.json({ post: c.req.param("post"), comment: c.req.param("comment"), sort: c.req.query("sort") ?? "new" }));
app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));

export default app;
