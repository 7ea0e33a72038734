// Streamed bodies: server-sent events, request bodies piped into responses, and both through RPC.
// One isolate (w7s.json): /release and /ticks-cancelled act on module state set by other requests.
let release = null;
let released = new Promise((resolve) => { release = resolve; });
const encoder = new TextEncoder();
let ticksCancelled = 0;
// /ticks-cancelled?atLeast=N requests waiting for the count to reach N.
let cancelWatchers = [];

function rpcUrl(path) {
  return "https://w7s.internal/api/v1/rpc/test/streams" + path;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const auth = { authorization: `Bearer ${env.W7S_RPC_TOKEN}` };
    switch (url.pathname) {
      case "/sse": {
        // The first event goes out at once; the last only after /release: the client must see the
        // first while the handler is still waiting.
        const wait = released;
        const body = new ReadableStream({
          async start(controller) {
            controller.enqueue(encoder.encode("data: first\n\n"));
            await new Promise((resolve) => setTimeout(resolve, 1));
            controller.enqueue(encoder.encode("data: second\n\n"));
            await wait;
            controller.enqueue(encoder.encode("data: last\n\n"));
            controller.close();
          },
        });
        return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
      }
      case "/ticks": {
        // An endless event stream, pulled as the client reads; a client that leaves cancels it.
        let n = 0;
        const body = new ReadableStream({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 2));
            controller.enqueue(encoder.encode(`data: ${n++}\n\n`));
          },
          cancel() {
            ticksCancelled++;
            const watchers = cancelWatchers;
            cancelWatchers = [];
            watchers.forEach((w) => w());
          },
        });
        return new Response(body, { headers: { "content-type": "text/event-stream" } });
      }
      case "/rpc-ticks":
        return env.W7S_RPC.fetch(rpcUrl("/ticks"), { headers: auth });
      case "/broken": {
        // Fails after the first chunk: the client must not mistake the truncated body for a whole one.
        // Pulled on demand (high-water mark 0): the error comes only when the host asks for more
        // than the first chunk, so it cannot overtake the first chunk however fast timers run.
        let pulls = 0;
        const body = new ReadableStream({
          pull(controller) {
            if (pulls++ === 0) controller.enqueue(encoder.encode("partial"));
            else controller.error(new Error("broken on purpose"));
          },
        }, { highWaterMark: 0 });
        return new Response(body);
      }
      case "/ticks-cancelled": {
        // With ?atLeast=N, answers once N streams have been cancelled (an event, not a poll).
        const atLeast = Number(url.searchParams.get("atLeast") ?? 0);
        while (ticksCancelled < atLeast) await new Promise((resolve) => cancelWatchers.push(resolve));
        return new Response(String(ticksCancelled));
      }
      case "/release":
        release();
        released = new Promise((resolve) => { release = resolve; });
        return new Response("released");
      case "/pipe":
        // The request body, as it arrives, is the response body.
        return new Response(request.body, { headers: { "content-type": "application/octet-stream" } });
      case "/count": {
        let bytes = 0, chunks = 0;
        const reader = request.body.getReader();
        for (let c = await reader.read(); !c.done; c = await reader.read()) {
          bytes += c.value.byteLength;
          chunks++;
        }
        return Response.json({ bytes, chunks });
      }
      case "/text": {
        const text = await request.text();
        return Response.json({ length: text.length, streamed: true });
      }
      case "/rpc-pipe": {
        const r = await env.W7S_RPC.fetch(rpcUrl("/pipe"), { method: "POST", body: request.body, duplex: "half", headers: auth });
        return new Response(r.body, { status: r.status, headers: r.headers });
      }
      case "/rpc-count": {
        const r = await env.W7S_RPC.fetch(rpcUrl("/count"), { method: "POST", body: request.body, duplex: "half", headers: auth });
        return r;
      }
      case "/rpc-sse":
        return env.W7S_RPC.fetch(rpcUrl("/sse"), { headers: auth });
      case "/rpc-text": {
        // A streamed RPC response read whole by the caller.
        const r = await env.W7S_RPC.fetch(rpcUrl("/pipe"), { method: "POST", body: request.body, duplex: "half", headers: auth });
        return Response.json({ length: (await r.arrayBuffer()).byteLength });
      }
      default:
        return new Response("Not found", { status: 404 });
    }
  },
};
