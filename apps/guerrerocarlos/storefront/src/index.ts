// guerrerocarlos/storefront: calls two acme services. acme/inventory allows the owner
// "guerrerocarlos"; acme/billing allows only w7s-io/example-rpc-client, so that call gets 403.
type Env = { W7S_RPC: Fetcher; W7S_RPC_TOKEN: string };

async function call(env: Env, target: string, path: string) {
  const response = await env.W7S_RPC.fetch(`https://w7s.internal/api/v1/rpc/${target}${path}`, {
    headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    return Response.json({
      inventory: await call(env, "acme/inventory", "/stock?sku=tea"),
      billing: await call(env, "acme/billing", "/invoice"),
    });
  },
};
