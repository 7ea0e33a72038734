// Test app reached only through RPC (from limits/greedy), so its work may run on greedy's thread
// (InlineRun): greedy is cancelled for its memory meanwhile, and this app must not notice.
export default {
  fetch(request) {
    const url = new URL(request.url);
    const until = Date.now() + Number(url.searchParams.get("ms") ?? 0);
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    return new Response("burned");
  },
};
