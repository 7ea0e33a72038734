// Test app that behaves: answers at once, or calls limits/hog (or ?app=NAME) and returns what it got.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/call") {
      const r = await env.W7S_RPC.fetch("https://w7s.internal/api/v1/rpc/limits/" + (url.searchParams.get("app") ?? "hog") + url.searchParams.get("path"),
        { headers: { authorization: "Bearer " + env.W7S_RPC_TOKEN } });
      return new Response(await r.text(), { status: r.status, headers: { "x-error": r.headers.get("x-w7s-rpc-error") ?? "" } });
    }
    return new Response("calm");
  },
};
