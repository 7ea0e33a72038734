// acme/billing: a cross-owner RPC target that allows exactly one foreign repository
// (an owner/repo entry in w7s.json). guerrerocarlos/storefront is not on the list.
export default {
  async fetch(request: Request): Promise<Response> {
    return Response.json({
      invoice: "inv_001",
      calledBy: request.headers.get("x-w7s-rpc-caller-repository"),
    });
  },
};
