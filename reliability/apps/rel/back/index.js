// Reliability suite: RPC target of rel/front, also loaded directly. Does a little work per request
// (a small JSON document) so the chain is not only the platform's overhead.
let served = 0;
export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/data") {
      served++;
      const n = Math.min(Number(url.searchParams.get("n") ?? "1") || 1, 100);
      const items = Array.from({ length: n }, (_, i) => ({ id: i, name: "item-" + i }));
      return Response.json({ served, items, caller: request.headers.get("x-w7s-rpc-caller-repository") });
    }
    return new Response("not found", { status: 404 });
  },
};
