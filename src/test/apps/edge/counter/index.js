// Counts the requests it receives, so edge tests can assert that no hidden (smuggled) request got in.
let total = 0;
let hidden = 0;
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/count") return Response.json({ total, hidden });
    total++;
    if (url.pathname.startsWith("/hidden")) hidden++;
    switch (url.pathname) {
      case "/echo": {
        const body = await request.text();
        return new Response("echo:" + body);
      }
      case "/url":
        return new Response(request.url);
      case "/headers": {
        const names = [];
        request.headers.forEach((value, name) => names.push(name));
        return Response.json(names);
      }
      default:
        // does not read the body
        return new Response("ok:" + url.pathname);
    }
  },
};
