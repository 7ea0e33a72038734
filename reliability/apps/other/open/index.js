// Reliability suite: RPC and public target that echoes what arrived (path, headers, body length)
// and who it is, so the bad-input table can check identity headers and environments. Requests to
// /hidden* are counted (GET /hidden-count): a smuggled request hidden in a body must never arrive.
let hidden = 0;
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/hidden-count") return new Response(String(hidden));
    if (url.pathname.startsWith("/hidden")) hidden++;
    const headers = {};
    request.headers.forEach((value, name) => { headers[name] = value; });
    const body = await request.text();
    return Response.json({ me: env.W7S_REPOSITORY, environment: env.W7S_ENVIRONMENT, path: url.pathname + url.search,
      headers, bodyLength: body.length });
  },
};
