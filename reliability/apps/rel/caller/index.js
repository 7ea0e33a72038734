// Reliability suite: makes the RPC call the suite describes, so every rule of the RPC contract can
// be driven from outside. POST /call with JSON {url, auth?, method?, headers?, body?}:
//   auth: "own" (default, this deployment's token), "none" (no authorization header) or
//         "raw:<authorization value>".
// The answer mirrors the target's status and body; the platform's error code comes back as x-rpc-error.
// GET /token gives this deployment's token (test-only app: the suite needs it to forge bad ones).
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/token") return new Response(env.W7S_RPC_TOKEN);
    if (url.pathname === "/loop") {
      // Calls itself through RPC without end: the platform must stop it at the depth limit.
      const r = await env.W7S_RPC.fetch("https://w7s.internal/api/v1/rpc/rel/caller/loop",
        { headers: { authorization: "Bearer " + env.W7S_RPC_TOKEN } });
      return new Response(await r.text(), { status: r.status, headers: { "x-rpc-error": r.headers.get("x-w7s-rpc-error") ?? "" } });
    }
    if (url.pathname === "/call") {
      const spec = await request.json();
      const headers = new Headers(spec.headers ?? {});
      const auth = spec.auth ?? "own";
      if (auth === "own") headers.set("authorization", "Bearer " + env.W7S_RPC_TOKEN);
      else if (auth.startsWith("raw:")) headers.set("authorization", auth.substring(4));
      const r = await env.W7S_RPC.fetch(spec.url, { method: spec.method ?? "GET", headers, body: spec.body ?? null });
      return new Response(await r.text(), { status: r.status, headers: { "x-rpc-error": r.headers.get("x-w7s-rpc-error") ?? "" } });
    }
    return new Response("not found", { status: 404 });
  },
};
