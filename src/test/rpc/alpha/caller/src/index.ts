// Test caller: performs the RPC call described by the JSON body of POST /call and reports what
// came back, so tests can drive every rule of the contract from the public side.
import { pattern } from "./bytes";

type Env = { W7S_RPC: Fetcher; W7S_RPC_TOKEN: string };

type CallSpec = {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | null;
  auth?: "own" | "none" | string; // "raw:<authorization value>"
  input?: "string" | "url" | "request";
};

async function report(response: Response): Promise<Response> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  return Response.json({ status: response.status, headers, body: await response.text() });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/token") return new Response(env.W7S_RPC_TOKEN);
    if (url.pathname === "/call") {
      const spec = (await request.json()) as CallSpec;
      const headers = new Headers(spec.headers ?? {});
      const auth = spec.auth ?? "own";
      if (auth === "own") headers.set("authorization", `Bearer ${env.W7S_RPC_TOKEN}`);
      else if (auth.startsWith("raw:")) headers.set("authorization", auth.substring(4));
      const init: RequestInit = { method: spec.method ?? "GET", headers, body: spec.body ?? null };
      let response: Response;
      if (spec.input === "request") response = await env.W7S_RPC.fetch(new Request(spec.url, init));
      else if (spec.input === "url") response = await env.W7S_RPC.fetch(new URL(spec.url), init);
      else response = await env.W7S_RPC.fetch(spec.url, init);
      return report(response);
    }
    if (url.pathname === "/big") {
      // Large binary bodies in both directions: sent to alpha/echo, which returns them; the
      // test compares what comes back with the pattern.
      const sent = pattern(Number(url.searchParams.get("bytes")));
      const response = await env.W7S_RPC.fetch("https://w7s.internal/api/v1/rpc/alpha/echo/raw", {
        method: "POST",
        headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}`, "content-type": "application/octet-stream" },
        body: sent,
      });
      return new Response(await response.arrayBuffer(), {
        status: response.status,
        headers: { "x-target-received": response.headers.get("x-length") ?? "" },
      });
    }
    if (url.pathname === "/fan-out") {
      const n = Number(url.searchParams.get("n") ?? "20");
      const bodies = await Promise.all(Array.from({ length: n }, (_, i) =>
        env.W7S_RPC.fetch(`https://w7s.internal/api/v1/rpc/alpha/echo/item/${i}`, {
          headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` },
        }).then((r) => r.json() as Promise<{ path: string }>)));
      return Response.json(bodies.map((b) => b.path));
    }
    return new Response("Not found", { status: 404 });
  },
};
