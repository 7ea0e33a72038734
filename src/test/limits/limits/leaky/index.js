// Test app reached only through RPC (from limits/calm), so its work may run on calm's thread
// (InlineRun): it allocates without bound there, and is cancelled while calm's thread runs it.
const kept = [];
export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/bomb") {
      while (true) kept.push(new Array(1 << 20).fill(1.5));
    }
    return new Response("ok " + kept.length);
  },
};
