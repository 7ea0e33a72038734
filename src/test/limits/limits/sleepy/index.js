// Test app with a 1 s wall-time limit: /never never answers (and records why its signal aborted),
// /loop never ends, /aborts-wait?n=N answers with the abort reasons once there are N.
const reasons = [];
const waiters = [];

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/never") {
      request.signal.addEventListener("abort", () => {
        reasons.push(request.signal.reason.name + ": " + request.signal.reason.message);
        for (const w of waiters.splice(0)) w();
      });
      return new Promise(() => {});
    }
    if (url.pathname === "/loop") {
      console.log("looping now");
      while (true) {}
    }
    if (url.pathname === "/aborts-wait") {
      while (reasons.length < Number(url.searchParams.get("n"))) await new Promise((resolve) => waiters.push(resolve));
      return Response.json(reasons);
    }
    return new Response("not found", { status: 404 });
  },
};
