const call = (env, target, path) => env.W7S_RPC.fetch(`https://w7s.internal/api/v1/rpc/alpha/${target}${path}`, {
  headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` },
});

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/forever") return call(env, "ping", "/forever");
    const inner = await call(env, "ping", "/leaf");
    return new Response("pong+" + (await inner.text()));
  },
};
