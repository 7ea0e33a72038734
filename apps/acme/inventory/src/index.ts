// acme/inventory: a cross-owner RPC target. Its w7s.json allows every repo of the owner
// "guerrerocarlos" (an owner entry); acme's own repos may call it by default.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/stock") {
      return Response.json({
        sku: url.searchParams.get("sku") ?? "unknown",
        inStock: 7,
        calledBy: request.headers.get("x-w7s-rpc-caller-repository"),
      });
    }
    return new Response("Not found", { status: 404 });
  },
};
