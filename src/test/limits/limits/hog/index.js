// Test app that misbehaves on request: loops, never answers, makes too many calls, calls itself
// through a binding kept from an earlier request. Counts the aborts it sees.
const abortReasons = [];
const abortWaiters = [];
const tagged = new Map(); // tag -> abort reason, for /never?tag=
let kept = null;

function sawAbort(signal, tag) {
  abortReasons.push(signal.reason.name + ": " + signal.reason.message);
  if (tag) tagged.set(tag, signal.reason.name + ": " + signal.reason.message);
  for (const w of abortWaiters.splice(0)) w();
}

const self = (path) => "https://w7s.internal/api/v1/rpc/limits/hog" + path;
const auth = (env) => ({ headers: { authorization: "Bearer " + env.W7S_RPC_TOKEN } });

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/ok":
        return new Response("ok");
      case "/wait-forever":
        // Work after the response that never ends: a stopping host drains it for its whole grace period.
        ctx.waitUntil(new Promise(() => {}));
        console.log("waiting forever now");
        return new Response("waiting");
      case "/loop":
        console.log("looping now");
        while (true) {}
      case "/stream-loop": {
        // The head and a first chunk go out; the next pull never ends.
        let pulls = 0;
        return new Response(new ReadableStream({
          pull(controller) {
            if (pulls++ === 0) controller.enqueue(new TextEncoder().encode("first chunk\n"));
            else while (true) {}
          },
        }));
      }
      case "/loop-in-timer":
        // The loop runs in a timer the request set: it is still this request's work.
        return new Promise(() => setTimeout(() => { while (true) {} }, 0));
      case "/never":
        request.signal.addEventListener("abort", () => sawAbort(request.signal, url.searchParams.get("tag")));
        if (url.searchParams.get("tag")) console.log("never: waiting " + url.searchParams.get("tag"));
        return new Promise(() => {});
      case "/abort-of": {
        const tag = url.searchParams.get("tag");
        while (!tagged.has(tag)) await new Promise((resolve) => abortWaiters.push(resolve));
        return new Response(tagged.get(tag));
      }
      case "/aborts-wait": {
        const n = Number(url.searchParams.get("n"));
        while (abortReasons.length < n) await new Promise((resolve) => abortWaiters.push(resolve));
        return Response.json(abortReasons);
      }
      case "/calls": {
        const n = Number(url.searchParams.get("n"));
        let ok = 0;
        try {
          for (let i = 0; i < n; i++) {
            const r = await env.W7S_RPC.fetch(self("/ok"), auth(env));
            await r.text();
            ok++;
          }
          return Response.json({ ok });
        } catch (e) {
          return Response.json({ ok, error: String(e.message) });
        }
      }
      case "/call-never": {
        const r = await env.W7S_RPC.fetch(self("/never"), auth(env));
        return new Response(await r.text(), { status: r.status });
      }
      case "/keep":
        kept = env.W7S_RPC;
        return new Response("kept");
      case "/recurse": {
        const r = await kept.fetch(self("/recurse"), auth(env));
        return new Response(await r.text(), { status: r.status });
      }
      case "/deep":
        return new Response(String((function f(n) { return f(n + 1) + 1; })(0)));
      case "/deep-caught":
        try {
          (function f() { f(); })();
        } catch (e) {
          return new Response(e.constructor.name + ": " + e.message);
        }
    }
    return new Response("not found", { status: 404 });
  },
};
