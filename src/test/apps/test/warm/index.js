// Records every request it serves (user-agent and path): the warm-up requests of w7s.json come
// before the first public one. /missing answers 404: a failing warm-up path is logged, not fatal.
const seen = [];

export default {
  fetch(request) {
    const url = new URL(request.url);
    seen.push(`${request.headers.get("user-agent")} ${url.pathname}${url.search}`);
    if (url.pathname === "/missing") return new Response("no", { status: 404 });
    return Response.json(seen);
  },
};
