export default {
  async fetch(request: Request) {
    const url = new URL(request.url);
    if (url.pathname === "/session") {
      return Response.json({
        ok: true,
        user: {
          id: "user_123",
          email: "hello@example.com"
        },
        calledBy: request.headers.get("x-w7s-rpc-caller-repository")
      });
    }
    return new Response("Not found", { status: 404 });
  }
};
