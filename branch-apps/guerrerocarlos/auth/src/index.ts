// The feature-x branch of guerrerocarlos/auth: the session now says which branch served it.
// Run with: ./w7s serve apps --env feature-x branch-apps
export default {
  async fetch(request: Request, env: { W7S_ENVIRONMENT: string }) {
    const url = new URL(request.url);
    if (url.pathname === "/session") {
      return Response.json({
        ok: true,
        user: { id: "user_123", email: "hello@example.com" },
        calledBy: request.headers.get("x-w7s-rpc-caller-repository"),
        servedFrom: env.W7S_ENVIRONMENT,
      });
    }
    return new Response("Not found", { status: 404 });
  },
};
