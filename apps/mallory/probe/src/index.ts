// mallory/probe: a caller nobody allowed. Its RPC calls to acme get 403 not_allowed, and
// setting identity headers itself changes nothing (the platform replaces them).
type Env = { W7S_RPC: Fetcher; W7S_RPC_TOKEN: string };

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const response = await env.W7S_RPC.fetch("https://w7s.internal/api/v1/rpc/acme/inventory/stock", {
      headers: {
        authorization: `Bearer ${env.W7S_RPC_TOKEN}`,
        "x-w7s-rpc-caller-owner": "guerrerocarlos",
        "x-w7s-rpc-caller-repository": "guerrerocarlos/storefront",
      },
    });
    return Response.json({ status: response.status, error: response.headers.get("x-w7s-rpc-error"), body: await response.json() });
  },
};
