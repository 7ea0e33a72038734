// Reliability suite: the head of the RPC chain (public) -> rel/back (RPC). Also relays fault
// requests to rel/faulty so the suite can see what an RPC caller gets when its target misbehaves.
const rpc = (env, target, path, init = {}) => env.W7S_RPC.fetch(
  "https://w7s.internal/api/v1/rpc/" + target + path,
  { ...init, headers: { ...(init.headers ?? {}), authorization: "Bearer " + env.W7S_RPC_TOKEN } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/") {
      // One RPC per request: fetch the data from rel/back, wrap it.
      const r = await rpc(env, "rel/back", "/data?n=" + (url.searchParams.get("n") ?? "1"));
      if (!r.ok) return new Response("back failed: " + r.status, { status: 502 });
      return Response.json({ front: true, back: await r.json() });
    }
    if (url.pathname === "/call") {
      // /call?target=rel/faulty&path=/loop: the target's status reaches the suite unchanged, and the
      // platform's error code (x-w7s-rpc-error) comes back as x-rpc-error.
      const r = await rpc(env, url.searchParams.get("target") ?? "rel/faulty", url.searchParams.get("path") ?? "/");
      return new Response(await r.text(), { status: r.status, headers: { "x-rpc-error": r.headers.get("x-w7s-rpc-error") ?? "" } });
    }
    return new Response("not found", { status: 404 });
  },
};
