// Test target: echoes what arrived (method, url, headers, body), or returns the raw body.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/raw") {
      const bytes = new Uint8Array(await request.arrayBuffer());
      return new Response(bytes, {
        headers: { "content-type": request.headers.get("content-type") ?? "application/octet-stream", "x-length": String(bytes.length) },
      });
    }
    if (url.pathname.startsWith("/status/")) {
      const status = Number(url.pathname.substring(8));
      return new Response("target says " + status, { status, statusText: "Custom Text", headers: { "x-target": "yes" } });
    }
    if (url.pathname === "/error") return Response.error();
    const headers = {};
    request.headers.forEach((value, name) => { headers[name] = value; });
    return Response.json({
      method: request.method,
      url: request.url,
      path: url.pathname + url.search,
      headers,
      body: await request.text(),
      me: env.W7S_REPOSITORY,
    });
  },
};
