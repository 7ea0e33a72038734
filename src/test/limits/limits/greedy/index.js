// Test app that keeps more than its memory limit, then calls limits/victim, which burns CPU for a
// while — possibly on this app's thread (InlineRun) — while this app is cancelled for its memory.
const kept = [];
export default {
  async fetch(request, env) {
    for (let i = 0; i < 100; i++) kept.push(new Array(1 << 17).fill(1.5)); // ~100 MiB
    const r = await env.W7S_RPC.fetch("https://w7s.internal/api/v1/rpc/limits/victim/burn?ms=3000",
      { headers: { authorization: "Bearer " + env.W7S_RPC_TOKEN } });
    return new Response(await r.text());
  },
};
