// RPC latency benchmark: /direct answers at once, /rpc answers with what bench/rpc-target returns
// through env.W7S_RPC. The difference between the two is the cost of one in-process RPC call.
export default {
  async fetch(request, env) {
    if (request.url.endsWith("/rpc")) {
      return env.W7S_RPC.fetch("https://w7s.internal/api/v1/rpc/bench/rpc-target/", {
        headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` },
      });
    }
    if (request.url.endsWith("/req")) {
      const r = new Request("https://w7s.internal/api/v1/rpc/bench/rpc-target/", {
        headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` },
      });
      return new Response(r.url);
    }
    return new Response("ok");
  },
};
