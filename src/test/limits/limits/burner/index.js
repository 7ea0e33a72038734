// Test app reached only through RPC (from limits/calm), so its work may run on calm's thread
// (InlineRun): the CPU it burns must be charged to it, not to calm.
export default {
  fetch(request) {
    const url = new URL(request.url);
    const until = Date.now() + Number(url.searchParams.get("ms") ?? 0);
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    return new Response("burned");
  },
};
