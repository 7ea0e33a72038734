// A -> B -> A: ping calls pong, pong calls ping back (/leaf). /forever recurses until the
// platform cuts the chain with 508 loop_detected, which each level passes through.
const call = (env, target, path) => env.W7S_RPC.fetch(`https://w7s.internal/api/v1/rpc/alpha/${target}${path}`, {
  headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` },
});

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/leaf") return new Response("leaf");
    if (path === "/forever") return call(env, "pong", "/forever");
    const inner = await call(env, "pong", "/");
    return new Response("ping+" + (await inner.text()));
  },
};
