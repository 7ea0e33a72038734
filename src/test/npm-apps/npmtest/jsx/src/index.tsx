import { Hono } from "hono";
import type { FC } from "hono/jsx";
import { Layout } from "./Layout";

const app = new Hono();

const Items: FC<{ items: string[] }> = ({ items }) => (
  <ul>{items.map((item) => <li>{item}</li>)}</ul>
);

app.get("/", (c) =>
  c.html(
    <Layout title="W7S">
      <h1>Hello {c.req.query("name") ?? "world"}</h1>
      <Items items={["a<b", "c"]} />
      <>fragment</>
    </Layout>,
  ),
);

app.get("/self", (c) => c.json({ selfIsGlobalThis: self === globalThis }));

// Deploys: a Node.js built-in imported only by import() fails when that import() runs.
app.get("/node-fs", async (c) => {
  const outcome = await import("node:fs").then(() => "loaded", (e: Error) => e.message);
  return c.text(outcome, 501);
});

export default app;
